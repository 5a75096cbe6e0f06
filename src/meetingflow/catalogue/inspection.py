"""Preparation (会前准备, catalogue §2.1), continued: opinions, talks, problems and materials.

As in ``preparation``: a finding is repairable for as long as the meeting is being prepared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from meetingflow.i18n import Text
from meetingflow.records.terms import MaterialKind, OpinionSource, ProblemScope, Verdict
from meetingflow.rules.facts import (
    REGULATION,
    aspect_names,
    aspects,
    cadres,
    committee,
    expected,
    has_committee,
    is_superior,
    meeting_date,
    normalize,
    secretary,
)
from meetingflow.rules.rule import Severity, rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules.context import RuleContext

STAGE = "preparation"


@rule(
    "PREP-OPINIONS",
    stage=STAGE,
    title=Text("征求意见", "Opinion solicitation"),
    messages={
        "none": Text("会前没有征求意见。", "No opinions were solicited before the meeting."),
        "no_inside": Text("没有征求党内意见。", "No opinion was solicited inside the Party."),
        "no_outside": Text(
            "没有征求党外（群众）意见。", "No opinion was solicited outside the Party."
        ),
        "no_summary": Text(
            "征求到的意见会前没有汇总。", "The opinions were not summarized before the meeting."
        ),
    },
    hint=Text(
        "会前广泛征求党内外意见，并由专人汇总（记录汇总人和日期）。",
        "Before the meeting, solicit opinions inside and outside the Party, and have them"
        " summarized (record who did it and when).",
    ),
    basis=f"{REGULATION}第十七条（听取意见）；source document（广泛征求意见）",
)
def prep_opinions(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Opinions from inside and outside the Party keep self-examination honest.

    Opinions and their summary count only when dated before the meeting date.
    """
    day = meeting_date(m)
    before = [o for o in m.preparation.opinions if day is None or o.collected_on < day]
    if not before:
        yield ctx.finding("preparation.opinions", "none")
        return
    kinds = {o.source_kind for o in before}
    if OpinionSource.INSIDE_PARTY not in kinds:
        yield ctx.finding("preparation.opinions", "no_inside")
    if not kinds & {OpinionSource.OUTSIDE_PARTY, OpinionSource.MASSES}:
        yield ctx.finding("preparation.opinions", "no_outside")
    summary = m.preparation.opinion_summary
    if summary is None or (day is not None and not summary.on < day):
        yield ctx.finding("preparation.opinion_summary", "no_summary")


