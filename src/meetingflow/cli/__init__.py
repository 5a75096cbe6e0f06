"""The ``meetingflow`` command line: the demo, the rule catalogue, diagrams, the schema, checks.

An edge of the library: the only place that reads files, the environment and the terminal.
Every text, help included, is bilingual; the language follows ``--lang`` or the locale. Bad
input exits with 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Final, TextIO

from meetingflow.cli import commands
from meetingflow.cli.common import requested_lang
from meetingflow.cli.demo import demo
from meetingflow.cli.texts import T
from meetingflow.errors import MeetingflowError
from meetingflow.i18n import Text, language

__all__ = ["EXTRA_COMMANDS", "main", "parser"]

Register = Callable[[argparse._SubParsersAction, str], None]  # type: ignore[type-arg]
EXTRA_COMMANDS: Final[list[str]] = [
    "meetingflow.portfolio.cli:register",  # check (one meeting or thousands), stats, report
    "meetingflow.documents.cli:register",
]
"""Modules (``module:function``) that add subcommands: ``register(subparsers, lang)``."""


# --- the parser -------------------------------------------------------------------------------------------


def parser(lang: str = "zh") -> argparse.ArgumentParser:
    """The argument parser, with its help in ``lang``."""
    from meetingflow import __version__  # noqa: PLC0415

    lang = language(lang)

    def h(text: Text) -> str:
        return text.in_(lang)

    p = argparse.ArgumentParser(prog="meetingflow", description=h(T.description))
    p.add_argument(
        "--version", action="version", version=f"meetingflow {__version__}", help=h(T.version)
    )
    p.add_argument("--lang", default=lang, help=h(T.lang))
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sp: argparse.ArgumentParser, *, flow_file: bool = True) -> None:
        sp.add_argument("--lang", default=argparse.SUPPRESS, help=h(T.lang))
        sp.add_argument("--appraisal", action="store_true", help=h(T.appraisal))
        if flow_file:
            sp.add_argument("--flow", metavar="FILE", help=h(T.flow_file))

    d = sub.add_parser("demo", help=h(T.demo), description=h(T.demo))
    d.add_argument(
        "--example", choices=("compliant", "flawed"), default="compliant", help=h(T.example)
    )
    common(d, flow_file=False)
    d.set_defaults(run=demo)

    r = sub.add_parser("rules", help=h(T.rules), description=h(T.rules))
    r.add_argument("rule_id", nargs="?", metavar="RULE_ID", help=h(T.rule_id))
    r.add_argument("--format", choices=("text", "json"), default="text", help=h(T.fmt))
    common(r)
    r.set_defaults(run=commands.rules)

    s = sub.add_parser("schema", help=h(T.schema), description=h(T.schema))
    common(s)
    s.set_defaults(run=commands.schema)

    g = sub.add_parser("diagram", help=h(T.diagram), description=h(T.diagram))
    g.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help=h(T.fmt))
    common(g)
    g.set_defaults(run=commands.diagram)

    v = sub.add_parser("verify", help=h(T.verify), description=h(T.verify))
    v.add_argument("file", metavar="FILE", help=h(T.file))
    v.add_argument("--anchor", default=None, help=h(T.anchor))
    v.add_argument("--key-env", default=None, metavar="VAR", help=h(T.key_env))
    common(v)
    v.set_defaults(run=commands.verify)

    mg = sub.add_parser("migrate", help=h(T.migrate), description=h(T.migrate))
    mg.add_argument("file", metavar="FILE", help=h(T.file))
    mg.add_argument("--key-env", default=None, metavar="VAR", help=h(T.key_env))
    common(mg)
    mg.set_defaults(run=commands.migrate)

    for target in EXTRA_COMMANDS:
        module, _, func = target.partition(":")
        register: Register = getattr(__import__(module, fromlist=[func]), func)
        register(sub, lang)
    return p


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of the ``meetingflow`` console script.

    Exits 0 on success, 1 when a check finds errors, 2 on bad input — with one line on
    stderr, never a traceback (set ``MEETINGFLOW_DEBUG=1`` to see one).
    """
    raw = sys.argv[1:] if argv is None else argv
    if not isinstance(raw, list | tuple) or not all(isinstance(a, str) for a in raw):
        print("meetingflow: the arguments must be a list of strings", file=sys.stderr)
        return 2
    argv = list(raw)
    stream = out or sys.stdout
    try:
        lang = language(requested_lang(argv))
    except MeetingflowError as error:
        print(f"meetingflow: {error.message('en')}", file=sys.stderr)
        return 2
    try:
        args = parser(lang).parse_args(argv)
        args.lang = language(args.lang)
        code = int(args.run(args, stream))
        stream.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except SystemExit as exit_:
        return int(exit_.code or 0) if isinstance(exit_.code, int) else 2
    except MeetingflowError as error:
        print(f"meetingflow: {error.message(lang)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of defence: one line, never a traceback
        if os.environ.get("MEETINGFLOW_DEBUG"):
            raise
        print(f"meetingflow: {type(error).__name__}: {str(error)[:500]}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
