"""Democratic appraisal of members (民主评议党员) as an optional stage.

The reference extension: written only with meetingflow's public extension API — a typed
section, record types that know where they go, rules made with ``@rule``, and
``Flow.insert_stage`` — so it doubles as the worked example of docs/how-to/custom-stage.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from enum import Enum
from typing import ClassVar, Literal

from meetingflow import (
    DocumentKind,
    Finding,
    Flow,
    Id,
    Meeting,
    MemberRef,
    MemberStatus,
    Placement,
    Record,
    RuleContext,
    Severity,
    Stage,
    Text,
    rule,
)

STAGE = "member_appraisal"
"""The stage's name, and the key of its section under ``meeting.extensions``."""
TRIGGER = "start_appraisal"
"""The trigger that leads from critique into the appraisal."""
_AT = f"extensions.{STAGE}"


class AppraisalStepKind(str, Enum):
    """The three steps, in order: 个人自评, 党员互评, 民主测评."""

    SELF_ASSESSMENT = "self_assessment"
    PEER_ASSESSMENT = "peer_assessment"
    APPRAISAL_BALLOT = "appraisal_ballot"


class Grade(str, Enum):
    """优秀, 合格, 基本合格, 不合格."""

    EXCELLENT = "excellent"
    QUALIFIED = "qualified"
    BASICALLY_QUALIFIED = "basically_qualified"
    UNQUALIFIED = "unqualified"


class AppraisalStep(Record):
    """One step of the procedure, with its date."""

    record_into: ClassVar[Placement | None] = Placement(_AT, "steps", "upsert", "kind")
    kind: AppraisalStepKind
    on: date


class BallotCast(Record):
    """A member who cast a ballot in the appraisal vote."""

    record_into: ClassVar[Placement | None] = Placement(_AT, "ballots", "upsert", "voter_id")
    voter_id: MemberRef


class GradeProposal(Record):
    """Who proposed the grades from the results and everyday performance, and when."""

    record_into: ClassVar[Placement | None] = Placement(_AT, "proposal", "set")
    by: Literal["committee", "plenary"]
    on: date


class MemberGrade(Record):
    """The grade a member received."""

    record_into: ClassVar[Placement | None] = Placement(_AT, "grades", "upsert", "member_id")
    member_id: MemberRef
    grade: Grade


class GradeFeedback(Record):
    """When a member was told his or her result (通报本人)."""

    record_into: ClassVar[Placement | None] = Placement(_AT, "feedback", "upsert", "member_id")
    member_id: MemberRef
    on: date


class AppraisalReport(Record):
    """The results reported to the superior; ``final`` once no longer open to change."""

    record_into: ClassVar[Placement | None] = Placement(_AT, "report", "set")
    reported_on: date
    to_org: Id
    final: bool = True


class MemberAppraisal(Record):
    """The appraisal section, at ``meeting.extensions.member_appraisal``."""

    steps: tuple[AppraisalStep, ...] = ()
    ballots: tuple[BallotCast, ...] = ()
    proposal: GradeProposal | None = None
    grades: tuple[MemberGrade, ...] = ()
    feedback: tuple[GradeFeedback, ...] = ()
    report: AppraisalReport | None = None


def section(meeting: Meeting) -> MemberAppraisal:
    """The meeting's appraisal section; empty when the record has none yet."""
    value = getattr(meeting.extensions, STAGE, None)
    return value if isinstance(value, MemberAppraisal) else MemberAppraisal()


def _graded(meeting: Meeting) -> list[str]:
    return [m.id for m in meeting.roster if m.status is MemberStatus.FULL and m.exemption is None]


_BASIS = "《中国共产党支部工作条例（试行）》（民主评议党员）"


