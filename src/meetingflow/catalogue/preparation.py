"""Preparation (会前准备, catalogue §2.1): the notice, the plan and its approval, theme, notice
to attendees, study, the superior's spot checks and the committee's own session first.

Every error here gates ``start_review`` (PREP-READINESS-GATE) and stays repairable for as long
as the meeting is being prepared, even once the planned day has come: the remedy for an
unprepared sitting is to finish preparing and, if need be, to postpone it with the superior's
approval (对没有准备好的，不急于开会). Once the sitting starts, preparation is sealed and what
is missing stays on record.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from meetingflow.i18n import Text
from meetingflow.records.terms import MeetingKind, SessionForm
from meetingflow.rules import facts
from meetingflow.rules.facts import (
    REGULATION,
    expected,
    has_committee,
    is_superior,
    meeting_date,
    normalize,
)
from meetingflow.rules.rule import Severity, rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules.context import RuleContext

STAGE = "preparation"

TIMETABLE_STAGES = ("preparation", "review", "critique", "rectification")
"""The catalogue's stages the notice's timetable gives a deadline for (those the flow has)."""


@rule(
    "PREP-NOTICE",
    stage=STAGE,
    title=Text("上级通知", "Superior notice"),
    messages={
        "missing": Text("缺少上级党组织的通知。", "The superior's notice is missing."),
        "timetable": Text(
            "上级通知的时间表缺少以下阶段的截止日期：{stages}。",
            "The notice's timetable has no deadline for: {stages}.",
        ),
        "scope": Text(
            "上级通知的范围未包含本组织（{org}）。",
            "The notice does not name this organization ({org}) in its scope.",
        ),
        "after_plan": Text(
            "上级通知（{issued}）不早于本组织的会议方案（{drafted}）。",
            "The notice ({issued}) was not issued before the branch's plan ({drafted}).",
        ),
    },
    hint=Text(
        "录入上级党组织印发的通知，写明时间表（每个阶段一个截止日期）和范围（须召开会议的组织）。",
        "Record the superior's notice with its timetable (a deadline for each stage) and its"
        " scope (the organizations that must hold the meeting).",
    ),
    basis="source document（绵投集团党委《关于召开党史学习教育专题组织生活会的通知》：明确时间表和路线图）",
)
def prep_notice(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Everything else follows from the superior's notice: its timetable and its scope.

    The timetable needs one deadline for each of the catalogue's stages in the flow
    (preparation, review, critique, rectification; not a host's own stage); the notice comes
    before any plan of the branch (a plan drafted on the notice's own day is not after it).
    """
    notice = m.preparation.notice
    if notice is None:
        yield ctx.finding("preparation.notice", "missing")
        return
    have = {d.stage for d in notice.timetable}
    missing = [s for s in TIMETABLE_STAGES if s in ctx.stages and s not in have]
    if missing:
        yield ctx.finding(
            "preparation.notice.timetable",
            "timetable",
            stages=[ctx.stage_title(s) for s in missing],
        )
    if m.organization.id not in notice.scope_org_ids:
        yield ctx.finding(
            "preparation.notice.scope_org_ids",
            "scope",
            org=m.organization.name,
            subjects={"organization": [m.organization.id]},
        )
    plan = m.preparation.plan
    if plan is not None and not notice.issued_on < plan.drafted_on:
        yield ctx.finding(
            "preparation.notice.issued_on",
            "after_plan",
            issued=notice.issued_on,
            drafted=plan.drafted_on,
        )


