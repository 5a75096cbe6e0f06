"""Testing one rule: evaluate it, assert that it passes, fails (where, whom) or does not apply.

The assertions raise ``AssertionError`` themselves, so they hold under ``python -O`` too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from meetingflow import records as rec
from meetingflow.canonical import mac
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.integrity import event_digest_of, state_digest_of
from meetingflow.records import paths

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules import Outcome, Rule, RuleSettings

__all__ = ["assert_fails", "assert_not_applicable", "assert_passes", "edit", "evaluate", "rechain"]


def _flow(flow: Flow | None, settings: RuleSettings | Mapping[str, Any] | None) -> Flow:
    from meetingflow.flow import default_flow  # noqa: PLC0415 - testing sits above the flow

    flow = flow or default_flow()
    return flow.with_settings(settings) if settings is not None else flow


def evaluate(
    rule: Rule | str,
    meeting: Meeting,
    *,
    at: datetime,
    flow: Flow | None = None,
    settings: RuleSettings | Mapping[str, Any] | None = None,
) -> Outcome:
    """Run one rule (a ``Rule``, or the ID of a rule of ``flow``) on ``meeting``."""
    from meetingflow.flow.arguments import aware  # noqa: PLC0415
    from meetingflow.flow.evaluation import rule_context  # noqa: PLC0415
    from meetingflow.rules.rule import Rule, run_rule  # noqa: PLC0415

    f = _flow(flow, settings)
    r = rule if isinstance(rule, Rule) else next((x for x in f.rules if x.id == rule), None)
    if r is None:
        from meetingflow.errors import UnknownRule  # noqa: PLC0415

        raise UnknownRule(str(rule), f"flow {f.name}")
    m = f.adopt(meeting)
    allowed = f._compiled.allowed.get(r.id) or r.paths
    return run_rule(r, m, rule_context(f, m, aware(at), r), allowed)


def _describe(findings: Iterable[Finding]) -> str:
    return (
        "; ".join(
            f"{f.path}{' ' + ', '.join(f.members) if f.members else ''}: {f.message.en}"
            for f in findings
        )
        or "nothing"
    )


def assert_passes(rule: Rule | str, meeting: Meeting, *, at: datetime, **kw: Any) -> None:
    """Fail unless the rule applies to ``meeting`` and finds nothing."""
    out = evaluate(rule, meeting, at=at, **kw)
    if not out.applicable:
        raise AssertionError(f"{out.rule.id} was not applicable")
    if out.findings:
        raise AssertionError(f"{out.rule.id} found: {_describe(out.findings)}")


def assert_not_applicable(rule: Rule | str, meeting: Meeting, *, at: datetime, **kw: Any) -> None:
    """Fail unless the rule's precondition does not hold for ``meeting``."""
    out = evaluate(rule, meeting, at=at, **kw)
    if out.applicable:
        raise AssertionError(f"{out.rule.id} applied and found: {_describe(out.findings)}")


def assert_fails(
    rule: Rule | str,
    meeting: Meeting,
    *,
    at: datetime,
    path: str | None = None,
    members: Iterable[str] | None = None,
    key: str | None = None,
    subjects: Mapping[str, Iterable[str]] | None = None,
    **kw: Any,
) -> tuple[Finding, ...]:
    """Fail unless the rule finds something; with ``path``/``members``/``key``/``subjects``, a
    finding matching all of them. Returns the matching findings."""
    out = evaluate(rule, meeting, at=at, **kw)
    if not out.findings:
        raise AssertionError(
            f"{out.rule.id} found nothing" + ("" if out.applicable else " (not applicable)")
        )
    wanted = set(members) if members is not None else None
    want_subjects = {k: set(v) for k, v in (subjects or {}).items()}
    matching = tuple(
        f
        for f in out.findings
        if (path is None or f.path == path)
        and (wanted is None or set(f.members) == wanted)
        and (key is None or f.key == key)
        and all(set(f.ids(k)) == v for k, v in want_subjects.items())
    )
    if not matching:
        raise AssertionError(
            f"{out.rule.id} found nothing matching path={path!r} members={wanted} key={key!r}"
            f" subjects={want_subjects}; it found: {_describe(out.findings)}"
        )
    return matching


def edit(meeting: Meeting, path: str, **changes: Any) -> Meeting:
    """A validated copy of ``meeting`` with fields of the record at ``path`` changed.

    ``edit(m, "preparation.plan", venue="")`` or ``edit(m, "rectification.items[2]",
    measures=())``; the empty path changes the meeting itself. For test fixtures: the history
    is not updated, so the copy no longer verifies (see ``rechain``).
    """
    parts = paths.parse(path)
    return type(meeting).model_validate(_edit(meeting, list(parts), changes, path))


def _edit(node: Any, parts: list[str | int], changes: dict[str, Any], path: str) -> Any:
    if not parts:
        if not isinstance(node, rec.Record):
            raise InvalidArgument(Text(f"{path} 不是记录", f"{path} is not a record"))
        return node.evolve(**changes)
    head, rest = parts[0], parts[1:]
    if isinstance(head, int):
        if not isinstance(node, tuple) or head >= len(node):
            raise InvalidArgument(Text(f"{path} 不存在", f"{path} does not exist"))
        items = list(node)
        items[head] = _edit(items[head], rest, changes, path)
        return tuple(items)
    child = getattr(node, head, None)
    if child is None:
        raise InvalidArgument(Text(f"{path} 为空或不存在", f"{path} is empty or does not exist"))
    return node.model_copy(update={head: _edit(child, rest, changes, path)})


def rechain(meeting: Meeting, *, key: bytes | None = None) -> Meeting:
    """``meeting`` with its history's digests recomputed to match the record as it is.

    Exactly what someone who can write the record but holds no key can do: this is why a
    host stores the head digest as an anchor, or signs events with a key. For tests only.
    """
    events = list(meeting.history)
    if not events:
        return meeting
    last = events[-1].model_copy(update={"state": state_digest_of(meeting)})
    events[-1] = last
    previous: str | None = None
    out = []
    for event in events:
        linked = event.model_copy(update={"previous": previous})
        digest = event_digest_of(linked)
        out.append(
            linked.model_copy(
                update={"digest": digest, "mac": mac(key, digest) if key is not None else None}
            )
        )
        previous = digest
    return type(meeting).model_validate(meeting.model_copy(update={"history": tuple(out)}))
