"""No escapes (issue #7.7): every public function refuses bad input with a MeetingflowError.

A table of bad calls — wrong types, wrong values, nesting, templates, seal paths, trigger
names, formats, languages — each of which must raise a ``MeetingflowError`` subclass (and
the expected one where it matters); then Hypothesis throws arbitrary values at the
operations, which may succeed or refuse, but never raise anything else. Hostile sizes are
refused with capped error lists.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from integrity_kit import KEY, raises_only_meetingflow_errors

import meetingflow as mf
from meetingflow import canonical, diagram, errors, integrity, spec, testing
from meetingflow import records as r
from meetingflow.cli import main
from meetingflow.i18n import Text, language
from meetingflow.records import paths

FLOW = mf.default_flow()
KEYED = mf.default_flow(key=KEY)
RECT = testing.example("rectification")
CLOSED = testing.example("closed")
AT = datetime(2021, 9, 1, 10, tzinfo=testing.CST)
T = Text("标题", "title")
A, B = mf.Stage("a", T), mf.Stage("b", T)
GO = mf.Transition("go", "a", "b", {"secretary"}, T)
REPORT = FLOW.check(RECT, at=AT)
ALLOWED = FLOW.allowed(RECT, actor="m01", at=AT)


def build(**changes: Any) -> mf.Flow:
    fields: dict[str, Any] = {
        "name": "x",
        "stages": [A, B],
        "transitions": [GO],
        "pack": mf.RulePack("none"),
    }
    return mf.Flow.build(**{**fields, **changes})


def make_rule(**changes: Any) -> mf.Rule:
    fields: dict[str, Any] = {
        "stage": "preparation",
        "title": T,
        "messages": {"default": T},
        "hint": T,
        "basis": "test",
    }
    return mf.rule("HOST-X", **{**fields, **changes})(lambda m, ctx: ())


def deep(n: int) -> Any:
    value: Any = []
    for _ in range(n):
        value = [value]
    return value


def deep_dict(n: int) -> Any:
    value: Any = {}
    for _ in range(n):
        value = {"a": value}
    return value


def offset(hours: int, minutes: int = 0, seconds: int = 0) -> timezone:
    return timezone(timedelta(hours=hours, minutes=minutes, seconds=seconds))


def naive() -> datetime:
    return datetime(2021, 9, 1, 10)


def record_into(section: str, field: str = "x") -> type[r.Record]:
    class Odd(r.Record):
        record_into = r.Placement(section, field, "set")
        x: str = ""

    return Odd


BAD: dict[str, tuple[Callable[[], object], type[errors.MeetingflowError]]] = {
    # --- the operations: meetings, times, actors, triggers ---------------------------------
    "check(None)": (lambda: FLOW.check(None, at=AT), errors.InvalidArgument),  # type: ignore[arg-type]
    "check(dict)": (lambda: FLOW.check({}, at=AT), errors.InvalidArgument),  # type: ignore[arg-type]
    "check(at naive)": (lambda: FLOW.check(RECT, at=naive()), errors.InvalidArgument),
    "check(at str)": (lambda: FLOW.check(RECT, at="2021-09-01"), errors.InvalidArgument),  # type: ignore[arg-type]
    "check(at date)": (lambda: FLOW.check(RECT, at=AT.date()), errors.InvalidArgument),  # type: ignore[arg-type]
    "check(at +05:30:15)": (
        lambda: FLOW.check(RECT, at=AT.replace(tzinfo=offset(5, 30, 15))),
        errors.InvalidArgument,
    ),
    "check(trigger list)": (
        lambda: FLOW.check(RECT, at=AT, trigger=["close"]),
        errors.UnknownTrigger,
    ),  # type: ignore[arg-type]
    "check(trigger dict)": (lambda: FLOW.check(RECT, at=AT, trigger={}), errors.UnknownTrigger),  # type: ignore[arg-type]
    "check(trigger of another stage)": (
        lambda: FLOW.check(RECT, at=AT, trigger="start_review"),
        errors.InvalidTransition,
    ),
    "allowed(actor None)": (lambda: FLOW.allowed(RECT, actor=None, at=AT), errors.InvalidArgument),  # type: ignore[arg-type]
    "allowed(actor '')": (lambda: FLOW.allowed(RECT, actor="", at=AT), errors.InvalidArgument),
    "allowed(actor 1 MB)": (
        lambda: FLOW.allowed(RECT, actor="x" * 1_000_000, at=AT),
        errors.InvalidArgument,
    ),
    "allowed(actor int)": (lambda: FLOW.allowed(RECT, actor=7, at=AT), errors.InvalidArgument),  # type: ignore[arg-type]
    "allowed[...](unknown)": (lambda: ALLOWED["nope"], errors.UnknownTrigger),
    "fire(None)": (lambda: FLOW.fire(None, "close", actor="s01", at=AT), errors.InvalidArgument),  # type: ignore[arg-type]
    "fire(trigger list)": (
        lambda: FLOW.fire(RECT, ["close"], actor="s01", at=AT),  # type: ignore[arg-type]
        errors.UnknownTrigger,
    ),
    "fire(trigger 'state')": (
        lambda: FLOW.fire(RECT, "state", actor="s01", at=AT),
        errors.UnknownTrigger,
    ),
    "fire(at a year back)": (
        lambda: FLOW.fire(RECT, "close", actor="s01", at=AT - timedelta(days=400)),
        errors.TimeMovesBackwards,
    ),
    "fire(redo without reason)": (
        lambda: FLOW.fire(CLOSED, "order_redo", actor="s01", at=AT, return_to="review"),
        errors.InvalidArgument,
    ),
    "fire(redo reason int)": (
        lambda: FLOW.fire(CLOSED, "order_redo", actor="s01", at=AT, reason=5, return_to="review"),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "fire(redo reason 1 MB)": (
        lambda: FLOW.fire(
            CLOSED, "order_redo", actor="s01", at=AT, reason="x" * 1_000_000, return_to="review"
        ),
        errors.InvalidRecord,
    ),
    "fire(redo return_to list)": (
        lambda: FLOW.fire(
            CLOSED, "order_redo", actor="s01", at=AT, reason="x", return_to=["review"]
        ),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "fire(redo new_date str)": (
        lambda: FLOW.fire(
            CLOSED,
            "order_redo",
            actor="s01",
            at=AT,
            reason="x",
            new_date="2021-10-01",  # type: ignore[arg-type]
        ),
        errors.InvalidArgument,
    ),
    "fire(redo new_date datetime)": (
        lambda: FLOW.fire(CLOSED, "order_redo", actor="s01", at=AT, reason="x", new_date=AT),
        errors.InvalidRecord,
    ),
    "fire(redo notified int)": (
        lambda: FLOW.fire(CLOSED, "order_redo", actor="s01", at=AT, reason="x", notified=5),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "fire(redo notified 'm01')": (
        lambda: FLOW.fire(CLOSED, "order_redo", actor="s01", at=AT, reason="x", notified="m01"),
        errors.InvalidArgument,
    ),
    "fire(redo notified GHOST)": (
        lambda: FLOW.fire(CLOSED, "order_redo", actor="s01", at=AT, reason="x", notified=["GHOST"]),
        errors.InvalidArgument,
    ),
    "fire(return_to on close)": (
        lambda: FLOW.fire(RECT, "close", actor="s01", at=AT, return_to="review"),
        errors.InvalidArgument,
    ),
    "fire(reason int on close)": (
        lambda: FLOW.fire(RECT, "close", actor="s01", at=AT, reason=5),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "fire(expected_version '25')": (
        lambda: FLOW.fire(RECT, "close", actor="s01", at=AT, expected_version="25"),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "fire(expected_version stale)": (
        lambda: FLOW.fire(RECT, "close", actor="s01", at=AT, expected_version=RECT.version - 1),
        errors.VersionConflict,
    ),
    "fire(expected_head int)": (
        lambda: FLOW.fire(RECT, "close", actor="s01", at=AT, expected_head=5),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "fire(expected_head stale)": (
        lambda: FLOW.fire(RECT, "close", actor="s01", at=AT, expected_head="0" * 64),
        errors.VersionConflict,
    ),
    "record(nothing)": (lambda: FLOW.record(RECT, actor="m01", at=AT), errors.InvalidArgument),
    "record(dict)": (
        lambda: FLOW.record(RECT, {"type": "talk"}, actor="m01", at=AT),
        errors.InvalidRecord,
    ),  # type: ignore[arg-type]
    "record(None)": (lambda: FLOW.record(RECT, None, actor="m01", at=AT), errors.InvalidRecord),  # type: ignore[arg-type]
    "record(a class)": (
        lambda: FLOW.record(RECT, r.Talk, actor="m01", at=AT),
        errors.InvalidRecord,
    ),  # type: ignore[arg-type]
    "record(a meeting)": (
        lambda: FLOW.record(RECT, RECT, actor="m01", at=AT),
        errors.InvalidRecord,
    ),
    "record(into a missing section)": (
        lambda: FLOW.record(RECT, record_into("nowhere")(), actor="m01", at=AT),
        errors.SectionSealed,
    ),
    "record(into a sub-path of a sealed section)": (
        lambda: FLOW.record(RECT, record_into("review.session", "venue")(), actor="m01", at=AT),
        errors.SectionSealed,
    ),
    "record(into history)": (
        lambda: FLOW.record(RECT, record_into("", "history")(), actor="m01", at=AT),
        errors.SectionSealed,
    ),
    "record(into the whole extensions)": (
        lambda: FLOW.record(RECT, record_into("", "extensions")(), actor="m01", at=AT),
        errors.SectionSealed,
    ),
    "record(at naive)": (
        lambda: FLOW.record(
            RECT, r.SupervisionEvent(by_id="s01", on=AT.date()), actor="s01", at=naive()
        ),
        errors.InvalidArgument,
    ),
    "verify(None)": (lambda: FLOW.verify(None), errors.InvalidArgument),  # type: ignore[arg-type]
    "verify(anchor int)": (lambda: FLOW.verify(RECT, anchor=5), errors.InvalidArgument),  # type: ignore[arg-type]
    "verify(anchor unknown)": (lambda: FLOW.verify(RECT, anchor="0" * 64), errors.HistoryTampered),
    "verify(signed with nothing, key expected)": (
        lambda: KEYED.verify(RECT),
        errors.HistoryTampered,
    ),
    "verify_history(None)": (lambda: mf.verify_history(None), errors.InvalidArgument),  # type: ignore[arg-type]
    "verify_history(key str)": (
        lambda: mf.verify_history(RECT, key="k" * 32),
        errors.InvalidArgument,
    ),  # type: ignore[arg-type]
    "verify_history(initial_stage int)": (
        lambda: mf.verify_history(RECT, initial_stage=5),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "parse(int)": (lambda: FLOW.parse(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "parse(broken JSON)": (lambda: FLOW.parse("{"), errors.InvalidRecord),
    "parse(bad UTF-8)": (lambda: FLOW.parse(b"\xff\xfe{}"), errors.InvalidRecord),
    "parse(100k-deep arrays)": (
        lambda: FLOW.parse("[" * 100_000 + "]" * 100_000),
        errors.InvalidRecord,
    ),
    "parse(NaN)": (
        lambda: FLOW.parse(RECT.model_dump_json().replace('"hours":4.0', '"hours":NaN')),
        errors.InvalidRecord,
    ),
    "parse(schema 99)": (
        lambda: FLOW.parse(
            RECT.model_dump_json().replace('"schema_version":2', '"schema_version":99', 1)
        ),
        errors.UnsupportedSchema,
    ),
    "item_from_dict(None)": (lambda: FLOW.item_from_dict(None), errors.InvalidRecord),  # type: ignore[arg-type]
    "item_from_dict(type list)": (
        lambda: FLOW.item_from_dict({"type": ["talk"]}),
        errors.InvalidRecord,
    ),
    "item_from_dict(extra key)": (
        lambda: FLOW.item_from_dict(
            {"type": "supervision_event", "by_id": "s01", "on": "2021-09-01", "x": 1}
        ),
        errors.InvalidRecord,
    ),
    "adopt(5)": (lambda: FLOW.adopt(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "stage(5)": (lambda: FLOW.stage(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "transition(None)": (lambda: FLOW.transition(None), errors.UnknownTrigger),  # type: ignore[arg-type]
    "gate_rules(list)": (lambda: FLOW.gate_rules(["close"]), errors.UnknownTrigger),  # type: ignore[arg-type]
    "owner_of(5)": (lambda: FLOW.owner_of(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "writable(unknown stage)": (lambda: FLOW.writable("nope", "review"), errors.InvalidArgument),
    "writable(path int)": (lambda: FLOW.writable("review", 5), errors.InvalidArgument),  # type: ignore[arg-type]
    "settings_of(unknown)": (lambda: FLOW.settings_of("nope"), errors.InvalidArgument),
    # --- derived flows: definitions are validated when built --------------------------------
    "with_key(str)": (lambda: FLOW.with_key("k" * 32), errors.InvalidArgument),  # type: ignore[arg-type]
    "with_key(short)": (lambda: FLOW.with_key(b"short"), errors.InvalidArgument),
    "with_settings(5)": (lambda: FLOW.with_settings(5), errors.FlowDefinitionError),  # type: ignore[arg-type]
    "with_settings(inf)": (
        lambda: FLOW.with_settings({"min_study_hours": math.inf}),
        errors.FlowDefinitionError,
    ),
    "with_settings(nan)": (
        lambda: FLOW.with_settings({"quorum_ratio": math.nan}),
        errors.FlowDefinitionError,
    ),
    "with_settings(unknown)": (lambda: FLOW.with_settings({"nope": 1}), errors.FlowDefinitionError),
    "with_pack(5)": (lambda: FLOW.with_pack(5), errors.FlowDefinitionError),  # type: ignore[arg-type]
    "with_transition(5)": (lambda: FLOW.with_transition(5), errors.FlowDefinitionError),  # type: ignore[arg-type]
    "with_gates(unknown rule)": (
        lambda: FLOW.with_gates("close", "NOPE-RULE"),
        errors.FlowDefinitionError,
    ),
    "with_gates(trigger list)": (lambda: FLOW.with_gates(["close"], "X-Y"), errors.UnknownTrigger),  # type: ignore[arg-type]
    "with_authorized(trigger list)": (
        lambda: FLOW.with_authorized(["x"], "secretary"),
        errors.InvalidArgument,
    ),  # type: ignore[arg-type]
    "with_authorized(authority list)": (
        lambda: FLOW.with_authorized("close", ["supervisor"]),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "with_authorized(unknown authority)": (
        lambda: FLOW.with_authorized("close", "janitor"),
        errors.FlowDefinitionError,
    ),
    "with_items(5)": (lambda: FLOW.with_items(5), errors.FlowDefinitionError),  # type: ignore[arg-type]
    "with_items(str)": (lambda: FLOW.with_items(str), errors.FlowDefinitionError),  # type: ignore[arg-type]
    "with_items(a record with no placement)": (
        lambda: FLOW.with_items(r.Evidence),
        errors.FlowDefinitionError,
    ),
    "add_track(5)": (lambda: FLOW.add_track(5), errors.FlowDefinitionError),  # type: ignore[arg-type]
    "add_rules(5)": (lambda: FLOW.add_rules(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "insert_stage(5)": (
        lambda: FLOW.insert_stage(5, after="review", trigger="go"),  # type: ignore[arg-type]
        errors.FlowDefinitionError,
    ),
    "insert_stage(trigger 'state')": (
        lambda: FLOW.insert_stage(mf.Stage("x", T), after="review", trigger="state"),
        errors.FlowDefinitionError,
    ),
    "insert_stage(trigger list)": (
        lambda: FLOW.insert_stage(mf.Stage("x", T), after="review", trigger=["x"]),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "insert_stage(after unknown)": (
        lambda: FLOW.insert_stage(mf.Stage("x", T), after="nope", trigger="go_x"),
        errors.InvalidArgument,
    ),
    "remove_stage(review)": (lambda: FLOW.remove_stage("review"), errors.InvalidArgument),
    "remove_stage(5)": (lambda: FLOW.remove_stage(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "replace_stage(with 5)": (lambda: FLOW.replace_stage("review", 5), errors.FlowDefinitionError),  # type: ignore[arg-type]
    "renamed(5)": (lambda: FLOW.renamed(5), errors.FlowDefinitionError),  # type: ignore[arg-type]
    "renamed(1 MB)": (lambda: FLOW.renamed("x" * 1_000_000), errors.FlowDefinitionError),
    "default_flow(settings=5)": (lambda: mf.default_flow(settings=5), errors.FlowDefinitionError),  # type: ignore[arg-type]
    "default_flow(pack=5)": (lambda: mf.default_flow(pack=5), errors.FlowDefinitionError),  # type: ignore[arg-type]
    "default_flow(extensions=None)": (
        lambda: mf.default_flow(extensions=None),
        errors.FlowDefinitionError,
    ),  # type: ignore[arg-type]
    "default_flow(extensions=[5])": (
        lambda: mf.default_flow(extensions=[5]),
        errors.FlowDefinitionError,
    ),  # type: ignore[list-item]
    "default_flow(key=str)": (lambda: mf.default_flow(key="k" * 32), errors.InvalidArgument),  # type: ignore[arg-type]
    # --- definitions built by hand --------------------------------------------------------
    "Flow.build(stages=5)": (lambda: build(stages=5), errors.FlowDefinitionError),
    "Flow.build(stages=[5])": (lambda: build(stages=[5]), errors.FlowDefinitionError),
    "Flow.build(no stages)": (lambda: build(stages=[]), errors.FlowDefinitionError),
    "Flow.build(pack=None)": (lambda: build(pack=None), errors.FlowDefinitionError),
    "Flow.build(name None)": (lambda: build(name=None), errors.FlowDefinitionError),
    "Transition named 'state'": (
        lambda: build(transitions=[mf.Transition("state", "a", "b", {"secretary"}, T)]),
        errors.FlowDefinitionError,
    ),
    "Transition named ['go']": (
        lambda: build(transitions=[mf.Transition(["go"], "a", "b", {"secretary"}, T)]),  # type: ignore[arg-type]
        errors.FlowDefinitionError,
    ),
    "Transition named {'go': 1}": (
        lambda: build(transitions=[mf.Transition({"go": 1}, "a", "b", {"secretary"}, T)]),  # type: ignore[arg-type]
        errors.FlowDefinitionError,
    ),
    "Transition authorized=5": (
        lambda: mf.Transition("go", "a", "b", 5, T),
        errors.InvalidArgument,
    ),  # type: ignore[arg-type]
    "Transition title str": (
        lambda: mf.Transition("go", "a", "b", {"secretary"}, "t"),
        errors.InvalidArgument,
    ),  # type: ignore[arg-type]
    "Stage named ['a']": (
        lambda: build(stages=[mf.Stage(["a"], T), B]),
        errors.InvalidArgument,  # refused by Stage itself, before any flow is built
    ),  # type: ignore[arg-type]
    "Stage sections=5": (lambda: mf.Stage("a", T, sections=5), errors.InvalidArgument),  # type: ignore[arg-type]
    "Track section int": (
        lambda: FLOW.add_track(mf.Track("t", T, section=int, owner="review")),  # type: ignore[arg-type]
        errors.FlowDefinitionError,
    ),
    "Track owner unknown": (
        lambda: FLOW.add_track(mf.Track("t", T, section=r.Review, owner="nope")),
        errors.FlowDefinitionError,
    ),
    # seal paths a stage may not own
    **{
        f"seal path {p!r}": (
            lambda p=p: build(stages=[mf.Stage("a", T, sections=(p,)), B]),
            errors.FlowDefinitionError,
        )
        for p in (
            "nonexistent",
            "__class__",
            "roster[999]",
            "roster[0]",
            "review.nonexistent",
            "review.attendance.member_id",
            "",
            "a..b",
            "history",
            "version",
            "stage",
            "extensions",
            "extensions.nope",
            "model_fields",
        )
    },
    "seal path 5": (
        lambda: build(stages=[mf.Stage("a", T, sections=(5,)), B]),
        errors.FlowDefinitionError,
    ),  # type: ignore[arg-type]
    # --- rules, packs, templates ---------------------------------------------------------------
    **{
        f"rule message {m!r}": (
            lambda m=m: make_rule(messages={"default": (m, m)}),
            errors.InvalidArgument,
        )
        for m in ("a {", "a }", "{0}", "{a.b}", "{a[0]}", "{x!r}", "{x:>10}", "{x:a|b|c}")
    },
    "rule id lower": (
        lambda: mf.rule("x-y", stage="preparation", title=T, messages={"d": T}, hint=T, basis="b")(
            lambda m, c: ()
        ),
        errors.InvalidArgument,
    ),
    "rule messages None": (lambda: make_rule(messages=None), errors.InvalidArgument),
    "rule messages [1, 2]": (lambda: make_rule(messages=[1, 2]), errors.InvalidArgument),
    "rule messages empty": (lambda: make_rule(messages={}), errors.InvalidArgument),
    "rule messages key 'Bad Key'": (
        lambda: make_rule(messages={"Bad Key": T}),
        errors.InvalidArgument,
    ),
    "rule title half": (lambda: make_rule(title={"zh": "只有中文"}), errors.InvalidArgument),
    "rule paths None": (lambda: make_rule(paths=None), errors.InvalidArgument),
    "rule paths ['a..b']": (lambda: make_rule(paths=["a..b"]), errors.InvalidArgument),
    "rule reads 5": (lambda: make_rule(reads=5), errors.InvalidArgument),
    "rule severity fatal": (lambda: make_rule(severity="fatal"), errors.InvalidArgument),
    "rule gate sometimes": (lambda: make_rule(gate="sometimes"), errors.InvalidArgument),
    "rule basis blank": (lambda: make_rule(basis=" "), errors.InvalidArgument),
    "rule check not callable": (
        lambda: mf.rule(
            "HOST-X", stage="preparation", title=T, messages={"d": T}, hint=T, basis="b"
        )(5),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "rule stage unknown to the flow": (
        lambda: FLOW.add_rules(make_rule(stage="nostage")),
        errors.FlowDefinitionError,
    ),
    "Rule.evolve(nope=1)": (lambda: make_rule().evolve(nope=1), errors.InvalidArgument),
    "pack.override(bogus=1)": (
        lambda: FLOW.pack.override("PREP-NOTICE", bogus=1),
        errors.InvalidArgument,
    ),
    "pack.override(severity fatal)": (
        lambda: FLOW.pack.override("PREP-NOTICE", severity="fatal"),
        errors.InvalidArgument,
    ),
    "pack.override(5)": (lambda: FLOW.pack.override(5, severity="error"), errors.InvalidArgument),  # type: ignore[arg-type]
    "pack.with_severity(fatal)": (
        lambda: FLOW.pack.with_severity("PREP-NOTICE", "fatal"),
        errors.InvalidArgument,
    ),
    "pack.with_severity(unknown rule), when built": (
        lambda: mf.default_flow(pack=FLOW.pack.with_severity("NOPE-X", "warning")),
        errors.FlowDefinitionError,
    ),
    "pack.get(unknown)": (lambda: FLOW.pack.get("NOPE"), errors.UnknownRule),
    "pack.disable(list)": (lambda: FLOW.pack.disable(["X"]), errors.InvalidArgument),  # type: ignore[arg-type]
    "pack.add(5)": (lambda: FLOW.pack.add(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "pack.combine(5)": (lambda: FLOW.pack.combine(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "pack.substitute(5)": (lambda: FLOW.pack.substitute(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "RulePack(name 5)": (lambda: mf.RulePack(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "RulePack(rules 5)": (lambda: mf.RulePack("x", 5), errors.InvalidArgument),  # type: ignore[arg-type]
    "RulePack(settings 5)": (lambda: mf.RulePack("x", settings=5), errors.InvalidArgument),  # type: ignore[arg-type]
    "RulePack(settings namespace int)": (
        lambda: mf.default_flow(pack=mf.RulePack("x", settings={"ns": int})),
        errors.FlowDefinitionError,
    ),
    "RuleSettings(min_study_hours=inf)": (
        lambda: mf.RuleSettings(min_study_hours=math.inf),
        errors.InvalidRecord,
    ),
    "RuleSettings(quorum_ratio=nan)": (
        lambda: mf.RuleSettings(quorum_ratio=math.nan),
        errors.InvalidRecord,
    ),
    # --- texts and languages ---------------------------------------------------------------
    "Text.format(missing)": (lambda: Text("a {x}", "a {x}").format(), errors.MissingValue),
    "Text.render(missing)": (lambda: Text("a {x}", "a {x}").render("en"), errors.MissingValue),
    "Text.render(fr)": (lambda: T.render("fr"), errors.UnknownLanguage),
    "Text.in_(None)": (lambda: T.in_(None), errors.UnknownLanguage),  # type: ignore[arg-type]
    "Text.coerce(5)": (lambda: Text.coerce(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "language('fr')": (lambda: language("fr"), errors.UnknownLanguage),
    "report.render(xml)": (lambda: REPORT.render("en", "xml"), errors.InvalidArgument),
    "report.render(fr)": (lambda: REPORT.render("fr"), errors.UnknownLanguage),
    "report.to_dict(fr)": (lambda: REPORT.to_dict("fr"), errors.UnknownLanguage),
    "report.summary(5)": (lambda: REPORT.summary(5), errors.UnknownLanguage),  # type: ignore[arg-type]
    "allowed.to_dict(fr)": (lambda: ALLOWED.to_dict("fr"), errors.UnknownLanguage),
    "error.to_dict(fr)": (lambda: errors.InvalidArgument(T).to_dict("fr"), errors.UnknownLanguage),
    "error.message(xx)": (lambda: errors.InvalidArgument(T).message("xx"), errors.UnknownLanguage),
    "diagram.render(xml)": (lambda: diagram.render(FLOW, "xml"), errors.InvalidArgument),
    "diagram.render(None)": (lambda: diagram.render(None), errors.InvalidArgument),  # type: ignore[arg-type]
    "diagram.to_dot(None)": (lambda: diagram.to_dot(None), errors.InvalidArgument),  # type: ignore[arg-type]
    # --- records -------------------------------------------------------------------------------
    "Meeting.model_construct(junk)": (
        lambda: r.Meeting.model_construct(id=5),
        errors.InvalidRecord,
    ),
    "Meeting.model_validate(None)": (lambda: r.Meeting.model_validate(None), errors.InvalidRecord),
    "Meeting.model_validate_json(5)": (
        lambda: r.Meeting.model_validate_json(5),
        errors.InvalidRecord,
    ),  # type: ignore[arg-type]
    "Meeting.model_validate_strings(5)": (
        lambda: r.Meeting.model_validate_strings(5),
        errors.InvalidRecord,
    ),
    "Meeting.evolve(nope=1)": (lambda: RECT.evolve(nope=1), errors.InvalidRecord),
    "Meeting.evolve(version='x')": (lambda: RECT.evolve(version="x"), errors.InvalidRecord),
    "Member(id with a newline)": (lambda: r.Member(id="m\n1", name="x"), errors.InvalidRecord),
    "Member(id with a lone surrogate)": (
        lambda: r.Member(id="m\ud800", name="x"),
        errors.InvalidRecord,
    ),
    "Criticism(text blank)": (
        lambda: r.Criticism(id="c", from_member="a", to_member="b", text="\u3000 "),
        errors.InvalidRecord,
    ),
    "Event(at +08:05:43)": (
        lambda: CLOSED.history[0].evolve(at=AT.replace(tzinfo=offset(8, 5, 43))),
        errors.InvalidRecord,
    ),
    "Day(number)": (
        lambda: r.Session.model_validate({"id": "s", "held_on": 20210625}),
        errors.InvalidRecord,
    ),
    "StudySession(hours=nan)": (
        lambda: r.StudySession(id="s", held_on=AT.date(), hours=math.nan),
        errors.InvalidRecord,
    ),
    "Meeting(10001 notifications)": (
        lambda: RECT.evolve(
            preparation=RECT.preparation.evolve(
                notifications=[{"member_id": "m01", "notified_on": "2021-06-01"}] * 10_001
            )
        ),
        errors.InvalidRecord,
    ),
    # --- integrity and canonical JSON ----------------------------------------------------------
    "head(None)": (lambda: integrity.head(None), errors.InvalidArgument),  # type: ignore[arg-type]
    "head(dict)": (lambda: integrity.head({}), errors.InvalidArgument),  # type: ignore[arg-type]
    "digest_of(None)": (lambda: integrity.digest_of(None), errors.InvalidArgument),  # type: ignore[arg-type]
    "state_digest_of(event)": (
        lambda: integrity.state_digest_of(CLOSED.history[0]),
        errors.InvalidArgument,
    ),  # type: ignore[arg-type]
    "event_digest_of(meeting)": (lambda: integrity.event_digest_of(CLOSED), errors.InvalidArgument),  # type: ignore[arg-type]
    "is_verified(None)": (lambda: integrity.is_verified(None), errors.InvalidArgument),  # type: ignore[arg-type]
    "append_event(None, None)": (
        lambda: integrity.append_event(None, None, kind="entry", actor="x", at=AT),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "append_event(at a year back)": (
        lambda: integrity.append_event(
            RECT, RECT, kind="entry", actor="m01", at=AT - timedelta(days=400)
        ),
        errors.TimeMovesBackwards,
    ),
    "append_event(paths 5)": (
        lambda: integrity.append_event(RECT, RECT, kind="entry", actor="m01", at=AT, paths=5),  # type: ignore[arg-type]
        errors.InvalidArgument,
    ),
    "append_event(kind 'other')": (
        lambda: integrity.append_event(RECT, RECT, kind="other", actor="m01", at=AT),  # type: ignore[arg-type]
        errors.InvalidRecord,
    ),
    "jcs(nan)": (lambda: canonical.jcs(math.nan), errors.InvalidArgument),
    "jcs(inf)": (lambda: canonical.jcs([math.inf]), errors.InvalidArgument),
    "jcs(set)": (lambda: canonical.jcs({1}), errors.InvalidArgument),
    "jcs(int key)": (lambda: canonical.jcs({1: 2}), errors.InvalidArgument),
    "jcs(2**60)": (lambda: canonical.jcs(2**60), errors.InvalidArgument),
    "jcs(lone surrogate)": (lambda: canonical.jcs("\ud800"), errors.InvalidArgument),
    "jcs(100k deep)": (lambda: canonical.jcs(deep(100_000)), errors.InvalidArgument),
    "node_digest(list)": (lambda: canonical.node_digest([1]), errors.InvalidArgument),  # type: ignore[arg-type]
    "node_digest(100k deep)": (
        lambda: canonical.node_digest(deep_dict(100_000)),
        errors.InvalidArgument,
    ),
    "state_digest(None)": (lambda: canonical.state_digest(None), errors.InvalidArgument),  # type: ignore[arg-type]
    "mac(str key)": (lambda: canonical.mac("k", "0" * 64), errors.InvalidArgument),  # type: ignore[arg-type]
    "mac(bad digest)": (lambda: canonical.mac(b"k", "zz"), errors.InvalidArgument),
    # --- paths ---------------------------------------------------------------------------------
    "paths.parse(5)": (lambda: paths.parse(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "paths.parse('a..b')": (lambda: paths.parse("a..b"), errors.InvalidArgument),
    "paths.parse(65 deep)": (lambda: paths.parse(".".join(["a"] * 65)), errors.InvalidArgument),
    "paths.resolve(missing)": (lambda: paths.resolve(RECT, "nope"), errors.NoSuchPath),
    "paths.resolve(roster[99])": (lambda: paths.resolve(RECT, "roster[99]"), errors.NoSuchPath),
    "paths.set_field(missing)": (lambda: paths.set_field(RECT, "nope", {}), errors.NoSuchPath),
    # --- declarative flows ---------------------------------------------------------------------
    "parse_document(5)": (lambda: spec.parse_document(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "parse_document(xml)": (lambda: spec.parse_document("{}", "xml"), errors.InvalidArgument),  # type: ignore[arg-type]
    "parse_document(a list)": (lambda: spec.parse_document("[]"), errors.InvalidArgument),
    "parse_document(10,000 levels)": (
        lambda: spec.parse_document(
            '{"name": "x", "settings": ' + "[" * 10_000 + "]" * 10_000 + "}"
        ),
        errors.InvalidArgument,
    ),
    "flow_from_spec(900 levels of settings)": (
        lambda: spec.flow_from_spec(
            spec.parse_document('{"name": "x", "settings": ' + json.dumps(deep_dict(900)) + "}")
        ),
        errors.FlowDefinitionError,
    ),
    "parse_document(100k levels)": (
        lambda: spec.parse_document('{"a":' * 100_000),
        errors.InvalidArgument,
    ),
    "parse_document(yaml 10k levels)": (
        lambda: spec.parse_document("name: x\nsettings: " + "[" * 10_000 + "]" * 10_000, "yaml"),
        errors.InvalidArgument,
    ),
    "parse_document(2 MB)": (lambda: spec.parse_document(" " * 2_000_000), errors.InvalidArgument),
    "parse_document(unknown key)": (
        lambda: spec.parse_document('{"name": "x", "nope": 1}'),
        errors.InvalidRecord,
    ),
    "parse_document(rule message 'a {')": (
        lambda: spec.parse_document(
            json.dumps(
                {
                    "name": "x",
                    "rules": [
                        {
                            "id": "HOST-X",
                            "stage": "preparation",
                            "title": {"zh": "t", "en": "t"},
                            "message": {"zh": "a {", "en": "a {"},
                            "hint": {"zh": "h", "en": "h"},
                            "basis": "b",
                            "check": {"present": "preparation.notice"},
                        }
                    ],
                }
            )
        ),
        errors.InvalidRecord,
    ),
    "flow_from_spec(5)": (lambda: spec.flow_from_spec(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "flow_from_spec(trigger 'state')": (
        lambda: spec.flow_from_spec(
            {
                "name": "x",
                "insert": [
                    {
                        "stage": {"name": "s", "title": {"zh": "s", "en": "s"}},
                        "after": "review",
                        "trigger": "state",
                    }
                ],
            }
        ),
        errors.FlowDefinitionError,
    ),
    "flow_from_spec(seal path __class__)": (
        lambda: spec.flow_from_spec(
            {
                "name": "x",
                "insert": [
                    {
                        "stage": {
                            "name": "s",
                            "title": {"zh": "s", "en": "s"},
                            "sections": ["__class__"],
                        },
                        "after": "review",
                        "trigger": "go_s",
                    }
                ],
            }
        ),
        errors.MeetingflowError,
    ),
    "flow_from_spec(unknown pack)": (
        lambda: spec.flow_from_spec({"name": "x", "packs": ["nope"]}),
        errors.FlowDefinitionError,
    ),
    "load_flow(5)": (lambda: spec.load_flow(5), errors.InvalidArgument),  # type: ignore[arg-type]
    "load_flow(missing)": (lambda: spec.load_flow("/no/such/flow.json"), errors.InvalidArgument),
    "load_plugin(5)": (lambda: spec.load_plugin(5), errors.FlowDefinitionError),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_raises_the_librarys_error(name: str) -> None:
    call, expected = BAD[name]
    with pytest.raises(errors.MeetingflowError) as caught:
        call()
    assert isinstance(caught.value, expected), f"{name}: {type(caught.value).__name__}"
    # Every error renders in both languages and as problem details.
    assert caught.value.message("zh") and caught.value.message("en")
    json.dumps(caught.value.to_dict("en"), ensure_ascii=False)


def test_cli_main_refuses_non_string_arguments() -> None:
    assert main(5) == 2  # type: ignore[arg-type]
    assert main([5]) == 2  # type: ignore[list-item]


# --- arbitrary values ------------------------------------------------------------------------

ODD_ZONES = [offset(5, 30, 15), offset(8, 5, 43), offset(-14), offset(14), timezone.utc]
JUNK = st.deferred(
    lambda: st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30),
        st.binary(max_size=20),
        st.dates(),
        st.datetimes(timezones=st.sampled_from([None, *ODD_ZONES])),
        st.sampled_from(
            [
                "close",
                "order_redo",
                "m01",
                "s01",
                "review",
                RECT,
                CLOSED.history[0],
                r.SupervisionEvent(by_id="s01", on=date(2021, 9, 1)),
                r.Talk,
                object(),
                ...,
                math.nan,
                "\ud800",
                "\u3000",
            ]
        ),
        st.lists(JUNK, max_size=3),
        st.dictionaries(st.text(max_size=5), JUNK, max_size=3),
    )
)
OPERATIONS: dict[str, Callable[[Any], object]] = {
    "check(meeting)": lambda v: FLOW.check(v, at=AT),
    "check(at)": lambda v: FLOW.check(RECT, at=v),
    "check(trigger)": lambda v: FLOW.check(RECT, at=AT, trigger=v),
    "allowed(actor)": lambda v: FLOW.allowed(RECT, actor=v, at=AT),
    "fire(meeting)": lambda v: FLOW.fire(v, "close", actor="s01", at=AT),
    "fire(trigger)": lambda v: FLOW.fire(CLOSED, v, actor="s01", at=AT, reason="x"),
    "fire(actor)": lambda v: FLOW.fire(RECT, "close", actor=v, at=AT),
    "fire(at)": lambda v: FLOW.fire(RECT, "close", actor="s01", at=v),
    "fire(reason)": lambda v: FLOW.fire(CLOSED, "order_redo", actor="s01", at=AT, reason=v),
    "fire(return_to)": lambda v: FLOW.fire(
        CLOSED, "order_redo", actor="s01", at=AT, reason="x", return_to=v
    ),
    "fire(new_date)": lambda v: FLOW.fire(
        CLOSED, "order_redo", actor="s01", at=AT, reason="x", new_date=v
    ),
    "fire(notified)": lambda v: FLOW.fire(
        CLOSED, "order_redo", actor="s01", at=AT, reason="x", notified=v
    ),
    "fire(expected_version)": lambda v: FLOW.fire(
        RECT, "close", actor="s01", at=AT, expected_version=v
    ),
    "fire(expected_head)": lambda v: FLOW.fire(RECT, "close", actor="s01", at=AT, expected_head=v),
    "record(item)": lambda v: FLOW.record(RECT, v, actor="s01", at=AT),
    "record(actor)": lambda v: FLOW.record(
        RECT, r.SupervisionEvent(by_id="s01", on=date(2021, 9, 1)), actor=v, at=AT
    ),
    "verify(meeting)": FLOW.verify,
    "verify(anchor)": lambda v: FLOW.verify(RECT, anchor=v),
    "verify_history(key)": lambda v: mf.verify_history(RECT, key=v),
    "parse": FLOW.parse,
    "item_from_dict": FLOW.item_from_dict,
    "item_from_dict(talk)": lambda v: FLOW.item_from_dict({"type": "talk", "person_a": v}),
    "Meeting.model_validate": r.Meeting.model_validate,
    "Meeting.model_validate(schema 1 history)": lambda v: r.Meeting.model_validate(
        {"schema_version": 1, "id": "x", "history": v}
    ),
    "Meeting.model_validate(schema 1 review)": lambda v: r.Meeting.model_validate(
        {"schema_version": 1, "id": "x", "review": v}
    ),
    "evolve(roster)": lambda v: RECT.evolve(roster=v),
    "head": integrity.head,
    "digest_of": integrity.digest_of,
    "jcs": canonical.jcs,
    "node_digest": canonical.node_digest,
    "mac(key)": lambda v: canonical.mac(v, "0" * 64),
    "Text.in_": T.in_,
    "Text.coerce": Text.coerce,
    "language": language,
    "paths.parse": paths.parse,
    "report.render(format)": lambda v: REPORT.render("en", v),
    "with_settings": FLOW.with_settings,
    "with_key": FLOW.with_key,
    "renamed": FLOW.renamed,
    "transition": FLOW.transition,
    "diagram.render(format)": lambda v: diagram.render(FLOW, v),
    "Stage(sections)": lambda v: build(stages=[mf.Stage("a", T, sections=v), B]),
    "Transition(trigger)": lambda v: build(
        transitions=[mf.Transition(v, "a", "b", {"secretary"}, T)]
    ),
    "Transition(authorized)": lambda v: build(transitions=[mf.Transition("go", "a", "b", v, T)]),
    "rule(messages)": lambda v: make_rule(messages=v),
    "rule(paths)": lambda v: make_rule(paths=v),
    "RulePack(rules)": lambda v: mf.RulePack("x", v),
    "spec.flow_from_spec": spec.flow_from_spec,
    "spec.parse_document": spec.parse_document,
}


@pytest.mark.parametrize("name", list(OPERATIONS))
@given(value=JUNK)
def test_arbitrary_values_never_escape(name: str, value: Any) -> None:
    escaped = raises_only_meetingflow_errors(lambda: OPERATIONS[name](value))
    assert escaped is None, f"{name}({value!r:.80}) raised {type(escaped).__name__}: {escaped}"


# --- hostile sizes: refused early, with capped error lists -------------------------------------


def test_a_10_mb_record_of_invalid_entries_gives_a_capped_error() -> None:
    data = json.loads(RECT.model_dump_json())
    data["preparation"]["notifications"] = [
        {"member_id": "x" * 900, "notified_on": "never", "extra": 1} for _ in range(10_000)
    ]
    raw = json.dumps(data)
    assert len(raw) > 9_000_000
    with pytest.raises(errors.InvalidRecord) as caught:
        FLOW.parse(raw)
    error = caught.value
    assert len(error.entries) == errors.MAX_ERROR_ENTRIES and error.total >= 30_000
    assert len(str(error)) < 50_000
    assert len(json.dumps(error.to_dict("zh"), ensure_ascii=False)) < 100_000


@pytest.mark.parametrize(
    "field, value",
    [
        ("description", '"' + "x" * 10_000_000 + '"'),
        ("description", "[" * 5_000 + "]" * 5_000),
        ("description", '{"a":' * 5_000 + "1" + "}" * 5_000),
    ],
    ids=["10 MB string", "5000 levels of arrays", "5000 levels of objects"],
)
def test_hostile_values_are_refused_with_one_entry(field: str, value: str) -> None:
    raw = RECT.model_dump_json()
    text = RECT.preparation.problems[0].description
    marker = json.dumps(text, ensure_ascii=False)
    assert raw.count(marker) == 1
    with pytest.raises(errors.InvalidRecord) as caught:
        FLOW.parse(raw.replace(marker, value))
    assert caught.value.total == 1


def test_100k_entries_are_refused_with_one_entry() -> None:
    data = json.loads(RECT.model_dump_json())
    data["preparation"]["notifications"] = [
        {"member_id": "m01", "notified_on": "2021-06-01"}
    ] * 100_000
    with pytest.raises(errors.InvalidRecord) as caught:
        FLOW.parse(json.dumps(data))
    assert caught.value.total == 1 and "at most 10000" in str(caught.value)


def test_definition_problems_are_capped_too() -> None:
    document = {"name": "x", "disable": [f"NOPE-{i:05d}" for i in range(10_000)]}
    with pytest.raises(errors.FlowDefinitionError) as caught:
        spec.flow_from_spec(document)
    error = caught.value
    assert len(error.problems) == errors.MAX_ERROR_ENTRIES and error.total == 10_000
    assert len(str(error)) < 20_000 and "100" in error.message("zh")


@pytest.mark.parametrize(
    "data",
    [
        {"schema_version": 1, "id": "x"},
        {"schema_version": 1},
        {"schema_version": 1, "history": [5]},
        {"schema_version": 1, "history": [{}]},
        {"schema_version": 1, "id": "x", "roster": 5},
        {"schema_version": 1, "review": {"attendance": 5}},
        {"schema_version": 1, "critique": {"criticisms": [5]}},
        {"schema_version": 1, "closing": "x"},
    ],
)
def test_a_broken_schema_1_record_raises_the_librarys_error(data: dict[str, Any]) -> None:
    with pytest.raises(errors.InvalidRecord):
        r.Meeting.model_validate(data)
    with pytest.raises(errors.InvalidRecord):
        FLOW.parse(json.dumps(data))
