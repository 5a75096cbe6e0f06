"""Hypothesis strategies for hosts' property-based tests (needs ``hypothesis``: the test extra).

>>> from hypothesis import given
>>> from meetingflow.strategies import meetings
>>> @given(meetings())
... def test_my_rule_never_crashes(meeting): ...
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import strategies as st

from meetingflow import examples, testing
from meetingflow.flow import Flow
from meetingflow.records import Meeting

STAGES = ("preparation", "review", "critique", "rectification", "closed")


@st.composite
def meetings(
    draw: st.DrawFn,
    stages: tuple[str, ...] = STAGES,
    members: st.SearchStrategy[int] | None = None,
) -> Meeting:
    """Valid meetings: the built-in examples (compliant or flawed) or synthetic ones of any size."""
    stage = draw(st.sampled_from(stages))
    kind = draw(st.sampled_from(["compliant", "flawed", "synthetic"]))
    if kind == "synthetic":
        n = draw(members if members is not None else st.integers(min_value=6, max_value=40))
        return testing.synthetic(n, stage)
    if kind == "flawed" and stage != "closed":
        return examples.meeting_at(stage, flawed=True)
    return examples.meeting_at(stage)


def check_times(stage: str = "rectification", days: int = 120) -> st.SearchStrategy[datetime]:
    """Aware check times from the example's time in ``stage`` up to ``days`` later."""
    start = examples.at_of(stage)
    return st.integers(min_value=0, max_value=days * 24 * 60).map(
        lambda minutes: start + timedelta(minutes=minutes)
    )


def actors(meeting: Meeting) -> st.SearchStrategy[str]:
    """Roster members, supervisors, and one stranger."""
    people = [m.id for m in meeting.roster] + [s.id for s in meeting.supervisors]
    return st.sampled_from([*people, "stranger"])


def triggers(flow: Flow) -> st.SearchStrategy[str]:
    """The flow's triggers and one unknown name."""
    return st.sampled_from([*flow.triggers, "no_such_trigger"])
