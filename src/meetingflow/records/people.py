"""Who takes part: the organization, its campaign, the roster and the superior's supervisors."""

from __future__ import annotations

from datetime import date
from enum import Enum

from pydantic import Field

from meetingflow.records._base import Id, MemberRef, PersonRef, Record


class OrgLevel(str, Enum):
    """Where an organization sits in the hierarchy (集团党委 → 二级党组织 → 党支部 → 党小组)."""

    GROUP_COMMITTEE = "group_committee"
    SECONDARY_ORG = "secondary_org"
    BRANCH = "branch"
    PARTY_GROUP = "party_group"


class MeetingKind(str, Enum):
    """专题 (thematic) or 年度 (annual) organizational life meeting."""

    THEMATIC = "thematic"
    ANNUAL = "annual"


class MemberStatus(str, Enum):
    """正式党员 (full) or 预备党员 (probationary)."""

    FULL = "full"
    PROBATIONARY = "probationary"


class Role(str, Enum):
    """A member's roles in the branch; a leading cadre attends as an ordinary member."""

    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    COMMITTEE_MEMBER = "committee_member"
    GROUP_LEADER = "group_leader"
    LEADING_CADRE = "leading_cadre"


DEFAULT_ASPECTS: tuple[str, ...] = (
    "ideals_convictions",
    "serving_the_people",
    "party_spirit",
    "responsibility_action",
)
"""The source document's four aspects: 理想信念, 联系服务群众, 党性锤炼, 担当作为."""

ASPECT_NAMES: dict[str, tuple[str, str]] = {
    "ideals_convictions": ("理想信念", "ideals and convictions"),
    "serving_the_people": ("联系服务群众", "connecting with and serving the people"),
    "party_spirit": ("党性锤炼", "tempering of party spirit"),
    "responsibility_action": ("担当作为", "taking responsibility and acting"),
}


class Organization(Record):
    """The party organization holding the meeting."""

    id: Id
    name: str = Field(min_length=1)
    level: OrgLevel = OrgLevel.BRANCH
    parent_id: Id | None = None


class Campaign(Record):
    """What this meeting is about; the aspects are campaign configuration, not constants."""

    kind: MeetingKind = MeetingKind.THEMATIC
    theme: str = ""
    aspects: tuple[Id, ...] = Field(default=DEFAULT_ASPECTS, min_length=1)
    meeting_year: int | None = Field(default=None, ge=1921, le=9999)


class Exemption(Record):
    """Why a member may stay away (long illness, maternity) and who keeps in touch."""

    reason: str = Field(min_length=1)
    contact_id: MemberRef | None = None


class Discipline(Record):
    """A disciplinary status that limits rights, e.g. 留党察看 (no vote)."""

    kind: str = Field(default="on_party_probation", min_length=1)
    since: date | None = None
    until: date | None = None


class Member(Record):
    """One member on the roster."""

    id: Id
    name: str = Field(min_length=1)
    status: MemberStatus = MemberStatus.FULL
    roles: tuple[Role, ...] = ()
    dual_membership: bool = False
    """A leading cadre registered in this branch, attending as an ordinary member."""
    exemption: Exemption | None = None
    discipline: Discipline | None = None

    def has(self, role: Role) -> bool:
        """Whether the member holds ``role``."""
        return role in self.roles

    @property
    def is_committee(self) -> bool:
        """Secretary, deputy secretary or committee member (支委)."""
        return any(
            r in self.roles for r in (Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.COMMITTEE_MEMBER)
        )

    @property
    def is_leading_cadre(self) -> bool:
        """A leading cadre (党员领导干部)."""
        return Role.LEADING_CADRE in self.roles


class Supervisor(Record):
    """A person of the superior organization (guidance group) who attends, checks and signs off."""

    id: Id
    name: str = Field(min_length=1)
    org_id: Id
    title: str = ""


__all__ = [
    "ASPECT_NAMES",
    "DEFAULT_ASPECTS",
    "Campaign",
    "Discipline",
    "Exemption",
    "MeetingKind",
    "Member",
    "MemberStatus",
    "OrgLevel",
    "Organization",
    "PersonRef",
    "Role",
    "Supervisor",
]
