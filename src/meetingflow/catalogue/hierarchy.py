"""Hierarchy for one meeting (catalogue §2.6): redo orders and holding the meeting by the deadline.

Both are on record only (``gate="none"``): a redo order is history, and a missed deadline
cannot be unmissed. The portfolio checks the rest of the hierarchy across meetings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from meetingflow.i18n import Text
from meetingflow.rules.facts import is_superior, meeting_date
from meetingflow.rules.rule import rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules.context import RuleContext


@rule(
    "HIER-REDO",
    stage="preparation",
    gate="none",
    paths=("redone_sessions",),
    title=Text("责令重新召开的记录", "Redo order record"),
    messages={
        "not_superior": Text(
            "第 {n} 次重新召开由 {who_ordered} 下令，其不是上级代表。",
            "Redo order {n} was given by {who_ordered}, who is not a representative of the superior.",
        ),
        "return_to": Text(
            "第 {n} 次重新召开返回「{stage}」，不是检视剖析或会前准备。",
            "Redo order {n} returns to {stage}, not to review or preparation.",
        ),
    },
    hint=Text(
        "重新召开须由上级代表下令，写明日期、理由和返回的阶段；原会议记录保留在历史中。",
        "A redo is ordered by a representative of the superior, with a date, a reason and the stage to return to; the earlier session stays in the history.",
    ),
    basis="2014年中央教育实践活动领导小组通知（流于形式、失真失实的，要责令重新进行）",
)
def hier_redo(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Only the superior may call a session formalistic, and must say why."""
    if not m.redone_sessions:
        ctx.not_applicable()
    for i, r in enumerate(m.redone_sessions):
        o = r.order
        if not is_superior(m, o.by_id):
            yield ctx.finding(
                f"redone_sessions[{i}].order.by_id",
                "not_superior",
                n=i + 1,
                who_ordered=ctx.name(o.by_id),
                subjects={"redo_order": [o.id]},
            )
        if o.return_to not in ("review", "preparation"):
            yield ctx.finding(
                f"redone_sessions[{i}].order.return_to",
                "return_to",
                n=i + 1,
                stage=ctx.stage_title(o.return_to),
                subjects={"redo_order": [o.id]},
            )


@rule(
    "HIER-HELD-BY-DEADLINE",
    stage="preparation",
    gate="none",
    paths=("preparation", "review"),
    title=Text("按期召开", "Held by the deadline"),
    messages={
        "late": Text(
            "会议日期 {day} 晚于通知规定的 {deadline}，且没有在期限前经上级同意延期。",
            "The meeting date {day} is after the notice's deadline {deadline}, with no postponement approved by the superior before it.",
        )
    },
    hint=Text(
        "按通知时间表召开；确需延期的，在期限前报上级党组织同意。",
        "Hold the meeting by the notice's deadline; a later date needs the superior's approval before the deadline.",
    ),
    basis="民主生活会规定（因特殊情况需要延期召开的，应当报上级党组织同意）；applied by analogy (inference)",
)
def hier_held_by_deadline(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A campaign has a timetable; a branch that slips it needs the superior's leave, asked in time.

    The deadline is the notice's timetable line for the sitting (``review``). A postponement
    counts when a representative of the superior approved it on or before that deadline and
    its new date is not before the meeting date; so does a redo the superior ordered on or
    before the deadline with a new date (ordering a sitting redone approves its new date).
    """
    notice = m.preparation.notice
    line = notice.deadline("review") if notice is not None else None
    day = meeting_date(m)
    if line is None or day is None:
        ctx.not_applicable()
    if day <= line.due_on:
        return
    if any(
        is_superior(m, p.approved_by) and p.approved_on <= line.due_on and p.new_date >= day
        for p in m.preparation.postponements
    ):
        return
    if any(
        is_superior(m, s.order.by_id)
        and s.order.on <= line.due_on
        and s.order.new_date is not None
        and s.order.new_date >= day
        for s in m.redone_sessions
    ):
        return
    yield ctx.finding(
        "preparation.postponements",
        "late",
        day=day,
        deadline=line.due_on,
        repairable=ctx.today <= line.due_on,
        subjects={"organization": [m.organization.id]},
    )


RULES = (hier_redo, hier_held_by_deadline)
