"""Flows: definitions validated at build, derivations, the shared machine, the operations."""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import ClassVar

import attrs
import pytest

import meetingflow as mf
from meetingflow import errors, testing
from meetingflow import records as r
from meetingflow.extensions import appraisal
from meetingflow.flow import DEFAULT_STAGES, DEFAULT_TRANSITIONS, Stage, Transition
from meetingflow.records import Day, Happened, Many, Placement, Record
from meetingflow.rules import RuleContext, RulePack, rule

AT = testing.example_at
PLAIN = tuple(attrs.evolve(t, strict_gates=()) for t in DEFAULT_TRANSITIONS)


def build(**changes: object) -> mf.Flow:
    fields: dict[str, object] = {
        "name": "t",
        "stages": DEFAULT_STAGES,
        "transitions": PLAIN,
        "pack": RulePack("empty"),
    }
    fields.update(changes)
    return mf.Flow.build(**fields)  # type: ignore[arg-type]


def problems(**changes: object) -> str:
    with pytest.raises(errors.FlowDefinitionError) as caught:
        build(**changes)
    return "\n".join(caught.value.problems)


def _named(stage: Stage, name: str) -> Stage:
    object.__setattr__(stage, "name", name)  # past Stage's own check, to reach the flow's
    return stage


def test_definition_problems_are_reported_together() -> None:
    stages = (
        *DEFAULT_STAGES,
        Stage("closed", mf.Text("重复", "dup")),
        _named(Stage("bad", mf.Text("坏", "bad")), "Bad Name"),  # Stage() itself refuses it
    )
    transitions = (
        *PLAIN,
        Transition("state", "nowhere", "closed", {"secretary"}, mf.Text("a", "b")),
    )
    text = problems(stages=stages, transitions=transitions)
    for part in (
        "'closed' is used twice",
        "'Bad Name' must be lower_snake_case",
        "unknown stage 'nowhere'",
        "trigger name 'state'",
    ):
        assert part in text


def test_a_stage_with_a_bad_name_is_refused_when_made() -> None:
    with pytest.raises(errors.InvalidArgument, match="'Look Back' must be lower_snake_case"):
        Stage("Look Back", mf.Text("回头看", "look back"))


def test_unknown_authority_and_unreachable_stage() -> None:
    stages = (*DEFAULT_STAGES[:-1], Stage("island", mf.Text("孤岛", "island")), DEFAULT_STAGES[-1])
    text = problems(
        stages=stages,
        transitions=(
            *PLAIN[:-1],
            Transition("x", "closed", "review", {"boss"}, mf.Text("x", "x"), redo=True),
        ),
    )
    assert "unknown authority 'boss'" in text and "'island' cannot be reached" in text


def test_a_rule_that_could_block_from_a_sealed_path_is_a_definition_error() -> None:
    @rule(
        "HOST-LATE",
        stage="review",
        title=("迟", "late"),
        messages={"m": ("m", "m")},
        hint=("h", "h"),
        basis="test",
        paths=("preparation",),
    )
    def late(m: r.Meeting, ctx: RuleContext) -> Iterator[mf.Finding]:
        yield from ()

    text = problems(pack=RulePack("p", rules=(late,)))
    assert "HOST-LATE gates 'start_critique'" in text and "sealed" in text
    build(pack=RulePack("p", rules=(late.evolve(gate="none"),)))  # on record only: fine


def test_a_strict_gate_needs_a_redo() -> None:
    transitions = tuple(t for t in DEFAULT_TRANSITIONS if not t.redo)
    text = problems(transitions=(*transitions,), pack=mf.default_flow().pack)
    assert "no redo can be ordered" in text


def test_gate_references_must_exist() -> None:
    t = PLAIN[0]
    text = problems(
        transitions=(
            Transition(t.trigger, t.sources, t.dests, t.authorized, t.title, gates=("NOPE-RULE",)),
            *PLAIN[1:],
        )
    )
    assert "unknown rule NOPE-RULE" in text


