"""Tools for hosts to unit-test their own rules and flows (and for meetingflow's own tests).

>>> from meetingflow import testing
>>> m = testing.example("preparation")
>>> testing.assert_fails("PREP-PLAN", testing.edit(m, "preparation.plan", venue=""),
...                      at=testing.example_at("preparation"), path="preparation.plan.venue")
... # doctest: +ELLIPSIS
(Finding(rule_id='PREP-PLAN', ...),)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from meetingflow import examples
from meetingflow import records as r
from meetingflow.errors import InvalidArgument
from meetingflow.flow import Flow
from meetingflow.lifecycle import default_flow
from meetingflow.records import Meeting
from meetingflow.rules._core import Finding, Outcome, Rule, RuleContext, run_rule
from meetingflow.rules.pack import RulePack
from meetingflow.rules.settings import RuleSettings

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def example(stage: str = "preparation", *, flawed: bool = False) -> Meeting:
    """The built-in example meeting in ``stage``, with that stage's data recorded."""
    return examples.meeting_at(stage, flawed=flawed)


def example_at(stage: str) -> datetime:
    """A check time that suits :func:`example` in ``stage``."""
    return examples.at_of(stage)


def edit(meeting: Meeting, path: str, **changes: Any) -> Meeting:
    """A validated copy of ``meeting`` with fields of the record at ``path`` changed.

    ``edit(m, "preparation.plan", venue="")`` or ``edit(m, "rectification.items[2]",
    closure=None)``; with an empty path the meeting itself is changed. Seals are ignored on
    purpose: this builds test fixtures, it is not how a host records what happened.
    """
    steps = [(name, int(i) if i else None) for name, i in _STEP.findall(path)]
    result = _edit(meeting, steps, changes)
    assert isinstance(result, Meeting)
    return result


def _edit(node: Any, steps: list[tuple[str, int | None]], changes: dict[str, Any]) -> Any:
    if not steps:
        if not isinstance(node, BaseModel):
            raise InvalidArgument(f"cannot change fields of {type(node).__name__}")
        return node.replace(**changes)  # type: ignore[attr-defined]
    (name, index), rest = steps[0], steps[1:]
    if index is not None:
        items = list(node)
        items[index] = _edit(items[index], rest, changes)
        return tuple(items)
    child = getattr(node, name)
    if child is None:
        raise InvalidArgument(f"{name} is empty; set it before editing inside it")
    return node.replace(**{name: _edit(child, rest, changes)})


def _rule(rule: Rule | str, flow: Flow | None) -> Rule:
    if isinstance(rule, Rule):
        return rule
    return (flow or default_flow()).pack.get(rule)


def evaluate(
    rule: Rule | str,
    meeting: Meeting,
    *,
    at: datetime,
    settings: RuleSettings | dict[str, Any] | None = None,
    flow: Flow | None = None,
) -> Outcome:
    """Run one rule (a :class:`Rule` or the ID of a rule in ``flow``) on one meeting."""
    r = _rule(rule, flow)
    if isinstance(settings, dict):
        settings = RuleSettings.model_validate(settings)
    ctx = RuleContext(
        rule=r,
        settings=settings or (flow.settings if flow else RuleSettings()),
        at=at,
        members={m.id: m for m in meeting.roster},
    )
    return run_rule(r, meeting, ctx)


def assert_passes(rule: Rule | str, meeting: Meeting, *, at: datetime, **kw: Any) -> None:
    """Fail unless the rule applies and finds nothing."""
    out = evaluate(rule, meeting, at=at, **kw)
    assert out.applicable, f"{out.rule.id} was not applicable"
    assert not out.findings, f"{out.rule.id} found: " + "; ".join(
        f"{f.path}: {f.message.en}" for f in out.findings
    )


