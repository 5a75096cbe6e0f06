"""The meeting itself: review (检视剖析) and critique (批评与自我批评)."""

from __future__ import annotations

from datetime import date
from enum import Enum

from pydantic import Field, model_validator

from meetingflow.records._base import Id, MemberRef, PersonRef, Record
from meetingflow.records.preparation import SessionForm


class Session(Record):
    """How the sitting is held: form, date, place, chair, recorder, observers."""

    form: SessionForm = SessionForm.GENERAL_MEETING
    held_on: date
    venue: str = ""
    chair_id: MemberRef | None = None
    recorder_id: MemberRef | None = None
    observer_ids: tuple[PersonRef, ...] = ()
    """Superior representatives attending to guide (列席指导)."""


class Presence(str, Enum):
    """Whether a member was there."""

    PRESENT = "present"
    ON_LEAVE = "on_leave"
    ABSENT = "absent"


class Attendance(Record):
    """One member's attendance at the sitting."""

    member_id: MemberRef
    presence: Presence = Presence.PRESENT


class LeaveRequest(Record):
    """A leave request (请假) and its approval by the secretary."""

    member_id: MemberRef
    requested_on: date
    reason: str = Field(min_length=1)
    approved_by: PersonRef | None = None
    approved_on: date | None = None

    @property
    def approved(self) -> bool:
        """Approved by someone on a known date."""
        return self.approved_by is not None and self.approved_on is not None


class SpeakingMode(str, Enum):
    """In person, or a written outline read by a proxy (书面发言提纲)."""

    IN_PERSON = "in_person"
    WRITTEN_PROXY = "written_proxy"


class SelfExamination(Record):
    """One member's self-examination statement over the campaign's aspects."""

    member_id: MemberRef
    order: int = Field(ge=1)
    mode: SpeakingMode = SpeakingMode.IN_PERSON
    proxy_id: MemberRef | None = None
    aspects: tuple[Id, ...] = ()
    summary: str = ""


class AgendaReport(Record):
    """A report given at the sitting (branch work, previous rectification)."""

    presented_by: MemberRef
    summary: str = ""
    item_ids: tuple[Id, ...] = ()


class BranchReport(AgendaReport):
    """The secretary's report on branch work and the committee's self-inspection."""


class PreviousRectificationReport(AgendaReport):
    """Item-by-item report on the previous meeting's rectification (REV-PREV-RECTIFICATION)."""


class Review(Record):
    """Review stage (会中检视剖析)."""

    session: Session | None = None
    attendance: tuple[Attendance, ...] = ()
    leave_requests: tuple[LeaveRequest, ...] = ()
    self_examinations: tuple[SelfExamination, ...] = ()
    branch_report: BranchReport | None = None
    previous_meeting_id: Id | None = None
    previous_rectification_report: PreviousRectificationReport | None = None

    def presence_of(self, member_id: str) -> Presence | None:
        """The recorded presence of a member, or ``None`` if not recorded."""
        for a in self.attendance:
            if a.member_id == member_id:
                return a.presence
        return None


class Statement(Record):
    """One self-criticism speech, in speaking order."""

    member_id: MemberRef
    order: int = Field(ge=1)
    summary: str = ""


class CriticismKind(str, Enum):
    """The host's classification: only ``problem`` is real criticism (no 老好人)."""

    PROBLEM = "problem"
    PRAISE = "praise"
    HOPE = "hope"
    SUGGESTION = "suggestion"
    VAGUE = "vague"


class Criticism(Record):
    """A criticism one member gives another."""

    from_member: MemberRef
    to_member: MemberRef
    kind: CriticismKind = CriticismKind.PROBLEM
    text: str = Field(min_length=1)
    accepted: bool = True

    @model_validator(mode="after")
    def _not_self(self) -> Criticism:
        if self.from_member == self.to_member:
            raise ValueError(
                "from_member and to_member are the same; record self-criticism as a Statement"
            )
        return self


class Response(Record):
    """A criticised member's response (表态)."""

    member_id: MemberRef
    text: str = ""


class SuperiorComment(Record):
    """The superior representative's commentary (点评)."""

    by_id: PersonRef
    text: str = Field(min_length=1)


class UnityAttestation(Record):
    """The chair's or supervisor's attestation of 团结—批评—团结 and no retaliation."""

    by_id: PersonRef
    on: date
    text: str = ""


class Critique(Record):
    """Critique stage (批评与自我批评)."""

    statements: tuple[Statement, ...] = ()
    criticisms: tuple[Criticism, ...] = ()
    responses: tuple[Response, ...] = ()
    superior_comments: tuple[SuperiorComment, ...] = ()
    unity_attestation: UnityAttestation | None = None
