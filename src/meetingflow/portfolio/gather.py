"""A portfolio from what the command line was given: a portfolio file and meeting records.

Meeting records are summarized as they stream by (:func:`~meetingflow.portfolio.summarize`),
so a directory of thousands of dossiers costs a few hundred bytes each. Without a portfolio
file the organizations come from the meetings themselves (and any superior they name).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from meetingflow.errors import ErrorEntry, InvalidRecord
from meetingflow.i18n import Text
from meetingflow.portfolio.clitexts import C
from meetingflow.portfolio.records import MeetingSummary, OrgUnit, Portfolio
from meetingflow.portfolio.summary import summarize
from meetingflow.records.terms import OrgLevel

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.portfolio.sources import Item
    from meetingflow.records import Organization

__all__ = ["Problem", "gather", "portfolio_of"]

Problem = tuple[str, Text, tuple[str, ...]]
"""Where, what, and the paths of a bad input."""


def _prefixed(error: InvalidRecord, prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}.{p}" if p else prefix for p in error.paths)


def portfolio_of(data: dict[str, Any], flow: Flow) -> Portfolio:
    """A portfolio from parsed JSON; its dossiers are read with ``flow`` and summarized."""
    dossiers = data.pop("dossiers", None) or []
    summaries: list[MeetingSummary] = []
    entries: list[ErrorEntry] = []
    if not isinstance(dossiers, list):
        entries.append(ErrorEntry("dossiers", Text("应为列表", "expected a list"), "list_type"))
        dossiers = []
    for i, d in enumerate(dossiers):
        try:
            if not isinstance(d, dict) or "meeting" not in d:
                raise InvalidRecord(
                    "Dossier",
                    [ErrorEntry("meeting", Text("缺少必填字段", "Field required"), "missing")],
                )
            extra = sorted(set(d) - {"meeting", "campaign_id"})
            if extra:
                raise InvalidRecord(
                    "Dossier",
                    [
                        ErrorEntry(
                            extra[0],
                            Text("不允许的字段", "Extra inputs are not permitted"),
                            "extra_forbidden",
                        )
                    ],
                )
            meeting = flow.meeting_type.model_validate(d["meeting"])
            summaries.append(summarize(meeting, campaign_id=d.get("campaign_id")))
        except InvalidRecord as error:
            entries += [
                ErrorEntry(
                    f"dossiers[{i}].{e.path}" if e.path else f"dossiers[{i}]", e.message, e.type
                )
                for e in error.entries
            ]
    if entries:
        raise InvalidRecord("Portfolio", entries)
    meetings = data.get("meetings") or []
    if isinstance(meetings, list):
        data["meetings"] = [*meetings, *(s.model_dump(mode="json") for s in summaries)]
    return Portfolio.model_validate(data)


def _from_meetings(orgs: dict[str, Organization]) -> Portfolio:
    units = {o.id: OrgUnit(**o.model_dump()) for o in orgs.values()}
    for o in list(units.values()):
        if o.parent_id is not None and o.parent_id not in units:
            units[o.parent_id] = OrgUnit(
                id=o.parent_id, name=o.parent_id, level=OrgLevel.GROUP_COMMITTEE
            )
    roots = [u for u in units.values() if u.parent_id is None]
    name = roots[0].name if len(roots) == 1 else "meetings"
    return Portfolio(
        id=roots[0].id if len(roots) == 1 else "meetings",
        name=name,
        organizations=tuple(units.values()),
    )


def gather(items: Iterable[Item], flow: Flow) -> tuple[Portfolio, list[Problem]]:
    """The portfolio and the meetings among ``items``, and every input that could not be used."""
    portfolio: Portfolio | None = None
    first = ""
    summaries: list[tuple[str, MeetingSummary]] = []
    orgs: dict[str, Organization] = {}
    problems: list[Problem] = []
    for item in items:
        if item.error is not None:
            problems.append((item.where, item.error, ()))
            continue
        try:
            data = json.loads(item.text)
        except (ValueError, RecursionError) as error:
            problems.append(
                (item.where, Text(f"不是有效的 JSON：{error}", f"invalid JSON: {error}"), ())
            )
            continue
        if not isinstance(data, dict):
            problems.append((item.where, C.not_object, ()))
            continue
        try:
            if "organizations" in data:
                if portfolio is not None:
                    problems.append(
                        (item.where, C.two_portfolios.format(first=first, second=item.where), ())
                    )
                    continue
                portfolio, first = portfolio_of(data, flow), item.where
            else:
                meeting = flow.meeting_type.model_validate(data)
                summaries.append((item.where, summarize(meeting)))
                orgs.setdefault(meeting.organization.id, meeting.organization)
        except InvalidRecord as error:
            problems.append(
                (item.where, Text(error.message("zh"), error.message("en")), error.paths)
            )
    if portfolio is None:
        if not orgs:
            raise InvalidRecord(
                "Portfolio",
                [
                    ErrorEntry(
                        "",
                        Text("没有可用的组合或会议记录", "no usable portfolio or meeting record"),
                        "missing",
                    )
                ],
            )
        portfolio = _from_meetings(orgs)
    known = {o.id for o in portfolio.organizations}
    seen = {m.id for m in portfolio.meetings} | {d.meeting.id for d in portfolio.dossiers}
    kept = []
    for where, s in summaries:
        if s.org_id not in known:
            text = Text(
                f"组合中没有组织 {s.org_id!r}", f"no organization {s.org_id!r} in the portfolio"
            )
            problems.append((where, text, ("organization.id",)))
        elif s.id in seen:
            text = Text(
                f"会议 {s.id!r} 已经读入，不再重复计算",
                f"meeting {s.id!r} was read already and is not counted twice",
            )
            problems.append((where, text, ("id",)))
        else:
            seen.add(s.id)
            kept.append(s)
    if kept:
        portfolio = portfolio.evolve(meetings=(*portfolio.meetings, *kept))
    return portfolio, problems
