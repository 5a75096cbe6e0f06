"""§2.5 Closing (总结、报告、归档): report, minutes, archive, no open items."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from meetingflow import records as r

from . import fixtures as fx
from .fixtures import PARENT, SITTING, days, edit, one, passes

if TYPE_CHECKING:
    from meetingflow.records import Meeting

AT = fx.at("rectification")


# --- CLOSE-REPORT (within N days: submitted − sitting ≤ N) ----------------------------------------


def test_close_report_passes(rect: Meeting) -> None:
    passes("CLOSE-REPORT", rect, AT)


def test_close_report_missing(rect: Meeting) -> None:
    one(
        "CLOSE-REPORT", edit(rect, "closing", report=None), AT, key="missing", path="closing.report"
    )


def test_close_report_sections(rect: Meeting) -> None:
    m = edit(rect, "closing.report", sections=(r.ReportSection.PROCESS, r.ReportSection.PROBLEMS))
    f = one("CLOSE-REPORT", m, AT, key="sections", path="closing.report.sections")
    assert f.message.zh == "报告缺少：党员参会情况、整改措施。"
    assert f.message.en == "The report lacks: each member's state, the measures."


def test_close_report_member_states_match_the_attendance() -> None:
    m = fx.absences("rectification")
    passes("CLOSE-REPORT", m, AT)
    states = tuple(
        e.evolve(state=r.MemberState.ON_LEAVE) if e.member_id == "m06" else e
        for e in m.closing.report.member_states  # type: ignore[union-attr]
        if e.member_id != "m07"
    )
    one(
        "CLOSE-REPORT",
        edit(m, "closing.report", member_states=states),
        AT,
        key="states",
        path="closing.report.member_states",
        members=["m06", "m07"],
    )


def test_close_report_to_the_superior(rect: Meeting) -> None:
    m = edit(rect, "closing.report", to_org="another-org")
    f = one(
        "CLOSE-REPORT",
        m,
        AT,
        key="wrong_org",
        path="closing.report.to_org",
        subjects={"organization": ["another-org"]},
    )
    assert f.message.en == f"The report went to another-org, not to the superior {PARENT}."


@pytest.mark.parametrize(("after", "fails"), [(15, False), (16, True)])
def test_close_report_boundary(rect: Meeting, after: int, fails: bool) -> None:
    m = edit(rect, "closing.report", submitted_on=days(after))
    if fails:
        f = one("CLOSE-REPORT", m, AT, key="late", path="closing.report.submitted_on")
        assert not f.repairable
        assert (
            f.message.en
            == "The report was filed on 2021-07-11, more than 15 days after the sitting."
        )
    else:
        passes("CLOSE-REPORT", m, AT)


def test_close_report_days_are_configurable(rect: Meeting) -> None:
    m = edit(rect, "closing.report", submitted_on=days(30))
    passes("CLOSE-REPORT", m, AT, settings={"report_within_days": 30})
    one(
        "CLOSE-REPORT",
        m,
        AT,
        key="late",
        path="closing.report.submitted_on",
        settings={"report_within_days": 29},
    )


# --- CLOSE-MINUTES ----------------------------------------------------------------------------


def test_close_minutes_passes(rect: Meeting) -> None:
    passes("CLOSE-MINUTES", rect, AT)
    passes("CLOSE-MINUTES", fx.absences("rectification"), AT)


def test_close_minutes_missing(rect: Meeting) -> None:
    one(
        "CLOSE-MINUTES",
        edit(rect, "closing", minutes=None),
        AT,
        key="missing",
        path="closing.minutes",
    )


def test_close_minutes_incomplete(rect: Meeting) -> None:
    m = edit(rect, "closing.minutes", place="", agenda=(), speech_summaries=(), decisions=())
    f = one("CLOSE-MINUTES", m, AT, key="incomplete", path="closing.minutes")
    assert f.message.zh == "会议记录缺少：地点、议程、发言摘要、会议决定。"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("held_on", SITTING + timedelta(days=1)),
        ("chair_id", "m02"),
        ("recorder_id", "m02"),
        ("expected_full", 8),
        ("expected_probationary", 0),
        ("present_full", 6),
        ("present_probationary", 0),
    ],
)
def test_close_minutes_match_the_sitting(rect: Meeting, field: str, value: object) -> None:
    one(
        "CLOSE-MINUTES",
        edit(rect, "closing.minutes", **{field: value}),
        AT,
        key="mismatch",
        path=f"closing.minutes.{field}",
    )


def test_close_minutes_absentees_with_reasons() -> None:
    m = fx.absences("rectification")
    rows = m.closing.minutes.absentees  # type: ignore[union-attr]
    wrong_leave = tuple(a.evolve(excused=True) if a.member_id == "m06" else a for a in rows)
    one(
        "CLOSE-MINUTES",
        edit(m, "closing.minutes", absentees=wrong_leave),
        AT,
        key="absentees",
        path="closing.minutes.absentees",
        members=["m06"],
    )
    no_reason = tuple(a.evolve(reason=" ") if a.member_id == "m05" else a for a in rows)
    one(
        "CLOSE-MINUTES",
        edit(m, "closing.minutes", absentees=no_reason),
        AT,
        key="absentees",
        path="closing.minutes.absentees",
        members=["m05"],
    )
    unlisted = tuple(a for a in rows if a.member_id != "m05")
    one(
        "CLOSE-MINUTES",
        edit(m, "closing.minutes", absentees=unlisted),
        AT,
        key="absentees",
        path="closing.minutes.absentees",
        members=["m05"],
    )


# --- CLOSE-ARCHIVE ----------------------------------------------------------------------------


def test_close_archive_passes(rect: Meeting) -> None:
    passes("CLOSE-ARCHIVE", rect, AT)


def test_close_archive_missing(rect: Meeting) -> None:
    dropped = (r.DocumentKind.TALKS, r.DocumentKind.CLOSURES)
    m = edit(
        rect, "closing", archive=tuple(d for d in rect.closing.archive if d.kind not in dropped)
    )
    f = one(
        "CLOSE-ARCHIVE",
        m,
        AT,
        key="missing",
        path="closing.archive",
        subjects={"document": ["talks", "closures"]},
    )
    assert f.message.zh == "归档材料缺少：谈心谈话记录、销号材料。"
    assert f.message.en == "The archive lacks: talk records, closure evidence."


def test_close_archive_asks_for_the_appraisal_only_with_the_track(rect: Meeting) -> None:
    passes("CLOSE-ARCHIVE", rect, AT)
    one(
        "CLOSE-ARCHIVE",
        rect,
        AT,
        key="missing",
        path="closing.archive",
        subjects={"document": ["appraisal"]},
        flow_=fx.appraisal_flow(),
    )


# --- CLOSE-NO-OPEN-ITEMS ----------------------------------------------------------------------


def _unclosed(m: Meeting, item: str) -> Meeting:
    rect = m.rectification
    return edit(
        m,
        "rectification",
        closures=tuple(c for c in rect.closures if c.item_id != item),
        verifications=tuple(v for v in rect.verifications if v.item_id != item),
    )


def test_close_no_open_items_passes(rect: Meeting) -> None:
    passes("CLOSE-NO-OPEN-ITEMS", rect, AT)


def test_close_no_open_items_open(rect: Meeting) -> None:
    f = one(
        "CLOSE-NO-OPEN-ITEMS",
        _unclosed(rect, "r-m06"),
        AT,
        key="open",
        path="rectification.items[6]",
        members=["m06"],
        subjects={"item": ["r-m06"]},
    )
    assert f.message.en == "Item r-m06 (owner 杨磊 (m06)) is still open."


def test_close_no_open_items_long_term_with_milestones_and_approval() -> None:
    m = fx.meeting("rectification", long_term=("m06",))
    passes("CLOSE-NO-OPEN-ITEMS", m, AT)
    index = 6
    for broken in (
        edit(m, f"rectification.items[{index}]", milestones=()),
        edit(m, "rectification", long_term_approvals=()),
        edit(m, "rectification.long_term_approvals[0]", approved_by=fx.SEC),
    ):
        one(
            "CLOSE-NO-OPEN-ITEMS",
            broken,
            AT,
            key="long_term",
            path=f"rectification.items[{index}]",
            members=["m06"],
            subjects={"item": ["r-m06"]},
        )


def test_close_no_open_items_a_claimed_item_is_not_open(rect: Meeting) -> None:
    m = edit(
        rect,
        "rectification",
        verifications=tuple(v for v in rect.rectification.verifications if v.item_id != "r-m06"),
    )
    passes("CLOSE-NO-OPEN-ITEMS", m, AT)
