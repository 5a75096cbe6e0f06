"""The command line: bilingual, never a traceback, exit 2 on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from meetingflow import testing
from meetingflow.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def test_demo_compliant_and_flawed() -> None:
    code, text = run("demo", "--lang", "en")
    assert code == 0 and "close may proceed" in text and "History (verified" in text
    code, text = run("demo", "--example", "flawed", "--lang", "zh")
    assert code == 0 and "CRIT-SUBSTANTIVE" in text and "责令重新召开" in text and "被阻止" in text
    code, text = run("demo", "--appraisal", "--lang", "en")
    assert code == 0 and "close may proceed" in text


def test_rules_list_and_explain() -> None:
    code, text = run("rules", "--lang", "en")
    assert code == 0 and "PREP-NOTICE" in text
    code, text = run("rules", "crit-substantive", "--lang", "zh")
    assert code == 0 and "老好人" in text and "[not_problem]" in text
    code, text = run(
        "rules", "CLOSE-APPRAISAL-DONE", "--appraisal", "--format", "json", "--lang", "en"
    )
    assert code == 0 and json.loads(text)[0]["messages"]["open"]


def test_check_verify_migrate(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(testing.example("critique", flawed=True).model_dump_json(), encoding="utf-8")
    code, text = run(
        "check",
        str(path),
        "--at",
        "2021-06-25T17:00+08:00",
        "--trigger",
        "start_rectification",
        "--lang",
        "en",
    )
    assert code == 1 and "CRIT-SUBSTANTIVE" in text
    code, text = run("verify", str(path), "--lang", "en")
    assert code == 0 and "History intact" in text
    code, _ = run("migrate", str(path))
    assert code == 2  # already current: migrate is for earlier schemas


def test_migrate_signs_a_schema_1_record_with_the_hosts_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = Path(__file__).parent / "fixtures" / "schema-1" / "closed.json"
    code, text = run("migrate", str(old))
    assert code == 0 and json.loads(text)["schema_version"] == 2
    monkeypatch.setenv("MF_KEY", "k" * 32)
    code, text = run("migrate", str(old), "--key-env", "MF_KEY")
    assert code == 0
    migrated = tmp_path / "migrated.json"
    migrated.write_text(text, encoding="utf-8")
    assert run("verify", str(migrated), "--key-env", "MF_KEY")[0] == 0
    monkeypatch.setenv("MF_OTHER", "x" * 32)
    assert run("verify", str(migrated), "--key-env", "MF_OTHER")[0] == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "/no/such/file.json", "--at", "2021-06-25T09:00+08:00"],
        ["check", "-", "--at", "yesterday"],
        ["check", "-", "--at", "2021-06-25T09:00"],
        ["rules", "NOPE-RULE"],
        ["demo", "--lang", "fr"],
        ["diagram", "--flow", "/no/such/flow.yaml"],
        ["demo", "--appraisal", "--example", "flawed"],
    ],
)
def test_bad_input_exits_2_with_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(*argv)
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("meetingflow:") and "Traceback" not in err


def test_help_follows_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--lang", "zh", "--help")[0] == 0
    zh = capsys.readouterr().out
    assert run("--lang", "en", "--help")[0] == 0
    en = capsys.readouterr().out
    assert "运行组织生活会" in zh and "Run an organizational life meeting" in en


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--version")[0] == 0
    assert capsys.readouterr().out.startswith("meetingflow ")


def test_module_entry_and_broken_pipe() -> None:
    proc = subprocess.run(
        f"{sys.executable} -m meetingflow rules --lang en | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.startswith("PREP-NOTICE") and "Traceback" not in proc.stderr