@rule(
    "APPR-PROCEDURE",
    stage=STAGE,
    title={"zh": "评议程序", "en": "Appraisal procedure"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "按个人自评、党员互评、民主测评的顺序进行，再由支委会或党员大会提出评定意见。",
        "en": "Run self-assessment, then peer assessment, then the ballot; then the committee"
        " or plenary proposes the grades.",
    },
    basis=f"{_BASIS}：按照个人自评、党员互评、民主测评的程序",
)
def appr_procedure(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The order matters: people assess themselves before others assess them."""
    a = section(m)
    on = {s.kind: s.on for s in a.steps}
    order = list(AppraisalStepKind)
    missing = [k.value for k in order if k not in on]
    if missing:
        yield ctx.finding(
            f"{_AT}.steps",
            problem_zh=f"评议缺少步骤：{', '.join(missing)}。",
            problem_en=f"The appraisal lacks the step(s): {', '.join(missing)}.",
        )
        return
    dates = [on[k] for k in order]
    if dates != sorted(dates):
        yield ctx.finding(
            f"{_AT}.steps",
            problem_zh="评议步骤的顺序不对（应为自评、互评、测评）。",
            problem_en="The steps are out of order (self, peer, ballot).",
        )
    if a.proposal is None or a.proposal.on < on[AppraisalStepKind.APPRAISAL_BALLOT]:
        yield ctx.finding(
            f"{_AT}.proposal",
            problem_zh="测评后尚无支委会或党员大会提出的评定意见。",
            problem_en="No grade proposal by the committee or plenary after the ballot.",
        )


@rule(
    "APPR-GRADES",
    stage=STAGE,
    title={"zh": "评定等次", "en": "Grades"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "正式党员评定为优秀、合格、基本合格或不合格之一；预备党员参加评议但不评定等次。",
        "en": "Each full member gets one of four grades; probationary members take part but"
        " receive no grade.",
    },
    basis="共产党员网《民主评议党员》；预备党员参加民主评议，但不评定等次",
)
def appr_grades(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Every full member is graded once; a probationary member is not graded at all."""
    graded = {g.member_id for g in section(m).grades}
    missing = [i for i in _graded(m) if i not in graded]
    if missing:
        yield ctx.finding(
            f"{_AT}.grades",
            members=missing,
            problem_zh=f"{ctx.names(missing)} 没有评定等次。",
            problem_en=f"Not graded: {ctx.names(missing)}.",
        )
    probationary = [
        g.member_id
        for g in section(m).grades
        if ctx.members[g.member_id].status is MemberStatus.PROBATIONARY
    ]
    if probationary:
        yield ctx.finding(
            f"{_AT}.grades",
            members=probationary,
            problem_zh=f"预备党员 {ctx.names(probationary)} 不应评定等次。",
            problem_en=f"Probationary members {ctx.names(probationary)} must not be graded.",
        )


@rule(
    "APPR-EXCELLENT-CAP",
    stage=STAGE,
    severity=Severity.WARNING,
    title={"zh": "优秀比例", "en": "Share of 'excellent'"},
    message={
        "zh": "评为优秀的有 {count} 人，超过{base_zh} {base} 人的 {cap}。",
        "en": "{count} members graded excellent, more than {cap} of the {base} {base_en}.",
    },
    hint={
        "zh": "评定为优秀的比例一般不超过党员总数的三分之一。",
        "en": "As a rule, at most a third of members are graded excellent.",
    },
    basis="共产党员网《民主评议党员》：评定为“优秀”的比例一般不超过党员总数的1/3",
    reads=("excellent_cap", "excellent_cap_base"),
)
def appr_excellent_cap(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A grade everyone gets distinguishes no one."""
    grades = section(m).grades
    if not grades:
        ctx.not_applicable()
    count = sum(1 for g in grades if g.grade is Grade.EXCELLENT)
    all_members = ctx.settings.excellent_cap_base == "all_members"
    base = len(m.roster) if all_members else len(grades)
    if count > ctx.settings.excellent_cap * base:
        yield ctx.finding(
            f"{_AT}.grades",
            members=[g.member_id for g in grades if g.grade is Grade.EXCELLENT],
            count=count,
            base=base,
            cap=f"{ctx.settings.excellent_cap:.0%}",
            base_zh="党员总数" if all_members else "参评人数",
            base_en="members" if all_members else "graded members",
        )


@rule(
    "APPR-FEEDBACK-REPORT",
    stage=STAGE,
    title={"zh": "结果反馈与上报", "en": "Results fed back and reported"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "将评议结果通报本人，并向上级党组织报告评议结果。",
        "en": "Tell each member the result and report the results to the superior.",
    },
    basis="common practice (评议结果在向上级党组织报告的同时要通报本人)",
)
def appr_feedback_report(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A grade nobody is told about cannot change anything."""
    a = section(m)
    told = {f.member_id for f in a.feedback}
    untold = [g.member_id for g in a.grades if g.member_id not in told]
    if untold:
        yield ctx.finding(
            f"{_AT}.feedback",
            members=untold,
            problem_zh=f"评议结果尚未通报 {ctx.names(untold)} 本人。",
            problem_en=f"Not yet told their result: {ctx.names(untold)}.",
        )
    if a.report is None:
        yield ctx.finding(
            f"{_AT}.report",
            problem_zh="评议结果尚未报告上级党组织。",
            problem_en="The results have not been reported to the superior.",
        )


@rule(
    "ROLE-VOTING-RIGHTS",
    stage=STAGE,
    title={"zh": "表决权", "en": "Voting rights"},
    message={
        "zh": "受留党察看处分的 {who} 参加了民主测评投票，但其没有表决权。",
        "en": "{who}, on party probation, cast a ballot without the right to vote.",
    },
    hint={
        "zh": "受留党察看处分的党员参加组织生活，但不参加表决；撤销其选票。",
        "en": "Members on party probation take part but do not vote; void the ballot.",
    },
    basis="common practice (受留党察看处分的党员…无表决权)",
)
def role_voting_rights(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Discipline suspends the vote, not membership."""
    barred = {
        x.id
        for x in m.roster
        if x.discipline is not None and x.discipline.kind == "on_party_probation"
    }
    if not barred:
        ctx.not_applicable()
    voted = [b.voter_id for b in section(m).ballots if b.voter_id in barred]
    if voted:
        yield ctx.finding(f"{_AT}.ballots", members=voted)


@rule(
    "CLOSE-APPRAISAL-DONE",
    stage="closed",
    gate="entry",
    title={"zh": "评议完成", "en": "Appraisal final"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "结束前确定评议结果并报告上级。",
        "en": "Finalize the results and report them before closing.",
    },
    basis="common practice (向上级党组织报告评议结果及党支部意见)",
)
def close_appraisal_done(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Closing with an open appraisal leaves members without a result."""
    report = section(m).report
    if report is None or not report.final:
        yield ctx.finding(
            f"{_AT}.report",
            problem_zh="评议结果尚未最终确定并上报。",
            problem_en="The appraisal results are not final and reported.",
        )


RULES = (
    appr_procedure,
    appr_grades,
    appr_excellent_cap,
    appr_feedback_report,
    role_voting_rights,
    close_appraisal_done,
)

APPRAISAL_STAGE = Stage(
    STAGE,
    Text("民主评议党员", "democratic appraisal of members"),
    section=MemberAppraisal,
    optional=True,
)


def with_appraisal(flow: Flow) -> Flow:
    """``flow`` with the appraisal stage between critique and rectification, and its rules.

    The archive (CLOSE-ARCHIVE) then also asks for the appraisal's documents.
    """
    derived = flow.insert_stage(APPRAISAL_STAGE, after="critique", trigger=TRIGGER, rules=RULES)
    documents = flow.settings.archive_documents
    if DocumentKind.APPRAISAL not in documents:
        derived = derived.with_settings({"archive_documents": (*documents, DocumentKind.APPRAISAL)})
    return derived.renamed(f"{flow.name}+appraisal")
