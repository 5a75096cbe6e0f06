"""The report to the superior (情况报告): the process, the problems, each member's state, the measures.

CLOSE-REPORT asks for exactly these four sections within the set days of the sitting, and every
fact in them is already recorded; the secretary reviews the generated report, signs it, sends
it, and records it as filed with :meth:`SuperiorReportDocument.to_record`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

import attrs

from meetingflow.documents.common import (
    Person,
    T,
    day,
    join_texts,
    person,
    short_day,
    verbatim,
)
from meetingflow.documents.layout import Block, Heading, Page, Para, Table
from meetingflow.documents.narrative import narrate
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text, language
from meetingflow.records.terms import (
    ItemState,
    MeetingKind,
    MemberState,
    MemberStatus,
    Presence,
    ReportSection,
)
from meetingflow.rules.facts import approved_leave, item_facts, presence

if TYPE_CHECKING:
    from meetingflow.records import Meeting, ReportToSuperior
    from meetingflow.rules.settings import RuleSettings

__all__ = ["MeasureLine", "ProblemLine", "StateLine", "SuperiorReportDocument", "superior_report"]


class R:
    """The report's texts."""

    title = Text("关于召开{kind}情况的报告", "Report on the {kind}")
    to = Text("{org}：", "To: {org}")
    due = Text("（按规定应于 {due} 前报送）", "(due by {due})")
    intro = Text(
        "{org}于 {held} 召开{kind}，主题为“{theme}”。现将有关情况报告如下：",
        "{org} held its {kind} on {held}; the theme was “{theme}”. We report as follows:",
    )
    end = Text("特此报告。", "Respectfully submitted.")
    signed = Text("{org}\n{on}", "{org}\n{on}")
    # the tables
    col_no = Text("序号", "No.")
    col_scope = Text("类别", "Scope")
    col_owner = Text("责任人", "Owner")
    col_aspect = Text("方面", "Aspect")
    col_problem = Text("问题", "Problem")
    col_cause = Text("根源", "Root cause")
    col_member = Text("党员", "Member")
    col_status = Text("类别", "Membership")
    col_state = Text("参会情况", "State")
    col_note = Text("说明", "Note")
    col_item = Text("整改事项", "Item")
    col_measures = Text("整改措施", "Measures")
    col_due = Text("时限", "Due")
    col_progress = Text("进展", "Progress")
    branch = Text("支部（班子）", "branch")
    plan_summary = Text("整改方案（{on}）：{summary}", "Rectification plan ({on}): {summary}")
    commitments = Text(
        "{count} 名党员作出整改承诺。",
        "{count} {count:member|members} made a rectification commitment.",
    )
    no_org = Text(
        "会议记录未写明上级组织（organization.parent_id），请指定报送对象。",
        "the record names no superior organization (organization.parent_id); give to_org",
    )
    no_date = Text(
        "请给出报送日期（submitted_on）。", "give the date the report is filed (submitted_on)"
    )


@attrs.frozen(slots=True)
class ProblemLine:
    """A problem found: the branch's or a member's, its aspect, root cause and source."""

    id: str
    owner: Person | None
    aspect: Text
    description: Text
    root_cause: Text


@attrs.frozen(slots=True)
class StateLine:
    """One member's state at the sitting (``state`` is ``None`` for an exempt member)."""

    person: Person
    status: MemberStatus
    state: MemberState | None
    note: Text


@attrs.frozen(slots=True)
class MeasureLine:
    """A rectification item as the report gives it."""

    item_id: str
    description: Text
    owner: Person
    measures: tuple[Text, ...]
    due_on: date
    state: ItemState


