"""Democratic appraisal of members (民主评议党员), a track that runs alongside the meeting.

Clarification 13: the appraisal is held with the meeting, and grades are settled and reported
in the days after, while rectification has begun. So it is not a stage: its section lives at
``extensions.member_appraisal`` (sealed at ``close``); APPR-PROCEDURE and ROLE-VOTING-RIGHTS
are judged once critique has started, the grades, the cap and the feedback once in
rectification; none gates ``start_rectification``; everything gates ``close``. Written only
with meetingflow's public extension API, it is the worked example of a track.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Final, Literal

from meetingflow.flow import Track
from meetingflow.i18n import Text
from meetingflow.records import Happened, Id, Many, MemberRef, Placement, Record
from meetingflow.records.terms import DisciplineKind, DocumentKind, MemberStatus, Term
from meetingflow.rules import Severity, rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules import RuleContext

__all__ = [
    "NAME",
    "RULES",
    "TRACK",
    "AppraisalReport",
    "AppraisalStep",
    "AppraisalStepKind",
    "BallotCast",
    "Grade",
    "GradeFeedback",
    "GradeProposal",
    "MemberAppraisal",
    "MemberGrade",
    "section",
]

NAME: Final = "member_appraisal"
"""The track's name, and the key of its section under ``meeting.extensions``."""
PATH: Final = f"extensions.{NAME}"


class AppraisalStepKind(Term):
    """The three steps, in order."""

    SELF_ASSESSMENT = ("self_assessment", "个人自评", "self-assessment")
    PEER_ASSESSMENT = ("peer_assessment", "党员互评", "peer assessment")
    APPRAISAL_BALLOT = ("appraisal_ballot", "民主测评", "appraisal ballot")


class Grade(Term):
    """The four grades."""

    EXCELLENT = ("excellent", "优秀", "excellent")
    QUALIFIED = ("qualified", "合格", "qualified")
    BASICALLY_QUALIFIED = ("basically_qualified", "基本合格", "basically qualified")
    UNQUALIFIED = ("unqualified", "不合格", "unqualified")


class AppraisalStep(Record):
    """One step of the procedure, with its date (the ballot's date is the ballot step's)."""

    record_into: ClassVar[Placement | None] = Placement(PATH, "steps", "upsert", "kind")
    kind: AppraisalStepKind
    on: Happened


class BallotCast(Record):
    """A member who cast a ballot; ``voided`` when the vote does not count."""

    record_into: ClassVar[Placement | None] = Placement(PATH, "ballots", "upsert", "voter_id")
    voter_id: MemberRef
    voided: bool = False


class GradeProposal(Record):
    """Who proposed the grades from the results and everyday performance, and when."""

    record_into: ClassVar[Placement | None] = Placement(PATH, "proposal", "set")
    by: Literal["committee", "plenary"]
    on: Happened


class MemberGrade(Record):
    """The grade a member received."""

    record_into: ClassVar[Placement | None] = Placement(PATH, "grades", "upsert", "member_id")
    member_id: MemberRef
    grade: Grade


class GradeFeedback(Record):
    """When a member was told his or her result (通报本人)."""

    record_into: ClassVar[Placement | None] = Placement(PATH, "feedback", "upsert", "member_id")
    member_id: MemberRef
    on: Happened


class AppraisalReport(Record):
    """The results reported to the superior, and when they became final."""

    record_into: ClassVar[Placement | None] = Placement(PATH, "report", "set")
    reported_on: Happened
    to_org: Id
    finalized_on: Happened | None = None
    """When the results became final (no longer open to change)."""


class MemberAppraisal(Record):
    """The appraisal's section, at ``meeting.extensions.member_appraisal``."""

    steps: Many[AppraisalStep] = ()
    ballots: Many[BallotCast] = ()
    proposal: GradeProposal | None = None
    grades: Many[MemberGrade] = ()
    feedback: Many[GradeFeedback] = ()
    report: AppraisalReport | None = None


def section(meeting: Meeting) -> MemberAppraisal:
    """The meeting's appraisal section; empty when nothing was recorded yet."""
    value = getattr(meeting.extensions, NAME, None)
    return value if isinstance(value, MemberAppraisal) else MemberAppraisal()


def _graded(meeting: Meeting) -> list[str]:
    return [m.id for m in meeting.roster if m.status is MemberStatus.FULL and m.exemption is None]


_BASIS = (
    "《中国共产党支部工作条例（试行）》（民主评议党员：按照个人自评、党员互评、民主测评的程序）"
)


