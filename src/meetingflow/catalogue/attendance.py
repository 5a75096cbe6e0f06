"""Attendance (catalogue §2.6): leave, written outlines, unexcused absence, exemption, make-ups.

Absences stay on record and are answered by a make-up, never by blocking the meeting
(clarification 12): these rules gate nothing (``gate="none"``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from meetingflow.i18n import Text
from meetingflow.records.terms import MaterialKind, Presence, SpeakingMode
from meetingflow.rules.facts import absent_on_leave, presence, present_ids, sitting_date, unexcused
from meetingflow.rules.rule import Severity, rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules.context import RuleContext


def _anyone_absent(m: Meeting, ctx: RuleContext) -> bool:
    return m.review.session is not None and any(
        p is not Presence.PRESENT for p in presence(m, ctx).values()
    )


@rule(
    "ATT-LEAVE-APPROVED",
    stage="review",
    gate="none",
    title=Text("请假须经批准", "Leave approved"),
    messages={
        "missing": Text(
            "{who} 缺席，但没有在会前请假并经支部书记批准。",
            "Absent without leave requested and approved by the secretary before the sitting: {who}.",
        )
    },
    hint=Text(
        "因故不能参加须提前向支部书记请假（书记本人向上级请假），并记录批准人和日期。",
        "A member who cannot attend asks the secretary for leave in advance (the secretary asks"
        " the superior); record who approved it and when.",
    ),
    basis="党支部组织生活制度（因病、因事不能参加组织生活，都要提前向党支部书记请假）",
)
def att_leave_approved(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Leave is granted before, not explained after (clarification 17 on who approves)."""
    if not _anyone_absent(m, ctx):
        ctx.not_applicable()
    missing = unexcused(m, ctx)
    if missing:
        yield ctx.finding("review.leave_approvals", "missing", members=missing, repairable=False)


@rule(
    "ATT-LEAVE-WRITTEN",
    stage="review",
    gate="none",
    paths=("review", "preparation"),
    title=Text("书面发言提纲", "Written outline when on leave"),
    messages={
        "outline": Text(
            "请假的 {who} 没有提交书面发言提纲。",
            "On leave without a written speech outline: {who}.",
        ),
        "not_read": Text(
            "请假的 {who} 的书面发言提纲没有由到会党员代读。",
            "On leave, and the outline was not read out by a present member: {who}.",
        ),
    },
    hint=Text(
        "请假党员须写出书面发言提纲，并委托到会党员在会上宣读。",
        "A member on leave writes a speech outline and has a present member read it out.",
    ),
    basis="组织生活会制度（不能参加组织生活会的党员，必须写出书面发言提纲，并委托他人在会上宣读）",
)
def att_leave_written(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Leave excuses presence, not self-examination.

    On record only: the outline can be read out while the review is open; once a section is
    sealed its finding is no longer repairable.
    """
    on_leave = absent_on_leave(m, ctx)
    if not on_leave or m.review.session is None:
        ctx.not_applicable()
    wrote = {
        x.author_id
        for x in m.preparation.materials
        if x.kind in (MaterialKind.SPEECH_OUTLINE, MaterialKind.INSPECTION_MATERIAL)
    }
    here = set(present_ids(m, ctx))
    read = {
        x.member_id
        for x in m.review.self_examinations
        if x.mode is SpeakingMode.WRITTEN_PROXY and x.proxy_id in here
    }
    no_outline = [i for i in on_leave if i not in wrote]
    not_read = [i for i in on_leave if i in wrote and i not in read]
    if no_outline:
        yield ctx.finding("preparation.materials", "outline", members=no_outline)
    if not_read:
        yield ctx.finding("review.self_examinations", "not_read", members=not_read)


@rule(
    "ATT-UNEXCUSED",
    stage="review",
    gate="none",
    title=Text("无故缺席", "Unexcused absence"),
    messages={"absent": Text("{who} 无故缺席。", "Absent without excuse: {who}.")},
    hint=Text(
        "记录在案；会后由支部谈话并安排补课。",
        "It stays on record; talk with the member and arrange a make-up.",
    ),
    basis="党支部组织生活制度（无故缺席）",
)
def att_unexcused(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Recorded by name: an unexcused absence is itself a matter of party discipline."""
    if not _anyone_absent(m, ctx):
        ctx.not_applicable()
    missing = unexcused(m, ctx)
    if missing:
        yield ctx.finding("review.attendance", "absent", members=missing, repairable=False)


@rule(
    "ATT-EXEMPT",
    stage="review",
    gate="none",
    severity=Severity.WARNING,
    title=Text("免于参加者有联系人", "Exempt members have a contact"),
    messages={
        "no_contact": Text(
            "免于参加组织生活的 {who} 没有指定联系人。",
            "Exempt members without a designated contact: {who}.",
        )
    },
    hint=Text(
        "为长期病休等免于参加的党员指定一名党员负责联系。",
        "Designate a member to keep in touch with each exempt member.",
    ),
    basis="区直机关党支部组织生活制度（可暂不参加组织生活。党支部应指定党员负责联系）",
)
def att_exempt(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Exemption from attending is not exemption from the branch's care."""
    exempt = [x for x in m.roster if x.exemption is not None]
    if not exempt:
        ctx.not_applicable()
    lonely = [x.id for x in exempt if x.exemption is not None and x.exemption.contact_id is None]
    if lonely:
        yield ctx.finding("roster", "no_contact", members=lonely)


@rule(
    "ATT-MAKEUP",
    stage="rectification",
    gate="none",
    severity=Severity.WARNING,
    title=Text("补课", "Make-up session"),
    messages={
        "late": Text(
            "缺席的 {who} 未在会后 {days} 天内补课或听取通报。",
            "Absent and not briefed or made up within {days} {days:day|days}: {who}.",
        )
    },
    hint=Text(
        "会后向缺席党员通报会议情况或安排补课，并记录日期和负责人。",
        "Brief the absent members or hold a make-up session; record when and who gave it.",
    ),
    basis="组织生活制度（临时出差不能参加组织生活的，回单位后补课）；双重组织生活制度（会后及时向其通报）",
    reads=("makeup_within_days",),
)
def att_makeup(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The absent still owe the branch their self-examination: within N days (later − earlier ≤ N)."""
    held = sitting_date(m)
    absent = [i for i, p in presence(m, ctx).items() if p is not Presence.PRESENT]
    if held is None or not absent:
        ctx.not_applicable()
    n = ctx.settings.makeup_within_days
    done = {x.member_id: x.on for x in m.rectification.makeups}
    late = [
        i
        for i in absent
        if (i not in done and (ctx.today - held).days > n)
        or (i in done and (done[i] - held).days > n)
    ]
    if late:
        yield ctx.finding("rectification.makeups", "late", members=late, days=n, repairable=False)


RULES = (att_leave_approved, att_leave_written, att_unexcused, att_exempt, att_makeup)