def test_settings_are_validated_with_paths() -> None:
    with pytest.raises(errors.FlowDefinitionError, match=r"settings\.report_within_days"):
        mf.default_flow(settings={"report_within_days": -1})
    with pytest.raises(errors.FlowDefinitionError, match=r"settings\.min_study_hours"):
        mf.default_flow(settings={"min_study_hours": float("inf")})
    assert mf.default_flow(settings={"report_within_days": 30}).settings.report_within_days == 30


def test_the_machine_decides_and_stays_shared() -> None:
    flow = mf.default_flow()
    assert flow is mf.default_flow()
    m = testing.example("preparation")
    fired = flow.fire(m, "start_review", actor="m01", at=AT("preparation"))
    assert (m.stage, fired.stage, fired.version) == ("preparation", "review", m.version + 1)
    event = fired.history[-1]
    assert (event.kind, event.trigger, event.stage, event.target, event.actor) == (
        "transition",
        "start_review",
        "preparation",
        "review",
        "m01",
    )
    with pytest.raises(errors.NotPermitted):
        flow.fire(m, "start_review", actor="m05", at=AT("preparation"))
    with pytest.raises(errors.InvalidTransition):
        flow.fire(m, "close", actor="s01", at=AT("preparation"))
    with pytest.raises(errors.UnknownTrigger):
        flow.fire(m, "launch", actor="m01", at=AT("preparation"))


def test_allowed_explains_every_trigger(flow: mf.Flow, in_critique: mf.Meeting) -> None:
    options = flow.allowed(in_critique, actor="m01", at=AT("critique"))
    assert options.allowed == ("start_rectification",)
    assert "start_rectification" in options and options["close"].why_not
    assert not options["order_redo"].ok
    body = options.to_dict("en")
    assert body["allowed"] == ["start_rectification"] and body["triggers"][0]["title"]
    redo = flow.allowed(in_critique, actor="s01", at=AT("critique"))
    assert redo["order_redo"].ok


def test_redo_needs_a_reason_and_a_known_destination(
    flow: mf.Flow, in_critique: mf.Meeting
) -> None:
    with pytest.raises(errors.InvalidArgument, match="reason"):
        flow.fire(in_critique, "order_redo", actor="s01", at=AT("critique"))
    with pytest.raises(errors.InvalidArgument, match="return_to"):
        flow.fire(
            in_critique,
            "order_redo",
            actor="s01",
            at=AT("critique"),
            reason="x",
            return_to="closed",
        )
    redone = flow.fire(
        in_critique,
        "order_redo",
        actor="s01",
        at=AT("critique"),
        reason="流于形式",
        new_date=date(2021, 7, 2),
        notified=("m01",),
    )
    assert redone.stage == "review" and redone.review.session is None
    archived = redone.redone_sessions[0]
    assert archived.order.new_date == date(2021, 7, 2) and archived.review.session is not None
    flow.verify(redone)


def test_expected_version_detects_races(flow: mf.Flow, prep: mf.Meeting) -> None:
    a = flow.fire(
        prep, "start_review", actor="m01", at=AT("preparation"), expected_version=prep.version
    )
    with pytest.raises(errors.VersionConflict) as caught:
        flow.fire(a, "start_critique", actor="m01", at=AT("review"), expected_version=prep.version)
    assert caught.value.to_dict()["status"] == 409
    with pytest.raises(errors.VersionConflict):
        flow.fire(prep, "start_review", actor="m01", at=AT("preparation"), expected_head="0" * 64)


def test_derivations_leave_the_original_alone() -> None:
    flow = mf.default_flow()
    quiet = (
        flow.with_pack(flow.pack.disable("PREP-SPOT-CHECK"))
        .with_authorized("close", "supervisor", "secretary")
        .renamed("q")
    )
    assert "PREP-SPOT-CHECK" in {x.id for x in flow.rules} and "PREP-SPOT-CHECK" not in {
        x.id for x in quiet.rules
    }
    assert quiet.transition("close").authorized == {"supervisor", "secretary"} and flow.transition(
        "close"
    ).authorized == {"supervisor"}
    assert quiet.name == "q" and flow.name == "default"


