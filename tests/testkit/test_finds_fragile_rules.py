"""The strategies find what hand-built fixtures miss (issue #8).

Three host rules, each fragile in one way a real rule is: it crashes when the session was
never recorded, when the roster has one member, when no rectification item exists. The
built-in examples never show any of that, so a test on fixtures passes; the strategies must
reach each edge within 100 generated meetings.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

import meetingflow as mf
from meetingflow import testing
from meetingflow.errors import RuleFailed
from meetingflow.rules import RuleContext
from meetingflow.testing import strategies

LIMIT = 100
"""The issue's bar: each fragile rule is found within this many generated meetings."""


FRAGILE: dict[str, object] = {
    "title": ("脆弱规则", "A fragile rule"),
    "messages": {"default": ("有问题。", "Something is wrong.")},
    "hint": ("修正。", "Fix it."),
    "basis": "host policy",
    "gate": "none",
}
"""What the four rules below share: only their checks differ."""


@mf.rule("HOST-FRAGILE-SESSION", stage="review", **FRAGILE)  # type: ignore[arg-type]
def needs_session(m: mf.Meeting, ctx: RuleContext) -> Iterator[mf.Finding]:
    """The sitting is not held before it was planned (crashes without a session)."""
    plan = m.preparation.plan
    if plan is not None and m.review.session.held_on < plan.drafted_on:  # type: ignore[union-attr]
        yield ctx.finding("review.session.held_on")


@mf.rule("HOST-FRAGILE-ROSTER", stage="preparation", **FRAGILE)  # type: ignore[arg-type]
def needs_deputy(m: mf.Meeting, ctx: RuleContext) -> Iterator[mf.Finding]:
    """The second member on the roster is notified (crashes on a branch of one)."""
    deputy = m.roster[1].id
    if m.preparation.notifications and deputy not in {
        n.member_id for n in m.preparation.notifications
    }:
        yield ctx.finding("preparation.notifications", members=[deputy])


@mf.rule("HOST-FRAGILE-ITEMS", stage="rectification", **FRAGILE)  # type: ignore[arg-type]
def needs_item(m: mf.Meeting, ctx: RuleContext) -> Iterator[mf.Finding]:
    """The first item has measures (crashes when there is no item at all)."""
    if not m.rectification.items[0].measures:
        yield ctx.finding("rectification.items[0].measures")


@mf.rule("HOST-STURDY", stage="review", **FRAGILE)  # type: ignore[arg-type]
def sturdy(m: mf.Meeting, ctx: RuleContext) -> Iterator[mf.Finding]:
    """The three checks above, written for meetings as they come."""
    plan, session = m.preparation.plan, m.review.session
    if plan is not None and session is not None and session.held_on < plan.drafted_on:
        yield ctx.finding("review.session.held_on")
    notified = {n.member_id for n in m.preparation.notifications}
    if len(m.roster) > 1 and notified and m.roster[1].id not in notified:
        yield ctx.finding("preparation.notifications", members=[m.roster[1].id])
    items = m.rectification.items
    if items and not items[0].measures:
        yield ctx.finding("rectification.items[0].measures")


def _cases() -> st.SearchStrategy[tuple[mf.Meeting, datetime]]:
    return strategies.meetings().flatmap(lambda m: st.tuples(st.just(m), strategies.check_times(m)))


def examples_until_crash(rule: mf.Rule) -> int:
    """How many generated meetings it takes until ``rule`` crashes (fails past ``LIMIT``)."""
    tried = 0
    first: int | None = None

    def crashes(case: tuple[mf.Meeting, datetime]) -> bool:
        nonlocal tried, first
        tried += 1
        meeting, at = case
        try:
            testing.evaluate(rule, meeting, at=at)
        except RuleFailed:
            first = tried if first is None else first
            return True
        return False

    find(
        _cases(),
        crashes,
        settings=settings(
            max_examples=LIMIT,
            database=None,
            derandomize=True,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert first is not None
    return first


@pytest.mark.parametrize("rule", [needs_session, needs_deputy, needs_item], ids=lambda r: r.id)
def test_the_examples_miss_the_fragile_rule(rule: mf.Rule) -> None:
    names = mf.default_flow().stage_names
    for stage in names[names.index(rule.stage) :]:
        testing.evaluate(rule, testing.example(stage), at=testing.example_at(stage))


@pytest.mark.parametrize("rule", [needs_session, needs_deputy, needs_item], ids=lambda r: r.id)
def test_the_strategies_find_each_fragile_rule_within_100_meetings(rule: mf.Rule) -> None:
    count = examples_until_crash(rule)
    assert 1 <= count <= LIMIT
    print(f"{rule.id}: crashed on generated meeting #{count}")


@settings(max_examples=LIMIT, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_a_sturdy_rule_survives_the_same_meetings(case: tuple[mf.Meeting, datetime]) -> None:
    meeting, at = case
    testing.evaluate(sturdy, meeting, at=at)


def test_each_edge_is_common_not_a_lucky_first_draw() -> None:
    """The simplest meeting Hypothesis draws first has one member; the other edges must be
    frequent too, so count crashes over 100 meetings, not just the first one."""
    fragile = (needs_session, needs_deputy, needs_item)
    crashes = dict.fromkeys((r.id for r in fragile), 0)

    @settings(
        max_examples=LIMIT,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(_cases())
    def run(case: tuple[mf.Meeting, datetime]) -> None:
        meeting, at = case
        for rule in fragile:
            try:
                testing.evaluate(rule, meeting, at=at)
            except RuleFailed:
                crashes[rule.id] += 1

    run()
    print(f"crashes in {LIMIT} generated meetings: {crashes}")
    assert all(n >= 5 for n in crashes.values()), crashes
