"""The minutes (会议记录) in the standard form, generated from the record of the sitting.

Everything CLOSE-MINUTES asks for is already in the record — date, place, chair, recorder,
who was expected and who came (full and probationary), who was absent and why, the agenda,
what each speaker said — so the recorder reads, signs and files the minutes instead of
typing them again; :meth:`MinutesDocument.to_record` gives the :class:`~meetingflow.records.Minutes`
the host records as filed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, ClassVar

import attrs

from meetingflow.documents.common import (
    NOBODY,
    Person,
    T,
    day,
    join_texts,
    listing,
    person,
    verbatim,
)
from meetingflow.documents.layout import Block, Fields, Heading, Items, Page, Para, Signatures
from meetingflow.errors import InvalidArgument
from meetingflow.extensions import appraisal
from meetingflow.i18n import Text, language
from meetingflow.records.terms import (
    CriticismKind,
    MeetingKind,
    MemberStatus,
    Presence,
    SessionForm,
    SpeakingMode,
)
from meetingflow.rules.facts import approved_leave, presence

if TYPE_CHECKING:
    from meetingflow.records import Meeting, Minutes
    from meetingflow.rules.settings import RuleSettings

__all__ = ["AbsentLine", "CriticismLine", "MinutesDocument", "Speech", "minutes"]


class M:
    """The minutes' texts."""

    title = Text("{org}{kind}会议记录", "Minutes of the {kind} — {org}")
    draft = Text(
        "草稿：会议尚未召开，以下为安排，不是记录。",
        "Draft: the sitting has not been held; what follows is the arrangement, not a record.",
    )
    theme = Text("会议主题", "Theme")
    held_on = Text("时间", "Date")
    place = Text("地点", "Place")
    form = Text("会议形式", "Form")
    chair = Text("主持人", "Chair")
    recorder = Text("记录人", "Recorder")
    expected = Text("应到人数", "Expected")
    present = Text("实到人数", "Present")
    counts = Text(
        "{total} 人（正式党员 {full} 人，预备党员 {prob} 人）",
        "{total} ({full} full, {prob} probationary {prob:member|members})",
    )
    absent = Text("缺席人员及原因", "Absent, with reasons")
    observers = Text("列席人员", "Attending to guide")
    exempt = Text("免于参加人员", "Exempt from attending")
    agenda = Text("会议议程", "Agenda")
    content = Text("发言摘要", "Speech summaries")
    criticisms = Text("相互批评", "Mutual criticism")
    decisions = Text("会议决定", "Decisions")
    redo = Text(
        "本次会议系根据上级党组织 {on} 的要求重新召开（{reason}）。",
        "This sitting was held again as the superior ordered on {on} ({reason}).",
    )
    excused = Text("{reason}（请假已批准）", "{reason} (leave approved)")
    unexcused = Text("{reason}（未经批准）", "{reason} (leave not approved)")
    no_reason = Text("无故缺席", "absent without excuse")
    speech_note = Text("{who}（{note}）", "{who} ({note})")
    said = Text("（发言）", "(spoke)")
    criticism = Text(
        "{giver} 对 {receiver}：{text}（{kind}）", "{giver} to {receiver}: {text} ({kind})"
    )
    not_accepted = Text("，未接受", ", not accepted")
    pair = Text("{a}：{b}", "{a}: {b}")
    part_summary = Text("{part}：{summary}", "{part}: {summary}")
    written = Text("书面发言，由 {proxy} 代读", "written outline read by {proxy}")
    # the agenda when the plan gives none
    agenda_default = (
        Text(
            "书记报告支部工作并通报支委会对照检查情况",
            "The secretary reports the branch's work and the committee's self-inspection",
        ),
        Text("通报上次组织生活会整改落实情况", "Report on the previous meeting's rectification"),
        Text("党员逐一检视剖析", "Each member's self-examination"),
        Text("开展批评与自我批评", "Criticism and self-criticism"),
        Text("上级党组织点评", "Commentary of the superior"),
    )
    # decisions derived from the record
    decided_problems = Text(
        "查摆问题 {total} 项（支部 {branch} 项，个人 {own} 项），列入问题清单。",
        "{total} {total:problem|problems} identified ({branch} of the branch, {own} personal), put on the problem list.",
    )
    decided_criticism = Text(
        "接受批评意见 {count} 条，纳入个人整改。",
        "{count} {count:criticism|criticisms} accepted, to be rectified by the persons concerned.",
    )
    decided_plan = Text(
        "会后 {days} 天内制定整改方案，明确整改事项、措施、责任人和时限，逐项整改销号。",
        "Issue the rectification plan within {days} {days:day|days}, with items, measures, owners and"
        " deadlines, and close each item against the list.",
    )
    decided_appraisal = Text(
        "按个人自评、党员互评、民主测评的程序开展民主评议党员。",
        "Members were appraised: self-assessment, peer assessment, then the ballot.",
    )
    no_chair = Text(
        "会议未记录主持人和记录人，无法生成会议记录。",
        "the sitting names no chair or recorder; the minutes need both",
    )


