"""Closing rules (总结、报告、归档, RULES.md §2.5): evaluated when ``close`` is attempted."""

from __future__ import annotations

from collections.abc import Iterator

from meetingflow.records import (
    ItemStatus,
    Meeting,
    MemberStatus,
    Presence,
    ReportSection,
)
from meetingflow.rules._core import Finding, RuleContext, rule
from meetingflow.rules.builtin._helpers import presence

_Z = "closed"


@rule(
    "CLOSE-REPORT",
    stage=_Z,
    gate="entry",
    title={"zh": "向上级报告", "en": "Report to the superior"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "会后规定天数内向上级报送会议情况：过程、查摆的问题、党员思想状况和整改措施。",
        "en": "Within the set number of days, report to the superior: the process, the problems"
        " found, each member's state and the measures.",
    },
    basis="common practice (会后十五日内向上一级组织报送会议情况和发言记录)",
    reads=("report_within_days",),
)
def close_report(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The superior can only supervise what it is told."""
    n = ctx.settings.report_within_days
    r = m.closing.report
    held = m.review.session.held_on if m.review.session else None
    if r is None:
        yield ctx.finding(
            "closing.report",
            problem_zh="尚未向上级报告会议情况。",
            problem_en="The meeting has not been reported to the superior.",
        )
        return
    missing = [s.value for s in ReportSection if s not in r.sections]
    if missing:
        yield ctx.finding(
            "closing.report.sections",
            problem_zh=f"报告缺少以下部分：{', '.join(missing)}。",
            problem_en=f"The report lacks: {', '.join(missing)}.",
        )
    parent = m.organization.parent_id
    if parent is not None and r.to_org != parent:
        yield ctx.finding(
            "closing.report.to_org",
            problem_zh=f"报告报送给 {r.to_org}，而不是上级组织 {parent}。",
            problem_en=f"The report went to {r.to_org}, not the superior {parent}.",
        )
    if held is not None and (r.submitted_on - held).days > n:
        yield ctx.finding(
            "closing.report.submitted_on",
            repairable=False,
            problem_zh=f"报告于 {r.submitted_on} 报送，超过会后 {n} 天的时限。",
            problem_en=f"The report was filed on {r.submitted_on}, more than {n} days after the"
            " sitting.",
        )


@rule(
    "CLOSE-MINUTES",
    stage=_Z,
    gate="entry",
    title={"zh": "会议记录", "en": "Minutes"},
    message={"zh": "会议记录{problem_zh}。", "en": "The minutes {problem_en}."},
    hint={
        "zh": "会议记录写明时间、地点、主持人、记录人、应到实到人数（正式/预备）、缺席人员及原因、议程、发言摘要和决定。",
        "en": "Minutes state date, place, chair, recorder, expected and present counts (full and"
        " probationary), absentees with reasons, agenda, speech summaries and decisions.",
    },
    basis="common practice (应到人数、实到人数…缺席人员及原因、主持人、记录人)",
)
def close_minutes(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Minutes are the evidence an inspector reads years later."""
    mi = m.closing.minutes
    if mi is None:
        yield ctx.finding("closing.minutes", problem_zh="缺失", problem_en="are missing")
        return
    for field, zh, en in (
        ("place", "未写地点", "name no place"),
        ("agenda", "没有议程", "have no agenda"),
        ("speech_summaries", "没有发言摘要", "have no speech summaries"),
        ("decisions", "没有会议决定", "record no decisions"),
    ):
        if not getattr(mi, field):
            yield ctx.finding(f"closing.minutes.{field}", problem_zh=zh, problem_en=en)
    where = presence(m, ctx)
    status = {x.id: x.status for x in m.roster}
    counts = {
        "expected_full": sum(1 for i in where if status[i] is MemberStatus.FULL),
        "expected_probationary": sum(1 for i in where if status[i] is MemberStatus.PROBATIONARY),
        "present_full": sum(
            1 for i, p in where.items() if p is Presence.PRESENT and status[i] is MemberStatus.FULL
        ),
        "present_probationary": sum(
            1
            for i, p in where.items()
            if p is Presence.PRESENT and status[i] is MemberStatus.PROBATIONARY
        ),
    }
    for field, want in counts.items():
        if getattr(mi, field) != want:
            yield ctx.finding(
                f"closing.minutes.{field}",
                problem_zh=f"的 {field} 为 {getattr(mi, field)}，与出席记录（{want}）不符",
                problem_en=f"say {field} = {getattr(mi, field)}, but attendance gives {want}",
            )
    listed = {a.member_id for a in mi.absentees if a.reason.strip()}
    unlisted = [i for i, p in where.items() if p is not Presence.PRESENT and i not in listed]
    if unlisted:
        yield ctx.finding(
            "closing.minutes.absentees",
            members=unlisted,
            problem_zh=f"未列明缺席人员 {ctx.names(unlisted)} 及原因",
            problem_en=f"do not list absentees {ctx.names(unlisted)} with reasons",
        )


@rule(
    "CLOSE-ARCHIVE",
    stage=_Z,
    gate="entry",
    title={"zh": "资料归档", "en": "Archive complete"},
    message={"zh": "归档材料缺少：{missing}。", "en": "The archive lacks: {missing}."},
    hint={
        "zh": "收集整理全部会议材料并归档，在 closing.archive 中逐项登记。",
        "en": "Collect and archive every document of the meeting; list each in closing.archive.",
    },
    basis="source document（材料收集整理）; common practice (存档备查；装订成卷，归入档案)",
    reads=("archive_documents",),
)
def close_archive(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """An incomplete archive makes the meeting unverifiable afterwards."""
    have = {d.kind for d in m.closing.archive}
    missing = [k.value for k in ctx.settings.archive_documents if k not in have]
    if missing:
        yield ctx.finding("closing.archive", missing=", ".join(missing))


@rule(
    "CLOSE-NO-OPEN-ITEMS",
    stage=_Z,
    gate="entry",
    title={"zh": "整改全部销号", "en": "No open items"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "所有整改事项销号后才能结束；需长期坚持的事项须有阶段目标并经上级批准。",
        "en": "Close every item first; a long-term item needs milestones and the superior's"
        " approval.",
    },
    basis="common practice (确保如期销号；对需要长期坚持的事项，紧盯不放)",
)
def close_no_open_items(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Closing with open items is exactly the 一开了之 the source document warns against."""
    for i, it in enumerate(m.rectification.items):
        if it.status is ItemStatus.OPEN:
            yield ctx.finding(
                f"rectification.items[{i}]",
                members=[it.owner_id],
                problem_zh=f"整改事项 {it.id}（责任人 {ctx.name(it.owner_id)}）尚未销号。",
                problem_en=f"Item {it.id} (owner {ctx.name(it.owner_id)}) is still open.",
            )
        elif it.status is ItemStatus.LONG_TERM:
            assert it.long_term is not None
            if m.supervisor(it.long_term.approved_by) is None:
                yield ctx.finding(
                    f"rectification.items[{i}].long_term.approved_by",
                    members=[it.owner_id],
                    problem_zh=f"长期事项 {it.id} 未经上级批准。",
                    problem_en=f"Long-term item {it.id} was not approved by the superior.",
                )


RULES = (close_report, close_minutes, close_archive, close_no_open_items)