@attrs.frozen(slots=True)
class SuperiorReportDocument:
    """The report to the superior as a value; :meth:`to_record` gives what the host files."""

    kind: ClassVar[str] = "report"

    meeting_id: str
    organization: str
    to_org: str | None
    meeting_kind: MeetingKind
    theme: Text
    held_on: date | None
    due_on: date | None
    dated: date | None
    process: tuple[Text, ...]
    problems: tuple[ProblemLine, ...]
    member_states: tuple[StateLine, ...]
    measures: tuple[Text, ...]
    items: tuple[MeasureLine, ...]
    sections: tuple[ReportSection, ...] = tuple(ReportSection)

    @property
    def title(self) -> Text:
        """关于召开{kind}情况的报告."""
        return R.title.format(kind=self.meeting_kind.label)

    def layout(self, lang: str = "zh") -> Page:
        """The report in ``lang``: salutation, the four sections, the sign-off."""
        lang = language(lang)
        blocks: list[Block] = [Para(R.to.render(lang, org=self.to_org or T.superior), "salutation")]
        blocks.append(
            Para(
                R.intro.render(
                    lang,
                    org=self.organization,
                    held=day(self.held_on),
                    kind=self.meeting_kind.label,
                    theme=self.theme,
                )
            )
        )
        for n, section in enumerate(ReportSection, 1):
            heading = section.label.in_(lang)
            blocks.append(Heading(f"{n}. {heading[:1].upper()}{heading[1:]}"))
            blocks += list(self._section(section, lang))
        blocks.append(Para(R.end.in_(lang)))
        blocks.append(
            Para(R.signed.render(lang, org=self.organization, on=day(self.dated)), "closing")
        )
        subtitle = R.due.render(lang, due=day(self.due_on)) if self.due_on else ""
        return Page(
            self.kind,
            lang,
            self.title.in_(lang),
            tuple(blocks),
            subtitle=subtitle,
            dated=self.dated,
        )

    def _section(self, section: ReportSection, lang: str) -> Iterator[Block]:
        cols: tuple[Text, ...]
        rows: tuple[tuple[str, ...], ...]
        if section is ReportSection.PROCESS:
            yield from (Para(p.in_(lang)) for p in self.process)
        elif section is ReportSection.PROBLEMS:
            cols = (R.col_no, R.col_scope, R.col_aspect, R.col_problem, R.col_cause)
            rows = tuple(
                (
                    str(i),
                    (p.owner.label if p.owner is not None else R.branch).in_(lang),
                    p.aspect.in_(lang),
                    p.description.in_(lang),
                    p.root_cause.in_(lang),
                )
                for i, p in enumerate(self.problems, 1)
            )
            yield (
                Table(tuple(c.in_(lang) for c in cols), rows, widths=(1, 3, 3, 6, 6))
                if rows
                else Para(T.none.in_(lang), "empty")
            )
        elif section is ReportSection.MEMBER_STATES:
            cols = (R.col_no, R.col_member, R.col_status, R.col_state, R.col_note)
            rows = tuple(
                (
                    str(i),
                    s.person.label.in_(lang),
                    s.status.label.in_(lang),
                    (s.state.label if s.state is not None else T.exempt_member).in_(lang),
                    s.note.in_(lang),
                )
                for i, s in enumerate(self.member_states, 1)
            )
            yield Table(tuple(c.in_(lang) for c in cols), rows, widths=(1, 4, 3, 3, 5))
        else:
            yield from (Para(p.in_(lang)) for p in self.measures)
            cols = (R.col_no, R.col_item, R.col_owner, R.col_measures, R.col_due, R.col_progress)
            rows = tuple(
                (
                    str(i),
                    it.description.in_(lang),
                    it.owner.label.in_(lang),
                    "\n".join(m.in_(lang) for m in it.measures),
                    short_day(it.due_on).in_(lang),
                    it.state.label.in_(lang),
                )
                for i, it in enumerate(self.items, 1)
            )
            if rows:
                yield Table(tuple(c.in_(lang) for c in cols), rows, widths=(1, 5, 3, 6, 3, 3))

    def to_record(self, lang: str = "zh", *, submitted_on: date | None = None) -> ReportToSuperior:
        """The :class:`~meetingflow.records.ReportToSuperior` the host records as filed.

        ``submitted_on`` defaults to the report's date; the summary is the process section.
        """
        from meetingflow import records as rec  # noqa: PLC0415 - records load lazily

        lang = language(lang)
        on = submitted_on or self.dated
        if on is None:
            raise InvalidArgument(R.no_date)
        if self.to_org is None:
            raise InvalidArgument(R.no_org)
        return rec.ReportToSuperior(
            submitted_on=on,
            to_org=self.to_org,
            sections=self.sections,
            member_states=tuple(
                rec.MemberStateEntry(member_id=s.person.id, state=s.state)
                for s in self.member_states
                if s.state is not None
            ),
            summary=join_texts(self.process, Text("", " ")).in_(lang),
        )


def superior_report(
    meeting: Meeting,
    *,
    settings: RuleSettings | None = None,
    on: date | None = None,
    to_org: str | None = None,
) -> SuperiorReportDocument:
    """The report to the superior on ``meeting``, from the record alone.

    ``on`` dates the report (default: the filed report's date, if any); ``to_org`` overrides
    the addressee (default: the organization's parent). The due date follows the settings'
    ``report_within_days``.
    """
    from meetingflow.rules.settings import RuleSettings  # noqa: PLC0415

    settings = settings or RuleSettings()
    session = meeting.review.session
    held = session.held_on if session is not None else None
    filed = meeting.closing.report
    ok = approved_leave(meeting)
    reasons = {r.member_id: r.reason for r in meeting.review.leave_requests}
    where = presence(meeting)
    states = []
    for x in meeting.roster:
        if x.exemption is not None:
            states.append(
                StateLine(person(meeting, x.id), x.status, None, verbatim(x.exemption.reason))
            )
            continue
        p = where[x.id]
        state = (
            MemberState.PRESENT
            if p is Presence.PRESENT
            else MemberState.ON_LEAVE
            if x.id in ok
            else MemberState.ABSENT_UNEXCUSED
        )
        note = verbatim(reasons.get(x.id, "")) if p is not Presence.PRESENT else Text("", "")
        states.append(StateLine(person(meeting, x.id), x.status, state, note))
    rect = meeting.rectification
    facts = item_facts(meeting)
    items = tuple(
        MeasureLine(
            f.item.id,
            verbatim(f.item.description),
            person(meeting, f.item.owner_id),
            tuple(verbatim(x) for x in f.item.measures),
            f.item.due_on,
            f.state,
        )
        for f in facts
    )
    measures: list[Text] = []
    if rect.plan is not None:
        measures.append(
            R.plan_summary.format(on=day(rect.plan.issued_on), summary=rect.plan.summary or T.dash)
        )
    if rect.commitments:
        measures.append(R.commitments.format(count=len({c.member_id for c in rect.commitments})))
    return SuperiorReportDocument(
        meeting_id=meeting.id,
        organization=meeting.organization.name,
        to_org=to_org or meeting.organization.parent_id,
        meeting_kind=meeting.campaign.kind,
        theme=verbatim(meeting.campaign.theme),
        held_on=held,
        due_on=held + timedelta(days=settings.report_within_days) if held is not None else None,
        dated=on or (filed.submitted_on if filed is not None else None),
        process=tuple(narrate(meeting)),
        problems=tuple(
            ProblemLine(
                p.id,
                person(meeting, p.owner_id) if p.owner_id else None,
                meeting.campaign.aspect_label(p.aspect) if p.aspect else T.dash,
                verbatim(p.description),
                verbatim(p.root_cause) if p.root_cause else T.dash,
            )
            for p in meeting.preparation.problems
        ),
        member_states=tuple(states),
        measures=tuple(measures),
        items=items,
    )
