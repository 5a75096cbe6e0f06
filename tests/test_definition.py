"""Building flows and packs: every definition problem is reported at once, by name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import meetingflow as mf
from meetingflow import testing
from meetingflow.lifecycle import DEFAULT_STAGES, DEFAULT_TRANSITIONS

AT = testing.example_at("preparation")


@mf.rule(
    "HOST-VENUE",
    stage="preparation",
    severity="warning",
    title={"zh": "会议地点", "en": "Meeting venue"},
    message={"zh": "会议方案未写明会议地点。", "en": "The meeting plan names no venue."},
    hint={"zh": "写明地点。", "en": "Name the venue."},
    basis="host policy",
)
def venue_is_named(meeting: mf.Meeting, ctx: mf.RuleContext) -> Iterator[mf.Finding]:
    """Hosts add rules with the same decorator the built-in rules use."""
    plan = meeting.preparation.plan
    if plan is None:
        ctx.not_applicable()
    if not plan.venue:
        yield ctx.finding("preparation.plan.venue")


def test_host_rule_joins_the_pack_and_reports(prep: mf.Meeting) -> None:
    flow = mf.default_flow(pack=mf.default_pack().with_rules(venue_is_named))
    m = testing.edit(prep, "preparation.plan", venue="")
    report = flow.check(m, at=AT)
    [hint] = report.for_rule("HOST-VENUE")
    assert hint.severity is mf.Severity.WARNING and hint.path == "preparation.plan.venue"
    testing.assert_passes(venue_is_named, prep, at=AT)
    testing.assert_not_applicable(
        venue_is_named, testing.edit(prep, "preparation", plan=None), at=AT
    )


def test_disable_and_override(prep: mf.Meeting) -> None:
    m = testing.edit(prep, "preparation", spot_checks=())
    strict = mf.default_flow(pack=mf.default_pack().with_severity("PREP-SPOT-CHECK", "error"))
    assert [f.rule_id for f in strict.check(m, at=AT).blocking] == ["PREP-SPOT-CHECK"]
    quiet = mf.default_flow(pack=mf.default_pack().disable("PREP-SPOT-CHECK"))
    assert quiet.check(m, at=AT).findings == ()
    assert "PREP-SPOT-CHECK" not in quiet.pack.ids


def test_replace_a_rule(prep: mf.Meeting) -> None:
    lenient = mf.default_pack().get("PREP-NOTICE").evolve(severity="warning")
    flow = mf.default_flow(pack=mf.default_pack().replace(lenient))
    assert flow.check(testing.edit(prep, "preparation", notice=None), at=AT).ok


def test_pack_mistakes_fail_at_build_naming_each_id() -> None:
    pack = (
        mf.default_pack()
        .with_rules(venue_is_named, venue_is_named)
        .disable("NO-SUCH-RULE")
        .override("ALSO-MISSING", severity="warning")
        .replace(venue_is_named.evolve(id="GHOST"))
    )
    with pytest.raises(mf.FlowDefinitionError) as info:
        mf.default_flow(pack=pack)
    text = str(info.value)
    for rid in ("HOST-VENUE", "NO-SUCH-RULE", "ALSO-MISSING", "GHOST"):
        assert rid in text
    assert len(info.value.problems) == 4


def test_combined_packs() -> None:
    mine = mf.RulePack("host", (venue_is_named,))
    both = mf.default_pack() + mine
    assert both.name == "default+host" and "HOST-VENUE" in both.ids
    assert len(both) == len(mf.default_pack()) + 1


def test_bad_settings_fail_at_build_with_paths() -> None:
    with pytest.raises(mf.FlowDefinitionError) as info:
        mf.default_flow(settings={"report_within_days": -1, "aspects": [], "bogus": 1})
    text = str(info.value)
    assert (
        "settings.report_within_days" in text
        and "settings.aspects" in text
        and "settings.bogus" in text
    )


def test_settings_change_behaviour(prep: mf.Meeting) -> None:
    m = testing.edit(prep, "preparation", study_sessions=prep.preparation.study_sessions[:1])
    flow = mf.default_flow(settings={"min_study_hours": 6})
    assert [f.rule_id for f in flow.check(m, at=AT).blocking] == ["PREP-STUDY"]
    assert flow.settings.min_study_hours == 6
    assert mf.default_flow().check(m, at=AT).ok


def test_definition_errors_are_reported_together() -> None:
    stages = (*DEFAULT_STAGES, mf.Stage("orphan", mf.Text("孤立", "orphan")), DEFAULT_STAGES[0])
    transitions = (
        *DEFAULT_TRANSITIONS,
        mf.Transition(
            "start_review", ("preparation",), ("nowhere",), frozenset(), mf.Text("x", "x")
        ),
    )
    with pytest.raises(mf.FlowDefinitionError) as info:
        mf.Flow.build(name="bad", stages=stages, transitions=transitions, pack=mf.default_pack())
    text = str(info.value)
    assert "stage name 'preparation' is used twice" in text
    assert "trigger name 'start_review' is used twice" in text
    assert "unknown stage 'nowhere'" in text
    assert "no role allowed" in text
    assert "'orphan' cannot be reached" in text


def test_rule_on_unknown_stage_is_rejected() -> None:
    odd = venue_is_named.evolve(id="ODD", stage="appraisal")
    with pytest.raises(mf.FlowDefinitionError, match="ODD applies to unknown stage 'appraisal'"):
        mf.default_flow(pack=mf.default_pack().with_rules(odd))


def test_dead_end_stage_is_rejected() -> None:
    stages = (*DEFAULT_STAGES[:-1], mf.Stage("limbo", mf.Text("搁置", "limbo")), DEFAULT_STAGES[-1])
    transitions = (
        *DEFAULT_TRANSITIONS,
        mf.Transition(
            "park", ("rectification",), ("limbo",), frozenset({"supervisor"}), mf.Text("x", "x")
        ),
    )
    with pytest.raises(
        mf.FlowDefinitionError, match="'closed' cannot be reached from stage 'limbo'"
    ):
        mf.Flow.build(name="bad", stages=stages, transitions=transitions, pack=mf.default_pack())


def test_rule_decorator_rejects_half_translations() -> None:
    with pytest.raises(ValueError, match="zh"):
        mf.rule(
            "X-1",
            stage="preparation",
            title={"en": "only english"},
            message=("a", "b"),
            hint=("a", "b"),
            basis="b",
        )
    with pytest.raises(ValueError, match="basis"):
        mf.rule(
            "X-1",
            stage="preparation",
            title=("a", "b"),
            message=("a", "b"),
            hint=("a", "b"),
            basis="",
        )


def test_a_crashing_rule_is_named(prep: mf.Meeting) -> None:
    @mf.rule(
        "HOST-CRASH",
        stage="preparation",
        title=("崩溃", "crash"),
        message=("x", "x"),
        hint=("x", "x"),
        basis="test",
    )
    def crash(meeting: mf.Meeting, ctx: mf.RuleContext) -> Iterator[mf.Finding]:
        """Fails on purpose."""
        raise ZeroDivisionError("boom")
        yield

    flow = mf.default_flow(pack=mf.default_pack().with_rules(crash))
    with pytest.raises(mf.RuleFailed, match="HOST-CRASH raised ZeroDivisionError"):
        flow.check(prep, at=AT)


def test_findings_are_deterministic(flow: mf.Flow) -> None:
    m = testing.example("rectification", flawed=True)
    at = testing.example_at("rectification")
    first = flow.check(m, at=at).render("en", "json")
    assert all(flow.check(m, at=at).render("en", "json") == first for _ in range(3))
