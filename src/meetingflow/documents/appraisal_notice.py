"""The appraisal results notice (民主评议党员结果通报), where an appraisal is combined with the meeting.

Results go to each member and to the superior (APPR-FEEDBACK-REPORT); the notice is what the
branch posts and files: the procedure with its dates, each member's grade (probationary members
take part but are not graded), the counts and the share graded excellent against the cap.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

import attrs

from meetingflow.documents.common import Person, T, day, join_texts, person, short_day
from meetingflow.documents.layout import Block, Heading, Page, Para, Table
from meetingflow.errors import InvalidArgument
from meetingflow.extensions import appraisal
from meetingflow.i18n import Text, language
from meetingflow.records.terms import MeetingKind, MemberStatus

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.rules.settings import RuleSettings

__all__ = ["AppraisalNotice", "GradeLine", "appraisal_notice"]


class A:
    """The notice's texts."""

    title = Text("关于{org}民主评议党员结果的通报", "Results of the democratic appraisal — {org}")
    intro = Text(
        "根据《中国共产党支部工作条例（试行）》，结合{kind}，支部按照个人自评、党员互评、民主测评的程序开展民主评议党员，{by}于 {on} 提出评定意见。现将评议结果通报如下：",
        "Together with its {kind}, the branch appraised its members — self-assessment, peer"
        " assessment, then the ballot — and {by} proposed the grades on {on}. The results are:",
    )
    steps = Text("评议步骤", "Procedure")
    step = Text("{step}：{on}", "{step}: {on}")
    results = Text("评议结果", "Results")
    committee = Text("支委会", "the committee")
    plenary = Text("党员大会", "the general meeting")
    col_no = Text("序号", "No.")
    col_member = Text("姓名", "Member")
    col_status = Text("类别", "Membership")
    col_grade = Text("评定等次", "Grade")
    col_told = Text("通报本人", "Told on")
    ungraded = Text("参加评议，不评定等次", "took part, not graded")
    not_graded = Text("未评定", "not graded")
    counts = Text("评定{grades}。", "Grades: {grades}.")
    grade_count = Text("{grade} {count} 名", "{grade} {count}")
    share = Text(
        "评为优秀的 {count} 名，占{base_name} {base} 名的 {share}（一般不超过 {cap}）。",
        "{count} graded excellent: {share} of the {base} {base_name} (as a rule at most {cap}).",
    )
    all_members = Text("党员总数", "members")
    graded_members = Text("参评人数", "graded members")
    reported = Text("评议结果已于 {on} 报告 {org}。", "The results were reported to {org} on {on}.")
    unreported = Text(
        "评议结果尚待报告上级党组织。", "The results are yet to be reported to the superior."
    )
    signed = Text("{org}\n{on}", "{org}\n{on}")
    none = Text(
        "会议 {meeting} 没有民主评议党员的记录（extensions.member_appraisal）；请使用含评议轨道的流程。",
        "meeting {meeting} has no appraisal (extensions.member_appraisal); use the flow with the appraisal track",
    )


@attrs.frozen(slots=True)
class GradeLine:
    """One member's result: the grade (``None`` for a probationary member) and when told."""

    person: Person
    status: MemberStatus
    grade: appraisal.Grade | None
    told_on: date | None


