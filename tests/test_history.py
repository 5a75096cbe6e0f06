"""Tamper evidence: any edited, dropped or reordered event, or changed sealed section, is caught."""

from __future__ import annotations

import pytest

import meetingflow as mf
from meetingflow import testing


def tampered(meeting: mf.Meeting, **changes: object) -> mf.Meeting:
    return mf.Meeting.model_validate({**meeting.model_dump(), **changes})


def test_intact_history_verifies(closed: mf.Meeting) -> None:
    mf.verify_history(closed)
    mf.verify_history(testing.example("preparation"))


@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_edited_event_is_caught(closed: mf.Meeting, index: int) -> None:
    events = list(closed.history)
    events[index] = events[index].replace(actor="m02")
    with pytest.raises(mf.HistoryTampered) as info:
        mf.verify_history(tampered(closed, history=events))
    assert info.value.index == index


@pytest.mark.parametrize("index", [0, 1, 2])
def test_dropped_event_is_caught(closed: mf.Meeting, index: int) -> None:
    events = [e for i, e in enumerate(closed.history) if i != index]
    with pytest.raises(mf.HistoryTampered) as info:
        mf.verify_history(tampered(closed, history=events))
    assert info.value.index == index


def test_dropped_last_event_is_caught_by_the_stage(closed: mf.Meeting) -> None:
    with pytest.raises(mf.HistoryTampered, match="ends in stage 'rectification'"):
        mf.verify_history(tampered(closed, history=closed.history[:-1]))


def test_reordered_events_are_caught(closed: mf.Meeting) -> None:
    events = list(closed.history)
    events[1], events[2] = events[2], events[1]
    with pytest.raises(mf.HistoryTampered) as info:
        mf.verify_history(tampered(closed, history=events))
    assert info.value.index == 1


@pytest.mark.parametrize(
    ("path", "changes", "sealed_by"),
    [
        ("preparation.plan", {"venue": "别处"}, 0),
        ("review.session", {"recorder_id": "m02"}, 1),
        ("critique.criticisms[0]", {"text": "改过的批评"}, 2),
        ("rectification.items[0]", {"description": "改过的问题"}, 3),
        ("closing.minutes", {"place": "别处"}, 3),
        ("roster[4]", {"name": "换人"}, 1),
    ],
)
def test_changed_sealed_section_is_caught(
    closed: mf.Meeting, path: str, changes: dict[str, object], sealed_by: int
) -> None:
    with pytest.raises(mf.HistoryTampered) as info:
        mf.verify_history(testing.edit(closed, path, **changes))
    assert info.value.index == sealed_by and "changed" in str(info.value)


def test_archived_session_stays_sealed_after_redo(flow: mf.Flow, in_rect: mf.Meeting) -> None:
    at = testing.example_at("rectification")
    redo = flow.fire(
        in_rect, "order_redo", actor="s01", at=at, reason="流于形式", return_to="review"
    )
    mf.verify_history(redo)
    with pytest.raises(mf.HistoryTampered) as info:
        mf.verify_history(
            testing.edit(redo, "redone_sessions[0].critique.criticisms[0]", text="改")
        )
    assert info.value.index == len(redo.history) - 1


def test_history_without_events_must_be_in_the_initial_stage(prep: mf.Meeting) -> None:
    with pytest.raises(mf.HistoryTampered):
        mf.verify_history(prep.replace(stage="closed"))
