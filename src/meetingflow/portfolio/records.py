"""The portfolio's records: what a group's party office holds across all its organizations.

A portfolio is one JSON document (a pydantic record like the meeting): the organization
hierarchy (group → secondary organizations → branches), campaign notices with their scope and
per-stage deadlines, the meetings of many organizations and years — full dossiers or
summaries where only figures exist — postponements approved by the superior, guidance and
supervision events, and each member's organizational-life attendance over time.

Why summaries are the common form: a dossier is 50 KiB and a group has thousands; the
cross-meeting rules and the figures need a few counts and dates per meeting. So every dossier
is reduced to a :class:`MeetingSummary` (:func:`meetingflow.portfolio.summarize`) and the
rules read summaries only; a host may keep its dossiers in its own store and hand in the
summaries. Lists may hold up to a million entries (a group of 10,000 branches fits).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeVar

from pydantic import BeforeValidator, Field, model_validator

from meetingflow.portfolio._gc import paused
from meetingflow.portfolio._refs import reference_problems
from meetingflow.records._base import Record
from meetingflow.records.fields import (
    Count,
    Day,
    Id,
    Many,
    Name,
    Problem,
    Prose,
    RequiredText,
    _cap,
    problems,
)
from meetingflow.records.meeting import Meeting
from meetingflow.records.people import Exemption, Organization
from meetingflow.records.preparation import StageDeadline
from meetingflow.records.terms import MeetingKind, Presence, Term

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "MAX_PORTFOLIO_ENTRIES",
    "PORTFOLIO_SCHEMA_VERSION",
    "AttendanceCounts",
    "AttendanceLog",
    "CampaignNotice",
    "Dossier",
    "GradeCounts",
    "GuidanceEvent",
    "GuidanceKind",
    "Large",
    "LeavePeriod",
    "LifeEntry",
    "LifeKind",
    "MeetingSummary",
    "MemberMark",
    "OrgUnit",
    "Portfolio",
    "Postponement",
    "ProblemCounts",
    "StageMark",
]

_T = TypeVar("_T")

PORTFOLIO_SCHEMA_VERSION: Final = 1
"""The portfolio schema version this meetingflow writes."""

MAX_PORTFOLIO_ENTRIES: Final = 1_000_000
"""The most entries a portfolio list may hold (organizations, summaries, logs, events)."""

Large = Annotated[tuple[_T, ...], BeforeValidator(_cap(MAX_PORTFOLIO_ENTRIES))]
"""A list of at most :data:`MAX_PORTFOLIO_ENTRIES` entries."""

Year = Annotated[int, Field(ge=1921, le=9999)]


class GuidanceKind(Term):
    """How the superior guided an organization during a campaign."""

    GUIDANCE = ("guidance", "指导", "guidance")
    SPOT_CHECK = ("spot_check", "抽查", "spot check")
    OBSERVED = ("observed", "列席指导", "attended and guided a sitting")
    SUPERVISION = ("supervision", "督导", "supervision")


class LifeKind(Term):
    """Forms of organizational life (组织生活) a member takes part in."""

    ORG_LIFE_MEETING = ("org_life_meeting", "组织生活会", "organizational life meeting")
    GENERAL_MEETING = ("general_meeting", "党员大会", "general meeting of members")
    COMMITTEE_MEETING = ("committee_meeting", "支委会", "branch committee meeting")
    GROUP_MEETING = ("group_meeting", "党小组会", "party group meeting")
    PARTY_LECTURE = ("party_lecture", "党课", "party lecture")
    THEME_DAY = ("theme_day", "主题党日", "theme party day")
    OTHER = ("other", "其他组织生活", "other organizational life")


class OrgUnit(Organization):
    """One organization of the hierarchy: the group, a secondary organization or a branch."""

    founded_on: Day | None = None
    """From when it exists (FREQ-ANNUAL judges only the years after its founding year)."""
    dissolved_on: Day | None = None
    """Until when it exists (no year after its dissolution is judged)."""


class CampaignNotice(Record):
    """A campaign notice (通知): which organizations must hold the meeting, and by when.

    ``scope_org_ids`` lists the organizations that hold the meeting. A secondary organization
    is in the scope of guidance when it is listed or an organization below it is.
    """

    id: Id
    issuer_org: Id
    issued_on: Day
    title: Prose = ""
    kind: MeetingKind = MeetingKind.THEMATIC
    theme: Prose = ""
    meeting_year: Year | None = None
    scope_org_ids: Large[Id] = ()
    timetable: Many[StageDeadline] = ()
    """One deadline per stage; the ``review`` line is the deadline of the sitting."""

    def deadline(self, stage: str) -> date | None:
        """The due date of ``stage`` in the timetable, if any."""
        return next((d.due_on for d in self.timetable if d.stage == stage), None)

    @property
    def last_deadline(self) -> date | None:
        """The latest date of the timetable (the campaign's end)."""
        return max((d.due_on for d in self.timetable), default=None)


class StageMark(Record):
    """The day an organization's meeting left a stage (``review`` left = sitting done)."""

    stage: Id
    on: Day


class AttendanceCounts(Record):
    """Attendance at a sitting (clarification 18): present = expected − on leave − unexcused."""

    expected: Count
    """Members expected to attend: the roster less the exempt."""
    present: Count
    on_leave: Count = 0
    unexcused: Count = 0
    exempt: Count = 0

    @model_validator(mode="after")
    def _adds_up(self) -> AttendanceCounts:
        if self.present != self.expected - self.on_leave - self.unexcused:
            raise Problem(
                f"出席人数 {self.present} 应等于应到 {self.expected} − 请假 {self.on_leave} − 无故缺席 {self.unexcused}",
                f"present {self.present} must equal expected {self.expected} − on leave"
                f" {self.on_leave} − unexcused {self.unexcused}",
            )
        return self


class ProblemCounts(Record):
    """The rectification list's items (clarification 18), without their text.

    ``open_due_on`` holds the due date of every item with no closure that is not an approved
    long-term item, so that what is overdue is decided at the date a host asks about.
    ``found`` is derived: closed + long-term + open.
    """

    closed_claimed: Count = 0
    """Items with any closure record."""
    closed_verified: Count = 0
    """Closed with dated evidence and verified by someone other than the owner."""
    overdue_then_closed: Count = 0
    """Closed after their due date."""
    long_term: Count = 0
    """Approved long-term items without a closure."""
    open_due_on: Large[Day] = ()

    @property
    def found(self) -> int:
        """Every item on the list."""
        return self.closed_claimed + self.long_term + len(self.open_due_on)

    @model_validator(mode="after")
    def _subsets(self) -> ProblemCounts:
        for name in ("closed_verified", "overdue_then_closed"):
            if getattr(self, name) > self.closed_claimed:
                raise Problem(
                    f"{name} 不能多于已报完成的 closed_claimed（{self.closed_claimed}）",
                    f"{name} cannot exceed closed_claimed ({self.closed_claimed})",
                )
        return self


class GradeCounts(Record):
    """Grades of the democratic appraisal; probationary members are ungraded."""

    excellent: Count = 0
    qualified: Count = 0
    basically_qualified: Count = 0
    unqualified: Count = 0
    ungraded: Count = 0


class MemberMark(Record):
    """One member's presence at a sitting (feeds ATT-LAPSE-RISK)."""

    member_id: Id
    presence: Presence


class Postponement(Record):
    """A later date for an organization's meeting, approved by a superior organization."""

    org_id: Id
    campaign_id: Id | None = None
    requested_on: Day
    new_date: Day
    reason: RequiredText
    approved_by: Id
    """The person who approved it."""
    approved_by_org: Id
    """The organization he or she represents; it must be above ``org_id``."""
    approved_on: Day


class MeetingSummary(Record):
    """A meeting known by its figures: dates, attendance, problems, grades, talks.

    ``held_on`` is set once the sitting took place. Without ``campaign_id`` a meeting belongs
    to the campaign whose scope holds its organization and whose kind and year match.
    """

    id: Id
    org_id: Id
    campaign_id: Id | None = None
    kind: MeetingKind = MeetingKind.THEMATIC
    meeting_year: Year | None = None
    """The year it counts for (FREQ-ANNUAL); without one, the year of ``held_on``."""
    stage: Id | None = None
    planned_on: Day | None = None
    held_on: Day | None = None
    stages_done: Many[StageMark] = ()
    attendance: AttendanceCounts | None = None
    problems: ProblemCounts = Field(default_factory=ProblemCounts)
    grades: GradeCounts | None = None
    talks: Count = 0
    members: Many[MemberMark] = ()
    """Who was present, on leave or absent, when known."""
    postponements: Many[Postponement] = ()
    """Postponements recorded in the dossier itself."""

    @property
    def year(self) -> int | None:
        """The year the meeting counts for."""
        if self.meeting_year is not None:
            return self.meeting_year
        return self.held_on.year if self.held_on is not None else None

    @model_validator(mode="after")
    def _held(self) -> MeetingSummary:
        if self.attendance is not None and self.held_on is None:
            raise Problem(
                "有出席人数的会议须写明召开日期 held_on",
                "attendance is given, so held_on is needed",
            )
        return self


class Dossier(Record):
    """A full meeting record in the portfolio, and the campaign it belongs to."""

    campaign_id: Id | None = None
    meeting: Meeting


class GuidanceEvent(Record):
    """Guidance or supervision of an organization by a superior one (指导、抽查、督导)."""

    org_id: Id
    """The organization guided."""
    by_org: Id
    """The superior organization that guided it."""
    by_id: Id | None = None
    on: Day
    kind: GuidanceKind = GuidanceKind.GUIDANCE
    campaign_id: Id | None = None
    """Without one, the event counts for every campaign whose period holds its date."""
    note: Prose = ""


class LifeEntry(Record):
    """One organizational-life event in a member's log; ``on_leave`` means approved leave."""

    on: Day
    kind: LifeKind = LifeKind.THEME_DAY
    presence: Presence = Presence.PRESENT
    event_id: Id | None = None
    reason: Prose = ""


class LeavePeriod(Record):
    """A period a member was away with a valid reason (approved leave, study abroad, illness)."""

    from_on: Day
    until_on: Day
    reason: RequiredText
    approved_by: Id | None = None

    @model_validator(mode="after")
    def _period(self) -> LeavePeriod:
        if self.until_on < self.from_on:
            raise Problem("假期的结束日早于开始日", "the leave ends before it starts")
        return self


class AttendanceLog(Record):
    """A member's organizational life over time, in one organization (ATT-LAPSE-RISK)."""

    member_id: Id
    org_id: Id
    name: Prose = ""
    since: Day
    """From when the member's organizational life is tracked here (joined or transferred in)."""
    until: Day | None = None
    """Until when (left or transferred out)."""
    exemption: Exemption | None = None
    """Exempt from attending (long illness, maternity): never at lapse risk."""
    entries: Many[LifeEntry] = ()
    leave: Many[LeavePeriod] = ()

    @model_validator(mode="after")
    def _period(self) -> AttendanceLog:
        if self.until is not None and self.until < self.since:
            raise Problem("until 早于 since", "until is before since")
        return self


class Portfolio(Record):
    """Everything a group's party office holds across its organizations, validated as a whole.

    Every reference — parents, scopes, meetings' organizations and campaigns, postponements,
    guidance, logs — must name something in the portfolio; ids are unique; the hierarchy has
    no cycle. Problems come back together as :class:`~meetingflow.errors.InvalidRecord`, each
    with its path (``meetings[12].org_id``).
    """

    schema_version: int = PORTFOLIO_SCHEMA_VERSION
    id: Id
    name: Name
    organizations: Large[OrgUnit] = Field(min_length=1)
    campaigns: Many[CampaignNotice] = ()
    meetings: Large[MeetingSummary] = ()
    dossiers: Many[Dossier] = ()
    postponements: Large[Postponement] = ()
    guidance: Large[GuidanceEvent] = ()
    attendance: Large[AttendanceLog] = ()
    years: Many[Year] = ()
    """The years FREQ-ANNUAL judges; empty: from the earliest meeting year on."""

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        """Parse and validate JSON with the cyclic garbage collector paused (see
        ``meetingflow.portfolio._gc``: 10× the organizations took 18× the time; paused, 10×)."""
        with paused():
            return super().model_validate_json(json_data, **kwargs)

    @model_validator(mode="before")
    @classmethod
    def _version(cls, data: Any) -> Any:
        if isinstance(data, dict):
            found = data.get("schema_version", PORTFOLIO_SCHEMA_VERSION)
            if found != PORTFOLIO_SCHEMA_VERSION:
                raise Problem(
                    f"组合的 schema_version 为 {found!r}，本版只能读取 {PORTFOLIO_SCHEMA_VERSION}",
                    f"the portfolio has schema_version {found!r}; this meetingflow reads"
                    f" {PORTFOLIO_SCHEMA_VERSION}",
                    type="unsupported_schema",
                )
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Portfolio:
        found = reference_problems(self)
        if found:
            raise problems(found)
        return self