def test_pack_changes_are_checked() -> None:
    pack = mf.default_flow().pack
    with pytest.raises(errors.InvalidArgument):
        pack.override("PREP-NOTICE", severity="fatal")
    with pytest.raises(errors.InvalidArgument):
        pack.override("PREP-NOTICE", check=None)
    with pytest.raises(errors.UnknownRule):
        pack.get("NOPE-X")
    with pytest.raises(errors.FlowDefinitionError, match="cannot disable rule NOPE-X"):
        mf.default_flow(pack=pack.disable("NOPE-X"))
    assert mf.default_flow(pack=pack.with_severity("PREP-SPOT-CHECK", "error")).rules


class Visit(Record):
    """A look-back visit (test section item)."""

    record_into: ClassVar[Placement | None] = Placement(
        "extensions.lookback", "visits", "append", by=frozenset({"supervisor"})
    )
    on: Day


class Lookback(Record):
    """The look-back section."""

    visits: Many[Visit] = ()


def test_a_custom_stage_with_its_own_section() -> None:
    stage = Stage(
        "lookback",
        mf.Text("回头看", "look-back"),
        sections=("rectification", "closing"),
        section=Lookback,
        optional=True,
        items=(Visit,),
    )
    flow = mf.default_flow().insert_stage(stage, after="rectification", trigger="start_lookback")
    assert flow.stage_names[-2:] == ("lookback", "closed") and "visit" in flow.item_types
    m = testing.example("rectification", flow=flow)
    at = AT("rectification")
    m = flow.fire(m, "start_lookback", actor="s01", at=at)
    m = flow.record(m, Visit(on=date(2021, 9, 1)), actor="s01", at=at + timedelta(days=1))
    assert m.extensions.lookback.visits[0].on == date(2021, 9, 1)  # type: ignore[attr-defined]
    again = pickle.loads(pickle.dumps(m))
    assert again == m and type(again) is flow.meeting_type
    flow.verify(flow.parse(m.model_dump_json()))
    removed = flow.remove_stage("lookback")
    assert removed.stage_names == mf.default_flow().stage_names
    with pytest.raises(errors.InvalidArgument):
        flow.remove_stage("review")


def test_a_meeting_written_before_a_track_reads_the_same_under_it() -> None:
    plain = testing.example("rectification")
    tracked = mf.default_flow(extensions=[appraisal.TRACK])
    adopted = tracked.parse(plain.model_dump_json())
    tracked.verify(adopted)
    assert adopted.model_dump_json() == plain.model_dump_json()


def test_flows_pickle() -> None:
    for flow in (
        mf.default_flow(),
        mf.default_flow(extensions=[appraisal.TRACK]),
        mf.default_flow(key=b"k" * 32),
    ):
        again = pickle.loads(pickle.dumps(flow))
        assert again.stage_names == flow.stage_names and {x.id for x in again.rules} == {
            x.id for x in flow.rules
        }


def test_keys_sign_every_event() -> None:
    key = b"secret-key-of-the-host-000000000"
    flow = mf.default_flow(key=key)
    m = testing.example("preparation", flow=flow)
    assert all(e.mac for e in m.history)
    flow.verify(m)
    with pytest.raises(errors.HistoryTampered, match="MAC"):
        mf.default_flow(key=b"another-key-0000000000000000000").verify(
            flow.parse(m.model_dump_json())
        )
    with pytest.raises(errors.InvalidArgument):
        mf.default_flow(key=b"short")