@rule(
    "PREP-CADRE-FEEDBACK",
    stage=STAGE,
    severity=Severity.WARNING,
    title=Text("意见反馈领导干部", "Feedback to leading cadres"),
    messages={
        "late": Text(
            "关于 {who} 的意见未在会前反馈本人。",
            "Opinions about {who} were not fed back before the meeting.",
        )
    },
    hint=Text(
        "会前将征求到的意见反馈给相关领导干部本人，并记录反馈日期。",
        "Feed the opinions back to the leading cadre before the meeting and record the date.",
    ),
    basis="组织生活会有关知识（事先征求党内外群众对他的意见，在会前反馈给本人）",
)
def prep_cadre_feedback(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A cadre can only answer criticism he or she has heard."""
    cadre_ids = {c.id for c in cadres(m)}
    about = [(i, o) for i, o in enumerate(m.preparation.opinions) if o.target_member in cadre_ids]
    if not about:
        ctx.not_applicable()
    day = meeting_date(m)
    for i, o in about:
        if o.fed_back_on is None or (day is not None and not o.fed_back_on < day):
            assert o.target_member is not None
            yield ctx.finding(
                f"preparation.opinions[{i}].fed_back_on",
                "late",
                members=[o.target_member],
                subjects={"opinion": [o.id]},
                repairable=day is None or ctx.today < day,
            )


@rule(
    "PREP-TALKS-COVERAGE",
    stage=STAGE,
    title=Text("谈心谈话全覆盖", "Heart-to-heart talk coverage"),
    messages={
        "secretary": Text(
            "书记 {secretary} 未与 {who} 谈心谈话。",
            "The secretary {secretary} has not talked with {who}.",
        ),
        "committee": Text(
            "支委 {who} 之间未谈心谈话。",
            "Committee members {who} have not talked with each other.",
        ),
        "peers": Text(
            "{who} 没有与其他党员相互谈心（提倡）。",
            "No talk with a fellow member (encouraged): {who}.",
        ),
    },
    hint=Text(
        "书记与每名党员谈心，支委之间相互谈心；党员之间也要谈心。",
        "The secretary talks with every member and committee members with each other;"
        " members should also talk with each other.",
    ),
    basis=f"{REGULATION}第十九条；2014年中央教育实践活动领导小组通知（支部委员要相互谈心，党员彼此之间也要谈心）",
)
def prep_talks_coverage(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Talks surface problems before the sitting (clarification 6).

    Error: the secretary talks with every other member, and every two committee members talk
    (a pair with the secretary is already the first part). Warning: every member other than
    the secretary has a talk that is neither with the secretary nor between two committee
    members. Talks dated after the meeting date do not count.
    """
    day = meeting_date(m)
    talks = [t for t in m.preparation.talks if day is None or t.held_on <= day]
    pairs = {frozenset((t.person_a, t.person_b)) for t in talks}
    sec = secretary(m)
    sec_id = sec.id if sec is not None and sec.exemption is None else None
    people = [x.id for x in expected(m)]
    if sec_id is not None:
        missing = [i for i in people if i != sec_id and frozenset((sec_id, i)) not in pairs]
        if missing:
            yield ctx.finding(
                "preparation.talks",
                "secretary",
                members=missing,
                secretary=ctx.name(sec_id),
                subjects={"member_pair": [f"{sec_id}+{i}" for i in missing]},
            )
    com = [x.id for x in committee(m) if x.exemption is None and x.id != sec_id]
    for i, a in enumerate(com):
        for b in com[i + 1 :]:
            if frozenset((a, b)) not in pairs:
                yield ctx.finding(
                    "preparation.talks",
                    "committee",
                    members=[a, b],
                    subjects={"member_pair": [f"{a}+{b}"]},
                )
    com_all = set(com) | ({sec_id} if sec_id else set())
    peer: set[str] = set()
    for t in talks:
        if sec_id in (t.person_a, t.person_b) or (t.person_a in com_all and t.person_b in com_all):
            continue
        peer.update((t.person_a, t.person_b))
    lonely = [i for i in people if i != sec_id and i not in peer]
    if lonely:
        yield ctx.finding(
            "preparation.talks",
            "peers",
            members=lonely,
            severity=Severity.WARNING,
        )


@rule(
    "PREP-PROBLEM-LIST",
    stage=STAGE,
    title=Text("问题清单", "Problem list"),
    messages={
        "branch": Text(
            "支部（班子）会前没有问题清单。",
            "The branch (committee) has no problem list before the meeting.",
        ),
        "members": Text(
            "{who} 会前没有个人问题清单。", "No personal problem list before the meeting: {who}."
        ),
    },
    hint=Text(
        "会前查摆问题：支部（班子）和每名党员都列出问题清单。",
        "Before the meeting, list the branch's problems and each member's own.",
    ),
    basis="2014年中央教育实践活动领导小组通知（列出问题清单）",
)
def prep_problem_list(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Problems found before the sitting are what self-examination and rectification work on.

    A problem listed on or after the meeting date is not on the list "before the meeting".
    """
    day = meeting_date(m)
    problems = [
        p for p in m.preparation.problems if p.listed_on is None or day is None or p.listed_on < day
    ]
    if not any(p.scope is ProblemScope.BRANCH for p in problems):
        yield ctx.finding("preparation.problems", "branch")
    owners = {p.owner_id for p in problems if p.scope is ProblemScope.MEMBER}
    missing = [x.id for x in expected(m) if x.id not in owners]
    if missing:
        yield ctx.finding("preparation.problems", "members", members=missing)


_LEADING_CAUSE: Final = re.compile(r"^\s*(由于|因为)[^，,；;。]*[，,；;]")
"""A description opening with its cause: 由于X，(problem)."""
_CAUSE_MARKERS: Final = re.compile(
    "根子在|根子是|根源在于|根源在|根源是|原因在于|原因是|究其原因|归根结底|由于|因为|root cause|because|due to",
    re.IGNORECASE,
)
"""A cause given after the problem: (problem)，根子在X."""
_EFFECT_MARKERS: Final = re.compile(
    "导致|造成|致使|以致|使得|leading to|resulting in", re.IGNORECASE
)
"""A cause given before the problem: X导致(problem)."""
_FILLER: Final = re.compile("问题|原因|根源|根子|方面|存在|有所|的|了")


def _problem_part(description: str) -> str:
    """The part of a description that states the problem, without a cause it gives itself."""
    text = _LEADING_CAUSE.sub("", description, count=1)
    text = _CAUSE_MARKERS.split(text, maxsplit=1)[0]
    return _EFFECT_MARKERS.split(text)[-1]


def _restates(cause: str, description: str) -> bool:
    """Whether ``cause`` says nothing beyond the problem part of ``description``."""
    said = normalize(_FILLER.sub("", cause))
    problem = normalize(_FILLER.sub("", _problem_part(description)))
    return not said or said in problem


@rule(
    "PREP-ROOTCAUSE",
    stage=STAGE,
    title=Text("剖析根源", "Root cause"),
    messages={
        "missing": Text(
            "问题 {problem} 没有剖析根源。", "Problem {problem} has no root-cause analysis."
        ),
        "restates": Text(
            "问题 {problem} 的根源只是重复了问题本身（把问题当原因）。",
            "The root cause of problem {problem} merely restates the problem.",
        ),
    },
    hint=Text(
        "为每个问题剖析思想根源，说清问题为什么会发生，不要把问题当原因。",
        "Analyse why each problem arose; do not restate the problem as its cause.",
    ),
    basis="民主生活会严把“四关”（要防止把问题当原因、问题与原因不分）；source document",
)
def prep_rootcause(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A problem restated as its own cause explains nothing and fixes nothing.

    "Restates" means the cause, without filler words, says nothing the problem statement does
    not already say. A description may give its own cause — after a marker (…，根子在X), before
    one (X导致…) or first (由于X，…); only the rest counts as the problem.
    """
    if not m.preparation.problems:
        ctx.not_applicable()
    for i, p in enumerate(m.preparation.problems):
        members = [p.owner_id] if p.owner_id else []
        if not p.root_cause.strip():
            yield ctx.finding(
                f"preparation.problems[{i}].root_cause",
                "missing",
                members=members,
                problem=p.id,
                subjects={"problem": [p.id]},
            )
        elif _restates(p.root_cause, p.description):
            yield ctx.finding(
                f"preparation.problems[{i}].root_cause",
                "restates",
                members=members,
                problem=p.id,
                subjects={"problem": [p.id]},
            )


@rule(
    "PREP-MATERIAL",
    stage=STAGE,
    title=Text("对照检查材料", "Comparison-inspection materials"),
    messages={
        "committee": Text(
            "缺少支委会（班子）的对照检查材料。",
            "The committee's collective comparison-inspection material is missing.",
        ),
        "full": Text(
            "{who} 未提交对照检查材料。", "No comparison-inspection material from: {who}."
        ),
        "outline": Text(
            "{who} 未提交发言提纲或对照检查材料。",
            "Neither a speech outline nor material from: {who}.",
        ),
    },
    hint=Text(
        "支委会、每名支委和领导干部撰写对照检查材料；其他党员至少提交发言提纲。",
        "The committee, each committee member and each leading cadre write full"
        " comparison-inspection material; other members submit at least a speech outline.",
    ),
    basis="source document（撰写对照检查材料）；2014年中央教育实践活动领导小组通知（撰写简要对照检查材料）",
    reads=("require_full_material_for_ordinary_members",),
)
def prep_material(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Written self-examination makes the sitting concrete; those who lead write the full version."""
    full = MaterialKind.INSPECTION_MATERIAL
    kinds: dict[str | None, set[MaterialKind]] = {}
    for x in m.preparation.materials:
        kinds.setdefault(x.author_id, set()).add(x.kind)
    if has_committee(m) and full not in kinds.get(None, set()):
        yield ctx.finding("preparation.materials", "committee")
    strict = ctx.settings.require_full_material_for_ordinary_members
    need_full = [
        p.id
        for p in expected(m)
        if (p.is_committee or p.is_leading_cadre or strict) and full not in kinds.get(p.id, set())
    ]
    need_any = [
        p.id
        for p in expected(m)
        if not (p.is_committee or p.is_leading_cadre or strict) and not kinds.get(p.id)
    ]
    if need_full:
        yield ctx.finding("preparation.materials", "full", members=need_full)
    if need_any:
        yield ctx.finding("preparation.materials", "outline", members=need_any)


@rule(
    "PREP-MATERIAL-ASPECTS",
    stage=STAGE,
    title=Text("材料覆盖规定方面", "Materials cover every aspect"),
    messages={
        "missing": Text(
            "材料 {material} 未涵盖：{missing}。", "Material {material} does not cover: {missing}."
        ),
    },
    hint=Text(
        "对照检查材料须从规定的各个方面查找差距。",
        "Each material examines every aspect the campaign sets.",
    ),
    basis="source document（从规定的四个方面）",
    reads=("aspects",),
)
def prep_material_aspects(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Covering only comfortable aspects is a way of avoiding the uncomfortable ones."""
    if not m.preparation.materials:
        ctx.not_applicable()
    required = aspects(m, ctx)
    for i, x in enumerate(m.preparation.materials):
        missing = [a for a in required if a not in x.aspects]
        if missing:
            yield ctx.finding(
                f"preparation.materials[{i}].aspects",
                "missing",
                members=[x.author_id] if x.author_id else [],
                material=x.id,
                missing=aspect_names(m, missing),
                subjects={"material": [x.id]},
            )


@rule(
    "PREP-MATERIAL-REVIEW",
    stage=STAGE,
    title=Text("材料审核", "Material review"),
    messages={
        "superior": Text(
            "材料 {material} 未在会议日期前经上级党组织审核通过。",
            "Material {material} was not approved by the superior before the meeting date.",
        ),
        "secretary": Text(
            "材料 {material} 未在会议日期前经支部书记（或上级）审核通过。",
            "Material {material} was not approved by the secretary (or the superior) before the meeting date.",
        ),
    },
    hint=Text(
        "会前审核材料：支委会的材料、书记本人和领导干部的材料报上级审核，其他党员（含支委）的材料由书记审核。",
        "Have the materials reviewed before the meeting: the superior reviews the committee's, the"
        " secretary's own and each leading cadre's; the secretary reviews every other member's.",
    ),
    basis="严把材料审核关；提交上级党组织审核，审核通过后召开；reviewer split is an inference",
)
def prep_material_review(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Vetting catches materials that dodge the real problems before they are read aloud.

    Clarification 5: the superior reviews the committee's collective material, the secretary's
    own and each leading cadre's; the secretary (or the superior) reviews every other member's.
    A review dated on or after the meeting date is not "before the meeting".
    """
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
        ok = False
        for reviewer, on, verdict in reviews.get(x.id, []):
            if verdict is not Verdict.APPROVED or (day is not None and on >= day):  # type: ignore[operator]
                continue
            if is_superior(m, reviewer) or (
                not by_superior and sec is not None and reviewer == sec.id
            ):
                ok = True
                break
        if not ok:
            yield ctx.finding(
                f"preparation.materials[{i}]",
                "superior" if by_superior else "secretary",
                members=[x.author_id] if x.author_id else [],
                material=x.id,
                subjects={"material": [x.id]},
            )


RULES = (
    prep_opinions,
    prep_cadre_feedback,
    prep_talks_coverage,
    prep_problem_list,
    prep_rootcause,
    prep_material,
    prep_material_aspects,
    prep_material_review,
)
