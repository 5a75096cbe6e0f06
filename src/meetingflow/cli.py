"""The ``meetingflow`` command line: the demo, the rule catalogue, diagrams, the schema, checks.

An edge of the library: the only place that reads files, the environment and the terminal.
Every text, help included, is bilingual; the language follows ``--lang`` or the locale. Bad
input exits with 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

from meetingflow.errors import InvalidArgument, MeetingflowError
from meetingflow.i18n import Text, language

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Meeting
    from meetingflow.rules import Rule

__all__ = ["main", "parser"]


class T:
    """The command line's texts."""

    description = Text(
        "运行组织生活会的全流程，并按合规规则逐项检查。",
        "Run an organizational life meeting's lifecycle and check every step against the rules.",
    )
    version = Text("显示版本号并退出", "show the version and exit")
    lang = Text(
        "输出语言：zh（中文）或 en（英文）；默认随系统区域设置",
        "output language: zh or en (default: from the locale)",
    )
    appraisal = Text(
        "包含民主评议党员（评议轨道）", "with democratic appraisal of members (the appraisal track)"
    )
    flow_file = Text("声明式流程文档（JSON 或 YAML）", "a declarative flow document (JSON or YAML)")
    file = Text(
        "会议记录的 JSON 文件（- 表示标准输入）", "a meeting record as JSON (- for standard input)"
    )
    fmt = Text("输出格式", "output format")
    demo = Text("用内置示例走完五个阶段", "run the built-in example through all five stages")
    example = Text(
        "示例：compliant（规范）或 flawed（有问题）", "which example: compliant or flawed"
    )
    rules = Text("列出规则目录，或解释一条规则", "list the rule catalogue, or explain one rule")
    rule_id = Text("规则编号，例如 PREP-NOTICE", "a rule ID such as PREP-NOTICE")
    schema = Text("输出会议记录的 JSON Schema", "print the JSON Schema of a meeting record")
    check = Text("检查会议记录文件", "check meeting record files")
    at = Text(
        "检查时间，ISO 8601，须带时区（如 2021-06-25T09:00+08:00）",
        "check time, ISO 8601 with offset (e.g. 2021-06-25T09:00+08:00)",
    )
    trigger = Text(
        "按该操作的关口检查（默认：下一步操作）",
        "judge for this trigger's gate (default: the next forward one)",
    )
    diagram = Text(
        "以 Mermaid 或 Graphviz 输出流程图", "print the lifecycle as a Mermaid or Graphviz diagram"
    )
    verify = Text("校验会议记录的历史", "verify a meeting record's history")
    anchor = Text("保存的最新摘要（锚点）", "the stored head digest (anchor)")
    key_env = Text(
        "含 HMAC 密钥的环境变量名", "name of an environment variable holding the HMAC key"
    )
    migrate = Text(
        "把旧版本的会议记录迁移到当前版本并输出",
        "migrate a record written by an earlier schema and print it",
    )
    verified = Text(
        "历史记录完整，未被篡改（{events} 条）。",
        "History intact ({events} {events:event|events}).",
    )
    title = Text("meetingflow 演示：{name}（{example}）", "meetingflow demo: {name} ({example})")
    compliant_name = Text("规范示例", "compliant example")
    flawed_name = Text("问题示例", "flawed example")
    gate = Text(
        "—— 阶段「{stage}」，检查「{trigger}」的关口 ——", "— stage {stage}, gate of {trigger} —"
    )
    fired = Text(
        "✔ {actor} 于 {at} 执行「{trigger}」：{source} → {target}（版本 {version}）",
        "✔ {actor} fired {trigger} at {at}: {source} → {target} (version {version})",
    )
    redo = Text(
        "↺ 上级代表 {actor} 于 {at} 责令重新召开，返回「{target}」：{reason}",
        "↺ {actor} of the superior ordered the session redone at {at}, back to {target}: {reason}",
    )
    blocked = Text(
        "✘ 「{trigger}」被阻止，会议停留在「{stage}」。请按上面的提示整改。",
        "✘ {trigger} is blocked; the meeting stays in {stage}. Fix what the report says.",
    )
    history = Text("历史记录（已校验，未被篡改）：", "History (verified, untampered):")
    event = Text(
        "  #{seq} {what}：{source} → {target}，{actor}，{at}，摘要 {digest}…",
        "  #{seq} {what}: {source} → {target} by {actor} at {at}, digest {digest}…",
    )
    entry = Text("录入 {count} 项", "recorded {count} {count:item|items}")
    unknown_rule = Text(
        "没有规则 {rule}；运行 meetingflow rules 查看目录。",
        "unknown rule {rule}; run 'meetingflow rules' for the list",
    )
    labels = Text(
        "阶段|级别|关口|依据|设置|说明|消息|提示",
        "stage|severity|gate|basis|settings|why|messages|what to do",
    )
    gates_of = Text("关口", "gates")
    migrated = Text("已迁移到 schema_version {version}。", "migrated to schema_version {version}.")


