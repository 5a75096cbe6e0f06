"""The review part of the sitting (会中检视剖析, catalogue §2.2).

The set-up of the sitting (REV-FORM, REV-RECORDER, REV-QUORUM) is judged when the sitting
starts (``gate="entry"``: it gates ``start_review``, and after a redo ``start_critique``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from meetingflow.i18n import Text
from meetingflow.records.terms import BranchRole, Presence, SessionForm, SpeakingMode
from meetingflow.rules.facts import (
    REGULATION,
    absent_on_leave,
    aspect_names,
    aspects,
    full_members,
    has_committee,
    is_superior,
    presence,
    present_ids,
    secretary,
)
from meetingflow.rules.rule import Severity, rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules.context import RuleContext

STAGE = "review"


@rule(
    "REV-FORM",
    stage=STAGE,
    gate="entry",
    title=Text("会议形式", "Form of the sitting"),
    messages={
        "no_session": Text(
            "尚未记录会议（日期、形式、主持人、记录人）。",
            "The sitting (date, form, chair, recorder) has not been recorded.",
        ),
        "no_form": Text("会议没有写明召开形式。", "The sitting's form is not recorded."),
        "no_chair": Text("会议没有主持人。", "The sitting has no chair."),
    },
    hint=Text(
        "记录会议：以党员大会、支委会或党小组会形式召开，写明日期和主持人。",
        "Record the sitting: held as a general meeting, a committee meeting or a group meeting,"
        " with its date and chair.",
    ),
    basis=f"{REGULATION}第十七条（以党支部党员大会、党支部委员会会议或者党小组会形式召开）",
)
def rev_form(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Only the three regulated forms count; the sitting cannot start unrecorded.

    With no session recorded this is the one finding, and the other session rules are not
    applicable (clarification 11).
    """
    s = m.review.session
    if s is None:
        yield ctx.finding("review.session", "no_session")
        return
    if s.form is None:
        yield ctx.finding("review.session.form", "no_form", subjects={"session": [s.id]})
    if s.chair_id is None:
        yield ctx.finding("review.session.chair_id", "no_chair", subjects={"session": [s.id]})


