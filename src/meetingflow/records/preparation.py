"""Before the meeting (会前准备): notice, plan, study, opinions, talks, problems, materials."""

from __future__ import annotations

from typing import ClassVar, Final

from pydantic import Field, model_validator

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
from meetingflow.records._base import (
    Problem as _Problem,
)
from meetingflow.records.terms import (
    MaterialKind,
    OpinionSource,
    ProblemScope,
    ProblemSource,
    SessionForm,
    Verdict,
)

__all__ = [
    "CommitteeSession",
    "Material",
    "MaterialReview",
    "MeetingPlan",
    "Notice",
    "Notification",
    "Opinion",
    "OpinionSummary",
    "PlanApproval",
    "Postponement",
    "Preparation",
    "Problem",
    "ScheduleEntry",
    "SpotCheck",
    "StageDeadline",
    "StudySession",
    "Talk",
]

_SELF: Final = frozenset({"self"})
_P: Final = "preparation"


class StageDeadline(Record):
    """One line of the notice's timetable (时间表): a stage and its deadline."""

    stage: Id
    due_on: Day


class Notice(Record):
    """The superior's notice (通知): its timetable (one deadline per stage) and scope."""

    record_into: ClassVar[Placement | None] = Placement(
        _P, "notice", "set", by=frozenset({"secretary", "supervisor"})
    )

    issuer_org: Id
    issued_on: Happened
    title: Prose = ""
    scope_org_ids: Many[Id] = ()
    """The organizations that must hold the meeting."""
    timetable: Many[StageDeadline] = ()

    def deadline(self, stage: str) -> StageDeadline | None:
        """The timetable's line for ``stage``, if any."""
        return next((d for d in self.timetable if d.stage == stage), None)


class ScheduleEntry(Record):
    """One line of the plan's schedule (日程安排)."""

    on: Day
    what: RequiredText


class MeetingPlan(Record):
    """The organization's meeting plan (方案)."""

    record_into: ClassVar[Placement | None] = Placement(_P, "plan", "set")

    org_id: Id | None = None
    """The organization the plan is for (this meeting's organization)."""
    drafted_on: Happened
    meeting_date: Day
    venue: Prose = ""
    theme: Prose = ""
    form: SessionForm = SessionForm.GENERAL_MEETING
    agenda: Many[RequiredText] = ()
    study_items: Many[RequiredText] = ()
    schedule: Many[ScheduleEntry] = ()
    addressed_to: Id | None = None
    """The superior organization the plan is submitted to (报上级党组织)."""
    submitted_on: Happened | None = None


class PlanApproval(Record):
    """The superior's approval of the plan (审核把关), recorded by the approver."""

    record_into: ClassVar[Placement | None] = Placement(
        _P, "plan_approval", "set", by=_SELF, self_field="approved_by"
    )

    approved_by: PersonRef
    approved_on: Happened


class Postponement(Record):
    """A later meeting date approved by the superior (延期召开，报上级同意)."""

    record_into: ClassVar[Placement | None] = Placement(
        _P, "postponements", "append", by=_SELF, self_field="approved_by"
    )

    requested_on: Happened
    new_date: Day
    reason: RequiredText
    approved_by: PersonRef
    approved_on: Happened


class Notification(Record):
    """When an attendee was told about the meeting (PREP-ADVANCE-NOTICE)."""

    record_into: ClassVar[Placement | None] = Placement(_P, "notifications", "upsert", "member_id")

    member_id: MemberRef
    notified_on: Happened


class StudySession(Record):
    """A pre-meeting study session (会前学习) with its attendance."""

    record_into: ClassVar[Placement | None] = Placement(_P, "study_sessions", "upsert", "id")

    id: Id
    held_on: Happened
    hours: float = Field(default=0, ge=0, le=24)
    topic: Prose = ""
    attendee_ids: Many[MemberRef] = ()


class Opinion(Record):
    """A solicited opinion (征求意见) about the branch or one member."""

    record_into: ClassVar[Placement | None] = Placement(_P, "opinions", "upsert", "id")

    id: Id
    source_kind: OpinionSource
    target_member: MemberRef | None = None
    """``None``: the opinion concerns the branch (its committee) as a whole."""
    text: RequiredText
    collected_on: Happened
    fed_back_on: Happened | None = None
    """When it was fed back to the member it concerns (PREP-CADRE-FEEDBACK)."""