Register = Callable[[argparse._SubParsersAction, str], None]  # type: ignore[type-arg]
EXTRA_COMMANDS: Final[list[str]] = []
"""Modules (``module:function``) that add subcommands: ``register(subparsers, lang)``."""


def _locale_lang() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "zh"


def _requested_lang(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return _locale_lang()


def _flow(args: argparse.Namespace) -> Flow:
    from meetingflow.flow import default_flow  # noqa: PLC0415 - the CLI loads what it uses

    if getattr(args, "flow", None):
        from meetingflow.spec import load_flow  # noqa: PLC0415

        return load_flow(args.flow)
    if getattr(args, "appraisal", False):
        from meetingflow.extensions import appraisal  # noqa: PLC0415

        return default_flow(extensions=[appraisal.TRACK])
    return default_flow()


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InvalidArgument(
            Text(f"无法读取 {path}：{error.strerror}", f"cannot read {path}: {error.strerror}")
        ) from None


def _load(path: str, flow: Flow) -> Meeting:
    return flow.parse(_read(path))


def _aware(text: str) -> datetime:
    from meetingflow.flow.operations import aware  # noqa: PLC0415

    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidArgument(
            Text(f"时间 {text!r} 不是 ISO 8601 格式", f"{text!r} is not an ISO 8601 time")
        ) from None
    return aware(value, "--at")


# --- commands -------------------------------------------------------------------------------------------


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    from meetingflow.integrity import verify_history  # noqa: PLC0415
    from meetingflow.testing import builder, examples  # noqa: PLC0415

    lang = args.lang
    flow = _flow(args)
    if args.example == "flawed" and args.appraisal:
        raise InvalidArgument(
            Text("--appraisal 只用于规范示例", "--appraisal runs the compliant example only")
        )
    plan = (
        examples.flawed_steps()
        if args.example == "flawed"
        else examples.appraisal_steps()
        if args.appraisal
        else examples.steps()
    )
    name = examples.BLUEPRINT.org_name
    which = T.flawed_name if args.example == "flawed" else T.compliant_name
    print(T.title.render(lang, name=name, example=which), file=out)
    meeting = flow.adopt(builder.new_meeting(examples.BLUEPRINT))
    for step in plan:
        for batch in step.batches:
            if batch.items:
                meeting = flow.record(meeting, *batch.items, actor=batch.actor, at=batch.at)
        print(file=out)
        forward = "start_rectification" if step.trigger == "order_redo" else step.trigger
        print(
            T.gate.render(
                lang, stage=flow.stage_title(meeting.stage), trigger=flow.transition(forward).title
            ),
            file=out,
        )
        report = flow.check(meeting, at=step.at, trigger=forward)
        print(report.render(lang), file=out)
        if step.trigger == "order_redo":
            meeting = flow.fire(
                meeting,
                step.trigger,
                actor=step.actor,
                at=step.at,
                reason=step.reason,
                return_to=step.return_to,
                new_date=step.new_date,
            )
            print(
                T.redo.render(
                    lang,
                    actor=step.actor,
                    at=step.at.isoformat(),
                    target=flow.stage_title(meeting.stage),
                    reason=step.reason or "",
                ),
                file=out,
            )
            continue
        if not report.ok:
            print(
                T.blocked.render(
                    lang,
                    trigger=flow.transition(step.trigger).title,
                    stage=flow.stage_title(meeting.stage),
                ),
                file=out,
            )
            break
        source = meeting.stage
        meeting = flow.fire(meeting, step.trigger, actor=step.actor, at=step.at)
        print(
            T.fired.render(
                lang,
                actor=step.actor,
                at=step.at.isoformat(),
                trigger=flow.transition(step.trigger).title,
                source=flow.stage_title(source),
                target=flow.stage_title(meeting.stage),
                version=meeting.version,
            ),
            file=out,
        )
    verify_history(meeting)
    print(file=out)
    print(T.history.render(lang), file=out)
    for e in meeting.history:
        what = (
            flow.transition(e.trigger).title
            if e.kind == "transition" and e.trigger
            else T.entry.format(count=len(e.paths))
        )
        print(
            T.event.render(
                lang,
                seq=e.seq,
                what=what,
                source=flow.stage_title(e.stage),
                target=flow.stage_title(e.target),
                actor=e.actor,
                at=e.at.isoformat(),
                digest=e.digest[:12],
            ),
            file=out,
        )
    return 0


def _explain(r: Rule, lang: str) -> list[str]:
    stage, severity, gate, basis, settings, why, messages, hint = T.labels.in_(lang).split("|")
    lines = [f"{r.id} — {r.title.in_(lang)}"]
    rows = [
        (stage, r.stage),
        (severity, f"{r.severity.value} ({r.level})"),
        (gate, r.gate),
        (basis, r.basis),
        (settings, ", ".join(r.reads) or "—"),
        (hint, r.hint.in_(lang)),
    ]
    if lang == "en":  # the rationale is the rule's docstring, written in English
        rows.insert(5, (why, r.why))
    for label, value in rows:
        lines.append(f"  {label}: {value}")
    lines.append(f"  {messages}:")
    lines += [f"    [{k}] {t.in_(lang)}" for k, t in r.messages]
    return lines


def _rule_dict(r: Rule, lang: str) -> dict[str, object]:
    return {
        "id": r.id,
        "stage": r.stage,
        "severity": r.severity.value,
        "level": r.level,
        "gate": r.gate,
        "title": r.title.in_(lang),
        "basis": r.basis,
        "reads": list(r.reads),
        "why": r.why,
        "hint": r.hint.in_(lang),
        "messages": {k: t.in_(lang) for k, t in r.messages},
    }


def _rules(args: argparse.Namespace, out: TextIO) -> int:
    lang = args.lang
    rules = _flow(args).rules
    if args.rule_id:
        wanted = [r for r in rules if r.id == args.rule_id.upper()]
        if not wanted:
            raise InvalidArgument(T.unknown_rule.format(rule=repr(args.rule_id)[:40]))
        rules = tuple(wanted)
    if args.format == "json":
        print(
            json.dumps([_rule_dict(r, lang) for r in rules], ensure_ascii=False, indent=2), file=out
        )
    elif args.rule_id:
        print("\n".join(_explain(rules[0], lang)), file=out)
    else:
        for r in rules:
            print(
                f"{r.id:<24} {r.stage:<14} {r.severity.value:<8} {r.title.in_(lang)}  [{r.basis}]",
                file=out,
            )
    return 0


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    print(
        json.dumps(_flow(args).meeting_type.model_json_schema(), ensure_ascii=False, indent=2),
        file=out,
    )
    return 0


def _check(args: argparse.Namespace, out: TextIO) -> int:
    flow = _flow(args)
    at = _aware(args.at)
    worst = 0
    for path in args.files:
        report = flow.check(_load(path, flow), at=at, trigger=args.trigger)
        print(report.render(args.lang, args.format), file=out)
        worst = max(worst, 0 if report.ok and not report.errors else 1)
    return worst


def _verify(args: argparse.Namespace, out: TextIO) -> int:
    flow = _flow(args)
    if args.key_env:
        raw = os.environ.get(args.key_env)
        if not raw:
            raise InvalidArgument(
                Text(
                    f"环境变量 {args.key_env} 为空", f"environment variable {args.key_env} is empty"
                )
            )
        flow = flow.with_key(raw.encode())
    meeting = _load(args.file, flow)
    flow.verify(meeting, anchor=args.anchor)
    print(T.verified.render(args.lang, events=len(meeting.history)), file=out)
    return 0


def _migrate(args: argparse.Namespace, out: TextIO) -> int:
    meeting = _load(args.file, _flow(args))
    print(meeting.model_dump_json(indent=2), file=out)
    return 0


def _diagram(args: argparse.Namespace, out: TextIO) -> int:
    from meetingflow.diagram import render  # noqa: PLC0415

    print(render(_flow(args), args.format), end="", file=out)
    return 0


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
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sp: argparse.ArgumentParser, *, flow_file: bool = True) -> None:
        sp.add_argument("--lang", default=lang, help=h(T.lang))
        sp.add_argument("--appraisal", action="store_true", help=h(T.appraisal))
        if flow_file:
            sp.add_argument("--flow", metavar="FILE", help=h(T.flow_file))

    d = sub.add_parser("demo", help=h(T.demo), description=h(T.demo))
    d.add_argument(
        "--example", choices=("compliant", "flawed"), default="compliant", help=h(T.example)
    )
    common(d, flow_file=False)
    d.set_defaults(run=_demo)

    r = sub.add_parser("rules", help=h(T.rules), description=h(T.rules))
    r.add_argument("rule_id", nargs="?", metavar="RULE_ID", help=h(T.rule_id))
    r.add_argument("--format", choices=("text", "json"), default="text", help=h(T.fmt))
    common(r)
    r.set_defaults(run=_rules)

    s = sub.add_parser("schema", help=h(T.schema), description=h(T.schema))
    common(s)
    s.set_defaults(run=_schema)

    c = sub.add_parser("check", help=h(T.check), description=h(T.check))
    c.add_argument("files", nargs="+", metavar="FILE", help=h(T.file))
    c.add_argument("--at", required=True, help=h(T.at))
    c.add_argument("--trigger", default=None, help=h(T.trigger))
    c.add_argument("--format", choices=("text", "markdown", "json"), default="text", help=h(T.fmt))
    common(c)
    c.set_defaults(run=_check)

    g = sub.add_parser("diagram", help=h(T.diagram), description=h(T.diagram))
    g.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help=h(T.fmt))
    common(g)
    g.set_defaults(run=_diagram)

    v = sub.add_parser("verify", help=h(T.verify), description=h(T.verify))
    v.add_argument("file", metavar="FILE", help=h(T.file))
    v.add_argument("--anchor", default=None, help=h(T.anchor))
    v.add_argument("--key-env", default=None, metavar="VAR", help=h(T.key_env))
    common(v)
    v.set_defaults(run=_verify)

    mg = sub.add_parser("migrate", help=h(T.migrate), description=h(T.migrate))
    mg.add_argument("file", metavar="FILE", help=h(T.file))
    common(mg)
    mg.set_defaults(run=_migrate)

    for target in EXTRA_COMMANDS:
        module, _, func = target.partition(":")
        register: Register = getattr(__import__(module, fromlist=[func]), func)
        register(sub, lang)
    return p


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of the ``meetingflow`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    stream = out or sys.stdout
    try:
        lang = language(_requested_lang(argv))
    except MeetingflowError as error:
        print(f"meetingflow: {error.message('en')}", file=sys.stderr)
        return 2
    try:
        args = parser(lang).parse_args(argv)
        args.lang = language(args.lang)
        return int(args.run(args, stream))
    except SystemExit as exit_:
        return int(exit_.code or 0) if isinstance(exit_.code, int) else 2
    except MeetingflowError as error:
        print(f"meetingflow: {error.message(lang)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (OSError, ValueError, RecursionError, MemoryError) as error:
        print(f"meetingflow: {type(error).__name__}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
