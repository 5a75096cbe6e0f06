"""Rectification rules (会后整改, RULES.md §2.4), make-up sessions and redo orders."""

from __future__ import annotations

from collections.abc import Iterator

from meetingflow.records import (
    CriticismKind,
    Meeting,
    Presence,
    ProblemScope,
)
from meetingflow.rules._core import Finding, RuleContext, Severity, rule
from meetingflow.rules.builtin._helpers import committee, expected, presence, secretary

_X = "rectification"


@rule(
    "RECT-LIST",
    stage=_X,
    title={"zh": "整改清单", "en": "Rectification list"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "会后形成支部整改清单和每名党员的个人整改清单并汇总上报。",
        "en": "After the meeting, make a branch list and a list per member, and consolidate"
        " them for the superior.",
    },
    basis="common practice (党员完成个人整改问题清单，支部完成清单汇总)",
)
def rect_list(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Without a list per person, rectification belongs to nobody."""
    items = m.rectification.items
    if not any(i.scope is ProblemScope.BRANCH for i in items):
        yield ctx.finding(
            "rectification.items",
            problem_zh="没有支部（班子）整改事项。",
            problem_en="The branch (committee) has no rectification item.",
        )
    owners = {i.owner_id for i in items if i.scope is ProblemScope.MEMBER}
    missing = [x.id for x in expected(m) if x.id not in owners]
    if missing:
        yield ctx.finding(
            "rectification.items",
            members=missing,
            problem_zh=f"{ctx.names(missing)} 没有个人整改事项。",
            problem_en=f"No personal rectification item: {ctx.names(missing)}.",
        )


@rule(
    "RECT-ITEM-FIELDS",
    stage=_X,
    title={"zh": "整改事项要素", "en": "Rectification item fields"},
    message={
        "zh": "整改事项 {item} 缺少{field_zh}。",
        "en": "Rectification item {item} lacks {field_en}.",
    },
    hint={
        "zh": "每个事项写明问题、根源、至少一条措施、责任人和时限。",
        "en": "Each item names the problem, its root cause, at least one measure, an owner"
        " and a deadline.",
    },
    basis="common practice (明确整改事项和具体措施、时间表、责任人); source document",
)
def rect_item_fields(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """An item without cause or measure cannot be carried out or verified."""
    if not m.rectification.items:
        ctx.not_applicable()
    for i, it in enumerate(m.rectification.items):
        if not it.root_cause.strip():
            yield ctx.finding(
                f"rectification.items[{i}].root_cause",
                members=[it.owner_id],
                item=it.id,
                field_zh="根源分析",
                field_en="a root cause",
            )
        if not any(x.strip() for x in it.measures):
            yield ctx.finding(
                f"rectification.items[{i}].measures",
                members=[it.owner_id],
                item=it.id,
                field_zh="整改措施",
                field_en="a measure",
            )


@rule(
    "RECT-TRACE",
    stage=_X,
    severity=Severity.WARNING,
    title={"zh": "问题可追溯到整改", "en": "Problems trace to items"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "每个查摆出的问题和被接受的批评都要对应整改事项，或说明合并/不予整改的理由。",
        "en": "Map every recorded problem and accepted criticism to an item, or record why it"
        " was merged or rejected.",
    },
    basis="common practice (针对提出的问题，认真制定整改措施); inference",
)
def rect_trace(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """What was found and not fixed or explained is what 'held and forgotten' looks like.

    An accepted criticism counts as traced when its receiver owns at least one item.
    """
    linked = {it.problem_id for it in m.rectification.items if it.problem_id}
    linked |= {d.problem_id for d in m.rectification.dispositions}
    for i, p in enumerate(m.preparation.problems):
        if p.id not in linked:
            yield ctx.finding(
                f"preparation.problems[{i}]",
                members=[p.owner_id] if p.owner_id else [],
                problem_zh=f"问题 {p.id} 没有对应的整改事项或处理说明。",
                problem_en=f"Problem {p.id} has no rectification item or disposition.",
            )
    owners = {it.owner_id for it in m.rectification.items}
    untraced = list(
        dict.fromkeys(
            c.to_member
            for c in m.critique.criticisms
            if c.kind is CriticismKind.PROBLEM and c.accepted and c.to_member not in owners
        )
    )
    if untraced:
        yield ctx.finding(
            "critique.criticisms",
            members=untraced,
            problem_zh=f"{ctx.names(untraced)} 接受了批评，但没有相应的整改事项。",
            problem_en=f"Accepted criticism but own no rectification item: {ctx.names(untraced)}.",
        )


@rule(
    "RECT-COMMITMENT",
    stage=_X,
    title={"zh": "整改承诺", "en": "Rectification commitments"},
    message={"zh": "{who} 未作出整改承诺。", "en": "No rectification commitment from: {who}."},
    hint={
        "zh": "支委（按活动要求为全体党员）作出整改承诺并记录。",
        "en": "Committee members (all members, if the campaign says so) make a commitment;"
        " record it.",
    },
    basis="common practice (班子成员要作出整改承诺); source document",
    reads=("commitments_from",),
)
def rect_commitment(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A public commitment is what members are later held to."""
    who = (
        expected(m)
        if ctx.settings.commitments_from == "all_members"
        else [x for x in committee(m) if x.exemption is None]
    )
    if not who:
        ctx.not_applicable()
    made = {c.member_id for c in m.rectification.commitments}
    missing = [x.id for x in who if x.id not in made]
    if missing:
        yield ctx.finding("rectification.commitments", members=missing)


@rule(
    "RECT-PLAN-TIMELY",
    stage=_X,
    severity=Severity.WARNING,
    title={"zh": "及时制定整改方案", "en": "Timely rectification plan"},
    message={
        "zh": "整改方案未在会后 {days} 天内制定（会议日期 {held}）。",
        "en": "The rectification plan was not issued within {days} days of the sitting ({held}).",
    },
    hint={"zh": "会后及时制定整改方案。", "en": "Issue the rectification plan promptly."},
    basis="《中国共产党支部工作条例（试行）》第十七条（会后制定整改措施）; the number is an inference",
    reads=("rect_plan_within_days",),
)
def rect_plan_timely(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The clock starts at the sitting that ended the critique (after a redo, the new one)."""
    s = m.review.session
    if s is None:
        ctx.not_applicable()
    n = ctx.settings.rect_plan_within_days
    plan = m.rectification.plan
    if plan is not None:
        if (plan.issued_on - s.held_on).days > n:
            yield ctx.finding(
                "rectification.plan.issued_on", days=n, held=s.held_on, repairable=False
            )
    elif (ctx.today - s.held_on).days > n:
        yield ctx.finding("rectification.plan", days=n, held=s.held_on)


@rule(
    "RECT-OVERDUE",
    stage=_X,
    title={"zh": "整改逾期", "en": "Overdue items"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "督促责任人尽快完成并销号；确需长期坚持的，报上级批准为长期事项。",
        "en": "Have the owner finish and close the item; if it needs long-term work, have the"
        " superior approve it as long-term.",
    },
    basis="common practice (确保如期销号)",
)
def rect_overdue(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Deadlines are what make a rectification plan more than a wish list."""
    if not m.rectification.items:
        ctx.not_applicable()
    for i, it in enumerate(m.rectification.items):
        if it.overdue_on(ctx.today):
            days = (ctx.today - it.due_on).days
            yield ctx.finding(
                f"rectification.items[{i}].due_on",
                members=[it.owner_id],
                problem_zh=f"整改事项 {it.id}（责任人 {ctx.name(it.owner_id)}）已逾期 {days} 天。",
                problem_en=f"Item {it.id} (owner {ctx.name(it.owner_id)}) is {days} days overdue.",
            )
        elif it.closure is not None and it.closure.verified_on > it.due_on:
            yield ctx.finding(
                f"rectification.items[{i}].closure.verified_on",
                members=[it.owner_id],
                repairable=False,
                problem_zh=f"整改事项 {it.id} 逾期后才销号（{it.closure.verified_on}，时限"
                f" {it.due_on}）。",
                problem_en=f"Item {it.id} was closed late ({it.closure.verified_on}, due"
                f" {it.due_on}).",
            )


@rule(
    "RECT-ESCALATE",
    stage=_X,
    severity=Severity.WARNING,
    title={"zh": "逾期督办", "en": "Escalation of overdue items"},
    message={
        "zh": "整改事项 {item} 逾期超过 {days} 天，未报上级督办。",
        "en": "Item {item} is more than {days} days overdue and was not escalated to the superior.",
    },
    hint={
        "zh": "将长期逾期的事项报上级党组织督办并记录。",
        "en": "Escalate the long-overdue item to the superior and record it.",
    },
    basis="source document（督导）; common practice of remediation tracking",
    reads=("escalate_after_days",),
)
def rect_escalate(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """An item the branch cannot move on its own needs the superior's weight."""
    k = ctx.settings.escalate_after_days
    late = [
        (i, it)
        for i, it in enumerate(m.rectification.items)
        if it.overdue_on(ctx.today) and (ctx.today - it.due_on).days > k
    ]
    if not late:
        ctx.not_applicable()
    for i, it in late:
        if not any(e.on > it.due_on for e in it.escalations):
            yield ctx.finding(
                f"rectification.items[{i}].escalations", members=[it.owner_id], item=it.id, days=k
            )


@rule(
    "RECT-EVIDENCE-CLOSE",
    stage=_X,
    title={"zh": "对单销号", "en": "Closure with evidence"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "销号须有佐证材料和核验人：党员事项由书记核验；书记本人和支部事项由上级核验；核验人不能是责任人。",
        "en": "Closing needs evidence and a verifier: the secretary verifies members' items; the"
        " superior verifies the secretary's and the branch's; never the owner.",
    },
    basis="common practice (对单销号；复查销号); verifier split is an inference",
)
def rect_evidence_close(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Nobody closes his or her own item; the level above checks it."""
    closed = [(i, it) for i, it in enumerate(m.rectification.items) if it.closure is not None]
    if not closed:
        ctx.not_applicable()
    sec = secretary(m)
    for i, it in closed:
        assert it.closure is not None
        verifier = it.closure.verifier_id
        path = f"rectification.items[{i}].closure.verifier_id"
        superior_needed = it.scope is ProblemScope.BRANCH or (
            sec is not None and it.owner_id == sec.id
        )
        if verifier == it.owner_id:
            yield ctx.finding(
                path,
                members=[it.owner_id],
                problem_zh=f"整改事项 {it.id} 由责任人本人核验销号。",
                problem_en=f"Item {it.id} was verified by its own owner.",
            )
        elif m.supervisor(verifier) is None and (
            superior_needed or sec is None or verifier != sec.id
        ):
            who_zh = "上级党组织" if superior_needed else "支部书记或上级"
            who_en = "the superior" if superior_needed else "the secretary or the superior"
            yield ctx.finding(
                path,
                members=[it.owner_id],
                problem_zh=f"整改事项 {it.id} 应由{who_zh}核验，实际核验人为 {ctx.name(verifier)}。",
                problem_en=f"Item {it.id} must be verified by {who_en}, not {ctx.name(verifier)}.",
            )


@rule(
    "RECT-PUBLICIZE",
    stage=_X,
    severity=Severity.WARNING,
    title={"zh": "整改公示", "en": "Rectification published"},
    message={
        "zh": "整改内容和完成情况未在一定范围内公示。",
        "en": "The rectification content and its completion have not been published.",
    },
    hint={
        "zh": "在一定范围内公示整改清单及完成情况，并记录范围和日期。",
        "en": "Publish the list and its completion within a defined scope; record scope and date.",
    },
    basis="common practice (整改内容和完成情况要在一定范围公示)",
)
def rect_publicize(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Publication lets the people affected hold the branch to its list."""
    if not m.closing.publications:
        yield ctx.finding("closing.publications")


@rule(
    "RECT-SUPERVISION",
    stage=_X,
    severity=Severity.WARNING,
    title={"zh": "上级督导", "en": "Superior supervision"},
    message={
        "zh": "整改期间上级党组织没有督导记录。",
        "en": "The superior has recorded no supervision during rectification.",
    },
    hint={
        "zh": "上级在整改期间至少督导一次并记录。",
        "en": "The superior supervises at least once during rectification; record it.",
    },
    basis="source document（持续督导）",
)
def rect_supervision(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Supervision until real results (见真章、见实效)."""
    if not m.rectification.supervision:
        yield ctx.finding("rectification.supervision")


@rule(
    "ATT-MAKEUP",
    stage=_X,
    severity=Severity.WARNING,
    title={"zh": "补课", "en": "Make-up session"},
    message={
        "zh": "缺席的 {who} 未在 {days} 天内补课或听取通报。",
        "en": "Absent and not briefed or made up within {days} days: {who}.",
    },
    hint={
        "zh": "会后向缺席党员通报会议情况或安排补课，并记录日期。",
        "en": "Brief absent members or hold a make-up session, and record the date.",
    },
    basis="common practice (回单位后补课；会后及时向其通报)",
    reads=("makeup_within_days",),
)
def att_makeup(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The absent still owe the branch their self-examination."""
    s = m.review.session
    absent = [i for i, p in presence(m, ctx).items() if p is not Presence.PRESENT]
    if s is None or not absent:
        ctx.not_applicable()
    n = ctx.settings.makeup_within_days
    done = {x.member_id: x.on for x in m.rectification.makeups}
    late = []
    due_passed = (ctx.today - s.held_on).days > n
    for i in absent:
        on = done.get(i)
        if (on is None and due_passed) or (on is not None and (on - s.held_on).days > n):
            late.append(i)
    if late:
        yield ctx.finding("rectification.makeups", members=late, days=n, repairable=False)


@rule(
    "HIER-REDO",
    stage="preparation",
    title={"zh": "责令重开的记录", "en": "Redo order record"},
    message={"zh": "第 {n} 次重开：{problem_zh}。", "en": "Redo order {n}: {problem_en}."},
    hint={
        "zh": "重开须由上级人员下令，写明日期、理由和返回的阶段；原会议记录保留在历史中。",
        "en": "A redo is ordered by a supervisor with a date, a reason and the stage to return"
        " to; the earlier session stays in history.",
    },
    basis="2014年中央教育实践活动领导小组通知（流于形式、失真失实的，要责令重新进行）",
)
def hier_redo(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Only the superior may call a session formalistic, and must say why."""
    if not m.redone_sessions:
        ctx.not_applicable()
    for i, r in enumerate(m.redone_sessions):
        o = r.order
        if m.supervisor(o.by_id) is None:
            yield ctx.finding(
                f"redone_sessions[{i}].order.by_id",
                n=i + 1,
                problem_zh=f"下令者 {o.by_id} 不是上级人员",
                problem_en=f"ordered by {o.by_id}, who is not a supervisor",
            )
        if o.return_to not in ("review", "preparation"):
            yield ctx.finding(
                f"redone_sessions[{i}].order.return_to",
                n=i + 1,
                problem_zh=f"返回阶段 {o.return_to} 不是检视剖析或会前准备",
                problem_en=f"returns to {o.return_to!r}, not 'review' or 'preparation'",
            )


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
    att_makeup,
    hier_redo,
)
