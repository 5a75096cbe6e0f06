"""Who takes part: the organization, its campaign, the roster and the superior's representatives."""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from meetingflow.i18n import Text
from meetingflow.records._base import (
    Day,
    Id,
    Many,
    MemberRef,
    Name,
    Placement,
    Problem,
    Prose,
    Record,
)
from meetingflow.records.terms import (
    ASPECT_LABELS,
    DEFAULT_ASPECTS,
    BranchRole,
    DisciplineKind,
    MeetingKind,
    MemberStatus,
    OrgLevel,
)

__all__ = [
    "Aspect",
    "CadreInfo",
    "Campaign",
    "Discipline",
    "Exemption",
    "Member",
    "Organization",
    "Supervisor",
]


_COMMITTEE = frozenset(
    {BranchRole.SECRETARY, BranchRole.DEPUTY_SECRETARY, BranchRole.COMMITTEE_MEMBER}
)


class Organization(Record):
    """The party organization holding the meeting, and the time zone its dates are read in."""

    record_into: ClassVar[Placement | None] = Placement(
        "", "organization", "set", by=frozenset({"secretary"})
    )

    id: Id
    name: Name
    level: OrgLevel = OrgLevel.BRANCH
    parent_id: Id | None = None
    """The superior organization (reports go there)."""
    timezone: str = "Asia/Shanghai"
    """IANA time zone: every date a rule computes (today, overdue, days after) is local to it."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise Problem(
                f"未知的 IANA 时区 {value!r}（例如 Asia/Shanghai）",
                f"unknown IANA time zone {value!r} (e.g. Asia/Shanghai)",
            ) from None
        return value


class Aspect(Record):
    """One aspect every self-examination covers, with its name in both languages."""

    id: Id
    zh: Name
    en: Name

    @property
    def label(self) -> Text:
        """The aspect's name as a ``Text``."""
        return Text(self.zh, self.en)


def _default_aspects() -> tuple[Aspect, ...]:
    return tuple(
        Aspect(id=a, zh=ASPECT_LABELS[a].zh, en=ASPECT_LABELS[a].en) for a in DEFAULT_ASPECTS
    )


class Campaign(Record):
    """What the meeting is about; the aspects are campaign configuration, not constants."""

    record_into: ClassVar[Placement | None] = Placement(
        "", "campaign", "set", by=frozenset({"secretary", "supervisor"})
    )

    kind: MeetingKind = MeetingKind.THEMATIC
    theme: Prose = ""
    aspects: Many[Aspect] = Field(default_factory=_default_aspects, min_length=1)
    meeting_year: int | None = Field(default=None, ge=1921, le=9999)
    """The year the meeting counts for (FREQ-ANNUAL), which may differ from its date's year."""

    @property
    def aspect_ids(self) -> tuple[str, ...]:
        """The ids of the aspects, in order."""
        return tuple(a.id for a in self.aspects)

    def aspect_label(self, aspect_id: str) -> Text:
        """The name of an aspect of this campaign (the id itself if unknown)."""
        for a in self.aspects:
            if a.id == aspect_id:
                return a.label
        return ASPECT_LABELS.get(aspect_id, Text(aspect_id, aspect_id))


class Exemption(Record):
    """Why a member may stay away (long illness, maternity) and who keeps in touch."""

    reason: Name
    contact_id: MemberRef | None = None


class Discipline(Record):
    """Party discipline a member is under, and the period it runs (留党察看 takes the vote)."""

    kind: DisciplineKind = DisciplineKind.ON_PARTY_PROBATION
    since: Day | None = None
    until: Day | None = None

    def in_force(self, day: date) -> bool:
        """Whether the discipline applies on ``day`` (an open end counts as ongoing)."""
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )

    @model_validator(mode="after")
    def _period(self) -> Discipline:
        if self.since is not None and self.until is not None and self.until < self.since:
            raise Problem("处分期限的结束日早于开始日", "the discipline ends before it starts")
        return self


class CadreInfo(Record):
    """A leading cadre's post and the branches he or she is registered in for branch life."""

    post: Name
    registered_branch_ids: Many[Id] = ()
    """Under the dual organizational-life system this is exactly one branch."""


class Member(Record):
    """One member on the roster."""

    record_into: ClassVar[Placement | None] = Placement(
        "", "roster", "upsert", "id", by=frozenset({"secretary"})
    )

    id: Id
    name: Name
    status: MemberStatus = MemberStatus.FULL
    roles: Many[BranchRole] = ()
    cadre: CadreInfo | None = None
    """For a leading cadre: post and registration (ROLE-DUAL-MEMBERSHIP)."""
    exemption: Exemption | None = None
    discipline: Discipline | None = None

    def has(self, role: BranchRole) -> bool:
        """Whether the member holds ``role``."""
        return role in self.roles

    @property
    def is_secretary(self) -> bool:
        """The branch secretary (支部书记)."""
        return BranchRole.SECRETARY in self.roles

    @property
    def is_committee(self) -> bool:
        """Secretary, deputy secretary or committee member (支委)."""
        return not _COMMITTEE.isdisjoint(self.roles)

    @property
    def is_leading_cadre(self) -> bool:
        """A leading cadre (党员领导干部)."""
        return BranchRole.LEADING_CADRE in self.roles

    def registered_in(self, org_id: str) -> bool:
        """A leading cadre registered for branch life in ``org_id`` and nowhere else."""
        return self.cadre is not None and self.cadre.registered_branch_ids == (org_id,)

    @property
    def exempt(self) -> bool:
        """Exempt from attending (left out of the expected count)."""
        return self.exemption is not None


class Supervisor(Record):
    """A representative of the superior organization: attends, guides, approves and verifies."""

    record_into: ClassVar[Placement | None] = Placement(
        "", "supervisors", "upsert", "id", by=frozenset({"supervisor"})
    )

    id: Id
    name: Name
    org_id: Id
    title: Prose = ""
