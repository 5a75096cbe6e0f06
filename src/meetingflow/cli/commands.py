"""The commands that read records and print: rules, schema, check, verify, migrate, diagram."""

from __future__ import annotations

import argparse
import json
import os
from typing import TYPE_CHECKING, TextIO

from meetingflow.cli.common import load, read, selected_flow
from meetingflow.cli.texts import T
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.rules import Rule

__all__ = ["diagram", "migrate", "rules", "schema", "verify"]


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


def rules(args: argparse.Namespace, out: TextIO) -> int:
    lang = args.lang
    rules = selected_flow(args).rules
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


def schema(args: argparse.Namespace, out: TextIO) -> int:
    print(
        json.dumps(
            selected_flow(args).meeting_type.model_json_schema(), ensure_ascii=False, indent=2
        ),
        file=out,
    )
    return 0


def _keyed(args: argparse.Namespace) -> Flow:
    flow = selected_flow(args)
    if args.key_env:
        raw = os.environ.get(args.key_env)
        if not raw:
            raise InvalidArgument(
                Text(
                    f"环境变量 {args.key_env} 为空", f"environment variable {args.key_env} is empty"
                )
            )
        flow = flow.with_key(raw.encode())
    return flow


def verify(args: argparse.Namespace, out: TextIO) -> int:
    flow = _keyed(args)
    meeting = load(args.file, flow)
    flow.verify(meeting, anchor=args.anchor)
    print(T.verified.render(args.lang, events=len(meeting.history)), file=out)
    return 0


def migrate(args: argparse.Namespace, out: TextIO) -> int:
    meeting = _keyed(args).migrate(read(args.file))
    print(meeting.model_dump_json(indent=2), file=out)
    return 0


def diagram(args: argparse.Namespace, out: TextIO) -> int:
    from meetingflow.diagram import render  # noqa: PLC0415

    print(render(selected_flow(args), args.format), end="", file=out)
    return 0
