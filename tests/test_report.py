"""Reports render in zh/en as text, Markdown and a stable JSON form."""

from __future__ import annotations

import json

import pytest

import meetingflow as mf
from meetingflow import testing

AT = testing.example_at("rectification")


def flawed_report(flow: mf.Flow) -> mf.Report:
    return flow.check(testing.example("rectification", flawed=True), at=AT)


def test_summary_counts_and_blockers(flow: mf.Flow) -> None:
    r = flawed_report(flow)
    assert r.summary("en").startswith(f"{len(r.errors)} error(s), {len(r.warnings)} warning(s)")
    assert "'close' is blocked by CLOSE-NO-OPEN-ITEMS, RECT-OVERDUE" in r.summary("en")
    assert "「close」被 CLOSE-NO-OPEN-ITEMS, RECT-OVERDUE 阻止" in r.summary("zh")


def test_text_and_markdown_name_rules_paths_and_hints(flow: mf.Flow) -> None:
    r = flawed_report(flow)
    text_en, text_zh, md = r.render("en"), r.render("zh"), r.render("en", "markdown")
    for f in r.findings:
        assert f.rule_id in text_en and f.path in text_en and f.message.en in text_en
        assert f.message.zh in text_zh and f.hint.zh in text_zh
        assert f"**{f.rule_id}**" in md
    assert "[error, blocks] RECT-OVERDUE" in text_en
    assert "[error, on record] ATT-UNEXCUSED" in text_en


def test_json_schema_is_stable(flow: mf.Flow) -> None:
    data = json.loads(flawed_report(flow).render("en", "json"))
    assert set(data) == {
        "schema_version",
        "meeting_id",
        "stage",
        "at",
        "trigger",
        "target",
        "ok",
        "counts",
        "findings",
        "not_applicable",
        "pending",
    }
    assert data["schema_version"] == 1 and data["ok"] is False
    finding = data["findings"][0]
    assert set(finding) == {
        "rule_id",
        "severity",
        "stage",
        "path",
        "members",
        "message",
        "hint",
        "basis",
        "repairable",
        "blocks",
    }
    both = flawed_report(flow).to_dict()
    assert set(both["findings"][0]["message"]) == {"zh", "en"}


def test_report_filters(flow: mf.Flow) -> None:
    r = flawed_report(flow)
    assert {f.rule_id for f in r.for_member("m04")} >= {"ATT-UNEXCUSED", "ATT-MAKEUP"}
    assert all(f.rule_id == "RECT-OVERDUE" for f in r.for_rule("RECT-OVERDUE"))


def test_clean_report(flow: mf.Flow, in_rect: mf.Meeting) -> None:
    r = flow.check(in_rect, at=AT)
    assert r.ok and r.findings == () and "'close' may proceed" in r.summary("en")
    assert str(r) == r.render("en")


def test_unknown_language_or_format_is_an_error(flow: mf.Flow, in_rect: mf.Meeting) -> None:
    r = flow.check(in_rect, at=AT)
    with pytest.raises(ValueError):
        r.render("en", "pdf")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        mf.Text("甲", "a").in_("fr")  # type: ignore[arg-type]
