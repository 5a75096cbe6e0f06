"""What gates what, through the public API: ``check`` (with and without ``trigger=``),
``allowed`` and ``fire`` (clarifications 2, 3, 11, 12, 13, 15, 16)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from meetingflow import testing
from meetingflow.errors import TransitionBlocked

from . import fixtures as fx
from .fixtures import SEC, edit

if TYPE_CHECKING:
    import meetingflow as mf
    from meetingflow.records import Meeting


def blocked(
    flow: mf.Flow, m: Meeting, trigger: str, when: object, actor: str = SEC
) -> tuple[str, ...]:
    """Fire ``trigger``; it must be refused. The ids of the blocking rules, in rule order."""
    with pytest.raises(TransitionBlocked) as caught:
        flow.fire(m, trigger, actor=actor, at=when)
    return caught.value.report.blocking_rule_ids


# --- clarification 11: the start of the sitting -------------------------------------------------


PREP_AT = fx.at("preparation")


def test_compliant_meeting_starts(prep: Meeting) -> None:
    flow = fx.flow()
    assert flow.check(prep, at=PREP_AT, trigger="start_review").blocking == ()
    assert "start_review" in flow.allowed(prep, actor=SEC, at=PREP_AT)
    assert flow.fire(prep, "start_review", actor=SEC, at=PREP_AT).stage == "review"


def test_regression_prep_readiness_gate_blocks_on_the_day_of_the_sitting(prep: Meeting) -> None:
    """Unprepared on the planned day: the sitting cannot start (postpone it, 不急于开会)."""
    m = testing.rechain(edit(prep, "preparation", study_sessions=(), spot_checks=()))
    assert blocked(fx.flow(), m, "start_review", PREP_AT) == ("PREP-STUDY",)
    # a week after the planned day, still unprepared: still blocked
    assert blocked(fx.flow(), m, "start_review", PREP_AT + timedelta(days=7)) == ("PREP-STUDY",)
