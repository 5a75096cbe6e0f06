"""Earlier attacks on meetingflow that must now fail (issue #7, "regression tests").

One test per attack, named after it; each shows the attack no longer works and what the
host gets instead.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import meetingflow as mf
from meetingflow import errors, integrity, spec, testing
from meetingflow import records as r
from meetingflow.i18n import Text
from meetingflow.integrity import head

FLOW = mf.default_flow()
T = Text("标题", "title")
CST = testing.CST


@pytest.fixture(scope="module")
def closed() -> mf.Meeting:
    return testing.example("closed")


@pytest.fixture(scope="module")
def critique() -> mf.Meeting:
    return testing.example("critique")


@pytest.fixture(scope="module")
def rect() -> mf.Meeting:
    return testing.example("rectification")


def after(meeting: mf.Meeting, **delta: float) -> datetime:
    return meeting.history[-1].at + timedelta(**delta or {"days": 1})


def test_a_tampered_record_is_not_laundered_by_a_redo(closed: mf.Meeting) -> None:
    data = json.loads(closed.model_dump_json())
    data["preparation"]["problems"][0]["description"] = "问题早已整改（改写）"
    edited = FLOW.parse(json.dumps(data, ensure_ascii=False))
    with pytest.raises(errors.HistoryTampered, match="changed after the last event"):
        FLOW.fire(
            edited, "order_redo", actor="s01", at=after(closed), reason="重开", return_to="review"
        )


def test_editing_the_roster_does_not_make_m05_secretary(critique: mf.Meeting) -> None:
    data = json.loads(critique.model_dump_json())
    for m in data["roster"]:
        m["roles"] = ["secretary"] if m["id"] == "m05" else []
    edited = FLOW.parse(json.dumps(data, ensure_ascii=False))
    with pytest.raises(errors.HistoryTampered):
        FLOW.fire(edited, "start_rectification", actor="m05", at=after(critique, hours=1))
    with pytest.raises(errors.NotPermitted):
        FLOW.fire(critique, "start_rectification", actor="m05", at=after(critique, hours=1))


def test_a_supervisor_added_after_close_cannot_order_a_redo(closed: mf.Meeting) -> None:
    data = json.loads(closed.model_dump_json())
    data["supervisors"].append({"id": "s99", "name": "冒名者", "org_id": "x", "title": ""})
    edited = FLOW.parse(json.dumps(data, ensure_ascii=False))
    with pytest.raises(errors.HistoryTampered):
        FLOW.fire(
            edited, "order_redo", actor="s99", at=after(closed), reason="x", return_to="review"
        )
    s99 = r.Supervisor(id="s99", name="冒名者", org_id="x")
    with pytest.raises(errors.NotPermitted):  # nobody but the superior names its representatives
        FLOW.record(closed, s99, actor="m01", at=after(closed))
    # The superior may name one at any time — and the history says who did.
    named = FLOW.record(closed, s99, actor="s01", at=after(closed))
    assert (named.history[-1].actor, named.history[-1].paths) == ("s01", ("supervisors[1]",))


@pytest.mark.parametrize("how", ["evolve", "model_copy", "copy then edit the JSON"])
def test_sealed_sections_cannot_be_replaced_in_python(how: str, closed: mf.Meeting) -> None:
    criticisms = closed.critique.criticisms
    softened = closed.critique.evolve(
        criticisms=(criticisms[0].evolve(text="工作很好，没有问题。"), *criticisms[1:])
    )
    if how == "evolve":
        edited = closed.evolve(critique=softened)
    elif how == "model_copy":
        edited = closed.model_copy(update={"critique": softened})
    else:
        edited = FLOW.parse(closed.model_copy().model_dump_json().replace("调研", "走访", 1))
    at = after(closed)
    with pytest.raises(errors.HistoryTampered):
        FLOW.verify(edited)
    with pytest.raises(errors.HistoryTampered):
        FLOW.fire(edited, "order_redo", actor="s01", at=at, reason="x", return_to="review")
    with pytest.raises(errors.HistoryTampered):
        FLOW.record(edited, r.Supervisor(id="s02", name="x", org_id="y"), actor="s01", at=at)


def _host_type(section: str, field: str) -> type[r.Record]:
    class HostNote(r.Record):
        record_into: ClassVar[r.Placement | None] = r.Placement(section, field, "set")
        venue: str = "x"

    return HostNote


@pytest.mark.parametrize(
    "section, field",
    [
        ("review.session", "venue"),
        ("review", "session"),
        ("", "review"),
        ("", "critique"),
        ("critique", "criticisms"),
        ("", "history"),
        ("", "version"),
        ("", "stage"),
        ("", "extensions"),
        ("extensions", "member_appraisal"),
        ("nowhere", "x"),
    ],
)
def test_a_host_type_cannot_slip_past_the_seal(section: str, field: str, rect: mf.Meeting) -> None:
    note = _host_type(section, field)()
    with pytest.raises(errors.SectionSealed):
        FLOW.record(rect, note, actor="m01", at=after(rect))


def test_dict_validation_keeps_the_cross_record_checks(rect: mf.Meeting) -> None:
    data = json.loads(rect.model_dump_json())
    data["review"]["leave_requests"].append(
        {"member_id": "GHOST", "reason": "出差", "requested_on": "2021-06-20"}
    )
    with pytest.raises(ValidationError, match="GHOST"):
        TypeAdapter(r.Meeting).validate_python(data)

    class Body(BaseModel):  # what a FastAPI endpoint declares
        meeting: r.Meeting

    with pytest.raises(ValidationError, match="GHOST"):
        Body.model_validate({"meeting": data})
    with pytest.raises(errors.InvalidRecord, match="GHOST"):
        FLOW.parse(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize(
    "text", ["\u3000\u3000调研走访次数少。", "\u00a0NBSP\u00a0", "  两个空格  ", "\t制表符\n"]
)
def test_whitespace_is_never_stripped(text: str, rect: mf.Meeting) -> None:
    item = r.SupervisionEvent(by_id="s01", on=after(rect).date(), note=text)
    assert item.note == text
    meeting = FLOW.parse(FLOW.record(rect, item, actor="s01", at=after(rect)).model_dump_json())
    assert meeting.rectification.supervision[-1].note == text
    assert r.Criticism(id="c", from_member="a", to_member="b", text=text).text == text


@pytest.mark.parametrize(
    "at",
    [
        datetime(2021, 9, 1, tzinfo=ZoneInfo("Asia/Kolkata")).replace(
            tzinfo=mf.testing.CST.__class__(timedelta(hours=5, minutes=30, seconds=15))
        ),
        datetime(1900, 1, 1, 12, tzinfo=ZoneInfo("Asia/Shanghai")),  # LMT +08:05:43
    ],
    ids=["+05:30:15", "Asia/Shanghai in 1900 (+08:05:43)"],
)
def test_offsets_with_seconds_are_refused_not_truncated(at: datetime, rect: mf.Meeting) -> None:
    assert at.utcoffset() is not None and at.utcoffset().seconds % 60  # type: ignore[union-attr]
    with pytest.raises(errors.InvalidArgument, match="seconds"):
        FLOW.check(rect, at=at)
    event = rect.history[0].model_dump()
    with pytest.raises(errors.InvalidRecord, match="seconds"):
        r.Event.model_validate({**event, "at": at})
    with pytest.raises(errors.InvalidRecord):
        r.Event.model_validate_json(json.dumps({**event, "at": at.isoformat()}, default=str))


def test_infinite_settings_are_refused_not_dumped_as_null() -> None:
    for field in ("min_study_hours", "quorum_ratio", "excellent_cap"):
        with pytest.raises(errors.InvalidRecord):
            mf.RuleSettings(**{field: math.inf})
        with pytest.raises(errors.FlowDefinitionError):
            mf.default_flow(settings={field: math.inf})
    dumped = json.loads(mf.RuleSettings(min_study_hours=4.5).model_dump_json())
    assert dumped["min_study_hours"] == 4.5 and dumped["quorum_ratio"] == 0.5


def test_time_moves_forward(rect: mf.Meeting) -> None:
    year_before = rect.history[-1].at - timedelta(days=365)
    with pytest.raises(errors.TimeMovesBackwards):
        FLOW.fire(rect, "close", actor="s01", at=year_before)
    with pytest.raises(errors.TimeMovesBackwards):
        FLOW.record(
            rect, r.SupervisionEvent(by_id="s01", on=date(2020, 9, 1)), actor="s01", at=year_before
        )
    # The same instant as the last event is fine (a batch recorded together).
    FLOW.fire(rect, "close", actor="s01", at=rect.history[-1].at)


def test_a_flow_document_nested_10000_levels_is_refused() -> None:
    for text in (
        '{"name": "x", "settings": ' + "[" * 10_000 + "]" * 10_000 + "}",
        '{"a":' * 10_000 + "1" + "}" * 10_000,
    ):
        with pytest.raises(errors.InvalidArgument, match="nested too deeply"):
            spec.parse_document(text)
    with pytest.raises(errors.InvalidArgument, match="nested too deeply"):
        spec.parse_document("a: " + "[" * 10_000 + "]" * 10_000, "yaml")


def test_records_of_custom_stage_flows_pickle() -> None:
    import pickle

    from test_pickling import lookback_flow, lookback_meeting

    flow = lookback_flow()
    meeting = lookback_meeting(flow)
    again = pickle.loads(pickle.dumps(meeting))
    assert again == meeting
    flow.verify(again, anchor=head(meeting))


@pytest.mark.parametrize("path", ["nonexistent", "__class__", "roster[999]", "review.nope"])
def test_impossible_seal_paths_are_refused_when_the_flow_is_built(path: str) -> None:
    with pytest.raises(errors.FlowDefinitionError, match=r"impossible path|not valid"):
        FLOW.insert_stage(
            mf.Stage("audit", T, sections=(path,)), after="rectification", trigger="start_audit"
        )


def test_a_rule_message_that_cannot_render_is_refused_when_defined() -> None:
    with pytest.raises(errors.InvalidArgument, match="template"):
        mf.rule(
            "HOST-BRACE",
            stage="preparation",
            title=T,
            messages={"default": ("a {", "a {")},
            hint=T,
            basis="b",
        )(lambda m, ctx: ())


def test_a_trigger_named_state_is_a_definition_error() -> None:
    with pytest.raises(errors.FlowDefinitionError, match="'state'"):
        FLOW.with_transition(mf.Transition("state", "closed", "review", {"supervisor"}, T))


@pytest.mark.parametrize("trigger", [["close"], {"close": 1}, None, 5])
def test_list_or_dict_triggers_are_unknown_triggers(trigger: Any, rect: mf.Meeting) -> None:
    with pytest.raises(errors.UnknownTrigger):
        FLOW.fire(rect, trigger, actor="s01", at=after(rect))
    if trigger is not None:  # no trigger is a plain check
        with pytest.raises(errors.UnknownTrigger):
            FLOW.check(rect, at=after(rect), trigger=trigger)
    with pytest.raises(errors.FlowDefinitionError):
        FLOW.with_transition(mf.Transition(trigger, "closed", "review", {"supervisor"}, T))


def test_bad_formats_and_severities_raise_the_librarys_error(rect: mf.Meeting) -> None:
    with pytest.raises(errors.InvalidArgument):
        FLOW.check(rect, at=after(rect)).render("en", format="xml")
    with pytest.raises(errors.InvalidArgument):
        FLOW.pack.override("PREP-NOTICE", colour="red")
    with pytest.raises(errors.InvalidArgument):
        FLOW.pack.with_severity("PREP-NOTICE", "fatal")


def test_verify_history_none_and_record_dict(rect: mf.Meeting) -> None:
    with pytest.raises(errors.InvalidArgument):
        mf.verify_history(None)  # type: ignore[arg-type]
    with pytest.raises(errors.InvalidRecord):
        FLOW.record(rect, {"type": "supervision_event"}, actor="s01", at=after(rect))  # type: ignore[arg-type]


def test_constructed_and_copied_meetings_never_crash_check_or_fire(rect: mf.Meeting) -> None:
    with pytest.raises(errors.InvalidRecord):
        r.Meeting.model_construct(id="x")
    at = after(rect)
    for junk in ({"roster": None}, {"history": (5,)}, {"organization": None}, {"id": object()}):
        bad = rect.model_copy(update=junk)
        for call in (
            lambda m=bad: FLOW.check(m, at=at),
            lambda m=bad: FLOW.allowed(m, actor="m01", at=at),
            lambda m=bad: FLOW.fire(m, "close", actor="s01", at=at),
            lambda m=bad: FLOW.verify(m),
            lambda m=bad: integrity.head(m),
        ):
            with pytest.raises(errors.InvalidRecord):
                call()


def test_a_10_mb_record_of_invalid_notifications_gives_a_small_error(rect: mf.Meeting) -> None:
    data = json.loads(rect.model_dump_json())
    data["preparation"]["notifications"] = [
        {"member_id": "x" * 900, "notified_on": "never"} for _ in range(10_000)
    ]
    with pytest.raises(errors.InvalidRecord) as caught:
        FLOW.parse(json.dumps(data))
    assert len(caught.value.entries) == 100 and caught.value.total >= 20_000
    assert "first 100" in str(caught.value) or "100" in str(caught.value)
    assert len(str(caught.value)) < 30_000  # it was 57 MB


def _fake_distribution(root: Path) -> None:
    info = root / "regression_plugins-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: regression-plugins\nVersion: 0.1\n"
    )
    (info / "entry_points.txt").write_text(
        "[meetingflow.packs]\nquits = regression_quits:pack\nunnamed = regression_unnamed:pack\n"
    )
    (root / "regression_quits.py").write_text("raise SystemExit(3)\n")
    (root / "regression_unnamed.py").write_text("raise RuntimeError('imported though unnamed')\n")


def test_plugins_load_only_when_named_and_cannot_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_distribution(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    flow = spec.flow_from_spec({"name": "x", "packs": ["catalogue"]})
    assert "regression_unnamed" not in sys.modules
    assert "PREP-NOTICE" in [x.id for x in flow.rules]
    with pytest.raises(errors.FlowDefinitionError, match="SystemExit"):
        spec.flow_from_spec({"name": "x", "packs": ["quits"]})
    assert "regression_unnamed" not in sys.modules


def test_two_fires_from_one_record_are_told_apart(rect: mf.Meeting) -> None:
    at = after(rect)
    a = FLOW.fire(rect, "close", actor="s01", at=at)
    b = FLOW.fire(rect, "close", actor="s01", at=at + timedelta(minutes=1))
    # Both are version n + 1, but they are different histories: the head tells them apart,
    # and a store that saves with compare-and-swap on the version or the head refuses one.
    assert a.version == b.version == rect.version + 1
    assert head(a) != head(b) and a.history[-1].previous == b.history[-1].previous == head(rect)
    # A host that passes what its client read gets VersionConflict once the record moved on.
    with pytest.raises(errors.VersionConflict):
        FLOW.record(
            a,
            r.SupervisionEvent(by_id="s01", on=date(2021, 9, 2)),
            actor="s01",
            at=at + timedelta(minutes=2),
            expected_version=rect.version,
        )
    with pytest.raises(errors.VersionConflict):
        FLOW.fire(
            a,
            "order_redo",
            actor="s01",
            at=at + timedelta(minutes=2),
            reason="x",
            expected_head=head(rect),
        )
    ok = FLOW.fire(
        a,
        "order_redo",
        actor="s01",
        at=at + timedelta(minutes=2),
        reason="x",
        expected_version=a.version,
        expected_head=head(a),
    )
    assert ok.version == a.version + 1
