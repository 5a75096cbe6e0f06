"""The command line across meetings: exit codes 0/1/2, formats, stdin, stats, report, xlsx."""

from __future__ import annotations

import argparse
import io
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pf_data import base

from meetingflow import testing
from meetingflow.portfolio.cli import main, register

AT = "2021-08-20T10:00+08:00"


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, stdin=io.BytesIO(stdin), err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    good = testing.build("rectification").model_dump_json()
    flawed = testing.example("critique", flawed=True).model_dump_json()
    paths = {"good": d / "good.json", "flawed": d / "flawed.json", "mixed": d / "mixed.jsonl"}
    paths["good"].write_text(good, encoding="utf-8")
    paths["flawed"].write_text(flawed, encoding="utf-8")
    bad = good.replace('"id":"m02"', '"id":" m02"', 1)
    paths["mixed"].write_text(f"{good}\n{bad}\n{good}\n", encoding="utf-8")
    return paths


def test_check_exit_codes(files: dict[str, Path]) -> None:
    code, out, _ = run("check", str(files["good"]), "--at", AT, "--lang", "en")
    assert code == 0 and "1 record: 1 clean" in out
    code, out, _ = run(
        "check",
        str(files["flawed"]),
        "--at",
        "2021-06-25T17:00+08:00",
        "--trigger",
        "start_rectification",
        "--lang",
        "en",
    )
    assert code == 1 and "CRIT-SUBSTANTIVE" in out
    code, out, err = run("check", str(files["mixed"]), "--at", AT, "--lang", "en")
    assert code == 2 and out.count("== ") == 3 and "1 invalid" in out
    assert (
        err.startswith("meetingflow:")
        and "mixed.jsonl:2" in err
        and "roster[1].id" in err
        and "Traceback" not in err
    )


def test_check_formats(files: dict[str, Path]) -> None:
    code, out, _ = run("check", str(files["mixed"]), "--at", AT, "--format", "jsonl")
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 2 and [x.get("ok") for x in lines[:3]] == [True, False, True]
    assert lines[1]["line"] == 2 and lines[1]["error"]["errors"][0]["path"] == "roster[1].id"
    assert lines[-1]["summary"]["records"] == 3
    code, out, _ = run(
        "check",
        str(files["mixed"]),
        str(files["good"]),
        "--at",
        AT,
        "--format",
        "json",
        "--lang",
        "zh",
    )
    doc = json.loads(out)
    assert [r["position"] for r in doc["results"]] == [0, 1, 2, 3] and doc["summary"][
        "invalid"
    ] == 1
    code, out, _ = run(
        "check", str(files["good"]), "--at", AT, "--format", "markdown", "--lang", "zh"
    )
    assert code == 0 and out.startswith("### ") and "## 共 1 条记录" in out


def test_check_stdin_and_jobs(files: dict[str, Path]) -> None:
    raw = files["mixed"].read_bytes()
    code, out, err = run(
        "check", "-", "--at", AT, "--format", "jsonl", "--jobs", "2", "--chunk-size", "1", stdin=raw
    )
    lines = [json.loads(x) for x in out.splitlines()]
    assert (
        code == 2 and [x.get("source") for x in lines[:3]] == ["<stdin>"] * 3 and "<stdin>:2" in err
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "/no/such/file.json", "--at", AT],
        ["check", "-", "--at", "yesterday"],
        ["check", "-", "--at", "2021-06-25T09:00"],
        ["check", "-", "--chunk-size", "0"],
        ["stats"],
        ["stats", "--example", "x.json"],
        ["report", "--example", "--lang", "fr"],
        ["report", "/no/such/portfolio.json"],
    ],
)
def test_bad_input_exits_2_with_a_line_on_stderr(argv: list[str]) -> None:
    code, _, err = run(*argv)
    assert code == 2 and err.startswith("meetingflow:") and "Traceback" not in err


def test_stats_example_in_both_languages_and_json() -> None:
    code, out, _ = run("stats", "--example", "--lang", "zh")
    assert (
        code == 0
        and "25 个党组织召开了组织生活会" in out
        and "418 名党员参会" in out
        and "解决问题 112 个" in out
        and "全覆盖" in out
    )
    code, out, _ = run("stats", "--example", "--lang", "en", "--format", "markdown")
    assert code == 0 and "418 members took part" in out and "| total |" in out
    code, out, _ = run("stats", "--example", "--format", "json")
    total = json.loads(out)["total"]
    assert (
        total["organizations"]["held"],
        total["attendance"]["present"],
        total["problems"]["closed_verified"],
    ) == (25, 418, 112)
    assert total["guidance"] == {"covered": 6, "in_scope": 6, "percent": 100.0}


