"""§2.2 Review (会中检视剖析): the set-up of the sitting and the self-examinations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from meetingflow import records as r

from . import fixtures as fx
from .fixtures import edit, not_applicable, one, passes, presence

if TYPE_CHECKING:
    from meetingflow.records import Meeting

AT = fx.at("review")
SESSION_RULES = (
    "REV-QUORUM",
    "REV-HOST",
    "REV-RECORDER",
    "REV-BRANCH-REPORT",
    "REV-PREV-RECTIFICATION",
    "REV-SELF-EXAM-ALL",
    "REV-ASPECTS-COVERED",
    "REV-SUPERIOR-PRESENT",
)


def _roles(m: Meeting, member: str, *roles: r.BranchRole) -> Meeting:
    index = next(i for i, x in enumerate(m.roster) if x.id == member)
    return edit(m, f"roster[{index}]", roles=roles)


# --- REV-FORM (clarification 11) ---------------------------------------------------------------


def test_rev_form_passes(review: Meeting) -> None:
    passes("REV-FORM", review, AT)


def test_rev_form_no_session_is_the_one_finding(review: Meeting) -> None:
    m = edit(review, "review", session=None)
    f = one("REV-FORM", m, AT, key="no_session", path="review.session")
    assert f.message.zh == "尚未记录会议（日期、形式、主持人、记录人）。"


def test_rev_form_no_form(review: Meeting) -> None:
    m = edit(review, "review.session", form=None)
    one(
        "REV-FORM",
        m,
        AT,
        key="no_form",
        path="review.session.form",
        subjects={"session": ["session-1"]},
    )


def test_regression_rev_form_no_chair(review: Meeting) -> None:
    m = edit(review, "review.session", chair_id=None)
    one(
        "REV-FORM",
        m,
        AT,
        key="no_chair",
        path="review.session.chair_id",
        subjects={"session": ["session-1"]},
    )


@pytest.mark.parametrize("form", list(r.SessionForm))
def test_rev_form_each_regulated_form(review: Meeting, form: r.SessionForm) -> None:
    passes("REV-FORM", edit(review, "review.session", form=form), AT)


@pytest.mark.parametrize("rule_id", SESSION_RULES)
def test_the_other_session_rules_need_a_session(review: Meeting, rule_id: str) -> None:
    not_applicable(rule_id, edit(review, "review", session=None), AT)


def test_rev_quorum_not_applicable_without_a_session(review: Meeting) -> None:
    not_applicable("REV-QUORUM", edit(review, "review", session=None), AT)


def test_rev_recorder_not_applicable_without_a_session(review: Meeting) -> None:
    not_applicable("REV-RECORDER", edit(review, "review", session=None), AT)


def test_rev_branch_report_not_applicable_without_a_session(review: Meeting) -> None:
    not_applicable("REV-BRANCH-REPORT", edit(review, "review", session=None), AT)


def test_rev_self_exam_all_not_applicable_without_a_session(review: Meeting) -> None:
    not_applicable("REV-SELF-EXAM-ALL", edit(review, "review", session=None), AT)


def test_rev_superior_present_not_applicable_without_a_session(review: Meeting) -> None:
    not_applicable("REV-SUPERIOR-PRESENT", edit(review, "review", session=None), AT)


# --- REV-QUORUM: present full members > ½ of non-exempt full members ------------------------------


def test_rev_quorum_passes(review: Meeting) -> None:
    passes("REV-QUORUM", review, AT)


def test_rev_quorum_boundary(review: Meeting) -> None:
    four = presence(review, m04="absent", m05="on_leave", m06="absent")  # 4 of 7 full members
    passes("REV-QUORUM", four, AT)
    three = presence(four, m07="absent")
    f = one("REV-QUORUM", three, AT, key="short", path="review.attendance")
    assert f.message.en == "3 full members present, not more than half of the 7 expected."
    assert f.message.zh == "到会正式党员 3 人，未超过应到会正式党员 7 人的半数。"


def test_rev_quorum_probationary_members_do_not_count(review: Meeting) -> None:
    m = presence(review, m04="absent", m05="absent", m06="absent", m07="absent")
    assert any(
        a.member_id == fx.PROB and a.presence is r.Presence.PRESENT for a in m.review.attendance
    )
    one("REV-QUORUM", m, AT, key="short", path="review.attendance")


def test_rev_quorum_exempt_members_are_not_expected() -> None:
    m = fx.meeting("review", exempt=("m07",))
    half = presence(m, m04="absent", m05="absent", m06="absent")  # 3 of 6: not more than half
    f = one("REV-QUORUM", half, AT, key="short", path="review.attendance")
    assert "of the 6 expected" in f.message.en


def test_rev_quorum_ratio_is_configurable(review: Meeting) -> None:
    three = presence(review, m04="absent", m05="absent", m06="absent", m07="absent")
    passes("REV-QUORUM", three, AT, settings={"quorum_ratio": 0.4})
    f = one(
        "REV-QUORUM",
        three,
        AT,
        key="short",
        path="review.attendance",
        settings={"quorum_ratio": 0.6},
    )
    assert f.message.en == "3 full members present, not more than 60% of the 7 expected."


# --- REV-HOST (S) -----------------------------------------------------------------------------


def test_rev_host_passes(review: Meeting) -> None:
    passes("REV-HOST", review, AT)


def test_rev_host_not_the_secretary(review: Meeting) -> None:
    m = edit(review, "review.session", chair_id="m02")
    one(
        "REV-HOST",
        m,
        AT,
        key="not_secretary",
        path="review.session.chair_id",
        members=["m02"],
        severity="warning",
    )


def test_rev_host_group_meeting_by_its_leader(review: Meeting) -> None:
    group = edit(review, "review.session", form=r.SessionForm.GROUP_MEETING, chair_id="m05")
    one(
        "REV-HOST",
        group,
        AT,
        key="not_leader",
        path="review.session.chair_id",
        members=["m05"],
        severity="warning",
    )
    passes("REV-HOST", _roles(group, "m05", r.BranchRole.GROUP_LEADER), AT)


def test_rev_host_not_applicable_without_a_chair(review: Meeting) -> None:
    not_applicable("REV-HOST", edit(review, "review.session", chair_id=None), AT)


# --- REV-RECORDER -----------------------------------------------------------------------------


def test_rev_recorder_passes(review: Meeting) -> None:
    passes("REV-RECORDER", review, AT)


def test_rev_recorder_none(review: Meeting) -> None:
    one(
        "REV-RECORDER",
        edit(review, "review.session", recorder_id=None),
        AT,
        key="none",
        path="review.session.recorder_id",
    )


def test_rev_recorder_present(review: Meeting) -> None:
    m = presence(review, m03="absent")
    one("REV-RECORDER", m, AT, key="absent", path="review.session.recorder_id", members=["m03"])


# --- REV-BRANCH-REPORT ------------------------------------------------------------------------


def test_rev_branch_report_passes(review: Meeting) -> None:
    passes("REV-BRANCH-REPORT", review, AT)


def test_rev_branch_report_missing(review: Meeting) -> None:
    one(
        "REV-BRANCH-REPORT",
        edit(review, "review", branch_report=None),
        AT,
        key="missing",
        path="review.branch_report",
    )


def test_regression_rev_branch_report_by_the_secretary(review: Meeting) -> None:
    m = edit(review, "review.branch_report", presented_by="m02")
    one(
        "REV-BRANCH-REPORT",
        m,
        AT,
        key="not_secretary",
        path="review.branch_report.presented_by",
        members=["m02"],
    )


def test_regression_rev_branch_report_covers_the_committee(review: Meeting) -> None:
    m = edit(review, "review.branch_report", covers_committee_inspection=False)
    one(
        "REV-BRANCH-REPORT",
        m,
        AT,
        key="no_committee",
        path="review.branch_report.covers_committee_inspection",
    )
    no_committee = fx.no_committee("review")
    assert no_committee.review.branch_report is not None
    assert not no_committee.review.branch_report.covers_committee_inspection
    passes("REV-BRANCH-REPORT", no_committee, AT)


# --- REV-PREV-RECTIFICATION -------------------------------------------------------------------

PREVIOUS = r.PreviousMeeting(
    meeting_id="mt-2020-branch-1", item_ids=("r-2020-1", "r-2020-2", "r-2020-3")
)


def _previous(review: Meeting, reported: tuple[str, ...] | None) -> Meeting:
    report = (
        None
        if reported is None
        else r.PreviousRectificationReport(
            presented_by=fx.SEC,
            items=tuple(
                r.PreviousItemStatus(item_id=i, state=r.ItemState.CLOSED) for i in reported
            ),
        )
    )
    return edit(review, "review", previous_meeting=PREVIOUS, previous_rectification_report=report)


def test_rev_prev_rectification_not_applicable_without_a_previous_meeting(review: Meeting) -> None:
    not_applicable("REV-PREV-RECTIFICATION", review, AT)


def test_rev_prev_rectification_passes(review: Meeting) -> None:
    passes("REV-PREV-RECTIFICATION", _previous(review, PREVIOUS.item_ids), AT)


def test_rev_prev_rectification_missing(review: Meeting) -> None:
    one(
        "REV-PREV-RECTIFICATION",
        _previous(review, None),
        AT,
        key="missing",
        path="review.previous_rectification_report",
        subjects={"meeting": ["mt-2020-branch-1"]},
    )


def test_rev_prev_rectification_item_by_item(review: Meeting) -> None:
    f = one(
        "REV-PREV-RECTIFICATION",
        _previous(review, ("r-2020-2",)),
        AT,
        key="items",
        path="review.previous_rectification_report.items",
        subjects={"item": ["r-2020-1", "r-2020-3"], "meeting": ["mt-2020-branch-1"]},
    )
    assert (
        f.message.en
        == "Items r-2020-1, r-2020-3 of the previous meeting (mt-2020-branch-1) were not reported item by item."
    )
    single = one(
        "REV-PREV-RECTIFICATION",
        _previous(review, ("r-2020-1", "r-2020-2")),
        AT,
        key="items",
        path="review.previous_rectification_report.items",
        subjects={"item": ["r-2020-3"], "meeting": ["mt-2020-branch-1"]},
    )
    assert (
        single.message.en
        == "Item r-2020-3 of the previous meeting (mt-2020-branch-1) was not reported item by item."
    )


# --- REV-SELF-EXAM-ALL ------------------------------------------------------------------------


def _exams(m: Meeting, *, drop: tuple[str, ...] = (), **changes: dict[str, object]) -> Meeting:
    rows = tuple(
        x.evolve(**changes.get(x.member_id, {}))
        for x in m.review.self_examinations
        if x.member_id not in drop
    )
    return edit(m, "review", self_examinations=rows)


def test_rev_self_exam_all_passes(review: Meeting) -> None:
    passes("REV-SELF-EXAM-ALL", review, AT)
    passes("REV-SELF-EXAM-ALL", fx.absences("review"), AT)


def test_rev_self_exam_all_missing(review: Meeting) -> None:
    one(
        "REV-SELF-EXAM-ALL",
        _exams(review, drop=("m06", "m02")),
        AT,
        key="missing",
        path="review.self_examinations",
        members=["m02", "m06"],
    )


def test_regression_rev_self_exam_all_present_members_speak_in_person(review: Meeting) -> None:
    m = _exams(review, m06={"mode": r.SpeakingMode.WRITTEN_PROXY, "proxy_id": "m07"})
    f = one(
        "REV-SELF-EXAM-ALL",
        m,
        AT,
        key="not_in_person",
        path="review.self_examinations",
        members=["m06"],
    )
    assert f.message.en == "Present but did not speak in person: 杨磊 (m06)."


def test_rev_self_exam_all_on_leave_needs_a_proxy_reading() -> None:
    m = fx.absences("review")
    one(
        "REV-SELF-EXAM-ALL",
        _exams(m, drop=("m05",)),
        AT,
        key="no_proxy",
        path="review.self_examinations",
        members=["m05"],
    )
    in_person = _exams(m, m05={"mode": r.SpeakingMode.IN_PERSON, "proxy_id": None})
    one(
        "REV-SELF-EXAM-ALL",
        in_person,
        AT,
        key="no_proxy",
        path="review.self_examinations",
        members=["m05"],
    )


def test_rev_self_exam_all_the_proxy_is_present() -> None:
    m = _exams(fx.absences("review"), m05={"proxy_id": "m06"})  # m06 is absent
    one(
        "REV-SELF-EXAM-ALL", m, AT, key="no_proxy", path="review.self_examinations", members=["m05"]
    )


def test_regression_rev_self_exam_all_on_leave_means_approved_leave() -> None:
    m = fx.absences("review")
    # m05 has approved leave but was labelled absent: still owes a written outline read out
    labelled_absent = presence(m, m05="absent")
    passes("REV-SELF-EXAM-ALL", labelled_absent, AT)
    one(
        "REV-SELF-EXAM-ALL",
        _exams(labelled_absent, drop=("m05",)),
        AT,
        key="no_proxy",
        path="review.self_examinations",
        members=["m05"],
    )
    # m06 was labelled on leave without approved leave: unexcused, not this rule's business
    passes("REV-SELF-EXAM-ALL", presence(m, m06="on_leave"), AT)


# --- REV-ASPECTS-COVERED ----------------------------------------------------------------------


def test_rev_aspects_covered_passes(review: Meeting) -> None:
    passes("REV-ASPECTS-COVERED", review, AT)


def test_rev_aspects_covered_missing(review: Meeting) -> None:
    index = next(i for i, x in enumerate(review.review.self_examinations) if x.member_id == "m07")
    m = edit(
        review, f"review.self_examinations[{index}]", aspects=("ideals_convictions", "party_spirit")
    )
    f = one(
        "REV-ASPECTS-COVERED",
        m,
        AT,
        key="missing",
        path=f"review.self_examinations[{index}].aspects",
        members=["m07"],
    )
    assert f.message.zh == "赵敏（m07） 的检视剖析未涵盖：联系服务群众、担当作为。"
    assert (
        f.message.en
        == "The self-examination of 赵敏 (m07) does not cover: connecting with and serving the people, taking responsibility and acting."
    )


def test_rev_aspects_covered_not_applicable_without_self_examinations(review: Meeting) -> None:
    not_applicable("REV-ASPECTS-COVERED", edit(review, "review", self_examinations=()), AT)


# --- REV-SUPERIOR-PRESENT (S) -----------------------------------------------------------------


def test_rev_superior_present_passes(review: Meeting) -> None:
    passes("REV-SUPERIOR-PRESENT", review, AT)


@pytest.mark.parametrize("observers", [(), ("m02",)])
def test_rev_superior_present_none(review: Meeting, observers: tuple[str, ...]) -> None:
    m = edit(review, "review.session", observer_ids=observers)
    one(
        "REV-SUPERIOR-PRESENT",
        m,
        AT,
        key="none",
        path="review.session.observer_ids",
        severity="warning",
    )
