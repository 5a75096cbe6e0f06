"""Deriving flows in code, custom typed sections, and the appraisal extension."""

from __future__ import annotations

import pickle
from datetime import date
from typing import ClassVar

import pytest

import meetingflow as mf
from meetingflow import appraisal as ap
from meetingflow import examples, testing
from meetingflow.diagram import to_mermaid

BASE = mf.default_flow()


class Visit(mf.Record):
    """A host's own record type for its own stage."""

    record_into: ClassVar[mf.Placement | None] = mf.Placement("extensions.field_visit", "visits")
    member_id: mf.MemberRef
    on: date


class FieldVisit(mf.Record):
    """The host's section."""

    visits: tuple[Visit, ...] = ()


VISIT_STAGE = mf.Stage(
    "field_visit", mf.Text("走访", "field visit"), section=FieldVisit, optional=True
)


def test_insert_stage_rewires_and_leaves_the_original_alone() -> None:
    flow = BASE.insert_stage(VISIT_STAGE, after="rectification", trigger="start_visits")
    assert BASE.stage_names == ("preparation", "review", "critique", "rectification", "closed")
    assert flow.stage_names == (
        "preparation",
        "review",
        "critique",
        "rectification",
        "field_visit",
        "closed",
    )
    assert flow.transition("start_visits").sources == ("rectification",)
    assert flow.transition("close").sources == ("field_visit",)
    assert "field_visit" in flow.transition("order_redo").sources
    assert flow.transition("start_visits").roles == BASE.transition("close").roles
    before = BASE.insert_stage(VISIT_STAGE, before="closed", trigger="start_visits")
    assert before.stage_names == flow.stage_names


def test_custom_section_round_trips_is_sealed_and_in_the_schema() -> None:
    flow = BASE.insert_stage(
        VISIT_STAGE, after="rectification", trigger="start_visits", roles={"supervisor"}
    )
    m = flow.adopt(testing.example("rectification"))
    assert isinstance(m, flow.meeting_type) and m.extensions.field_visit == FieldVisit()  # type: ignore[attr-defined]
    at = testing.example_at("rectification")
    m = flow.fire(m, "start_visits", actor="s01", at=at)
    m = m.record(Visit(member_id="m05", on=date(2021, 8, 21)))
    assert m.extensions.field_visit.visits[0].member_id == "m05"  # type: ignore[attr-defined]
    closed = flow.fire(m, "close", actor="s01", at=at)
    assert any(s.path == "extensions.field_visit" for s in closed.history[-1].seals)
    mf.verify_history(closed)
    again = flow.parse(closed.model_dump_json())
    assert again == closed
    mf.verify_history(again)
    with pytest.raises(mf.HistoryTampered):
        mf.verify_history(testing.edit(again, "extensions.field_visit.visits[0]", member_id="m06"))
    with pytest.raises(mf.SectionSealed):
        again.record(Visit(member_id="m06", on=date(2021, 8, 22)))
    schema = flow.meeting_type.model_json_schema()
    assert (
        "FieldVisit" in schema["$defs"]
        and "field_visit" in schema["$defs"]["Extensions"]["properties"]
    )
    with pytest.raises(mf.InvalidRecord) as info:
        m.record(Visit(member_id="ghost", on=date(2021, 8, 21)))
    assert info.value.paths == ("extensions.field_visit.visits[1].member_id",)


def test_old_records_read_under_a_flow_with_a_new_stage() -> None:
    flow = BASE.insert_stage(VISIT_STAGE, after="rectification", trigger="start_visits")
    old = testing.example("rectification").model_dump_json()
    m = flow.parse(old)
    assert m.extensions.field_visit == FieldVisit()  # type: ignore[attr-defined]
    mf.verify_history(m)
    assert flow.check(m, at=testing.example_at("rectification"), trigger="start_visits").ok


def test_recording_into_a_section_the_meeting_lacks_is_a_clear_error() -> None:
    with pytest.raises(mf.InvalidRecord, match="meeting_type"):
        testing.example("rectification").record(Visit(member_id="m05", on=date(2021, 8, 21)))


def test_remove_optional_stage_restores_the_path() -> None:
    flow = mf.default_flow(appraisal=True)
    back = flow.remove_stage("member_appraisal")
    assert back.stage_names == BASE.stage_names
    assert back.transition("start_rectification").sources == ("critique",)
    assert "start_appraisal" not in back.triggers
    assert not any(r.stage == "member_appraisal" for r in back.rules)
    assert "member_appraisal" not in back.transition("order_redo").sources
    with pytest.raises(mf.InvalidArgument, match="not optional"):
        BASE.remove_stage("critique")


