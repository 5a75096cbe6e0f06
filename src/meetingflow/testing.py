"""Tools for hosts to unit-test their own rules and flows (and for meetingflow's own tests).

>>> from meetingflow import testing
>>> m = testing.example("preparation")
>>> testing.assert_fails("PREP-PLAN", testing.edit(m, "preparation.plan", venue=""),
...                      at=testing.example_at("preparation"), path="preparation.plan.venue")
... # doctest: +ELLIPSIS
(Finding(rule_id='PREP-PLAN', ...),)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from meetingflow import examples
from meetingflow.errors import InvalidArgument
from meetingflow.flow import Flow
from meetingflow.lifecycle import default_flow
from meetingflow.records import Meeting
from meetingflow.rules._core import Finding, Outcome, Rule, RuleContext, run_rule
from meetingflow.rules.settings import RuleSettings

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def example(stage: str = "preparation", *, flawed: bool = False) -> Meeting:
    """The built-in example meeting in ``stage``, with that stage's data recorded."""
    return examples.meeting_at(stage, flawed=flawed)


def example_at(stage: str) -> datetime:
    """A check time that suits :func:`example` in ``stage``."""
    return examples.at_of(stage)


def edit(meeting: Meeting, path: str, **changes: Any) -> Meeting:
    """A validated copy of ``meeting`` with fields of the record at ``path`` changed.

    ``edit(m, "preparation.plan", venue="")`` or ``edit(m, "rectification.items[2]",
    closure=None)``; with an empty path the meeting itself is changed. Seals are ignored on
    purpose: this builds test fixtures, it is not how a host records what happened.
    """
    steps = [(name, int(i) if i else None) for name, i in _STEP.findall(path)]
    result = _edit(meeting, steps, changes)
    assert isinstance(result, Meeting)
    return result


def _edit(node: Any, steps: list[tuple[str, int | None]], changes: dict[str, Any]) -> Any:
    if not steps:
        if not isinstance(node, BaseModel):
            raise InvalidArgument(f"cannot change fields of {type(node).__name__}")
        return node.replace(**changes)  # type: ignore[attr-defined]
    (name, index), rest = steps[0], steps[1:]
    if index is not None:
        items = list(node)
        items[index] = _edit(items[index], rest, changes)
        return tuple(items)
    child = getattr(node, name)
    if child is None:
        raise InvalidArgument(f"{name} is empty; set it before editing inside it")
    if rest and rest[0][1] is not None:
        (_, i), rest2 = rest[0], rest[1:]
        items = list(child)
        items[i] = _edit(items[i], rest2, changes)  # type: ignore[index]
        return node.replace(**{name: tuple(items)})
    return node.replace(**{name: _edit(child, rest, changes)})


def _rule(rule: Rule | str, flow: Flow | None) -> Rule:
    if isinstance(rule, Rule):
        return rule
    return (flow or default_flow()).pack.get(rule)


def evaluate(
    rule: Rule | str,
    meeting: Meeting,
    *,
    at: datetime,
    settings: RuleSettings | dict[str, Any] | None = None,
    flow: Flow | None = None,
) -> Outcome:
    """Run one rule (a :class:`Rule` or the ID of a rule in ``flow``) on one meeting."""
    r = _rule(rule, flow)
    if isinstance(settings, dict):
        settings = RuleSettings.model_validate(settings)
    ctx = RuleContext(
        rule=r,
        settings=settings or (flow.settings if flow else RuleSettings()),
        at=at,
        members={m.id: m for m in meeting.roster},
    )
    return run_rule(r, meeting, ctx)


def assert_passes(rule: Rule | str, meeting: Meeting, *, at: datetime, **kw: Any) -> None:
    """Fail unless the rule applies and finds nothing."""
    out = evaluate(rule, meeting, at=at, **kw)
    assert out.applicable, f"{out.rule.id} was not applicable"
    assert not out.findings, f"{out.rule.id} found: " + "; ".join(
        f"{f.path}: {f.message.en}" for f in out.findings
    )


def assert_not_applicable(rule: Rule | str, meeting: Meeting, *, at: datetime, **kw: Any) -> None:
    """Fail unless the rule's precondition does not hold."""
    out = evaluate(rule, meeting, at=at, **kw)
    assert not out.applicable, f"{out.rule.id} applied and found {len(out.findings)} finding(s)"


def assert_fails(
    rule: Rule | str,
    meeting: Meeting,
    *,
    at: datetime,
    path: str | None = None,
    members: Iterable[str] | None = None,
    **kw: Any,
) -> tuple[Finding, ...]:
    """Fail unless the rule finds something; with ``path``/``members``, a finding matching both."""
    out = evaluate(rule, meeting, at=at, **kw)
    assert out.findings, f"{out.rule.id} found nothing"
    wanted = set(members) if members is not None else None
    matching = [
        f
        for f in out.findings
        if (path is None or f.path == path) and (wanted is None or set(f.members) == wanted)
    ]
    assert matching, (
        f"{out.rule.id} found nothing at {path!r} for {wanted}; it found: "
        + "; ".join(f"{f.path} {list(f.members)}" for f in out.findings)
    )
    return tuple(matching)