def test_settings_namespaces_of_a_pack() -> None:
    class HostSettings(Record):
        days: int = 3

    pack = RulePack("host", settings={"host": HostSettings})
    flow = mf.default_flow(pack=mf.default_flow().pack + pack, settings={"host": {"days": 5}})
    assert flow.settings_of("host").days == 5  # type: ignore[attr-defined]
    with pytest.raises(errors.FlowDefinitionError, match=r"settings\.host\.days"):
        mf.default_flow(pack=mf.default_flow().pack + pack, settings={"host": {"days": "x"}})
    with pytest.raises(errors.FlowDefinitionError, match="Extra inputs"):
        mf.default_flow(settings={"leave_advance_days": 1})


def test_item_from_dict(flow: mf.Flow) -> None:
    item = flow.item_from_dict(
        {"type": "talk", "person_a": "m01", "person_b": "m02", "held_on": "2021-06-01"}
    )
    assert isinstance(item, r.Talk)
    with pytest.raises(errors.InvalidRecord, match="unknown record type"):
        flow.item_from_dict({"type": "nope"})
    with pytest.raises(errors.InvalidRecord):
        flow.item_from_dict(["not", "a", "mapping"])  # type: ignore[arg-type]


def test_load_refuses_a_history_extended_or_cut_since_the_stored_head() -> None:
    flow = mf.default_flow()
    stored = testing.example("rectification")
    stored_head = mf.integrity.head(stored)
    raw = stored.model_dump_json()
    assert flow.load(raw, expected_head=stored_head) == stored
    later = flow.record(
        stored,
        r.SupervisionEvent(on=stored.history[-1].at.date(), by_id="s01", note="visited"),
        actor="s01",
        at=stored.history[-1].at + timedelta(hours=1),
    )
    with pytest.raises(errors.HistoryTampered, match="goes on past the stored head") as past:
        flow.load(later.model_dump_json(), expected_head=stored_head)
    assert past.value.index == len(stored.history)  # the first event added since
    with pytest.raises(errors.HistoryTampered, match="stored head is not in the history"):
        flow.verify(stored, expected_head=mf.integrity.head(later))
    with pytest.raises(errors.HistoryTampered, match="no history when it was stored") as draft:
        flow.verify(stored, expected_head=None)  # None: stored without history, not "unchecked"
    assert draft.value.index == 0
    flow.verify(later, anchor=stored_head)  # an anchor published earlier may be followed by more
    with pytest.raises(errors.HistoryTampered, match="no history when it was stored"):
        flow.load(raw, expected_head=None)
    with pytest.raises(errors.InvalidArgument):
        flow.verify(stored, expected_head=b"x")  # type: ignore[arg-type]
    with pytest.raises(errors.InvalidRecord):
        flow.load("{", expected_head=stored_head)


def test_items_from_a_request_name_the_place_of_every_bad_one() -> None:
    flow = mf.default_flow()
    good = {"type": "supervision_event", "by_id": "s01", "on": "2021-08-19"}
    assert flow.items_from_dicts([good]) == (flow.item_from_dict(good),)
    with pytest.raises(errors.InvalidRecord) as caught:
        flow.items_from_dicts([good, {"type": "nope"}, {**good, "on": "19/08/2021"}])
    assert caught.value.paths == ("items[1].type", "items[2].on")
    with pytest.raises(errors.InvalidRecord) as one:
        flow.item_from_dict({**good, "by_id": " s01"}, path="body.items[0]")
    assert one.value.paths == ("body.items[0].by_id",)
    with pytest.raises(errors.InvalidRecord):
        flow.items_from_dicts(good)  # type: ignore[arg-type]


def test_an_item_round_trips_through_its_dict() -> None:
    flow = mf.default_flow()
    item = r.SupervisionEvent(by_id="s01", on=date(2021, 8, 19), note="visited")
    data = flow.item_to_dict(item)
    assert data["type"] == "supervision_event" and data["on"] == "2021-08-19"
    assert flow.item_from_dict(data) == item

    class NotRegistered(r.Record):
        x: int = 0

    with pytest.raises(errors.InvalidArgument, match="does not record NotRegistered"):
        flow.item_to_dict(NotRegistered())


