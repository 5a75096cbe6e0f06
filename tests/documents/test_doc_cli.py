"""``meetingflow document ...``: the subcommand, wired the way meetingflow.cli wires extra commands."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from doc_helpers import needs, parse_html, read_docx, read_xlsx

import meetingflow as mf
from meetingflow import cli, testing


@pytest.fixture(autouse=True)
def wired(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "EXTRA_COMMANDS", ["meetingflow.documents.cli:register"])


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docs") / "flawed.json"
    path.write_text(
        testing.example("rectification", flawed=True).model_dump_json(), encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def appraised_record(tmp_path_factory: pytest.TempPathFactory, appraised: mf.Meeting) -> Path:
    path = tmp_path_factory.mktemp("docs") / "appraised.json"
    path.write_text(appraised.model_dump_json(), encoding="utf-8")
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main(list(argv), out), out.getvalue()


def test_minutes_as_markdown_on_standard_output(record: Path) -> None:
    code, text = run("document", "minutes", str(record), "--lang", "zh")
    assert code == 0 and text.startswith("# 绵投集团资产公司党支部专题组织生活会会议记录")
    code, text = run("document", "minutes", str(record), "--lang", "en", "--format", "md")
    assert code == 0 and "## Decisions" in text


def test_todo_for_one_member_at_a_moment(record: Path) -> None:
    code, text = run(
        "document",
        "todo",
        str(record),
        "--member",
        "m07",
        "--at",
        "2021-08-20T10:00+08:00",
        "--lang",
        "en",
    )
    assert code == 0 and "To-do list of 赵敏 (m07)" in text and "19 days overdue" in text
    assert "王芳 (m01)" not in text.split("\n", 1)[1].split("Item r-m07")[0]


def test_html_to_a_file(record: Path, tmp_path: Path) -> None:
    target = tmp_path / "list.html"
    code, text = run(
        "document", "rectification-list", str(record), "--format", "html", "--variant", "progress",
        "--on", "2021-08-20", "--output", str(target), "--lang", "en",
    )  # fmt: skip
    assert code == 0 and str(target) in text
    page = parse_html(target.read_text(encoding="utf-8"))
    assert "Rectification progress" in page.text and "as of 20 August 2021" in page.text


@needs("docx")
def test_report_as_docx(record: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.docx"
    code, _ = run(
        "document",
        "report",
        str(record),
        "--format",
        "docx",
        "--output",
        str(target),
        "--lang",
        "zh",
    )
    assert code == 0 and "关于召开专题组织生活会情况的报告" in read_docx(target.read_bytes())


@needs("openpyxl")
def test_todo_as_xlsx(record: Path, tmp_path: Path) -> None:
    target = tmp_path / "todo.xlsx"
    code, _ = run(
        "document", "todo", str(record), "--format", "xlsx", "-o", str(target), "--lang", "en"
    )
    assert code == 0
    sheet = read_xlsx(target.read_bytes()).worksheets[0]
    assert sheet["A4"].value == "Due" and sheet.max_row > 4


def test_appraisal_needs_the_appraisal_flow(appraised_record: Path) -> None:
    code, text = run("document", "appraisal", str(appraised_record), "--appraisal", "--lang", "en")
    assert code == 0 and "Results of the democratic appraisal" in text
    assert (
        run("document", "appraisal", str(appraised_record))[0] == 2
    )  # the plain flow has no appraisal


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--format", "docx"], "--output"),
        (["--member", "m99"], "m99"),
        (["--at", "yesterday"], "ISO 8601"),
        (["--at", "2021-08-20T10:00"], "naive"),
        (["--on", "20/08/2021"], "YYYY-MM-DD"),
        (["--format", "pdf"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    record: Path, capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    code, _ = run("document", "todo", str(record), "--lang", "en", *argv)
    assert code == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


def test_missing_file_and_bad_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("document", "minutes", str(tmp_path / "nope.json"), "--lang", "en")[0] == 2
    assert "cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert run("document", "minutes", str(bad), "--lang", "en")[0] == 2
    assert "invalid Meeting" in capsys.readouterr().err


def test_help_is_bilingual(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("document", "--help", "--lang", "zh")[0] == 0
    assert "会议记录" in capsys.readouterr().out
    assert run("document", "--help", "--lang", "en")[0] == 0
    assert "write a meeting's documents" in capsys.readouterr().out
