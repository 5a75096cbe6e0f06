"""Whose job each finding is, and by when: the rules' findings turned into people's tasks.

The rules already say what is wrong and what to do (a finding's message and hint).
:data:`DUTIES` says whose job each finding is — the member it names, the secretary, the
recorder, the chair, the verifier of an item or the superior's representative — and the due
date follows from the rule: before the meeting, at the sitting, within the set days of it, by
the item's deadline, or the notice's timetable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Final, Literal

import attrs

from meetingflow.documents.common import person, verbatim
from meetingflow.documents.todo import TodoItem, TodoKind
from meetingflow.i18n import Text
from meetingflow.records.terms import ProblemScope

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Meeting, RectificationItem
    from meetingflow.report import Finding, Report

__all__ = ["DUTIES", "Context", "Duty", "ItemTexts", "Task", "from_findings"]

Who = Literal["secretary", "members", "superior", "chair", "recorder", "verifier"]


@attrs.frozen(slots=True)
class Duty:
    """Whose job a finding is, what kind of task it makes, and which tasks it merges with."""

    who: Who
    kind: TodoKind
    group: str | None = None


K = TodoKind
DUTIES: Final[Mapping[str, Duty]] = {
    "PREP-PLAN-APPROVAL:not_approved": Duty("superior", K.APPROVE),
    "PREP-PLAN-APPROVAL:not_superior": Duty("superior", K.APPROVE),
    "PREP-PLAN-APPROVAL:before_submission": Duty("superior", K.APPROVE),
    "PREP-SPOT-CHECK": Duty("superior", K.SUPERVISE),
    "PREP-TALKS-COVERAGE:committee": Duty("members", K.ACT),
    "PREP-TALKS-COVERAGE:peers": Duty("members", K.ACT),
    "PREP-PROBLEM-LIST:members": Duty("members", K.WRITE),
    "PREP-ROOTCAUSE": Duty("members", K.WRITE),
    "PREP-MATERIAL:full": Duty("members", K.WRITE),
    "PREP-MATERIAL:outline": Duty("members", K.WRITE),
    "PREP-MATERIAL-ASPECTS": Duty("members", K.WRITE),
    "PREP-MATERIAL-REVIEW:superior": Duty("superior", K.REVIEW),
    "PREP-MATERIAL-REVIEW:secretary": Duty("secretary", K.REVIEW),
    "HIER-REDO": Duty("superior", K.ACT),
    "REV-SELF-EXAM-ALL": Duty("members", K.SPEAK),
    "REV-ASPECTS-COVERED": Duty("members", K.SPEAK),
    "ATT-LEAVE-WRITTEN": Duty("members", K.WRITE),
    "ROLE-DUAL-MEMBERSHIP": Duty("members", K.ATTEND),
    "CRIT-LEAD-ORDER": Duty("chair", K.ACT),
    "CRIT-RECEIVE-EACH": Duty("chair", K.ACT),
    "CRIT-GIVE-EACH": Duty("members", K.SPEAK),
    "CRIT-SUBSTANTIVE": Duty("chair", K.ACT),
    "CRIT-CADRE-EQUAL": Duty("chair", K.ACT),
    "CRIT-RESPONSE": Duty("members", K.SPEAK),
    "CRIT-SUPERIOR-COMMENT": Duty("superior", K.SPEAK),
    "CRIT-UNITY-ATTEST": Duty("superior", K.ACT),
    "RECT-LIST:members": Duty("members", K.WRITE),
    "RECT-ITEM-FIELDS": Duty("members", K.WRITE),
    "RECT-COMMITMENT": Duty("members", K.COMMIT),
    "RECT-PLAN-TIMELY": Duty("secretary", K.WRITE, "plan"),
    "RECT-OVERDUE:overdue": Duty("members", K.CLOSE_ITEM, "close"),
    "RECT-ESCALATE": Duty("secretary", K.ESCALATE),
    "RECT-EVIDENCE-CLOSE:no_evidence": Duty("members", K.CLOSE_ITEM, "evidence"),
    "RECT-EVIDENCE-CLOSE:unverified": Duty("verifier", K.VERIFY, "verify"),
    "RECT-EVIDENCE-CLOSE:self_verified": Duty("verifier", K.VERIFY, "verify"),
    "RECT-EVIDENCE-CLOSE:wrong_verifier": Duty("verifier", K.VERIFY, "verify"),
    "RECT-SUPERVISION": Duty("superior", K.SUPERVISE),
    "ATT-MAKEUP": Duty("secretary", K.MAKEUP, "makeup"),
    "CLOSE-REPORT": Duty("secretary", K.WRITE),
    "CLOSE-MINUTES": Duty("recorder", K.WRITE),
    "CLOSE-NO-OPEN-ITEMS:open": Duty("members", K.CLOSE_ITEM, "close"),
    "CLOSE-NO-OPEN-ITEMS:long_term": Duty("superior", K.APPROVE, "long_term"),
}
"""Whose job a finding is, by ``RULE-ID:key`` or ``RULE-ID``; anything else is the secretary's.

A host adds its own rules' duties by passing ``duties=`` to :func:`todo`."""
_DEFAULT: Final = Duty("secretary", K.ACT)
_SPACE: Final = Text("", " ")


