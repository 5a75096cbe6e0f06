"""Declarative flows: documents, primitives, rejection of anything but data, entry points."""

from __future__ import annotations

import json
import re
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

import meetingflow as mf
from meetingflow import spec, testing
from meetingflow.cli import main

DOC = (Path(__file__).parent.parent / "docs" / "how-to" / "declarative-flow.md").read_text(
    encoding="utf-8"
)
YAML_DOC = re.search(r"```yaml\n(.*?)```", DOC, re.S).group(1)  # type: ignore[union-attr]


def minimal(**extra: object) -> dict[str, object]:
    return {"name": "mini", **extra}


def rule_doc(check: object, **extra: object) -> dict[str, object]:
    return {
        "id": "HOST-X",
        "stage": "preparation",
        "basis": "host policy",
        "check": check,
        "title": {"zh": "甲", "en": "a"},
        "message": {"zh": "{who} 乙", "en": "{who} b"},
        "hint": {"zh": "丙", "en": "c"},
        **extra,
    }


def test_the_documented_yaml_flow_builds(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text(YAML_DOC, encoding="utf-8")
    flow = spec.load_flow(path)
    assert flow.name == "asset-company-2021"
    assert flow.stage_names == (
        "preparation",
        "review",
        "critique",
        "member_appraisal",
        "rectification",
        "field_visit",
        "closed",
    )
    assert "PREP-SPOT-CHECK" not in flow.pack.ids
    assert flow.pack.get("RECT-PUBLICIZE").severity is mf.Severity.ERROR
    assert flow.settings.report_within_days == 30
    assert {
        "HOST-VENUE",
        "HOST-TWO-STUDIES",
        "HOST-ALL-RESPOND",
        "HOST-ITEM-MEASURES",
        "HOST-ON-TIME",
    } <= set(flow.pack.ids)
    assert flow.transition("start_visits").roles == {"supervisor"}
    code = main(["diagram", "--flow", str(path)])
    assert code == 0


def test_json_document_equals_yaml(tmp_path: Path) -> None:
    data = spec.parse_document(YAML_DOC, "yaml")
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(data.model_dump(by_alias=True)), encoding="utf-8")
    assert spec.load_flow(path).stage_names == spec.flow_from_spec(data).stage_names


@pytest.mark.parametrize(
    ("check", "path"),
    [
        ({"expr": "__import__('os').system('true')"}, "rules[0].check.expr"),
        ({"present": "__class__.__mro__"}, "rules[0].check.present"),
        ({"present": "preparation.plan; import os"}, "rules[0].check.present"),
        ({"python": "meetingflow.rules:evil"}, "rules[0].check.python"),
    ],
)
def test_code_in_a_document_is_rejected(check: object, path: str) -> None:
    with pytest.raises(mf.InvalidRecord) as info:
        spec.flow_from_spec(minimal(rules=[rule_doc(check)]))
    assert path in info.value.paths


def test_format_placeholders_other_than_who_are_rejected() -> None:
    bad = rule_doc({"present": "preparation.plan"}, message={"zh": "{who.__class__}", "en": "x"})
    with pytest.raises(mf.InvalidRecord) as info:
        spec.flow_from_spec(minimal(rules=[bad]))
    assert info.value.paths == ("rules[0].message",)


def test_a_check_is_exactly_one_primitive() -> None:
    with pytest.raises(mf.InvalidRecord, match="exactly one"):
        spec.flow_from_spec(minimal(rules=[rule_doc({})]))
    with pytest.raises(mf.InvalidRecord, match="exactly one"):
        spec.flow_from_spec(
            minimal(
                rules=[
                    rule_doc(
                        {
                            "present": "preparation.plan",
                            "min_count": {"path": "preparation.talks", "n": 1},
                        }
                    )
                ]
            )
        )


def test_unknown_names_fail_together() -> None:
    with pytest.raises(mf.FlowDefinitionError) as info:
        spec.flow_from_spec(minimal(packs=["default", "nope"], extensions=["ghost"]))
    assert len(info.value.problems) == 2
    with pytest.raises(mf.FlowDefinitionError, match="NO-SUCH"):
        spec.flow_from_spec(minimal(disable=["NO-SUCH"]))


def test_full_definition_with_base_none() -> None:
    doc = {
        "name": "two-step",
        "base": "none",
        "packs": [],
        "stages": [
            {
                "name": "preparation",
                "title": {"zh": "准备", "en": "prep"},
                "seals": ["preparation"],
            },
            {"name": "closed", "title": {"zh": "结束", "en": "closed"}},
        ],
        "transitions": [
            {"trigger": "close", "from": ["preparation"], "to": ["closed"], "roles": ["secretary"]}
        ],
        "rules": [rule_doc({"min_count": {"path": "preparation.talks", "n": 1}})],
    }
    flow = spec.flow_from_spec(doc)
    assert flow.stage_names == ("preparation", "closed") and flow.pack.ids == ("HOST-X",)
    m = testing.example("preparation")
    assert (
        flow.fire(m, "close", actor="m01", at=testing.example_at("preparation")).stage == "closed"
    )
    with pytest.raises(mf.InvalidRecord, match="base: none"):
        spec.flow_from_spec(
            {"name": "x", "stages": doc["stages"], "transitions": doc["transitions"]}
        )


