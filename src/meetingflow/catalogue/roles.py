"""Roles (catalogue §2.6): dual organizational life, cadres as ordinary members, the committee."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from meetingflow.i18n import Text
from meetingflow.records.terms import BranchRole, MemberStatus, SessionForm
from meetingflow.rules.facts import approved_leave, cadres, has_committee, present_ids
from meetingflow.rules.rule import Severity, rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules.context import RuleContext


@rule(
    "ROLE-DUAL-MEMBERSHIP",
    stage="review",
    gate="none",
    title=Text("双重组织生活", "Dual organizational life"),
    messages={
        "unregistered": Text(
            "领导干部 {who} 没有登记在本支部过双重组织生活。",
            "Leading {count:cadre|cadres} {who} {count:is|are} not registered in this branch for dual organizational life.",
        ),
        "registered_twice": Text(
            "领导干部 {who} 登记在不止一个支部。",
            "Leading {count:cadre|cadres} {who} {count:is|are} registered in more than one branch.",
        ),
        "away": Text(
            "领导干部 {who} 未以普通党员身份参加本支部组织生活会，也没有获批的请假。",
            "Leading {count:cadre|cadres} {who} did not attend this branch's meeting and had no approved leave.",
        ),
    },
    hint=Text(
        "领导干部登记在一个支部，以普通党员身份参加该支部的组织生活会，或经批准请假。",
        "A leading cadre is registered in exactly one branch and attends its meeting as an"
        " ordinary member, or has approved leave.",
    ),
    basis="《中国共产党章程》第八条；党员领导干部双重组织生活制度（以普通党员身份参加所在党支部组织生活会）",
)
def role_dual_membership(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """No cadre is too senior for branch life, and the record proves it to the superior."""
    cs = cadres(m)
    if not cs or m.review.session is None:
        ctx.not_applicable()
    org = m.organization.id
    unregistered = [c.id for c in cs if c.cadre is None or org not in c.cadre.registered_branch_ids]
    twice = [
        c.id
        for c in cs
        if c.cadre is not None
        and org in c.cadre.registered_branch_ids
        and len(c.cadre.registered_branch_ids) > 1
    ]
    if unregistered:
        yield ctx.finding("roster", "unregistered", members=unregistered, count=len(unregistered))
    if twice:
        yield ctx.finding("roster", "registered_twice", members=twice, count=len(twice))
    here = set(present_ids(m, ctx))
    ok = approved_leave(m, ctx)
    away = [c.id for c in cs if c.exemption is None and c.id not in here and c.id not in ok]
    if away:
        yield ctx.finding(
            "review.attendance", "away", members=away, count=len(away), repairable=False
        )


@rule(
    "ROLE-CADRE-AS-ORDINARY",
    stage="review",
    gate="none",
    title=Text("以普通党员身份参加", "Cadres attend as ordinary members"),
    messages={
        "chairs": Text(
            "领导干部 {who} 凭职务主持会议，而其不是本支部书记或副书记。",
            "Leading cadre {who} chairs the sitting by rank without being the branch secretary"
            " or a deputy secretary.",
        ),
        "leads_group": Text(
            "领导干部 {who} 主持党小组会，而其不是党小组组长。",
            "Leading cadre {who} chairs the group meeting without being its group leader.",
        ),
        "reports": Text(
            "领导干部 {who} 代替书记作了{what}。",
            "Leading cadre {who} gave {what} in the secretary's place.",
        ),
    },
    hint=Text(
        "领导干部以普通党员身份参加：由支部书记主持并报告工作，领导干部不因职务担任支部中没有的角色。",
        "The cadre attends as an ordinary member: the secretary chairs and reports; no branch"
        " role is taken because of rank.",
    ),
    basis="共产党员网党务问答：什么是双重组织生活（以普通党员身份参加）",
)
def role_cadre_as_ordinary(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Rank outside the branch confers no role inside it (chair, group leader, reporter).

    A cadre may chair by a branch role he or she holds: the secretary or a deputy secretary a
    general or committee meeting, the group leader a group meeting. Judged once the session
    has started; part of the critique gate (clarification 12).
    """
    s = m.review.session
    present = set(present_ids(m, ctx))
    here = {c.id: c for c in cadres(m) if c.id in present}
    if s is None or not here:
        ctx.not_applicable()
    chair = here.get(s.chair_id or "")
    if chair is not None:
        if s.form is SessionForm.GROUP_MEETING and not chair.has(BranchRole.GROUP_LEADER):
            yield ctx.finding("review.session.chair_id", "leads_group", members=[chair.id])
        elif s.form is not SessionForm.GROUP_MEETING and not (
            chair.is_secretary or chair.has(BranchRole.DEPUTY_SECRETARY)
        ):
            yield ctx.finding("review.session.chair_id", "chairs", members=[chair.id])
    for field, what in (
        ("branch_report", Text("支部工作报告", "the branch report")),
        (
            "previous_rectification_report",
            Text("上次整改情况报告", "the previous rectification report"),
        ),
    ):
        r = getattr(m.review, field)
        cadre = here.get(r.presented_by) if r is not None else None
        if cadre is not None and not cadre.is_secretary:
            yield ctx.finding(
                f"review.{field}.presented_by", "reports", members=[cadre.id], what=what
            )


@rule(
    "ROLE-COMMITTEE-REQUIRED",
    stage="preparation",
    gate="none",
    paths=("roster",),
    severity=Severity.WARNING,
    title=Text("设立支部委员会", "Committee required"),
    messages={
        "none": Text(
            "支部有正式党员 {count} 人（不少于 {limit} 人），但未设立支部委员会。",
            "The branch has {count} full members ({limit} or more) but no committee.",
        )
    },
    hint=Text(
        "正式党员7人以上的党支部应设立支部委员会，并在名册中登记支委。",
        "A branch with 7 or more full members sets up a committee; mark its members on the roster.",
    ),
    basis="《中国共产党党和国家机关基层组织工作条例》第七条（正式党员7人以上的党支部，设立支部委员会）",
    reads=("committee_required_from",),
)
def role_committee_required(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Structural, so always evaluated: it decides whether PREP-COMMITTEE-FIRST applies (clarification 15).

    Not applicable to a branch with fewer full members than the threshold (nothing to require).
    """
    count = sum(1 for x in m.roster if x.status is MemberStatus.FULL)
    limit = ctx.settings.committee_required_from
    if count < limit:
        ctx.not_applicable()
    if not has_committee(m):
        yield ctx.finding("roster", "none", count=count, limit=limit)


RULES = (role_dual_membership, role_cadre_as_ordinary, role_committee_required)