@rule(
    "PREP-PLAN",
    stage=STAGE,
    title=Text("会议方案", "Meeting plan"),
    messages={
        "missing": Text(
            "本组织尚未制定会议方案。", "The organization has drafted no meeting plan."
        ),
        "incomplete": Text("会议方案缺少：{parts}。", "The meeting plan lacks: {parts}."),
        "other_org": Text(
            "会议方案是为 {org} 制定的，不是本组织。",
            "The meeting plan is for {org}, not this organization.",
        ),
    },
    hint=Text(
        "制定会议方案，写明日期、地点、主题、形式与议程、学习内容和日程安排。",
        "Draft the meeting plan: date, venue, theme, form and agenda, study items and schedule.",
    ),
    basis="source document（制定专题组织生活会方案）；组织生活会制度（制定方案）",
)
def prep_plan(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The plan fixes when, where and how; without it nothing can be checked against a date."""
    plan = m.preparation.plan
    if plan is None:
        yield ctx.finding("preparation.plan", "missing")
        return
    if plan.org_id is not None and plan.org_id != m.organization.id:
        yield ctx.finding(
            "preparation.plan.org_id",
            "other_org",
            org=plan.org_id,
            subjects={"organization": [plan.org_id]},
        )
    parts = [
        label
        for present, label in (
            (plan.venue.strip(), Text("地点", "a venue")),
            (plan.theme.strip(), Text("主题", "a theme")),
            (plan.agenda, Text("议程", "an agenda")),
            (plan.study_items, Text("学习内容", "study items")),
            (plan.schedule, Text("日程安排", "a schedule")),
        )
        if not present
    ]
    if parts:
        yield ctx.finding("preparation.plan", "incomplete", parts=parts)


@rule(
    "PREP-PLAN-APPROVAL",
    stage=STAGE,
    title=Text("方案报批", "Plan approval"),
    messages={
        "not_submitted": Text(
            "会议方案未报上级党组织审核。", "The plan was not submitted to the superior."
        ),
        "not_approved": Text(
            "会议方案尚未获上级批准。", "The plan has not been approved by the superior."
        ),
        "not_superior": Text(
            "会议方案由 {who_approved} 批准，但其不是上级党组织的代表。",
            "The plan was approved by {who_approved}, who is not a representative of the superior.",
        ),
        "before_submission": Text(
            "批准日期（{approved}）早于报送日期（{submitted}）。",
            "The approval ({approved}) is dated before the submission ({submitted}).",
        ),
        "late": Text(
            "方案批准日期（{approved}）不早于会议日期（{day}）。",
            "The plan was approved on {approved}, not before the meeting date ({day}).",
        ),
    },
    hint=Text(
        "将方案报上级党组织审核，并在会议召开日之前取得上级代表的批准。",
        "Submit the plan to the superior and have a representative of the superior approve it"
        " before the day of the meeting.",
    ),
    basis="2014年中央教育实践活动领导小组关于专题组织生活会的通知（报上级党组织审核把关）",
)
def prep_plan_approval(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The superior vets the plan before the sitting; a sitting on an unvetted plan is premature.

    Compared with the sitting's date once it is recorded, and with the meeting's date before
    it: the planned date, or the date of a postponement the superior approved.
    """
    plan = m.preparation.plan
    if plan is None:
        ctx.not_applicable()
    if plan.submitted_on is None:
        yield ctx.finding("preparation.plan.submitted_on", "not_submitted")
    approval = m.preparation.plan_approval
    if approval is None:
        yield ctx.finding("preparation.plan_approval", "not_approved")
        return
    if not is_superior(m, approval.approved_by):
        yield ctx.finding(
            "preparation.plan_approval.approved_by",
            "not_superior",
            who_approved=ctx.name(approval.approved_by),
        )
    if plan.submitted_on is not None and approval.approved_on < plan.submitted_on:
        yield ctx.finding(
            "preparation.plan_approval.approved_on",
            "before_submission",
            approved=approval.approved_on,
            submitted=plan.submitted_on,
        )
    moved = any(is_superior(m, p.approved_by) for p in m.preparation.postponements)
    planned = None if moved else plan.meeting_date
    for limit in sorted({d for d in (planned, facts.meeting_date(m)) if d is not None}):
        if not approval.approved_on < limit:
            yield ctx.finding(
                "preparation.plan_approval.approved_on",
                "late",
                approved=approval.approved_on,
                day=limit,
            )
            break


@rule(
    "PREP-THEME",
    stage=STAGE,
    title=Text("会议主题", "Meeting theme"),
    messages={
        "missing": Text("会议没有确定主题。", "The meeting has no theme."),
        "not_campaign": Text(
            "专题组织生活会的主题「{theme}」与活动主题「{campaign}」不一致。",
            "The theme “{theme}” of a thematic meeting is not the campaign theme “{campaign}”.",
        ),
    },
    hint=Text(
        "在会议方案中确定主题；专题组织生活会使用本次活动的主题。",
        "Set the theme in the plan; a thematic meeting takes the campaign's theme.",
    ),
    basis=f"{REGULATION}第十七条（组织生活会应当确定主题）",
)
def prep_theme(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A meeting without a theme drifts; a thematic one carries its campaign's theme."""
    plan = m.preparation.plan
    theme = plan.theme if plan is not None else ""
    if not theme.strip():
        yield ctx.finding("preparation.plan.theme", "missing")
    elif (
        m.campaign.kind is MeetingKind.THEMATIC
        and m.campaign.theme.strip()
        and normalize(theme) != normalize(m.campaign.theme)
    ):
        yield ctx.finding(
            "preparation.plan.theme", "not_campaign", theme=theme, campaign=m.campaign.theme
        )


@rule(
    "PREP-ADVANCE-NOTICE",
    stage=STAGE,
    severity=Severity.WARNING,
    title=Text("提前通知", "Advance notice"),
    messages={
        "late": Text(
            "{who} 未在会前 {days} 天得到通知。",
            "Not notified {days} {days:day|days} ahead of the meeting: {who}.",
        )
    },
    hint=Text(
        "至少提前规定天数通知全体与会人员，并记录通知日期。",
        "Notify every attendee at least the set number of days ahead, and record when.",
    ),
    basis="组织生活会制度（提前10天通知与会人员）",
    reads=("advance_notice_days",),
)
def prep_advance_notice(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """People need time to study and to write their material: at least N days (meeting − notified ≥ N)."""
    day = meeting_date(m)
    if day is None:
        ctx.not_applicable()
    n = ctx.settings.advance_notice_days
    notified = {x.member_id: x.notified_on for x in m.preparation.notifications}
    late = [x.id for x in expected(m) if x.id not in notified or (day - notified[x.id]).days < n]
    if late:
        yield ctx.finding(
            "preparation.notifications",
            "late",
            members=late,
            days=n,
            repairable=(day - ctx.today).days >= n,
        )


@rule(
    "PREP-STUDY",
    stage=STAGE,
    title=Text("会前学习", "Pre-meeting study"),
    messages={
        "none": Text("会前没有开展集中学习。", "No collective study was held before the meeting."),
        "attendance": Text(
            "学习（{session}）没有记录参加人员。",
            "The study session {session} has no recorded attendance.",
        ),
        "hours": Text(
            "会前集中学习累计 {hours} 小时，少于要求的 {required} 小时。",
            "Collective study totals {hours} h, less than the required {required} h.",
        ),
    },
    hint=Text(
        "会前组织集中学习，记录参加人员和时长。",
        "Hold collective study before the meeting; record who attended and for how long.",
    ),
    basis=f"{REGULATION}第十七条（会前认真学习）；组织生活会制度（集中学习时间不少于半天）",
    reads=("min_study_hours",),
)
def prep_study(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Study comes before self-examination; its attendance shows it really happened.

    Only sessions dated before the meeting date count.
    """
    day = meeting_date(m)
    sessions = [
        (i, s) for i, s in enumerate(m.preparation.study_sessions) if day is None or s.held_on < day
    ]
    if not sessions:
        yield ctx.finding("preparation.study_sessions", "none")
        return
    for i, s in sessions:
        if not s.attendee_ids:
            yield ctx.finding(
                f"preparation.study_sessions[{i}].attendee_ids",
                "attendance",
                session=s.id,
                subjects={"study_session": [s.id]},
            )
    hours = sum(s.hours for _, s in sessions)
    required = ctx.settings.min_study_hours
    if required and hours < required:
        yield ctx.finding(
            "preparation.study_sessions",
            "hours",
            hours=f"{hours:g}",
            required=f"{required:g}",
        )


@rule(
    "PREP-SPOT-CHECK",
    stage=STAGE,
    severity=Severity.WARNING,
    title=Text("上级抽查", "Superior spot check"),
    messages={
        "none": Text(
            "上级党组织未在会前对本组织的准备工作进行抽查或指导。",
            "The superior did not spot-check or guide this organization's preparation before the meeting.",
        )
    },
    hint=Text(
        "上级学习教育小组在会前抽查准备工作并指导，由上级代表本人记录。",
        "A representative of the superior spot-checks the preparation before the meeting and records it.",
    ),
    basis="source document（集团党史学习教育小组进行了抽查、指导）",
)
def prep_spot_check(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Spot checks are how a superior knows preparation is real, not paper.

    Only a check by a recorded representative of the superior, not after the meeting date, counts.
    """
    day = meeting_date(m)
    ok = [
        s
        for s in m.preparation.spot_checks
        if is_superior(m, s.by_id) and (day is None or s.on <= day)
    ]
    if not ok:
        yield ctx.finding(
            "preparation.spot_checks", "none", repairable=day is None or ctx.today <= day
        )


@rule(
    "PREP-COMMITTEE-FIRST",
    stage=STAGE,
    title=Text("先开支委会", "Committee session first"),
    messages={
        "missing": Text(
            "设支委会的支部未先行召开支委会。",
            "The branch has a committee but held no committee session first.",
        ),
        "not_before": Text(
            "支委会（{held}）没有在全体党员会议（{day}）之前召开。",
            "The committee session ({held}) was not held before the plenary ({day}).",
        ),
        "form": Text(
            "先行召开的会议不是支委会。", "The session held first was not a committee meeting."
        ),
    },
    hint=Text(
        "设支委会的支部先召开支委会对照检查，再召开全体党员大会并通报支委会的对照检查情况。",
        "A branch with a committee holds a committee session first, then the plenary, where the"
        " committee's self-inspection is reported.",
    ),
    basis="党建制度（设支委会的党支部要先行召开支委会，在此基础上召开全体党员大会）",
)
def prep_committee_first(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The committee examines itself first so that it can lead by example in the plenary.

    Not applicable without a committee, or when the sitting is itself a committee meeting. The
    report of its findings to the plenary is judged at the plenary (REV-BRANCH-REPORT).
    """
    if not has_committee(m):
        ctx.not_applicable()
    session = m.review.session
    plan = m.preparation.plan
    form = (
        session.form
        if session is not None and session.form is not None
        else (plan.form if plan else None)
    )
    if form is SessionForm.COMMITTEE_MEETING:
        ctx.not_applicable()
    cs = m.preparation.committee_session
    day = meeting_date(m)
    if cs is None:
        yield ctx.finding("preparation.committee_session", "missing")
        return
    if cs.form is not SessionForm.COMMITTEE_MEETING:
        yield ctx.finding("preparation.committee_session.form", "form")
    if day is not None and not cs.held_on < day:
        yield ctx.finding(
            "preparation.committee_session.held_on",
            "not_before",
            held=cs.held_on,
            day=day,
        )


RULES = (
    prep_notice,
    prep_plan,
    prep_plan_approval,
    prep_theme,
    prep_advance_notice,
    prep_study,
    prep_spot_check,
    prep_committee_first,
)