class ItemTexts:
    """The texts of tasks about one rectification item."""

    close = Text(
        "完成整改事项 {item}（{text}），提交注明日期的佐证材料申请销号",
        "Finish item {item} ({text}) and report it done with dated evidence",
    )
    evidence = Text(
        "为整改事项 {item} 补充注明日期的佐证材料",
        "Add dated evidence to the closure of item {item}",
    )
    verify = Text(
        "核验整改事项 {item}（{owner}：{text}）并销号",
        "Verify the closure of item {item} ({owner}: {text})",
    )
    long_term = Text(
        "审批长期坚持事项 {item}（{text}）及其阶段目标",
        "Decide on long-term item {item} ({text}) and its milestones",
    )


@attrs.frozen(slots=True)
class Task:
    """A task on its way into the list: what merges with what, and how specific its wording is."""

    item: TodoItem
    group: str | None = None
    subject: str = ""
    specific: bool = False


@attrs.frozen(slots=True, kw_only=True)
class Context:
    """What deriving the tasks needs to know, computed once."""

    flow: Flow
    meeting: Meeting
    at: datetime
    today: date
    report: Report
    secretary: str | None
    supervisors: tuple[str, ...]
    sitting: date | None
    meeting_day: date | None
    stage_due: date | None

    def days_after_sitting(self, days: int) -> date | None:
        return self.sitting + timedelta(days=days) if self.sitting is not None else None

    def owns(self, path: str) -> bool:
        """The current stage is the one that owns ``path`` (its records are being made now)."""
        return self.flow.owner_of(path) == self.meeting.stage

    def fallback(self) -> list[str]:
        session = self.meeting.review.session
        chair = session.chair_id if session is not None else None
        first = self.secretary or chair or self.meeting.roster[0].id
        return [first]

    def superiors(self) -> list[str]:
        return list(self.supervisors) or self.fallback()


def _item(ctx: Context, item_id: str) -> RectificationItem | None:
    return ctx.meeting.rectification.item(item_id)


def _people(ctx: Context, duty: Duty, f: Finding) -> list[str]:
    m = ctx.meeting
    if duty.who == "members":
        named = [i for i in f.members if m.member(i) is not None or m.supervisor(i) is not None]
        return named or ctx.fallback()
    if duty.who == "superior":
        return ctx.superiors()
    session = m.review.session
    if duty.who == "chair" and session is not None and session.chair_id:
        return [session.chair_id]
    if duty.who == "recorder" and session is not None and session.recorder_id:
        return [session.recorder_id]
    if duty.who == "verifier":
        items = [it for i in f.ids("item") if (it := _item(ctx, i)) is not None]
        if items and not any(
            it.scope is ProblemScope.BRANCH or it.owner_id == ctx.secretary for it in items
        ):
            return [ctx.secretary] if ctx.secretary else ctx.superiors()
        return ctx.superiors()
    return ctx.fallback()


def _due(ctx: Context, f: Finding) -> date | None:
    s = ctx.flow.settings
    rid = f.rule_id
    items = [it for i in f.ids("item") if (it := _item(ctx, i)) is not None]
    if rid == "RECT-ESCALATE" and items:
        return min(it.due_on for it in items) + timedelta(days=s.escalate_after_days)
    if items and rid in (
        "RECT-OVERDUE",
        "CLOSE-NO-OPEN-ITEMS",
        "RECT-EVIDENCE-CLOSE",
        "RECT-ITEM-FIELDS",
    ):
        return min(it.due_on for it in items)
    if rid in ("CLOSE-REPORT", "CLOSE-MINUTES"):
        return ctx.days_after_sitting(s.report_within_days)
    if rid == "ATT-MAKEUP":
        return ctx.days_after_sitting(s.makeup_within_days)
    if rid in ("RECT-PLAN-TIMELY", "RECT-COMMITMENT", "RECT-LIST", "RECT-TRACE"):
        return ctx.days_after_sitting(s.rect_plan_within_days)
    if rid.startswith(("PREP-", "HIER-HELD")) and ctx.meeting_day is not None:
        before = ctx.meeting_day - timedelta(days=1)  # "before the meeting", or the timetable's
        return min(before, ctx.stage_due) if ctx.stage_due is not None else before
    if rid.startswith(("REV-", "CRIT-", "ATT-", "ROLE-")):
        return ctx.sitting or ctx.meeting_day
    return ctx.stage_due


def _specific(ctx: Context, group: str | None, subject: str) -> Text | None:
    it = _item(ctx, subject) if subject else None
    if it is None:
        return None
    text = verbatim(it.description)
    if group == "close":
        return ItemTexts.close.format(item=it.id, text=text)
    if group == "evidence":
        return ItemTexts.evidence.format(item=it.id)
    if group == "verify":
        return ItemTexts.verify.format(
            item=it.id, owner=person(ctx.meeting, it.owner_id).label, text=text
        )
    if group == "long_term":
        return ItemTexts.long_term.format(item=it.id, text=text)
    return None


def from_findings(ctx: Context, table: Mapping[str, Duty]) -> Iterator[Task]:
    for f in ctx.report.findings:
        if not f.repairable:
            continue  # on record: nobody can change it now (a formalistic sitting: see the redo)
        duty = table.get(f"{f.rule_id}:{f.key}") or table.get(f.rule_id) or _DEFAULT
        due = _due(ctx, f)
        subjects = [""]
        if duty.group is not None:
            subjects = list(f.ids("item")) or list(f.members) or [""]
        for who in dict.fromkeys(_people(ctx, duty, f)):
            for subject in subjects:
                what = _specific(ctx, duty.group, subject)
                yield Task(
                    TodoItem(
                        who, what or f.hint, due, f.message, f.rule_id, f.path, duty.kind, f.blocks
                    ),
                    duty.group,
                    subject,
                    what is not None,
                )
