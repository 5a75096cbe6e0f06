"""Declarative flows: data only, every problem with its path, only named plugins loaded."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import meetingflow as mf
from meetingflow import errors, spec, testing

DOC = {
    "name": "host-2024",
    "extensions": ["appraisal"],
    "disable": ["PREP-SPOT-CHECK"],
    "severity": {"RECT-PUBLICIZE": "error"},
    "settings": {"report_within_days": 30},
    "rules": [
        {
            "id": "HOST-VENUE",
            "stage": "preparation",
            "severity": "warning",
            "title": {"zh": "地点", "en": "Venue"},
            "message": {"zh": "{who} 未写地点。", "en": "No venue ({who})."},
            "hint": {"zh": "写明地点。", "en": "Name the venue."},
            "basis": "host",
            "check": {"present": "preparation.plan.venue"},
        }
    ],
}


def test_a_document_builds_a_flow() -> None:
    flow = spec.flow_from_spec(DOC)
    ids = {r.id for r in flow.rules}
    assert "HOST-VENUE" in ids and "PREP-SPOT-CHECK" not in ids and "CLOSE-APPRAISAL-DONE" in ids
    assert flow.settings.report_within_days == 30
    assert next(r for r in flow.rules if r.id == "RECT-PUBLICIZE").severity.value == "error"
    m = testing.edit(testing.example("preparation"), "preparation.plan", venue="")
    assert flow.check(m, at=testing.example_at("preparation")).for_rule("HOST-VENUE")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"extra": 1}, "extra"),
        (
            {"rules": [{**DOC["rules"][0], "check": {"expr": "__import__('os')"}}]},
            "rules[0].check.expr",
        ),  # type: ignore[index]
        (
            {"rules": [{**DOC["rules"][0], "message": {"zh": "{who.__class__}", "en": "x"}}]},
            "rules[0].message",
        ),  # type: ignore[index]
        (
            {"rules": [{**DOC["rules"][0], "check": {"present": "preparation.__class__"}}]},
            "rules[0].check.present",
        ),  # type: ignore[index]
    ],
)
def test_anything_unknown_is_refused_with_its_path(change: dict[str, object], path: str) -> None:
    with pytest.raises(errors.InvalidRecord) as caught:
        spec.flow_from_spec({**DOC, **change})
    assert any(p.startswith(path) for p in caught.value.paths), caught.value.paths


def test_unknown_packs_and_extensions_are_named() -> None:
    with pytest.raises(errors.FlowDefinitionError, match="no-such-pack"):
        spec.flow_from_spec({"name": "x", "packs": ["no-such-pack"]})
    with pytest.raises(errors.FlowDefinitionError, match="nope"):
        spec.flow_from_spec({"name": "x", "extensions": ["nope"]})


def test_deep_nesting_and_bad_text_are_the_librarys_errors(tmp_path: Path) -> None:
    deep = '{"name": "x", "settings": {"a": ' + "[" * 10_000 + "]" * 10_000 + "}}"
    for text in (deep, "{not json", "[1, 2]", "x" * 2_000_000):
        with pytest.raises(errors.MeetingflowError):
            spec.parse_document(text)
    with pytest.raises(errors.InvalidArgument, match="cannot read"):
        spec.load_flow(tmp_path / "missing.json")


def test_yaml_documents(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text("name: y\ndisable: [PREP-SPOT-CHECK]\n", encoding="utf-8")
    assert spec.load_flow(path).name == "y"
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(errors.InvalidArgument, match="YAML"):
        spec.load_flow(bad)


def test_only_named_plugins_load_and_their_failures_are_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = tmp_path / "fake_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        "[meetingflow.packs]\nexploding = fake_plugin_mod:boom\ngood = fake_plugin_mod:PACK\n",
        encoding="utf-8",
    )
    (tmp_path / "fake_plugin_mod.py").write_text(
        "import meetingflow as mf\nLOADED = []\n"
        "def boom():\n    raise SystemExit('plugin exits')\n"
        "PACK = mf.RulePack('good')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    spec.flow_from_spec({"name": "plain"})
    assert "fake_plugin_mod" not in sys.modules  # not named: not imported
    with pytest.raises(errors.FlowDefinitionError, match="SystemExit"):
        spec.flow_from_spec({"name": "x", "packs": ["catalogue", "exploding"]})
    flow = spec.flow_from_spec({"name": "x", "packs": ["catalogue", "good"]})
    assert isinstance(flow, mf.Flow)


def test_base_none_needs_stages_and_transitions() -> None:
    with pytest.raises(errors.InvalidRecord):
        spec.flow_from_spec({"name": "x", "base": "none"})
    flow = spec.flow_from_spec(
        {
            "name": "tiny",
            "base": "none",
            "packs": [],
            "stages": [
                {"name": "open", "title": {"zh": "开", "en": "open"}, "sections": ["preparation"]},
                {"name": "done", "title": {"zh": "完", "en": "done"}},
            ],
            "transitions": [
                {"trigger": "finish", "from": ["open"], "to": ["done"], "authorized": ["secretary"]}
            ],
        }
    )
    assert flow.stage_names == ("open", "done")
    assert json.dumps(flow.triggers) == '["finish"]'
