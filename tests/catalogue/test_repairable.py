"""Whether a finding can still be repaired in its stage (``Finding.repairable``), at the day it
stops being so: a gate treats an unrepairable error differently (the remedy is a postponement or
an explanation, not more work), so the flag is part of the verdict."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from . import fixtures as fx
from .fixtures import SITTING, days, edit, findings, on

if TYPE_CHECKING:
    from meetingflow.records import Meeting


def _only(rule_id: str, m: Meeting, when: object) -> bool:
    (f,) = findings(rule_id, m, when)  # type: ignore[arg-type]
    return f.repairable


@pytest.mark.parametrize(("before", "repairable"), [(10, True), (9, False)])
def test_prep_advance_notice_repairable_while_n_days_remain(
    prep: Meeting, before: int, repairable: bool
) -> None:
    rows = tuple(n for n in prep.preparation.notifications if n.member_id != "m05")
    m = edit(prep, "preparation", notifications=rows)
    assert _only("PREP-ADVANCE-NOTICE", m, on(days(-before))) is repairable


@pytest.mark.parametrize(("when", "repairable"), [(SITTING, True), (days(1), False)])
def test_prep_spot_check_repairable_until_the_sitting(
    prep: Meeting, when: date, repairable: bool
) -> None:
    m = edit(prep, "preparation", spot_checks=())
    assert _only("PREP-SPOT-CHECK", m, on(when)) is repairable


@pytest.mark.parametrize(("when", "repairable"), [(days(-1), True), (SITTING, False)])
def test_prep_cadre_feedback_repairable_before_the_sitting(
    prep: Meeting, when: date, repairable: bool
) -> None:
    m = edit(prep, "preparation.opinions[2]", fed_back_on=None)
    assert _only("PREP-CADRE-FEEDBACK", m, on(when)) is repairable


@pytest.mark.parametrize(
    ("when", "repairable"), [(date(2021, 6, 30), True), (date(2021, 7, 1), False)]
)
def test_hier_held_by_deadline_repairable_until_the_deadline(when: date, repairable: bool) -> None:
    m = edit(fx.flawed("rectification"), "redone_sessions[0].order", on=date(2021, 7, 1))
    late = edit(m, "redone_sessions[0].review.session", held_on=date(2021, 7, 1))
    assert _only("HIER-HELD-BY-DEADLINE", late, on(when)) is repairable


def test_rect_plan_timely_late_is_never_repairable(rect: Meeting) -> None:
    assert _only("RECT-PLAN-TIMELY", edit(rect, "rectification", plan=None), on(days(8))) is False
    late = edit(rect, "rectification.plan", issued_on=days(8))
    assert _only("RECT-PLAN-TIMELY", late, on(days(9))) is False


def test_att_makeup_late_is_never_repairable() -> None:
    m = fx.absences("rectification")
    index = next(i for i, x in enumerate(m.rectification.makeups) if x.member_id == "m06")
    m = edit(m, f"rectification.makeups[{index}]", on=days(31))
    assert _only("ATT-MAKEUP", m, fx.at("rectification")) is False