@attrs.frozen(slots=True)
class AppraisalNotice:
    """The appraisal results notice as a value."""

    kind: ClassVar[str] = "appraisal"

    meeting_id: str
    organization: str
    meeting_kind: MeetingKind
    steps: tuple[tuple[appraisal.AppraisalStepKind, date], ...]
    proposed_by: Text
    proposed_on: date | None
    lines: tuple[GradeLine, ...]
    members: int
    """The base of the cap: all members, or the graded ones (the settings say which)."""
    excellent_cap: float
    graded_base: bool
    reported_on: date | None
    reported_to: str | None
    finalized_on: date | None

    @property
    def title(self) -> Text:
        """关于{org}民主评议党员结果的通报."""
        return A.title.format(org=self.organization)

    def count(self, grade: appraisal.Grade) -> int:
        """How many members received ``grade``."""
        return sum(1 for x in self.lines if x.grade is grade)

    def layout(self, lang: str = "zh") -> Page:
        """The notice in ``lang``."""
        lang = language(lang)
        blocks: list[Block] = [
            Para(
                A.intro.render(
                    lang,
                    kind=self.meeting_kind.label,
                    by=self.proposed_by,
                    on=day(self.proposed_on),
                )
            ),
            Heading(A.steps.in_(lang)),
            Para(
                join_texts(A.step.format(step=k.label, on=day(on)) for k, on in self.steps).in_(
                    lang
                )
            ),
            Heading(A.results.in_(lang)),
        ]
        cols = (A.col_no, A.col_member, A.col_status, A.col_grade, A.col_told)
        rows = tuple(
            (
                str(i),
                x.person.label.in_(lang),
                x.status.label.in_(lang),
                (
                    x.grade.label
                    if x.grade is not None
                    else A.ungraded
                    if x.status is MemberStatus.PROBATIONARY
                    else A.not_graded
                ).in_(lang),
                short_day(x.told_on).in_(lang),
            )
            for i, x in enumerate(self.lines, 1)
        )
        blocks.append(Table(tuple(c.in_(lang) for c in cols), rows, widths=(1, 4, 3, 4, 3)))
        counted = [
            A.grade_count.format(grade=g.label, count=self.count(g)) for g in appraisal.Grade
        ]
        blocks.append(Para(A.counts.render(lang, grades=counted)))
        excellent = self.count(appraisal.Grade.EXCELLENT)
        share = f"{excellent / self.members:.0%}" if self.members else "—"
        blocks.append(
            Para(
                A.share.render(
                    lang,
                    count=excellent,
                    base=self.members,
                    base_name=A.graded_members if self.graded_base else A.all_members,
                    share=share,
                    cap=f"{self.excellent_cap:.0%}",
                )
            )
        )
        if self.reported_on is not None:
            blocks.append(
                Para(
                    A.reported.render(
                        lang, on=day(self.reported_on), org=self.reported_to or T.superior
                    )
                )
            )
        else:
            blocks.append(Para(A.unreported.in_(lang), "note"))
        blocks.append(
            Para(A.signed.render(lang, org=self.organization, on=day(self.finalized_on)), "closing")
        )
        return Page(self.kind, lang, self.title.in_(lang), tuple(blocks), dated=self.finalized_on)


def appraisal_notice(meeting: Meeting, *, settings: RuleSettings | None = None) -> AppraisalNotice:
    """The appraisal results notice of ``meeting``.

    Raises :class:`~meetingflow.errors.InvalidArgument` when no appraisal is recorded (the
    meeting was not run with ``default_flow(extensions=[appraisal.TRACK])``).
    """
    from meetingflow.rules.settings import RuleSettings  # noqa: PLC0415

    settings = settings or RuleSettings()
    a = appraisal.section(meeting)
    if not (a.steps or a.grades):
        raise InvalidArgument(A.none.format(meeting=meeting.id))
    grades = {g.member_id: g.grade for g in a.grades}
    told = {f.member_id: f.on for f in a.feedback}
    order = list(appraisal.AppraisalStepKind)
    proposal = a.proposal
    graded_base = settings.excellent_cap_base == "graded_members"
    return AppraisalNotice(
        meeting_id=meeting.id,
        organization=meeting.organization.name,
        meeting_kind=meeting.campaign.kind,
        steps=tuple(sorted(((s.kind, s.on) for s in a.steps), key=lambda s: order.index(s[0]))),
        proposed_by=(A.committee if proposal is None or proposal.by == "committee" else A.plenary),
        proposed_on=proposal.on if proposal is not None else None,
        lines=tuple(
            GradeLine(person(meeting, x.id), x.status, grades.get(x.id), told.get(x.id))
            for x in meeting.roster
            if x.exemption is None or x.id in grades
        ),
        members=len(a.grades) if graded_base else len(meeting.roster),
        excellent_cap=settings.excellent_cap,
        graded_base=graded_base,
        reported_on=a.report.reported_on if a.report is not None else None,
        reported_to=a.report.to_org if a.report is not None else None,
        finalized_on=a.report.finalized_on if a.report is not None else None,
    )