def test_replace_stage_renames_everywhere() -> None:
    flow = BASE.replace_stage(
        "critique",
        mf.Stage("mutual_criticism", mf.Text("相互批评", "mutual criticism"), seals=("critique",)),
    )
    assert "mutual_criticism" in flow.stage_names and "critique" not in flow.stage_names
    assert flow.transition("start_rectification").sources == ("mutual_criticism",)
    assert {r.stage for r in flow.rules if r.id.startswith("CRIT-")} == {"mutual_criticism"}


def test_with_roles_settings_and_rules() -> None:
    flow = BASE.with_roles("close", "supervisor", "secretary").with_settings(
        {"report_within_days": 30}
    )
    assert flow.transition("close").roles == {"supervisor", "secretary"}
    assert flow.settings.report_within_days == 30 and flow.settings.advance_notice_days == 10
    m = testing.example("rectification")
    assert (
        flow.fire(m, "close", actor="m01", at=testing.example_at("rectification")).stage == "closed"
    )
    with pytest.raises(mf.FlowDefinitionError, match="no role allowed"):
        BASE.with_roles("close")


def test_build_reports_every_problem_of_a_custom_stage() -> None:
    class Needy(mf.Record):
        """A section with a required field."""

        must: str

    bad = mf.Stage("Bad Name", mf.Text("坏", "bad"), section=Needy)
    with pytest.raises(mf.FlowDefinitionError) as info:
        BASE.insert_stage(bad, after="critique", trigger="start_review")
    text = str(info.value)
    assert "lower_snake_case" in text and "needs a default for must" in text
    assert "trigger name 'start_review' is used twice" in text


def test_derived_flows_pickle() -> None:
    flow = mf.default_flow(appraisal=True)
    clone = pickle.loads(pickle.dumps(flow))
    assert clone.stage_names == flow.stage_names and clone.meeting_type is flow.meeting_type


def test_appraisal_flow_runs_the_example_to_closed() -> None:
    flow = mf.default_flow(appraisal=True)
    closed = examples.meeting_at("closed", appraisal=True)
    assert [e.trigger for e in closed.history] == [
        "start_review",
        "start_critique",
        "start_appraisal",
        "start_rectification",
        "close",
    ]
    mf.verify_history(closed)
    assert flow.parse(closed.model_dump_json()) == closed
    assert "member_appraisal (民主评议党员)" in to_mermaid(flow)
    assert "APPR-PROCEDURE" in to_mermaid(flow)


APPR_AT = testing.example_at("member_appraisal")


def appraised() -> mf.Meeting:
    return examples.meeting_at("member_appraisal", appraisal=True)


def sec(m: mf.Meeting, **changes: object) -> mf.Meeting:
    return testing.edit(m, "extensions.member_appraisal", **changes)


def test_appr_procedure() -> None:
    m = appraised()
    testing.assert_passes(ap.appr_procedure, m, at=APPR_AT)
    steps = ap.section(m).steps
    testing.assert_fails(
        "APPR-PROCEDURE",
        sec(m, steps=steps[:2]),
        at=APPR_AT,
        path="extensions.member_appraisal.steps",
        flow=mf.default_flow(appraisal=True),
    )
    swapped = (steps[0].replace(on=date(2021, 6, 27)), *steps[1:])
    testing.assert_fails(ap.appr_procedure, sec(m, steps=swapped), at=APPR_AT)
    testing.assert_fails(
        ap.appr_procedure,
        sec(m, proposal=None),
        at=APPR_AT,
        path="extensions.member_appraisal.proposal",
    )


def test_appr_grades() -> None:
    m = appraised()
    testing.assert_passes(ap.appr_grades, m, at=APPR_AT)
    grades = ap.section(m).grades
    testing.assert_fails(ap.appr_grades, sec(m, grades=grades[1:]), at=APPR_AT, members=("m01",))
    probationary = (*grades, ap.MemberGrade(member_id="m08", grade=ap.Grade.QUALIFIED))
    testing.assert_fails(ap.appr_grades, sec(m, grades=probationary), at=APPR_AT, members=("m08",))