def assert_not_applicable(rule: Rule | str, meeting: Meeting, *, at: datetime, **kw: Any) -> None:
    """Fail unless the rule's precondition does not hold."""
    out = evaluate(rule, meeting, at=at, **kw)
    assert not out.applicable, f"{out.rule.id} applied and found {len(out.findings)} finding(s)"


def assert_fails(
    rule: Rule | str,
    meeting: Meeting,
    *,
    at: datetime,
    path: str | None = None,
    members: Iterable[str] | None = None,
    **kw: Any,
) -> tuple[Finding, ...]:
    """Fail unless the rule finds something; with ``path``/``members``, a finding matching both."""
    out = evaluate(rule, meeting, at=at, **kw)
    assert out.findings, f"{out.rule.id} found nothing"
    wanted = set(members) if members is not None else None
    matching = [
        f
        for f in out.findings
        if (path is None or f.path == path) and (wanted is None or set(f.members) == wanted)
    ]
    assert matching, (
        f"{out.rule.id} found nothing at {path!r} for {wanted}; it found: "
        + "; ".join(f"{f.path} {list(f.members)}" for f in out.findings)
    )
    return tuple(matching)


def synthetic(members: int = 30, stage: str = "rectification") -> Meeting:
    """A compliant meeting of any size in ``stage``, for load tests and benchmarks.

    Everything grows linearly with ``members``: talks (the secretary with each member, each
    member with the next), problems, materials, self-examinations, criticisms (a ring),
    responses and rectification items. Stages are fired through a rule-less copy of the
    default flow, so the history and seals are real.
    """
    if members < 6:
        raise InvalidArgument("synthetic meetings need at least 6 members")
    if stage not in ("preparation", "review", "critique", "rectification", "closed"):
        raise InvalidArgument(f"no stage {stage!r} in the default flow")
    ids = [f"m{i:04d}" for i in range(1, members + 1)]
    leaders = ids[:4]
    roster = [
        r.Member(id=ids[0], name="书记", roles=(r.Role.SECRETARY,)),
        *(r.Member(id=i, name=f"支委{i}", roles=(r.Role.COMMITTEE_MEMBER,)) for i in ids[1:3]),
        r.Member(id=ids[3], name="领导干部", roles=(r.Role.LEADING_CADRE,), dual_membership=True),
        *(r.Member(id=i, name=f"党员{i}") for i in ids[4:]),
    ]
    base = examples.new_meeting().replace(roster=tuple(roster))
    aspects = base.campaign.aspects
    day = date(2021, 6, 1)
    sitting = date(2021, 6, 25)
    src = examples.meeting_at("rectification")  # notice, plan, opinions, closing templates

    materials = [r.Material(id="mat-c", submitted_on=day.replace(day=17), aspects=aspects)]
    materials += [
        r.Material(
            id=f"mat-{i}",
            author_id=i,
            submitted_on=day.replace(day=17),
            aspects=aspects,
            kind=r.MaterialKind.INSPECTION_MATERIAL
            if i in leaders
            else r.MaterialKind.SPEECH_OUTLINE,
        )
        for i in ids
    ]
    prep_data: list[r.Record] = [
        *(x for x in (src.preparation.notice, src.preparation.plan) if x is not None),
        *(r.Notification(member_id=i, notified_on=day.replace(day=8)) for i in ids),
        r.StudySession(id="study", held_on=day.replace(day=10), hours=4, attendee_ids=tuple(ids)),
        *src.preparation.opinions[:2],
        *(r.Talk(person_a=ids[0], person_b=i, held_on=day.replace(day=11)) for i in ids[1:]),
        *(
            r.Talk(person_a=a, person_b=b, held_on=day.replace(day=12))
            for a, b in zip(ids[1:], [*ids[2:], ids[1]], strict=True)
        ),
        r.Problem(
            id="p-branch",
            scope=r.ProblemScope.BRANCH,
            description="支部问题",
            root_cause="制度缺失",
        ),
        *(
            r.Problem(id=f"p-{i}", owner_id=i, description=f"{i} 的问题", root_cause="宗旨意识淡化")
            for i in ids
        ),
        *materials,
        *(
            r.MaterialReview(
                material_id=x.id,
                reviewer_id="s01" if x.author_id in (None, ids[0], ids[3]) else ids[0],
                reviewed_on=day.replace(day=20),
            )
            for x in materials
        ),
        r.SpotCheck(by_id="s01", on=day.replace(day=16)),
        r.CommitteeSession(held_on=day.replace(day=18), findings_reported=True),
        r.Session(held_on=sitting, chair_id=ids[0], recorder_id=ids[2], observer_ids=("s01",)),
        *(r.Attendance(member_id=i) for i in ids),
    ]
    order = [*leaders, *ids[4:]]
    review_data: list[r.Record] = [
        r.BranchReport(presented_by=ids[0]),
        *(r.SelfExamination(member_id=i, order=n, aspects=aspects) for n, i in enumerate(order, 1)),
    ]
    critique_data: list[r.Record] = [
        *(r.Statement(member_id=i, order=n) for n, i in enumerate(order, 1)),
        *(
            r.Criticism(from_member=a, to_member=b, text=f"{b} 调研走访次数少，服务群众不主动")
            for a, b in zip(order, [*order[1:], order[0]], strict=True)
        ),
        *(r.Response(member_id=i, text="诚恳接受") for i in ids),
        r.SuperiorComment(by_id="s01", text="查摆问题具体"),
        r.UnityAttestation(by_id="s01", on=sitting),
    ]
    closed_on = date(2021, 8, 10)
    full = sum(1 for x in roster if x.status is r.MemberStatus.FULL)
    minutes = src.closing.minutes
    assert minutes is not None and src.closing.report is not None
    rect_data: list[r.Record] = [
        r.RectificationPlan(issued_on=date(2021, 6, 28)),
        r.RectificationItem(
            id="r-branch",
            problem_id="p-branch",
            scope=r.ProblemScope.BRANCH,
            owner_id=ids[0],
            description="支部问题",
            root_cause="制度缺失",
            measures=("建立调研制度",),
            due_on=date(2021, 8, 15),
            closure=r.Closure(evidence_ref="e/branch", verifier_id="s01", verified_on=closed_on),
        ),
        *(
            r.RectificationItem(
                id=f"r-{i}",
                problem_id=f"p-{i}",
                owner_id=i,
                description="服务群众不主动",
                root_cause="宗旨意识淡化",
                measures=("每月走访群众",),
                due_on=date(2021, 8, 15),
                closure=r.Closure(
                    evidence_ref=f"e/{i}",
                    verifier_id="s01" if i == ids[0] else ids[0],
                    verified_on=closed_on,
                ),
            )
            for i in ids
        ),
        *(
            r.Commitment(member_id=i, made_on=date(2021, 6, 28), text="定一条、做一条")
            for i in ids[:3]
        ),
        r.SupervisionEvent(by_id="s01", on=date(2021, 7, 20)),
        r.Publication(scope="全体职工", on=date(2021, 7, 1)),
        minutes.replace(
            chair_id=ids[0],
            recorder_id=ids[2],
            expected_full=full,
            expected_probationary=members - full,
            present_full=full,
            present_probationary=members - full,
            absentees=(),
            speech_summaries=tuple(r.SpeechSummary(member_id=i, summary="发言") for i in ids),
        ),
        src.closing.report,
        *src.closing.archive,
    ]
    flow = default_flow(pack=RulePack("none"))
    m = base
    plan = [
        (prep_data, "start_review", ids[0]),
        (review_data, "start_critique", ids[0]),
        (critique_data, "start_rectification", ids[0]),
        (rect_data, "close", "s01"),
    ]
    for data, trigger, actor in plan:
        m = m.record(*data)
        if m.stage == stage:
            return m
        at = examples.at_of(m.stage)
        m = flow.fire(m, trigger, actor=actor, at=at)
    return m
