"""The portfolio's structure, indexed once: the hierarchy, the scopes, the meetings.

Why one index: the rules and the figures ask the same questions thousands of times (what is
above this branch, which secondary organizations are in scope, which campaign a meeting
belongs to); answering each from dictionaries built once keeps a 10,000-organization
portfolio linear.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

import attrs

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.records.terms import OrgLevel

if TYPE_CHECKING:
    from meetingflow.portfolio.records import CampaignNotice, MeetingSummary, OrgUnit, Portfolio

__all__ = ["Index", "index"]


@attrs.frozen(slots=True, eq=False)
class Index:
    """Lookups over one portfolio, built once (:func:`index`)."""

    orgs: dict[str, OrgUnit]
    position: dict[str, int]
    """Each organization's index in ``organizations`` (for paths)."""
    children: dict[str, list[str]]
    order: list[str]
    """Every organization, parents before children."""
    campaigns: dict[str, CampaignNotice]
    summaries: list[MeetingSummary]
    """Every meeting: the summaries, then the dossiers summarized."""
    paths: list[str]
    """The path of each meeting in ``summaries``."""

    def ancestors(self, org_id: str) -> Iterator[str]:
        """The organizations above ``org_id``, nearest first."""
        node = self.orgs[org_id].parent_id
        while node is not None:
            yield node
            node = self.orgs[node].parent_id

    def is_above(self, upper: str, lower: str) -> bool:
        """Whether ``upper`` is an organization above ``lower``."""
        return any(a == upper for a in self.ancestors(lower))

    def in_scope(self, campaign: CampaignNotice) -> list[str]:
        """The organizations that must hold the campaign's meeting, in hierarchy order."""
        listed = set(campaign.scope_org_ids)
        return [o for o in self.order if o in listed]

    def secondary_in_scope(self, campaign: CampaignNotice) -> list[str]:
        """Secondary organizations that are in scope or have an organization in scope below them."""
        found: set[str] = set()
        for o in campaign.scope_org_ids:
            if self.orgs[o].level is OrgLevel.SECONDARY_ORG:
                found.add(o)
            found.update(
                a for a in self.ancestors(o) if self.orgs[a].level is OrgLevel.SECONDARY_ORG
            )
        return [o for o in self.order if o in found]

    def campaign_of(self, m: MeetingSummary) -> str | None:
        """The campaign a meeting belongs to: its own, else the one whose scope, kind and year fit."""
        if m.campaign_id is not None:
            return m.campaign_id
        fits = [
            c.id
            for c in self.campaigns.values()
            if m.org_id in _scope_set(c)
            and c.kind is m.kind
            and (c.meeting_year is None or c.meeting_year == m.year)
        ]
        return fits[0] if len(fits) == 1 else None

    def exists_in(self, org_id: str, year: int) -> bool:
        """Whether the organization existed through part of ``year`` after its founding year."""
        o = self.orgs[org_id]
        if o.founded_on is not None and o.founded_on.year >= year:
            return False
        return o.dissolved_on is None or o.dissolved_on >= date(year, 12, 31)


def _scope_set(c: CampaignNotice) -> frozenset[str]:
    cache = c._cache()
    found = cache.get("scope")
    if found is None:
        found = cache["scope"] = frozenset(c.scope_org_ids)
    return found


def index(p: Portfolio) -> Index:
    """The lookups of ``p``, computed once per portfolio object."""
    from meetingflow.portfolio.records import Portfolio  # noqa: PLC0415

    if not isinstance(p, Portfolio):
        raise InvalidArgument(
            Text(
                "需要 meetingflow 的 Portfolio",
                f"expected a meetingflow Portfolio, got {type(p).__name__}",
            )
        )
    cache = p._cache()
    found = cache.get("index")
    if found is not None:
        return found  # type: ignore[no-any-return]
    from meetingflow.portfolio.summary import summarize  # noqa: PLC0415

    orgs = {o.id: o for o in p.organizations}
    children: dict[str, list[str]] = {o: [] for o in orgs}
    roots: list[str] = []
    for o in p.organizations:
        (children[o.parent_id] if o.parent_id is not None else roots).append(o.id)
    order: list[str] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(children[node]))
    summaries = list(p.meetings)
    paths = [f"meetings[{i}]" for i in range(len(p.meetings))]
    for i, d in enumerate(p.dossiers):
        summaries.append(summarize(d.meeting, campaign_id=d.campaign_id))
        paths.append(f"dossiers[{i}]")
    built = Index(
        orgs=orgs,
        position={o.id: i for i, o in enumerate(p.organizations)},
        children=children,
        order=order,
        campaigns={c.id: c for c in p.campaigns},
        summaries=summaries,
        paths=paths,
    )
    cache["index"] = built
    return built
