"""Nothing altered, nothing lost (issue #7.4): generated records survive JSON exactly.

Hypothesis records random items — arbitrary text (full-width and no-break spaces, tabs,
emoji, combining marks, bidi controls), dates, fractional hours, instants at any whole-minute
offset with microseconds — into the example meeting through the flow. The record dumped and
parsed again is equal, dumps to the same bytes, keeps every text and every instant's offset,
still verifies against its anchor, and its digests are what ``meetingflow.canonical``
computes from the JSON alone (which an independent RFC 8785 implementation agrees with).
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta, timezone
from typing import Any

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

import meetingflow as mf
from meetingflow import canonical, errors, testing
from meetingflow import records as r
from meetingflow.integrity import head, state_digest_of

FLOW = mf.default_flow()
START = testing.example("preparation")
MEMBERS = [m.id for m in START.roster]

SPECIAL = [
    "\u3000\u3000全角缩进",
    "\u00a0不换行空格\u00a0",
    " leading and trailing ",
    "\ttab\nnewline\r\n",
    "emoji 🎉👨‍👩‍👧",
    "combining e\u0301 and \u0928\u093f",
    "\u202eright-to-left\u202c",
    "\ufeffbyte order mark",
    "line\u2028separator\u2029",
    'quotes " and \\ backslash',
    "\x00\x01\x1f control",
    "\ud7ff\ue000\uffff edge code points",
    "𠀀 astral 𝄞",
]
TEXT = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
)
REQUIRED = TEXT.filter(lambda t: t.strip() != "")
IDS = st.one_of(
    st.from_regex(r"[a-z0-9][a-z0-9_.\-]{0,12}", fullmatch=True),
    st.sampled_from(["问题-一", "Ω-1", "x y", "id#1"]),
)
DAYS = st.dates(date(1990, 1, 1), date(2021, 6, 1))
"""Days of facts, all before START: Flow.record refuses a fact dated after its recording."""
OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
HOURS = st.one_of(
    st.sampled_from([0.0, 0.1, 0.5, 1e-7, 2.5, 23.999999, 24.0, 1 / 3]),
    st.floats(0, 24, allow_nan=False, allow_infinity=False),
)


def items() -> st.SearchStrategy[r.Record]:
    member = st.sampled_from(MEMBERS)
    return st.one_of(
        st.builds(
            r.Opinion,
            id=IDS,
            source_kind=st.sampled_from(list(r.OpinionSource)),
            target_member=st.one_of(st.none(), member),
            text=REQUIRED,
            collected_on=DAYS,
            fed_back_on=st.one_of(st.none(), DAYS),
        ),
        st.builds(
            r.Problem,
            id=IDS,
            scope=st.just(r.ProblemScope.MEMBER),
            owner_id=member,
            description=REQUIRED,
            root_cause=TEXT,
            listed_on=st.one_of(st.none(), DAYS),
        ),
        st.builds(r.StudySession, id=IDS, held_on=DAYS, hours=HOURS, topic=TEXT),
        st.builds(r.SpotCheck, by_id=st.just("s01"), on=DAYS, note=TEXT),
        st.builds(r.OpinionSummary, by_id=member, on=DAYS, text=TEXT),
        st.tuples(member, member, DAYS, TEXT)
        .filter(lambda t: t[0] != t[1])
        .map(lambda t: r.Talk(person_a=t[0], person_b=t[1], held_on=t[2], note=t[3])),
    )


BATCHES = st.lists(
    st.tuples(
        st.lists(items(), min_size=1, max_size=3),
        st.integers(0, 60 * 24 * 400),  # minutes after the batch before
        st.integers(0, 999_999),  # microseconds
        OFFSETS,
    ),
    min_size=1,
    max_size=5,
)


def play(batches: list[tuple[list[r.Record], int, int, timezone]]) -> mf.Meeting:
    meeting = START
    at = START.history[-1].at
    for batch, minutes, micros, zone in batches:
        at = (at + timedelta(minutes=minutes)).replace(microsecond=micros)
        at = max(at, meeting.history[-1].at).astimezone(zone)
        actor = "s01" if isinstance(batch[0], r.SpotCheck) else "m01"
        mine = [x for x in batch if isinstance(x, r.SpotCheck) == (actor == "s01")]
        meeting = FLOW.record(meeting, *mine, actor=actor, at=at)
    return meeting


@given(BATCHES)
def test_generated_records_survive_json_and_still_verify(batches: Any) -> None:
    meeting = play(batches)
    raw = meeting.model_dump_json()
    again = FLOW.parse(raw)
    assert again == meeting
    assert again.model_dump_json() == raw
    # Every instant keeps its offset, not just the moment it names.
    for before, after in zip(meeting.history, again.history, strict=True):
        assert after.at.isoformat() == before.at.isoformat()
        assert after.at.utcoffset() == before.at.utcoffset()
    FLOW.verify(again, anchor=head(meeting))
    # The digests are the JSON's own, computed from the JSON text alone.
    data = json.loads(raw)
    assert canonical.state_digest(data) == state_digest_of(again) == meeting.history[-1].state
    for event, stored in zip(meeting.history, data["history"], strict=True):
        assert canonical.event_digest(stored) == event.digest
    # Through a Python dict too (what a web framework hands over).
    assert FLOW.meeting_type.model_validate(data) == meeting


@given(st.lists(items(), min_size=1, max_size=4))
def test_text_is_stored_exactly_as_given(recorded: list[r.Record]) -> None:
    at = START.history[-1].at + timedelta(days=1)
    actor = "s01" if isinstance(recorded[0], r.SpotCheck) else "m01"
    recorded = [x for x in recorded if isinstance(x, r.SpotCheck) == (actor == "s01")]
    meeting = FLOW.parse(FLOW.record(START, *recorded, actor=actor, at=at).model_dump_json())
    # An item with an identity replaces the one recorded before it with the same identity.
    last: dict[Any, r.Record] = {}
    for n, x in enumerate(recorded):
        placement = type(x).record_into
        assert placement is not None
        ident = {"upsert": getattr(x, placement.key, None), "set": "the one", "append": n}[
            placement.mode
        ]
        last[(type(x), ident)] = x
    for x in last.values():
        placement = type(x).record_into
        assert placement is not None
        stored = getattr(meeting.preparation, placement.field)
        assert x in (stored if isinstance(stored, tuple) else (stored,))
        # Field by field, the very same strings: nothing stripped, normalized or re-encoded.
        match = next(y for y in (stored if isinstance(stored, tuple) else (stored,)) if y == x)
        for name in type(x).model_fields:
            assert getattr(match, name) == getattr(x, name)
            assert type(getattr(match, name)) is type(getattr(x, name))


@pytest.mark.parametrize(
    "zone, ok",
    [
        (timezone(timedelta(hours=5, minutes=30)), True),
        (timezone(timedelta(hours=-9, minutes=-30)), True),
        (timezone.utc, True),
        (timezone(timedelta(hours=5, minutes=30, seconds=15)), False),
        (timezone(timedelta(hours=8, minutes=5, seconds=43)), False),
        (timezone(timedelta(microseconds=1)), False),
    ],
)
def test_offsets_are_kept_or_refused_clearly(zone: timezone, ok: bool) -> None:
    at = (START.history[-1].at + timedelta(days=1)).astimezone(zone)
    item = r.SpotCheck(by_id="s01", on=date(2021, 6, 1))
    if not ok:
        with pytest.raises(errors.InvalidArgument, match="offset"):
            FLOW.record(START, item, actor="s01", at=at)
        with pytest.raises(errors.InvalidRecord):
            START.history[0].evolve(at=at)
        return
    meeting = FLOW.record(START, item, actor="s01", at=at)
    again = FLOW.parse(meeting.model_dump_json())
    assert again.history[-1].at.utcoffset() == zone.utcoffset(None)


def test_non_finite_numbers_are_refused_everywhere() -> None:
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(errors.InvalidRecord):
            r.StudySession(id="s", held_on=date(2021, 6, 1), hours=bad)
        with pytest.raises(errors.InvalidRecord):
            mf.RuleSettings(min_study_hours=bad)
        with pytest.raises(errors.InvalidArgument):
            canonical.jcs({"hours": bad})
    for token in ("NaN", "Infinity", "-Infinity", "1e400"):
        raw = START.model_dump_json().replace('"hours":4.0', f'"hours":{token}')
        with pytest.raises(errors.InvalidRecord):
            FLOW.parse(raw)
    assert '"min_study_hours":0.0' in mf.RuleSettings().model_dump_json()


JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**53) + 1, 2**53 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(st.characters(exclude_categories=["Cs"])),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.text(st.characters(exclude_categories=["Cs"]), max_size=6), inner, max_size=4
        ),
    ),
    max_leaves=20,
)


@given(JSON)
def test_the_canonical_form_is_rfc_8785(value: Any) -> None:
    assert canonical.jcs(value) == rfc8785.dumps(value).decode("utf-8")


@pytest.mark.parametrize("value", [2**53, -(2**53), 10**30])
def test_integers_beyond_i_json_are_refused(value: int) -> None:
    with pytest.raises(errors.InvalidArgument):
        canonical.jcs(value)
    with pytest.raises(rfc8785.IntegerDomainError):
        rfc8785.dumps(value)
