"""Hierarchy for one meeting (catalogue §2.6): redo orders and holding the meeting by the deadline.

Both are on record only (``gate="none"``): a redo order is history, and a missed deadline
cannot be unmissed. The portfolio checks the rest of the hierarchy across meetings.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
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
            "第 {n} 次责令重新召开由 {who_ordered} 作出，其不是上级代表。",
            "Redo order {n} was given by {who_ordered}, who is not a representative of the superior.",
        ),
        "return_to": Text(
            "第 {n} 次责令重新召开返回「{stage}」，不是会中检视剖析或会前准备。",
            "Redo order {n} returns to {stage}, not to review or preparation.",
        ),
    },
    hint=Text(
        "责令重新召开须由上级代表作出，写明日期、理由和返回的阶段；原会议记录保留在历史中。",
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

    The deadline is the notice's timetable line for the sitting (``review``). The date judged
    is the first sitting's: a sitting the superior ordered redone was held when it was held,
    and the redone one is the superior's own decision. Before any sitting, it is the planned
    date. A postponement counts when a representative of the superior approved it on or
    before the deadline and its new date is not before that date.
    """
    notice = m.preparation.notice
    line = notice.deadline("review") if notice is not None else None
    day = _first_sitting(m)
    if line is None or day is None:
        ctx.not_applicable()
    if day <= line.due_on:
        return
    if any(
        is_superior(m, p.approved_by) and p.approved_on <= line.due_on and p.new_date >= day
        for p in m.preparation.postponements
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


def _first_sitting(m: Meeting) -> date | None:
    """The date of the first sitting held (a redone one included), else the meeting's date."""
    held = [s.review.session.held_on for s in m.redone_sessions if s.review.session is not None]
    return min(held) if held else meeting_date(m)


RULES = (hier_redo, hier_held_by_deadline)
