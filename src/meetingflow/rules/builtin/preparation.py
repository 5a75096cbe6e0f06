"""Preparation rules (会前准备, RULES.md §2.1)."""

from __future__ import annotations

from collections.abc import Iterator

from meetingflow.records import MaterialKind, Meeting, OpinionSource, ProblemScope, Verdict
from meetingflow.rules._core import Finding, RuleContext, Severity, rule
from meetingflow.rules.builtin._helpers import (
    REGULATION,
    cadres,
    committee,
    expected,
    has_committee,
    meeting_date,
    normalize,
    secretary,
)
from meetingflow.rules.builtin._helpers import aspects as _aspects

_P = "preparation"


@rule(
    "PREP-NOTICE",
    stage=_P,
    title={"zh": "上级通知", "en": "Superior notice"},
    message={"zh": "上级通知{problem_zh}。", "en": "The superior notice {problem_en}."},
    hint={
        "zh": "录入上级党组织印发的通知，写明时间表（各阶段截止日期）和范围（须召开会议的组织）。",
        "en": "Record the superior's notice with its timetable (a deadline per stage) and"
        " its scope (the organizations that must hold the meeting).",
    },
    basis="source document (绵投集团党委《关于召开党史学习教育专题组织生活会的通知》)",
)
def prep_notice(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A notice with a timetable and scope comes first; everything else follows from it."""
    notice = m.preparation.notice
    if notice is None:
        yield ctx.finding("preparation.notice", problem_zh="缺失", problem_en="is missing")
        return
    if not notice.timetable:
        yield ctx.finding(
            "preparation.notice.timetable",
            problem_zh="没有时间表",
            problem_en="has no timetable",
        )
    if m.organization.id not in notice.scope_org_ids:
        yield ctx.finding(
            "preparation.notice.scope_org_ids",
            problem_zh=f"的范围未包含本组织（{m.organization.id}）",
            problem_en=f"does not name this organization ({m.organization.id}) in its scope",
        )
    plan = m.preparation.plan
    if plan is not None and plan.drafted_on < notice.issued_on:
        yield ctx.finding(
            "preparation.notice.issued_on",
            problem_zh=f"晚于会议方案（{plan.drafted_on}）印发",
            problem_en=f"was issued after the meeting plan was drafted ({plan.drafted_on})",
        )


@rule(
    "PREP-PLAN",
    stage=_P,
    title={"zh": "会议方案", "en": "Meeting plan"},
    message={"zh": "会议方案{problem_zh}。", "en": "The meeting plan {problem_en}."},
    hint={
        "zh": "制定会议方案，写明日期、地点、主题、形式与议程、学习内容。",
        "en": "Draft the meeting plan with date, venue, theme, form and agenda, and study items.",
    },
    basis="source document; common practice (组织生活会制度)",
)
def prep_plan(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The plan fixes when, where and how; without it nothing can be checked against a date."""
    plan = m.preparation.plan
    if plan is None:
        yield ctx.finding("preparation.plan", problem_zh="缺失", problem_en="is missing")
        return
    for field, zh, en in (
        ("venue", "未写明地点", "names no venue"),
        ("agenda", "没有议程", "has no agenda"),
        ("study_items", "没有学习内容", "lists no study items"),
    ):
        if not getattr(plan, field):
            yield ctx.finding(f"preparation.plan.{field}", problem_zh=zh, problem_en=en)


@rule(
    "PREP-PLAN-APPROVAL",
    stage=_P,
    title={"zh": "方案报批", "en": "Plan approval"},
    message={"zh": "会议方案{problem_zh}。", "en": "The meeting plan {problem_en}."},
    hint={
        "zh": "将方案报上级党组织审核，并在会议日期前取得批准。",
        "en": "Submit the plan to the superior organization and have it approved before the"
        " meeting date.",
    },
    basis="2014年中央教育实践活动领导小组关于专题组织生活会的通知（报上级党组织审核把关）",
)
def prep_plan_approval(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The superior vets the plan before the meeting; a sitting on an unvetted plan is premature."""
    plan = m.preparation.plan
    if plan is None:
        ctx.not_applicable()
    if plan.submitted_on is None:
        yield ctx.finding(
            "preparation.plan.submitted_on",
            problem_zh="未报上级审核",
            problem_en="was not submitted to the superior",
        )
    if plan.approved_by is None or plan.approved_on is None:
        yield ctx.finding(
            "preparation.plan.approved_on",
            problem_zh="尚未获批",
            problem_en="has not been approved",
        )
        return
    if m.supervisor(plan.approved_by) is None:
        yield ctx.finding(
            "preparation.plan.approved_by",
            problem_zh=f"由 {ctx.name(plan.approved_by)} 批准，但其不是上级党组织的人员",
            problem_en=f"was approved by {ctx.name(plan.approved_by)}, who is not of the"
            " superior organization",
        )
    if plan.approved_on >= plan.meeting_date:
        yield ctx.finding(
            "preparation.plan.approved_on",
            problem_zh=f"的批准日期（{plan.approved_on}）不早于会议日期",
            problem_en=f"was approved on {plan.approved_on}, not before the meeting date",
        )


@rule(
    "PREP-THEME",
    stage=_P,
    title={"zh": "会议主题", "en": "Meeting theme"},
    message={"zh": "会议{problem_zh}。", "en": "The meeting {problem_en}."},
    hint={
        "zh": "在会议方案中确定主题；专题组织生活会使用活动主题。",
        "en": "Set the theme in the meeting plan; a thematic meeting uses the campaign theme.",
    },
    basis=f"{REGULATION}第十七条（组织生活会应当确定主题）",
)
def prep_theme(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A meeting without a theme drifts; a thematic one must carry its campaign's theme."""
    plan = m.preparation.plan
    theme = plan.theme if plan is not None else ""
    if not theme:
        yield ctx.finding(
            "preparation.plan.theme", problem_zh="没有主题", problem_en="has no theme"
        )
    elif (
        m.campaign.kind.value == "thematic"
        and m.campaign.theme
        and normalize(theme) != normalize(m.campaign.theme)
    ):
        yield ctx.finding(
            "preparation.plan.theme",
            problem_zh=f"主题「{theme}」与活动主题「{m.campaign.theme}」不一致",
            problem_en=f"theme {theme!r} differs from the campaign theme {m.campaign.theme!r}",
        )


@rule(
    "PREP-ADVANCE-NOTICE",
    stage=_P,
    severity=Severity.WARNING,
    title={"zh": "提前通知", "en": "Advance notice"},
    message={
        "zh": "{who} 未在会前 {days} 天得到通知。",
        "en": "Not notified {days} days ahead of the meeting: {who}.",
    },
    hint={
        "zh": "至少提前规定天数通知全体与会人员，并记录通知日期。",
        "en": "Notify every attendee at least the set number of days ahead and record the date.",
    },
    basis="common practice (组织生活会制度：提前10天通知与会人员)",
    reads=("advance_notice_days",),
)
def prep_advance_notice(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """People need time to study and write their materials."""
    day = meeting_date(m)
    if day is None:
        ctx.not_applicable()
    n = ctx.settings.advance_notice_days
    notified = {x.member_id: x.notified_on for x in m.preparation.notifications}
    late = [x.id for x in expected(m) if x.id not in notified or (day - notified[x.id]).days < n]
    if late:
        passed = (day - ctx.today).days < n
        yield ctx.finding("preparation.notifications", members=late, days=n, repairable=not passed)


@rule(
    "PREP-STUDY",
    stage=_P,
    title={"zh": "会前学习", "en": "Pre-meeting study"},
    message={"zh": "会前学习{problem_zh}。", "en": "Pre-meeting study {problem_en}."},
    hint={
        "zh": "会前组织集中学习并记录参加人员。",
        "en": "Hold collective study before the meeting and record who attended.",
    },
    basis=f"{REGULATION}第十七条（会前认真学习）",
    reads=("min_study_hours",),
)
def prep_study(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Study comes before self-examination; its attendance shows it really happened."""
    day = meeting_date(m)
    sessions = [s for s in m.preparation.study_sessions if day is None or s.held_on < day]
    if not sessions:
        yield ctx.finding(
            "preparation.study_sessions",
            problem_zh="未开展（或晚于会议日期）",
            problem_en="was not held (or not before the meeting date)",
        )
        return
    for i, s in enumerate(m.preparation.study_sessions):
        if not s.attendee_ids:
            yield ctx.finding(
                f"preparation.study_sessions[{i}].attendee_ids",
                problem_zh=f"（{s.id}）没有记录参加人员",
                problem_en=f"({s.id}) has no recorded attendance",
            )
    hours = sum(s.hours for s in sessions)
    if ctx.settings.min_study_hours and hours < ctx.settings.min_study_hours:
        yield ctx.finding(
            "preparation.study_sessions",
            problem_zh=f"累计 {hours:g} 小时，少于要求的 {ctx.settings.min_study_hours:g} 小时",
            problem_en=f"totals {hours:g} h, less than the required"
            f" {ctx.settings.min_study_hours:g} h",
        )


@rule(
    "PREP-OPINIONS",
    stage=_P,
    title={"zh": "征求意见", "en": "Opinion solicitation"},
    message={"zh": "征求意见{problem_zh}。", "en": "Opinion solicitation {problem_en}."},
    hint={
        "zh": "会前广泛征求党内外意见并汇总。",
        "en": "Before the meeting, solicit opinions inside and outside the Party and summarize them.",
    },
    basis=f"{REGULATION}第十七条（听取意见）；source document（广泛征求意见）",
)
def prep_opinions(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Opinions from both inside and outside the Party keep self-examination honest."""
    day = meeting_date(m)
    before = [o for o in m.preparation.opinions if day is None or o.collected_on < day]
    if not before:
        yield ctx.finding(
            "preparation.opinions",
            problem_zh="未开展",
            problem_en="was not done before the meeting",
        )
        return
    kinds = {o.source_kind for o in before}
    if OpinionSource.INSIDE_PARTY not in kinds:
        yield ctx.finding(
            "preparation.opinions",
            problem_zh="缺少党内意见",
            problem_en="has no opinion from inside the Party",
        )
    if not kinds & {OpinionSource.OUTSIDE_PARTY, OpinionSource.MASSES}:
        yield ctx.finding(
            "preparation.opinions",
            problem_zh="缺少党外（群众）意见",
            problem_en="has no opinion from outside the Party",
        )


@rule(
    "PREP-CADRE-FEEDBACK",
    stage=_P,
    severity=Severity.WARNING,
    title={"zh": "意见反馈领导干部", "en": "Feedback to leading cadres"},
    message={
        "zh": "关于 {who} 的意见未在会前反馈本人。",
        "en": "Opinions not fed back before the meeting to: {who}.",
    },
    hint={
        "zh": "会前将征求到的意见反馈给相关领导干部本人，并记录反馈日期。",
        "en": "Feed the opinions back to the leading cadre before the meeting and record the date.",
    },
    basis="common practice (组织生活会知识：在会前反馈给本人)",
)
def prep_cadre_feedback(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A cadre can only answer criticism he or she has heard."""
    cadre_ids = {c.id for c in cadres(m)}
    about = [(i, o) for i, o in enumerate(m.preparation.opinions) if o.target_member in cadre_ids]
    if not about:
        ctx.not_applicable()
    day = meeting_date(m)
    for i, o in about:
        if o.fed_back_on is None or (day is not None and o.fed_back_on >= day):
            assert o.target_member is not None
            yield ctx.finding(f"preparation.opinions[{i}].fed_back_on", members=[o.target_member])


@rule(
    "PREP-TALKS-COVERAGE",
    stage=_P,
    title={"zh": "谈心谈话全覆盖", "en": "Heart-to-heart talk coverage"},
    message={"zh": "{text_zh}", "en": "{text_en}"},
    hint={
        "zh": "书记与每名党员谈心，支委之间相互谈心；党员之间也要谈心。",
        "en": "The secretary talks with every member and committee members with each other;"
        " members should also talk with each other.",
    },
    basis=f"{REGULATION}第十九条；2014年中央教育实践活动领导小组通知",
)
def prep_talks_coverage(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Talks surface problems before the sitting.

    Pair rule: checking that every two committee members talked is quadratic in the
    committee's size (not in the branch's); everything else is linear in talks.
    """
    pairs = {frozenset((t.person_a, t.person_b)) for t in m.preparation.talks}
    sec = secretary(m)
    members = expected(m)
    if sec is not None:
        missing = [
            x.id for x in members if x.id != sec.id and frozenset((sec.id, x.id)) not in pairs
        ]
        if missing:
            yield ctx.finding(
                "preparation.talks",
                members=missing,
                text_zh=f"书记 {ctx.name(sec.id)} 未与 {ctx.names(missing)} 谈心谈话。",
                text_en=f"The secretary {ctx.name(sec.id)} has not talked with"
                f" {ctx.names(missing)}.",
            )
    com = [x.id for x in committee(m) if x.exemption is None]
    for i, a in enumerate(com):
        for b in com[i + 1 :]:
            if frozenset((a, b)) not in pairs:
                yield ctx.finding(
                    "preparation.talks",
                    members=[a, b],
                    text_zh=f"支委 {ctx.name(a)} 与 {ctx.name(b)} 之间未谈心谈话。",
                    text_en=f"Committee members {ctx.name(a)} and {ctx.name(b)} have not talked.",
                )
    com_set = set(com)
    sec_id = sec.id if sec is not None else None
    peer_talkers: set[str] = set()
    for t in m.preparation.talks:
        if sec_id in (t.person_a, t.person_b):
            continue
        if t.person_a in com_set and t.person_b in com_set:
            continue
        peer_talkers.update((t.person_a, t.person_b))
    lonely = [x.id for x in members if x.id != sec_id and x.id not in peer_talkers]
    if lonely:
        yield ctx.finding(
            "preparation.talks",
            members=lonely,
            severity=Severity.WARNING,
            text_zh=f"{ctx.names(lonely)} 未与其他党员相互谈心（提倡）。",
            text_en=f"No talk with another member (encouraged): {ctx.names(lonely)}.",
        )


@rule(
    "PREP-PROBLEM-LIST",
    stage=_P,
    title={"zh": "问题清单", "en": "Problem list"},
    message={"zh": "{text_zh}", "en": "{text_en}"},
    hint={
        "zh": "会前查摆问题：支部（班子）和每名党员都要列出问题清单。",
        "en": "Before the meeting, list the branch's problems and each member's own.",
    },
    basis="2014年中央教育实践活动领导小组通知（列出问题清单）",
)
def prep_problem_list(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Problems found before the sitting are what self-examination and rectification work on."""
    problems = m.preparation.problems
    if not any(p.scope is ProblemScope.BRANCH for p in problems):
        yield ctx.finding(
            "preparation.problems",
            text_zh="支部（班子）没有问题清单。",
            text_en="The branch (committee) has no problem list.",
        )
    owners = {p.owner_id for p in problems if p.scope is ProblemScope.MEMBER}
    missing = [x.id for x in expected(m) if x.id not in owners]
    if missing:
        yield ctx.finding(
            "preparation.problems",
            members=missing,
            text_zh=f"{ctx.names(missing)} 没有个人问题清单。",
            text_en=f"No personal problem list: {ctx.names(missing)}.",
        )


@rule(
    "PREP-ROOTCAUSE",
    stage=_P,
    title={"zh": "剖析根源", "en": "Root cause"},
    message={
        "zh": "问题 {problem} 的根源{problem_zh}。",
        "en": "The root cause of problem {problem} {problem_en}.",
    },
    hint={
        "zh": "为每个问题剖析思想根源，不要把问题当原因。",
        "en": "Analyse each problem's root cause; do not restate the problem as its cause.",
    },
    basis="commentary (民主生活会严把四关：防止把问题当原因); source document",
)
def prep_rootcause(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A problem restated as its own cause explains nothing and fixes nothing."""
    if not m.preparation.problems:
        ctx.not_applicable()
    for i, p in enumerate(m.preparation.problems):
        members = [p.owner_id] if p.owner_id else []
        cause, desc = normalize(p.root_cause), normalize(p.description)
        if not cause:
            yield ctx.finding(
                f"preparation.problems[{i}].root_cause",
                members=members,
                problem=p.id,
                problem_zh="未分析",
                problem_en="is missing",
            )
        elif cause == desc or cause in desc:
            yield ctx.finding(
                f"preparation.problems[{i}].root_cause",
                members=members,
                problem=p.id,
                problem_zh="只是重复了问题本身",
                problem_en="merely restates the problem",
            )


@rule(
    "PREP-MATERIAL",
    stage=_P,
    title={"zh": "对照检查材料", "en": "Comparison-inspection materials"},
    message={"zh": "{text_zh}", "en": "{text_en}"},
    hint={
        "zh": "支委会、每名支委和领导干部撰写对照检查材料；其他党员至少提交发言提纲。",
        "en": "The committee, each committee member and each leading cadre write full"
        " comparison-inspection material; other members submit at least a speech outline.",
    },
    basis="source document（撰写对照检查材料）；2014年中央教育实践活动领导小组通知",
    reads=("require_full_material_for_ordinary_members",),
)
def prep_material(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Written self-examination makes the sitting concrete; leaders write the full version."""
    full = MaterialKind.INSPECTION_MATERIAL
    kinds: dict[str | None, set[MaterialKind]] = {}
    for x in m.preparation.materials:
        kinds.setdefault(x.author_id, set()).add(x.kind)
    if has_committee(m) and full not in kinds.get(None, set()):
        yield ctx.finding(
            "preparation.materials",
            text_zh="缺少支委会（班子）对照检查材料。",
            text_en="The committee's collective comparison-inspection material is missing.",
        )
    need_full: list[str] = []
    need_any: list[str] = []
    strict = ctx.settings.require_full_material_for_ordinary_members
    for person in expected(m):
        has = kinds.get(person.id, set())
        if person.is_committee or person.is_leading_cadre or strict:
            if full not in has:
                need_full.append(person.id)
        elif not has:
            need_any.append(person.id)
    if need_full:
        yield ctx.finding(
            "preparation.materials",
            members=need_full,
            text_zh=f"{ctx.names(need_full)} 未提交对照检查材料。",
            text_en=f"No comparison-inspection material from: {ctx.names(need_full)}.",
        )
    if need_any:
        yield ctx.finding(
            "preparation.materials",
            members=need_any,
            text_zh=f"{ctx.names(need_any)} 未提交发言提纲或对照检查材料。",
            text_en=f"Neither a speech outline nor material from: {ctx.names(need_any)}.",
        )


@rule(
    "PREP-MATERIAL-ASPECTS",
    stage=_P,
    title={"zh": "材料覆盖规定方面", "en": "Materials cover every aspect"},
    message={
        "zh": "材料 {material} 未涵盖：{missing}。",
        "en": "Material {material} does not cover: {missing}.",
    },
    hint={
        "zh": "对照检查材料须从规定的各个方面查找差距。",
        "en": "Each material examines every aspect the campaign sets.",
    },
    basis="source document（从规定的四个方面）",
    reads=("aspects",),
)
def prep_material_aspects(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Covering only comfortable aspects is a way of avoiding the uncomfortable ones."""
    if not m.preparation.materials:
        ctx.not_applicable()
    required = _aspects(m, ctx)
    for i, x in enumerate(m.preparation.materials):
        missing = [a for a in required if a not in x.aspects]
        if missing:
            yield ctx.finding(
                f"preparation.materials[{i}].aspects",
                members=[x.author_id] if x.author_id else [],
                material=x.id,
                missing=", ".join(missing),
            )


@rule(
    "PREP-MATERIAL-REVIEW",
    stage=_P,
    title={"zh": "材料审核", "en": "Material review"},
    message={"zh": "材料 {material} {problem_zh}。", "en": "Material {material} {problem_en}."},
    hint={
        "zh": "会前审核材料：班子、书记本人和领导干部的材料报上级审核，其他党员的材料由书记审核。",
        "en": "Review materials before the meeting: the superior reviews the committee's, the"
        " secretary's own and leading cadres'; the secretary reviews every other member's.",
    },
    basis="common practice (审核通过后召开；严把材料审核关); reviewer split is an inference",
)
def prep_material_review(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Vetting catches materials that dodge the real problems before they are read aloud."""
    if not m.preparation.materials:
        ctx.not_applicable()
    sec = secretary(m)
    day = meeting_date(m)
    reviews: dict[str, list[tuple[str, object, Verdict]]] = {}
    for r in m.preparation.material_reviews:
        reviews.setdefault(r.material_id, []).append((r.reviewer_id, r.reviewed_on, r.verdict))
    for i, x in enumerate(m.preparation.materials):
        author = ctx.members.get(x.author_id) if x.author_id else None
        by_superior = (
            author is None or author.is_leading_cadre or (sec is not None and author.id == sec.id)
        )
        members = [x.author_id] if x.author_id else []
        good = []
        for reviewer, on, verdict in reviews.get(x.id, []):
            if verdict is not Verdict.APPROVED:
                continue
            if day is not None and on >= day:  # type: ignore[operator]
                continue
            is_superior = m.supervisor(reviewer) is not None
            if is_superior or (not by_superior and sec is not None and reviewer == sec.id):
                good.append(reviewer)
        if not good:
            yield ctx.finding(
                f"preparation.materials[{i}]",
                members=members,
                material=x.id,
                problem_zh="未在会前经"
                + ("上级党组织" if by_superior else "支部书记")
                + "审核通过",
                problem_en="was not approved before the meeting by "
                + ("the superior organization" if by_superior else "the branch secretary"),
            )


@rule(
    "PREP-SPOT-CHECK",
    stage=_P,
    severity=Severity.WARNING,
    title={"zh": "上级抽查", "en": "Superior spot check"},
    message={
        "zh": "上级党组织未对本组织的会前准备进行抽查或指导。",
        "en": "The superior has not spot-checked or guided this organization's preparation.",
    },
    hint={
        "zh": "上级学习教育小组抽查下级组织的准备工作并记录。",
        "en": "The superior's study group spot-checks the preparation; record the visit.",
    },
    basis="source document（集团党史学习教育小组进行了抽查、指导）",
)
def prep_spot_check(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Spot checks are how a superior knows preparation is real, not paper."""
    if not m.preparation.spot_checks:
        yield ctx.finding("preparation.spot_checks")


@rule(
    "PREP-COMMITTEE-FIRST",
    stage=_P,
    title={"zh": "先开支委会", "en": "Committee session first"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "设支委会的支部，先召开支委会查摆问题，再在全体党员大会上通报。",
        "en": "A branch with a committee holds a committee session first and reports its"
        " findings to the plenary.",
    },
    basis="common practice (党建制度：设支委会的党支部要先行召开支委会)",
)
def prep_committee_first(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The committee examines itself first so it can lead by example in the plenary."""
    if not has_committee(m):
        ctx.not_applicable()
    cs = m.preparation.committee_session
    day = meeting_date(m)
    if cs is None:
        yield ctx.finding(
            "preparation.committee_session",
            problem_zh="未先行召开支委会。",
            problem_en="No committee session was held first.",
        )
        return
    if day is not None and cs.held_on >= day:
        yield ctx.finding(
            "preparation.committee_session.held_on",
            problem_zh=f"支委会（{cs.held_on}）未在全体会议之前召开。",
            problem_en=f"The committee session ({cs.held_on}) was not before the plenary.",
        )
    if not cs.findings_reported:
        yield ctx.finding(
            "preparation.committee_session.findings_reported",
            problem_zh="支委会查摆情况未向全体党员通报。",
            problem_en="The committee's findings were not reported to the plenary.",
        )


RULES = (
    prep_notice,
    prep_plan,
    prep_plan_approval,
    prep_theme,
    prep_advance_notice,
    prep_study,
    prep_opinions,
    prep_cadre_feedback,
    prep_talks_coverage,
    prep_problem_list,
    prep_rootcause,
    prep_material,
    prep_material_aspects,
    prep_material_review,
    prep_spot_check,
    prep_committee_first,
)
