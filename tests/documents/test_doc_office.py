"""Word and Excel, read back with python-docx and openpyxl (the office extra; CI installs it)."""

from __future__ import annotations

import builtins
import importlib
import io

import pytest
from doc_helpers import at, needs, read_docx, read_xlsx

import meetingflow as mf
from meetingflow import documents
from meetingflow.errors import InvalidArgument, MissingExtra


@needs("docx")
@pytest.mark.parametrize(
    ("kind", "lang", "words"),
    [
        ("minutes", "zh", ["绵投集团资产公司党支部专题组织生活会会议记录", "主持人", "王芳（m01）", "应到人数",
                           "8 人（正式党员 7 人，预备党员 1 人）", "会议决定", "记录人（签字）"]),
        ("minutes", "en", ["Minutes of the thematic meeting", "Chair", "王芳 (m01)", "Decisions"]),
        ("report", "zh", ["关于召开专题组织生活会情况的报告", "1. 会议过程", "3. 党员参会情况", "出席", "特此报告"]),
        ("report", "en", ["Report on the thematic meeting", "4. The measures", "present"]),
        ("rectification-list", "zh", ["问题整改清单", "整改措施", "核验人", "r-m07", "未完成（逾期）"]),
        ("todo", "en", ["To-do list", "赵敏 (m07)", "[blocks] Finish item r-m07", "RECT-OVERDUE"]),
    ],
)  # fmt: skip
def test_docx_reads_back(
    flow: mf.Flow, flawed_rect: mf.Meeting, kind: str, lang: str, words: list[str]
) -> None:
    doc = documents.build(kind, flow, flawed_rect, at=at("rectification"))
    data = documents.render(doc, "docx", lang)
    text = read_docx(data)
    for word in words:
        assert word in text, word


@needs("docx")
def test_docx_is_a4_with_chinese_fonts_and_reproducible(flow: mf.Flow, in_rect: mf.Meeting) -> None:
    docx = pytest.importorskip("docx")
    mm = pytest.importorskip("docx.shared").Mm
    data = documents.render(documents.minutes(in_rect), "docx", "zh")
    word = docx.Document(io.BytesIO(data))
    section = word.sections[0]
    assert abs(section.page_width - mm(210)) < mm(1) and abs(section.page_height - mm(297)) < mm(1)
    fonts = word.styles["Normal"].element.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "宋体"
    )
    assert word.core_properties.title.endswith("会议记录")
    assert word.core_properties.created.date().isoformat() == "2021-06-25"
    assert data == documents.render(documents.minutes(in_rect), "docx", "zh")
    wide = docx.Document(
        io.BytesIO(documents.render(documents.rectification_list(in_rect), "docx", "en"))
    )
    assert wide.sections[0].page_width > wide.sections[0].page_height  # the list is landscape


@needs("openpyxl")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rectification_list_xlsx(flawed_rect: mf.Meeting, lang: str) -> None:
    doc = documents.rectification_list(flawed_rect, variant="progress")
    data = documents.render(doc, "xlsx", lang)
    book = read_xlsx(data)
    sheet = book.worksheets[0]
    table = doc.table(lang)
    assert sheet.title == table.name
    assert sheet["A1"].value == doc.layout(lang).title
    assert [c.value for c in sheet[4]] == list(table.columns)
    rows = [[c.value or "" for c in row] for row in sheet.iter_rows(min_row=5)]
    assert len(rows) == 9 and rows[7][1].startswith("r-m07")
    assert rows[7][7] == table.rows[7][7] and sheet.cell(row=12, column=1).font.color.rgb.endswith(
        "B3261E"
    )
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref.startswith("A4:")
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == int(
        sheet.PAPERSIZE_A4
    )
    (check,) = sheet.data_validations.dataValidation
    assert check.type == "list" and "H5:H13" in str(check.sqref)
    states = [c.value for c in book["lists"]["A"]]
    assert len(states) == 4 and book["lists"].sheet_state == "hidden"
    assert data == documents.render(doc, "xlsx", lang)  # the same list, the same bytes


@needs("openpyxl")
def test_todo_xlsx_one_row_per_task(flow: mf.Flow, flawed_rect: mf.Meeting) -> None:
    todo = documents.todo(flow, flawed_rect, at=at("rectification"))
    sheet = read_xlsx(documents.render(todo, "xlsx", "zh")).worksheets[0]
    assert [c.value for c in sheet[4]] == ["时限", "人员", "事项", "原因", "依据", "完成"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(todo.items) == 3
    assert rows[0][1] == "赵敏（m07）" and rows[0][4] == "RECT-OVERDUE" and "已逾期" in rows[0][0]
    assert [r[1] for r in rows].count("王芳（m01）") == 2


def test_office_formats_need_the_extra(
    monkeypatch: pytest.MonkeyPatch, in_rect: mf.Meeting
) -> None:
    real = builtins.__import__

    def no_office(name: str, *args: object, **kwargs: object) -> object:
        if name.split(".", maxsplit=1)[0] in ("docx", "openpyxl"):
            raise ImportError(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_office)
    monkeypatch.setattr(importlib, "import_module", lambda name, *a: no_office(name))
    with pytest.raises(MissingExtra) as caught:
        documents.render(documents.minutes(in_rect), "docx")
    assert "meetingflow[office]" in caught.value.message("en")
    assert isinstance(caught.value, ImportError) and isinstance(caught.value, InvalidArgument)
    assert caught.value.to_dict()["type"].endswith("#missing-extra")
