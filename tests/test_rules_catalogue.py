"""Every rule of the default pack: passes on the compliant example, fails on a targeted mistake
(with the path and members named), and is not applicable where its precondition does not hold."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

import meetingflow as mf
from meetingflow import testing
from meetingflow.testing import edit

Edit = Callable[[mf.Meeting], mf.Meeting]


def without(m: mf.Meeting, section: str, name: str, keep: Callable[[object], bool]) -> mf.Meeting:
    return edit(
        m, section, **{name: tuple(x for x in getattr(getattr(m, section), name) if keep(x))}
    )


def absent(member: str, presence: mf.Presence = mf.Presence.ABSENT) -> Edit:
    def go(m: mf.Meeting) -> mf.Meeting:
        att = tuple(
            a.replace(presence=presence) if a.member_id == member else a
            for a in m.review.attendance
        )
        return edit(m, "review", attendance=att)

    return go


def on_approved_leave(member: str) -> Edit:
    def go(m: mf.Meeting) -> mf.Meeting:
        m = absent(member, mf.Presence.ON_LEAVE)(m)
        req = mf.LeaveRequest(
            member_id=member,
            requested_on=date(2021, 6, 20),
            reason="出差",
            approved_by="m01",
            approved_on=date(2021, 6, 21),
        )
        return edit(m, "review", leave_requests=(req,))

    return go


def no_cadre(m: mf.Meeting) -> mf.Meeting:
    return edit(m, "roster[3]", roles=(), dual_membership=False)


@dataclass
class Case:
    rule_id: str
    stage: str
    fail: Edit
    path: str
    members: tuple[str, ...] = ()
    na: Edit | None = None
    passing: Edit | None = None
    settings: dict[str, object] = field(default_factory=dict)
    flawed: bool = False


P, R, C, X = "preparation", "review", "critique", "rectification"

CASES = [
    # --- preparation ---------------------------------------------------------------
    Case(
        "PREP-NOTICE",
        P,
        lambda m: edit(m, "preparation.notice", timetable=()),
        "preparation.notice.timetable",
    ),
    Case("PREP-PLAN", P, lambda m: edit(m, "preparation.plan", venue=""), "preparation.plan.venue"),
    Case(
        "PREP-PLAN-APPROVAL",
        P,
        lambda m: edit(m, "preparation.plan", approved_on=None),
        "preparation.plan.approved_on",
        na=lambda m: edit(m, "preparation", plan=None),
    ),
    Case(
        "PREP-THEME", P, lambda m: edit(m, "preparation.plan", theme=""), "preparation.plan.theme"
    ),
    Case(
        "PREP-ADVANCE-NOTICE",
        P,
        lambda m: edit(m, "preparation", notifications=()),
        "preparation.notifications",
        tuple(f"m0{i}" for i in range(1, 9)),
        na=lambda m: edit(edit(m, "preparation", plan=None), "review", session=None),
    ),
    Case(
        "PREP-STUDY",
        P,
        lambda m: edit(m, "preparation", study_sessions=()),
        "preparation.study_sessions",
    ),
    Case(
        "PREP-OPINIONS",
        P,
        lambda m: without(m, "preparation", "opinions", lambda o: o.source_kind.value == "masses"),
        "preparation.opinions",
    ),
    Case(
        "PREP-CADRE-FEEDBACK",
        P,
        lambda m: edit(m, "preparation.opinions[2]", fed_back_on=None),
        "preparation.opinions[2].fed_back_on",
        ("m04",),
        na=lambda m: without(m, "preparation", "opinions", lambda o: o.target_member is None),
    ),
    Case(
        "PREP-TALKS-COVERAGE",
        P,
        lambda m: without(
            m, "preparation", "talks", lambda t: {t.person_a, t.person_b} != {"m01", "m05"}
        ),
        "preparation.talks",
        ("m05",),
    ),
    Case(
        "PREP-PROBLEM-LIST",
        P,
        lambda m: without(m, "preparation", "problems", lambda p: p.owner_id != "m06"),
        "preparation.problems",
        ("m06",),
    ),
    Case(
        "PREP-ROOTCAUSE",
        P,
        lambda m: edit(
            m, "preparation.problems[1]", root_cause=m.preparation.problems[1].description
        ),
        "preparation.problems[1].root_cause",
        ("m01",),
        na=lambda m: edit(m, "preparation", problems=()),
    ),
    Case(
        "PREP-MATERIAL",
        P,
        lambda m: edit(
            m,
            "preparation",
            materials=tuple(x for x in m.preparation.materials if x.author_id != "m02"),
            material_reviews=tuple(
                r for r in m.preparation.material_reviews if r.material_id != "mat-m02"
            ),
        ),
        "preparation.materials",
        ("m02",),
    ),
    Case(
        "PREP-MATERIAL-ASPECTS",
        P,
        lambda m: edit(m, "preparation.materials[1]", aspects=("ideals_convictions",)),
        "preparation.materials[1].aspects",
        ("m01",),
        na=lambda m: edit(m, "preparation", materials=(), material_reviews=()),
    ),
    Case(
        "PREP-MATERIAL-REVIEW",
        P,
        lambda m: edit(m, "preparation", material_reviews=()),
        "preparation.materials[5]",
        ("m05",),
        na=lambda m: edit(m, "preparation", materials=(), material_reviews=()),
    ),
    Case(
        "PREP-SPOT-CHECK",
        P,
        lambda m: edit(m, "preparation", spot_checks=()),
        "preparation.spot_checks",
    ),
    Case(
        "PREP-COMMITTEE-FIRST",
        P,
        lambda m: edit(m, "preparation", committee_session=None),
        "preparation.committee_session",
        na=lambda m: edit(edit(m, "roster[1]", roles=()), "roster[2]", roles=()),
    ),
    # --- review ------------------------------------------------------------------------
    Case("REV-FORM", R, lambda m: edit(m, "review", session=None), "review.session"),
    Case(
        "REV-QUORUM",
        R,
        lambda m: absent("m05")(absent("m06")(absent("m07")(absent("m02")(m)))),
        "review.attendance",
    ),
    Case(
        "REV-HOST",
        R,
        lambda m: edit(m, "review.session", chair_id="m02"),
        "review.session.chair_id",
        ("m02",),
        na=lambda m: edit(m, "review", session=None),
    ),
    Case(
        "REV-RECORDER",
        R,
        lambda m: edit(m, "review.session", recorder_id=None),
        "review.session.recorder_id",
        na=lambda m: edit(m, "review", session=None),
    ),
    Case(
        "REV-BRANCH-REPORT",
        R,
        lambda m: edit(m, "review", branch_report=None),
        "review.branch_report",
    ),
    Case(
        "REV-PREV-RECTIFICATION",
        R,
        lambda m: edit(m, "review", previous_meeting_id="mt-2020"),
        "review.previous_rectification_report",
        passing=lambda m: edit(
            m,
            "review",
            previous_meeting_id="mt-2020",
            previous_rectification_report=mf.PreviousRectificationReport(
                presented_by="m01", item_ids=("r-2020-1",)
            ),
        ),
        na=lambda m: m,
    ),
    Case(
        "REV-SELF-EXAM-ALL",
        R,
        lambda m: without(m, "review", "self_examinations", lambda s: s.member_id != "m06"),
        "review.self_examinations",
        ("m06",),
    ),
    Case(
        "REV-ASPECTS-COVERED",
        R,
        lambda m: edit(m, "review.self_examinations[0]", aspects=("party_spirit",)),
        "review.self_examinations[0].aspects",
        ("m01",),
        na=lambda m: edit(m, "review", self_examinations=()),
    ),
    Case(
        "REV-SUPERIOR-PRESENT",
        R,
        lambda m: edit(m, "review.session", observer_ids=()),
        "review.session.observer_ids",
        na=lambda m: edit(m, "review", session=None),
    ),
    Case(
        "ATT-LEAVE-APPROVED",
        R,
        absent("m06", mf.Presence.ON_LEAVE),
        "review.leave_requests",
        ("m06",),
        passing=on_approved_leave("m06"),
        na=lambda m: m,
    ),
    Case(
        "ATT-LEAVE-WRITTEN",
        R,
        on_approved_leave("m06"),
        "preparation.materials",
        ("m06",),
        passing=lambda m: edit(
            on_approved_leave("m06")(m), "preparation.materials[6]", proxy_reader_id="m05"
        ),
        na=lambda m: m,
    ),
    Case(
        "ATT-UNEXCUSED",
        R,
        absent("m06"),
        "review.attendance",
        ("m06",),
        passing=on_approved_leave("m06"),
        na=lambda m: m,
    ),
    Case(
        "ATT-EXEMPT",
        R,
        lambda m: edit(m, "roster[6]", exemption=mf.Exemption(reason="长期病休")),
        "roster",
        ("m07",),
        passing=lambda m: edit(
            m, "roster[6]", exemption=mf.Exemption(reason="长期病休", contact_id="m05")
        ),
        na=lambda m: m,
    ),
    Case(
        "ROLE-DUAL-MEMBERSHIP",
        R,
        lambda m: edit(m, "roster[3]", dual_membership=False),
        "roster",
        ("m04",),
        na=no_cadre,
    ),
    Case(
        "ROLE-CADRE-AS-ORDINARY",
        R,
        lambda m: edit(m, "review.session", chair_id="m04"),
        "review.session.chair_id",
        ("m04",),
        na=no_cadre,
    ),
    Case(
        "ROLE-COMMITTEE-REQUIRED",
        R,
        lambda m: edit(edit(m, "roster[1]", roles=()), "roster[2]", roles=()),
        "roster",
    ),
    # --- critique ------------------------------------------------------------------------
    Case(
        "CRIT-ALL-SPEAK",
        C,
        lambda m: without(m, "critique", "statements", lambda s: s.member_id != "m07"),
        "critique.statements",
        ("m07",),
    ),
    Case(
        "CRIT-LEAD-ORDER",
        C,
        lambda m: edit(
            edit(m, "critique.statements[0]", order=5), "critique.statements[4]", order=1
        ),
        "critique.statements",
        ("m05",),
        na=lambda m: edit(m, "critique", statements=()),
    ),
    Case(
        "CRIT-RECEIVE-EACH",
        C,
        lambda m: without(m, "critique", "criticisms", lambda c: c.to_member != "m06"),
        "critique.criticisms",
        ("m06",),
    ),
    Case(
        "CRIT-GIVE-EACH",
        C,
        lambda m: without(m, "critique", "criticisms", lambda c: c.from_member != "m06"),
        "critique.criticisms",
        ("m06",),
    ),
    Case(
        "CRIT-SUBSTANTIVE",
        C,
        lambda m: edit(m, "critique.criticisms[4]", kind=mf.CriticismKind.PRAISE),
        "critique.criticisms[4]",
        ("m05", "m06"),
        na=lambda m: edit(m, "critique", criticisms=()),
    ),
    Case(
        "CRIT-CADRE-EQUAL",
        C,
        lambda m: without(m, "critique", "criticisms", lambda c: c.to_member != "m04"),
        "critique.criticisms",
        ("m04",),
        na=no_cadre,
    ),
    Case(
        "CRIT-RESPONSE",
        C,
        lambda m: without(m, "critique", "responses", lambda r: r.member_id != "m06"),
        "critique.responses",
        ("m06",),
        na=lambda m: edit(m, "critique", criticisms=()),
    ),
    Case(
        "CRIT-SUPERIOR-COMMENT",
        C,
        lambda m: edit(m, "critique", superior_comments=()),
        "critique.superior_comments",
        na=lambda m: edit(m, "review.session", observer_ids=()),
    ),
    Case(
        "CRIT-UNITY-ATTEST",
        C,
        lambda m: edit(m, "critique", unity_attestation=None),
        "critique.unity_attestation",
    ),
    # --- rectification ---------------------------------------------------------------
    Case(
        "RECT-LIST",
        X,
        lambda m: without(m, "rectification", "items", lambda i: i.owner_id != "m06"),
        "rectification.items",
        ("m06",),
    ),
    Case(
        "RECT-ITEM-FIELDS",
        X,
        lambda m: edit(m, "rectification.items[1]", measures=()),
        "rectification.items[1].measures",
        ("m01",),
        na=lambda m: edit(m, "rectification", items=()),
    ),
    Case(
        "RECT-TRACE",
        X,
        lambda m: without(m, "rectification", "items", lambda i: i.owner_id != "m06"),
        "preparation.problems[6]",
        ("m06",),
    ),
    Case(
        "RECT-COMMITMENT",
        X,
        lambda m: without(m, "rectification", "commitments", lambda c: c.member_id != "m02"),
        "rectification.commitments",
        ("m02",),
        na=lambda m: edit(
            edit(edit(m, "roster[0]", roles=()), "roster[1]", roles=()), "roster[2]", roles=()
        ),
    ),
    Case(
        "RECT-PLAN-TIMELY",
        X,
        lambda m: edit(m, "rectification.plan", issued_on=date(2021, 7, 10)),
        "rectification.plan.issued_on",
        na=lambda m: edit(m, "review", session=None),
    ),
    Case(
        "RECT-OVERDUE",
        X,
        lambda m: edit(m, "rectification.items[3]", closure=None),
        "rectification.items[3].due_on",
        ("m03",),
        na=lambda m: edit(m, "rectification", items=()),
    ),
    Case(
        "RECT-ESCALATE",
        X,
        lambda m: edit(m, "rectification.items[3]", closure=None, due_on=date(2021, 7, 31)),
        "rectification.items[3].escalations",
        ("m03",),
        passing=lambda m: edit(
            m,
            "rectification.items[3]",
            closure=None,
            due_on=date(2021, 7, 31),
            escalations=(mf.Escalation(to_org="mt-committee", on=date(2021, 8, 5)),),
        ),
        na=lambda m: m,
    ),
    Case(
        "RECT-EVIDENCE-CLOSE",
        X,
        lambda m: edit(m, "rectification.items[2].closure", verifier_id="m02"),
        "rectification.items[2].closure.verifier_id",
        ("m02",),
        na=lambda m: edit(
            m, "rectification", items=tuple(i.replace(closure=None) for i in m.rectification.items)
        ),
    ),
    Case(
        "RECT-PUBLICIZE", X, lambda m: edit(m, "closing", publications=()), "closing.publications"
    ),
    Case(
        "RECT-SUPERVISION",
        X,
        lambda m: edit(m, "rectification", supervision=()),
        "rectification.supervision",
    ),
    Case(
        "ATT-MAKEUP",
        X,
        lambda m: m,
        "rectification.makeups",
        ("m04",),
        flawed=True,
        passing=lambda m: edit(
            m, "rectification", makeups=(mf.Makeup(member_id="m04", on=date(2021, 7, 1)),)
        ),
        na=lambda m: m,
    ),
    # --- closing ------------------------------------------------------------------------
    Case("CLOSE-REPORT", X, lambda m: edit(m, "closing", report=None), "closing.report"),
    Case(
        "CLOSE-MINUTES",
        X,
        lambda m: edit(m, "closing.minutes", present_full=3),
        "closing.minutes.present_full",
    ),
    Case("CLOSE-ARCHIVE", X, lambda m: edit(m, "closing", archive=()), "closing.archive"),
    Case(
        "CLOSE-NO-OPEN-ITEMS",
        X,
        lambda m: edit(m, "rectification.items[3]", closure=None),
        "rectification.items[3]",
        ("m03",),
    ),
]


def _base(case: Case) -> mf.Meeting:
    return testing.example(case.stage, flawed=case.flawed)


@pytest.mark.parametrize("case", CASES, ids=[c.rule_id for c in CASES])
def test_rule_passes(case: Case) -> None:
    m = _base(case)
    m = case.passing(m) if case.passing else m
    testing.assert_passes(
        case.rule_id, m, at=testing.example_at(case.stage), settings=case.settings
    )


@pytest.mark.parametrize("case", CASES, ids=[c.rule_id for c in CASES])
def test_rule_fails_naming_path_and_members(case: Case) -> None:
    m = case.fail(_base(case))
    found = testing.assert_fails(
        case.rule_id,
        m,
        at=testing.example_at(case.stage),
        path=case.path,
        members=case.members,
        settings=case.settings,
    )
    for f in found:
        assert f.message.zh and f.message.en and "{" not in f.message.zh + f.message.en
        for member in f.members:
            assert member in f.message.zh and member in f.message.en


@pytest.mark.parametrize("case", [c for c in CASES if c.na], ids=[c.rule_id for c in CASES if c.na])
def test_rule_not_applicable(case: Case) -> None:
    assert case.na is not None
    m = case.na(_base(case)) if not case.flawed else testing.example(case.stage)
    testing.assert_not_applicable(case.rule_id, m, at=testing.example_at(case.stage))


def test_every_rule_has_a_case_both_languages_a_basis_and_a_stage(flow: mf.Flow) -> None:
    cased = {c.rule_id for c in CASES} | {"HIER-REDO"}
    assert {r.id for r in flow.rules} == cased
    for r in flow.rules:
        for text in (r.title, r.message, r.hint):
            assert text.zh.strip() and text.en.strip(), r.id
        assert r.basis.strip(), r.id
        assert r.stage in flow.stage_names, r.id
        assert (r.check.__doc__ or "").strip(), f"{r.id} has no docstring saying why"


def test_every_rule_id_is_named_in_the_tests(flow: mf.Flow) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    named = set(re.findall(r'"([A-Z]+(?:-[A-Z0-9]+)+)"', text))
    missing = sorted(r.id for r in flow.rules if r.id not in named)
    assert not missing


def test_catalogue_ids_match_rules_md_where_implemented(flow: mf.Flow) -> None:
    catalogue_style = re.compile(r"^(PREP|REV|CRIT|RECT|CLOSE|ATT|ROLE|HIER)-[A-Z0-9-]+$")
    assert all(catalogue_style.match(r.id) for r in flow.rules)


def test_every_rule_with_a_precondition_has_a_not_applicable_case(flow: mf.Flow) -> None:
    with_na = {c.rule_id for c in CASES if c.na is not None} | {"HIER-REDO"}
    for r in flow.rules:
        if "ctx.not_applicable()" in inspect.getsource(r.check):
            assert r.id in with_na, f"{r.id} can be not applicable but no test shows it"