@rule(
    "REV-QUORUM",
    stage=STAGE,
    gate="entry",
    title=Text("到会人数", "Quorum"),
    messages={
        "short": Text(
            "到会正式党员 {present} 人，未超过应到会正式党员 {expected} 人的{ratio}。",
            "{present} full {present:member|members} present, not more than {ratio} of the {expected} expected.",
        )
    },
    hint=Text(
        "记录出席情况；到会正式党员须超过应到会（不含免于参加者）正式党员的半数。",
        "Record attendance; present full members must exceed half of the non-exempt full members.",
    ),
    basis=f"{REGULATION}第十一条（半数以上有表决权的党员到会）；applied to 组织生活会 by inference",
    reads=("quorum_ratio",),
)
def rev_quorum(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A sitting attended by a minority cannot speak for the branch."""
    if m.review.session is None:
        ctx.not_applicable()
    full = full_members(m)
    if not full:
        ctx.not_applicable()
    here = set(present_ids(m, ctx))
    present = sum(1 for x in full if x.id in here)
    ratio = ctx.settings.quorum_ratio
    if not present > ratio * len(full):
        shown = Text("半数", "half") if ratio == 0.5 else f"{ratio:.0%}"
        yield ctx.finding(
            "review.attendance", "short", present=present, expected=len(full), ratio=shown
        )


@rule(
    "REV-HOST",
    stage=STAGE,
    gate="none",
    severity=Severity.WARNING,
    title=Text("主持人", "Chair"),
    messages={
        "not_secretary": Text(
            "会议由 {who} 主持，而不是支部书记。",
            "{who} chairs the sitting instead of the branch secretary.",
        ),
        "not_leader": Text(
            "党小组会由 {who} 主持，而不是党小组组长。",
            "{who} chairs the group meeting instead of the group leader.",
        ),
    },
    hint=Text(
        "原则上由支部书记主持；党小组会由党小组组长主持。",
        "The branch secretary chairs as a rule; a group leader chairs a group meeting.",
    ),
    basis="组织生活会制度（原则上由党支部书记主持）",
)
def rev_host(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The secretary answers for the meeting, so the secretary runs it."""
    s = m.review.session
    if s is None or s.chair_id is None:
        ctx.not_applicable()
    chair = ctx.members.get(s.chair_id)
    if s.form is SessionForm.GROUP_MEETING:
        if chair is None or not chair.has(BranchRole.GROUP_LEADER):
            yield ctx.finding("review.session.chair_id", "not_leader", members=[s.chair_id])
    elif chair is None or not chair.is_secretary:
        yield ctx.finding("review.session.chair_id", "not_secretary", members=[s.chair_id])


@rule(
    "REV-RECORDER",
    stage=STAGE,
    gate="entry",
    title=Text("记录人", "Recorder"),
    messages={
        "none": Text("会议没有指定记录人。", "No recorder was designated."),
        "absent": Text("记录人 {who} 未到会。", "The recorder {who} is not present."),
    },
    hint=Text(
        "指定一名到会党员专门做会议记录。", "Designate a present member to take the minutes."
    ),
    basis="支部党员大会制度（要指定专人做好会议记录）",
)
def rev_recorder(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Minutes are the evidence of the sitting; someone present must own them."""
    s = m.review.session
    if s is None:
        ctx.not_applicable()
    if s.recorder_id is None:
        yield ctx.finding("review.session.recorder_id", "none")
    elif presence(m, ctx).get(s.recorder_id) is not Presence.PRESENT:
        yield ctx.finding("review.session.recorder_id", "absent", members=[s.recorder_id])


@rule(
    "REV-BRANCH-REPORT",
    stage=STAGE,
    title=Text("通报支部工作", "Branch report"),
    messages={
        "missing": Text(
            "支部书记未在会上报告支部工作情况。",
            "The secretary has not reported the branch's work at the sitting.",
        ),
        "not_secretary": Text(
            "支部工作由 {who} 报告，而不是支部书记。",
            "The branch report was given by {who}, not by the secretary.",
        ),
        "no_committee": Text(
            "支部工作报告没有通报支委会的对照检查情况。",
            "The branch report did not cover the committee's self-inspection.",
        ),
    },
    hint=Text(
        "由书记在会上报告支部工作，并通报支委会对照检查情况，记录在案。",
        "Have the secretary report the branch's work and the committee's self-inspection at the sitting; record it.",
    ),
    basis="组织生活会制度（报告工作情况，通报支委会对照检查情况）",
)
def rev_branch_report(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Members judge the committee by what it reports of itself."""
    if m.review.session is None:
        ctx.not_applicable()
    r = m.review.branch_report
    if r is None:
        yield ctx.finding("review.branch_report", "missing")
        return
    sec = secretary(m)
    if sec is None or r.presented_by != sec.id:
        yield ctx.finding(
            "review.branch_report.presented_by", "not_secretary", members=[r.presented_by]
        )
    if has_committee(m) and not r.covers_committee_inspection:
        yield ctx.finding("review.branch_report.covers_committee_inspection", "no_committee")


@rule(
    "REV-PREV-RECTIFICATION",
    stage=STAGE,
    title=Text("上次整改情况", "Previous rectification"),
    messages={
        "missing": Text(
            "未报告上次组织生活会（{previous}）的整改落实情况。",
            "The previous meeting's ({previous}) rectification was not reported.",
        ),
        "items": Text(
            "上次组织生活会（{previous}）的整改事项 {items} 未逐项报告。",
            "{count:Item|Items} {items} of the previous meeting ({previous})"
            " {count:was|were} not reported item by item.",
        ),
    },
    hint=Text(
        "会上逐项通报上次会议整改事项的完成情况。",
        "Report each item of the previous meeting's rectification and where it stands.",
    ),
    basis="组织生活会制度（上次组织生活会的问题整改落实情况；逐项报告）",
)
def rev_prev_rectification(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A meeting that forgets last time's promises makes promises cheap."""
    prev = m.review.previous_meeting
    if prev is None or m.review.session is None:
        ctx.not_applicable()
    r = m.review.previous_rectification_report
    if r is None:
        yield ctx.finding(
            "review.previous_rectification_report",
            "missing",
            previous=prev.meeting_id,
            subjects={"meeting": [prev.meeting_id]},
        )
        return
    reported = {s.item_id for s in r.items}
    missing = [i for i in prev.item_ids if i not in reported]
    if missing:
        yield ctx.finding(
            "review.previous_rectification_report.items",
            "items",
            previous=prev.meeting_id,
            items=missing,
            count=len(missing),
            subjects={"item": missing, "meeting": [prev.meeting_id]},
        )


@rule(
    "REV-SELF-EXAM-ALL",
    stage=STAGE,
    title=Text("逐一检视剖析", "Every member examines himself or herself"),
    messages={
        "missing": Text("{who} 没有作检视剖析发言。", "No self-examination from: {who}."),
        "not_in_person": Text(
            "到会的 {who} 没有本人发言。", "Present but did not speak in person: {who}."
        ),
        "no_proxy": Text(
            "请假的 {who} 没有由到会党员代读书面发言。",
            "On leave, and no present member read out the written outline: {who}.",
        ),
    },
    hint=Text(
        "每名到会党员逐一本人发言；经批准请假的党员提交书面发言提纲，由到会党员代读。",
        "Every present member speaks in person, in turn; a member on approved leave has a written"
        " outline read out by a present member.",
    ),
    basis="source document（其他党员逐一发言）；组织生活会制度（依次作对照检查）",
)
def rev_self_exam_all(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Self-examination is the core of the sitting; nobody is excused from it.

    "Absent on leave" means absent with approved leave, however attendance was labelled; an
    absence without it is ATT-UNEXCUSED's, not this rule's.
    """
    if m.review.session is None:
        ctx.not_applicable()
    done = {x.member_id: x for x in m.review.self_examinations}
    here = present_ids(m, ctx)
    missing = [i for i in here if i not in done]
    wrong = [i for i in here if i in done and done[i].mode is not SpeakingMode.IN_PERSON]
    present = set(here)
    no_proxy = [
        i
        for i in absent_on_leave(m, ctx)
        if i not in done
        or done[i].mode is not SpeakingMode.WRITTEN_PROXY
        or done[i].proxy_id not in present
    ]
    if missing:
        yield ctx.finding("review.self_examinations", "missing", members=missing)
    if wrong:
        yield ctx.finding("review.self_examinations", "not_in_person", members=wrong)
    if no_proxy:
        yield ctx.finding("review.self_examinations", "no_proxy", members=no_proxy)


@rule(
    "REV-ASPECTS-COVERED",
    stage=STAGE,
    title=Text("检视覆盖规定方面", "Self-examination covers every aspect"),
    messages={
        "missing": Text(
            "{who} 的检视剖析未涵盖：{missing}。",
            "The self-examination of {who} does not cover: {missing}.",
        )
    },
    hint=Text(
        "从规定的各个方面检视问题、进行党性分析。", "Examine every aspect the campaign sets."
    ),
    basis="从规定的四个方面进行检视问题、党性分析（巡回指导组列席指导报道）；source document",
    reads=("aspects",),
)
def rev_aspects_covered(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """As with the materials: every aspect, not only the comfortable ones."""
    if m.review.session is None or not m.review.self_examinations:
        ctx.not_applicable()
    required = aspects(m, ctx)
    for i, s in enumerate(m.review.self_examinations):
        missing = [a for a in required if a not in s.aspects]
        if missing:
            yield ctx.finding(
                f"review.self_examinations[{i}].aspects",
                "missing",
                members=[s.member_id],
                missing=aspect_names(m, missing),
            )


@rule(
    "REV-SUPERIOR-PRESENT",
    stage=STAGE,
    gate="none",
    severity=Severity.WARNING,
    title=Text("上级列席指导", "Superior attends"),
    messages={
        "none": Text(
            "没有上级党组织代表列席指导。", "No representative of the superior attends to guide."
        )
    },
    hint=Text(
        "邀请上级党组织（指导组）代表列席指导，并记入会议的列席人员。",
        "Invite a representative of the superior to attend and guide; record them as an observer.",
    ),
    basis="组织生活会制度（上级党组织领导班子成员要参加下级党组织组织生活会）",
)
def rev_superior_present(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Guidance in the room keeps the sitting from becoming a formality."""
    s = m.review.session
    if s is None:
        ctx.not_applicable()
    if not any(is_superior(m, p) for p in s.observer_ids):
        yield ctx.finding("review.session.observer_ids", "none")


RULES = (
    rev_form,
    rev_quorum,
    rev_host,
    rev_recorder,
    rev_branch_report,
    rev_prev_rectification,
    rev_self_exam_all,
    rev_aspects_covered,
    rev_superior_present,
)
