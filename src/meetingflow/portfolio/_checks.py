"""The portfolio's structure, checked and indexed once: references, the hierarchy, the scopes.

Why one index: the rules and the figures ask the same questions thousands of times (what is
above this branch, which secondary organizations are in scope, which campaign a meeting
belongs to); answering each from dictionaries built once keeps a 10,000-organization
portfolio linear.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING

import attrs

from meetingflow.errors import ErrorEntry
from meetingflow.i18n import Text
from meetingflow.records.terms import OrgLevel

if TYPE_CHECKING:
    from meetingflow.portfolio.records import CampaignNotice, MeetingSummary, OrgUnit, Portfolio

__all__ = ["Index", "index", "reference_problems"]


def _entry(path: str, zh: str, en: str) -> ErrorEntry:
    return ErrorEntry(path, Text(zh, en), "reference")


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def reference_problems(p: Portfolio) -> list[ErrorEntry]:
    """Every dangling reference, duplicate id and cycle of ``p``, each with its path."""
    out: list[ErrorEntry] = []
    orgs = {o.id: o for o in p.organizations}
    for dup in _duplicates(o.id for o in p.organizations):
        out.append(
            _entry(
                "organizations",
                f"组织编号 {dup!r} 重复",
                f"organization id {dup!r} appears more than once",
            )
        )

    def org(path: str, org_id: str | None) -> None:
        if org_id is not None and org_id not in orgs:
            out.append(
                _entry(path, f"没有组织 {org_id!r}", f"no organization {org_id!r} in organizations")
            )

    for i, o in enumerate(p.organizations):
        org(f"organizations[{i}].parent_id", o.parent_id)
    out += _cycles(p.organizations)
    campaigns = {c.id for c in p.campaigns}
    for dup in _duplicates(c.id for c in p.campaigns):
        out.append(
            _entry(
                "campaigns", f"运动编号 {dup!r} 重复", f"campaign id {dup!r} appears more than once"
            )
        )

    def campaign(path: str, campaign_id: str | None) -> None:
        if campaign_id is not None and campaign_id not in campaigns:
            out.append(
                _entry(
                    path,
                    f"没有运动（通知）{campaign_id!r}",
                    f"no campaign {campaign_id!r} in campaigns",
                )
            )

    for i, c in enumerate(p.campaigns):
        org(f"campaigns[{i}].issuer_org", c.issuer_org)
        for k, s in enumerate(c.scope_org_ids):
            org(f"campaigns[{i}].scope_org_ids[{k}]", s)
    for i, m in enumerate(p.meetings):
        org(f"meetings[{i}].org_id", m.org_id)
        campaign(f"meetings[{i}].campaign_id", m.campaign_id)
    for i, d in enumerate(p.dossiers):
        org(f"dossiers[{i}].meeting.organization.id", d.meeting.organization.id)
        campaign(f"dossiers[{i}].campaign_id", d.campaign_id)
    ids = [m.id for m in p.meetings] + [d.meeting.id for d in p.dossiers]
    for dup in _duplicates(ids):
        out.append(
            _entry(
                "meetings", f"会议编号 {dup!r} 重复", f"meeting id {dup!r} appears more than once"
            )
        )
    for i, x in enumerate(p.postponements):
        org(f"postponements[{i}].org_id", x.org_id)
        org(f"postponements[{i}].approved_by_org", x.approved_by_org)
        campaign(f"postponements[{i}].campaign_id", x.campaign_id)
    for i, g in enumerate(p.guidance):
        org(f"guidance[{i}].org_id", g.org_id)
        org(f"guidance[{i}].by_org", g.by_org)
        campaign(f"guidance[{i}].campaign_id", g.campaign_id)
    for i, log in enumerate(p.attendance):
        org(f"attendance[{i}].org_id", log.org_id)
    for dup in _duplicates(f"{a.org_id}/{a.member_id}" for a in p.attendance):
        out.append(
            _entry(
                "attendance", f"党员 {dup!r} 的记录重复", f"member {dup!r} has more than one log"
            )
        )
    return out


def _cycles(orgs: Iterable[OrgUnit]) -> Iterator[ErrorEntry]:
    parent = {o.id: o.parent_id for o in orgs}
    state: dict[str, int] = {}
    for i, start in enumerate(parent):
        seen: list[str] = []
        node: str | None = start
        while node is not None and node in parent and node not in state:
            state[node] = 1
            seen.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1 and node in seen:
            yield _entry(
                f"organizations[{i}].parent_id",
                f"组织层级有循环：{' → '.join([*seen[seen.index(node) :], node])}",
                f"the hierarchy has a cycle: {' → '.join([*seen[seen.index(node) :], node])}",
            )
        for s in seen:
            state[s] = 2


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
