"""The digest test vectors of docs/reference/digest.md, recomputed from the library, and the
standalone JavaScript verifier run on real records.

``python tests/integrity/test_digest_vectors.py --write`` regenerates
docs/reference/digest-vectors.json; the test fails if the library and the file disagree —
which is the point: a digest written by one release must verify under every later one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import rfc8785

import meetingflow as mf
from meetingflow import canonical, testing
from meetingflow import records as r
from meetingflow.integrity import digest_of, head, state_digest_of

DOCS = Path(__file__).resolve().parents[2] / "docs" / "reference"
VECTORS = DOCS / "digest-vectors.json"
VERIFIER = DOCS / "verify-chain.mjs"
KEY = b"meetingflow-example-key-32-bytes"

SMALL: list[tuple[str, Any]] = [
    ("members are sorted by name", {"b": 2, "a": 1, "c": {"z": None, "y": True}}),
    (
        "names sort by UTF-16 code units (RFC 8785 §3.2.3)",
        {"€": 1, "\r": 2, "דּ": 3, "1": 4, "😀": 5, "\x80": 6, "ö": 7},
    ),
    (
        "numbers are written as ECMAScript writes them",
        [0, -0.0, 1, -1, 4.0, 1.5, 0.1, 1 / 3, 1e-6, 1e-7, 1e20, 1e21, 2**53 - 1, 5e-324],
    ),
    (
        "strings escape only what JSON must; everything else is UTF-8",
        ["\x00\x1f\b\f\n\r\t", '"\\/', "\u2028\u2029\x7f", "\u3000全角缩进", "é", "😀"],
    ),
    ("nested objects", {"outer": {"inner": {"x": 1}}, "list": [{"a": 1}, [{"b": 2}], 3]}),
]


def _nested_steps(value: dict[str, Any]) -> dict[str, Any]:
    """How a parent hashes its children: every object replaced by its reference."""
    in_parent = {k: canonical.ref(v) for k, v in value.items()}
    return {"members_in_parent_form": in_parent, "members_jcs": canonical.jcs(in_parent)}


def short_chain() -> mf.Meeting:
    """A real record of four events, signed with KEY, through the lifecycle without rules."""
    flow = mf.default_flow(pack=mf.RulePack("none"), key=KEY)
    bp = testing.Blueprint(members=3, committee=0, cadres=0, probationary=0)
    meeting = flow.adopt(testing.new_meeting(bp))
    india = timezone(timedelta(hours=5, minutes=30))
    meeting = flow.record(
        meeting,
        r.SpotCheck(by_id="s01", on=date(2021, 6, 1), note='\u3000\u3000全角缩进 "引号" 🎉'),
        actor="s01",
        at=datetime(2021, 6, 1, 9, 0, 0, 123456, tzinfo=india),
    )
    meeting = flow.record(
        meeting,
        r.StudySession(
            id="study-1",
            held_on=date(2021, 6, 2),
            hours=1.5,
            topic="党史",
            attendee_ids=("m01", "m02"),
        ),
        actor="m01",
        at=datetime(2021, 6, 2, 2, 0, tzinfo=timezone.utc),
    )
    meeting = flow.fire(
        meeting, "start_review", actor="m01", at=datetime(2021, 6, 25, 9, tzinfo=testing.CST)
    )
    return flow.record(
        meeting,
        r.Attendance(member_id="m01", presence=r.Presence.PRESENT),
        actor="m01",
        at=datetime(2021, 6, 25, 9, 5, tzinfo=testing.CST),
    )


def build_vectors() -> dict[str, Any]:
    small = []
    for name, value in SMALL:
        text = canonical.jcs(value)
        entry: dict[str, Any] = {
            "name": name,
            "input": value,
            "jcs": text,
            "sha256_of_jcs": hashlib.sha256(text.encode()).hexdigest(),
        }
        if isinstance(value, dict):
            entry["node_digest"] = canonical.node_digest(value)
            if name == "nested objects":
                entry |= _nested_steps(value)
        small.append(entry)
    meeting = short_chain()
    data = json.loads(meeting.model_dump_json())
    member = meeting.roster[0]
    member_json = json.loads(member.model_dump_json())
    return {
        "about": "Test vectors of docs/reference/digest.md; regenerate with"
        " `python tests/integrity/test_digest_vectors.py --write`.",
        "small": small,
        "record": {
            "name": "one roster member, as it appears in a meeting",
            "input": member_json,
            "members_jcs": canonical.jcs({k: canonical.ref(v) for k, v in member_json.items()}),
            "node_digest": digest_of(member),
        },
        "chain": {
            "flow": "the default lifecycle without rules; initial stage 'preparation'",
            "initial_stage": "preparation",
            "key_utf8": KEY.decode(),
            "key_hex": KEY.hex(),
            "anchor": head(meeting),
            "state_digest": state_digest_of(meeting),
            "events": [
                {k: e[k] for k in ("seq", "kind", "at", "previous", "state", "digest", "mac")}
                for e in data["history"]
            ],
            "meeting": data,
        },
    }


def test_the_vectors_file_is_what_the_library_computes() -> None:
    stored = json.loads(VECTORS.read_text(encoding="utf-8"))
    assert stored == build_vectors()


def test_the_small_vectors_recompute() -> None:
    stored = json.loads(VECTORS.read_text(encoding="utf-8"))
    for entry in stored["small"]:
        value = entry["input"]
        assert canonical.jcs(value) == entry["jcs"] == rfc8785.dumps(value).decode()
        assert hashlib.sha256(entry["jcs"].encode()).hexdigest() == entry["sha256_of_jcs"]
        if isinstance(value, dict):
            assert canonical.node_digest(value) == entry["node_digest"]
    record = stored["record"]
    assert canonical.node_digest(record["input"]) == record["node_digest"]
    assert r.Member.model_validate(record["input"]) == short_chain().roster[0]


def test_the_chain_vector_verifies_and_recomputes_from_json_alone() -> None:
    chain = json.loads(VECTORS.read_text(encoding="utf-8"))["chain"]
    key = bytes.fromhex(chain["key_hex"])
    assert key == chain["key_utf8"].encode()
    data = chain["meeting"]
    flow = mf.default_flow(pack=mf.RulePack("none"), key=key)
    meeting = flow.parse(json.dumps(data, ensure_ascii=False))
    flow.verify(meeting, anchor=chain["anchor"])
    assert canonical.state_digest(data) == chain["state_digest"] == data["history"][-1]["state"]
    previous = None
    for event, expected in zip(data["history"], chain["events"], strict=True):
        assert canonical.event_digest(event) == event["digest"] == expected["digest"]
        assert canonical.mac(key, event["digest"]) == event["mac"] == expected["mac"]
        assert event["previous"] == previous
        previous = event["digest"]
    assert previous == chain["anchor"]
    assert data["schema_version"] == r.SCHEMA_VERSION


def _fields_in_json(record: r.Record, data: dict[str, Any], path: str) -> list[str]:
    """Paths of fields the JSON leaves out (an absent custom section excepted)."""
    missing = []
    for name in type(record).model_fields:
        value = getattr(record, name)
        if name not in data:
            if not (isinstance(record, r.Extensions) and value is None):
                missing.append(f"{path}.{name}")
            continue
        items = value if isinstance(value, tuple) else (value,)
        entries = data[name] if isinstance(value, tuple) else [data[name]]
        for i, (x, d) in enumerate(zip(items, entries, strict=True)):
            if isinstance(x, r.Record):
                missing += _fields_in_json(x, d, f"{path}.{name}[{i}]")
    return missing


def test_every_field_is_in_the_json_defaults_included() -> None:
    # Nothing is left out for having its default value: a later release changing a default
    # cannot change what an old digest covered.
    for meeting in (testing.example("closed"), testing.example("closed", appraisal=True)):
        assert _fields_in_json(meeting, json.loads(meeting.model_dump_json()), "") == []


def test_the_schema_version_is_inside_the_state_digest() -> None:
    data = json.loads(testing.example("review").model_dump_json())
    assert data["schema_version"] == r.SCHEMA_VERSION
    other = {**data, "schema_version": r.SCHEMA_VERSION + 1}
    assert canonical.state_digest(other) != canonical.state_digest(data)


NODE = shutil.which("node")


def node(*args: str) -> subprocess.CompletedProcess[str]:
    assert NODE is not None
    return subprocess.run(
        [NODE, str(VERIFIER), *args], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_javascript_verifier_on_real_records(tmp_path: Path) -> None:
    assert len(VERIFIER.read_text(encoding="utf-8").splitlines()) <= 65
    chain = json.loads(VECTORS.read_text(encoding="utf-8"))["chain"]
    short = tmp_path / "short.json"
    short.write_text(json.dumps(chain["meeting"], ensure_ascii=False), encoding="utf-8")
    ok = node(
        str(short),
        "--key-hex",
        chain["key_hex"],
        "--anchor",
        chain["anchor"],
        "--initial",
        "preparation",
    )
    assert ok.returncode == 0 and "4 events" in ok.stdout, ok.stderr
    assert node(str(short), "--key-hex", KEY[::-1].hex()).returncode == 1

    closed = testing.example("closed")
    path = tmp_path / "closed.json"
    path.write_text(closed.model_dump_json(), encoding="utf-8")
    ok = node(str(path), "--anchor", head(closed) or "", "--initial", "preparation")
    assert ok.returncode == 0 and "26 events" in ok.stdout, ok.stderr
    assert node(str(path), "--anchor", "0" * 64).returncode == 1

    data = json.loads(closed.model_dump_json())
    data["critique"]["criticisms"][0]["text"] += "。"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bad = node(str(path))
    assert bad.returncode == 1 and "changed after the last event" in bad.stderr
    data = json.loads(closed.model_dump_json())
    data["history"][3]["actor"] = "m05"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bad = node(str(path))
    assert bad.returncode == 1 and "event #3" in bad.stderr


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_javascript_verifier_agrees_on_an_appraisal_record(tmp_path: Path) -> None:
    meeting = testing.example("closed", appraisal=True)
    path = tmp_path / "appraisal.json"
    path.write_text(meeting.model_dump_json(), encoding="utf-8")
    ok = node(str(path), "--anchor", head(meeting) or "")
    assert ok.returncode == 0, ok.stderr


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        VECTORS.write_text(
            json.dumps(build_vectors(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"wrote {VECTORS}")