def test_request_validation_errors_become_an_invalid_record_in_both_languages() -> None:
    shaped = [
        {"loc": ("body", "items", 0, "on"), "msg": "Field required", "type": "missing"},
        {"loc": ("body", "actor"), "msg": "Input should be a valid string", "type": "string_type"},
    ]
    error = errors.InvalidRecord.from_errors("request", shaped)
    assert error.paths == ("body.items[0].on", "body.actor")
    zh = error.to_dict("zh")["errors"]
    assert zh[0]["message"] == "缺少必填字段" and zh[1]["message"] == "应为文本"
    assert error.to_dict("en")["errors"][0]["message"] == "Field required"


def test_a_web_frameworks_locations_can_drop_their_first_part() -> None:
    shaped = [{"loc": ("body", "items", 0, "on"), "msg": "Field required", "type": "missing"}]
    assert errors.InvalidRecord.from_errors("request", shaped, skip=1).paths == ("items[0].on",)
    with pytest.raises(errors.InvalidArgument):
        errors.InvalidRecord.from_errors("request", shaped, skip=-1)


def _note_type(placement: Placement) -> type[Record]:
    class Note(Record):
        record_into: ClassVar[Placement | None] = placement
        on: Day
        member_id: str = ""

    return Note


class Memo(Record):
    """A memo about oneself (test)."""

    record_into: ClassVar[Placement | None] = Placement(
        "extensions.notes", "memo", "set", by=frozenset({"self"}), self_field="member_id"
    )
    member_id: str
    on: Day


class Notes(Record):
    """A section of notes (test)."""

    items: Many[Visit] = ()
    last: Visit | None = None
    memo: Memo | None = None
    dated: Many[Happened] = ()


@pytest.mark.parametrize(
    ("placement", "problem"),
    [
        (
            Placement("extensions.notes", "itemz", "append"),
            "Notes has no field 'itemz' (its fields: dated, items, last, memo)",
        ),
        (Placement("extensions.notez", "items", "append"), "has no field 'notez'"),
        (
            Placement("extensions.notes", "items", "add"),
            "mode 'add' is not one of set, append, upsert",
        ),  # type: ignore[arg-type]
        (
            Placement("extensions.notes", "items", by=frozenset({"secretery"})),
            "by names 'secretery'; the authorities are secretary, chair",
        ),
        (Placement("extensions.notes", "items", by=frozenset({"self"})), "'self' needs self_field"),
        (Placement("extensions.notes", "items", "upsert", key="nope"), "upsert needs key"),
        (Placement("extensions.notes", "last", "append"), "'extensions.notes.last' is not a list"),
        (
            Placement("extensions.notes", "items", "append"),
            "'extensions.notes.items' holds Visit, not Note",
        ),
    ],
)
def test_a_hosts_placement_is_checked_when_the_flow_is_built(
    placement: Placement, problem: str
) -> None:
    """Else a misspelt field fails inside record, and a misspelt authority refuses everyone."""
    stage = Stage("notes", mf.Text("记", "notes"), section=Notes, items=(_note_type(placement),))
    with pytest.raises(errors.FlowDefinitionError) as caught:
        mf.default_flow().insert_stage(stage, after="critique", trigger="start_notes")
    assert problem in str(caught.value), str(caught.value)


def test_a_sound_placement_builds() -> None:
    stage = Stage("notes", mf.Text("记", "notes"), section=Notes, items=(Memo,))
    flow = mf.default_flow().insert_stage(stage, after="critique", trigger="start_notes")
    assert "memo" in flow.item_types


@pytest.mark.parametrize(
    ("placement", "problem"),
    [
        (Placement("extensions.notes", "items", "set"), "is a list: use mode='append' or 'upsert'"),
        (Placement("preparation", "talks", "append"), "holds Talk, not Note"),  # a subclass
    ],
)
def test_a_placement_that_could_not_be_read_back_is_refused(
    placement: Placement, problem: str
) -> None:
    note = _note_type(placement)
    stage = Stage("notes", mf.Text("记", "notes"), section=Notes, items=(note,))
    with pytest.raises(errors.FlowDefinitionError, match=re.escape(problem)):
        mf.default_flow().insert_stage(stage, after="critique", trigger="start_notes")


