"""§2.3* The democratic appraisal (民主评议党员) track: APPR-*, ROLE-VOTING-RIGHTS and
CLOSE-APPRAISAL-DONE (clarifications 1, 13, 17)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from meetingflow import records as r
from meetingflow import testing
from meetingflow.errors import InvalidRecord, UnknownRule
from meetingflow.extensions import appraisal as ap

from . import fixtures as fx
from .fixtures import SITTING, days, edit, not_applicable, one, passes

if TYPE_CHECKING:
    from meetingflow.records import Meeting

SECTION = "extensions.member_appraisal"
AT = fx.at("rectification")
CRIT_AT = fx.at("critique")


def _section(m: Meeting, **changes: object) -> Meeting:
    return edit(m, SECTION, **changes)


def _member(m: Meeting, member: str, **changes: object) -> Meeting:
    index = next(i for i, x in enumerate(m.roster) if x.id == member)
    return edit(m, f"roster[{index}]", **changes)


def _grades(m: Meeting, excellent: tuple[str, ...]) -> Meeting:
    grades = tuple(
        g.evolve(grade=ap.Grade.EXCELLENT if g.member_id in excellent else ap.Grade.QUALIFIED)
        for g in ap.section(m).grades
    )
    return _section(m, grades=grades)


def test_no_appraisal_rules_without_the_track() -> None:
    """Clarification 1: the appraisal rules do not apply when no appraisal is combined."""
    ids = {x.id for x in fx.flow().rules}
    assert (
        not {
            "APPR-PROCEDURE",
            "APPR-GRADES",
            "APPR-EXCELLENT-CAP",
            "APPR-FEEDBACK-REPORT",
            "CLOSE-APPRAISAL-DONE",
            "ROLE-VOTING-RIGHTS",
        }
        & ids
    )
    with pytest.raises(UnknownRule):
        testing.evaluate("APPR-GRADES", fx.meeting("rectification"), at=AT)


def test_section_of_a_meeting_without_the_track_is_empty() -> None:
    """The minutes and the narrative read the appraisal section of every meeting: without the
    track there is no section on record, and the answer is an empty one, not an error."""
    m = fx.meeting("rectification")
    assert not hasattr(m.extensions, ap.NAME)
    empty = ap.section(m)
    assert isinstance(empty, ap.MemberAppraisal)
    assert empty == ap.MemberAppraisal()
    assert not empty.steps and not empty.grades


# --- APPR-PROCEDURE ---------------------------------------------------------------------------


def test_appr_procedure_passes() -> None:
    passes("APPR-PROCEDURE", fx.with_appraisal("critique"), CRIT_AT)
    passes("APPR-PROCEDURE", fx.with_appraisal("rectification"), AT)


def test_appr_procedure_missing_steps() -> None:
    m = fx.with_appraisal("critique")
    steps = ap.section(m).steps
    one_missing = _section(
        m, steps=tuple(s for s in steps if s.kind is not ap.AppraisalStepKind.PEER_ASSESSMENT)
    )
    f = one("APPR-PROCEDURE", one_missing, CRIT_AT, key="missing", path=f"{SECTION}.steps")
    assert f.message.zh == "民主评议缺少步骤：党员互评。"
    assert f.message.en == "The appraisal lacks the step: peer assessment."
    none = one(
        "APPR-PROCEDURE", _section(m, steps=()), CRIT_AT, key="missing", path=f"{SECTION}.steps"
    )
    assert (
        none.message.en
        == "The appraisal lacks the steps: self-assessment, peer assessment, appraisal ballot."
    )


def test_appr_procedure_order() -> None:
    m = fx.with_appraisal("critique")
    steps = tuple(
        s.evolve(on=days(-1)) if s.kind is ap.AppraisalStepKind.PEER_ASSESSMENT else s
        for s in ap.section(m).steps
    )
    one("APPR-PROCEDURE", _section(m, steps=steps), CRIT_AT, key="order", path=f"{SECTION}.steps")


def test_appr_procedure_grade_proposal_once_in_rectification() -> None:
    assert ap.section(fx.with_appraisal("critique")).proposal is None
    passes("APPR-PROCEDURE", fx.with_appraisal("critique"), CRIT_AT)
    m = fx.with_appraisal("rectification")
    one(
        "APPR-PROCEDURE", _section(m, proposal=None), AT, key="proposal", path=f"{SECTION}.proposal"
    )
    early = _section(m, proposal=ap.GradeProposal(by="plenary", on=days(-1)))
    one("APPR-PROCEDURE", early, AT, key="proposal", path=f"{SECTION}.proposal")
    passes("APPR-PROCEDURE", _section(m, proposal=ap.GradeProposal(by="plenary", on=SITTING)), AT)


# --- ROLE-VOTING-RIGHTS -----------------------------------------------------------------------


def _disciplined(
    m: Meeting,
    since: date | None = None,
    until: date | None = None,
    kind: r.DisciplineKind = r.DisciplineKind.ON_PARTY_PROBATION,
) -> Meeting:
    return _member(m, "m06", discipline=r.Discipline(kind=kind, since=since, until=until))


def test_role_voting_rights_not_applicable_without_a_member_on_probation() -> None:
    not_applicable("ROLE-VOTING-RIGHTS", fx.with_appraisal("critique"), CRIT_AT)
    warned = _disciplined(fx.with_appraisal("critique"), kind=r.DisciplineKind.SERIOUS_WARNING)
    not_applicable("ROLE-VOTING-RIGHTS", warned, CRIT_AT)


def test_role_voting_rights_passes_when_the_ballot_is_void() -> None:
    m = _disciplined(fx.with_appraisal("critique"))
    ballots = tuple(
        b.evolve(voided=True) if b.voter_id == "m06" else b for b in ap.section(m).ballots
    )
    passes("ROLE-VOTING-RIGHTS", _section(m, ballots=ballots), CRIT_AT)


def test_role_voting_rights_no_vote_on_probation() -> None:
    m = _disciplined(fx.with_appraisal("critique"), since=date(2021, 1, 1))
    f = one(
        "ROLE-VOTING-RIGHTS", m, CRIT_AT, key="voted", path=f"{SECTION}.ballots", members=["m06"]
    )
    assert f.message.zh == "受留党察看处分的 杨磊（m06） 参加了民主测评投票，但其没有表决权。"


@pytest.mark.parametrize(
    ("since", "until", "in_force"),
    [
        (date(2020, 6, 25), SITTING, True),  # the last day of the period
        (date(2020, 6, 25), days(-1), False),  # ended the day before the ballot
        (SITTING, None, True),  # began on the ballot's day
        (days(1), None, False),  # began after the ballot
    ],
)
def test_regression_role_voting_rights_honours_the_recorded_period(
    since: date, until: date | None, in_force: bool
) -> None:
    m = _disciplined(fx.with_appraisal("critique"), since=since, until=until)
    if in_force:
        one(
            "ROLE-VOTING-RIGHTS",
            m,
            CRIT_AT,
            key="voted",
            path=f"{SECTION}.ballots",
            members=["m06"],
        )
    else:
        not_applicable("ROLE-VOTING-RIGHTS", m, CRIT_AT)


def test_role_voting_rights_judged_on_the_ballots_day_not_an_earlier_step() -> None:
    m = _disciplined(fx.with_appraisal("critique"), since=date(2020, 6, 25), until=days(-1))
    steps = tuple(
        s if s.kind is ap.AppraisalStepKind.APPRAISAL_BALLOT else s.evolve(on=days(-2))
        for s in ap.section(m).steps
    )
    not_applicable("ROLE-VOTING-RIGHTS", _section(m, steps=steps), CRIT_AT)


def test_regression_role_voting_rights_unknown_discipline_kind_is_invalid() -> None:
    with pytest.raises(InvalidRecord) as caught:
        r.Discipline.model_validate({"kind": "reprimand"})
    assert "kind" in str(caught.value)


# --- APPR-GRADES ------------------------------------------------------------------------------


def test_appr_grades_passes() -> None:
    passes("APPR-GRADES", fx.with_appraisal("rectification"), AT)


def test_appr_grades_every_full_member() -> None:
    m = fx.with_appraisal("rectification")
    grades = tuple(g for g in ap.section(m).grades if g.member_id != "m06")
    one(
        "APPR-GRADES",
        _section(m, grades=grades),
        AT,
        key="missing",
        path=f"{SECTION}.grades",
        members=["m06"],
    )


def test_appr_grades_not_probationary_members() -> None:
    m = fx.with_appraisal("rectification")
    grades = (*ap.section(m).grades, ap.MemberGrade(member_id=fx.PROB, grade=ap.Grade.QUALIFIED))
    one(
        "APPR-GRADES",
        _section(m, grades=grades),
        AT,
        key="probationary",
        path=f"{SECTION}.grades",
        members=[fx.PROB],
    )


def test_appr_grades_one_of_four() -> None:
    with pytest.raises(InvalidRecord):
        ap.MemberGrade.model_validate({"member_id": "m01", "grade": "good"})


# --- APPR-EXCELLENT-CAP (S) -------------------------------------------------------------------


def test_appr_excellent_cap_passes() -> None:
    passes("APPR-EXCELLENT-CAP", fx.with_appraisal("rectification"), AT)


def test_appr_excellent_cap_not_applicable_without_grades() -> None:
    not_applicable(
        "APPR-EXCELLENT-CAP",
        _section(fx.with_appraisal("rectification"), grades=(), feedback=()),
        AT,
    )


def test_appr_excellent_cap_of_all_members() -> None:
    m = _grades(fx.with_appraisal("rectification"), ("m01", "m02", "m04"))  # 3 of 8 members > 8/3
    f = one(
        "APPR-EXCELLENT-CAP",
        m,
        AT,
        key="over",
        path=f"{SECTION}.grades",
        members=["m01", "m02", "m04"],
        severity="warning",
    )
    assert f.message.zh == "评为优秀的有 3 人，超过党员总数 8 人的 33%。"
    assert f.message.en == "3 members graded excellent, more than 33% of the 8 members."


def test_appr_excellent_cap_exactly_a_third_passes() -> None:
    m = fx.with_appraisal("rectification")
    # 6 graded members: two excellent is exactly a third
    grades = tuple(g for g in ap.section(m).grades if g.member_id != "m07")
    m = _section(m, grades=grades, feedback=())
    passes("APPR-EXCELLENT-CAP", m, AT, settings={"excellent_cap_base": "graded_members"})
    m3 = _grades(m, ("m01", "m02", "m04"))
    f = one(
        "APPR-EXCELLENT-CAP",
        m3,
        AT,
        key="over",
        path=f"{SECTION}.grades",
        members=["m01", "m02", "m04"],
        severity="warning",
        settings={"excellent_cap_base": "graded_members"},
    )
    assert f.message.zh == "评为优秀的有 3 人，超过参评人数 6 人的 33%。"


def test_appr_excellent_cap_a_cap_that_floats_cannot_hold_exactly() -> None:
    """58% of 50 is 29, though 0.58 * 50 is 28.999999999999996 in floating point."""
    m = fx.with_appraisal("rectification")
    extra = tuple(r.Member(id=f"x{i:02d}", name=f"党员{i}") for i in range(42))
    m = edit(m, "", roster=(*m.roster, *extra))
    assert len(m.roster) == 50
    grades = tuple(
        ap.MemberGrade(member_id=x.id, grade=ap.Grade.EXCELLENT)
        for x in m.roster[:30]
        if x.status is r.MemberStatus.FULL
    )[:29]
    m = _section(m, grades=grades, feedback=())
    passes("APPR-EXCELLENT-CAP", m, AT, settings={"excellent_cap": 0.58})


# --- APPR-FEEDBACK-REPORT ---------------------------------------------------------------------


def test_appr_feedback_report_passes() -> None:
    passes("APPR-FEEDBACK-REPORT", fx.with_appraisal("rectification"), AT)


def test_appr_feedback_report_told_each_member() -> None:
    m = fx.with_appraisal("rectification")
    feedback = tuple(x for x in ap.section(m).feedback if x.member_id not in ("m02", "m06"))
    one(
        "APPR-FEEDBACK-REPORT",
        _section(m, feedback=feedback),
        AT,
        key="untold",
        path=f"{SECTION}.feedback",
        members=["m02", "m06"],
    )


def test_appr_feedback_report_reported_to_the_superior() -> None:
    m = fx.with_appraisal("rectification")
    one(
        "APPR-FEEDBACK-REPORT",
        _section(m, report=None),
        AT,
        key="unreported",
        path=f"{SECTION}.report",
    )
    elsewhere = edit(m, f"{SECTION}.report", to_org="another-org")
    one(
        "APPR-FEEDBACK-REPORT",
        elsewhere,
        AT,
        key="wrong_org",
        path=f"{SECTION}.report.to_org",
        subjects={"organization": ["another-org"]},
    )


# --- CLOSE-APPRAISAL-DONE ---------------------------------------------------------------------


def test_close_appraisal_done_passes() -> None:
    passes("CLOSE-APPRAISAL-DONE", fx.with_appraisal("rectification"), AT)


def test_close_appraisal_done_final_and_reported() -> None:
    m = fx.with_appraisal("rectification")
    one("CLOSE-APPRAISAL-DONE", _section(m, report=None), AT, key="open", path=f"{SECTION}.report")
    one(
        "CLOSE-APPRAISAL-DONE",
        edit(m, f"{SECTION}.report", finalized_on=None),
        AT,
        key="open",
        path=f"{SECTION}.report",
    )
