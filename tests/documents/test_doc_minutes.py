"""The minutes: the standard form from the record, in zh and en, and back into the record."""

from __future__ import annotations

import pytest
from doc_helpers import at, parse_html, partial

import meetingflow as mf
from meetingflow import documents, testing
from meetingflow.errors import InvalidArgument


def test_minutes_hold_what_close_minutes_asks_for(in_rect: mf.Meeting) -> None:
    doc = documents.minutes(in_rect)
    assert doc.held_on.isoformat() == "2021-06-25"
    assert (doc.chair.id, doc.recorder.id) == ("m01", "m03")
    assert (doc.expected_full, doc.expected_probationary) == (7, 1)
    assert (doc.present_full, doc.present_probationary) == (7, 1)
    assert doc.absentees == ()
    assert doc.agenda and doc.decisions
    assert {s.person.id for s in doc.speeches if s.part == "self_exam"} == {
        f"m0{i}" for i in range(1, 9)
    }
    assert any(s.person.supervisor for s in doc.speeches if s.part == "comment")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["会议记录", "时间", "2021年6月25日", "地点", "集团三楼会议室", "主持人", "王芳（m01）",
                "记录人", "张伟（m03）", "应到人数", "8 人（正式党员 7 人，预备党员 1 人）", "缺席人员及原因",
                "会议议程", "发言摘要", "检视剖析发言", "相互批评", "会议决定", "主持人（签字）"]),
        ("en", ["Minutes of the thematic meeting", "25 June 2021", "Place", "Chair", "王芳 (m01)",
                "Recorder", "张伟 (m03)", "8 (7 full, 1 probationary member)", "Absent, with reasons",
                "Agenda", "Speech summaries", "Self-examination", "Mutual criticism", "Decisions",
                "Recorder (signature)"]),
    ],
)  # fmt: skip
def test_minutes_read_back_from_html_and_markdown(
    in_rect: mf.Meeting, lang: str, words: list[str]
) -> None:
    doc = documents.minutes(in_rect)
    page = parse_html(documents.render(doc, "html", lang))
    md = documents.render(doc, "md", lang)
    for word in words:
        assert word in page.text, word
        assert word in md.replace("\\", ""), word


def test_generated_minutes_pass_close_minutes(flow: mf.Flow, in_rect: mf.Meeting) -> None:
    for lang in ("zh", "en"):
        record = documents.minutes(in_rect, settings=flow.settings).to_record(lang)
        filed = flow.record(in_rect, record, actor="m03", at=at("rectification"))
        report = flow.check(filed, at=at("rectification"), trigger="close")
        assert not report.for_rule("CLOSE-MINUTES"), report.render("en")
        assert filed.closing.minutes == record


def test_absentees_with_reasons_and_leave(flow: mf.Flow) -> None:
    bp = testing.Blueprint(absent=(("m05", "leave"), ("m06", "unexcused")), exempt=("m07",))
    meeting = testing.build("rectification", bp)
    doc = documents.minutes(meeting)
    away = {a.person.id: a for a in doc.absentees}
    assert set(away) == {"m05", "m06"}
    assert away["m05"].excused and not away["m06"].excused
    assert "出差" in away["m05"].reason.zh and "leave approved" in away["m05"].reason.en
    assert "无故缺席" in away["m06"].reason.zh
    assert [p.id for p, _ in doc.exempt] == ["m07"]
    assert doc.expected_full + doc.expected_probationary == 7
    assert doc.present_full + doc.present_probationary == 5
    written = [s for s in doc.speeches if s.note is not None]
    assert [s.person.id for s in written] == ["m05"]
    text = parse_html(documents.render(doc, "html", "zh")).text
    assert "陈静（m05）：出差（请假已批准）" in text and "杨磊（m06）：无故缺席" in text
    assert "免于参加人员" in text and "长期病休" in text
    filed = flow.record(meeting, doc.to_record("zh"), actor="m03", at=at("rectification"))
    report = flow.check(filed, at=at("rectification"), trigger="close")
    assert not report.for_rule("CLOSE-MINUTES")


def test_extra_decisions_and_the_redo_note(flawed_rect: mf.Meeting) -> None:
    doc = documents.minutes(flawed_rect, decisions=["成立整改督导小组", "  "])
    assert doc.decisions[-1].zh == "成立整改督导小组"
    assert doc.redo_note is not None and "重新召开" in doc.redo_note.zh
    assert "held again" in documents.render(doc, "md", "en")


def test_no_minutes_before_the_sitting(flow: mf.Flow) -> None:
    with pytest.raises(InvalidArgument) as caught:
        documents.minutes(partial(flow, "preparation", 2))
    assert "review.session" in caught.value.message("en")


def test_minutes_of_a_sitting_only_arranged_say_they_are_a_draft(in_rect: mf.Meeting) -> None:
    prep = testing.example("preparation")  # the session is arranged, the sitting not yet held
    assert prep.review.session is not None
    draft = documents.minutes(prep)
    assert draft.draft and "Draft: the sitting has not been held" in documents.render(
        draft, "markdown", "en"
    )
    held = documents.minutes(in_rect)
    assert not held.draft and "草稿" not in documents.render(held, "markdown", "zh")
