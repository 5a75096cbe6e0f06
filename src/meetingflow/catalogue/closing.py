"""Closing (总结、报告、归档, catalogue §2.5): judged when ``close`` is attempted or the meeting is closed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from meetingflow.i18n import Text
from meetingflow.records.terms import ItemState, MemberState, MemberStatus, Presence, ReportSection
from meetingflow.rules.facts import approved_leave, is_superior, item_facts, presence, sitting_date
from meetingflow.rules.rule import rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules.context import RuleContext

STAGE = "closed"


@rule(
    "CLOSE-REPORT",
    stage=STAGE,
    gate="entry",
    paths=("closing",),
    title=Text("向上级报告", "Report to the superior"),
    messages={
        "missing": Text(
            "尚未向上级报告会议情况。", "The meeting has not been reported to the superior."
        ),
        "sections": Text("报告缺少：{missing}。", "The report lacks: {missing}."),
        "states": Text(
            "报告中 {who} 的参会情况缺失或与出席记录不符。",
            "The report's state of {who} is missing or differs from the attendance.",
        ),
        "wrong_org": Text(
            "报告报送给 {to}，而不是上级组织 {parent}。",
            "The report went to {to}, not to the superior {parent}.",
        ),
        "late": Text(
            "报告于 {submitted} 报送，超过会后 {days} 天的时限。",
            "The report was filed on {submitted}, more than {days} {days:day|days} after the sitting.",
        ),
    },
    hint=Text(
        "会后规定天数内向上级报送会议情况：会议过程、查摆的问题、每名党员的参会情况和整改措施。",
        "Within the set days, report to the superior: the process, the problems found, each member's state and the measures.",
    ),
    basis="党支部民主生活会制度（会后十五日内向上一级组织报送会议情况）；组织生活会流程（主动向上级党组织汇报）",
    reads=("report_within_days",),
)
def close_report(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The superior can only supervise what it is told; a late report stays on record."""
    n = ctx.settings.report_within_days
    r = m.closing.report
    held = sitting_date(m)
    if r is None:
        yield ctx.finding("closing.report", "missing")
        return
    missing = [s for s in ReportSection if s not in r.sections]
    if missing:
        yield ctx.finding("closing.report.sections", "sections", missing=missing)
    ok = approved_leave(m, ctx)
    want = {
        i: MemberState.PRESENT
        if p is Presence.PRESENT
        else (MemberState.ON_LEAVE if i in ok else MemberState.ABSENT_UNEXCUSED)
        for i, p in presence(m, ctx).items()
    }
    given = {e.member_id: e.state for e in r.member_states}
    wrong = [i for i, s in want.items() if given.get(i) is not s]
    if wrong:
        yield ctx.finding("closing.report.member_states", "states", members=wrong)
    parent = m.organization.parent_id
    if parent is not None and r.to_org != parent:
        yield ctx.finding(
            "closing.report.to_org",
            "wrong_org",
            to=r.to_org,
            parent=parent,
            subjects={"organization": [r.to_org]},
        )
    if held is not None and (r.submitted_on - held).days > n:
        yield ctx.finding(
            "closing.report.submitted_on",
            "late",
            submitted=r.submitted_on,
            days=n,
            repairable=False,
        )


