"""Markdown and HTML are built in; templates replace them; bad input is the library's own error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from doc_helpers import at, needs, parse_html

import meetingflow as mf
from meetingflow import documents
from meetingflow.errors import InvalidArgument, UnknownLanguage


@pytest.fixture(scope="module")
def every_document(
    flow: mf.Flow, in_rect: mf.Meeting, appraised: mf.Meeting, appraisal_flow: mf.Flow
) -> list[documents.Document]:
    return [
        documents.build("minutes", flow, in_rect),
        documents.build("report", flow, in_rect),
        *(
            documents.build("rectification-list", flow, in_rect, variant=v)
            for v in documents.VARIANTS
        ),
        documents.build("appraisal", appraisal_flow, appraised),
        documents.build("todo", flow, in_rect, at=at("rectification")),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_is_self_contained_and_printable(
    every_document: list[documents.Document], lang: str
) -> None:
    for doc in every_document:
        source = documents.render(doc, "html", lang)
        page = parse_html(source)
        assert source.startswith("<!DOCTYPE html>")
        assert page.tag("html")[0]["lang"] == ("zh-CN" if lang == "zh" else "en")
        assert page.tag("meta")[0] == {"charset": "utf-8"}
        assert not page.tag("script") and not page.tag("link") and not page.tag("img")
        assert (
            "@page { size: A4" in page.style
            and "Noto Serif CJK SC" in page.style
            and "SimSun" in page.style
        )
        assert "@media print" in page.style
        assert len(page.tag("h1")) == 1 and doc.layout(lang).title in page.text
        assert page.tag("title")


def test_host_text_is_escaped(flow: mf.Flow, in_rect: mf.Meeting) -> None:
    plan = in_rect.preparation.plan
    assert plan is not None
    hostile = in_rect.model_copy(
        update={
            "campaign": in_rect.campaign.model_copy(
                update={"theme": "<script>alert(1)</script> & *bold* | x"}
            )
        }
    )
    doc = documents.minutes(hostile)
    source = documents.render(doc, "html", "zh")
    assert "<script>" not in source and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in source
    assert "<script>alert(1)</script>" in parse_html(source).text
    md = documents.render(doc, "md", "zh")
    assert r"\<script\>" in md and r"\*bold\*" in md and r"\| x" in md


def test_markdown_tables_and_lists(flow: mf.Flow, flawed_rect: mf.Meeting) -> None:
    md = documents.render(
        documents.rectification_list(flawed_rect, variant="progress"), "markdown", "en"
    )
    lines = md.splitlines()
    assert lines[0].startswith("# Rectification progress")
    header = next(line for line in lines if line.startswith("| No."))
    assert header.count("|") == 12  # eleven columns
    assert any("open (overdue)" in line for line in lines)
    assert "<br>" in md  # several measures in one cell


def test_bad_format_language_or_document(in_rect: mf.Meeting, flow: mf.Flow) -> None:
    doc = documents.minutes(in_rect)
    with pytest.raises(InvalidArgument):
        documents.render(doc, "pdf")
    with pytest.raises(UnknownLanguage):
        documents.render(doc, "html", "fr")
    with pytest.raises(InvalidArgument) as caught:
        documents.render(doc, "xlsx")
    assert "xlsx" in caught.value.message("en")
    with pytest.raises(InvalidArgument):
        documents.build("letter", flow, in_rect)
    with pytest.raises(InvalidArgument):
        documents.build("minutes", flow, in_rect, member="m01")


def test_the_style_sheet_can_be_replaced(in_rect: mf.Meeting) -> None:
    doc = documents.minutes(in_rect)
    source = documents.render(doc, "html", "en", css="body { color: navy; }")
    assert "color: navy" in parse_html(source).style and "FangSong" not in source
    assert documents.to_html(doc.layout("en")) == documents.render(doc, "html", "en")


@needs("jinja2")
def test_a_jinja2_template_replaces_the_layout(tmp_path: Path, in_rect: mf.Meeting) -> None:
    doc = documents.minutes(in_rect)
    template = (
        "<html><style>{{ css }}</style><body><h1>红头：{{ doc.title | t }}</h1>"
        "<p>{{ doc.chair.label | t }} / {{ doc.held_on | day }} / {{ doc.form | t }}</p>{{ body }}</body></html>"
    )
    zh = documents.render(doc, "html", "zh", template=template)
    page = parse_html(zh)
    assert "红头：绵投集团资产公司党支部专题组织生活会会议记录" in page.text
    assert "王芳（m01） / 2021年6月25日 / 党员大会" in page.text
    assert "会议议程" in page.text and "@page" in page.style  # the built-in body and style, wrapped
    path = tmp_path / "minutes.md.j2"
    path.write_text(
        "# {{ doc.title | t }}\n{% for a in doc.agenda %}- {{ a | t }}\n{% endfor %}",
        encoding="utf-8",
    )
    md = documents.render(doc, "md", "en", template=path)
    assert md.startswith("# Minutes of the thematic meeting") and "- 通报上次整改情况" in md
    hostile = in_rect.model_copy(
        update={"campaign": in_rect.campaign.model_copy(update={"theme": "<b>x</b>"})}
    )
    assert "&lt;b&gt;" in documents.render(
        documents.minutes(hostile), "html", template="{{ doc.theme | t }}"
    )


@needs("jinja2")
def test_template_errors_are_the_librarys(tmp_path: Path, in_rect: mf.Meeting) -> None:
    doc = documents.minutes(in_rect)
    with pytest.raises(InvalidArgument):
        documents.render(doc, "html", template="{{ doc.nothing_here }}")
    with pytest.raises(InvalidArgument):
        documents.render(doc, "html", template="{% for %}")
    with pytest.raises(InvalidArgument):
        documents.render(doc, "html", template=tmp_path / "missing.j2")
    with pytest.raises(InvalidArgument):  # the sandbox refuses to reach into Python
        documents.render(doc, "html", template="{{ doc.__class__.__mro__ }}")
    with pytest.raises(InvalidArgument):
        documents.render(doc, "docx", template="{{ body }}")


def test_the_core_install_needs_no_office_library() -> None:
    code = (
        "import sys, meetingflow.documents as d, meetingflow.testing as t;"
        "d.render(d.minutes(t.example('rectification')), 'html');"
        "print(sorted(m for m in ('docx', 'openpyxl', 'jinja2') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
