"""The command line across meetings: ``check`` (batch), ``stats`` and ``report``.

``register(subparsers, lang)`` adds the three subcommands to the ``meetingflow`` parser; each
sets ``run(args, out) -> int``. ``main`` runs them on their own (tests, ``python -m
meetingflow.portfolio.cli``). Exit codes: 0 clean, 1 findings, 2 bad input — an unreadable
or invalid record is reported on standard error with its position and paths, and the run
goes on. An edge of the library: it reads files, standard input, the terminal and (only
when ``--at`` is not given) the clock.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any, TextIO

from meetingflow.errors import InvalidArgument, MeetingflowError
from meetingflow.i18n import Text, language
from meetingflow.portfolio.clitexts import C
from meetingflow.report import Severity

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.portfolio.audit import AuditResult
    from meetingflow.portfolio.records import Portfolio

__all__ = ["main", "parser", "register"]


def _h(lang: str) -> Callable[[Text], str]:
    return lambda t: t.in_(lang)


def register(
    subparsers: Any, lang: str = "zh", *, commands: Sequence[str] = ("check", "stats", "report")
) -> None:
    """Add ``check``, ``stats`` and ``report`` (or those of ``commands``) to argparse subparsers.

    The batch ``check`` accepts everything the single-file ``check`` did (files, ``--at``,
    ``--trigger``, ``--format text|markdown|json``, ``--flow``, ``--appraisal``), so it can
    replace it; argparse refuses two subcommands of one name.
    """
    h = _h(language(lang))

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--lang", default=argparse.SUPPRESS, help=h(C.lang))
        sp.add_argument("--at", default=None, help=h(C.at))

    if "check" in commands:
        _check_parser(subparsers, h, common)
    for name, help_, run, formats in (
        ("stats", C.stats, run_stats, ("text", "markdown", "json")),
        ("report", C.report, run_report, ("md", "html")),
    ):
        if name not in commands:
            continue
        sp = subparsers.add_parser(name, help=h(help_), description=h(help_))
        sp.add_argument("paths", nargs="*", metavar="PATH", help=h(C.portfolio_paths))
        common(sp)
        sp.add_argument("--example", action="store_true", help=h(C.example))
        sp.add_argument("--campaign", default=None, metavar="ID", help=h(C.campaign))
        sp.add_argument("--format", choices=formats, default=formats[0], help=h(C.fmt))
        sp.add_argument("--appraisal", action="store_true", help=h(C.appraisal))
        sp.add_argument("--output", "-o", default=None, metavar="FILE", help=h(C.output))
        if name == "stats":
            sp.add_argument("--own", action="store_true", help=h(C.own))
            sp.add_argument("--xlsx", default=None, metavar="FILE", help=h(C.xlsx))
        sp.set_defaults(run=run)


def _check_parser(
    subparsers: Any, h: Callable[[Text], str], common: Callable[[argparse.ArgumentParser], None]
) -> None:
    c = subparsers.add_parser("check", help=h(C.check), description=h(C.check_long))
    c.add_argument("paths", nargs="+", metavar="PATH", help=h(C.paths))
    common(c)
    c.add_argument(
        "--format", choices=("text", "json", "jsonl", "markdown"), default="text", help=h(C.fmt)
    )
    c.add_argument("--jobs", type=int, default=1, metavar="N", help=h(C.jobs))
    c.add_argument("--chunk-size", type=int, default=None, metavar="N", help=h(C.chunk))
    c.add_argument("--trigger", default=None, help=h(C.trigger))
    c.add_argument("--fail-on", choices=("error", "warning"), default="error", help=h(C.fail_on))
    c.add_argument("--appraisal", action="store_true", help=h(C.appraisal))
    c.add_argument("--flow", metavar="FILE", help=h(C.flow_file))
    c.add_argument(
        "--progress", choices=("auto", "always", "never"), default="auto", help=h(C.progress)
    )
    c.set_defaults(run=run_check)


# --- helpers at the edge ---------------------------------------------------------------------------


def _at(value: str | None, default: datetime | None = None) -> datetime:
    from meetingflow.flow.arguments import aware  # noqa: PLC0415

    if value is None:
        return default if default is not None else datetime.now().astimezone()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidArgument(C.bad_time.format(value=repr(value)[:60])) from None
    return aware(parsed, "--at")


def _flow(args: argparse.Namespace) -> Flow:
    from meetingflow.flow import default_flow  # noqa: PLC0415

    if getattr(args, "flow", None):
        from meetingflow.spec import load_flow  # noqa: PLC0415

        return load_flow(args.flow)
    if getattr(args, "appraisal", False):
        from meetingflow.extensions import appraisal  # noqa: PLC0415

        return default_flow(extensions=[appraisal.TRACK])
    return default_flow()


def _problem(where: str, detail: Text, paths: Sequence[str], lang: str) -> str:
    line = f"meetingflow: {where}: {detail.in_(lang).splitlines()[0]}"
    return line + (f" [{', '.join(paths[:10])}]" if paths else "")


def _bar(
    args: argparse.Namespace, err: TextIO
) -> AbstractContextManager[Callable[[int, int | None], None] | None]:
    """A progress bar on a terminal (rich, else tqdm), or nothing."""
    wanted = args.progress == "always" or (args.progress == "auto" and err.isatty())
    if not wanted:
        return nullcontext(None)
    try:
        from meetingflow.portfolio._progress import bar  # noqa: PLC0415

        return bar(err, C.progress_label.in_(args.lang))
    except ImportError:
        return nullcontext(None)


# --- check -------------------------------------------------------------------------------------------


def run_check(
    args: argparse.Namespace,
    out: TextIO,
    *,
    stdin: IO[bytes] | None = None,
    err: TextIO | None = None,
) -> int:
    """``meetingflow check PATH... | -``: the batch audit."""
    from meetingflow.portfolio.audit import AuditSummary, audit  # noqa: PLC0415
    from meetingflow.portfolio.sources import read_paths  # noqa: PLC0415

    err = err or sys.stderr
    lang, fmt = args.lang, args.format
    at = _at(args.at)
    flow = _flow(args)
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    if args.chunk_size is not None and args.chunk_size < 1:
        raise InvalidArgument(C.positive.format(name="--chunk-size"))
    fail_on = Severity(args.fail_on)
    summary = AuditSummary()
    results = audit(
        read_paths(args.paths, stdin=stdin),
        at=at,
        flow=flow,
        trigger=args.trigger,
        jobs=jobs,
        chunk_size=args.chunk_size,
    )
    with _bar(args, err) as progress:
        first = True
        if fmt == "json":
            out.write('{"results": [')
        for r in _counted(results, summary, progress):
            if r.error is not None:
                print(_problem(r.where, r.error.detail, r.error.paths, lang), file=err)
            if fmt == "jsonl":
                out.write(r.to_json(lang) + "\n")
            elif fmt == "json":
                out.write(("\n  " if first else ",\n  ") + r.to_json(lang))
            else:
                out.write(_render(r, lang, fmt) + "\n")
            first = False
    tally = summary.to_dict()
    if fmt == "json":
        out.write('\n], "summary": ' + json.dumps(tally, ensure_ascii=False) + "}\n")
    elif fmt == "jsonl":
        out.write(json.dumps({"summary": tally}, ensure_ascii=False) + "\n")
    else:
        out.write(
            ("## " if fmt == "markdown" else "")
            + C.summary.render(lang, **{k: v for k, v in tally.items() if k != "findings"})
            + "\n"
        )
    return summary.exit_code(fail_on)


def _counted(
    results: Iterator[AuditResult], summary: Any, progress: Callable[[int, int | None], None] | None
) -> Iterator[AuditResult]:
    for n, r in enumerate(results, 1):
        summary.add(r)
        if progress is not None and n % 8 == 0:
            progress(n, None)
        yield r


def _render(r: AuditResult, lang: str, fmt: str) -> str:
    head = C.record_head.render(lang, where=r.where, meeting=r.meeting_id or "—")
    if r.report is None:
        assert r.error is not None
        lines = [C.invalid.render(lang, detail=r.error.detail.in_(lang).splitlines()[0])]
        lines += [f"  - {e.path or '<root>'}: {e.message.in_(lang)}" for e in r.error.entries]
        body = "\n".join(lines)
    else:
        body = r.report.render(lang, "markdown" if fmt == "markdown" else "text")
    return (
        ("### " if fmt == "markdown" else "== ")
        + head
        + ("" if fmt == "markdown" else " ==")
        + "\n"
        + body
    )


# --- stats and report ------------------------------------------------------------------------------------


def load_portfolio(
    args: argparse.Namespace, *, stdin: IO[bytes] | None = None, err: TextIO | None = None
) -> tuple[Portfolio, datetime, bool]:
    """The portfolio the arguments name: the example, or a portfolio file plus meeting files.

    Returns the portfolio, the check time and whether any input was bad (reported on ``err``).
    """
    from meetingflow.portfolio.example import EXAMPLE_AT, example_portfolio  # noqa: PLC0415
    from meetingflow.portfolio.gather import gather  # noqa: PLC0415
    from meetingflow.portfolio.sources import read_paths  # noqa: PLC0415

    err = err or sys.stderr
    if args.example:
        if args.paths:
            raise InvalidArgument(C.example_or_paths)
        return example_portfolio(), _at(args.at, EXAMPLE_AT), False
    if not args.paths:
        raise InvalidArgument(C.no_paths)
    portfolio, problems = gather(read_paths(args.paths, stdin=stdin), _flow(args))
    for where, detail, paths in problems:
        print(_problem(where, detail, paths, args.lang), file=err)
    return portfolio, _at(args.at), bool(problems)


def _write(args: argparse.Namespace, out: TextIO, text: str) -> None:
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as error:
            raise InvalidArgument(
                C.cannot_write.format(path=args.output, reason=error.strerror or "")
            ) from None
    else:
        out.write(text)


def run_stats(
    args: argparse.Namespace,
    out: TextIO,
    *,
    stdin: IO[bytes] | None = None,
    err: TextIO | None = None,
) -> int:
    """``meetingflow stats PATH... | --example``: the figures, as text, Markdown or JSON."""
    from meetingflow.portfolio.figures import figures  # noqa: PLC0415

    portfolio, at, bad = load_portfolio(args, stdin=stdin, err=err)
    if not portfolio.campaigns:  # loose meeting files: the figures would read as plain zeros
        print(C.no_campaign.in_(args.lang), file=err or sys.stderr)
    f = figures(portfolio, at=at, campaign_id=args.campaign)
    if args.format == "json":
        text = json.dumps(f.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        md = args.format == "markdown"
        lines = [
            ("## " if md else "") + f.headline(args.lang),
            "",
            f.table(args.lang, "markdown" if md else "text", rolled=not args.own),
        ]
        text = "\n".join(lines) + "\n"
    _write(args, out, text)
    if args.xlsx:
        from meetingflow.portfolio.xlsx import write_xlsx  # noqa: PLC0415

        write_xlsx(f, args.xlsx, lang=args.lang)
    return 2 if bad else 0


def run_report(
    args: argparse.Namespace,
    out: TextIO,
    *,
    stdin: IO[bytes] | None = None,
    err: TextIO | None = None,
) -> int:
    """``meetingflow report PATH... | --example``: the group's report, Markdown or HTML."""
    from meetingflow.portfolio.report import group_report  # noqa: PLC0415

    portfolio, at, bad = load_portfolio(args, stdin=stdin, err=err)
    doc = group_report(portfolio, at=at, campaign_id=args.campaign)
    _write(args, out, doc.markdown(args.lang) if args.format == "md" else doc.html(args.lang))
    return 2 if bad else 0


