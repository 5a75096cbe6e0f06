"""The ``meetingflow`` command line: the demo, the rule catalogue, the schema, and checks of files.

This is an edge of the library: it is the only module that reads files and writes output.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from meetingflow import examples
from meetingflow._docs import message_outline
from meetingflow._i18n import Lang
from meetingflow.diagram import render
from meetingflow.errors import MeetingflowError
from meetingflow.flow import Flow
from meetingflow.history import verify_history
from meetingflow.lifecycle import default_flow
from meetingflow.records import Meeting
from meetingflow.rules._core import Rule

_T = {
    "demo_title": ("meetingflow 演示：{name}（{example}）", "meetingflow demo: {name} ({example})"),
    "compliant": ("规范示例", "compliant example"),
    "flawed": ("问题示例", "flawed example"),
    "gate": (
        "—— 阶段「{stage}」，检查「{trigger}」的关口 ——",
        "— stage {stage!r}, gate of {trigger!r} —",
    ),
    "fired": (
        "✔ {actor} 于 {at} 执行「{trigger}」：{source} → {target}（版本 {version}）",
        "✔ {actor} fired {trigger!r} at {at}: {source} → {target} (version {version})",
    ),
    "blocked": (
        "✘ 「{trigger}」被阻止，会议停留在「{stage}」。请按上面的提示整改。",
        "✘ {trigger!r} is blocked; the meeting stays in {stage!r}. Fix what the report says.",
    ),
    "history": ("历史记录（已校验，未被篡改）：", "History (verified, untampered):"),
    "event": (
        "  #{seq} {trigger}: {source} → {target}，执行人 {actor}，{at}，摘要 {digest}…",
        "  #{seq} {trigger}: {source} → {target} by {actor} at {at}, digest {digest}…",
    ),
}


def _t(key: str, lang: Lang, **values: object) -> str:
    zh, en = _T[key]
    return (zh if lang == "zh" else en).format(**values)


def _flow(args: argparse.Namespace) -> Flow:
    if getattr(args, "flow", None):
        from meetingflow.spec import load_flow  # noqa: PLC0415 - only for --flow

        return load_flow(args.flow)
    return default_flow(appraisal=getattr(args, "appraisal", False))


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    lang: Lang = args.lang
    flow = _flow(args)
    if args.appraisal and args.example == "flawed":
        print("meetingflow: --appraisal runs the compliant example only", file=sys.stderr)
        return 2
    steps = (
        examples.appraisal_steps()
        if args.appraisal
        else examples.flawed_steps()
        if args.example == "flawed"
        else examples.compliant_steps()
    )
    name = examples.new_meeting().organization.name
    print(_t("demo_title", lang, name=name, example=_t(args.example, lang)), file=out)
    meeting = None
    for step, m in examples.walk(steps, flow):
        print(file=out)
        print(_t("gate", lang, stage=m.stage, trigger=step.trigger), file=out)
        report = flow.check(m, at=step.at, trigger=step.trigger)
        print(report.render(lang), file=out)
        if not report.ok:
            print(_t("blocked", lang, trigger=step.trigger, stage=m.stage), file=out)
            meeting = m
            break
        meeting = flow.fire(m, step.trigger, actor=step.actor, at=step.at)
        print(
            _t(
                "fired",
                lang,
                actor=step.actor,
                at=step.at.isoformat(),
                trigger=step.trigger,
                source=m.stage,
                target=meeting.stage,
                version=meeting.version,
            ),
            file=out,
        )
    assert meeting is not None
    verify_history(meeting)
    print(file=out)
    print(_t("history", lang), file=out)
    for e in meeting.history:
        print(
            _t(
                "event",
                lang,
                seq=e.seq,
                trigger=e.trigger,
                source=e.source,
                target=e.target,
                actor=e.actor,
                at=e.at.isoformat(),
                digest=e.digest[:12],
            ),
            file=out,
        )
    return 0 if args.example == "flawed" or meeting.stage == "closed" else 1


def _rule_row(r: Rule, lang: Lang) -> dict[str, object]:
    return {
        "id": r.id,
        "stage": r.stage,
        "severity": r.severity.value,
        "gate": r.gate,
        "title": r.title.in_(lang),
        "basis": r.basis,
    }


def _rules(args: argparse.Namespace, out: TextIO) -> int:
    lang: Lang = args.lang
    flow = _flow(args)
    rules = flow.rules
    if args.rule_id:
        wanted = [r for r in rules if r.id == args.rule_id.upper()]
        if not wanted:
            print(
                f"unknown rule {args.rule_id!r}; run 'meetingflow rules' for the list",
                file=sys.stderr,
            )
            return 2
        rules = tuple(wanted)
    if args.format == "json":
        rows = [
            {
                **_rule_row(r, lang),
                "message": r.message.in_(lang) if message_outline(r) else None,
                "hint": r.hint.in_(lang),
                "reads": list(r.reads),
                "why": (r.check.__doc__ or "").strip(),
            }
            for r in rules
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)
        return 0
    if args.rule_id:
        r = rules[0]
        print(f"{r.id} — {r.title.in_(lang)}", file=out)
        labels = (
            ("阶段", "级别", "关口", "依据", "提示", "读取设置", "说明")
            if lang == "zh"
            else ("stage", "severity", "gate", "basis", "what to do", "settings", "why")
        )
        values = (
            r.stage,
            r.severity.value,
            r.gate,
            r.basis,
            r.hint.in_(lang),
            ", ".join(r.reads) or "—",
            (r.check.__doc__ or "").strip(),
        )
        for label, value in zip(labels, values, strict=True):
            print(f"  {label}: {value}", file=out)
        return 0
    for r in rules:
        print(
            f"{r.id:<24} {r.stage:<14} {r.severity.value:<8} {r.title.in_(lang)}  [{r.basis}]",
            file=out,
        )
    return 0


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    model = _flow(args).meeting_type
    print(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2), file=out)
    return 0


def _load(path: str, flow: Flow) -> Meeting:
    return flow.parse(Path(path).read_bytes())


def _check(args: argparse.Namespace, out: TextIO) -> int:
    flow = _flow(args)
    at = datetime.fromisoformat(args.at)
    report = flow.check(_load(args.file, flow), at=at, trigger=args.trigger)
    print(report.render(args.lang, args.format), file=out)
    return 0 if report.ok else 1


def _verify(args: argparse.Namespace, out: TextIO) -> int:
    flow = _flow(args)
    flow.verify_history(_load(args.file, flow))
    print("history intact" if args.lang == "en" else "历史记录完整，未被篡改", file=out)
    return 0


def _diagram(args: argparse.Namespace, out: TextIO) -> int:
    print(render(_flow(args), args.format), end="", file=out)
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="meetingflow", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def lang(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--lang", choices=("zh", "en"), default="zh", help="language (default zh)")

    def which(sp: argparse.ArgumentParser, *, file: bool = True) -> None:
        sp.add_argument(
            "--appraisal", action="store_true", help="with democratic appraisal (民主评议党员)"
        )
        if file:
            sp.add_argument("--flow", help="a declarative flow document (JSON or YAML)")

    d = sub.add_parser("demo", help="run the built-in example through all five stages")
    lang(d)
    d.add_argument("--example", choices=("compliant", "flawed"), default="compliant")
    which(d, file=False)
    d.set_defaults(run=_demo)

    r = sub.add_parser("rules", help="list the default rule catalogue, or explain one rule")
    r.add_argument("rule_id", nargs="?", help="a rule ID such as PREP-NOTICE")
    lang(r)
    r.add_argument("--format", choices=("text", "json"), default="text")
    which(r)
    r.set_defaults(run=_rules)

    s = sub.add_parser("schema", help="print the JSON Schema of a meeting record")
    which(s)
    s.set_defaults(run=_schema)

    c = sub.add_parser("check", help="check a meeting JSON file with the default flow")
    c.add_argument("file")
    c.add_argument("--at", required=True, help="check time, ISO 8601 with offset")
    c.add_argument("--trigger", default=None)
    lang(c)
    c.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    which(c)
    c.set_defaults(run=_check)

    g = sub.add_parser("diagram", help="print the lifecycle as a Mermaid or Graphviz diagram")
    g.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    which(g)
    g.set_defaults(run=_diagram)

    v = sub.add_parser("verify", help="verify a meeting JSON file's history")
    v.add_argument("file")
    lang(v)
    which(v)
    v.set_defaults(run=_verify)
    return p


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of the ``meetingflow`` console script."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args, out or sys.stdout))
    except (MeetingflowError, OSError, ValueError) as error:
        print(f"meetingflow: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
