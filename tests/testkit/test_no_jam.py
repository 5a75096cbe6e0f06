"""No meeting can jam (issue #9).

From every reachable state a closed meeting stays reachable: every finding that blocks a
forward transition points at a path that can still be recorded in the current stage, or
belongs to a strict gate of that transition (the critique gate), which a redo cures — and a
redo can be ordered from that stage. The flow checks this of every rule when it is built
(``FlowDefinitionError``); here it is checked of generated meetings in every stage of the
default flow, the flow with the appraisal track and a host's flow with a follow-up stage —
edge cases included (no session, one member, everyone absent, redone sittings), since a rule
that crashes on them jams the meeting just as surely.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import meetingflow as mf
from meetingflow import testing
from meetingflow.errors import FlowDefinitionError
from meetingflow.extensions import appraisal
from meetingflow.rules import RuleContext
from meetingflow.testing import strategies

from .followup import EXTRAS, follow_up_flow

FLOWS: dict[str, mf.Flow] = {
    "default": mf.default_flow(),
    "appraisal": mf.default_flow(extensions=[appraisal.TRACK]),
    "follow_up": follow_up_flow(),
}
CASES = [(name, stage) for name, flow in FLOWS.items() for stage in flow.stage_names]


def jams(flow: mf.Flow, meeting: mf.Meeting, at: datetime) -> list[str]:
    """What would keep ``meeting`` from ever moving on: one line per offending finding."""
    here = meeting.stage
    redo_here = any(t.redo and here in t.sources for t in flow.transitions)
    problems: list[str] = []
    forward = [t for t in flow.transitions if not t.redo and here in t.sources]
    for t in forward:
        strict = {rule.id for rule, is_strict in flow.gate_rules(t.trigger, here) if is_strict}
        reports = [flow.check(meeting, at=at, trigger=t.trigger).blocking]
        for actor in {testing.SUPERVISOR, meeting.roster[0].id}:
            reports.append(flow.allowed(meeting, actor=actor, at=at)[t.trigger].blocking)
        for blocking in reports:
            for f in blocking:
                if flow.writable(here, f.path):
                    continue
                if f.rule_id in strict and redo_here:
                    continue
                problems.append(
                    f"{f.rule_id} blocks {t.trigger} from {here} at {f.path}, which is sealed"
                    + (" (strict, but no redo from here)" if f.rule_id in strict else "")
                )
    return problems


@pytest.mark.parametrize(("name", "stage"), CASES, ids=[f"{n}-{s}" for n, s in CASES])
def test_no_generated_meeting_can_jam(name: str, stage: str) -> None:
    flow = FLOWS[name]
    extras = EXTRAS if name == "follow_up" else None
    meetings = strategies.meetings(flow, stages=[stage], max_members=12)
    with_host_data = strategies.meetings(flow, stages=[stage], max_members=12, extras=extras)

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(meetings, with_host_data), st.data())
    def run(meeting: mf.Meeting, data: st.DataObject) -> None:
        at = data.draw(strategies.check_times(meeting))
        assert meeting.stage == stage
        assert jams(flow, meeting, at) == []

    run()


def test_the_examples_cannot_jam_either() -> None:
    for name, flow in FLOWS.items():
        for stage in flow.stage_names:
            bp = testing.Blueprint(extras=EXTRAS if name == "follow_up" else ())
            meeting = testing.build(stage, bp, flow=flow)
            assert jams(flow, meeting, testing.example_at(stage, flow=flow, bp=bp)) == []


def test_a_flawed_sitting_is_blocked_by_the_critique_gate_and_a_redo_cures_it() -> None:
    flow = FLOWS["default"]
    meeting = testing.example("critique", flawed=True)
    at = testing.example_at("critique")
    blocking = flow.check(meeting, at=at, trigger="start_rectification").blocking
    strict = {
        r.id for r, is_strict in flow.gate_rules("start_rectification", "critique") if is_strict
    }
    assert strict == set(mf.flow.SITTING_RULES)
    assert {f.rule_id for f in blocking} & strict, "the praise passed off as criticism blocks"
    assert jams(flow, meeting, at) == []
    redone = flow.fire(
        meeting,
        "order_redo",
        actor=testing.SUPERVISOR,
        at=at,
        reason="形式主义",
        return_to="review",
    )
    assert redone.stage == "review"
    assert testing.example("rectification", flawed=True).redone_sessions  # the story goes on


def _sealed_rule(**kw: object) -> mf.Rule:
    def check(m: mf.Meeting, ctx: RuleContext) -> Iterator[mf.Finding]:
        """Points back at what the sitting recorded."""
        yield ctx.finding("review.session")

    return mf.rule(  # type: ignore[call-overload,no-any-return]
        "HOST-LOOKS-BACK",
        title=("回看会议", "Looks back at the sitting"),
        messages={"default": ("会议记录有问题。", "The sitting's record is wrong.")},
        hint=("无从修正。", "Nothing can fix it now."),
        basis="host policy",
        **kw,
    )(check)


def test_a_rule_that_could_block_from_a_sealed_path_is_refused_when_the_flow_is_built() -> None:
    rule = _sealed_rule(stage="rectification", paths=("review",))
    with pytest.raises(FlowDefinitionError) as caught:
        mf.default_flow().add_rules(rule)
    message = str(caught.value)
    assert "HOST-LOOKS-BACK" in message
    assert "'close'" in message and "'review'" in message and "sealed" in message


def test_the_same_rule_is_refused_in_a_custom_stage() -> None:
    rule = _sealed_rule(stage="follow_up", paths=("rectification.items",))
    with pytest.raises(FlowDefinitionError, match="HOST-LOOKS-BACK"):
        follow_up_flow().add_rules(rule)


def test_the_same_rule_is_accepted_when_it_cannot_block() -> None:
    for kw in ({"gate": "none"}, {"paths": ("rectification",)}):
        fields: dict[str, object] = {"stage": "rectification", "paths": ("review",), **kw}
        mf.default_flow().add_rules(_sealed_rule(**fields))


def test_a_strict_gate_needs_a_redo_from_its_stage() -> None:
    rule = _sealed_rule(stage="review", gate="none", paths=("review",))
    flow = mf.default_flow().add_rules(rule)
    with pytest.raises(FlowDefinitionError, match="no redo can be ordered"):
        flow.with_gates("start_critique", "HOST-LOOKS-BACK", strict=True)


def test_a_gating_rule_without_paths_on_a_stage_that_owns_nothing_is_refused() -> None:
    rule = _sealed_rule(stage="closed", gate="entry")
    try:
        mf.default_flow().add_rules(rule)
    except FlowDefinitionError as error:
        assert "HOST-LOOKS-BACK" in str(error)
    else:
        raise AssertionError("accepted a rule that may point anywhere")