PARTS: dict[str, Text] = {
    "branch_report": Text("支部工作报告", "Report on the branch's work"),
    "previous": Text("上次整改情况通报", "Report on the previous rectification"),
    "self_exam": Text("检视剖析发言", "Self-examination"),
    "self_criticism": Text("自我批评", "Self-criticism"),
    "response": Text("表态", "Responses to criticism"),
    "comment": Text("上级点评", "Commentary of the superior"),
}
"""The parts of the sitting, in order; the minutes group speeches under them."""


@attrs.frozen(slots=True)
class AbsentLine:
    """An absent member, the reason given, and whether the leave was approved."""

    person: Person
    reason: Text
    excused: bool


@attrs.frozen(slots=True)
class Speech:
    """One speech at the sitting: who, in which part of the sitting, what was said.

    ``part`` is one of :data:`PARTS`; ``note`` says how it was given when not in person.
    """

    person: Person
    part: str
    summary: Text
    note: Text | None = None

    @property
    def part_label(self) -> Text:
        """What kind of speech it was (检视剖析发言, 自我批评, ...)."""
        return PARTS[self.part]


@attrs.frozen(slots=True)
class CriticismLine:
    """A remark one member made to another, as classified."""

    giver: Person
    receiver: Person
    kind: CriticismKind
    text: Text
    accepted: bool