class OpinionSummary(Record):
    """The summary of the solicited opinions (意见汇总): who made it and when."""

    record_into: ClassVar[Placement | None] = Placement(_P, "opinion_summary", "set")

    by_id: PersonRef
    on: Happened
    text: Prose = ""


class Talk(Record):
    """A heart-to-heart talk (谈心谈话) between two members."""

    record_into: ClassVar[Placement | None] = Placement(_P, "talks", "append")

    person_a: MemberRef
    person_b: MemberRef
    held_on: Happened
    note: Prose = ""

    @model_validator(mode="after")
    def _two_people(self) -> Talk:
        if self.person_a == self.person_b:
            raise _Problem("谈心谈话需要两名不同的党员", "a talk needs two different members")
        return self

    def involves(self, member_id: str) -> bool:
        """Whether ``member_id`` took part."""
        return member_id in (self.person_a, self.person_b)


class Problem(Record):
    """An identified problem (查摆问题) with its root cause (根源)."""

    record_into: ClassVar[Placement | None] = Placement(_P, "problems", "upsert", "id")

    id: Id
    scope: ProblemScope = ProblemScope.MEMBER
    owner_id: MemberRef | None = None
    """The member it concerns (member scope); ``None`` for the branch."""
    description: RequiredText
    aspect: Id | None = None
    source: ProblemSource = ProblemSource.SELF
    root_cause: Prose = ""
    listed_on: Happened | None = None
    """When it was put on the problem list."""

    @model_validator(mode="after")
    def _owner_matches_scope(self) -> Problem:
        if self.scope is ProblemScope.MEMBER and self.owner_id is None:
            raise _Problem(
                "个人问题须写明所属党员（owner_id）",
                "a member-scope problem needs owner_id (the member it concerns)",
            )
        return self


class Material(Record):
    """A written self-examination; ``author_id=None`` is the committee's collective material."""

    record_into: ClassVar[Placement | None] = Placement(_P, "materials", "upsert", "id")

    id: Id
    author_id: MemberRef | None = None
    kind: MaterialKind = MaterialKind.INSPECTION_MATERIAL
    submitted_on: Happened
    aspects: Many[Id] = ()


class MaterialReview(Record):
    """A review (审核把关) of one material, recorded by its reviewer."""

    record_into: ClassVar[Placement | None] = Placement(
        _P, "material_reviews", "append", by=_SELF, self_field="reviewer_id"
    )

    material_id: Id
    reviewer_id: PersonRef
    reviewed_on: Happened
    verdict: Verdict = Verdict.APPROVED


class SpotCheck(Record):
    """A spot check (抽查) or guidance visit of the superior, recorded by who made it."""

    record_into: ClassVar[Placement | None] = Placement(
        _P, "spot_checks", "append", by=_SELF, self_field="by_id"
    )

    by_id: PersonRef
    on: Happened
    note: Prose = ""


class CommitteeSession(Record):
    """The committee's own session before the plenary (PREP-COMMITTEE-FIRST)."""

    record_into: ClassVar[Placement | None] = Placement(_P, "committee_session", "set")

    id: Id = "committee-session"
    held_on: Happened
    form: SessionForm = SessionForm.COMMITTEE_MEETING
    attendee_ids: Many[MemberRef] = ()
    summary: Prose = ""
    """What the committee found about itself (reported to the plenary by the secretary)."""


class Preparation(Record):
    """Everything done before the meeting."""

    notice: Notice | None = None
    plan: MeetingPlan | None = None
    plan_approval: PlanApproval | None = None
    postponements: Many[Postponement] = ()
    notifications: Many[Notification] = ()
    study_sessions: Many[StudySession] = ()
    opinions: Many[Opinion] = ()
    opinion_summary: OpinionSummary | None = None
    talks: Many[Talk] = ()
    problems: Many[Problem] = ()
    materials: Many[Material] = ()
    material_reviews: Many[MaterialReview] = ()
    spot_checks: Many[SpotCheck] = ()
    committee_session: CommitteeSession | None = None

    def material(self, material_id: str) -> Material | None:
        """The material with ``material_id``, if any."""
        return next((x for x in self.materials if x.id == material_id), None)
