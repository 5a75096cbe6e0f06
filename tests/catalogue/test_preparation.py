"""§2.1 Preparation (PREP-NOTICE … PREP-COMMITTEE-FIRST) and the structural ROLE-COMMITTEE-REQUIRED."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest

import meetingflow as mf
from meetingflow import records as r

from . import fixtures as fx
from .fixtures import SITTING, days, edit, not_applicable, one, passes

if TYPE_CHECKING:
    from meetingflow.records import Meeting

AT = fx.at("preparation")


# --- PREP-NOTICE ------------------------------------------------------------------------------


def test_prep_notice_passes(prep: Meeting) -> None:
    passes("PREP-NOTICE", prep, AT)


def test_prep_notice_missing(prep: Meeting) -> None:
    one(
        "PREP-NOTICE",
        edit(prep, "preparation", notice=None),
        AT,
        key="missing",
        path="preparation.notice",
    )


def test_regression_prep_notice_one_deadline_per_stage(prep: Meeting) -> None:
    notice = prep.preparation.notice
    assert notice is not None
    only_review = tuple(d for d in notice.timetable if d.stage == "review")
    m = edit(prep, "preparation.notice", timetable=only_review)
    f = one("PREP-NOTICE", m, AT, key="timetable", path="preparation.notice.timetable")
    assert (
        f.message.zh
        == "上级通知的时间表缺少以下阶段的截止日期：会前准备、批评与自我批评、会后整改。"
    )
    assert (
        f.message.en
        == "The notice's timetable has no deadline for: preparation, critique, rectification."
    )


def test_prep_notice_empty_timetable(prep: Meeting) -> None:
    m = edit(prep, "preparation.notice", timetable=())
    f = one("PREP-NOTICE", m, AT, key="timetable", path="preparation.notice.timetable")
    assert "会前准备、会中检视剖析、批评与自我批评、会后整改" in f.message.zh


def test_prep_notice_needs_no_deadline_for_a_hosts_own_stage(prep: Meeting) -> None:
    """Decision: the timetable covers the catalogue's stages that are in the flow, not a host's."""
    lookback = mf.Stage(
        "lookback", ("整改回头看", "look-back"), sections=("rectification", "closing")
    )
    extended = fx.flow().insert_stage(lookback, after="rectification", trigger="start_lookback")
    passes("PREP-NOTICE", prep, AT, flow_=extended)


def test_prep_notice_scope(prep: Meeting) -> None:
    m = edit(prep, "preparation.notice", scope_org_ids=("another-branch",))
    f = one(
        "PREP-NOTICE",
        m,
        AT,
        key="scope",
        path="preparation.notice.scope_org_ids",
        subjects={"organization": [fx.ORG]},
    )
    assert "绵投集团资产公司党支部" in f.message.zh


@pytest.mark.parametrize(("shift", "fails"), [(-1, False), (0, True), (1, True)])
def test_prep_notice_issued_before_the_plan(prep: Meeting, shift: int, fails: bool) -> None:
    plan = prep.preparation.plan
    assert plan is not None
    m = edit(prep, "preparation.notice", issued_on=plan.drafted_on + timedelta(days=shift))
    if fails:
        one("PREP-NOTICE", m, AT, key="after_plan", path="preparation.notice.issued_on")
    else:
        passes("PREP-NOTICE", m, AT)


# --- PREP-PLAN --------------------------------------------------------------------------------


def test_prep_plan_passes(prep: Meeting) -> None:
    passes("PREP-PLAN", prep, AT)


def test_prep_plan_missing(prep: Meeting) -> None:
    one(
        "PREP-PLAN",
        edit(prep, "preparation", plan=None),
        AT,
        key="missing",
        path="preparation.plan",
    )


@pytest.mark.parametrize(
    ("field", "empty", "zh"),
    [
        ("venue", "", "地点"),
        ("theme", " ", "主题"),
        ("agenda", (), "议程"),
        ("study_items", (), "学习内容"),
        ("schedule", (), "日程安排"),
    ],
)
def test_prep_plan_incomplete(prep: Meeting, field: str, empty: object, zh: str) -> None:
    m = edit(prep, "preparation.plan", **{field: empty})
    f = one("PREP-PLAN", m, AT, key="incomplete", path="preparation.plan")
    assert f.message.zh == f"会议方案缺少：{zh}。"


def test_prep_plan_of_another_organization(prep: Meeting) -> None:
    m = edit(prep, "preparation.plan", org_id="another-branch")
    one(
        "PREP-PLAN",
        m,
        AT,
        key="other_org",
        path="preparation.plan.org_id",
        subjects={"organization": ["another-branch"]},
    )


# --- PREP-PLAN-APPROVAL -----------------------------------------------------------------------


def test_prep_plan_approval_passes(prep: Meeting) -> None:
    passes("PREP-PLAN-APPROVAL", prep, AT)


def test_prep_plan_approval_not_applicable_without_a_plan(prep: Meeting) -> None:
    not_applicable("PREP-PLAN-APPROVAL", edit(prep, "preparation", plan=None), AT)


def test_prep_plan_approval_not_submitted(prep: Meeting) -> None:
    m = edit(prep, "preparation.plan", submitted_on=None)
    one("PREP-PLAN-APPROVAL", m, AT, key="not_submitted", path="preparation.plan.submitted_on")


def test_prep_plan_approval_not_approved(prep: Meeting) -> None:
    m = edit(prep, "preparation", plan_approval=None)
    one("PREP-PLAN-APPROVAL", m, AT, key="not_approved", path="preparation.plan_approval")


def test_regression_prep_plan_approval_only_the_superior_approves(prep: Meeting) -> None:
    m = edit(prep, "preparation.plan_approval", approved_by=fx.SEC)
    f = one(
        "PREP-PLAN-APPROVAL",
        m,
        AT,
        key="not_superior",
        path="preparation.plan_approval.approved_by",
    )
    assert "王芳（m01）" in f.message.zh


def test_regression_prep_plan_approval_before_submission(prep: Meeting) -> None:
    plan = prep.preparation.plan
    assert plan is not None and plan.submitted_on is not None
    m = edit(prep, "preparation.plan_approval", approved_on=plan.submitted_on - timedelta(days=1))
    one(
        "PREP-PLAN-APPROVAL",
        m,
        AT,
        key="before_submission",
        path="preparation.plan_approval.approved_on",
    )


def test_prep_plan_approval_on_the_day_of_submission_passes(prep: Meeting) -> None:
    plan = prep.preparation.plan
    assert plan is not None and plan.submitted_on is not None
    passes(
        "PREP-PLAN-APPROVAL",
        edit(prep, "preparation.plan_approval", approved_on=plan.submitted_on),
        AT,
    )


@pytest.mark.parametrize(("before", "fails"), [(1, False), (0, True), (-1, True)])
def test_prep_plan_approval_before_the_meeting_date(
    prep: Meeting, before: int, fails: bool
) -> None:
    m = edit(prep, "preparation.plan_approval", approved_on=days(-before))
    if fails:
        f = one(
            "PREP-PLAN-APPROVAL", m, AT, key="late", path="preparation.plan_approval.approved_on"
        )
        assert (
            f.message.en
            == f"The plan was approved on {days(-before)}, not before the meeting date ({SITTING})."
        )
    else:
        passes("PREP-PLAN-APPROVAL", m, AT)


@pytest.mark.parametrize(("by", "fails"), [(fx.SUP, False), (fx.SEC, True)])
def test_prep_plan_approval_after_a_postponement_the_superior_approved(
    prep: Meeting, by: str, fails: bool
) -> None:
    """The meeting's date is the postponed one only when the superior approved the postponement
    (clarification 17); an approval before that date is in time."""
    later = days(13)
    m = _postponed(prep, approved_on=days(-4), by=by, new_date=later)
    m = edit(m, "review.session", held_on=later)
    m = edit(m, "preparation.plan_approval", approved_on=days(6))
    if fails:
        one("PREP-PLAN-APPROVAL", m, AT, key="late", path="preparation.plan_approval.approved_on")
    else:
        passes("PREP-PLAN-APPROVAL", m, AT)


def test_regression_prep_plan_approval_compares_with_the_sitting_date(prep: Meeting) -> None:
    approval = prep.preparation.plan_approval
    assert approval is not None
    # the sitting was held earlier than planned: on the very day of the approval
    m = edit(prep, "review.session", held_on=approval.approved_on)
    f = one("PREP-PLAN-APPROVAL", m, AT, key="late", path="preparation.plan_approval.approved_on")
    assert str(approval.approved_on) in f.message.en


# --- PREP-THEME -------------------------------------------------------------------------------


def test_prep_theme_passes(prep: Meeting) -> None:
    passes("PREP-THEME", prep, AT)


def test_prep_theme_missing(prep: Meeting) -> None:
    one(
        "PREP-THEME",
        edit(prep, "preparation.plan", theme="  "),
        AT,
        key="missing",
        path="preparation.plan.theme",
    )


def test_prep_theme_missing_without_a_plan(prep: Meeting) -> None:
    one(
        "PREP-THEME",
        edit(prep, "preparation", plan=None),
        AT,
        key="missing",
        path="preparation.plan.theme",
    )


def test_prep_theme_of_a_thematic_meeting_is_the_campaign_theme(prep: Meeting) -> None:
    m = edit(prep, "preparation.plan", theme="加强作风建设")
    one("PREP-THEME", m, AT, key="not_campaign", path="preparation.plan.theme")
    # the same words with other punctuation and spaces are the same theme
    passes("PREP-THEME", edit(prep, "preparation.plan", theme="学党史 悟思想，办实事 开新局"), AT)


def test_prep_theme_of_an_annual_meeting_is_free(prep: Meeting) -> None:
    m = edit(
        edit(prep, "preparation.plan", theme="加强作风建设"), "campaign", kind=r.MeetingKind.ANNUAL
    )
    passes("PREP-THEME", m, AT)


# --- PREP-ADVANCE-NOTICE (at least N days ahead: meeting − notified ≥ N) -----------------------


def _notified(prep: Meeting, member: str, day: date) -> Meeting:
    rows = tuple(
        n.evolve(notified_on=day) if n.member_id == member else n
        for n in prep.preparation.notifications
    )
    return edit(prep, "preparation", notifications=rows)


def test_prep_advance_notice_passes(prep: Meeting) -> None:
    passes("PREP-ADVANCE-NOTICE", prep, AT)


@pytest.mark.parametrize(("ahead", "fails"), [(9, True), (10, False), (11, False)])
def test_prep_advance_notice_boundary(prep: Meeting, ahead: int, fails: bool) -> None:
    m = _notified(prep, "m05", days(-ahead))
    if fails:
        f = one(
            "PREP-ADVANCE-NOTICE",
            m,
            AT,
            key="late",
            path="preparation.notifications",
            members=["m05"],
            severity="warning",
        )
        assert f.message.en == "Not notified 10 days ahead of the meeting: 陈静 (m05)."
    else:
        passes("PREP-ADVANCE-NOTICE", m, AT)


def test_prep_advance_notice_configurable(prep: Meeting) -> None:
    m = _notified(prep, "m05", days(-3))
    passes("PREP-ADVANCE-NOTICE", m, AT, settings={"advance_notice_days": 3})
    f = one(
        "PREP-ADVANCE-NOTICE",
        m,
        AT,
        key="late",
        path="preparation.notifications",
        members=["m05"],
        severity="warning",
        settings={"advance_notice_days": 4},
    )
    assert f.message.en == "Not notified 4 days ahead of the meeting: 陈静 (m05)."


def test_prep_advance_notice_one_day_is_singular(prep: Meeting) -> None:
    m = _notified(prep, "m05", SITTING)
    f = one(
        "PREP-ADVANCE-NOTICE",
        m,
        AT,
        key="late",
        path="preparation.notifications",
        members=["m05"],
        severity="warning",
        settings={"advance_notice_days": 1},
    )
    assert f.message.en == "Not notified 1 day ahead of the meeting: 陈静 (m05)."


def test_prep_advance_notice_unnotified_members(prep: Meeting) -> None:
    rows = tuple(n for n in prep.preparation.notifications if n.member_id not in ("m02", "m07"))
    m = edit(prep, "preparation", notifications=rows)
    one(
        "PREP-ADVANCE-NOTICE",
        m,
        AT,
        key="late",
        path="preparation.notifications",
        members=["m02", "m07"],
        severity="warning",
    )


def test_prep_advance_notice_counts_to_an_approved_postponement(prep: Meeting) -> None:
    m = _notified(edit(prep, "review", session=None), "m05", days(-5))
    postponed = edit(
        m,
        "preparation",
        postponements=(
            r.Postponement(
                requested_on=days(-7),
                new_date=days(5),
                reason="上级调整安排",
                approved_by=fx.SUP,
                approved_on=days(-6),
            ),
        ),
    )
    passes("PREP-ADVANCE-NOTICE", postponed, AT)
    by_the_secretary = edit(postponed, "preparation.postponements[0]", approved_by=fx.SEC)
    one(  # clarification 17: only the superior can move the meeting's date
        "PREP-ADVANCE-NOTICE",
        by_the_secretary,
        AT,
        key="late",
        path="preparation.notifications",
        members=["m05"],
        severity="warning",
    )


def test_prep_advance_notice_not_applicable_without_a_date(prep: Meeting) -> None:
    m = edit(edit(prep, "preparation", plan=None), "review", session=None)
    not_applicable("PREP-ADVANCE-NOTICE", m, AT)


# --- PREP-STUDY -------------------------------------------------------------------------------


def test_prep_study_passes(prep: Meeting) -> None:
    passes("PREP-STUDY", prep, AT)


def test_prep_study_none(prep: Meeting) -> None:
    one(
        "PREP-STUDY",
        edit(prep, "preparation", study_sessions=()),
        AT,
        key="none",
        path="preparation.study_sessions",
    )


@pytest.mark.parametrize(("before", "fails"), [(1, False), (0, True), (-1, True)])
def test_prep_study_before_the_meeting_date(prep: Meeting, before: int, fails: bool) -> None:
    only = prep.preparation.study_sessions[0].evolve(held_on=days(-before))
    m = edit(prep, "preparation", study_sessions=(only,))
    if fails:
        one("PREP-STUDY", m, AT, key="none", path="preparation.study_sessions")
    else:
        passes("PREP-STUDY", m, AT)


def test_prep_study_attendance_recorded(prep: Meeting) -> None:
    m = edit(prep, "preparation.study_sessions[1]", attendee_ids=())
    one(
        "PREP-STUDY",
        m,
        AT,
        key="attendance",
        path="preparation.study_sessions[1].attendee_ids",
        subjects={"study_session": ["study-2"]},
    )


@pytest.mark.parametrize(("required", "fails"), [(8, False), (8.5, True)])
def test_prep_study_minimum_hours(prep: Meeting, required: float, fails: bool) -> None:
    settings = {"min_study_hours": required}
    if fails:
        f = one(
            "PREP-STUDY",
            prep,
            AT,
            key="hours",
            path="preparation.study_sessions",
            settings=settings,
        )
        assert f.message.en == "Collective study totals 8 h, less than the required 8.5 h."
    else:
        passes("PREP-STUDY", prep, AT, settings=settings)


# --- PREP-SPOT-CHECK --------------------------------------------------------------------------


def test_prep_spot_check_passes(prep: Meeting) -> None:
    passes("PREP-SPOT-CHECK", prep, AT)


def test_prep_spot_check_none(prep: Meeting) -> None:
    m = edit(prep, "preparation", spot_checks=())
    one("PREP-SPOT-CHECK", m, AT, key="none", path="preparation.spot_checks", severity="warning")


def test_regression_prep_spot_check_only_by_the_superior(prep: Meeting) -> None:
    m = edit(prep, "preparation.spot_checks[0]", by_id=fx.SEC)
    one("PREP-SPOT-CHECK", m, AT, key="none", path="preparation.spot_checks", severity="warning")


@pytest.mark.parametrize(("shift", "fails"), [(0, False), (1, True)])
def test_regression_prep_spot_check_after_the_sitting_is_not_preparation(
    prep: Meeting, shift: int, fails: bool
) -> None:
    m = edit(prep, "preparation.spot_checks[0]", on=days(shift))
    if fails:
        one(
            "PREP-SPOT-CHECK", m, AT, key="none", path="preparation.spot_checks", severity="warning"
        )
    else:
        passes("PREP-SPOT-CHECK", m, AT)


# --- PREP-COMMITTEE-FIRST ---------------------------------------------------------------------


def test_prep_committee_first_passes(prep: Meeting) -> None:
    passes("PREP-COMMITTEE-FIRST", prep, AT)


def test_prep_committee_first_not_applicable_without_a_committee() -> None:
    not_applicable("PREP-COMMITTEE-FIRST", fx.no_committee("preparation"), AT)


def test_prep_committee_first_applies_before_a_plan_is_drafted(prep: Meeting) -> None:
    m = edit(edit(prep, "preparation", plan=None), "review", session=None)
    passes("PREP-COMMITTEE-FIRST", m, AT)


def test_regression_prep_committee_first_not_for_a_committee_sitting(prep: Meeting) -> None:
    m = edit(prep, "preparation", committee_session=None)
    sitting = edit(m, "review.session", form=r.SessionForm.COMMITTEE_MEETING)
    not_applicable("PREP-COMMITTEE-FIRST", sitting, AT)
    planned = edit(
        edit(m, "review", session=None), "preparation.plan", form=r.SessionForm.COMMITTEE_MEETING
    )
    not_applicable("PREP-COMMITTEE-FIRST", planned, AT)


def test_prep_committee_first_missing(prep: Meeting) -> None:
    m = edit(prep, "preparation", committee_session=None)
    one("PREP-COMMITTEE-FIRST", m, AT, key="missing", path="preparation.committee_session")


def test_prep_committee_first_form(prep: Meeting) -> None:
    m = edit(prep, "preparation.committee_session", form=r.SessionForm.GROUP_MEETING)
    one("PREP-COMMITTEE-FIRST", m, AT, key="form", path="preparation.committee_session.form")


@pytest.mark.parametrize(("before", "fails"), [(1, False), (0, True), (-1, True)])
def test_regression_prep_committee_first_comes_before_the_plenary(
    prep: Meeting, before: int, fails: bool
) -> None:
    m = edit(prep, "preparation.committee_session", held_on=days(-before))
    if fails:
        one(
            "PREP-COMMITTEE-FIRST",
            m,
            AT,
            key="not_before",
            path="preparation.committee_session.held_on",
        )
    else:
        passes("PREP-COMMITTEE-FIRST", m, AT)


def test_regression_prep_committee_first_does_not_demand_the_report_before_the_sitting(
    prep: Meeting,
) -> None:
    assert prep.review.branch_report is None
    passes("PREP-COMMITTEE-FIRST", prep, AT)


# --- ROLE-COMMITTEE-REQUIRED (structural, clarification 15) ------------------------------------


def test_role_committee_required_passes(prep: Meeting) -> None:
    passes("ROLE-COMMITTEE-REQUIRED", prep, AT)


def test_role_committee_required_fails_from_seven_full_members() -> None:
    m = fx.meeting("preparation", committee=0)  # 8 members, 7 of them full, no committee
    f = one("ROLE-COMMITTEE-REQUIRED", m, AT, key="none", path="roster", severity="warning")
    assert f.message.en == "The branch has 7 full members (7 or more) but no committee."


def test_role_committee_required_not_applicable_below_seven() -> None:
    """Decision: below the threshold there is nothing to require (clarification 1)."""
    m = fx.meeting("preparation", members=7, committee=0)  # 6 full members
    not_applicable("ROLE-COMMITTEE-REQUIRED", m, AT)
    one(
        "ROLE-COMMITTEE-REQUIRED",
        m,
        AT,
        key="none",
        path="roster",
        severity="warning",
        settings={"committee_required_from": 6},
    )


def test_role_committee_required_evaluated_in_every_stage(rect: Meeting) -> None:
    report = fx.flow().check(fx.meeting("preparation"), at=AT)
    assert "ROLE-COMMITTEE-REQUIRED" in report.evaluated
    assert "ROLE-COMMITTEE-REQUIRED" in fx.flow().check(rect, at=fx.at("rectification")).evaluated


# --- HIER-HELD-BY-DEADLINE --------------------------------------------------------------------

DEADLINE = date(2021, 6, 30)


def _late(prep: Meeting, sitting: date) -> Meeting:
    return edit(prep, "review.session", held_on=sitting)


def _postponed(m: Meeting, *, approved_on: date, by: str = fx.SUP, new_date: date) -> Meeting:
    row = r.Postponement(
        requested_on=approved_on - timedelta(days=1),
        new_date=new_date,
        reason="书记参加集中培训",
        approved_by=by,
        approved_on=approved_on,
    )
    return edit(m, "preparation", postponements=(row,))


def test_hier_held_by_deadline_passes(prep: Meeting) -> None:
    passes("HIER-HELD-BY-DEADLINE", prep, AT)


@pytest.mark.parametrize(
    ("sitting", "fails"), [(DEADLINE, False), (DEADLINE + timedelta(days=1), True)]
)
def test_hier_held_by_deadline_boundary(prep: Meeting, sitting: date, fails: bool) -> None:
    m = _late(prep, sitting)
    if fails:
        f = one(
            "HIER-HELD-BY-DEADLINE",
            m,
            AT,
            key="late",
            path="preparation.postponements",
            subjects={"organization": [fx.ORG]},
        )
        assert f.message.en.startswith(
            "The meeting date 2021-07-01 is after the notice's deadline 2021-06-30"
        )
    else:
        passes("HIER-HELD-BY-DEADLINE", m, AT)


@pytest.mark.parametrize(
    ("approved", "fails"), [(DEADLINE, False), (DEADLINE + timedelta(days=1), True)]
)
def test_regression_hier_held_by_deadline_postponement_approved_in_time(
    prep: Meeting, approved: date, fails: bool
) -> None:
    late = date(2021, 7, 5)
    m = _postponed(_late(prep, late), approved_on=approved, new_date=late)
    if fails:
        one(
            "HIER-HELD-BY-DEADLINE",
            m,
            AT,
            key="late",
            path="preparation.postponements",
            subjects={"organization": [fx.ORG]},
        )
    else:
        passes("HIER-HELD-BY-DEADLINE", m, AT)


def test_regression_hier_held_by_deadline_postponement_by_the_superior_only(prep: Meeting) -> None:
    late = date(2021, 7, 5)
    m = _postponed(_late(prep, late), approved_on=date(2021, 6, 20), by=fx.SEC, new_date=late)
    one(
        "HIER-HELD-BY-DEADLINE",
        m,
        AT,
        key="late",
        path="preparation.postponements",
        subjects={"organization": [fx.ORG]},
    )


def test_hier_held_by_deadline_postponed_to_an_earlier_date_than_held(prep: Meeting) -> None:
    m = _postponed(
        _late(prep, date(2021, 7, 9)), approved_on=date(2021, 6, 20), new_date=date(2021, 7, 5)
    )
    one(
        "HIER-HELD-BY-DEADLINE",
        m,
        AT,
        key="late",
        path="preparation.postponements",
        subjects={"organization": [fx.ORG]},
    )


def test_hier_held_by_deadline_not_applicable_without_a_sitting_deadline(prep: Meeting) -> None:
    notice = prep.preparation.notice
    assert notice is not None
    m = edit(
        prep,
        "preparation.notice",
        timetable=tuple(d for d in notice.timetable if d.stage != "review"),
    )
    not_applicable("HIER-HELD-BY-DEADLINE", m, AT)
    not_applicable("HIER-HELD-BY-DEADLINE", edit(prep, "preparation", notice=None), AT)
