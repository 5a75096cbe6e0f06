"""Flows and meetings pickle: the default flow, with the appraisal track, with a custom stage
section — and the records of each (issue #7.9). An unpickled meeting carries no cached
digests or marks: it is validated and verified like any meeting from outside.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import ClassVar

import pytest
from integrity_kit import KEY

import meetingflow as mf
from meetingflow import errors, testing
from meetingflow.extensions import appraisal
from meetingflow.integrity import head, is_verified
from meetingflow.records import Day, Many, PersonRef, Placement, Prose, Record
from meetingflow.rules import RuleContext, facts, rule

CST = testing.CST


class LookbackVisit(Record):
    """The superior looks back at the rectification (a host's record type)."""

    record_into: ClassVar[Placement | None] = Placement(
        "extensions.lookback", "visits", "append", by=frozenset({"self"}), self_field="by_id"
    )
    by_id: PersonRef
    on: Day
    note: Prose = ""


class Lookback(Record):
    """The look-back stage's own section."""

    visits: Many[LookbackVisit] = ()


@rule(
    "HOST-LOOKBACK-VISIT",
    stage="lookback",
    title={"zh": "整改回头看", "en": "Look-back visit"},
    messages={"none": {"zh": "上级尚未回头看。", "en": "No look-back visit yet."}},
    hint={"zh": "上级代表回访。", "en": "A representative of the superior looks back."},
    basis="host policy",
)
def lookback_visit(meeting: mf.Meeting, ctx: RuleContext) -> Iterator[mf.Finding]:
    """Rectification nobody checks afterwards slides back."""
    section = meeting.extensions.lookback or Lookback()  # type: ignore[attr-defined]
    if not any(facts.is_superior(meeting, v.by_id) for v in section.visits):
        yield ctx.finding("extensions.lookback.visits", "none")


def lookback_flow(key: bytes | None = None) -> mf.Flow:
    return mf.default_flow(key=key).insert_stage(
        mf.Stage(
            "lookback",
            {"zh": "整改回头看", "en": "look-back"},
            sections=("rectification", "closing"),
            section=Lookback,
            optional=True,
            items=(LookbackVisit,),
        ),
        after="rectification",
        trigger="start_lookback",
        rules=[lookback_visit],
    )


def lookback_meeting(flow: mf.Flow) -> mf.Meeting:
    now = datetime(2021, 8, 20, 10, tzinfo=CST)
    meeting = testing.example("rectification", flow=flow)
    meeting = flow.fire(meeting, "start_lookback", actor="s01", at=now)
    return flow.record(
        meeting, LookbackVisit(by_id="s01", on=date(2021, 9, 1)), actor="s01", at=now
    )


CASES = {
    "default": (mf.default_flow, lambda f: testing.example("closed", flow=f)),
    "keyed": (lambda: mf.default_flow(key=KEY), lambda f: testing.example("closed", flow=f)),
    "appraisal": (
        lambda: mf.default_flow(extensions=[appraisal.TRACK]),
        lambda f: testing.example("closed", appraisal=True, flow=f),
    ),
    "custom stage": (lambda: lookback_flow(KEY), lookback_meeting),
}


@pytest.mark.parametrize("case", list(CASES))
def test_flows_and_their_meetings_pickle(case: str) -> None:
    make_flow, make_meeting = CASES[case]
    flow = make_flow()
    meeting = make_meeting(flow)
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        flow2 = pickle.loads(pickle.dumps(flow, protocol))
        assert flow2.stage_names == flow.stage_names
        assert [x.id for x in flow2.rules] == [x.id for x in flow.rules]
        assert flow2.key == flow.key
        meeting2 = pickle.loads(pickle.dumps(meeting, protocol))
        assert meeting2 == meeting and type(meeting2) is type(meeting)
        assert meeting2.model_dump_json() == meeting.model_dump_json()
        assert not is_verified(meeting2)  # nothing cached travels
        flow2.verify(meeting2, anchor=head(meeting))
        flow.verify(meeting2)
        # The unpickled flow carries on where the original left off.
        at = meeting.history[-1].at + timedelta(days=30)
        if meeting.stage == "closed":
            redone = flow2.fire(
                meeting2,
                "order_redo",
                actor="s01",
                at=at,
                reason="回头看发现问题",
                return_to="review",
            )
            assert redone == flow.fire(
                meeting,
                "order_redo",
                actor="s01",
                at=at,
                reason="回头看发现问题",
                return_to="review",
            )
        else:
            closed = flow2.fire(meeting2, "close", actor="s01", at=at)
            assert closed.stage == "closed"
            assert closed == flow.fire(meeting, "close", actor="s01", at=at)


def test_a_custom_section_survives_pickling_and_json() -> None:
    flow = lookback_flow()
    meeting = lookback_meeting(flow)
    again = pickle.loads(pickle.dumps(meeting))
    assert again.extensions.lookback.visits[0].by_id == "s01"  # type: ignore[attr-defined]
    assert flow.parse(again.model_dump_json()) == meeting


@pytest.mark.parametrize("clone", [copy.copy, copy.deepcopy, lambda m: m.model_copy()])
def test_copies_carry_no_cache_but_still_verify(clone: object) -> None:
    flow = mf.default_flow(key=KEY)
    meeting = testing.example("closed", flow=flow)
    assert is_verified(meeting, KEY)
    other = clone(meeting)  # type: ignore[operator]
    assert other == meeting and other is not meeting
    assert not is_verified(other)
    flow.verify(other, anchor=head(meeting))


def test_a_tampered_pickle_is_caught() -> None:
    flow = mf.default_flow(key=KEY)
    meeting = testing.example("closed", flow=flow)
    blob = pickle.dumps(meeting)
    text = meeting.critique.criticisms[0].text
    assert "推动" in text and text.encode() in blob
    forged = pickle.loads(blob.replace(text.encode(), text.replace("推动", "完成").encode()))
    assert forged.critique.criticisms[0].text != text  # same length in bytes: a clean edit
    with pytest.raises(errors.HistoryTampered):
        flow.verify(forged)
