"""The command line under hostile input, as a real process (issue #7.7).

It never prints a traceback and exits 2 on bad input — deep documents, broken files, a
closed pipe, a plugin that calls ``sys.exit`` or whose extension crashes — and a flow
document imports only the packs it names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from integrity_kit import KEY

import meetingflow as mf
from meetingflow import testing

EXE = [sys.executable, "-m", "meetingflow"]
SCHEMA_1 = Path(__file__).parent.parent / "fixtures" / "schema-1"


def cli(
    *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*EXE, *args],
        capture_output=True,
        text=True,
        input=stdin.decode() if stdin is not None else None,
        env={**os.environ, "LANG": "en_US.UTF-8", **(env or {})},
        timeout=120,
        check=False,
    )


def refused(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stderr.startswith(("meetingflow:", "usage:")), result.stderr[:300]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    closed = testing.example("closed")
    (d / "closed.json").write_text(closed.model_dump_json(), encoding="utf-8")
    data = json.loads(closed.model_dump_json())
    data["critique"]["criticisms"][0]["text"] += "（已改）"
    (d / "tampered.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (d / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (d / "deep-flow.json").write_text(
        '{"name": "x", "settings": ' + "[" * 10_000 + "]" * 10_000 + "}"
    )
    (d / "deep-flow-objects.json").write_text('{"a":' * 10_000 + "1" + "}" * 10_000)
    (d / "deep-flow.yaml").write_text("name: x\nsettings: " + "[" * 10_000 + "]" * 10_000 + "\n")
    (d / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (d / "nan.json").write_bytes(
        closed.model_dump_json().replace('"hours":4.0', '"hours":NaN').encode()
    )
    (d / "big.json").write_text(json.dumps({"id": "x" * 10_000_000}))
    (d / "list.json").write_text("[]")
    return d


BAD_INPUT = [
    ["verify", "{d}/missing.json"],
    ["verify", "{d}"],
    ["verify", "{d}/tampered.json"],
    ["verify", "{d}/closed.json", "--anchor", "0" * 64],
    ["verify", "{d}/closed.json", "--anchor", "not-a-digest"],
    ["verify", "{d}/closed.json", "--key-env", "MEETINGFLOW_NO_SUCH_VAR"],
    ["verify", "{d}/deep.json"],
    ["verify", "{d}/binary.json"],
    ["verify", "{d}/nan.json"],
    ["verify", "{d}/big.json"],
    ["verify", "{d}/list.json"],
    ["check", "{d}/closed.json", "--at", "tomorrow"],
    ["check", "{d}/closed.json", "--at", "2021-09-01T10:00:00"],
    ["check", "{d}/closed.json", "--at", "2021-09-01T10:00:00+05:30:15"],
    ["check", "{d}/closed.json", "--at", "2021-09-01T10:00+08:00", "--trigger", "state"],
    ["check", "{d}/closed.json", "--at", "2021-09-01T10:00+08:00", "--trigger", "close"],
    ["check", "{d}/closed.json", "--at", "2021-09-01T10:00+08:00", "--format", "xml"],
    ["rules", "--flow", "{d}/deep-flow.json"],
    ["rules", "--flow", "{d}/deep-flow-objects.json"],
    ["rules", "--flow", "{d}/deep-flow.yaml"],
    ["rules", "--flow", "{d}/binary.json"],
    ["rules", "--flow", "{d}/list.json"],
    ["rules", "--flow", "{d}/closed.json"],
    ["diagram", "--format", "xml"],
    ["rules", "NOPE-RULE"],
    ["demo", "--lang", "fr"],
    ["--lang", "fr", "rules"],
    ["migrate", "{d}/deep.json"],
    ["nonsense"],
    [],
]


def test_bad_input_exits_2_without_a_traceback(files: Path) -> None:
    # Thirty interpreters, run side by side: each case is a separate process.
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(lambda argv: cli(*(a.replace("{d}", str(files)) for a in argv)), BAD_INPUT)
        )
    failures = []
    for argv, result in zip(BAD_INPUT, results, strict=True):
        try:
            refused(result)
        except AssertionError as error:
            failures.append((argv, str(error)[:300]))
    assert failures == []


def test_a_wrong_key_and_a_short_key_are_refused(files: Path) -> None:
    refused(cli("verify", str(files / "closed.json"), "--key-env", "K", env={"K": "short"}))
    refused(cli("verify", str(files / "closed.json"), "--key-env", "K", env={"K": KEY.decode()}))
    keyed = testing.example("closed", flow=mf.default_flow(key=KEY))
    path = files / "keyed.json"
    path.write_text(keyed.model_dump_json(), encoding="utf-8")
    ok = cli(
        "verify",
        str(path),
        "--key-env",
        "K",
        "--anchor",
        keyed.history[-1].digest,
        env={"K": KEY.decode()},
    )
    assert ok.returncode == 0, ok.stderr


def test_a_record_on_stdin(files: Path) -> None:
    raw = (files / "closed.json").read_bytes()
    ok = cli("verify", "-", stdin=raw)
    assert ok.returncode == 0 and ok.stderr == ""
    refused(cli("verify", "-", stdin=b"{"))


@pytest.mark.parametrize(
    "command",
    [
        "rules",
        "rules --format json",
        "schema",
        "diagram",
        "demo",
        "demo --example flawed --lang en",
        "migrate {schema1}/closed.json",
    ],
)
def test_a_closed_pipe_is_quiet(command: str, files: Path) -> None:
    line = (
        " ".join(EXE) + " " + command.replace("{d}", str(files)).replace("{schema1}", str(SCHEMA_1))
    )
    # ``head -1`` exits after one line; the rest of the output meets a closed pipe.
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{line} | head -1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.count("\n") == 1
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_closed_pipe_with_a_large_output_is_quiet(files: Path) -> None:
    big = testing.build(
        "closed", testing.Blueprint(members=400)
    )  # minutes over 64 KiB, a pipe's buffer
    path = files / "big-meeting.json"
    path.write_text(big.model_dump_json(), encoding="utf-8")
    result = subprocess.run(
        [
            "bash",
            "-o",
            "pipefail",
            "-c",
            f"{' '.join(EXE)} document minutes {path} --format html | head -c 10",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and result.stderr == ""


# --- plugins found through a fake distribution on sys.path -------------------------------------


@pytest.fixture(scope="module")
def plugins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plugins")
    info = root / "hostile_plugins-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: hostile-plugins\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[meetingflow.packs]\n"
        "exits = hostile_exits:pack\n"
        "spy = hostile_spy:pack\n"
        "crashes = hostile_crashes:pack\n"
        "breaks = hostile_breaks:EXTENSION\n"
        "keyboard = hostile_keyboard:pack\n"
    )
    (root / "hostile_exits.py").write_text("import sys\nsys.exit(3)\n")
    (root / "hostile_spy.py").write_text(
        "import pathlib, os\n"
        "pathlib.Path(os.environ['SPY_MARKER']).write_text('imported')\n"
        "from meetingflow import RulePack\npack = RulePack('spy')\n"
    )
    (root / "hostile_crashes.py").write_text("def pack():\n    raise RuntimeError('boom')\n")
    (root / "hostile_breaks.py").write_text(
        "class Broken:\n"
        "    def apply(self, flow):\n"
        "        raise RuntimeError('apply broke')\n"
        "EXTENSION = Broken()\n"
    )
    for name, doc in {
        "exits": {"name": "x", "packs": ["exits"]},
        "crashes": {"name": "x", "packs": ["crashes"]},
        "breaks": {"name": "x", "extensions": ["breaks"]},
        "unknown": {"name": "x", "packs": ["nope"]},
        "catalogue": {"name": "x", "packs": ["catalogue"]},
    }.items():
        (root / f"{name}.json").write_text(json.dumps(doc))
    return root


@pytest.mark.parametrize("document", ["exits", "crashes", "breaks", "unknown"])
def test_a_hostile_plugin_becomes_a_clear_error(document: str, plugins: Path) -> None:
    marker = plugins / f"spy-{document}"
    result = cli(
        "rules",
        "--flow",
        str(plugins / f"{document}.json"),
        env={"PYTHONPATH": str(plugins), "SPY_MARKER": str(marker)},
    )
    refused(result)
    assert "flow definition" in result.stderr
    assert not marker.exists()  # the pack nobody named was never imported


def test_a_document_imports_only_the_packs_it_names(plugins: Path) -> None:
    marker = plugins / "spy-catalogue"
    result = cli(
        "rules",
        "--flow",
        str(plugins / "catalogue.json"),
        env={"PYTHONPATH": str(plugins), "SPY_MARKER": str(marker)},
    )
    assert result.returncode == 0, result.stderr
    assert "PREP-NOTICE" in result.stdout
    assert not marker.exists()
    named = plugins / "spy.json"
    named.write_text(json.dumps({"name": "x", "packs": ["catalogue", "spy"]}))
    result = cli(
        "rules", "--flow", str(named), env={"PYTHONPATH": str(plugins), "SPY_MARKER": str(marker)}
    )
    assert result.returncode == 0, result.stderr
    assert marker.read_text() == "imported"
