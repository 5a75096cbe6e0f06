"""Before the meeting (会前准备): notice, plan, study, opinions, talks, problems, materials."""

from __future__ import annotations

from datetime import date
from enum import Enum

from pydantic import Field, model_validator

from meetingflow.records._base import Id, MemberRef, PersonRef, Record


class SessionForm(str, Enum):
    """The form the meeting is held in (支部工作条例 art. 17)."""

    GENERAL_MEETING = "general_meeting"
    COMMITTEE_MEETING = "committee_meeting"
    GROUP_MEETING = "group_meeting"


class StageDeadline(Record):
    """One line of the notice's timetable (时间表): a stage and its deadline."""

    stage: Id
    due_on: date


class Notice(Record):
    """The superior's notice (通知) with timetable and scope."""

    issuer_org: Id
    issued_on: date
    title: str = ""
    scope_org_ids: tuple[Id, ...] = ()
    timetable: tuple[StageDeadline, ...] = ()


class MeetingPlan(Record):
    """The organization's meeting plan (方案) and its approval by the superior."""

    drafted_on: date
    meeting_date: date
    venue: str = ""
    theme: str = ""
    form: SessionForm = SessionForm.GENERAL_MEETING
    agenda: tuple[str, ...] = ()
    study_items: tuple[str, ...] = ()
    submitted_on: date | None = None
    approved_by: PersonRef | None = None
    approved_on: date | None = None


class Notification(Record):
    """When an attendee was told about the meeting (PREP-ADVANCE-NOTICE)."""

    member_id: MemberRef
    notified_on: date


class StudySession(Record):
    """A pre-meeting study session (会前学习) with its attendance."""

    id: Id
    held_on: date
    hours: float = Field(default=0, ge=0, le=24)
    topic: str = ""
    attendee_ids: tuple[MemberRef, ...] = ()


class OpinionSource(str, Enum):
    """Where a solicited opinion came from."""

    INSIDE_PARTY = "inside_party"
    OUTSIDE_PARTY = "outside_party"
    MASSES = "masses"
    SUPERIOR = "superior"


class Opinion(Record):
    """A solicited opinion (征求意见) about the branch or one member."""

    id: Id
    source_kind: OpinionSource
    target_member: MemberRef | None = None
    """``None`` means the opinion concerns the branch (committee) as a whole."""
    text: str = Field(min_length=1)
    collected_on: date
    fed_back_on: date | None = None


class Talk(Record):
    """A heart-to-heart talk (谈心谈话) between two members."""

    person_a: MemberRef
    person_b: MemberRef
    held_on: date
    note: str = ""

    @model_validator(mode="after")
    def _two_people(self) -> Talk:
        if self.person_a == self.person_b:
            raise ValueError("a talk needs two different members (person_a == person_b)")
        return self

    def involves(self, member_id: str) -> bool:
        """Whether ``member_id`` took part in this talk."""
        return member_id in (self.person_a, self.person_b)


class ProblemScope(str, Enum):
    """A problem of the branch (committee) or of one member."""

    BRANCH = "branch"
    MEMBER = "member"


class ProblemSource(str, Enum):
    """How the problem was found."""

    SELF = "self"
    OPINION = "opinion"
    TALK = "talk"
    CRITICISM = "criticism"
    SUPERIOR = "superior"


class Problem(Record):
    """An identified problem (查摆问题) with its root cause (根源)."""

    id: Id
    scope: ProblemScope = ProblemScope.MEMBER
    owner_id: MemberRef | None = None
    description: str = Field(min_length=1)
    aspect: Id | None = None
    source: ProblemSource = ProblemSource.SELF
    root_cause: str = ""

    @model_validator(mode="after")
    def _owner_matches_scope(self) -> Problem:
        if self.scope is ProblemScope.MEMBER and self.owner_id is None:
            raise ValueError("a member-scope problem needs owner_id (the member it concerns)")
        return self


class MaterialKind(str, Enum):
    """对照检查材料 (full comparison-inspection material) or 发言提纲 (speech outline)."""

    INSPECTION_MATERIAL = "inspection_material"
    SPEECH_OUTLINE = "speech_outline"


class Material(Record):
    """A written self-examination; ``author_id=None`` is the committee's collective material."""

    id: Id
    author_id: MemberRef | None = None
    kind: MaterialKind = MaterialKind.INSPECTION_MATERIAL
    submitted_on: date
    aspects: tuple[Id, ...] = ()
    proxy_reader_id: MemberRef | None = None
    """Who reads a written outline aloud when the author is on leave."""


class Verdict(str, Enum):
    """Outcome of a material review."""

    APPROVED = "approved"
    RETURNED = "returned"


class MaterialReview(Record):
    """A review (审核把关) of one material by the secretary or the superior."""

    material_id: Id
    reviewer_id: PersonRef
    reviewed_on: date
    verdict: Verdict = Verdict.APPROVED


class SpotCheck(Record):
    """A spot check (抽查) or guidance visit by the superior during preparation."""

    by_id: PersonRef
    on: date
    note: str = ""


class CommitteeSession(Record):
    """The committee session held before the plenary (PREP-COMMITTEE-FIRST)."""

    held_on: date
    findings_reported: bool = False


class Preparation(Record):
    """Everything done before the meeting."""

    notice: Notice | None = None
    plan: MeetingPlan | None = None
    notifications: tuple[Notification, ...] = ()
    study_sessions: tuple[StudySession, ...] = ()
    opinions: tuple[Opinion, ...] = ()
    talks: tuple[Talk, ...] = ()
    problems: tuple[Problem, ...] = ()
    materials: tuple[Material, ...] = ()
    material_reviews: tuple[MaterialReview, ...] = ()
    spot_checks: tuple[SpotCheck, ...] = ()
    committee_session: CommitteeSession | None = None
