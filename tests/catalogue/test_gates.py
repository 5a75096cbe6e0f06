"""What gates what, through the public API: ``check`` (with and without ``trigger=``),
``allowed`` and ``fire`` (clarifications 2, 3, 11, 12, 13, 15, 16)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from meetingflow import records as r
from meetingflow import testing
from meetingflow.errors import TransitionBlocked
from meetingflow.extensions import appraisal as ap
from meetingflow.testing import examples

from . import fixtures as fx
from .fixtures import SEC, SUP, days, edit, on, presence

if TYPE_CHECKING:
    import meetingflow as mf
    from meetingflow.records import Meeting


def blocked(flow: mf.Flow, m: Meeting, trigger: str, when: datetime, actor: str = SEC) -> set[str]:
    """Fire ``trigger``; it must be refused. The ids of the blocking rules."""
    with pytest.raises(TransitionBlocked) as caught:
        flow.fire(m, trigger, actor=actor, at=when)
    report = caught.value.report
    assert report.trigger == trigger
    # the same answer from a check with the target and from allowed
    assert flow.check(m, at=when, trigger=trigger).blocking_rule_ids == report.blocking_rule_ids
    status = flow.allowed(m, actor=actor, at=when)[trigger]
    assert not status.ok
    assert {f.rule_id for f in status.blocking} == set(report.blocking_rule_ids)
    return set(report.blocking_rule_ids)


def fires(flow: mf.Flow, m: Meeting, trigger: str, when: datetime, actor: str = SEC) -> Meeting:
    """Fire ``trigger``; it must be allowed."""
    assert flow.check(m, at=when, trigger=trigger).blocking == ()
    assert trigger in flow.allowed(m, actor=actor, at=when)
    out = flow.fire(m, trigger, actor=actor, at=when)
    assert out.stage != m.stage
    return out


def ids(report: mf.Report, rule_id: str) -> list[str]:
    return [f.key for f in report.for_rule(rule_id)]


PREP_AT = fx.at("preparation")
REVIEW_AT = fx.at("review")
CRIT_AT = fx.at("critique")
RECT_AT = fx.at("rectification")


# --- clarification 2: which rules are evaluated when ---------------------------------------------


@pytest.mark.parametrize(
    ("stage", "evaluated", "pending"),
    [
        (
            "preparation",
            {"PREP-NOTICE", "ROLE-COMMITTEE-REQUIRED", "HIER-HELD-BY-DEADLINE"},
            {
                "REV-FORM",
                "ATT-UNEXCUSED",
                "ROLE-DUAL-MEMBERSHIP",
                "CRIT-SUBSTANTIVE",
                "RECT-LIST",
                "ATT-MAKEUP",
                "CLOSE-REPORT",
            },
        ),
        (
            "review",
            {
                "PREP-NOTICE",
                "REV-FORM",
                "ATT-UNEXCUSED",
                "ROLE-DUAL-MEMBERSHIP",
                "ROLE-CADRE-AS-ORDINARY",
            },
            {"CRIT-SUBSTANTIVE", "RECT-LIST", "ATT-MAKEUP", "CLOSE-REPORT"},
        ),
        (
            "critique",
            {"REV-SELF-EXAM-ALL", "CRIT-SUBSTANTIVE", "CRIT-UNITY-ATTEST"},
            {"RECT-LIST", "ATT-MAKEUP", "CLOSE-REPORT"},
        ),
        (
            "rectification",
            {"CRIT-SUBSTANTIVE", "RECT-LIST", "RECT-OVERDUE", "ATT-MAKEUP"},
            {"CLOSE-REPORT", "CLOSE-MINUTES", "CLOSE-ARCHIVE", "CLOSE-NO-OPEN-ITEMS"},
        ),
        (
            "closed",
            {
                "RECT-OVERDUE",
                "CLOSE-REPORT",
                "CLOSE-MINUTES",
                "CLOSE-ARCHIVE",
                "CLOSE-NO-OPEN-ITEMS",
            },
            set(),
        ),
    ],
)
def test_clarification_2_rules_in_force_by_stage(
    stage: str, evaluated: set[str], pending: set[str]
) -> None:
    report = fx.flow().check(fx.meeting(stage), at=fx.at(stage))
    assert evaluated <= set(report.evaluated)
    assert pending <= set(report.pending)
    assert not pending & set(report.evaluated)
    assert report.findings == ()


# --- clarification 11: the start of the sitting ---------------------------------------------------


def test_compliant_meeting_starts(prep: Meeting) -> None:
    fires(fx.flow(), prep, "start_review", PREP_AT)


def test_regression_prep_readiness_gate_blocks_on_the_day_of_the_sitting(prep: Meeting) -> None:
    """Unprepared on the planned day: the sitting cannot start (postpone it, 不急于开会)."""
    m = testing.rechain(edit(prep, "preparation", study_sessions=(), spot_checks=()))
    assert blocked(fx.flow(), m, "start_review", PREP_AT) == {"PREP-STUDY"}
    # a week after the planned day, still unprepared: still blocked
    assert blocked(fx.flow(), m, "start_review", PREP_AT + timedelta(days=7)) == {"PREP-STUDY"}


def test_clarification_11_refused_start_lists_the_failing_prep_rules_plus_rev_form(
    prep: Meeting,
) -> None:
    m = edit(prep, "review", session=None)
    m = edit(
        m,
        "preparation",
        study_sessions=(),
        opinions=prep.preparation.opinions[2:],
        committee_session=None,
    )
    m = edit(m, "preparation.notice", issued_on=date(2021, 6, 10))  # after the plan
    notifications = tuple(
        n.evolve(notified_on=days(-2)) for n in m.preparation.notifications
    )  # S only
    m = testing.rechain(edit(m, "preparation", notifications=notifications))
    assert blocked(fx.flow(), m, "start_review", PREP_AT) == {
        "PREP-NOTICE",
        "PREP-STUDY",
        "PREP-COMMITTEE-FIRST",
        "PREP-OPINIONS",
        "REV-FORM",
    }
    report = fx.flow().check(m, at=PREP_AT, trigger="start_review")
    assert ids(report, "REV-FORM") == ["no_session"]
    assert {"REV-QUORUM", "REV-RECORDER"} <= set(report.not_applicable)
    (advance,) = report.for_rule("PREP-ADVANCE-NOTICE")
    assert not advance.blocks


@pytest.mark.parametrize(
    ("change", "blocking"),
    [
        ({"chair_id": None}, {"REV-FORM"}),
        ({"form": None}, {"REV-FORM"}),
        ({"recorder_id": None}, {"REV-RECORDER"}),
        ({"recorder_id": "m07"}, {"REV-RECORDER"}),  # m07 absent below
    ],
)
def test_clarification_11_the_set_up_of_the_session_gates_start_review(
    prep: Meeting, change: dict[str, object], blocking: set[str]
) -> None:
    m = edit(prep, "review.session", **change)
    if change.get("recorder_id") == "m07":
        m = presence(m, m07="absent")
    assert blocked(fx.flow(), testing.rechain(m), "start_review", PREP_AT) == blocking


def test_clarification_11_quorum_gates_start_review(prep: Meeting) -> None:
    m = presence(prep, m04="absent", m05="absent", m06="absent", m07="absent")
    assert blocked(fx.flow(), testing.rechain(m), "start_review", PREP_AT) == {"REV-QUORUM"}


def test_clarification_11_absences_and_the_deadline_do_not_gate_start_review(prep: Meeting) -> None:
    m = presence(prep, m06="absent")  # ATT-UNEXCUSED
    m = edit(m, "review.session", held_on=date(2021, 7, 1))  # after the notice's deadline
    report = fx.flow().check(m, at=PREP_AT, trigger="start_review")
    assert {f.rule_id for f in report.errors} >= {"HIER-HELD-BY-DEADLINE"}
    assert report.blocking == ()


def test_clarification_16_plain_check_in_preparation_does_not_judge_the_sitting(
    prep: Meeting,
) -> None:
    m = edit(prep, "review", session=None)
    plain = fx.flow().check(m, at=PREP_AT)
    assert {"REV-FORM", "REV-QUORUM", "REV-RECORDER"} <= set(plain.pending)
    assert plain.findings == () and plain.blocking == ()
    assert plain.trigger == "start_review"
    targeted = fx.flow().check(m, at=PREP_AT, trigger="start_review")
    assert targeted.blocking_rule_ids == ("REV-FORM",)


def test_regression_rev_form_after_a_redo_gates_start_critique(critique: Meeting) -> None:
    """After a redo back to review a new session must be recorded and set up before critique."""
    flow = fx.flow()
    m = flow.fire(
        critique, "order_redo", actor=SUP, at=CRIT_AT, reason="批评流于形式", return_to="review"
    )
    assert m.stage == "review" and m.review.session is None
    plain = flow.check(m, at=CRIT_AT)
    assert plain.blocking_rule_ids == ("REV-FORM",)
    assert blocked(flow, m, "start_critique", CRIT_AT) == {"REV-FORM"}

    later = CRIT_AT + timedelta(days=7)
    steps = testing.scenario(testing.Blueprint(sitting=days(7)))
    session = steps[0].batches[-2].items[0]
    assert isinstance(session, r.Session)
    bad = session.evolve(recorder_id=None)
    away = ("m04", "m05", "m06", "m07")
    short = [
        r.Attendance(
            member_id=f"m0{n}",
            presence=r.Presence.ABSENT if f"m0{n}" in away else r.Presence.PRESENT,
        )
        for n in range(1, 9)
    ]
    m = flow.record(m, bad, *short, actor=SEC, at=later)
    m = flow.record(m, *steps[1].batches[0].items, actor=SEC, at=later + timedelta(hours=1))
    assert blocked(flow, m, "start_critique", later + timedelta(hours=2)) == {
        "REV-QUORUM",
        "REV-RECORDER",
    }
    attendance = steps[0].batches[-1].items
    m = flow.record(m, session, *attendance, actor=SEC, at=later + timedelta(hours=3))
    fires(flow, m, "start_critique", later + timedelta(hours=4))


def test_clarification_11_redo_to_preparation_is_gated_by_start_review(critique: Meeting) -> None:
    flow = fx.flow()
    m = flow.fire(
        critique, "order_redo", actor=SUP, at=CRIT_AT, reason="准备不足", return_to="preparation"
    )
    assert m.stage == "preparation"
    assert blocked(flow, m, "start_review", CRIT_AT) == {"REV-FORM"}


# --- clarification 12: the critique gate ----------------------------------------------------------


def test_clarification_12_compliant_sitting_moves_on(critique: Meeting) -> None:
    fires(fx.flow(), critique, "start_rectification", CRIT_AT)


def test_regression_crit_substantive_blocks_start_rectification_and_a_redo_cures_it() -> None:
    flow = fx.flow()
    m = fx.flawed("critique")  # praise passed off as criticism, a cadre absent without leave
    assert blocked(flow, m, "start_rectification", CRIT_AT + timedelta(hours=1)) == {
        "CRIT-RECEIVE-EACH",
        "CRIT-SUBSTANTIVE",
    }
    report = flow.check(m, at=CRIT_AT + timedelta(hours=1), trigger="start_rectification")
    (nice,) = [f for f in report.for_rule("CRIT-SUBSTANTIVE") if f.key == "not_problem"]
    assert (nice.repairable, nice.blocks) == (False, True)
    # absences stay on record and never block
    for rule_id in ("ATT-LEAVE-APPROVED", "ATT-UNEXCUSED", "ROLE-DUAL-MEMBERSHIP"):
        assert report.for_rule(rule_id) and not any(f.blocks for f in report.for_rule(rule_id))
    # the superior orders the sitting redone; the redone sitting is judged afresh
    steps = examples.flawed_steps()
    redo = steps[2]
    m = flow.fire(
        m,
        redo.trigger,
        actor=redo.actor,
        at=redo.at,
        reason=redo.reason,
        return_to=redo.return_to,
        new_date=redo.new_date,
    )
    last = m
    for _, x in testing.play(flow, m, steps[3:5], stop="rectification"):
        last = x
    assert last.stage == "rectification"
    assert len(last.redone_sessions) == 1


def _sitting_flaw(m: Meeting, rule_id: str) -> Meeting:
    """One flaw of the sitting for each rule of the critique gate."""
    if rule_id == "ROLE-CADRE-AS-ORDINARY":
        return edit(m, "review.session", chair_id=fx.CADRE)
    if rule_id == "REV-SELF-EXAM-ALL":
        return edit(m, "review", self_examinations=m.review.self_examinations[:-1])
    if rule_id == "REV-ASPECTS-COVERED":
        return edit(m, "review.self_examinations[0]", aspects=())
    if rule_id == "CRIT-LEAD-ORDER":
        rows = tuple(
            s.evolve(order={"m01": 5, "m05": 1}.get(s.member_id, s.order))
            for s in m.critique.statements
        )
        return edit(m, "critique", statements=rows)
    if rule_id == "CRIT-RECEIVE-EACH":
        return edit(m, "critique", criticisms=m.critique.criticisms[:-1])
    if rule_id == "CRIT-SUBSTANTIVE":
        extra = r.Criticism(
            id="c9",
            from_member="m05",
            to_member="m07",
            kind=r.CriticismKind.HOPE,
            text="希望再接再厉",
        )
        return edit(m, "critique", criticisms=(*m.critique.criticisms, extra))
    if rule_id == "CRIT-CADRE-EQUAL":
        extra = r.Criticism(id="c9", from_member="m05", to_member="m02", text="会议记录不及时")
        rows = tuple(
            c.evolve(from_member="m05") if c.id == "c2" else c for c in m.critique.criticisms
        )
        return edit(m, "critique", criticisms=(*rows, extra))
    assert rule_id == "CRIT-UNITY-ATTEST"
    return edit(m, "critique", unity_attestation=None)


@pytest.mark.parametrize(
    "rule_id",
    [
        "ROLE-CADRE-AS-ORDINARY",
        "REV-SELF-EXAM-ALL",
        "REV-ASPECTS-COVERED",
        "CRIT-LEAD-ORDER",
        "CRIT-RECEIVE-EACH",
        "CRIT-SUBSTANTIVE",
        "CRIT-CADRE-EQUAL",
        "CRIT-UNITY-ATTEST",
    ],
)
def test_clarification_12_every_flaw_of_the_sitting_blocks_repairable_or_not(
    critique: Meeting, rule_id: str
) -> None:
    m = testing.rechain(_sitting_flaw(critique, rule_id))
    assert blocked(fx.flow(), m, "start_rectification", CRIT_AT) == {rule_id}
    assert "order_redo" in fx.flow().allowed(m, actor=SUP, at=CRIT_AT)


def test_clarification_12_role_cadre_as_ordinary_is_not_judged_at_start_review(
    prep: Meeting,
) -> None:
    m = testing.rechain(edit(prep, "review.session", chair_id=fx.CADRE))
    report = fx.flow().check(m, at=PREP_AT, trigger="start_review")
    assert "ROLE-CADRE-AS-ORDINARY" in report.pending
    in_review = fires(fx.flow(), m, "start_review", PREP_AT)
    # nor at start_critique: it is part of the critique gate
    review_report = fx.flow().check(in_review, at=REVIEW_AT, trigger="start_critique")
    assert ids(review_report, "ROLE-CADRE-AS-ORDINARY") == ["chairs"]
    assert "ROLE-CADRE-AS-ORDINARY" not in review_report.blocking_rule_ids


def test_clarification_12_absences_never_block() -> None:
    m = fx.absences("critique")
    # the outline of m05 is missing as well: ATT-LEAVE-WRITTEN points at sealed preparation
    m = edit(
        m,
        "preparation",
        materials=tuple(x for x in m.preparation.materials if x.id != "mat-m05"),
        material_reviews=tuple(
            x for x in m.preparation.material_reviews if x.material_id != "mat-m05"
        ),
    )
    m = testing.rechain(presence(m, m04="absent"))
    report = fx.flow().check(m, at=CRIT_AT, trigger="start_rectification")
    for rule_id in (
        "ATT-LEAVE-APPROVED",
        "ATT-UNEXCUSED",
        "ATT-LEAVE-WRITTEN",
        "ROLE-DUAL-MEMBERSHIP",
    ):
        assert report.for_rule(rule_id), rule_id
        assert not any(f.blocks for f in report.for_rule(rule_id))
    assert report.blocking == ()


# --- clarification 3: what can no longer be repaired stays on record, but does not gate ------------


def _late_closure(rect: Meeting) -> Meeting:
    index = next(i for i, c in enumerate(rect.rectification.closures) if c.item_id == "r-m06")
    late = edit(rect, f"rectification.closures[{index}]", closed_on=date(2021, 8, 16))
    check = next(i for i, v in enumerate(rect.rectification.verifications) if v.item_id == "r-m06")
    # re-checked on the claim's day: a verification dated before the claim would not count
    return testing.rechain(
        edit(late, f"rectification.verifications[{check}]", verified_on=date(2021, 8, 16))
    )


def test_regression_rect_overdue_late_closure_in_every_later_report(rect: Meeting) -> None:
    flow = fx.flow()
    m = _late_closure(rect)
    for report in (flow.check(m, at=RECT_AT), flow.check(m, at=RECT_AT, trigger="close")):
        (f,) = report.for_rule("RECT-OVERDUE")
        assert (f.key, f.severity.value, f.repairable, f.blocks) == (
            "closed_late",
            "error",
            False,
            False,
        )
        assert report.blocking == ()
    closed = fires(flow, m, "close", RECT_AT, actor=SUP)
    (event,) = [e for e in closed.history if e.trigger == "close"]
    assert [(x.rule_id, x.key, x.blocks) for x in event.findings] == [
        ("RECT-OVERDUE", "closed_late", False)
    ]
    for when in (RECT_AT + timedelta(days=1), RECT_AT + timedelta(days=400)):
        (f,) = flow.check(closed, at=when).for_rule("RECT-OVERDUE")
        assert (f.key, f.repairable, f.blocks) == ("closed_late", False, False)


def test_clarification_3_an_open_overdue_item_blocks_close(rect: Meeting) -> None:
    m = testing.rechain(
        edit(
            rect,
            "rectification",
            closures=tuple(c for c in rect.rectification.closures if c.item_id != "r-m06"),
            verifications=tuple(
                v for v in rect.rectification.verifications if v.item_id != "r-m06"
            ),
        )
    )
    assert blocked(fx.flow(), m, "close", RECT_AT, actor=SUP) == {
        "RECT-OVERDUE",
        "CLOSE-NO-OPEN-ITEMS",
    }


def test_clarification_3_a_late_report_does_not_block_close(rect: Meeting) -> None:
    m = testing.rechain(edit(rect, "closing.report", submitted_on=days(20)))
    report = fx.flow().check(m, at=RECT_AT, trigger="close")
    assert ids(report, "CLOSE-REPORT") == ["late"]
    assert report.blocking == ()
    closed = fires(fx.flow(), m, "close", RECT_AT, actor=SUP)
    assert ids(fx.flow().check(closed, at=RECT_AT), "CLOSE-REPORT") == ["late"]


def test_clarification_3_an_absence_stays_on_record() -> None:
    m = fx.absences("closed")
    report = fx.flow().check(m, at=fx.at("closed"))
    assert [f.members for f in report.for_rule("ATT-UNEXCUSED")] == [("m06",)]
    assert report.blocking == ()


# --- clarification 16: a plain check judges the present -------------------------------------------


def test_clarification_16_plain_check_in_rectification_never_shows_close(rect: Meeting) -> None:
    m = testing.rechain(edit(rect, "closing", archive=(), minutes=None))
    plain = fx.flow().check(m, at=RECT_AT)
    assert not [f for f in plain.findings if f.rule_id.startswith("CLOSE-")]
    assert {"CLOSE-ARCHIVE", "CLOSE-MINUTES"} <= set(plain.pending)
    assert plain.blocking == () and plain.trigger == "close"
    assert blocked(fx.flow(), m, "close", RECT_AT, actor=SUP) == {"CLOSE-MINUTES", "CLOSE-ARCHIVE"}


def test_clarification_16_plain_check_marks_what_blocks_the_next_transition(rect: Meeting) -> None:
    m = edit(rect, "rectification", commitments=())
    plain = fx.flow().check(m, at=RECT_AT)
    assert plain.blocking_rule_ids == ("RECT-COMMITMENT",)


def test_clarification_16_closing_rules_in_force_once_closed(closed: Meeting) -> None:
    m = edit(closed, "closing", archive=closed.closing.archive[1:])
    report = fx.flow().check(m, at=fx.at("closed"))
    assert ids(report, "CLOSE-ARCHIVE") == ["missing"]
    assert report.blocking == ()


# --- clarification 13: the appraisal runs alongside -----------------------------------------------


def _appraisal_flaws(m: Meeting) -> Meeting:
    """m06 on probation within the Party casts a ballot; the ballot step is not recorded."""
    disciplined = next(i for i, x in enumerate(m.roster) if x.id == "m06")
    m = edit(m, f"roster[{disciplined}]", discipline=r.Discipline(since=date(2021, 1, 1)))
    return testing.rechain(edit(m, "extensions.member_appraisal", steps=ap.section(m).steps[:2]))


def test_clarification_13_appraisal_findings_do_not_block_start_rectification() -> None:
    flow = fx.appraisal_flow()
    m = _appraisal_flaws(fx.with_appraisal("critique"))
    report = flow.check(m, at=CRIT_AT, trigger="start_rectification")
    assert ids(report, "APPR-PROCEDURE") == ["missing"]
    assert ids(report, "ROLE-VOTING-RIGHTS") == ["voted"]
    assert {
        "APPR-GRADES",
        "APPR-EXCELLENT-CAP",
        "APPR-FEEDBACK-REPORT",
        "CLOSE-APPRAISAL-DONE",
    } <= set(report.pending)
    assert report.blocking == ()
    fires(flow, m, "start_rectification", CRIT_AT)


def test_clarification_13_appraisal_procedure_and_voting_rights_gate_close() -> None:
    """They can still be repaired in rectification: the appraisal's section is open until close."""
    flow = fx.appraisal_flow()
    m = _appraisal_flaws(fx.with_appraisal("rectification"))
    assert blocked(flow, m, "close", RECT_AT, actor=SUP) == {"APPR-PROCEDURE", "ROLE-VOTING-RIGHTS"}
    plain = flow.check(m, at=RECT_AT)
    assert plain.blocking_rule_ids == ("APPR-PROCEDURE", "ROLE-VOTING-RIGHTS")
    # repaired while rectification runs: the ballot step recorded, the ballot voided
    steps = ap.section(fx.with_appraisal("rectification")).steps
    ballot = next(b for b in ap.section(m).ballots if b.voter_id == "m06").evolve(voided=True)
    m = flow.record(m, steps[2], ballot, actor=SEC, at=RECT_AT)
    fires(flow, m, "close", RECT_AT, actor=SUP)


