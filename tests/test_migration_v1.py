"""Records written by schema 1 (meetingflow 0.1) load, keep what they held, and verify.

The fixtures in tests/fixtures/schema-1 were written by the schema-1 code itself (see
generate.py there); nothing here builds schema-1 JSON by hand, so the migration is tested
against what old hosts really stored.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import meetingflow as mf
from meetingflow.errors import HistoryTampered, InvalidRecord, UnsupportedSchema
from meetingflow.extensions import appraisal
from meetingflow.integrity import state_digest_of, verify_history
from meetingflow.records import (
    LeaveApproval,
    Meeting,
    MemberStateEntry,
    RectificationList,
    ReportToSuperior,
)
from meetingflow.records._v1 import NOT_RECORDED, PREVIOUS_ITEM_NOTE, upgrade_v1
from meetingflow.records.terms import MemberState

HERE = Path(__file__).parent / "fixtures" / "schema-1"
FIXTURES = sorted(p.stem for p in HERE.glob("*.json"))
APPRAISAL = ("appraisal-closed", "appraisal-in-stage")
CST = timezone(timedelta(hours=8))
LATER = datetime(2021, 8, 20, 12, tzinfo=CST)


def raw(name: str) -> str:
    return (HERE / f"{name}.json").read_text(encoding="utf-8")


def v1(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(raw(name))
    return data


@pytest.fixture(scope="module")
def appraisal_flow() -> mf.Flow:
    return mf.default_flow(extensions=[appraisal.TRACK])


def flow_for(name: str, appraisal_flow: mf.Flow) -> mf.Flow:
    return appraisal_flow if name in APPRAISAL else mf.default_flow()


def load(name: str, appraisal_flow: mf.Flow) -> Meeting:
    if name in APPRAISAL:
        return appraisal_flow.parse(raw(name))
    return Meeting.model_validate_json(raw(name))


# --- every fixture ------------------------------------------------------------------------------


def test_the_fixtures_are_schema_1_records() -> None:
    assert {"closed", "rectification", "preparation", "flawed-rectification", "redo"} <= set(
        FIXTURES
    )
    assert {*APPRAISAL} <= set(FIXTURES)
    for name in FIXTURES:
        assert v1(name)["schema_version"] == 1


@pytest.mark.parametrize("name", FIXTURES)
def test_loads_migrates_and_verifies(name: str, appraisal_flow: mf.Flow) -> None:
    old = v1(name)
    m = load(name, appraisal_flow)
    flow = flow_for(name, appraisal_flow)
    assert m.schema_version == 2
    assert m.id == old["id"]
    assert m.version == len(m.history)
    flow.verify(m)
    verify_history(m, initial_stage="preparation")
    # the same from a dict as from JSON text
    assert flow.meeting_type.model_validate(old).model_dump() == m.model_dump()


@pytest.mark.parametrize("name", [n for n in FIXTURES if v1(n)["history"]])
def test_the_migration_event_names_the_schema_1_head(name: str, appraisal_flow: mf.Flow) -> None:
    old = v1(name)
    m = load(name, appraisal_flow)
    *kept, migration = m.history
    assert len(kept) == len(old["history"])
    assert migration.kind == "entry"
    assert migration.actor == "meetingflow"
    assert migration.paths == ("schema_version",)
    assert migration.stage == migration.target == m.stage
    assert migration.at == kept[-1].at
    assert migration.reason is not None
    assert migration.reason.startswith("migrated from schema 1; schema-1 head digest ")
    assert old["history"][-1]["digest"] in migration.reason
    assert migration.state == state_digest_of(m) != NOT_RECORDED
    for event, before in zip(kept, old["history"], strict=True):
        assert event.state == NOT_RECORDED  # schema 1 recorded no state
        assert (event.seq, event.actor, event.at.isoformat()) == (
            before["seq"],
            before["actor"],
            datetime.fromisoformat(before["at"]).isoformat(),
        )
        assert event.findings == ()
        assert event.mac is None


@pytest.mark.parametrize("name", [n for n in FIXTURES if n not in APPRAISAL])
def test_transitions_are_kept_as_recorded(name: str) -> None:
    old = v1(name)["history"]
    m = Meeting.model_validate_json(raw(name))
    for event, before in zip(m.history, old, strict=False):
        assert event.kind == "transition"
        assert (event.trigger, event.stage, event.target, event.reason) == (
            before["trigger"],
            before["source"],
            before["target"],
            before.get("reason"),
        )


def test_a_draft_gets_no_events() -> None:
    old = v1("preparation")
    assert old["history"] == [] and old["version"] > 0  # schema 1 counted changes
    m = Meeting.model_validate_json(raw("preparation"))
    assert m.history == ()
    assert m.version == 0
    assert m.stage == "preparation"
    mf.default_flow().verify(m)


@pytest.mark.parametrize("name", FIXTURES)
def test_migrating_is_deterministic_and_leaves_the_input_alone(
    name: str, appraisal_flow: mf.Flow
) -> None:
    model = flow_for(name, appraisal_flow).meeting_type
    old = v1(name)
    kept = copy.deepcopy(old)
    first = upgrade_v1(old, model)
    assert old == kept
    again = upgrade_v1(copy.deepcopy(old), model)
    assert json.dumps(again, sort_keys=True) == json.dumps(first, sort_keys=True)
    assert first["schema_version"] == 2


# --- what the records held ------------------------------------------------------------------------


def test_closed_keeps_people_problems_items_and_criticisms() -> None:
    old = v1("closed")
    m = Meeting.model_validate_json(raw("closed"))
    assert [(x.id, x.name, x.status.value) for x in m.roster] == [
        (x["id"], x["name"], x["status"]) for x in old["roster"]
    ]
    cadre = m.member("m04")
    assert cadre is not None and cadre.cadre is not None
    assert cadre.cadre.post == "领导干部"
    assert cadre.registered_in(old["organization"]["id"])
    assert all(x.cadre is None for x in m.roster if x.id != "m04")
    assert m.organization.timezone == "Asia/Shanghai"
    assert [a.id for a in m.campaign.aspects] == old["campaign"]["aspects"]
    assert m.campaign.aspects[0].zh == "理想信念"

    prep = old["preparation"]
    assert [(p.id, p.description) for p in m.preparation.problems] == [
        (p["id"], p["description"]) for p in prep["problems"]
    ]
    approval = m.preparation.plan_approval
    assert approval is not None
    assert (approval.approved_by, approval.approved_on.isoformat()) == (
        prep["plan"]["approved_by"],
        prep["plan"]["approved_on"],
    )
    assert m.preparation.committee_session is not None
    assert m.preparation.committee_session.held_on.isoformat() == "2021-06-18"
    branch_report = m.review.branch_report
    assert branch_report is not None and branch_report.covers_committee_inspection

    criticisms = old["critique"]["criticisms"]
    assert [c.id for c in m.critique.criticisms] == [f"c{n}" for n in range(1, len(criticisms) + 1)]
    assert [(c.from_member, c.to_member, c.text) for c in m.critique.criticisms] == [
        (c["from_member"], c["to_member"], c["text"]) for c in criticisms
    ]

    rect = m.rectification
    assert [it.id for it in rect.items] == [it["id"] for it in old["rectification"]["items"]]
    for item in old["rectification"]["items"]:
        closure = item["closure"]
        assert rect.state(item["id"]).value == "closed"
        claim = rect.closure(item["id"])
        check = rect.verification(item["id"])
        assert claim is not None and check is not None
        assert claim.closed_by == item["owner_id"]
        assert claim.closed_on.isoformat() == closure["verified_on"]
        assert [(e.ref, e.dated_on.isoformat()) for e in claim.evidence] == [
            (closure["evidence_ref"], closure["verified_on"])
        ]
        assert (check.verifier_id, check.verified_on.isoformat()) == (
            closure["verifier_id"],
            closure["verified_on"],
        )
    closing = m.closing
    assert closing.report is not None and closing.report.member_states == ()
    assert [(d.kind.value, d.ref, d.filed_on) for d in closing.archive] == [
        (d["kind"], d["ref"], None) for d in old["closing"]["archive"]
    ]
    assert [(p.content.value, p.text) for p in closing.publications] == [
        ("list", p["content"]) for p in old["closing"]["publications"]
    ]


def test_variety_keeps_what_the_examples_leave_out() -> None:
    m = Meeting.model_validate_json(raw("variety"))
    review = m.review
    assert [x.member_id for x in review.leave_requests] == ["m06"]
    assert review.leave_approvals == (
        LeaveApproval(member_id="m06", approved_by="m01", approved_on=date(2021, 6, 23)),
    )
    assert review.previous_meeting is not None
    assert review.previous_meeting.meeting_id == "mt-2020-branch-1"
    assert review.previous_meeting.item_ids == ("r-2020-1", "r-2020-2")
    report = review.previous_rectification_report
    assert report is not None and report.summary == "上次整改完成情况"
    assert [(x.item_id, x.state.value, x.note) for x in report.items] == [
        ("r-2020-1", "open", PREVIOUS_ITEM_NOTE),
        ("r-2020-2", "open", PREVIOUS_ITEM_NOTE),
    ]
    assert review.branch_report is not None
    assert not review.branch_report.covers_committee_inspection  # findings not reported

    m07, m09 = m.member("m07"), m.member("m09")
    assert m07 is not None and m07.discipline is not None
    assert m07.discipline.kind.value == "warning"
    assert m09 is not None and m09.is_leading_cadre and m09.cadre is None

    c2 = m.critique.criticism("c2")
    assert c2 is not None and (c2.kind.value, c2.accepted) == ("hope", False)

    rect = m.rectification
    long_term = rect.item("r-branch")
    assert long_term is not None and long_term.long_term
    assert [(x.text, x.due_on) for x in long_term.milestones] == [
        ("建立调研制度", date(2021, 8, 15)),
        ("每季度开展一次专题调研", date(2021, 8, 15)),
    ]
    approval = rect.long_term_approval("r-branch")
    assert approval is not None and (approval.approved_by, approval.approved_on) == (
        "s01",
        date(2021, 7, 10),
    )
    assert rect.state("r-branch").value == "long_term"
    assert rect.state("r-m07").value == "open"
    assert rect.state("r-m02").value == "closed"
    assert [(e.item_id, e.by_id, e.to_org, e.on, e.note) for e in rect.escalations] == [
        ("r-m07", "m01", "mt-committee", date(2021, 8, 5), "逾期未完成")
    ]
    assert [(x.problem_id, x.merged_into) for x in rect.dispositions] == [("p-m09", "r-branch")]
    assert [(x.member_id, x.kind.value, x.by_id) for x in rect.makeups] == [
        ("m06", "makeup_session", None)
    ]
    minutes = m.closing.minutes
    assert minutes is not None
    assert [(a.member_id, a.excused) for a in minutes.absentees] == [("m06", True)]


def test_flawed_keeps_the_unexcused_absence_unexcused() -> None:
    m = Meeting.model_validate_json(raw("flawed-rectification"))
    minutes = m.closing.minutes
    assert minutes is not None and minutes.absentees
    assert not any(a.excused for a in minutes.absentees)
    report = mf.default_flow().check(m, at=LATER)
    assert "ATT-UNEXCUSED" in {f.rule_id for f in report.findings}


def test_redone_session_is_archived_with_ids() -> None:
    old = v1("redo")
    m = Meeting.model_validate_json(raw("redo"))
    assert m.stage == "review"
    (session,) = m.redone_sessions
    order = old["redone_sessions"][0]["order"]
    assert session.order.id == "redo-1"
    assert (session.order.by_id, session.order.on.isoformat(), session.order.reason) == (
        "s01",
        order["on"],
        order["reason"],
    )
    assert session.order.return_to == "review"
    assert session.order.new_date is None and session.order.notified_member_ids == ()
    assert session.minutes is None
    old_criticisms = old["redone_sessions"][0]["critique"]["criticisms"]
    assert [c.id for c in session.critique.criticisms] == [
        f"redo-1-c{n}" for n in range(1, len(old_criticisms) + 1)
    ]
    assert [c.text for c in session.critique.criticisms] == [c["text"] for c in old_criticisms]
    assert len(session.review.self_examinations) == len(
        old["redone_sessions"][0]["review"]["self_examinations"]
    )
    assert m.review.self_examinations == () and m.critique.criticisms == ()
    redo = m.history[-2]
    assert (redo.kind, redo.trigger, redo.stage, redo.target) == (
        "transition",
        "order_redo",
        "rectification",
        "review",
    )
    assert redo.paths == ("redone_sessions[0]", "review", "critique")


# --- the appraisal stage becomes a track ------------------------------------------------------------


def test_appraisal_section_maps_to_the_track(appraisal_flow: mf.Flow) -> None:
    old = v1("appraisal-closed")["extensions"]["member_appraisal"]
    m = appraisal_flow.parse(raw("appraisal-closed"))
    section = appraisal.section(m)
    assert [(g.member_id, g.grade.value) for g in section.grades] == [
        (g["member_id"], g["grade"]) for g in old["grades"]
    ]
    assert [b.voter_id for b in section.ballots] == [b["voter_id"] for b in old["ballots"]]
    assert not any(b.voided for b in section.ballots)
    assert section.report is not None
    assert section.report.finalized_on == section.report.reported_on == date(2021, 6, 30)
    assert appraisal_flow.check(m, at=LATER).ok


def test_appraisal_stage_events_are_read_as_critique(appraisal_flow: mf.Flow) -> None:
    m = appraisal_flow.parse(raw("appraisal-closed"))
    entered, left = m.history[2], m.history[3]
    assert (entered.kind, entered.trigger, entered.stage, entered.target) == (
        "entry",
        None,
        "critique",
        "critique",
    )
    assert entered.reason is not None and "start_appraisal" in entered.reason
    assert (left.kind, left.trigger, left.stage, left.target) == (
        "transition",
        "start_rectification",
        "critique",
        "rectification",
    )
    assert left.reason is not None and "member_appraisal" in left.reason
    assert "member_appraisal read as critique" in (m.history[-1].reason or "")


def test_a_meeting_in_the_appraisal_stage_is_in_critique(appraisal_flow: mf.Flow) -> None:
    m = appraisal_flow.parse(raw("appraisal-in-stage"))
    assert m.stage == "critique"
    assert [e.kind for e in m.history] == ["transition", "transition", "entry", "entry"]
    at = datetime(2021, 6, 30, 18, tzinfo=CST)
    appraisal_flow.check(m, at=at)
    # the next trigger is the one schema 1 had: the sitting closes into rectification
    m = appraisal_flow.fire(m, "start_rectification", actor="m01", at=at)
    assert m.stage == "rectification"
    appraisal_flow.verify(m)


def test_the_plain_model_refuses_the_appraisal_section() -> None:
    with pytest.raises(InvalidRecord) as caught:
        Meeting.model_validate_json(raw("appraisal-closed"))
    assert [e.path for e in caught.value.entries] == ["extensions.member_appraisal"]


# --- refused: tampering, unknown schemas, what schema 2 cannot hold ---------------------------------


def edited(name: str, change: Callable[[dict[str, Any]], None]) -> str:
    data = v1(name)
    change(data)
    return json.dumps(data, ensure_ascii=False)


def tampered_at(text: str, parse: Callable[[str], Meeting] = Meeting.model_validate_json) -> int:
    with pytest.raises(InvalidRecord) as caught:
        parse(text)
    error = caught.value
    assert not isinstance(error, UnsupportedSchema)
    (entry,) = error.entries
    assert entry.type == "history_tampered"
    assert entry.path.startswith("history[")
    assert entry.message.en.startswith(f"schema-1 history event #{entry.path[8:-1]}: ")
    return int(entry.path[8:-1])


def set_in(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "event"),
    [
        (set_in(("history", 1, "actor"), "m02"), 1),
        (set_in(("history", 2, "reason"), "no reason"), 2),
        (set_in(("history", 0, "findings", "warnings"), 1), 0),
        (set_in(("history", 3, "target"), "rectification"), 3),
        (set_in(("history", 1, "seq"), 7), 1),
        (lambda d: d["history"].pop(1), 1),
        (set_in(("stage",), "rectification"), 3),
    ],
    ids=["actor", "reason", "findings", "target", "seq", "dropped", "stage"],
)
def test_an_edited_event_is_refused(change: Callable[[dict[str, Any]], None], event: int) -> None:
    assert tampered_at(edited("closed", change)) == event


@pytest.mark.parametrize(
    ("path", "value", "event"),
    [
        (("preparation", "problems", 0, "description"), "支部学习抓得很紧", 0),
        (("preparation", "committee_session", "findings_reported"), False, 0),
        (("roster", 3, "dual_membership"), False, 1),
        (("review", "self_examinations", 0, "summary"), "（删除）", 1),
        (("critique", "criticisms", 0, "kind"), "praise", 2),
        (("rectification", "items", 0, "closure", "verifier_id"), "m02", 3),
        (("closing", "report", "sections"), ["process"], 3),
    ],
    ids=["preparation", "committee", "roster", "review", "critique", "rectification", "closing"],
)
def test_an_edited_sealed_section_is_refused(
    path: tuple[str | int, ...], value: Any, event: int
) -> None:
    assert tampered_at(edited("closed", set_in(path, value))) == event


def test_defaults_written_out_or_left_out_read_the_same() -> None:
    # schema 1 hashed its records without their defaults: a host that stored them so loads
    def leave_out(data: dict[str, Any]) -> None:
        for event in data["history"]:
            del event["reason"], event["reopened"]
        for talk in data["preparation"]["talks"]:
            del talk["note"]

    assert Meeting.model_validate_json(edited("closed", leave_out)) == Meeting.model_validate_json(
        raw("closed")
    )
    # ...but a value changed to the default is an edit like any other
    prep = ("preparation", "problems", 0, "root_cause")
    assert tampered_at(edited("closed", set_in(prep, ""))) == 0


def test_sealed_sections_left_out_as_defaults_verify() -> None:
    old = v1("bare-compact")
    assert "review" not in old and "critique" not in old  # sealed while empty
    m = Meeting.model_validate_json(raw("bare-compact"))
    mf.default_flow().verify(m)
    assert m.review.session is None and m.critique.criticisms == ()
    statement = {"member_id": "m01", "order": 1}
    text = edited("bare-compact", set_in(("critique",), {"statements": [statement]}))
    assert tampered_at(text) == 2


def test_findings_of_schema_1_are_covered_by_its_chain() -> None:
    def rule_ids(data: dict[str, Any]) -> None:
        data["history"][2]["findings"]["rule_ids"].pop()

    assert v1("flawed-rectification")["history"][2]["findings"]["errors"] > 0
    assert tampered_at(edited("flawed-rectification", rule_ids)) == 2


def test_the_appraisal_section_is_sealed_by_start_rectification(appraisal_flow: mf.Flow) -> None:
    grade = ("extensions", "member_appraisal", "grades", 1, "grade")
    text = edited("appraisal-closed", set_in(grade, "excellent"))
    assert tampered_at(text, appraisal_flow.parse) == 3


def test_a_redone_session_stays_sealed() -> None:
    text = raw("redo")
    data = json.loads(text)
    data["redone_sessions"][0]["critique"]["criticisms"][0]["text"] = "（改写）"
    assert tampered_at(json.dumps(data, ensure_ascii=False)) == 3
    # what the redo reopened can be changed, as it could in schema 1
    data = json.loads(text)
    data["preparation"]["problems"][0]["description"] += "。"
    assert tampered_at(json.dumps(data, ensure_ascii=False)) == 0
    data = json.loads(text)
    data["rectification"]["items"][0]["description"] += "。"
    Meeting.model_validate_json(json.dumps(data, ensure_ascii=False))


def test_a_migrated_record_edited_afterwards_fails_verification() -> None:
    m = Meeting.model_validate_json(raw("closed"))
    data = m.model_dump(mode="json")
    data["rectification"]["items"][0]["description"] = "（改写）"
    with pytest.raises(HistoryTampered):
        mf.default_flow().verify(Meeting.model_validate(data))


@pytest.mark.parametrize("version", [3, "x", None, 0, "1", 1.5, True])
@pytest.mark.parametrize("via", ["json", "dict"])
def test_an_unknown_schema_is_refused(version: Any, via: str) -> None:
    data = v1("closed")
    data["schema_version"] = version
    with pytest.raises(UnsupportedSchema) as caught:
        if via == "json":
            Meeting.model_validate_json(json.dumps(data))
        else:
            Meeting.model_validate(data)
    first = caught.value.entries[0]
    assert first.type == "unsupported_schema"
    assert first.path in ("", "schema_version")


def test_an_unknown_discipline_kind_is_refused_at_its_path() -> None:
    text = edited("preparation", set_in(("roster", 6, "discipline"), {"kind": "expelled"}))
    with pytest.raises(InvalidRecord) as caught:
        Meeting.model_validate_json(text)
    assert [e.path for e in caught.value.entries] == ["roster[6].discipline.kind"]
    assert "warning" in caught.value.entries[0].message.en


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("review", "leave_requests"), "none", "review.leave_requests"),
        (("roster", 1, "dual_membership"), "yes", "roster[1].dual_membership"),
        (
            ("review", "previous_rectification_report"),
            "none",
            "review.previous_rectification_report",
        ),
        (("preparation", "materials", 0), 7, "preparation.materials[0]"),
    ],
)
def test_a_malformed_schema_1_record_is_refused_not_defaulted(
    path: tuple[str | int, ...], value: Any, where: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        Meeting.model_validate_json(edited("preparation", set_in(path, value)))
    assert where in [e.path for e in caught.value.entries]


def test_malformed_history_is_refused() -> None:
    with pytest.raises(InvalidRecord) as caught:
        Meeting.model_validate(v1("preparation") | {"history": "lost"})
    assert [e.type for e in caught.value.entries] == ["history_tampered"]
    with pytest.raises(InvalidRecord):
        Meeting.model_validate(v1("closed") | {"history": [1, 2]})


# --- and on with schema 2 ---------------------------------------------------------------------------


def test_a_migrated_meeting_goes_on_under_schema_2() -> None:
    flow = mf.default_flow()
    m = Meeting.model_validate_json(raw("rectification"))
    assert m.stage == "rectification"
    flow.check(m, at=LATER)
    blocked = flow.allowed(m, actor="s01", at=LATER)["close"]
    assert not blocked.ok  # schema 2 asks for more before closing
    states = tuple(MemberStateEntry(member_id=x.id, state=MemberState.PRESENT) for x in m.roster)
    old_report = m.closing.report
    assert old_report is not None
    m = flow.record(
        m,
        RectificationList(
            consolidated_on=date(2021, 6, 28),
            submitted_to="mt-committee",
            submitted_on=date(2021, 6, 29),
        ),
        ReportToSuperior(
            submitted_on=old_report.submitted_on,
            to_org=old_report.to_org,
            sections=old_report.sections,
            member_states=states,
        ),
        actor="m01",
        at=LATER,
    )
    m = flow.fire(m, "close", actor="s01", at=LATER + timedelta(hours=1))
    assert m.stage == "closed"
    flow.verify(m)
    assert [e.kind for e in m.history][-3:] == ["entry", "entry", "transition"]
    again = Meeting.model_validate_json(m.model_dump_json())
    flow.verify(again)
    assert again == m


def test_a_keyed_flow_signs_what_it_migrates_once_and_refuses_it_unsigned() -> None:
    raw = (HERE / "closed.json").read_text(encoding="utf-8")
    keyed = mf.default_flow(key=b"k" * 32)
    with pytest.raises(HistoryTampered, match="MAC"):
        keyed.verify(keyed.parse(raw))
    migrated = keyed.migrate(raw)
    keyed.verify(migrated)
    assert all(e.mac for e in migrated.history)
    again = keyed.load(migrated.model_dump_json(), expected_head=mf.integrity.head(migrated))
    assert again == migrated
    with pytest.raises(mf.errors.InvalidArgument, match="already schema 2"):
        keyed.migrate(migrated.model_dump_json())
    with pytest.raises(HistoryTampered):
        mf.default_flow(key=b"z" * 32).verify(migrated)
