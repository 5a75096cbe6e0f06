"""The sitting's review part (会中检视剖析): the session, attendance, leave, self-examinations."""

from __future__ import annotations

from typing import ClassVar, Final

from pydantic import Field

from meetingflow.records._base import (
    Day,
    Happened,
    Id,
    Many,
    MemberRef,
    PersonRef,
    Placement,
    Prose,
    Record,
    RequiredText,
)
from meetingflow.records.terms import ItemState, Presence, SessionForm, SpeakingMode

__all__ = [
    "Attendance",
    "BranchReport",
    "LeaveApproval",
    "LeaveRequest",
    "PreviousItemStatus",
    "PreviousMeeting",
    "PreviousRectificationReport",
    "Review",
    "SelfExamination",
    "Session",
]

_R: Final = "review"


class Session(Record):
    """How the sitting is held: form, date, place, chair, recorder, observers."""

    record_into: ClassVar[Placement | None] = Placement(_R, "session", "set")

    id: Id = "session-1"
    form: SessionForm | None = None
    """Held as a general meeting, committee meeting or group meeting (REV-FORM)."""
    held_on: Day
    """The sitting's day: a plain ``Day``, since the session is arranged (chair, recorder,
    place) before it sits."""
    venue: Prose = ""
    chair_id: MemberRef | None = None
    recorder_id: MemberRef | None = None
    observer_ids: Many[PersonRef] = ()
    """Representatives of the superior attending to guide (列席指导)."""


class Attendance(Record):
    """One member's attendance at the sitting."""

    record_into: ClassVar[Placement | None] = Placement(_R, "attendance", "upsert", "member_id")

    member_id: MemberRef
    presence: Presence = Presence.PRESENT


class LeaveRequest(Record):
    """A leave request (请假) to the secretary, before the sitting."""

    record_into: ClassVar[Placement | None] = Placement(
        _R,
        "leave_requests",
        "upsert",
        "member_id",
        by=frozenset({"secretary", "self"}),
        self_field="member_id",
    )

    member_id: MemberRef
    requested_on: Happened
    reason: RequiredText


class LeaveApproval(Record):
    """The approval of a leave request, recorded by the approver (the secretary; the superior
    for the secretary's own leave)."""

    record_into: ClassVar[Placement | None] = Placement(
        _R,
        "leave_approvals",
        "upsert",
        "member_id",
        by=frozenset({"self"}),
        self_field="approved_by",
    )

    member_id: MemberRef
    approved_by: PersonRef
    approved_on: Happened


class SelfExamination(Record):
    """One member's self-examination over the campaign's aspects (检视剖析发言)."""

    record_into: ClassVar[Placement | None] = Placement(
        _R, "self_examinations", "upsert", "member_id"
    )

    member_id: MemberRef
    order: int = Field(ge=1, le=100_000)
    mode: SpeakingMode = SpeakingMode.IN_PERSON
    proxy_id: MemberRef | None = None
    """Who read a written outline aloud for a member absent on leave."""
    aspects: Many[Id] = ()
    summary: Prose = ""


class BranchReport(Record):
    """The secretary's report on the branch's work and the committee's self-inspection."""

    record_into: ClassVar[Placement | None] = Placement(_R, "branch_report", "set")

    presented_by: MemberRef
    summary: Prose = ""
    covers_committee_inspection: bool = False
    """Whether it reported the committee's own comparison-inspection (通报支委会对照检查情况)."""


class PreviousMeeting(Record):
    """The previous meeting and its rectification items, as the host knows them."""

    record_into: ClassVar[Placement | None] = Placement(_R, "previous_meeting", "set")

    meeting_id: Id
    item_ids: Many[Id] = ()


class PreviousItemStatus(Record):
    """Where one of the previous meeting's items stands, as reported at the sitting."""

    item_id: Id
    state: ItemState
    note: Prose = ""


class PreviousRectificationReport(Record):
    """Item-by-item report on the previous meeting's rectification (REV-PREV-RECTIFICATION)."""

    record_into: ClassVar[Placement | None] = Placement(_R, "previous_rectification_report", "set")

    presented_by: MemberRef
    items: Many[PreviousItemStatus] = ()
    summary: Prose = ""


class Review(Record):
    """The review part of the sitting (会中检视剖析)."""

    session: Session | None = None
    attendance: Many[Attendance] = ()
    leave_requests: Many[LeaveRequest] = ()
    leave_approvals: Many[LeaveApproval] = ()
    self_examinations: Many[SelfExamination] = ()
    branch_report: BranchReport | None = None
    previous_meeting: PreviousMeeting | None = None
    previous_rectification_report: PreviousRectificationReport | None = None

    def presence_of(self, member_id: str) -> Presence | None:
        """The recorded presence of a member, or ``None`` if not recorded."""
        return next((a.presence for a in self.attendance if a.member_id == member_id), None)