def test_clarification_13_close_appraisal_done_gates_close() -> None:
    flow = fx.appraisal_flow()
    m = fx.with_appraisal("rectification")
    m = testing.rechain(edit(m, "extensions.member_appraisal.report", finalized_on=None))
    plain = flow.check(m, at=RECT_AT)
    assert "CLOSE-APPRAISAL-DONE" in plain.pending and plain.blocking == ()
    assert blocked(flow, m, "close", RECT_AT, actor=SUP) == {"CLOSE-APPRAISAL-DONE"}


def test_clarification_13_compliant_appraisal_closes() -> None:
    fires(fx.appraisal_flow(), fx.with_appraisal("rectification"), "close", RECT_AT, actor=SUP)


# --- clarification 15: the committee rule is structural -------------------------------------------


def test_clarification_15_role_committee_required_evaluated_always_and_gates_nothing() -> None:
    m = fx.meeting("preparation", committee=0)
    report = fx.flow().check(m, at=PREP_AT, trigger="start_review")
    (f,) = report.for_rule("ROLE-COMMITTEE-REQUIRED")
    assert f.severity.value == "warning" and not f.blocks
    assert "PREP-COMMITTEE-FIRST" in report.not_applicable
    assert report.blocking == ()


def test_the_built_meetings_pass_every_rule_at_every_stage() -> None:
    for stage in fx.STAGES:
        assert fx.flow().check(fx.meeting(stage), at=fx.at(stage)).findings == (), stage
    assert (
        fx.appraisal_flow()
        .check(fx.with_appraisal("rectification"), at=RECT_AT, trigger="close")
        .findings
        == ()
    )
    assert on(days(0)).date() == days(0)


def test_the_built_in_pack_is_named_and_holds_every_catalogue_rule() -> None:
    from meetingflow import catalogue

    pack = catalogue.catalogue()
    assert pack.name == "catalogue"
    assert tuple(pack.rules) == catalogue.rules()
    assert {"PREP-NOTICE", "HIER-REDO", "CLOSE-ARCHIVE"} <= {r.id for r in pack.rules}
