"""Every meeting the catalogue tests start from, built once per process, and the helpers that
judge one rule on one meeting.

Meetings are played by ``testing.build`` through a rule-less flow (fast, and independent of
the rules under test), so a mutant of a rule can never change a fixture. A test changes a
fixture with ``testing.edit`` (a validated copy) and judges one rule with ``one``, ``passes``
or ``not_applicable``; gate tests fire the real flows.

The branch of the default blueprint: m01 secretary; m02, m03 committee members (m03 records);
m04 a leading cadre registered here; m05–m07 ordinary members; m08 probationary; s01 the
superior's representative. The sitting is on 2021-06-25.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import meetingflow as mf
from meetingflow import testing
from meetingflow.extensions import appraisal
from meetingflow.rules.pack import RulePack
from meetingflow.testing import examples

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding

SITTING = date(2021, 6, 25)
SEC, COM1, COM2, CADRE, PROB = "m01", "m02", "m03", "m04", "m08"
ORDINARY = ("m05", "m06", "m07")
SUP = "s01"
ORG = "mt-asset-branch"
PARENT = "mt-committee"

STAGES = ("preparation", "review", "critique", "rectification", "closed")


def at(stage: str) -> datetime:
    """A check time that fits a built meeting in ``stage`` (the moment its trigger fires)."""
    return testing.example_at(stage)


def on(day: date, hour: int = 12) -> datetime:
    """Noon (or ``hour``) of ``day`` in China Standard Time."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=testing.CST)


def days(n: int) -> date:
    """The sitting's date moved by ``n`` days."""
    return SITTING + timedelta(days=n)


# --- flows ------------------------------------------------------------------------------------


@functools.cache
def flow() -> mf.Flow:
    """The default flow with the catalogue (shared)."""
    return mf.default_flow()


@functools.cache
def appraisal_flow() -> mf.Flow:
    """The default flow with the democratic appraisal track."""
    return mf.default_flow(extensions=[appraisal.TRACK])


@functools.cache
def _ruleless(with_appraisal: bool = False) -> mf.Flow:
    return mf.default_flow(
        pack=RulePack("none"), extensions=[appraisal.TRACK] if with_appraisal else []
    )


# --- meetings ---------------------------------------------------------------------------------


@functools.cache
def meeting(stage: str, **blueprint: Any) -> Meeting:
    """A compliant meeting of ``Blueprint(**blueprint)`` in ``stage`` (its data recorded)."""
    return testing.build(stage, testing.Blueprint(**blueprint), flow=_ruleless())


def absences(stage: str) -> Meeting:
    """m05 absent on approved leave (outline read by m08), m06 absent without leave."""
    return meeting(stage, absent=(("m05", "leave"), ("m06", "unexcused")))


def no_committee(stage: str) -> Meeting:
    """Five members, no committee: m01 secretary, m02 a cadre, m03–m05 ordinary (m05 probationary)."""
    return meeting(stage, members=5, committee=0)


@functools.cache
def with_appraisal(stage: str) -> Meeting:
    """The compliant example with the democratic appraisal, in ``stage``."""
    return testing.build(stage, flow=_ruleless(True), steps=lambda bp: examples.appraisal_steps())


@functools.cache
def flawed(stage: str) -> Meeting:
    """The flawed example: a cadre absent, praise as criticism, a redo, an item left overdue."""
    return testing.build(stage, flow=_ruleless(), steps=lambda bp: examples.flawed_steps())


def edit(m: Meeting, path: str, **changes: Any) -> Meeting:
    """``testing.edit``: a validated copy with fields of the record at ``path`` changed."""
    return testing.edit(m, path, **changes)


def presence(m: Meeting, **by_member: str) -> Meeting:
    """``m`` with the attendance of some members changed: ``presence(m, m05="absent")``."""
    from meetingflow import records as r

    rows = {a.member_id: a for a in m.review.attendance}
    for member, value in by_member.items():
        rows[member] = r.Attendance(member_id=member, presence=r.Presence(value))
    return edit(m, "review", attendance=tuple(rows.values()))


# --- judging one rule -------------------------------------------------------------------------


def _flow_for(rule_id: str, given: mf.Flow | None) -> mf.Flow:
    if given is not None:
        return given
    if rule_id.startswith(("APPR-", "CLOSE-APPRAISAL", "ROLE-VOTING")):
        return appraisal_flow()
    return flow()


def findings(
    rule_id: str,
    m: Meeting,
    when: datetime,
    *,
    flow_: mf.Flow | None = None,
    settings: Mapping[str, Any] | None = None,
) -> tuple[Finding, ...]:
    """The findings of one rule; fails if the rule is not applicable."""
    out = testing.evaluate(rule_id, m, at=when, flow=_flow_for(rule_id, flow_), settings=settings)
    assert out.applicable, f"{rule_id} was not applicable"
    for f in out.findings:
        _reads_well(f)
    return out.findings


_RULE_ID = re.compile(r"\b[A-Z]+(?:-[A-Z]+)+\b")
_SHOUTED = re.compile(r"\b[A-Z]{4,}\b")


def _reads_well(f: Finding) -> None:
    """Every value a message names is filled in, and its words are the catalogue's own: no
    ``None``, no placeholder, no shouting; ``repairable`` is a real flag."""
    assert isinstance(f.repairable, bool), (f.rule_id, f.repairable)
    for text in (f.message.zh, f.message.en):
        assert "None" not in text and "XX" not in text and "{" not in text, (f.rule_id, text)
    assert not _SHOUTED.search(_RULE_ID.sub("", f.message.en)), (f.rule_id, f.message.en)


def _subjects(f: Finding) -> dict[str, set[str]]:
    got: dict[str, set[str]] = {}
    for s in f.subjects:
        got.setdefault(s.kind, set()).add(s.id)
    return got


def one(
    rule_id: str,
    m: Meeting,
    when: datetime,
    *,
    key: str,
    path: str,
    members: Iterable[str] = (),
    subjects: Mapping[str, Iterable[str]] | None = None,
    severity: str = "error",
    flow_: mf.Flow | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Finding:
    """Assert the rule finds exactly one thing, with exactly this key, path, members and subjects."""
    found = findings(rule_id, m, when, flow_=flow_, settings=settings)
    shown = [(f.key, f.path, f.members, f.message.en) for f in found]
    assert len(found) == 1, f"{rule_id}: expected one finding, got {shown}"
    f = found[0]
    assert f.rule_id == rule_id
    assert (f.key, f.path) == (key, path), shown
    assert f.members == tuple(members), shown
    want = {k: set(v) for k, v in (subjects or {}).items()}
    assert _subjects(f) == want, f"{rule_id}: subjects {_subjects(f)} != {want}"
    assert f.severity.value == severity
    return f


def passes(
    rule_id: str,
    m: Meeting,
    when: datetime,
    *,
    flow_: mf.Flow | None = None,
    settings: Mapping[str, Any] | None = None,
) -> None:
    """Assert the rule applies and finds nothing."""
    testing.assert_passes(rule_id, m, at=when, flow=_flow_for(rule_id, flow_), settings=settings)


def not_applicable(
    rule_id: str,
    m: Meeting,
    when: datetime,
    *,
    flow_: mf.Flow | None = None,
    settings: Mapping[str, Any] | None = None,
) -> None:
    """Assert the rule's precondition does not hold."""
    testing.assert_not_applicable(
        rule_id, m, at=when, flow=_flow_for(rule_id, flow_), settings=settings
    )
