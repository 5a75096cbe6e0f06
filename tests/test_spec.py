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


def _with_check(check: dict[str, object]) -> dict[str, object]:
    return {**DOC, "rules": [{**DOC["rules"][0], "check": check}]}  # type: ignore[index]


@pytest.mark.parametrize(
    ("check", "problem"),
    [
        (
            {"present": "preparation.plan.veneu"},
            "rules[0].check.present: path 'preparation.plan.veneu'",
        ),
        ({"present": "prep.plan.venue"}, "has no field 'prep'"),
        ({"present": "preparation.talks.held_on"}, "'preparation.talks' has no fields"),
        (
            {"min_count": {"path": "preparation.plan", "n": 2}},
            "rules[0].check.min_count.path: 'preparation.plan' holds MeetingPlan, not a list",
        ),
        (
            {"each_has": {"path": "preparation.talks", "field": "held"}},
            "rules[0].check.each_has.field: the entries at 'preparation.talks' (Talk) have no field 'held'",
        ),
        (
            {"each_present_member": {"path": "critique.responses", "field": "member"}},
            "each_present_member.field",
        ),
        (
            {
                "on_or_before": {
                    "path": "preparation.plan.venue",
                    "than": "preparation.plan.meeting_date",
                }
            },
            "on_or_before.path: 'preparation.plan.venue' holds str, not a date",
        ),
        (
            {"on_or_before": {"path": "preparation.plan.meeting_date", "deadline_of": "reveiw"}},
            "on_or_before.deadline_of: the flow has no stage 'reveiw'",
        ),
        ({"present": "extensions.member_appraisal.stepz"}, "has no field 'stepz'"),
        (
            {"each_has": {"path": "preparation.plan.agenda", "field": "x"}},
            "the entries at 'preparation.plan.agenda' are str, not records with a field 'x'",
        ),
    ],
)
def test_a_check_path_the_meeting_does_not_have_is_refused_at_build(
    check: dict[str, object], problem: str
) -> None:
    """A misspelt field would otherwise find every meeting wanting, forever (or crash every check)."""
    with pytest.raises(errors.FlowDefinitionError) as caught:
        spec.flow_from_spec(_with_check(check))
    assert problem in str(caught.value), str(caught.value)


@pytest.mark.parametrize(
    "check",
    [
        {"present": "preparation.plan.venue"},
        {"min_count": {"path": "preparation.study_sessions", "n": 2}},
        {"each_has": {"path": "preparation.talks", "field": "held_on"}},
        {"each_present_member": {"path": "critique.responses"}},
        {"on_or_before": {"path": "preparation.plan.meeting_date", "deadline_of": "review"}},
        {
            "present": "extensions.member_appraisal.steps"
        },  # a track's section, in a flow that has it
    ],
)
def test_every_primitive_accepts_the_paths_a_meeting_has(check: dict[str, object]) -> None:
    flow = spec.flow_from_spec(_with_check(check))
    assert "HOST-VENUE" in {r.id for r in flow.rules}


def test_a_rules_declared_paths_and_its_texts_are_checked_with_their_place() -> None:
    bad_paths = {**DOC, "rules": [{**DOC["rules"][0], "paths": ["preparation.plann"]}]}  # type: ignore[index]
    with pytest.raises(errors.FlowDefinitionError, match=r"rules\[0\]\.paths\[0\]: .*'plann'"):
        spec.flow_from_spec(bad_paths)
    one_sided = {"zh": "{who} 未写地点。", "en": "No venue."}
    with pytest.raises(errors.InvalidRecord) as caught:
        spec.flow_from_spec({**DOC, "rules": [{**DOC["rules"][0], "message": one_sided}]})  # type: ignore[index]
    assert caught.value.paths == ("rules[0].message",)
