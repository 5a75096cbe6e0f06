"""Property-based tests: random triggers by random actors, and arbitrary JSON input."""

from __future__ import annotations

import contextlib
import json
from datetime import timedelta
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, given, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import meetingflow as mf
from meetingflow import examples, testing

FLOW = mf.default_flow()
ACTORS = ["m01", "m02", "m04", "m05", "m08", "m0001", "m0002", "m0006", "s01", "ghost"]
TRIGGERS = [*FLOW.triggers, "bogus"]
STARTS = [
    testing.example(stage, flawed=flawed)
    for stage in ("preparation", "review", "critique", "rectification", "closed")
    for flawed in (False, True)
    if not (flawed and stage == "closed")
] + [
    testing.synthetic(n, stage)
    for n in (7, 23)
    for stage in ("preparation", "critique", "rectification")
]
BASE_AT = testing.example_at("preparation")
EXPECTED = (mf.InvalidTransition, mf.NotPermitted, mf.TransitionBlocked, mf.InvalidArgument)


class Lifecycle(RuleBasedStateMachine):
    """Fire random triggers; check the invariants after every step."""

    @initialize(start=st.sampled_from(STARTS))
    def start(self, start: mf.Meeting) -> None:
        self.meeting = start
        self.snapshot = start.model_dump_json()
        self.minutes = 0

    @rule(
        trigger=st.sampled_from(TRIGGERS),
        actor=st.sampled_from(ACTORS),
        reason=st.sampled_from([None, "", "流于形式"]),
        return_to=st.sampled_from([None, "review", "preparation", "closed"]),
        days=st.integers(min_value=0, max_value=120),
    )
    def fire(
        self, trigger: str, actor: str, reason: str | None, return_to: str | None, days: int
    ) -> None:
        self.minutes += 1
        at = BASE_AT + timedelta(days=days, minutes=self.minutes)
        before = self.meeting
        dumped = before.model_dump_json()
        try:
            after = FLOW.fire(
                before, trigger, actor=actor, at=at, reason=reason, return_to=return_to
            )
        except EXPECTED:
            assert before.model_dump_json() == dumped  # a refused operation changes nothing
            return
        assert before.model_dump_json() == dumped  # the input is never mutated
        assert after.version == before.version + 1
        assert len(after.history) == len(before.history) + 1
        self.meeting = after

    @rule(days=st.integers(min_value=0, max_value=120))
    def check(self, days: int) -> None:
        dumped = self.meeting.model_dump_json()
        report = FLOW.check(self.meeting, at=BASE_AT + timedelta(days=days))
        assert report.stage == self.meeting.stage
        assert self.meeting.model_dump_json() == dumped

    @invariant()
    def history_holds(self) -> None:
        mf.verify_history(self.meeting)

    @invariant()
    def tampering_is_detected(self) -> None:
        if not self.meeting.history:
            return
        events = list(self.meeting.history)
        events[-1] = events[-1].replace(actor=events[-1].actor + "x")
        forged = mf.Meeting.model_validate({**self.meeting.model_dump(), "history": events})
        try:
            mf.verify_history(forged)
        except mf.HistoryTampered:
            return
        raise AssertionError("tampered history verified")


TestLifecycle = Lifecycle.TestCase
TestLifecycle.settings = settings(max_examples=60, stateful_step_count=12, deadline=None)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.one_of(json_values.map(json.dumps), st.text(max_size=40), st.binary(max_size=40)))
@settings(max_examples=300, deadline=None)
def test_arbitrary_json_only_raises_invalid_record(raw: Any) -> None:
    with contextlib.suppress(mf.InvalidRecord):
        mf.Meeting.model_validate_json(raw)


VALID = json.loads(examples.new_meeting().model_dump_json())
CLOSED = json.loads(testing.example("closed").model_dump_json())


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _mutate(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    doc = json.loads(json.dumps(doc))
    if not path:
        return value
    node = doc
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return doc


@given(data=st.data(), doc=st.sampled_from([VALID, CLOSED]))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_valid_records_only_raise_invalid_record(data: st.DataObject, doc: Any) -> None:
    path = data.draw(st.sampled_from(_paths(doc)))
    value = data.draw(json_values)
    raw = json.dumps(_mutate(doc, path, value))
    try:
        m = mf.Meeting.model_validate_json(raw)
    except mf.InvalidRecord as error:
        assert error.entries
        return
    with contextlib.suppress(mf.HistoryTampered):
        mf.verify_history(m)
