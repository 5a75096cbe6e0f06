"""Finer points of single rules that the catalogue table does not cover."""

from __future__ import annotations

from datetime import date

import meetingflow as mf
from meetingflow import testing
from meetingflow.testing import edit


def test_talks_committee_pairs_and_peer_warning(prep: mf.Meeting) -> None:
    at = testing.example_at("preparation")
    m = edit(
        prep,
        "preparation",
        talks=tuple(
            t for t in prep.preparation.talks if {t.person_a, t.person_b} != {"m02", "m03"}
        ),
    )
    [pair] = testing.assert_fails("PREP-TALKS-COVERAGE", m, at=at, members=("m02", "m03"))
    assert pair.severity is mf.Severity.ERROR
    m2 = edit(
        prep,
        "preparation",
        talks=tuple(
            t for t in prep.preparation.talks if {t.person_a, t.person_b} != {"m08", "m05"}
        ),
    )
    [peer] = testing.assert_fails("PREP-TALKS-COVERAGE", m2, at=at, members=("m08",))
    assert peer.severity is mf.Severity.WARNING


def test_disguised_praise_phrase_is_only_a_warning_hint(in_critique: mf.Meeting) -> None:
    at = testing.example_at("critique")
    m = edit(in_critique, "critique.criticisms[0]", text="王芳同志工作太拼命，要注意身体")
    [hint] = testing.assert_fails("CRIT-SUBSTANTIVE", m, at=at, path="critique.criticisms[0].text")
    assert hint.severity is mf.Severity.WARNING and "注意身体" in hint.message.zh


def test_absence_without_leave_fails_both_rules(in_review: mf.Meeting) -> None:
    at = testing.example_at("review")
    att = tuple(
        a.replace(presence=mf.Presence.ABSENT) if a.member_id == "m06" else a
        for a in in_review.review.attendance
    )
    m = edit(in_review, "review", attendance=att)
    for rid in ("ATT-LEAVE-APPROVED", "ATT-UNEXCUSED"):
        [f] = testing.assert_fails(rid, m, at=at, members=("m06",))
        assert not f.repairable


def test_leave_approved_after_the_sitting_does_not_count(in_review: mf.Meeting) -> None:
    at = testing.example_at("review")
    att = tuple(
        a.replace(presence=mf.Presence.ON_LEAVE) if a.member_id == "m06" else a
        for a in in_review.review.attendance
    )
    late = mf.LeaveRequest(
        member_id="m06",
        requested_on=date(2021, 6, 20),
        reason="病假",
        approved_by="m01",
        approved_on=date(2021, 6, 26),
    )
    m = edit(in_review, "review", attendance=att, leave_requests=(late,))
    testing.assert_fails("ATT-LEAVE-APPROVED", m, at=at, members=("m06",))


def test_full_material_switch(prep: mf.Meeting) -> None:
    at = testing.example_at("preparation")
    found = testing.assert_fails(
        "PREP-MATERIAL", prep, at=at, settings={"require_full_material_for_ordinary_members": True}
    )
    assert set(found[0].members) == {"m05", "m06", "m07", "m08"}


def test_late_closure_stays_on_record_without_blocking(in_rect: mf.Meeting) -> None:
    at = testing.example_at("rectification")
    m = edit(in_rect, "rectification.items[3].closure", verified_on=date(2021, 8, 18))
    [f] = testing.assert_fails(
        "RECT-OVERDUE", m, at=at, path="rectification.items[3].closure.verified_on"
    )
    assert not f.repairable
    assert mf.default_flow().check(m, at=at).ok


def test_branch_item_needs_the_superior_as_verifier(in_rect: mf.Meeting) -> None:
    at = testing.example_at("rectification")
    m = edit(in_rect, "rectification.items[0].closure", verifier_id="m02")
    testing.assert_fails(
        "RECT-EVIDENCE-CLOSE", m, at=at, path="rectification.items[0].closure.verifier_id"
    )


def test_report_filed_late_is_on_record(in_rect: mf.Meeting) -> None:
    at = testing.example_at("rectification")
    m = edit(in_rect, "closing.report", submitted_on=date(2021, 7, 20))
    [f] = testing.assert_fails("CLOSE-REPORT", m, at=at, path="closing.report.submitted_on")
    assert not f.repairable


def test_long_term_item_needs_superior_approval(in_rect: mf.Meeting) -> None:
    at = testing.example_at("rectification")
    lt = mf.LongTerm(milestones=("每季度复查",), approved_by="m01", approved_on=date(2021, 8, 1))
    m = edit(in_rect, "rectification.items[3]", closure=None, long_term=lt)
    testing.assert_fails(
        "CLOSE-NO-OPEN-ITEMS", m, at=at, path="rectification.items[3].long_term.approved_by"
    )
    ok = edit(
        in_rect, "rectification.items[3]", closure=None, long_term=lt.replace(approved_by="s01")
    )
    testing.assert_passes("CLOSE-NO-OPEN-ITEMS", ok, at=at)


def test_aspects_come_from_settings_or_campaign(prep: mf.Meeting) -> None:
    at = testing.example_at("preparation")
    testing.assert_fails(
        "PREP-MATERIAL-ASPECTS", prep, at=at, settings={"aspects": ["history_awareness"]}
    )
    custom = edit(prep, "campaign", aspects=("ideals_convictions",))
    testing.assert_passes("PREP-MATERIAL-ASPECTS", custom, at=at)


def test_notice_issued_after_plan(prep: mf.Meeting) -> None:
    at = testing.example_at("preparation")
    m = edit(prep, "preparation.notice", issued_on=date(2021, 6, 5))
    testing.assert_fails("PREP-NOTICE", m, at=at, path="preparation.notice.issued_on")
    testing.assert_fails(
        "PREP-NOTICE", edit(prep, "preparation", notice=None), at=at, path="preparation.notice"
    )


def test_minutes_must_list_absentees(in_rect: mf.Meeting) -> None:
    at = testing.example_at("rectification")
    flawed = testing.example("rectification", flawed=True)
    testing.assert_passes("CLOSE-MINUTES", flawed, at=at)
    m = edit(flawed, "closing.minutes", absentees=())
    testing.assert_fails(
        "CLOSE-MINUTES", m, at=at, path="closing.minutes.absentees", members=("m04",)
    )
