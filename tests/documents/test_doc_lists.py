"""The rectification list (list, progress, completion; personal) and the appraisal notice."""

from __future__ import annotations

from datetime import date

import pytest
from doc_helpers import parse_html, partial

import meetingflow as mf
from meetingflow import documents, testing
from meetingflow.errors import InvalidArgument
from meetingflow.records import ItemState


def test_published_list_names_owner_deadline_and_who_verifies(flow: mf.Flow) -> None:
    meeting = partial(flow, "rectification", 2)  # the items and their publication, nothing closed
    doc = documents.rectification_list(meeting, variant="list")
    assert doc.counts == {
        "total": 9,
        "closed": 0,
        "claimed": 0,
        "open": 9,
        "overdue": 0,
        "long_term": 0,
    }
    rows = {r.item_id: r for r in doc.rows}
    assert rows["r-m03"].verifier.zh == "王芳（m01）"  # the secretary verifies members' items
    assert (
        rows["r-branch"].verifier.zh == rows["r-m01"].verifier.zh == "周建国（s01）"
    )  # the superior
    assert rows["r-m03"].sources[0].zh.startswith("自己查摆：")
    assert any("批评" in s.zh for s in rows["r-m03"].sources)
    html = parse_html(documents.render(doc, "html", "zh"))
    for word in ("问题整改清单", "整改事项", "问题来源", "根源", "整改措施", "责任人", "完成时限", "状态", "核验人",
                 "r-m03", "建立每月专题调研制度", "2021-08-15", "未完成", "对单销号"):  # fmt: skip
        assert word in html.text, word
    assert "销号日期" not in html.text  # the published list has no closure columns yet
    assert "size: A4 landscape" in html.style
    en = parse_html(documents.render(doc, "html", "en")).text
    for word in (
        "Rectification list",
        "Source",
        "Root cause",
        "Measures",
        "Owner",
        "Due",
        "Status",
        "Verifier",
        "open",
    ):
        assert word in en, word


def test_progress_and_completion_show_closures_and_overdue(flawed_rect: mf.Meeting) -> None:
    progress = documents.rectification_list(flawed_rect, variant="progress", on=date(2021, 8, 20))
    late = next(r for r in progress.rows if r.item_id == "r-m07")
    assert late.overdue and late.state is ItemState.OPEN
    assert progress.counts["closed"] == 8 and progress.counts["overdue"] == 1
    text = parse_html(documents.render(progress, "html", "zh"))
    assert "整改进展情况" in text.text and "截至 2021年8月20日" in text.text
    assert "未完成（逾期）" in text.cells and "销号率 89%" in text.text
    assert {"class": "overdue"} in text.tag("tr")
    done = documents.rectification_list(flawed_rect, variant="completion")
    md = documents.render(done, "md", "en")
    assert "Rectification completed" in md and "Closed on" in md and "Evidence" in md
    assert "archive/2021/r-m03.pdf (2021-08-16)" in md.replace("\\", "")


def test_personal_list(flawed_rect: mf.Meeting) -> None:
    mine = documents.rectification_list(flawed_rect, owner="m07")
    assert [r.item_id for r in mine.rows] == ["r-m07"]
    assert "赵敏（m07） 个人整改清单" in documents.render(mine, "md", "zh")
    with pytest.raises(InvalidArgument):
        documents.rectification_list(flawed_rect, owner="nobody")
    with pytest.raises(InvalidArgument):
        documents.rectification_list(flawed_rect, variant="draft")


def test_long_term_items_and_milestones() -> None:
    meeting = testing.build("rectification", testing.Blueprint(long_term=("m05",)))
    doc = documents.rectification_list(meeting, variant="progress")
    row = next(r for r in doc.rows if r.item_id == "r-m05")
    assert row.state is ItemState.LONG_TERM and row.milestones
    assert "阶段目标：建立走访台账" in documents.render(doc, "md", "zh")


def test_appraisal_notice(appraised: mf.Meeting, appraisal_flow: mf.Flow) -> None:
    notice = documents.appraisal_notice(appraised, settings=appraisal_flow.settings)
    assert notice.count(notice.lines[0].grade) >= 1  # type: ignore[arg-type]
    grades = {x.person.id: x.grade for x in notice.lines}
    assert grades["m08"] is None  # probationary: takes part, not graded
    zh = parse_html(documents.render(notice, "html", "zh")).text
    for word in ("民主评议党员结果的通报", "个人自评", "党员互评", "民主测评", "王芳（m01）", "优秀",
                 "参加评议，不评定等次", "评定优秀 2 名、合格 5 名", "占党员总数 8 名的 25%",
                 "已于 2021年6月30日 报告 mt-committee"):  # fmt: skip
        assert word in zh, word
    en = parse_html(documents.render(notice, "html", "en")).text
    for word in ("Results of the democratic appraisal", "self-assessment", "excellent", "took part, not graded",
                 "Grades: excellent 2, qualified 5", "25% of the 8 members"):  # fmt: skip
        assert word in en, word


def test_no_appraisal_no_notice(in_rect: mf.Meeting) -> None:
    with pytest.raises(InvalidArgument) as caught:
        documents.appraisal_notice(in_rect)
    assert "appraisal" in caught.value.message("en")