@attrs.frozen(slots=True)
class MinutesDocument:
    """The minutes of the sitting as a value; :meth:`layout` for reading, :meth:`to_record` to file."""

    kind: ClassVar[str] = "minutes"

    meeting_id: str
    organization: str
    meeting_kind: MeetingKind
    theme: Text
    session_id: str
    held_on: date
    place: Text
    form: SessionForm | None
    chair: Person
    recorder: Person
    observers: tuple[Person, ...]
    expected_full: int
    expected_probationary: int
    present_full: int
    present_probationary: int
    absentees: tuple[AbsentLine, ...]
    exempt: tuple[tuple[Person, Text], ...]
    agenda: tuple[Text, ...]
    speeches: tuple[Speech, ...]
    criticisms: tuple[CriticismLine, ...]
    decisions: tuple[Text, ...]
    redo_note: Text | None = None
    draft: bool = False
    """Made before the sitting (the meeting still in preparation): the page says so."""

    @property
    def title(self) -> Text:
        """``{organization}{kind}会议记录``."""
        return M.title.format(org=self.organization, kind=self.meeting_kind.label)

    def layout(self, lang: str = "zh") -> Page:
        """The minutes in ``lang``, laid out as the standard form."""
        lang = language(lang)

        def counts(full: int, prob: int) -> str:
            return M.counts.render(lang, total=full + prob, full=full, prob=prob)

        absent = [M.pair.render(lang, a=a.person.label, b=a.reason) for a in self.absentees]
        rows = [
            (M.theme.in_(lang), self.theme.in_(lang) or T.dash.in_(lang)),
            (M.held_on.in_(lang), day(self.held_on).in_(lang)),
            (M.place.in_(lang), self.place.in_(lang) or T.dash.in_(lang)),
            (M.form.in_(lang), self.form.label.in_(lang) if self.form else T.dash.in_(lang)),
            (M.chair.in_(lang), self.chair.label.in_(lang)),
            (M.recorder.in_(lang), self.recorder.label.in_(lang)),
            (M.expected.in_(lang), counts(self.expected_full, self.expected_probationary)),
            (M.present.in_(lang), counts(self.present_full, self.present_probationary)),
            (M.absent.in_(lang), "\n".join(absent) or T.none.in_(lang)),
            (M.observers.in_(lang), listing(p.label for p in self.observers).in_(lang)),
        ]
        if self.exempt:
            rows.append(
                (
                    M.exempt.in_(lang),
                    "\n".join(M.pair.render(lang, a=p.label, b=r) for p, r in self.exempt),
                )
            )
        blocks: list[Block] = [Para(M.draft.in_(lang), "note")] if self.draft else []
        blocks.append(Fields(tuple(rows)))
        if self.redo_note is not None:
            blocks.append(Para(self.redo_note.in_(lang), "note"))
        blocks += [Heading(M.agenda.in_(lang)), Items(tuple(a.in_(lang) for a in self.agenda))]
        blocks.append(Heading(M.content.in_(lang)))
        for part, heading in PARTS.items():
            said = [_speech(s).in_(lang) for s in self.speeches if s.part == part]
            if said:
                blocks += [Heading(heading.in_(lang), 3), Items(tuple(said), ordered=False)]
            if part == "self_criticism" and self.criticisms:
                blocks += [
                    Heading(M.criticisms.in_(lang), 3),
                    Items(tuple(_criticism(c).in_(lang) for c in self.criticisms), ordered=False),
                ]
        blocks += [
            Heading(M.decisions.in_(lang)),
            Items(tuple(d.in_(lang) for d in self.decisions)),
        ]
        blocks.append(
            Signatures(tuple(T.signature.render(lang, who=w) for w in (M.chair, M.recorder)))
        )
        return Page(
            self.kind,
            lang,
            self.title.in_(lang),
            tuple(blocks),
            subtitle=day(self.held_on).in_(lang),
            dated=self.held_on,
        )

    def to_record(self, lang: str = "zh") -> Minutes:
        """The :class:`~meetingflow.records.Minutes` a host records as filed, in ``lang``.

        One speech summary per member who spoke (members only: the superior's commentary is in
        the document, not in the record's speech summaries).
        """
        from meetingflow import records as rec  # noqa: PLC0415 - records load lazily

        lang = language(lang)
        if not self.chair.id or not self.recorder.id:
            raise InvalidArgument(M.no_chair)
        by_member: dict[str, list[Text]] = {}
        for s in self.speeches:
            if s.person.supervisor or not s.person.id:
                continue
            part = (
                M.part_summary.format(part=s.part_label, summary=s.summary)
                if s.summary.zh.strip()
                else s.part_label
            )
            by_member.setdefault(s.person.id, []).append(part)
        return rec.Minutes(
            session_id=self.session_id,
            held_on=self.held_on,
            place=self.place.in_(lang),
            chair_id=self.chair.id,
            recorder_id=self.recorder.id,
            expected_full=self.expected_full,
            expected_probationary=self.expected_probationary,
            present_full=self.present_full,
            present_probationary=self.present_probationary,
            absentees=tuple(
                rec.Absentee(member_id=a.person.id, reason=a.reason.in_(lang), excused=a.excused)
                for a in self.absentees
            ),
            agenda=tuple(a.in_(lang) for a in self.agenda),
            speech_summaries=tuple(
                rec.SpeechSummary(member_id=i, summary=join_texts(parts).in_(lang))
                for i, parts in by_member.items()
            ),
            decisions=tuple(d.in_(lang) for d in self.decisions),
        )


def _speech(s: Speech) -> Text:
    who = (
        s.person.label if s.note is None else M.speech_note.format(who=s.person.label, note=s.note)
    )
    return M.pair.format(a=who, b=s.summary if s.summary.zh.strip() else M.said)


def _criticism(c: CriticismLine) -> Text:
    line = M.criticism.format(
        giver=c.giver.label, receiver=c.receiver.label, text=c.text, kind=c.kind.label
    )
    if c.accepted:
        return line
    return Text(line.zh + M.not_accepted.zh, line.en + M.not_accepted.en)


