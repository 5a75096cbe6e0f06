"""The report to the superior: CLOSE-REPORT's four sections, from the record, filed back."""

from __future__ import annotations

from datetime import date

import pytest
from doc_helpers import at, parse_html

import meetingflow as mf
from meetingflow import documents, testing
from meetingflow.errors import InvalidArgument
from meetingflow.records import MemberState, ReportSection


def test_report_covers_the_four_sections(flow: mf.Flow, in_rect: mf.Meeting) -> None:
    doc = documents.superior_report(in_rect, settings=flow.settings)
    assert doc.sections == tuple(ReportSection)
    assert doc.to_org == "mt-committee"
    assert doc.due_on == date(2021, 7, 10)
    assert len(doc.problems) == 9 and len(doc.items) == 9
    assert {s.state for s in doc.member_states} == {MemberState.PRESENT}
    zh = parse_html(documents.render(doc, "html", "zh")).text
    for word in ("关于召开专题组织生活会情况的报告", "mt-committee：", "1. 会议过程", "2. 查摆的问题",
                 "3. 党员参会情况", "4. 整改措施", "应到 8 人，实到 8 人", "支部学习流于形式", "特此报告",
                 "2021年7月10日"):  # fmt: skip
        assert word in zh, word
    en = parse_html(documents.render(doc, "html", "en")).text
    for word in ("Report on the thematic meeting", "To: mt-committee", "1. The process", "2. The problems found",
                 "3. Each member's state", "4. The measures", "8 of 8 expected members attended",
                 "Respectfully submitted", "due by 10 July 2021"):  # fmt: skip
        assert word in en, word


def test_generated_report_passes_close_report(flow: mf.Flow, in_rect: mf.Meeting) -> None:
    doc = documents.superior_report(in_rect, on=date(2021, 7, 5))
    record = doc.to_record("en")
    assert record.submitted_on == date(2021, 7, 5) and record.summary
    filed = flow.record(in_rect, record, actor="m01", at=at("rectification"))
    report = flow.check(filed, at=at("rectification"), trigger="close")
    assert not report.for_rule("CLOSE-REPORT"), report.render("en")


def test_member_states_follow_attendance_and_leave(flow: mf.Flow) -> None:
    bp = testing.Blueprint(absent=(("m05", "leave"), ("m06", "unexcused")), exempt=("m07",))
    meeting = testing.build("rectification", bp)
    doc = documents.superior_report(meeting, on=date(2021, 7, 1))
    states = {s.person.id: s.state for s in doc.member_states}
    assert states["m05"] is MemberState.ON_LEAVE and states["m06"] is MemberState.ABSENT_UNEXCUSED
    assert states["m07"] is None  # exempt: in the document, not in the record
    record = doc.to_record()
    assert "m07" not in {e.member_id for e in record.member_states}
    filed = flow.record(meeting, record, actor="m01", at=at("rectification"))
    assert not flow.check(filed, at=at("rectification"), trigger="close").for_rule("CLOSE-REPORT")
    assert "免于参加" in documents.render(doc, "md", "zh")


def test_report_needs_a_date_and_an_addressee(in_rect: mf.Meeting) -> None:
    doc = documents.superior_report(in_rect)
    assert doc.dated == date(2021, 7, 5)  # the filed report's date
    undated = documents.superior_report(testing.example("critique"))
    with pytest.raises(InvalidArgument):
        undated.to_record()
    orphan = in_rect.model_copy(
        update={"organization": in_rect.organization.model_copy(update={"parent_id": None})}
    )
    with pytest.raises(InvalidArgument) as caught:
        documents.superior_report(orphan).to_record(submitted_on=date(2021, 7, 5))
    assert "to_org" in caught.value.message("en")


def test_appraisal_grades_are_in_the_process(appraised: mf.Meeting) -> None:
    text = documents.render(documents.superior_report(appraised), "md", "zh")
    assert "优秀 2 名" in text and "合格 5 名" in text
