"""The built branch's people: roster, supervisor, who is expected and present, who speaks when.

Every section's records follow the same orders from here, so they agree on who spoke, who
criticized whom and whose item links to which criticism.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from meetingflow import records as r
from meetingflow.records.terms import BranchRole, MemberStatus, OrgLevel
from meetingflow.testing.blueprint import Blueprint

if TYPE_CHECKING:
    from meetingflow.records import Meeting, Member


SUPERVISOR = "s01"
"""The representative of the superior in every built meeting."""


def _roster(bp: Blueprint) -> tuple[Member, ...]:
    prob = set(bp.probationary_ids)
    committee, cadres = set(bp.committee_ids), set(bp.cadre_ids)
    exempt, disciplined = set(bp.exempt), set(bp.discipline)
    out = []
    for i, mid in enumerate(bp.ids):
        name = bp.names[i] if i < len(bp.names) else f"党员{mid}"
        roles: tuple[BranchRole, ...] = ()
        cadre = None
        if i == 0:
            roles = (BranchRole.SECRETARY,)
        elif mid in committee:
            roles = (BranchRole.COMMITTEE_MEMBER,)
        elif mid in cadres:
            roles = (BranchRole.LEADING_CADRE,)
            cadre = r.CadreInfo(post="集团副总经理", registered_branch_ids=(bp.org_id,))
        exemption = (
            r.Exemption(reason="长期病休", contact_id=bp.secretary) if mid in exempt else None
        )
        discipline = (
            r.Discipline(
                since=bp.sitting - timedelta(days=180), until=bp.sitting + timedelta(days=185)
            )
            if mid in disciplined
            else None
        )
        status = MemberStatus.PROBATIONARY if mid in prob else MemberStatus.FULL
        out.append(
            r.Member(
                id=mid,
                name=name,
                roles=roles,
                cadre=cadre,
                status=status,
                exemption=exemption,
                discipline=discipline,
            )
        )
    return tuple(out)


def new_meeting(bp: Blueprint | None = None) -> Meeting:
    """The branch before anything was recorded: a draft, free to build in Python."""
    bp = bp or Blueprint()
    return r.Meeting(
        id=bp.meeting_id,
        organization=r.Organization(
            id=bp.org_id, name=bp.org_name, level=OrgLevel.BRANCH, parent_id=bp.parent_id
        ),
        campaign=r.Campaign(theme=bp.theme, meeting_year=bp.sitting.year),
        roster=_roster(bp),
        supervisors=(
            r.Supervisor(
                id=SUPERVISOR, name="周建国", org_id=bp.parent_id, title="党史学习教育指导组"
            ),
        ),
    )


def _present(bp: Blueprint) -> list[str]:
    """The members at the sitting, in roster order."""
    return list(bp.present_ids)


def _expected(bp: Blueprint) -> list[str]:
    """The members expected at the sitting (all but the exempt), in roster order."""
    return list(bp.expected_ids)


def _speaking_order(bp: Blueprint) -> list[str]:
    """Who speaks at the sitting, in order: the leaders present, then the others present.

    The self-examinations, the ring of criticisms and the items' links to them all follow it,
    so the sections agree on who criticized whom.
    """
    here = set(_present(bp))
    lead = [i for i in bp.leaders if i in here]
    return lead + [i for i in bp.ids if i in here and i not in lead]
