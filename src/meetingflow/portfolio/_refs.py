"""The checks across a portfolio's records: every reference resolves, ids are unique, no cycle.

Kept apart from the record classes so that they stay short, and written against the fields
the records have (``Any``), so that this module needs no import of them: the records' model
validator calls :func:`reference_problems`, and every way of validating a portfolio runs it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from meetingflow.errors import ErrorEntry
from meetingflow.i18n import Text

__all__ = ["reference_problems"]


def _entry(path: str, zh: str, en: str) -> ErrorEntry:
    return ErrorEntry(path, Text(zh, en), "reference")


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def reference_problems(p: Any) -> list[ErrorEntry]:
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


def _cycles(orgs: Iterable[Any]) -> Iterator[ErrorEntry]:
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