@rule(
    "APPR-PROCEDURE",
    stage="critique",
    gate="none",
    paths=(PATH,),
    title=Text("评议程序", "Appraisal procedure"),
    messages={
        "missing": Text(
            "民主评议缺少步骤：{steps}。",
            "The appraisal lacks the {count:step|steps}: {steps}.",
        ),
        "order": Text(
            "评议步骤的顺序不对（应为个人自评、党员互评、民主测评）。",
            "The steps are out of order (self, then peer, then the ballot).",
        ),
        "proposal": Text(
            "民主测评后，尚无支委会或党员大会提出的评定意见。",
            "No grade proposal by the committee or the plenary after the ballot.",
        ),
    },
    hint=Text(
        "按个人自评、党员互评、民主测评的顺序进行，再由支委会或党员大会提出评定意见。",
        "Run self-assessment, then peer assessment, then the ballot; then the committee or the plenary proposes the grades.",
    ),
    basis=_BASIS,
)
def appr_procedure(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """People assess themselves before others assess them, and the ballot comes last.

    The assessments and the ballot are judged once critique has started; the proposal of
    grades, which follows in the days after, once in rectification (clarification 13).
    """
    a = section(m)
    on = {s.kind: s.on for s in a.steps}
    order = list(AppraisalStepKind)
    missing = [k for k in order if k not in on]
    if missing:
        yield ctx.finding(f"{PATH}.steps", "missing", steps=missing, count=len(missing))
        return
    dates = [on[k] for k in order]
    if dates != sorted(dates):
        yield ctx.finding(f"{PATH}.steps", "order")
    if ctx.reached("rectification") and (
        a.proposal is None or a.proposal.on < on[AppraisalStepKind.APPRAISAL_BALLOT]
    ):
        yield ctx.finding(f"{PATH}.proposal", "proposal")


@rule(
    "ROLE-VOTING-RIGHTS",
    stage="critique",
    gate="none",
    paths=(PATH,),
    title=Text("表决权", "Voting rights"),
    messages={
        "voted": Text(
            "受留党察看处分的 {who} 参加了民主测评投票，但其没有表决权。",
            "{who}, on probation within the Party, cast a ballot without the right to vote.",
        )
    },
    hint=Text(
        "受留党察看处分的党员参加组织生活，但不参加表决；将其选票作废。",
        "Members on probation within the Party take part but do not vote; void the ballot.",
    ),
    basis="党组织生活制度（受留党察看处分的党员，察看期间仍要参加组织生活，但无表决权）",
)
def role_voting_rights(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Discipline suspends the vote, not membership; it counts only within its recorded period."""
    a = section(m)
    on = next((s.on for s in a.steps if s.kind is AppraisalStepKind.APPRAISAL_BALLOT), ctx.today)
    barred = {
        x.id
        for x in m.roster
        if x.discipline is not None
        and x.discipline.kind is DisciplineKind.ON_PARTY_PROBATION
        and x.discipline.in_force(on)
    }
    if not barred:
        ctx.not_applicable()
    voted = [b.voter_id for b in a.ballots if b.voter_id in barred and not b.voided]
    if voted:
        yield ctx.finding(f"{PATH}.ballots", "voted", members=voted)


@rule(
    "APPR-GRADES",
    stage="rectification",
    paths=(PATH,),
    title=Text("评定等次", "Grades"),
    messages={
        "missing": Text("{who} 没有评定等次。", "Not graded: {who}."),
        "probationary": Text(
            "预备党员 {who} 不应评定等次。", "Probationary members must not be graded: {who}."
        ),
    },
    hint=Text(
        "正式党员评定为优秀、合格、基本合格或不合格之一；预备党员参加评议，但不评定等次。",
        "Each full member gets one of the four grades; probationary members take part but are not graded.",
    ),
    basis="共产党员网《民主评议党员》（按照优秀、合格、基本合格、不合格评定）；预备党员参加民主评议，但不评定等次",
)
def appr_grades(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Every full member is graded once; a probationary member is not graded at all."""
    grades = section(m).grades
    graded = {g.member_id for g in grades}
    missing = [i for i in _graded(m) if i not in graded]
    if missing:
        yield ctx.finding(f"{PATH}.grades", "missing", members=missing)
    prob = [
        g.member_id
        for g in grades
        if (x := ctx.members.get(g.member_id)) is not None and x.status is MemberStatus.PROBATIONARY
    ]
    if prob:
        yield ctx.finding(f"{PATH}.grades", "probationary", members=prob)


@rule(
    "APPR-EXCELLENT-CAP",
    stage="rectification",
    gate="none",
    severity=Severity.WARNING,
    paths=(PATH,),
    title=Text("优秀比例", "Share of 'excellent'"),
    messages={
        "over": Text(
            "评为优秀的有 {count} 人，超过{base_name} {base} 人的 {cap}。",
            "{count} {count:member|members} graded excellent, more than {cap} of the {base} {base_name}.",
        )
    },
    hint=Text(
        "评定为优秀的比例一般不超过党员总数的三分之一。",
        "As a rule, at most a third of members are graded excellent.",
    ),
    basis="共产党员网《民主评议党员》（评定为“优秀”的比例一般不超过党员总数的1/3）",
    reads=("excellent_cap", "excellent_cap_base"),
)
def appr_excellent_cap(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A grade everyone gets distinguishes no one (base: all members, or the graded ones)."""
    grades = section(m).grades
    if not grades:
        ctx.not_applicable()
    excellent = [g.member_id for g in grades if g.grade is Grade.EXCELLENT]
    all_members = ctx.settings.excellent_cap_base == "all_members"
    base = len(m.roster) if all_members else len(grades)
    # the cap as the fraction it stands for (1/3, 57/100), so that a float's rounding never
    # turns exactly the cap into "more than" it
    cap = Fraction(ctx.settings.excellent_cap).limit_denominator(10_000)
    if len(excellent) > cap * base:
        yield ctx.finding(
            f"{PATH}.grades",
            "over",
            members=excellent,
            count=len(excellent),
            base=base,
            cap=f"{ctx.settings.excellent_cap:.0%}",
            base_name=Text("党员总数", "members")
            if all_members
            else Text("参评人数", "graded members"),
        )


@rule(
    "APPR-FEEDBACK-REPORT",
    stage="rectification",
    paths=(PATH,),
    title=Text("结果反馈与上报", "Results fed back and reported"),
    messages={
        "untold": Text("评议结果尚未通报 {who} 本人。", "Not yet told their result: {who}."),
        "unreported": Text(
            "评议结果尚未报告上级党组织。", "The results have not been reported to the superior."
        ),
        "wrong_org": Text(
            "评议结果报告给 {to}，而不是上级组织 {parent}。",
            "The results went to {to}, not to the superior {parent}.",
        ),
    },
    hint=Text(
        "将评议结果通报本人，并向上级党组织报告。",
        "Tell each member the result and report the results to the superior.",
    ),
    basis="民主评议党员制度（评议结果在向上级党组织报告的同时要通报本人）",
)
def appr_feedback_report(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A grade nobody is told about cannot change anything."""
    a = section(m)
    told = {f.member_id for f in a.feedback}
    untold = [g.member_id for g in a.grades if g.member_id not in told]
    if untold:
        yield ctx.finding(f"{PATH}.feedback", "untold", members=untold)
    parent = m.organization.parent_id
    if a.report is None:
        yield ctx.finding(f"{PATH}.report", "unreported")
    elif parent is not None and a.report.to_org != parent:
        yield ctx.finding(
            f"{PATH}.report.to_org",
            "wrong_org",
            to=a.report.to_org,
            parent=parent,
            subjects={"organization": [a.report.to_org]},
        )


@rule(
    "CLOSE-APPRAISAL-DONE",
    stage="closed",
    gate="entry",
    paths=(PATH,),
    title=Text("评议完成", "Appraisal final"),
    messages={
        "open": Text(
            "评议结果尚未最终确定并报告上级。", "The appraisal results are not final and reported."
        )
    },
    hint=Text(
        "结束前确定评议结果并报告上级党组织。",
        "Make the results final and report them before closing.",
    ),
    basis="民主评议党员制度（向上级党组织报告评议结果及党支部意见）",
)
def close_appraisal_done(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Closing with an open appraisal leaves members without a result."""
    report = section(m).report
    if report is None or report.finalized_on is None:
        yield ctx.finding(f"{PATH}.report", "open")


RULES = (
    appr_procedure,
    role_voting_rights,
    appr_grades,
    appr_excellent_cap,
    appr_feedback_report,
    close_appraisal_done,
)

TRACK = Track(
    NAME,
    Text("民主评议党员", "democratic appraisal of members"),
    section=MemberAppraisal,
    owner="rectification",
    rules=RULES,
    gates={"close": ("APPR-PROCEDURE", "ROLE-VOTING-RIGHTS")},
    settings={
        "archive_documents": (
            *(k for k in DocumentKind if k is not DocumentKind.APPRAISAL),
            DocumentKind.APPRAISAL,
        )
    },
    items=(AppraisalStep, BallotCast, GradeProposal, MemberGrade, GradeFeedback, AppraisalReport),
)
"""The appraisal as a track: ``default_flow(extensions=[TRACK])``."""