# --- on its own -------------------------------------------------------------------------------------------


def parser(lang: str = "zh") -> argparse.ArgumentParser:
    """A parser with only these subcommands (the ``meetingflow`` parser adds them with :func:`register`)."""
    lang = language(lang)
    p = argparse.ArgumentParser(prog="meetingflow", description=C.description.in_(lang))
    p.add_argument("--lang", default=lang, help=C.lang.in_(lang))
    register(p.add_subparsers(dest="command", required=True, metavar="COMMAND"), lang)
    return p


def _requested_lang(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "zh"


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    *,
    stdin: IO[bytes] | None = None,
    err: TextIO | None = None,
) -> int:
    """Run one of these subcommands; bad input exits 2 with one line on standard error."""
    argv = list(sys.argv[1:] if argv is None else argv)
    stream, errs = out or sys.stdout, err or sys.stderr
    try:
        lang = language(_requested_lang(argv))
    except MeetingflowError as error:
        print(f"meetingflow: {error.message('en')}", file=errs)
        return 2
    try:
        args = parser(lang).parse_args(argv)
        args.lang = language(args.lang)
        return int(args.run(args, stream, stdin=stdin, err=errs))
    except SystemExit as exit_:
        return int(exit_.code or 0) if isinstance(exit_.code, int) else 2
    except MeetingflowError as error:
        print(f"meetingflow: {error.message(lang)}", file=errs)
        return 2
    except (OSError, ValueError, RecursionError, MemoryError) as error:
        print(f"meetingflow: {type(error).__name__}: {error}", file=errs)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