def test_stats_from_a_portfolio_file_and_meeting_files(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    data = base()
    data["organizations"].append(
        {"id": "mt-asset-branch", "name": "资产公司党支部", "parent_id": "S2"}
    )
    data["campaigns"][0]["scope_org_ids"].append("mt-asset-branch")
    pf = tmp_path / "portfolio.json"
    pf.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("stats", str(pf), str(files["good"]), "--at", AT, "--format", "json")
    total = json.loads(out)["total"]
    assert (
        code == 0
        and not err
        and total["organizations"] == {"in_scope": 4, "held": 4, "percent": 100.0}
    )
    code, out, err = run(
        "stats", str(files["good"]), "--at", AT, "--format", "json"
    )  # meetings only: the figures that need a campaign's scope would read as zeros
    assert code == 0 and json.loads(out)["total"]["attendance"]["expected"] == 8
    assert "no campaign notice" in err and "add the portfolio file" in err
    code, out, err = run(
        "stats", str(pf), str(files["mixed"]), "--at", AT, "--format", "json", "--lang", "en"
    )
    assert (
        code == 2 and "mixed.jsonl:2" in err and "mixed.jsonl:3" in err and "counted twice" in err
    )
    assert json.loads(out)["total"]["attendance"]["expected"] == 25 + 8


def test_stats_writes_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "figures.xlsx"
    code, _, _ = run(
        "stats",
        "--example",
        "--xlsx",
        str(target),
        "--lang",
        "en",
        "--output",
        str(tmp_path / "out.txt"),
    )
    assert code == 0 and "418" in (tmp_path / "out.txt").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["rolled up", "own"]
    sheet = book["rolled up"]
    header = [c.value for c in sheet[1]]
    total = {h: c.value for h, c in zip(header, sheet[sheet.max_row], strict=True)}
    assert (
        total["organization"] == "total"
        and total["present"] == 418
        and total["closed (verified)"] == 112
    )
    assert total["held"] == 25 and total["guided"] == 6 and total["secondary orgs in scope"] == 6
    assert sheet.max_row == 1 + 32 + 1  # header, 32 organizations, total


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_report_html_and_markdown(tmp_path: Path) -> None:
    code, out, _ = run("report", "--example", "--format", "html", "--lang", "zh")
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    page = _Html()
    page.feed(out)
    text = "".join(page.text)
    assert page.tags.count("svg") == 3 and "script" not in page.tags and "link" not in page.tags
    assert "绵投集团关于党史学习教育专题组织生活会开展情况的报告" in text and "418" in text
    assert page.tags.count("tr") >= 1 + 32 + 1 and "ATT-LAPSE-RISK" in text
    code, out, _ = run("report", "--example", "--format", "md", "--lang", "en")
    assert (
        code == 0
        and out.startswith("# ")
        and "## 4. What needs attention" in out
        and "FREQ-Q4" in out
    )
    target = tmp_path / "r.html"
    assert run("report", "--example", "--format", "html", "--lang", "en", "-o", str(target))[0] == 0
    assert '<html lang="en">' in target.read_text(encoding="utf-8")


def test_register_adds_the_subcommands_to_a_host_parser() -> None:
    p = argparse.ArgumentParser(prog="meetingflow")
    sub = p.add_subparsers(dest="command", required=True)
    register(sub, "en")
    args = p.parse_args(["stats", "--example", "--lang", "en"])
    out = io.StringIO()
    assert args.run(args, out) == 0 and "418" in out.getvalue()
    assert set(sub.choices) == {"check", "stats", "report"}
    zh = argparse.ArgumentParser(prog="meetingflow")
    register(zh.add_subparsers(dest="command"), "zh")
    assert "检查时间" in zh._subparsers._group_actions[0].choices["check"].format_help()  # type: ignore[union-attr]


def test_register_next_to_the_core_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    from functools import partial

    import meetingflow.cli as core
    from meetingflow.portfolio import cli as ours

    monkeypatch.setattr(core, "EXTRA_COMMANDS", ["tests_portfolio_register:register"])
    module = type(sys)("tests_portfolio_register")
    module.register = partial(ours.register, commands=("stats", "report"))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tests_portfolio_register", module)
    out = io.StringIO()
    assert (
        core.main(["stats", "--example", "--lang", "en"], out) == 0
        and "418 members" in out.getvalue()
    )
