"""Closing (总结、报告、归档): the minutes, the report to the superior, the archive, publications."""

from __future__ import annotations

from typing import ClassVar, Final

from meetingflow.records._base import (
    Count,
    Happened,
    Id,
    Many,
    MemberRef,
    Placement,
    Prose,
    Record,
    RequiredText,
)
from meetingflow.records.terms import DocumentKind, MemberState, PublicationContent, ReportSection

__all__ = [
    "Absentee",
    "ArchivedDocument",
    "Closing",
    "MemberStateEntry",
    "Minutes",
    "Publication",
    "ReportToSuperior",
    "SpeechSummary",
]

_Z: Final = "closing"


class Absentee(Record):
    """An absent member as the minutes give it: why, and whether the absence was excused."""

    member_id: MemberRef
    reason: Prose = ""
    excused: bool = False


class SpeechSummary(Record):
    """What one speaker said, in the minutes."""

    member_id: MemberRef
    summary: RequiredText


class Minutes(Record):
    """The minutes (会议记录) of the sitting."""

    record_into: ClassVar[Placement | None] = Placement(_Z, "minutes", "set")

    session_id: Id | None = None
    held_on: Happened
    place: Prose = ""
    chair_id: MemberRef
    recorder_id: MemberRef
    expected_full: Count
    expected_probationary: Count = 0
    present_full: Count
    present_probationary: Count = 0
    absentees: Many[Absentee] = ()
    agenda: Many[RequiredText] = ()
    speech_summaries: Many[SpeechSummary] = ()
    decisions: Many[RequiredText] = ()


class MemberStateEntry(Record):
    """One member's state at the sitting, as reported to the superior."""

    member_id: MemberRef
    state: MemberState


class ReportToSuperior(Record):
    """The meeting report to the superior (情况报告), within the set days of the sitting."""

    record_into: ClassVar[Placement | None] = Placement(_Z, "report", "set")

    submitted_on: Happened
    to_org: Id
    sections: Many[ReportSection] = ()
    member_states: Many[MemberStateEntry] = ()
    summary: Prose = ""


class ArchivedDocument(Record):
    """One archived document, where the host keeps it, and when it was filed."""

    record_into: ClassVar[Placement | None] = Placement(_Z, "archive", "append")

    kind: DocumentKind
    ref: RequiredText
    filed_on: Happened | None = None


class Publication(Record):
    """Rectification made public within a scope (公示): the list, its progress, or completion."""

    record_into: ClassVar[Placement | None] = Placement(_Z, "publications", "append")

    scope: RequiredText
    on: Happened
    content: PublicationContent = PublicationContent.LIST
    text: Prose = ""


class Closing(Record):
    """Closing: minutes, report to the superior, archive, publications."""

    minutes: Minutes | None = None
    report: ReportToSuperior | None = None
    archive: Many[ArchivedDocument] = ()
    publications: Many[Publication] = ()