def test_appr_excellent_cap() -> None:
    m = appraised()
    testing.assert_passes(ap.appr_excellent_cap, m, at=APPR_AT)
    many = tuple(
        g.replace(grade=ap.Grade.EXCELLENT) if g.member_id in ("m01", "m02", "m04") else g
        for g in ap.section(m).grades
    )
    [f] = testing.assert_fails(ap.appr_excellent_cap, sec(m, grades=many), at=APPR_AT)
    assert set(f.members) == {"m01", "m02", "m04"} and f.severity is mf.Severity.WARNING
    testing.assert_fails(
        ap.appr_excellent_cap,
        m,
        at=APPR_AT,
        settings={"excellent_cap": 0.2, "excellent_cap_base": "graded_members"},
    )
    testing.assert_not_applicable(ap.appr_excellent_cap, sec(m, grades=()), at=APPR_AT)


def test_appr_feedback_report() -> None:
    m = appraised()
    testing.assert_passes(ap.appr_feedback_report, m, at=APPR_AT)
    testing.assert_fails(
        ap.appr_feedback_report,
        sec(m, feedback=ap.section(m).feedback[1:]),
        at=APPR_AT,
        members=("m01",),
    )
    testing.assert_fails(
        ap.appr_feedback_report,
        sec(m, report=None),
        at=APPR_AT,
        path="extensions.member_appraisal.report",
    )


def test_role_voting_rights() -> None:
    m = appraised()
    testing.assert_not_applicable(ap.role_voting_rights, m, at=APPR_AT)
    disciplined = testing.edit(m, "roster[6]", discipline=mf.Discipline())
    testing.assert_fails(
        "ROLE-VOTING-RIGHTS",
        disciplined,
        at=APPR_AT,
        members=("m07",),
        flow=mf.default_flow(appraisal=True),
    )
    not_voting = sec(
        disciplined, ballots=tuple(b for b in ap.section(m).ballots if b.voter_id != "m07")
    )
    testing.assert_passes(ap.role_voting_rights, not_voting, at=APPR_AT)


def test_close_appraisal_done_and_archive() -> None:
    flow = mf.default_flow(appraisal=True)
    m = examples.meeting_at("rectification", appraisal=True)
    at = testing.example_at("rectification")
    testing.assert_passes("CLOSE-APPRAISAL-DONE", m, at=at, flow=flow)
    not_final = testing.edit(m, "extensions.member_appraisal.report", final=False)
    testing.assert_fails(
        "CLOSE-APPRAISAL-DONE",
        not_final,
        at=at,
        flow=flow,
        path="extensions.member_appraisal.report",
    )
    report = flow.check(not_final, at=at)
    assert "CLOSE-APPRAISAL-DONE" in {f.rule_id for f in report.blocking}
    no_doc = testing.edit(
        m,
        "closing",
        archive=tuple(d for d in m.closing.archive if d.kind is not mf.DocumentKind.APPRAISAL),
    )
    [f] = testing.assert_fails("CLOSE-ARCHIVE", no_doc, at=at, settings=flow.settings)
    assert "appraisal" in f.message.en
    assert mf.DocumentKind.APPRAISAL in flow.settings.archive_documents
    testing.assert_passes("CLOSE-ARCHIVE", no_doc, at=at)  # the default pack does not ask for it


def test_appraisal_rules_are_complete_values() -> None:
    flow = mf.default_flow(appraisal=True)
    ids = {r.id for r in ap.RULES}
    assert ids == {
        "APPR-PROCEDURE",
        "APPR-GRADES",
        "APPR-EXCELLENT-CAP",
        "APPR-FEEDBACK-REPORT",
        "ROLE-VOTING-RIGHTS",
        "CLOSE-APPRAISAL-DONE",
    }
    assert ids <= set(flow.pack.ids)
    for r in ap.RULES:
        assert r.title.zh and r.title.en and r.message.zh and r.message.en and r.basis
        assert (r.check.__doc__ or "").strip()


def test_attach_rules_checks_the_stage() -> None:
    flow = mf.default_flow().insert_stage(
        VISIT_STAGE, after="rectification", trigger="start_visits"
    )
    visits = mf.default_pack().get("PREP-SPOT-CHECK").evolve(id="HOST-VISITS", stage="field_visit")
    assert "HOST-VISITS" in flow.attach_rules("field_visit", visits).pack.ids
    wrong = visits.evolve(id="HOST-WRONG", stage="review")
    with pytest.raises(mf.FlowDefinitionError) as info:
        flow.attach_rules("field_visit", visits, wrong)
    assert "rule HOST-WRONG applies to stage 'review'" in str(info.value)
    with pytest.raises(mf.FlowDefinitionError, match="no stage 'nowhere'"):
        flow.attach_rules("nowhere", visits)
