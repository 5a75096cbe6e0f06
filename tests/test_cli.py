"""The command line: the demo, the rule catalogue, the schema and file checks."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import meetingflow as mf
from meetingflow import testing
from meetingflow.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def test_demo_runs_all_five_stages_in_chinese() -> None:
    code, text = run("demo")
    assert code == 0
    for trigger in ("start_review", "start_critique", "start_rectification", "close"):
        assert f"执行「{trigger}」" in text
    assert "历史记录（已校验，未被篡改）" in text and "#3 close" in text


def test_demo_in_english() -> None:
    code, text = run("demo", "--lang", "en")
    assert (
        code == 0 and "History (verified, untampered)" in text and "rectification → closed" in text
    )


def test_flawed_demo_names_each_mistake() -> None:
    code, text = run("demo", "--example", "flawed", "--lang", "en")
    assert code == 0
    for rid in ("ATT-UNEXCUSED", "CRIT-SUBSTANTIVE", "RECT-OVERDUE", "CLOSE-NO-OPEN-ITEMS"):
        assert rid in text
    assert "'close' is blocked" in text


def test_rules_listing_and_json() -> None:
    code, text = run("rules", "--lang", "en")
    assert code == 0 and "PREP-NOTICE" in text and "Superior notice" in text
    code, raw = run("rules", "--format", "json")
    rows = json.loads(raw)
    assert {r["id"] for r in rows} == set(mf.default_flow().pack.ids)
    assert all(r["basis"] and r["title"] for r in rows)


def test_explain_one_rule() -> None:
    code, text = run("rules", "crit-substantive", "--lang", "en")
    assert code == 0 and text.startswith("CRIT-SUBSTANTIVE") and "basis:" in text
    assert run("rules", "NOPE-1")[0] == 2


def test_schema_is_json_schema() -> None:
    code, raw = run("schema")
    assert code == 0 and json.loads(raw)["title"] == "Meeting"


def test_check_and_verify_files(tmp_path: Path) -> None:
    good = tmp_path / "m.json"
    good.write_text(
        testing.example("rectification", flawed=True).model_dump_json(), encoding="utf-8"
    )
    code, raw = run(
        "check", str(good), "--at", "2021-08-20T10:00:00+08:00", "--format", "json", "--lang", "en"
    )
    assert code == 1 and json.loads(raw)["counts"]["blocking"] == 2
    assert run("verify", str(good), "--lang", "en") == (0, "history intact\n")
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert run("verify", str(bad))[0] == 2


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "meetingflow", "demo", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "closed" in done.stdout


def test_diagram_formats() -> None:
    code, mermaid = run("diagram")
    assert code == 0 and mermaid.startswith("stateDiagram-v2")
    assert "rectification --> closed: close<br/>RECT-LIST" in mermaid
    code, dot = run("diagram", "--format", "dot")
    assert code == 0 and dot.startswith('digraph "default"') and '"critique" -> "review"' in dot


def test_appraisal_options() -> None:
    code, text = run("demo", "--appraisal", "--lang", "en")
    assert code == 0 and "critique → member_appraisal" in text and "rectification → closed" in text
    code, raw = run("schema", "--appraisal")
    assert code == 0 and "MemberAppraisal" in json.loads(raw)["$defs"]
    code, text = run("rules", "--appraisal", "--lang", "en")
    assert "APPR-EXCELLENT-CAP" in text
    code, text = run("diagram", "--appraisal")
    assert "critique --> member_appraisal: start_appraisal" in text
    assert run("demo", "--appraisal", "--example", "flawed")[0] == 2