PREP = testing.example("preparation")
AT = testing.example_at("preparation")


def primitive(check: object, stage: str = "preparation") -> mf.Rule:
    return spec.rule_from_spec(spec.RuleSpec.model_validate(rule_doc(check, stage=stage)))


def test_primitive_present() -> None:
    r = primitive({"present": "preparation.plan.venue"})
    testing.assert_passes(r, PREP, at=AT)
    testing.assert_fails(
        r, testing.edit(PREP, "preparation.plan", venue=""), at=AT, path="preparation.plan.venue"
    )
    testing.assert_fails(r, testing.edit(PREP, "preparation", plan=None), at=AT)


def test_primitive_min_count() -> None:
    r = primitive({"min_count": {"path": "preparation.study_sessions", "n": 2}})
    testing.assert_passes(r, PREP, at=AT)
    testing.assert_fails(
        r,
        testing.edit(PREP, "preparation", study_sessions=PREP.preparation.study_sessions[:1]),
        at=AT,
    )


def test_primitive_each_present_member() -> None:
    m = testing.example("critique")
    r = primitive({"each_present_member": {"path": "critique.responses"}}, stage="critique")
    testing.assert_passes(r, m, at=AT)
    fewer = testing.edit(m, "critique", responses=m.critique.responses[1:])
    [f] = testing.assert_fails(r, fewer, at=AT, members=("m01",))
    assert "王芳 (m01)" in f.message.zh


def test_primitive_each_has() -> None:
    m = testing.example("rectification")
    r = primitive(
        {"each_has": {"path": "rectification.items", "field": "measures"}}, stage="rectification"
    )
    testing.assert_passes(r, m, at=AT)
    testing.assert_fails(
        r,
        testing.edit(m, "rectification.items[2]", measures=()),
        at=AT,
        path="rectification.items[2].measures",
        members=("m02",),
    )
    testing.assert_not_applicable(r, testing.edit(m, "rectification", items=()), at=AT)


def test_primitive_on_or_before() -> None:
    r = primitive({"on_or_before": {"path": "review.session.held_on", "deadline_of": "review"}})
    testing.assert_passes(r, PREP, at=AT)
    late = testing.edit(PREP, "review.session", held_on=date(2021, 7, 2))
    testing.assert_fails(r, late, at=AT, path="review.session.held_on")
    r2 = primitive(
        {
            "on_or_before": {
                "path": "preparation.plan.approved_on",
                "than": "preparation.plan.meeting_date",
            }
        }
    )
    testing.assert_passes(r2, PREP, at=AT)
    testing.assert_not_applicable(r2, testing.edit(PREP, "preparation", plan=None), at=AT)
    with pytest.raises(mf.InvalidRecord, match="exactly one of 'than' or 'deadline_of'"):
        primitive({"on_or_before": {"path": "a.b"}})


def test_declarative_flow_is_picklable() -> None:
    import pickle  # noqa: PLC0415

    flow = spec.flow_from_spec(minimal(rules=[rule_doc({"present": "preparation.plan"})]))
    clone = pickle.loads(pickle.dumps(flow))
    assert clone.pack.ids == flow.pack.ids


def test_bad_documents_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(mf.InvalidArgument, match="not valid YAML"):
        spec.parse_document("a: [", "yaml")
    with pytest.raises(mf.InvalidArgument, match="mapping"):
        spec.parse_document("[1, 2]", "json")
    yaml_obj = "name: x\nsettings: !!python/object/apply:os.system ['true']\n"
    with pytest.raises(mf.InvalidArgument, match="not valid YAML"):
        spec.parse_document(yaml_obj, "yaml")


def test_packs_and_extensions_from_installed_distributions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "host_pack_mod.py").write_text(
        textwrap.dedent('''
        import meetingflow as mf
        from meetingflow.spec import Extension

        @mf.rule("PROV-VENUE", stage="preparation", title=("地点", "venue"),
                 message=("没有地点。", "No venue."), hint=("写明地点。", "Name it."),
                 basis="provincial rule")
        def venue(meeting, ctx):
            """Provincial rule."""
            if meeting.preparation.plan is None or not meeting.preparation.plan.venue:
                yield ctx.finding("preparation.plan.venue")

        PACK = mf.RulePack("provincial", (venue,))
        EXT = Extension("strict-close", lambda flow: flow.with_roles("close", "supervisor"))
        BROKEN = 42
    '''),
        encoding="utf-8",
    )
    dist = tmp_path / "host_pack-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: host-pack\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        "[meetingflow.packs]\nprovincial = host_pack_mod:PACK\nstrict-close = host_pack_mod:EXT\n"
        "broken = host_pack_mod:BROKEN\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    packs, extensions, problems = spec.discover()
    assert "provincial" in packs and "strict-close" in extensions
    assert "neither a RulePack nor an Extension" in problems["broken"]
    flow = spec.flow_from_spec(
        minimal(packs=["default", "provincial"], extensions=["strict-close"])
    )
    assert "PROV-VENUE" in flow.pack.ids and flow.transition("close").roles == {"supervisor"}
    with pytest.raises(mf.FlowDefinitionError, match="neither a RulePack"):
        spec.flow_from_spec(minimal(packs=["broken"]))
    sys.modules.pop("host_pack_mod", None)