@rule(
    "CLOSE-MINUTES",
    stage=STAGE,
    gate="entry",
    paths=("closing",),
    title=Text("会议记录", "Minutes"),
    messages={
        "missing": Text("没有会议记录。", "The minutes are missing."),
        "incomplete": Text("会议记录缺少：{parts}。", "The minutes lack: {parts}."),
        "mismatch": Text(
            "会议记录的{what}为 {given}，与会议记录不符（应为 {want}）。",
            "The minutes give {what} as {given}, but the sitting's record gives {want}.",
        ),
        "absentees": Text(
            "会议记录未列明缺席人员 {who} 及原因（或是否请假有误）。",
            "The minutes do not list the absentees {who} with their reasons (or get their leave wrong).",
        ),
    },
    hint=Text(
        "会议记录写明时间、地点、主持人、记录人、应到实到人数（正式/预备党员）、缺席人员及原因、议程、发言摘要和决定。",
        "Minutes state the date, place, chair, recorder, expected and present counts (full and"
        " probationary), absentees with reasons, agenda, speech summaries and decisions.",
    ),
    basis="区直机关党支部组织生活制度（应到人数、实到人数…缺席人员及原因、主持人、记录人）；支部党员大会制度（会议记录要认真保管）",
)
def close_minutes(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Minutes are the evidence an inspector reads years later; they must match the record."""
    mi = m.closing.minutes
    if mi is None:
        yield ctx.finding("closing.minutes", "missing")
        return
    parts = [
        label
        for present, label in (
            (mi.place.strip(), Text("地点", "the place")),
            (mi.agenda, Text("议程", "the agenda")),
            (mi.speech_summaries, Text("发言摘要", "speech summaries")),
            (mi.decisions, Text("会议决定", "decisions")),
        )
        if not present
    ]
    if parts:
        yield ctx.finding("closing.minutes", "incomplete", parts=parts)
    s = m.review.session
    where = presence(m, ctx)
    status = {x.id: x.status for x in m.roster}
    facts_: list[tuple[str, Text, object, object]] = []
    if s is not None:
        facts_ += [
            ("held_on", Text("日期", "the date"), mi.held_on, s.held_on),
            ("chair_id", Text("主持人", "the chair"), mi.chair_id, s.chair_id),
            ("recorder_id", Text("记录人", "the recorder"), mi.recorder_id, s.recorder_id),
        ]
    full, prob = MemberStatus.FULL, MemberStatus.PROBATIONARY
    facts_ += [
        (
            "expected_full",
            Text("应到正式党员数", "expected full members"),
            mi.expected_full,
            sum(1 for i in where if status[i] is full),
        ),
        (
            "expected_probationary",
            Text("应到预备党员数", "expected probationary members"),
            mi.expected_probationary,
            sum(1 for i in where if status[i] is prob),
        ),
        (
            "present_full",
            Text("实到正式党员数", "present full members"),
            mi.present_full,
            sum(1 for i, p in where.items() if p is Presence.PRESENT and status[i] is full),
        ),
        (
            "present_probationary",
            Text("实到预备党员数", "present probationary members"),
            mi.present_probationary,
            sum(1 for i, p in where.items() if p is Presence.PRESENT and status[i] is prob),
        ),
    ]
    for field, what, given, want in facts_:
        if given != want:
            yield ctx.finding(
                f"closing.minutes.{field}", "mismatch", what=what, given=given, want=want
            )
    ok = approved_leave(m, ctx)
    listed = {a.member_id: a for a in mi.absentees}
    bad = [
        i
        for i, p in where.items()
        if p is not Presence.PRESENT
        and (i not in listed or not listed[i].reason.strip() or listed[i].excused != (i in ok))
    ]
    if bad:
        yield ctx.finding("closing.minutes.absentees", "absentees", members=bad)


@rule(
    "CLOSE-ARCHIVE",
    stage=STAGE,
    gate="entry",
    paths=("closing",),
    title=Text("资料归档", "Archive complete"),
    messages={"missing": Text("归档材料缺少：{missing}。", "The archive lacks: {missing}.")},
    hint=Text(
        "收集整理全部会议材料并归档，逐项登记。",
        "Collect and archive every document of the meeting, one entry each.",
    ),
    basis="source document（材料收集整理）；三会一课管理（每年年终装订成卷，归入档案）",
    reads=("archive_documents",),
)
def close_archive(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """An incomplete archive makes the meeting unverifiable afterwards."""
    have = {d.kind for d in m.closing.archive}
    missing = [k for k in ctx.settings.archive_documents if k not in have]
    if missing:
        yield ctx.finding(
            "closing.archive",
            "missing",
            missing=missing,
            subjects={"document": [k.value for k in missing]},
        )


@rule(
    "CLOSE-NO-OPEN-ITEMS",
    stage=STAGE,
    gate="entry",
    paths=("rectification",),
    title=Text("整改全部销号", "No open items"),
    messages={
        "open": Text(
            "整改事项 {item}（责任人 {owner}）尚未销号。",
            "Item {item} (owner {owner}) is still open.",
        ),
        "long_term": Text(
            "长期事项 {item} 没有阶段目标或未经上级批准。",
            "Long-term item {item} has no milestones or no approval by the superior.",
        ),
    },
    hint=Text(
        "所有整改事项销号后才能结束；需长期坚持的事项须有阶段目标并经上级代表批准。",
        "Close every item first; a long-term item needs milestones and the approval of a representative of the superior.",
    ),
    basis="巡视整改报告（确保如期销号；对需要长期坚持的事项，紧盯不放）；exception = inference",
)
def close_no_open_items(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Closing with open items is exactly the 一开了之 the source document warns against."""
    for f in item_facts(m, ctx):
        it = f.item
        common: dict[str, Any] = {
            "members": [it.owner_id],
            "item": it.id,
            "subjects": {"item": [it.id]},
        }
        if f.closure is not None:
            continue
        if it.long_term:
            if (
                not it.milestones
                or f.approval is None
                or not is_superior(m, f.approval.approved_by)
            ):
                yield ctx.finding(f"rectification.items[{f.position}]", "long_term", **common)
        elif f.state is ItemState.OPEN:
            yield ctx.finding(
                f"rectification.items[{f.position}]", "open", owner=ctx.name(it.owner_id), **common
            )


RULES = (close_report, close_minutes, close_archive, close_no_open_items)
