"""§2.6 Attendance and roles: leave, written outlines, unexcused absence, exemption, make-ups,
dual organizational life and cadres as ordinary members (clarifications 1, 4, 12, 17)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from meetingflow import records as r

from . import fixtures as fx
from .fixtures import SEC, SUP, days, edit, not_applicable, on, one, passes, presence

if TYPE_CHECKING:
    from meetingflow.records import Meeting

AT = fx.at("review")


def leave_only(stage: str = "review") -> Meeting:
    """m05 absent on approved leave, nobody else absent."""
    return fx.meeting(stage, absent=(("m05", "leave"),))


def _member(m: Meeting, member: str, **changes: object) -> Meeting:
    index = next(i for i, x in enumerate(m.roster) if x.id == member)
    return edit(m, f"roster[{index}]", **changes)


# --- ATT-LEAVE-APPROVED (clarifications 4, 17) ---------------------------------------------------


def test_att_leave_approved_not_applicable_when_nobody_is_absent(review: Meeting) -> None:
    not_applicable("ATT-LEAVE-APPROVED", review, AT)


def test_att_leave_approved_passes() -> None:
    passes("ATT-LEAVE-APPROVED", leave_only(), AT)


def test_att_leave_approved_absent_without_leave() -> None:
    f = one(
        "ATT-LEAVE-APPROVED",
        fx.absences("review"),
        AT,
        key="missing",
        path="review.leave_approvals",
        members=["m06"],
    )
    assert not f.repairable


def test_regression_clarification_4_both_rules_name_the_member() -> None:
    m = fx.absences("review")
    one("ATT-LEAVE-APPROVED", m, AT, key="missing", path="review.leave_approvals", members=["m06"])
    one("ATT-UNEXCUSED", m, AT, key="absent", path="review.attendance", members=["m06"])


@pytest.mark.parametrize(
    ("requested", "approved", "counts"),
    [
        (days(-3), days(-2), True),
        (days(-3), days(-3), True),  # approved the day it was asked for
        (days(-3), days(0), True),  # approved on the morning of the sitting
        (days(-3), days(-4), False),  # approved before it was asked for
        (days(-3), days(1), False),  # approved after the sitting
        (days(1), days(1), False),  # asked for after the sitting
    ],
)
def test_regression_att_leave_approved_after_the_request_and_before_the_sitting(
    requested: object, approved: object, counts: bool
) -> None:
    m = edit(leave_only(), "review.leave_requests[0]", requested_on=requested)
    m = edit(m, "review.leave_approvals[0]", approved_on=approved)
    if counts:
        passes("ATT-LEAVE-APPROVED", m, AT)
    else:
        one(
            "ATT-LEAVE-APPROVED",
            m,
            AT,
            key="missing",
            path="review.leave_approvals",
            members=["m05"],
        )


@pytest.mark.parametrize("approver", ["m02", SUP])
def test_regression_att_leave_approved_by_the_secretary(approver: str) -> None:
    m = edit(leave_only(), "review.leave_approvals[0]", approved_by=approver)
    one("ATT-LEAVE-APPROVED", m, AT, key="missing", path="review.leave_approvals", members=["m05"])


def test_regression_att_leave_approved_the_secretarys_own_leave_by_the_superior() -> None:
    m = fx.meeting("review", absent=((SEC, "leave"),))
    assert m.review.leave_approvals[0].approved_by == SUP
    passes("ATT-LEAVE-APPROVED", m, AT)
    own = edit(m, "review.leave_approvals[0]", approved_by=SEC)
    one("ATT-LEAVE-APPROVED", own, AT, key="missing", path="review.leave_approvals", members=[SEC])


def test_att_leave_approved_whatever_the_attendance_label() -> None:
    m = fx.absences("review")
    passes("ATT-LEAVE-APPROVED", presence(leave_only(), m05="absent"), AT)
    one(
        "ATT-LEAVE-APPROVED",
        presence(m, m06="on_leave"),
        AT,
        key="missing",
        path="review.leave_approvals",
        members=["m06"],
    )


def test_att_leave_approved_an_unrecorded_attendance_is_an_absence(review: Meeting) -> None:
    m = edit(
        review,
        "review",
        attendance=tuple(a for a in review.review.attendance if a.member_id != "m07"),
    )
    one("ATT-LEAVE-APPROVED", m, AT, key="missing", path="review.leave_approvals", members=["m07"])


# --- ATT-LEAVE-WRITTEN ------------------------------------------------------------------------


def test_att_leave_written_not_applicable_when_nobody_is_on_leave(review: Meeting) -> None:
    not_applicable("ATT-LEAVE-WRITTEN", review, AT)
    not_applicable("ATT-LEAVE-WRITTEN", fx.meeting("review", absent=(("m06", "unexcused"),)), AT)


def test_att_leave_written_passes() -> None:
    passes("ATT-LEAVE-WRITTEN", leave_only(), AT)


def test_att_leave_written_outline() -> None:
    m = leave_only()
    m = edit(
        m,
        "preparation",
        materials=tuple(x for x in m.preparation.materials if x.id != "mat-m05"),
        material_reviews=tuple(
            x for x in m.preparation.material_reviews if x.material_id != "mat-m05"
        ),
    )
    one("ATT-LEAVE-WRITTEN", m, AT, key="outline", path="preparation.materials", members=["m05"])


def test_att_leave_written_read_by_a_present_member() -> None:
    m = leave_only()
    index = next(i for i, x in enumerate(m.review.self_examinations) if x.member_id == "m05")
    unread = edit(
        m,
        "review",
        self_examinations=tuple(x for x in m.review.self_examinations if x.member_id != "m05"),
    )
    one(
        "ATT-LEAVE-WRITTEN",
        unread,
        AT,
        key="not_read",
        path="review.self_examinations",
        members=["m05"],
    )
    absent_proxy = edit(
        presence(m, m07="absent"), f"review.self_examinations[{index}]", proxy_id="m07"
    )
    one(
        "ATT-LEAVE-WRITTEN",
        absent_proxy,
        AT,
        key="not_read",
        path="review.self_examinations",
        members=["m05"],
    )


def test_regression_att_leave_written_on_leave_means_approved_leave() -> None:
    labelled_absent = presence(leave_only(), m05="absent")
    passes("ATT-LEAVE-WRITTEN", labelled_absent, AT)
    not_applicable(
        "ATT-LEAVE-WRITTEN",
        presence(fx.meeting("review", absent=(("m06", "unexcused"),)), m06="on_leave"),
        AT,
    )


def test_att_leave_written_is_on_record_only_and_repairable_while_the_review_is_open() -> None:
    m = leave_only()
    unread = edit(
        m,
        "review",
        self_examinations=tuple(x for x in m.review.self_examinations if x.member_id != "m05"),
    )
    report = fx.flow().check(unread, at=AT)
    (f,) = report.for_rule("ATT-LEAVE-WRITTEN")
    assert (f.repairable, f.blocks) == (True, False)


# --- ATT-UNEXCUSED ----------------------------------------------------------------------------


def test_att_unexcused_not_applicable_when_nobody_is_absent(review: Meeting) -> None:
    not_applicable("ATT-UNEXCUSED", review, AT)


def test_att_unexcused_passes() -> None:
    passes("ATT-UNEXCUSED", leave_only(), AT)


def test_att_unexcused_by_name() -> None:
    f = one(
        "ATT-UNEXCUSED",
        fx.absences("review"),
        AT,
        key="absent",
        path="review.attendance",
        members=["m06"],
    )
    assert f.message.zh == "杨磊（m06） 无故缺席。"
    assert not f.repairable


# --- ATT-EXEMPT (S) ---------------------------------------------------------------------------


def test_att_exempt_not_applicable_without_exempt_members(review: Meeting) -> None:
    not_applicable("ATT-EXEMPT", review, AT)


def test_att_exempt_passes() -> None:
    passes("ATT-EXEMPT", fx.meeting("review", exempt=("m07",)), AT)


def test_att_exempt_has_a_contact() -> None:
    m = fx.meeting("review", exempt=("m07",))
    m = _member(m, "m07", exemption=r.Exemption(reason="长期病休"))
    one("ATT-EXEMPT", m, AT, key="no_contact", path="roster", members=["m07"], severity="warning")


# --- ATT-MAKEUP (S, within N days: later − earlier ≤ N) -----------------------------------------


def test_att_makeup_not_applicable_when_nobody_was_absent(rect: Meeting) -> None:
    not_applicable("ATT-MAKEUP", rect, fx.at("rectification"))


def test_att_makeup_passes() -> None:
    passes("ATT-MAKEUP", fx.absences("rectification"), fx.at("rectification"))


@pytest.mark.parametrize(("after", "fails"), [(30, False), (31, True)])
def test_att_makeup_boundary(after: int, fails: bool) -> None:
    m = fx.absences("rectification")
    index = next(i for i, x in enumerate(m.rectification.makeups) if x.member_id == "m06")
    m = edit(m, f"rectification.makeups[{index}]", on=days(after))
    if fails:
        f = one(
            "ATT-MAKEUP",
            m,
            fx.at("rectification"),
            key="late",
            path="rectification.makeups",
            members=["m06"],
            severity="warning",
        )
        assert f.message.en == "Absent and not briefed or made up within 30 days: 杨磊 (m06)."
    else:
        passes("ATT-MAKEUP", m, fx.at("rectification"))


@pytest.mark.parametrize(("after", "fails"), [(30, False), (31, True)])
def test_att_makeup_not_yet_made_up(after: int, fails: bool) -> None:
    m = fx.absences("rectification")
    m = edit(
        m,
        "rectification",
        makeups=tuple(x for x in m.rectification.makeups if x.member_id != "m05"),
    )
    if fails:
        one(
            "ATT-MAKEUP",
            m,
            on(days(after)),
            key="late",
            path="rectification.makeups",
            members=["m05"],
            severity="warning",
        )
    else:
        passes("ATT-MAKEUP", m, on(days(after)))


def test_att_makeup_days_are_configurable() -> None:
    m = fx.absences("rectification")  # made up 5 days after the sitting
    passes("ATT-MAKEUP", m, fx.at("rectification"), settings={"makeup_within_days": 5})
    one(
        "ATT-MAKEUP",
        m,
        fx.at("rectification"),
        key="late",
        path="rectification.makeups",
        members=["m05", "m06"],
        severity="warning",
        settings={"makeup_within_days": 4},
    )


# --- ROLE-DUAL-MEMBERSHIP ---------------------------------------------------------------------


def test_role_dual_membership_not_applicable_without_cadres() -> None:
    not_applicable("ROLE-DUAL-MEMBERSHIP", fx.meeting("review", cadres=0), AT)


def test_role_dual_membership_passes(review: Meeting) -> None:
    passes("ROLE-DUAL-MEMBERSHIP", review, AT)


def test_role_dual_membership_registered_here(review: Meeting) -> None:
    m = _member(
        review,
        "m04",
        cadre=r.CadreInfo(post="集团副总经理", registered_branch_ids=("another-branch",)),
    )
    f = one("ROLE-DUAL-MEMBERSHIP", m, AT, key="unregistered", path="roster", members=["m04"])
    assert (
        f.message.en
        == "Leading cadre 刘洋 (m04) is not registered in this branch for dual organizational life."
    )


def test_role_dual_membership_registered_in_exactly_one_branch(review: Meeting) -> None:
    m = _member(
        review,
        "m04",
        cadre=r.CadreInfo(post="集团副总经理", registered_branch_ids=(fx.ORG, "another-branch")),
    )
    f = one("ROLE-DUAL-MEMBERSHIP", m, AT, key="registered_twice", path="roster", members=["m04"])
    assert f.message.en == "Leading cadre 刘洋 (m04) is registered in more than one branch."


def test_role_dual_membership_attends_or_has_leave(review: Meeting) -> None:
    f = one(
        "ROLE-DUAL-MEMBERSHIP",
        presence(review, m04="absent"),
        AT,
        key="away",
        path="review.attendance",
        members=["m04"],
    )
    assert not f.repairable
    assert f.message.en == (
        "Leading cadre 刘洋 (m04) did not attend this branch's meeting and had no approved leave."
    )
    passes("ROLE-DUAL-MEMBERSHIP", fx.meeting("review", absent=(("m04", "leave"),)), AT)


def test_role_dual_membership_plural_in_english(review: Meeting) -> None:
    m = _member(review, "m05", roles=(r.BranchRole.LEADING_CADRE,))
    m = _member(m, "m06", roles=(r.BranchRole.LEADING_CADRE,))
    f = one(
        "ROLE-DUAL-MEMBERSHIP", m, AT, key="unregistered", path="roster", members=["m05", "m06"]
    )
    assert f.message.en.startswith("Leading cadres 陈静 (m05), 杨磊 (m06) are not registered")


# --- ROLE-CADRE-AS-ORDINARY -------------------------------------------------------------------


def test_role_cadre_as_ordinary_not_applicable_without_a_present_cadre(review: Meeting) -> None:
    not_applicable("ROLE-CADRE-AS-ORDINARY", presence(review, m04="absent"), AT)
    not_applicable("ROLE-CADRE-AS-ORDINARY", fx.meeting("review", cadres=0), AT)


def test_role_cadre_as_ordinary_passes(review: Meeting) -> None:
    passes("ROLE-CADRE-AS-ORDINARY", review, AT)


def test_role_cadre_as_ordinary_chairs_by_rank(review: Meeting) -> None:
    m = edit(review, "review.session", chair_id="m04")
    f = one(
        "ROLE-CADRE-AS-ORDINARY",
        m,
        AT,
        key="chairs",
        path="review.session.chair_id",
        members=["m04"],
    )
    assert f.message.zh.startswith("领导干部 刘洋（m04） 凭职务主持会议")


def test_role_cadre_as_ordinary_chairs_by_a_branch_role(review: Meeting) -> None:
    """Decision: a cadre who is the secretary or a deputy secretary chairs by that role."""
    m = edit(review, "review.session", chair_id="m04")
    for role in (r.BranchRole.SECRETARY, r.BranchRole.DEPUTY_SECRETARY):
        roles = (role, r.BranchRole.LEADING_CADRE)
        passes("ROLE-CADRE-AS-ORDINARY", _member(m, "m04", roles=roles), AT)
    committee = _member(m, "m04", roles=(r.BranchRole.COMMITTEE_MEMBER, r.BranchRole.LEADING_CADRE))
    one(
        "ROLE-CADRE-AS-ORDINARY",
        committee,
        AT,
        key="chairs",
        path="review.session.chair_id",
        members=["m04"],
    )


def test_regression_role_cadre_as_ordinary_group_leader_by_rank(review: Meeting) -> None:
    m = edit(review, "review.session", form=r.SessionForm.GROUP_MEETING, chair_id="m04")
    one(
        "ROLE-CADRE-AS-ORDINARY",
        m,
        AT,
        key="leads_group",
        path="review.session.chair_id",
        members=["m04"],
    )
    leader = _member(m, "m04", roles=(r.BranchRole.LEADING_CADRE, r.BranchRole.GROUP_LEADER))
    passes("ROLE-CADRE-AS-ORDINARY", leader, AT)


def test_regression_role_cadre_as_ordinary_reports_in_the_secretarys_place(review: Meeting) -> None:
    m = edit(review, "review.branch_report", presented_by="m04")
    f = one(
        "ROLE-CADRE-AS-ORDINARY",
        m,
        AT,
        key="reports",
        path="review.branch_report.presented_by",
        members=["m04"],
    )
    assert f.message.zh == "领导干部 刘洋（m04） 代替书记作了支部工作报告。"
    previous = edit(
        review,
        "review",
        previous_meeting=r.PreviousMeeting(meeting_id="mt-2020", item_ids=()),
        previous_rectification_report=r.PreviousRectificationReport(presented_by="m04"),
    )
    f = one(
        "ROLE-CADRE-AS-ORDINARY",
        previous,
        AT,
        key="reports",
        path="review.previous_rectification_report.presented_by",
        members=["m04"],
    )
    assert (
        f.message.en
        == "Leading cadre 刘洋 (m04) gave the previous rectification report in the secretary's place."
    )
