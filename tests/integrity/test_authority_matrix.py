"""Every trigger x actor x stage, and every record type x actor x stage (issue #7.9).

No unauthorized call succeeds; a refused call raises the library's error and leaves its
input exactly as it was (the same JSON, the same head, still verifying).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest

import meetingflow as mf
from meetingflow import errors, testing
from meetingflow import records as r
from meetingflow.integrity import head

FLOW = mf.default_flow()
ACTORS = (*testing.Blueprint().ids, "s01", "nobody")
MEETINGS = {
    "preparation": lambda: testing.example("preparation"),
    "review": lambda: testing.example("review"),
    "critique": lambda: testing.example("critique"),
    "rectification": lambda: testing.example("rectification"),
    "closed": lambda: testing.example("closed"),
    "critique (flawed)": lambda: testing.example("critique", flawed=True),
    "rectification (after a redo)": lambda: testing.example("rectification", flawed=True),
}


@pytest.fixture(scope="module")
def meetings() -> dict[str, mf.Meeting]:
    return {name: make() for name, make in MEETINGS.items()}


def held(meeting: mf.Meeting, actor: str) -> set[str]:
    """The actor's authorities, worked out here from the record (not by the library)."""
    out = set()
    for m in meeting.roster:
        if m.id == actor:
            out.add("member")
            if r.BranchRole.SECRETARY in m.roles:
                out.add("secretary")
    session = meeting.review.session
    if session is not None and session.chair_id == actor:
        out.add("chair")
    if session is not None and session.recorder_id == actor:
        out.add("recorder")
    if any(s.id == actor for s in meeting.supervisors):
        out.add("supervisor")
    return out


def when(meeting: mf.Meeting) -> datetime:
    last = meeting.history[-1].at if meeting.history else testing.example_at("preparation")
    return max(last, testing.example_at(meeting.stage)) + timedelta(minutes=1)


def unchanged(meeting: mf.Meeting, before: str, anchor: str | None) -> None:
    assert meeting.model_dump_json() == before
    assert head(meeting) == anchor
    FLOW.verify(meeting, anchor=anchor)


def test_every_trigger_by_every_actor_in_every_stage(meetings: dict[str, mf.Meeting]) -> None:
    counts: Counter[str] = Counter()
    for name, meeting in meetings.items():
        at = when(meeting)
        before, anchor = meeting.model_dump_json(), head(meeting)
        for t in FLOW.transitions:
            for actor in ACTORS:
                authorized = bool(held(meeting, actor) & t.authorized)
                fireable = meeting.stage in t.sources
                extra = {"reason": "走过场", "return_to": t.dests[0]} if t.redo else {}
                status = FLOW.allowed(meeting, actor=actor, at=at)[t.trigger]
                try:
                    after = FLOW.fire(meeting, t.trigger, actor=actor, at=at, **extra)
                except errors.MeetingflowError as error:
                    unchanged(meeting, before, anchor)
                    if not fireable:
                        assert isinstance(error, errors.InvalidTransition), (name, t, actor)
                    elif not authorized:
                        assert isinstance(error, errors.NotPermitted), (name, t, actor)
                    else:
                        assert isinstance(error, errors.TransitionBlocked), (name, t, actor)
                    assert not status.ok or t.redo
                    counts["refused"] += 1
                    continue
                # Success: only for an actor holding an authority of the trigger, in a
                # stage it fires from, recorded as that actor's act.
                assert authorized and fireable, (name, t.trigger, actor)
                assert status.ok or t.redo
                event = after.history[-1]
                assert (event.actor, event.trigger, event.stage) == (
                    actor,
                    t.trigger,
                    meeting.stage,
                )
                assert after.version == meeting.version + 1 and after.stage in t.dests
                FLOW.verify(after)
                unchanged(meeting, before, anchor)
                counts["fired"] += 1
    print(f"\n[authority matrix] triggers x actors x stages: {dict(counts)}")
    assert counts["fired"] >= 8 and counts["refused"] > 300


def _samples() -> dict[str, r.Record]:
    """One record of every type a meeting records, taken from well-run scenarios."""
    found: dict[str, r.Record] = {}
    blueprints = (
        testing.Blueprint(),
        testing.Blueprint(absent=(("m05", "leave"), ("m06", "unexcused")), long_term=("m03",)),
    )
    for bp in blueprints:
        for step in testing.scenario(bp):
            for batch in step.batches:
                for item in batch.items:
                    found.setdefault(type(item).__name__, item)
    meeting = testing.example("preparation")
    for extra in (
        meeting.roster[4],
        meeting.supervisors[0],
        meeting.organization,
        meeting.campaign,
    ):
        found.setdefault(type(extra).__name__, extra)
    return found


def permitted(meeting: mf.Meeting, actor: str, item: r.Record) -> bool:
    placement = type(item).record_into
    assert placement is not None
    if held(meeting, actor) & placement.by:
        return True
    return "self" in placement.by and getattr(item, placement.self_field, None) == actor


def test_every_record_type_by_every_actor_in_every_stage(
    meetings: dict[str, mf.Meeting],
) -> None:
    samples = _samples()
    assert len(samples) >= 40
    counts: Counter[str] = Counter()
    for name, meeting in meetings.items():
        at = when(meeting)
        before, anchor = meeting.model_dump_json(), head(meeting)
        for item in samples.values():
            placement = type(item).record_into
            assert placement is not None
            open_ = FLOW.writable(meeting.stage, placement.path)
            for actor in ACTORS:
                allowed = open_ and permitted(meeting, actor, item)
                try:
                    after = FLOW.record(meeting, item, actor=actor, at=at)
                except errors.MeetingflowError as error:
                    unchanged(meeting, before, anchor)
                    if not open_:
                        assert isinstance(error, errors.SectionSealed), (name, item, actor)
                    elif not allowed:
                        assert isinstance(error, errors.NotPermitted), (name, item, actor)
                    else:  # permitted, but the record would not hold together
                        assert isinstance(error, errors.InvalidRecord), (name, item, actor)
                    counts[type(error).__name__] += 1
                    continue
                assert allowed, (name, type(item).__name__, actor)
                event = after.history[-1]
                assert (event.actor, event.kind) == (actor, "entry")
                assert event.paths and event.paths[0].startswith(placement.path)
                FLOW.verify(after)
                unchanged(meeting, before, anchor)
                counts["recorded"] += 1
    print(f"\n[authority matrix] record types x actors x stages: {dict(counts)}")
    assert counts["recorded"] > 100 and counts["NotPermitted"] > 100
    assert counts["SectionSealed"] > 100