def _lookback_flow() -> mf.Flow:
    stage = Stage(
        "lookback",
        mf.Text("回头看", "look-back"),
        sections=("rectification", "closing"),
        section=Lookback,
        optional=True,
        items=(Visit,),
    )
    return mf.default_flow().insert_stage(stage, after="rectification", trigger="start_lookback")


def test_a_record_of_another_flow_is_a_wrong_flow_not_tampering() -> None:
    """A deploy that dropped a stage is a configuration mistake, not an attack."""
    flow = _lookback_flow()
    m = flow.fire(
        testing.example("rectification", flow=flow),
        "start_lookback",
        actor="s01",
        at=AT("rectification"),
    )
    raw = m.model_dump_json()
    flow.load(raw, expected_head=mf.integrity.head(m))  # the flow that wrote it reads it
    with pytest.raises(
        errors.WrongFlow, match="this flow has no trigger 'start_lookback'"
    ) as caught:
        mf.default_flow().load(raw, expected_head=mf.integrity.head(m))
    assert not isinstance(caught.value, errors.HistoryTampered)
    assert caught.value.to_dict()["type"].endswith("#wrong-flow")
    assert "read the record with the flow that wrote it" in caught.value.message("en")


def test_a_known_trigger_between_the_wrong_stages_is_still_tampering() -> None:
    m = testing.example("critique")
    i, event = next((i, e) for i, e in enumerate(m.history) if e.trigger == "start_critique")
    forged = m.model_copy(
        update={
            "history": (
                *m.history[:i],
                event.model_copy(update={"stage": "preparation"}),
                *m.history[i + 1 :],
            )
        }
    )
    with pytest.raises(errors.HistoryTampered):
        mf.default_flow().verify(forged)


def test_a_fact_dated_after_its_recording_is_refused_with_its_path() -> None:
    flow = mf.default_flow()
    prep = testing.example("preparation")
    at = prep.history[-1].at + timedelta(minutes=1)
    today = at.astimezone(flow_zone(prep)).date()
    talk = r.Talk(person_a="m05", person_b="m07", held_on=today + timedelta(days=1))
    with pytest.raises(errors.InvalidRecord) as caught:
        flow.record(prep, talk, actor="m01", at=at)
    (entry,) = caught.value.entries
    assert entry.path.startswith("preparation.talks[") and entry.path.endswith("].held_on")
    assert entry.type == "after_recording" and "after the day it is recorded" in entry.message.en
    assert entry.argument == "items[0].held_on"
    # the same day is fine, and so is a deadline in the future (a plain Day)
    done = flow.record(prep, talk.evolve(held_on=today), actor="m01", at=at)
    assert done.preparation.talks[-1].held_on == today


def flow_zone(m: mf.Meeting) -> object:
    from zoneinfo import ZoneInfo

    return ZoneInfo(m.organization.timezone)


def test_a_sealed_gate_path_suggests_the_stage_own_its_section() -> None:
    """The fix a host needs after inserting a stage is to let it keep the section open."""
    stage = Stage("lookback", mf.Text("回头看", "look-back"), section=Lookback, items=(Visit,))
    with pytest.raises(errors.FlowDefinitionError) as caught:
        mf.default_flow().insert_stage(stage, after="rectification", trigger="start_lookback")
    assert "let stage 'lookback' own it: Stage(..., sections=('closing', ...))" in str(caught.value)


def test_a_custom_section_and_settings_read_typed() -> None:
    flow = _lookback_flow()
    m = testing.example("rectification", flow=flow)
    assert m.extension("lookback", Lookback) == Lookback()  # nothing recorded yet
    at = AT("rectification")
    m = flow.fire(m, "start_lookback", actor="s01", at=at)
    m = flow.record(m, Visit(on=at.date()), actor="s01", at=at + timedelta(hours=1))
    assert m.extension("lookback", Lookback).visits[0].on == at.date()
    with pytest.raises(errors.InvalidArgument, match="holds Lookback, not Visits"):
        m.extension("lookback", Visits)


