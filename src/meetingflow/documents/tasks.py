"""Who must do what next: each person's tasks, from the rules' findings and from the record.

Two sources, one list. The findings (see :mod:`meetingflow.documents.duties`) say what is
wrong and whose job it is; the record adds what no rule flags yet: items not yet due,
milestones, leave requests awaiting a decision, the sitting to attend, the stage's deadline,
the next step once nothing blocks it, a redo once the sitting was formalistic. Tasks about the
same thing (one item, one member's make-up) are merged into one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Final

import attrs

from meetingflow.documents.common import everyone, join_texts, person, verbatim
from meetingflow.documents.duties import DUTIES, Context, Duty, ItemTexts, Task, from_findings
from meetingflow.documents.todo import TodoItem, TodoKind, TodoList
from meetingflow.flow.arguments import aware, local_day
from meetingflow.i18n import Text
from meetingflow.records.terms import ItemState, Presence
from meetingflow.rules.facts import item_facts, meeting_date, presence, sitting_date

if TYPE_CHECKING:
    from meetingflow.flow import Flow, Transition
    from meetingflow.records import Meeting

__all__ = ["DUTIES", "Duty", "todo"]

K = TodoKind
_SPACE: Final = Text("", " ")


class W:
    """The tasks' own texts (a finding's hint and message serve the rest)."""

    attend = Text("参加{kind}（{on}，{venue}）", "Attend the {kind} ({on}, {venue})")
    guide = Text("列席指导{kind}（{on}，{venue}）", "Attend and guide the {kind} ({on}, {venue})")
    attend_why = Text("会议方案定于 {on} 召开。", "The meeting plan sets the sitting on {on}.")
    outline = Text(
        "提交书面发言提纲，并委托一名参会党员在会上代读",
        "Hand in a written speech outline and ask a present member to read it out",
    )
    outline_why = Text(
        "已请假不能参会的党员须写出书面发言提纲，委托他人在会上宣读。",
        "A member on leave writes a speech outline that another member reads out.",
    )
    leave = Text("审批 {who} 的请假（{reason}）", "Decide on the leave request of {who} ({reason})")
    leave_why = Text(
        "请假须在会前经支部书记批准（书记本人的请假由上级批准）。",
        "Leave is approved before the sitting by the secretary (the secretary's own by the superior).",
    )
    close_why = Text(
        "整改清单上由你负责，时限 {due}。", "Yours on the rectification list, due {due}."
    )
    long_term_why = Text(
        "长期坚持的事项须有阶段目标并经上级批准，才不算未销号。",
        "A long-term item counts as settled only with milestones and the superior's approval.",
    )
    milestone = Text(
        "完成长期事项 {item} 的阶段目标：{text}",
        "Reach the milestone of long-term item {item}: {text}",
    )
    milestone_why = Text("长期事项的阶段目标时限为 {due}。", "The milestone is due on {due}.")
    plan = Text("制定并印发整改方案", "Issue the rectification plan")
    plan_why = Text(
        "会后 {days} 天内制定整改方案。",
        "The plan is due within {days} {days:day|days} of the sitting.",
    )
    makeup = Text(
        "向 {who} 通报会议情况或组织补课", "Brief {who} on the meeting or hold a make-up session"
    )
    makeup_self = Text(
        "参加补课或听取会议情况通报", "Take the make-up session or the briefing on the meeting"
    )
    makeup_why = Text(
        "缺席的党员须在会后 {days} 天内补课或听取通报。",
        "Absent members catch up within {days} {days:day|days} of the sitting.",
    )
    deadline = Text(
        "按通知时间表完成「{stage}」阶段", "Finish the {stage} stage as the notice's timetable sets"
    )
    deadline_why = Text(
        "上级通知《{title}》的时间表。", "The timetable of the superior's notice “{title}”."
    )
    advance = Text("执行「{trigger}」", "Go ahead: {trigger}")
    advance_why = Text("「{trigger}」的关口规则均已满足。", "Every rule gating this step passes.")
    redo = Text("决定是否责令重新召开会议", "Decide whether to order the sitting redone")
    redo_why = Text(
        "会议流于形式，已说的话无法收回：{what}",
        "The sitting was formalistic and words said stand: {what}",
    )


def todo(
    flow: Flow,
    meeting: Meeting,
    *,
    at: datetime,
    member: str | None = None,
    duties: Mapping[str, Duty] | None = None,
) -> TodoList:
    """Everyone's tasks on ``meeting`` at ``at``, ordered by date (``member``: one person's only).

    Every member, the secretary and each representative of the superior appear, also with
    nothing to do. ``duties`` adds or overrides entries of :data:`DUTIES`.
    """
    at = aware(at)
    meeting = flow.adopt(meeting)
    if member is not None:
        person(meeting, member, strict=True)
    nxt = next((t for t in flow.transitions if meeting.stage in t.sources and not t.redo), None)
    report = flow.check(meeting, at=at, trigger=nxt.trigger if nxt is not None else None)
    notice = meeting.preparation.notice
    line = notice.deadline(meeting.stage) if notice is not None else None
    sec = meeting.secretary
    ctx = Context(
        flow=flow,
        meeting=meeting,
        at=at,
        today=local_day(meeting, at),
        report=report,
        secretary=sec.id if sec is not None else None,
        supervisors=tuple(s.id for s in meeting.supervisors),
        sitting=sitting_date(meeting),
        meeting_day=meeting_date(meeting),
        stage_due=line.due_on if line is not None else None,
    )
    table = {**DUTIES, **(duties or {})}
    tasks = [*from_findings(ctx, table), *_from_record(ctx), *_next_step(ctx, nxt)]
    people = everyone(meeting)
    order = {p.id: n for n, p in enumerate(people)}
    items = sorted(
        _merge(tasks),
        key=lambda i: (
            i.due is None,
            i.due or date.min,
            not i.blocks,
            order.get(i.person_id, 0),
            i.what.en,
        ),
    )
    if member is not None:
        items = [i for i in items if i.person_id == member]
        people = tuple(p for p in people if p.id == member)
    return TodoList(
        meeting_id=meeting.id,
        organization=meeting.organization.name,
        stage=meeting.stage,
        stage_title=flow.stage_title(meeting.stage),
        at=at,
        today=ctx.today,
        people=people,
        items=tuple(items),
        member=member,
    )


# --- the record -------------------------------------------------------------------------------------


def _from_record(ctx: Context) -> Iterator[Task]:
    yield from _before_sitting(ctx)
    if ctx.owns("rectification.closures"):
        yield from _items(ctx)
        yield from _after_sitting(ctx)
    if ctx.stage_due is not None and ctx.secretary is not None and not ctx.report.ok:
        notice = ctx.meeting.preparation.notice
        title = notice.title if notice is not None and notice.title else "—"
        yield Task(
            TodoItem(
                ctx.secretary,
                W.deadline.format(stage=ctx.flow.stage_title(ctx.meeting.stage)),
                ctx.stage_due,
                W.deadline_why.format(title=title),
                None,
                "preparation.notice.timetable",
                K.DEADLINE,
            )
        )


def _before_sitting(ctx: Context) -> Iterator[Task]:
    m, day = ctx.meeting, ctx.meeting_day
    if (ctx.sitting is not None and m.stage != ctx.flow.initial) or day is None or ctx.today > day:
        return
    plan, session = m.preparation.plan, m.review.session
    venue = (
        (session.venue if session is not None else "")
        or (plan.venue if plan is not None else "")
        or "—"
    )
    requests = {r.member_id: r for r in m.review.leave_requests}
    decided = {a.member_id for a in m.review.leave_approvals}
    common = {"on": verbatim(day.isoformat()), "venue": venue, "kind": m.campaign.kind.label}
    why = W.attend_why.format(on=verbatim(day.isoformat()))
    outlines = {x.author_id for x in m.preparation.materials if x.author_id is not None}
    for x in m.roster:
        if x.exemption is not None:
            continue
        if x.id not in requests:
            yield Task(
                TodoItem(
                    x.id, W.attend.format(**common), day, why, None, "review.attendance", K.ATTEND
                )
            )
            continue
        if x.id not in outlines:
            yield Task(
                TodoItem(
                    x.id,
                    W.outline,
                    day - timedelta(days=1),
                    W.outline_why,
                    "ATT-LEAVE-WRITTEN",
                    "preparation.materials",
                    K.WRITE,
                )
            )
        if x.id not in decided:
            approvers = ctx.superiors() if x.id == ctx.secretary else ctx.fallback()
            what = W.leave.format(who=person(m, x.id).label, reason=requests[x.id].reason)
            for a in approvers:
                yield Task(
                    TodoItem(
                        a,
                        what,
                        day,
                        W.leave_why,
                        "ATT-LEAVE-APPROVED",
                        "review.leave_approvals",
                        K.APPROVE,
                    )
                )
    for i in session.observer_ids if session is not None else ():
        yield Task(
            TodoItem(
                i,
                W.guide.format(**common),
                day,
                why,
                "REV-SUPERIOR-PRESENT",
                "review.session.observer_ids",
                K.ATTEND,
            )
        )


def _items(ctx: Context) -> Iterator[Task]:
    for f in item_facts(ctx.meeting):
        it = f.item
        where = f"rectification.items[{f.position}]"
        if f.state is ItemState.OPEN and not it.long_term and not f.overdue_on(ctx.today):
            why = W.close_why.format(due=verbatim(it.due_on.isoformat()))
            what = ItemTexts.close.format(item=it.id, text=verbatim(it.description))
            yield Task(
                TodoItem(it.owner_id, what, it.due_on, why, None, where, K.CLOSE_ITEM),
                "close",
                it.id,
                True,
            )
        if it.long_term and f.state is ItemState.OPEN:
            what = ItemTexts.long_term.format(item=it.id, text=verbatim(it.description))
            for s in ctx.superiors():
                yield Task(
                    TodoItem(
                        s, what, it.due_on, W.long_term_why, "CLOSE-NO-OPEN-ITEMS", where, K.APPROVE
                    ),
                    "long_term",
                    it.id,
                    True,
                )
        if it.long_term and f.closure is None:
            for ms in it.milestones:
                if ms.done_on is None:
                    what = W.milestone.format(item=it.id, text=verbatim(ms.text))
                    why = W.milestone_why.format(due=verbatim(ms.due_on.isoformat()))
                    yield Task(
                        TodoItem(
                            it.owner_id,
                            what,
                            ms.due_on,
                            why,
                            None,
                            f"{where}.milestones",
                            K.MILESTONE,
                        )
                    )


def _after_sitting(ctx: Context) -> Iterator[Task]:
    m, s = ctx.meeting, ctx.flow.settings
    if ctx.sitting is None:
        return
    if m.rectification.plan is None and ctx.secretary is not None:
        due = ctx.days_after_sitting(s.rect_plan_within_days)
        why = W.plan_why.format(days=s.rect_plan_within_days)
        yield Task(
            TodoItem(
                ctx.secretary, W.plan, due, why, "RECT-PLAN-TIMELY", "rectification.plan", K.WRITE
            ),
            "plan",
            "",
            True,
        )
    caught_up = {x.member_id for x in m.rectification.makeups}
    due = ctx.days_after_sitting(s.makeup_within_days)
    why = W.makeup_why.format(days=s.makeup_within_days)
    for i, p in presence(m).items():
        if p is Presence.PRESENT or i in caught_up:
            continue
        what = W.makeup.format(who=person(m, i).label)
        for a in ctx.fallback():
            yield Task(
                TodoItem(a, what, due, why, "ATT-MAKEUP", "rectification.makeups", K.MAKEUP),
                "makeup",
                i,
                True,
            )
        yield Task(
            TodoItem(i, W.makeup_self, due, why, "ATT-MAKEUP", "rectification.makeups", K.MAKEUP)
        )


def _next_step(ctx: Context, nxt: Transition | None) -> Iterator[Task]:
    m = ctx.meeting
    if nxt is None:
        return
    due = ctx.meeting_day if m.stage == ctx.flow.initial else ctx.stage_due
    if ctx.report.ok:
        session = m.review.session
        runners = [ctx.secretary, session.chair_id if session is not None else None]
        candidates = [*dict.fromkeys(i for i in runners if i), *ctx.supervisors]
        found_runner = False
        for pid in candidates:
            is_runner = m.member(pid) is not None
            if is_runner and found_runner:
                continue
            if ctx.flow.allowed(m, actor=pid, at=ctx.at)[nxt.trigger].ok:
                found_runner = found_runner or is_runner
                what = W.advance.format(trigger=nxt.title)
                yield Task(
                    TodoItem(
                        pid,
                        what,
                        due,
                        W.advance_why.format(trigger=nxt.title),
                        None,
                        "stage",
                        K.ADVANCE,
                    )
                )
        return
    strict = {r.id for r, is_strict in ctx.flow.gate_rules(nxt.trigger, m.stage) if is_strict}
    formal = [f for f in ctx.report.blocking if f.rule_id in strict and not f.repairable]
    if formal and any(t.redo and m.stage in t.sources for t in ctx.flow.transitions):
        why = W.redo_why.format(what=join_texts((f.message for f in formal), _SPACE))
        for s in ctx.superiors():
            yield Task(
                TodoItem(s, W.redo, ctx.sitting, why, formal[0].rule_id, "stage", K.REDO, True)
            )


def _merge(tasks: list[Task]) -> list[TodoItem]:
    """One task per person and thing: the earliest date, every reason, the most specific wording."""
    out: dict[object, Task] = {}
    for n, t in enumerate(tasks):
        key: object = (t.item.person_id, t.group, t.subject) if t.group is not None else n
        old = out.get(key)
        if old is None:
            out[key] = t
            continue
        a, b = old.item, t.item
        dues = [d for d in (a.due, b.due) if d is not None]
        whys = [a.why] if b.why == a.why else [a.why, b.why]
        merged = attrs.evolve(
            a,
            what=a.what if old.specific or not t.specific else b.what,
            due=min(dues) if dues else None,
            why=join_texts(whys, _SPACE),
            rule_id=a.rule_id or b.rule_id,
            blocks=a.blocks or b.blocks,
        )
        out[key] = attrs.evolve(old, item=merged, specific=old.specific or t.specific)
    return [t.item for t in out.values()]