def minutes(
    meeting: Meeting, *, settings: RuleSettings | None = None, decisions: Iterable[str] = ()
) -> MinutesDocument:
    """The minutes of ``meeting``'s sitting, from the record alone.

    ``decisions`` adds what the sitting decided beyond what the record implies (the
    problem list, the accepted criticisms, the plan's deadline, the appraisal). Raises
    :class:`~meetingflow.errors.InvalidArgument` before the sitting has been recorded.
    """
    from meetingflow.rules.settings import RuleSettings  # noqa: PLC0415

    settings = settings or RuleSettings()
    session = meeting.review.session
    if session is None:
        raise InvalidArgument(T.no_session)
    where = presence(meeting)
    status = {m.id: m.status for m in meeting.roster}
    ok = approved_leave(meeting)
    reasons = {r.member_id: r.reason for r in meeting.review.leave_requests}

    def count(want: MemberStatus, present: bool) -> int:
        return sum(
            1
            for i, p in where.items()
            if status[i] is want and (not present or p is Presence.PRESENT)
        )

    absentees = []
    for i, p in where.items():
        if p is Presence.PRESENT:
            continue
        given = reasons.get(i)
        reason = verbatim(given) if given else M.no_reason
        if given:
            reason = (M.excused if i in ok else M.unexcused).format(reason=given)
        absentees.append(AbsentLine(person(meeting, i), reason, i in ok))
    plan = meeting.preparation.plan
    agenda = (
        tuple(verbatim(a) for a in plan.agenda)
        if plan is not None and plan.agenda
        else M.agenda_default
    )
    place = session.venue or (plan.venue if plan is not None else "")
    redone = meeting.redone_sessions[-1].order if meeting.redone_sessions else None
    return MinutesDocument(
        meeting_id=meeting.id,
        organization=meeting.organization.name,
        meeting_kind=meeting.campaign.kind,
        theme=verbatim(meeting.campaign.theme or (plan.theme if plan is not None else "")),
        session_id=session.id,
        held_on=session.held_on,
        place=verbatim(place),
        form=session.form,
        chair=person(meeting, session.chair_id) if session.chair_id else NOBODY,
        recorder=person(meeting, session.recorder_id) if session.recorder_id else NOBODY,
        observers=tuple(person(meeting, i) for i in session.observer_ids),
        expected_full=count(MemberStatus.FULL, False),
        expected_probationary=count(MemberStatus.PROBATIONARY, False),
        present_full=count(MemberStatus.FULL, True),
        present_probationary=count(MemberStatus.PROBATIONARY, True),
        absentees=tuple(absentees),
        exempt=tuple(
            (person(meeting, m.id), verbatim(m.exemption.reason))
            for m in meeting.roster
            if m.exemption is not None
        ),
        agenda=agenda,
        speeches=tuple(_speeches(meeting)),
        criticisms=tuple(
            CriticismLine(
                person(meeting, c.from_member),
                person(meeting, c.to_member),
                c.kind,
                verbatim(c.text),
                c.accepted,
            )
            for c in meeting.critique.criticisms
        ),
        decisions=(*_decisions(meeting, settings), *(verbatim(d) for d in decisions if d.strip())),
        redo_note=M.redo.format(on=day(redone.on), reason=redone.reason)
        if redone is not None
        else None,
        draft=meeting.stage == "preparation",
    )


def _speeches(m: Meeting) -> Iterable[Speech]:
    r, c = m.review, m.critique
    if r.branch_report is not None:
        yield Speech(
            person(m, r.branch_report.presented_by),
            "branch_report",
            verbatim(r.branch_report.summary),
        )
    prev = r.previous_rectification_report
    if prev is not None:
        yield Speech(person(m, prev.presented_by), "previous", verbatim(prev.summary))
    for x in sorted(r.self_examinations, key=lambda e: e.order):
        note = None
        if x.mode is SpeakingMode.WRITTEN_PROXY:
            note = M.written.format(proxy=person(m, x.proxy_id).label if x.proxy_id else T.dash)
        yield Speech(person(m, x.member_id), "self_exam", verbatim(x.summary), note)
    for s in sorted(c.statements, key=lambda e: e.order):
        yield Speech(person(m, s.member_id), "self_criticism", verbatim(s.summary))
    for resp in c.responses:
        yield Speech(person(m, resp.member_id), "response", verbatim(resp.text))
    for note_ in c.superior_comments:
        yield Speech(person(m, note_.by_id), "comment", verbatim(note_.text))


def _decisions(m: Meeting, settings: RuleSettings) -> Iterable[Text]:
    problems = m.preparation.problems
    if problems:
        own = sum(1 for p in problems if p.owner_id is not None)
        yield M.decided_problems.format(total=len(problems), branch=len(problems) - own, own=own)
    accepted = sum(
        1 for c in m.critique.criticisms if c.kind is CriticismKind.PROBLEM and c.accepted
    )
    if accepted:
        yield M.decided_criticism.format(count=accepted)
    yield M.decided_plan.format(days=settings.rect_plan_within_days)
    if appraisal.section(m).steps:
        yield M.decided_appraisal
