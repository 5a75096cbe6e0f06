"""After the meeting (会后整改) and closing (总结、报告、归档)."""

from __future__ import annotations

from datetime import date
from enum import Enum

from pydantic import Field

from meetingflow.records._base import Id, MemberRef, PersonRef, Record
from meetingflow.records.preparation import ProblemScope


class Closure(Record):
    """Closing an item (销号): dated evidence and a verifier who is not the owner."""

    evidence_ref: str = Field(min_length=1)
    verifier_id: PersonRef
    verified_on: date


class Escalation(Record):
    """An overdue item escalated to the superior (督办)."""

    to_org: Id
    on: date
    note: str = ""


class LongTerm(Record):
    """An item approved as long-term (长期坚持), with milestones."""

    milestones: tuple[str, ...] = Field(min_length=1)
    approved_by: PersonRef
    approved_on: date


class ItemStatus(str, Enum):
    """Derived from the item's closure and long-term approval."""

    OPEN = "open"
    CLOSED = "closed"
    LONG_TERM = "long_term"


class RectificationItem(Record):
    """One line of the problem/rectification list."""

    id: Id
    problem_id: Id | None = None
    scope: ProblemScope = ProblemScope.MEMBER
    owner_id: MemberRef
    description: str = Field(min_length=1)
    root_cause: str = ""
    measures: tuple[str, ...] = ()
    due_on: date
    commitment: str = ""
    """The owner's commitment for this item (整改承诺), if made per item."""
    closure: Closure | None = None
    escalations: tuple[Escalation, ...] = ()
    long_term: LongTerm | None = None
    supervision_notes: tuple[str, ...] = ()

    @property
    def status(self) -> ItemStatus:
        """Closed once verified; long-term once approved as such; open otherwise."""
        if self.closure is not None:
            return ItemStatus.CLOSED
        if self.long_term is not None:
            return ItemStatus.LONG_TERM
        return ItemStatus.OPEN

    def overdue_on(self, day: date) -> bool:
        """Open, past its deadline, and not an approved long-term item (RULES.md §7)."""
        return self.status is ItemStatus.OPEN and day > self.due_on


class Commitment(Record):
    """A rectification commitment (整改承诺)."""

    member_id: MemberRef
    made_on: date
    text: str = Field(min_length=1)


class DispositionKind(str, Enum):
    """What became of a problem that has no item of its own."""

    MERGED = "merged"
    REJECTED = "rejected"


class Disposition(Record):
    """Explicit disposition of a problem without its own item (RECT-TRACE)."""

    problem_id: Id
    kind: DispositionKind
    reason: str = Field(min_length=1)
    merged_into: Id | None = None


class Makeup(Record):
    """An absent member briefed or making up the session (补课)."""

    member_id: MemberRef
    on: date
    note: str = ""


class SupervisionEvent(Record):
    """The superior's supervision (督导) during rectification."""

    by_id: PersonRef
    on: date
    note: str = ""


class RectificationPlan(Record):
    """The rectification plan (整改方案) issued after the meeting."""

    issued_on: date
    summary: str = ""


class Rectification(Record):
    """Rectification stage."""

    plan: RectificationPlan | None = None
    items: tuple[RectificationItem, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    dispositions: tuple[Disposition, ...] = ()
    makeups: tuple[Makeup, ...] = ()
    supervision: tuple[SupervisionEvent, ...] = ()

    def item(self, item_id: str) -> RectificationItem:
        """The item with ``item_id``; ``KeyError`` names the known ids."""
        for it in self.items:
            if it.id == item_id:
                return it
        known = ", ".join(i.id for i in self.items) or "none"
        raise KeyError(f"no rectification item {item_id!r} (known: {known})")


class Absentee(Record):
    """An absent member and why, as the minutes state it."""

    member_id: MemberRef
    reason: str = ""


class SpeechSummary(Record):
    """What one speaker said, in the minutes."""

    member_id: MemberRef
    summary: str = Field(min_length=1)


class Minutes(Record):
    """The minutes (会议记录)."""

    held_on: date
    place: str = ""
    chair_id: MemberRef
    recorder_id: MemberRef
    expected_full: int = Field(ge=0)
    expected_probationary: int = Field(default=0, ge=0)
    present_full: int = Field(ge=0)
    present_probationary: int = Field(default=0, ge=0)
    absentees: tuple[Absentee, ...] = ()
    agenda: tuple[str, ...] = ()
    speech_summaries: tuple[SpeechSummary, ...] = ()
    decisions: tuple[str, ...] = ()


class ReportSection(str, Enum):
    """What the report to the superior covers."""

    PROCESS = "process"
    PROBLEMS = "problems"
    MEMBER_STATES = "member_states"
    MEASURES = "measures"


class SuperiorReport(Record):
    """The report to the superior (向上级报告)."""

    submitted_on: date
    to_org: Id
    sections: tuple[ReportSection, ...] = ()


class DocumentKind(str, Enum):
    """Documents of the archive bundle (资料收集归档)."""

    NOTICE = "notice"
    PLAN = "plan"
    PLAN_APPROVAL = "plan_approval"
    STUDY = "study"
    OPINIONS = "opinions"
    TALKS = "talks"
    MATERIALS = "materials"
    MATERIAL_REVIEWS = "material_reviews"
    MINUTES = "minutes"
    APPRAISAL = "appraisal"
    RECTIFICATION_LIST = "rectification_list"
    CLOSURES = "closures"
    REPORT = "report"
    PUBLICATIONS = "publications"


class ArchivedDocument(Record):
    """One archived document and where the host keeps it."""

    kind: DocumentKind
    ref: str = Field(min_length=1)


class Publication(Record):
    """Rectification content published within a scope (公示)."""

    scope: str = Field(min_length=1)
    on: date
    content: str = ""


class Closing(Record):
    """Closing: minutes, report to the superior, archive, publications."""

    minutes: Minutes | None = None
    report: SuperiorReport | None = None
    archive: tuple[ArchivedDocument, ...] = ()
    publications: tuple[Publication, ...] = ()
