"""Rectification (会后整改, catalogue §2.4): the list, its items, commitments, closure, supervision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from meetingflow.catalogue.closure import rect_escalate, rect_evidence_close, rect_overdue
from meetingflow.i18n import Text
from meetingflow.records.terms import CriticismKind, ProblemScope, PublicationContent
from meetingflow.rules.facts import (
    committee,
    expected,
    has_committee,
    is_superior,
    sitting_date,
)
from meetingflow.rules.rule import Severity, rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules.context import RuleContext

STAGE = "rectification"


@rule(
    "RECT-LIST",
    stage=STAGE,
    title=Text("整改清单", "Rectification list"),
    messages={
        "branch": Text(
            "没有支部（班子）的整改事项。", "The branch (committee) has no rectification item."
        ),
        "members": Text("{who} 没有个人整改事项。", "No personal rectification item: {who}."),
        "not_consolidated": Text(
            "整改清单尚未汇总报送上级。",
            "The lists have not been consolidated and submitted to the superior.",
        ),
        "wrong_org": Text(
            "汇总的整改清单报送给 {to}，而不是上级组织 {parent}。",
            "The consolidated list went to {to}, not to the superior {parent}.",
        ),
    },
    hint=Text(
        "会后形成支部整改清单和每名党员的个人整改清单，汇总后报送上级党组织。",
        "After the sitting, make a branch list and a list per member, consolidate them and submit them to the superior.",
    ),
    basis="组织生活会流程（党员完成个人整改问题清单，支部完成清单汇总）",
)
def rect_list(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Without a list per person, rectification belongs to nobody."""
    items = m.rectification.items
    if not any(i.scope is ProblemScope.BRANCH for i in items):
        yield ctx.finding("rectification.items", "branch")
    owners = {i.owner_id for i in items if i.scope is ProblemScope.MEMBER}
    missing = [x.id for x in expected(m) if x.id not in owners]
    if missing:
        yield ctx.finding("rectification.items", "members", members=missing)
    lst = m.rectification.consolidated_list
    if lst is None or lst.submitted_on is None:
        yield ctx.finding("rectification.consolidated_list", "not_consolidated")
    elif m.organization.parent_id is not None and lst.submitted_to != m.organization.parent_id:
        yield ctx.finding(
            "rectification.consolidated_list.submitted_to",
            "wrong_org",
            to=lst.submitted_to,
            parent=m.organization.parent_id,
            subjects={"organization": [lst.submitted_to]},
        )


