"""Texts people read (issue #9 §4) and the shape of the catalogue itself: levels, bases, and that
every rule is tested passing, failing and — where it can be — not applicable."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from meetingflow import testing
from meetingflow.i18n import Text

from . import fixtures as fx

if TYPE_CHECKING:
    from meetingflow.rules import Rule

RULES = fx.appraisal_flow().rules
PLACEHOLDER = re.compile(r"\{[a-z_]+(:[^}]*)?\}")
ASCII_PUNCTUATION = re.compile(r"[,;:()!?]")
IDENTIFIER = re.compile(r"[A-Za-z]+_[A-Za-z_]+|=")

# The catalogue's levels (RULES.md §2), for every rule the built-in pack and the appraisal have.
LEVELS = {
    "PREP-NOTICE": "M", "PREP-PLAN": "M", "PREP-PLAN-APPROVAL": "M", "PREP-THEME": "M",
    "PREP-ADVANCE-NOTICE": "S", "PREP-STUDY": "M", "PREP-OPINIONS": "M", "PREP-CADRE-FEEDBACK": "S",
    "PREP-TALKS-COVERAGE": "M", "PREP-PROBLEM-LIST": "M", "PREP-ROOTCAUSE": "M", "PREP-MATERIAL": "M",
    "PREP-MATERIAL-ASPECTS": "M", "PREP-MATERIAL-REVIEW": "M", "PREP-SPOT-CHECK": "S",
    "PREP-COMMITTEE-FIRST": "M", "REV-FORM": "M", "REV-QUORUM": "M", "REV-HOST": "S",
    "REV-RECORDER": "M", "REV-BRANCH-REPORT": "M", "REV-PREV-RECTIFICATION": "M",
    "REV-SELF-EXAM-ALL": "M", "REV-ASPECTS-COVERED": "M", "REV-SUPERIOR-PRESENT": "S",
    "CRIT-LEAD-ORDER": "M", "CRIT-RECEIVE-EACH": "M", "CRIT-GIVE-EACH": "S", "CRIT-SUBSTANTIVE": "M",
    "CRIT-CADRE-EQUAL": "M", "CRIT-RESPONSE": "S", "CRIT-SUPERIOR-COMMENT": "S", "CRIT-UNITY-ATTEST": "Q",
    "APPR-PROCEDURE": "M", "APPR-GRADES": "M", "APPR-EXCELLENT-CAP": "S", "APPR-FEEDBACK-REPORT": "M",
    "RECT-LIST": "M", "RECT-ITEM-FIELDS": "M", "RECT-TRACE": "S", "RECT-COMMITMENT": "M",
    "RECT-PLAN-TIMELY": "S", "RECT-OVERDUE": "M", "RECT-ESCALATE": "S", "RECT-EVIDENCE-CLOSE": "M",
    "RECT-PUBLICIZE": "S", "RECT-SUPERVISION": "S", "CLOSE-REPORT": "M", "CLOSE-MINUTES": "M",
    "CLOSE-ARCHIVE": "M", "CLOSE-NO-OPEN-ITEMS": "M", "CLOSE-APPRAISAL-DONE": "M",
    "ATT-LEAVE-APPROVED": "M", "ATT-LEAVE-WRITTEN": "M", "ATT-MAKEUP": "S", "ATT-UNEXCUSED": "M",
    "ATT-EXEMPT": "S", "ROLE-DUAL-MEMBERSHIP": "M", "ROLE-CADRE-AS-ORDINARY": "M",
    "ROLE-COMMITTEE-REQUIRED": "S", "ROLE-VOTING-RIGHTS": "M", "HIER-HELD-BY-DEADLINE": "M",
    "HIER-REDO": "M",
}  # fmt: skip


def _texts(rule: Rule) -> list[tuple[str, Text]]:
    return [("title", rule.title), ("hint", rule.hint), *rule.messages, *rule.hints]


def test_every_single_meeting_rule_of_the_catalogue_is_implemented_at_its_level() -> None:
    assert {x.id: x.level for x in RULES} == LEVELS
    for x in RULES:
        assert x.severity.value == ("warning" if x.level == "S" else "error"), x.id


@pytest.mark.parametrize("rule", RULES, ids=lambda x: x.id)
def test_chinese_texts_use_full_width_punctuation_and_no_identifiers(rule: Rule) -> None:
    for name, text in _texts(rule):
        plain = PLACEHOLDER.sub("", text.zh)
        assert not ASCII_PUNCTUATION.findall(plain), f"{rule.id} {name}: {text.zh}"
        assert not IDENTIFIER.findall(plain), f"{rule.id} {name}: {text.zh}"
        assert not IDENTIFIER.findall(PLACEHOLDER.sub("", text.en)), f"{rule.id} {name}: {text.en}"
        assert "(s)" not in text.en, f"{rule.id} {name}: {text.en}"


@pytest.mark.parametrize("rule", RULES, ids=lambda x: x.id)
def test_a_redo_is_called_one_thing(rule: Rule) -> None:
    for name, text in _texts(rule):
        if "重新" in text.zh:
            assert "责令重新召开" in text.zh, f"{rule.id} {name}: {text.zh}"


@pytest.mark.parametrize("rule", RULES, ids=lambda x: x.id)
def test_basis_names_a_source_not_a_web_address(rule: Rule) -> None:
    assert rule.basis.strip() and "http" not in rule.basis
    assert rule.why, f"{rule.id} has no docstring saying why"


def _rendered() -> list[tuple[str, Text, Text]]:
    """Findings of every kind the tests produce often enough: many flaws at once."""
    m = fx.flawed("rectification")
    m = fx.edit(m, "preparation.notice", timetable=(), scope_org_ids=())
    m = fx.edit(m, "preparation.materials[5]", aspects=())
    m = fx.edit(m, "review.self_examinations[0]", aspects=("party_spirit",))
    m = fx.edit(m, "closing", archive=(), report=None, publications=(), minutes=None)
    m = fx.edit(
        m, "preparation", talks=m.preparation.talks[:3], plan_approval=None, study_sessions=()
    )
    m = fx.edit(m, "rectification", commitments=(), supervision=(), plan=None)
    m = fx.edit(m, "critique", superior_comments=(), responses=(), unity_attestation=None)
    m = fx.edit(m, "review.branch_report", presented_by=fx.CADRE, covers_committee_inspection=False)
    out = []
    for flow, meeting in (
        (fx.flow(), m),
        (fx.appraisal_flow(), fx.with_appraisal("rectification")),
    ):
        for f in flow.check(meeting, at=fx.at("rectification"), trigger="close").findings:
            out.append((f.rule_id, f.message, f.hint))
    return out


def test_rendered_findings_read_well_in_both_languages() -> None:
    found = _rendered()
    assert len({rule_id for rule_id, _, _ in found}) >= 10
    for rule_id, message, hint in found:
        for text in (message.zh, hint.zh):
            assert not IDENTIFIER.findall(text), f"{rule_id}: {text}"
            assert "written_proxy" not in text and "mode" not in text
        assert message.en[0].isupper() or message.en[0] in "0123456789", f"{rule_id}: {message.en}"
        assert message.en.endswith((".", "?")), f"{rule_id}: {message.en}"
        assert message.zh.endswith("。"), f"{rule_id}: {message.zh}"


# --- every rule is tested ------------------------------------------------------------------------

SOURCES = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
NEVER_PASSES = {"RECT-OVERDUE"}
"""Rules that apply only when there is something wrong (clarification 1: about overdue items,
N/A when none is overdue), so their only verdicts are fail and N/A."""


@pytest.mark.parametrize("rule", RULES, ids=lambda x: x.id)
def test_every_rule_has_a_passing_a_failing_and_a_not_applicable_test(rule: Rule) -> None:
    if rule.id not in NEVER_PASSES:
        assert re.search(rf'passes\(\s*"{rule.id}"', SOURCES), f"no passing case for {rule.id}"
    assert re.search(rf'(one|findings)\(\s*"{rule.id}"', SOURCES), f"no failing case for {rule.id}"
    if "not_applicable()" in inspect.getsource(rule.check):
        assert re.search(rf'not_applicable\(\s*"{rule.id}"', SOURCES), f"no N/A case for {rule.id}"


def test_examples_of_the_test_kit_still_build() -> None:
    assert testing.example_at("closed") > testing.example_at("rectification")