class Visits(Record):
    """Not the look-back section (test)."""

    visits: Many[Visit] = ()


class HostSettings(Record):
    """A pack's settings (test)."""

    days: int = 3


class OtherSettings(Record):
    """Some other settings (test)."""


def test_settings_of_reads_typed_and_checks_the_type() -> None:
    seen: list[int] = []

    @rule(
        "HOST-DAYS",
        stage="preparation",
        title=("天数", "Days"),
        messages={"default": ("天数。", "Days.")},
        hint=("无。", "None."),
        basis="host",
        gate="none",
    )
    def days(m: mf.Meeting, ctx: RuleContext) -> Iterator[mf.Finding]:
        seen.append(ctx.settings_of("host", HostSettings).days)
        with pytest.raises(errors.InvalidArgument, match="are HostSettings, not OtherSettings"):
            ctx.settings_of("host", OtherSettings)
        return iter(())

    pack = RulePack("host", rules=(days,), settings={"host": HostSettings})
    flow = mf.default_flow(pack=mf.default_flow().pack + pack, settings={"host": {"days": 5}})
    flow.check(testing.example("preparation"), at=AT("preparation"))
    assert seen == [5]


def test_a_reference_error_names_the_argument_a_web_form_posted() -> None:
    flow = mf.default_flow()
    m = testing.example("preparation")
    posted = [
        {"type": "talk", "person_a": "m05", "person_b": "m07", "held_on": "2021-06-21"},
        {"type": "talk", "person_a": "m05", "person_b": "m99", "held_on": "2021-06-21"},
    ]
    items = flow.items_from_dicts(posted, path="items")
    with pytest.raises(errors.InvalidRecord) as caught:
        flow.record(m, *items, actor="m01", at=m.history[-1].at + timedelta(minutes=1))
    (entry,) = caught.value.to_dict()["errors"]
    assert (
        entry["path"].startswith("preparation.talks[") and entry["argument"] == "items[1].person_b"
    )


def test_a_record_with_a_section_of_another_flow_is_a_wrong_flow() -> None:
    flow = _lookback_flow()
    m = flow.fire(
        testing.example("rectification", flow=flow),
        "start_lookback",
        actor="s01",
        at=AT("rectification"),
    )
    at = m.history[-1].at + timedelta(hours=1)
    m = flow.record(m, Visit(on=at.date()), actor="s01", at=at)
    with pytest.raises(errors.WrongFlow, match="this flow's meetings have no section 'lookback'"):
        mf.default_flow().load(m.model_dump_json(), expected_head=mf.integrity.head(m))


def test_dates_in_a_list_of_happened_days_are_walked_too() -> None:
    from meetingflow.records.fields import iter_happened

    notes = Notes(dated=(date(2021, 7, 1), date(2021, 8, 1)))
    assert list(iter_happened(notes, "extensions.notes")) == [
        ("extensions.notes.dated[0]", date(2021, 7, 1)),
        ("extensions.notes.dated[1]", date(2021, 8, 1)),
    ]


def test_a_misspelt_section_or_a_reserved_stage_name_is_refused() -> None:
    with pytest.raises(errors.InvalidArgument, match="no section 'lookbak'"):
        testing.example("closed").extension("lookbak", Lookback)
    for name in ("model_config", "copy", "json"):
        with pytest.raises(errors.InvalidArgument, match="taken by the record model"):
            Stage(name, mf.Text("x", "x"))


def test_the_reserved_stage_names_cover_every_attribute_of_a_record_model() -> None:
    from meetingflow.flow.definition import _RESERVED

    assert {n for n in dir(Record) if not n.startswith(("_", "model_"))} <= _RESERVED