@rule(
    "RECT-ITEM-FIELDS",
    stage=STAGE,
    title=Text("整改事项要素", "Rectification item fields"),
    messages={
        "root_cause": Text(
            "整改事项 {item} 没有写明根源。", "Rectification item {item} names no root cause."
        ),
        "measures": Text(
            "整改事项 {item} 没有整改措施。", "Rectification item {item} has no measure."
        ),
    },
    hint=Text(
        "每个事项写明问题、根源、至少一条措施、责任人和时限。",
        "Each item names the problem, its root cause, at least one measure, an owner and a deadline.",
    ),
    basis="组织生活会制度（明确整改事项和具体措施）；先进性教育工作方案（列出整改时间表、落实具体责任人）",
)
def rect_item_fields(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """An item without a cause or a measure can be neither carried out nor verified."""
    if not m.rectification.items:
        ctx.not_applicable()
    for i, it in enumerate(m.rectification.items):
        common: dict[str, Any] = {
            "members": [it.owner_id],
            "item": it.id,
            "subjects": {"item": [it.id]},
        }
        if not it.root_cause.strip():
            yield ctx.finding(f"rectification.items[{i}].root_cause", "root_cause", **common)
        if not it.measures:
            yield ctx.finding(f"rectification.items[{i}].measures", "measures", **common)


@rule(
    "RECT-TRACE",
    stage=STAGE,
    gate="none",
    severity=Severity.WARNING,
    paths=("rectification", "preparation.problems", "critique.criticisms"),
    title=Text("问题可追溯到整改", "Problems trace to items"),
    messages={
        "problem": Text(
            "问题 {problem} 没有对应的整改事项或处理说明。",
            "Problem {problem} has no rectification item or disposition.",
        ),
        "criticism": Text(
            "{who} 接受的批评 {criticism} 没有对应的整改事项或处理说明。",
            "The criticism {criticism} accepted by {who} has no rectification item or disposition.",
        ),
    },
    hint=Text(
        "每个查摆出的问题和每条被接受的批评都由一个整改事项注明所针对的问题或批评，或说明合并、不予整改的理由。",
        "Have an item name each problem and each accepted criticism it answers, or record why"
        " one was merged into another item or rejected.",
    ),
    basis="组织生活会规定（针对提出的问题，认真制定整改措施）；inference",
)
def rect_trace(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """What was found and neither fixed nor explained is what "held and forgotten" looks like.

    By id: a problem is traced by an item with its ``problem_id`` or a disposition; an
    accepted problem criticism of the current sitting by an item with its ``criticism_id``
    or a disposition.
    """
    rect = m.rectification
    problems = {it.problem_id for it in rect.items} | {d.problem_id for d in rect.dispositions}
    criticisms = {it.criticism_id for it in rect.items} | {
        d.criticism_id for d in rect.dispositions
    }
    for i, p in enumerate(m.preparation.problems):
        if p.id not in problems:
            yield ctx.finding(
                f"preparation.problems[{i}]",
                "problem",
                members=[p.owner_id] if p.owner_id else [],
                problem=p.id,
                subjects={"problem": [p.id]},
            )
    for i, c in enumerate(m.critique.criticisms):
        if c.kind is CriticismKind.PROBLEM and c.accepted and c.id not in criticisms:
            yield ctx.finding(
                f"critique.criticisms[{i}]",
                "criticism",
                members=[c.to_member],
                criticism=c.id,
                subjects={"criticism": [c.id]},
            )


@rule(
    "RECT-COMMITMENT",
    stage=STAGE,
    title=Text("整改承诺", "Rectification commitments"),
    messages={
        "missing": Text("{who} 未作出整改承诺。", "No rectification commitment from: {who}.")
    },
    hint=Text(
        "支委（活动要求全体党员的，则全体党员）作出整改承诺并记录。",
        "Committee members (all members, if the campaign says so) make a commitment; record it.",
    ),
    basis="组织生活会制度（班子成员要作出整改承诺）；区委组织生活会报道（作出整改承诺）",
    reads=("commitments_from",),
)
def rect_commitment(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A public commitment is what members are later held to (a commitment record or one per item).

    Asked of the committee (N/A when the branch has none, clarification 1), or of every member
    when the campaign says so.
    """
    if ctx.settings.commitments_from == "all_members":
        who = expected(m)
    elif has_committee(m):
        who = [x for x in committee(m) if x.exemption is None]
    else:
        ctx.not_applicable()
    if not who:
        ctx.not_applicable()
    made = {c.member_id for c in m.rectification.commitments}
    made |= {it.owner_id for it in m.rectification.items if it.commitment.strip()}
    missing = [x.id for x in who if x.id not in made]
    if missing:
        yield ctx.finding("rectification.commitments", "missing", members=missing)


@rule(
    "RECT-PLAN-TIMELY",
    stage=STAGE,
    gate="none",
    severity=Severity.WARNING,
    title=Text("及时制定整改方案", "Timely rectification plan"),
    messages={
        "late": Text(
            "整改方案未在会后 {days} 天内制定（会议日期 {held}）。",
            "The rectification plan was not issued within {days} {days:day|days} of the sitting ({held}).",
        ),
        "early": Text(
            "整改方案（{issued}）早于会议（{held}）。",
            "The rectification plan ({issued}) is dated before the sitting ({held}).",
        ),
    },
    hint=Text("会后及时制定整改方案。", "Issue the rectification plan promptly after the sitting."),
    basis="《中国共产党支部工作条例（试行）》第十七条（会后制定整改措施）；the number of days is an inference",
    reads=("rect_plan_within_days",),
)
def rect_plan_timely(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The clock starts at the sitting that ended the critique; after a redo, the new one (clarification 9)."""
    held = sitting_date(m)
    if held is None:
        ctx.not_applicable()
    n = ctx.settings.rect_plan_within_days
    plan = m.rectification.plan
    if plan is not None:
        if plan.issued_on < held:
            yield ctx.finding(
                "rectification.plan.issued_on", "early", issued=plan.issued_on, held=held
            )
        elif (plan.issued_on - held).days > n:
            yield ctx.finding(
                "rectification.plan.issued_on", "late", days=n, held=held, repairable=False
            )
    elif (ctx.today - held).days > n:
        yield ctx.finding("rectification.plan", "late", days=n, held=held, repairable=False)


@rule(
    "RECT-PUBLICIZE",
    stage=STAGE,
    gate="none",
    severity=Severity.WARNING,
    paths=("closing.publications",),
    title=Text("整改公示", "Rectification published"),
    messages={
        "missing": Text(
            "整改{what}尚未在一定范围内公示。", "The rectification's {what} has not been published."
        )
    },
    hint=Text(
        "在一定范围内公示整改清单及其完成情况，记录范围和日期。",
        "Publish the list and its completion within a defined scope; record scope and date.",
    ),
    basis="组织生活会制度（整改内容和完成情况要在一定范围公示）",
)
def rect_publicize(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Publication lets the people affected hold the branch to its list (content and completion)."""
    published = {p.content for p in m.closing.publications}
    if PublicationContent.LIST not in published:
        yield ctx.finding("closing.publications", "missing", what=Text("清单", "list"))
    if PublicationContent.COMPLETION not in published:
        yield ctx.finding("closing.publications", "missing", what=Text("完成情况", "completion"))


@rule(
    "RECT-SUPERVISION",
    stage=STAGE,
    gate="none",
    severity=Severity.WARNING,
    title=Text("上级督导", "Superior supervision"),
    messages={
        "missing": Text(
            "整改期间没有上级代表的督导记录。",
            "No supervision by a representative of the superior during rectification.",
        )
    },
    hint=Text(
        "上级代表在整改期间至少督导一次，并由本人记录。",
        "A representative of the superior supervises at least once during rectification and records it.",
    ),
    basis="source document（持续督导，见真章、见实效）",
)
def rect_supervision(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Supervision until real results (见真章、见实效): by the superior, after the sitting."""
    held = sitting_date(m)
    if not any(
        is_superior(m, s.by_id) and (held is None or s.on >= held)
        for s in m.rectification.supervision
    ):
        yield ctx.finding("rectification.supervision", "missing")


RULES = (
    rect_list,
    rect_item_fields,
    rect_trace,
    rect_commitment,
    rect_plan_timely,
    rect_overdue,
    rect_escalate,
    rect_evidence_close,
    rect_publicize,
    rect_supervision,
)
