"""The tools hosts use in their own tests: the pytest plugin and the Hypothesis strategies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

import meetingflow as mf
from meetingflow import strategies, testing


def test_plugin_fixtures(
    meetingflow_flow: mf.Flow,
    meetingflow_example: Callable[..., mf.Meeting],
    meetingflow_at: Callable[[str], datetime],
) -> None:
    m = meetingflow_example("critique", flawed=True)
    assert m.stage == "critique"
    report = meetingflow_flow.check(m, at=meetingflow_at("critique"))
    assert "CRIT-SUBSTANTIVE" in {f.rule_id for f in report.findings}


@given(meeting=strategies.meetings(), data=st.data())
@settings(max_examples=25, deadline=None)
def test_strategies_give_valid_meetings_and_every_rule_runs(
    meeting: mf.Meeting, data: st.DataObject
) -> None:
    mf.verify_history(meeting)
    flow = mf.default_flow()
    at = data.draw(strategies.check_times())
    report = flow.check(meeting, at=at)
    assert report.stage == meeting.stage
    actor = data.draw(strategies.actors(meeting))
    trigger = data.draw(strategies.triggers(flow))
    options = flow.allowed(meeting, actor=actor, at=at)
    assert set(options.allowed) <= set(flow.triggers)
    if trigger in options:
        after = flow.fire(meeting, trigger, actor=actor, at=at, reason="property test")
        assert after.version == meeting.version + 1


def test_synthetic_meetings_are_compliant_at_every_size() -> None:
    flow = mf.default_flow()
    for n in (6, 17, 60):
        m = testing.synthetic(n, "rectification")
        assert len(m.roster) == n
        report = flow.check(m, at=testing.example_at("rectification"))
        assert report.findings == (), [f.rule_id for f in report.findings]
