"""The figures (STAT-*, clarification 18): plain data per organization, rolled up the hierarchy.

What the source document reports — how many organizations held the meeting, how many members
took part, how many problems were solved, whether guidance covered every secondary
organization — computed from the portfolio as of a date. Counts add up the hierarchy;
percentages are recomputed from the sums and carry one decimal (half up), ``None`` when
there is nothing to divide by.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import attrs

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.portfolio._checks import index as build_index
from meetingflow.portfolio._gc import collector_paused
from meetingflow.portfolio.rules import guidance_covered
from meetingflow.records.terms import OrgLevel

if TYPE_CHECKING:
    from meetingflow.portfolio.records import MeetingSummary, Portfolio

__all__ = [
    "AttendanceFigures",
    "CoverageFigures",
    "Figures",
    "GradeFigures",
    "OrganizationFigures",
    "PortfolioFigures",
    "ProblemFigures",
    "figures",
    "percent",
]


def percent(part: int, whole: int) -> float | None:
    """``part / whole`` in percent with one decimal, rounded half up; ``None`` for ``whole == 0``."""
    if whole == 0:
        return None
    return float(
        (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )


def _add(a: Any, b: Any) -> Any:
    return type(a)(
        *(
            x + y
            for x, y in zip(
                attrs.astuple(a, recurse=False), attrs.astuple(b, recurse=False), strict=True
            )
        )
    )


@attrs.frozen(slots=True)
class AttendanceFigures:
    """Attendance at the sittings: expected excludes the exempt; present = expected − on leave − unexcused."""

    expected: int = 0
    present: int = 0
    on_leave: int = 0
    unexcused: int = 0
    exempt: int = 0

    @property
    def percent(self) -> float | None:
        """Present of expected."""
        return percent(self.present, self.expected)

    def __add__(self, other: AttendanceFigures) -> AttendanceFigures:
        return _add(self, other)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**attrs.asdict(self), "percent": self.percent}


@attrs.frozen(slots=True)
class ProblemFigures:
    """The rectification lists' items; found = closed_claimed + long_term + overdue + open_not_due."""

    found: int = 0
    closed_verified: int = 0
    closed_claimed: int = 0
    overdue: int = 0
    open_not_due: int = 0
    long_term: int = 0
    overdue_then_closed: int = 0

    @property
    def closure_rate(self) -> float | None:
        """Closed and verified, of found."""
        return percent(self.closed_verified, self.found)

    def __add__(self, other: ProblemFigures) -> ProblemFigures:
        return _add(self, other)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**attrs.asdict(self), "closure_rate": self.closure_rate}


@attrs.frozen(slots=True)
class GradeFigures:
    """The democratic appraisal's grades (probationary members are ungraded)."""

    excellent: int = 0
    qualified: int = 0
    basically_qualified: int = 0
    unqualified: int = 0
    ungraded: int = 0

    def __add__(self, other: GradeFigures) -> GradeFigures:
        return _add(self, other)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return attrs.asdict(self)


@attrs.frozen(slots=True)
class OrganizationFigures:
    """Organizations in the campaign's scope, and how many held the meeting."""

    in_scope: int = 0
    held: int = 0

    @property
    def percent(self) -> float | None:
        """Held of in scope."""
        return percent(self.held, self.in_scope)

    def __add__(self, other: OrganizationFigures) -> OrganizationFigures:
        return _add(self, other)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**attrs.asdict(self), "percent": self.percent}


@attrs.frozen(slots=True)
class CoverageFigures:
    """Secondary organizations in scope, and how many the superior's guidance reached."""

    covered: int = 0
    in_scope: int = 0

    @property
    def percent(self) -> float | None:
        """Covered of in scope."""
        return percent(self.covered, self.in_scope)

    def __add__(self, other: CoverageFigures) -> CoverageFigures:
        return _add(self, other)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**attrs.asdict(self), "percent": self.percent}


@attrs.frozen(slots=True)
class Figures:
    """The figures of one organization (its own meetings) or of a subtree (rolled up)."""

    org_id: str
    name: str
    level: str
    attendance: AttendanceFigures = AttendanceFigures()
    problems: ProblemFigures = ProblemFigures()
    grades: GradeFigures = GradeFigures()
    talks: int = 0
    organizations: OrganizationFigures = OrganizationFigures()
    guidance: CoverageFigures = CoverageFigures()
    meetings_by_year: tuple[tuple[int, int], ...] = ()
    """Held meetings by the year they count for (every campaign), sorted by year."""

    def plus(self, other: Figures) -> Figures:
        """These figures and ``other``'s added, under this organization's name."""
        years = Counter(dict(self.meetings_by_year))
        years.update(dict(other.meetings_by_year))
        return attrs.evolve(
            self,
            attendance=self.attendance + other.attendance,
            problems=self.problems + other.problems,
            grades=self.grades + other.grades,
            talks=self.talks + other.talks,
            organizations=self.organizations + other.organizations,
            guidance=self.guidance + other.guidance,
            meetings_by_year=tuple(sorted(years.items())),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (clarification 18's keys)."""
        return {
            "org_id": self.org_id,
            "name": self.name,
            "level": self.level,
            "attendance": self.attendance.to_dict(),
            "problems": self.problems.to_dict(),
            "grades": self.grades.to_dict(),
            "talks": self.talks,
            "organizations": self.organizations.to_dict(),
            "guidance": self.guidance.to_dict(),
            "meetings_by_year": {str(y): n for y, n in self.meetings_by_year},
        }


@attrs.frozen(slots=True)
class PortfolioFigures:
    """Every organization's own and rolled-up figures, and the total, as of ``at``."""

    portfolio_id: str
    name: str
    at: datetime
    campaign_id: str | None
    order: tuple[str, ...]
    """Organizations, parents before children."""
    depth: Mapping[str, int]
    parents: Mapping[str, str | None]
    own: Mapping[str, Figures]
    rolled: Mapping[str, Figures]
    total: Figures

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the total, then each organization with its own and rolled figures."""
        return {
            "portfolio_id": self.portfolio_id,
            "at": self.at.isoformat(),
            "campaign_id": self.campaign_id,
            "total": self.total.to_dict(),
            "organizations": [
                {
                    "id": o,
                    "parent_id": self.parents[o],
                    "own": self.own[o].to_dict(),
                    "rolled": self.rolled[o].to_dict(),
                }
                for o in self.order
            ],
        }

    def headline(self, lang: str = "zh") -> str:
        """The source document's sentence: held, took part, solved, guidance coverage."""
        from meetingflow.portfolio.tables import headline  # noqa: PLC0415

        return headline(self, lang)

    def table(self, lang: str = "zh", format: str = "markdown", *, rolled: bool = True) -> str:
        """The per-organization table in ``lang`` (``markdown`` or ``text``)."""
        from meetingflow.portfolio.tables import table  # noqa: PLC0415

        return table(self, lang, format, rolled=rolled)


def _select(p: Portfolio, campaign_id: str | None) -> str | None:
    ids = [c.id for c in p.campaigns]
    if campaign_id is not None:
        if campaign_id not in ids:
            raise InvalidArgument(
                Text(
                    f"组合中没有运动 {campaign_id!r}（有：{', '.join(ids) or '无'}）",
                    f"no campaign {campaign_id!r} in the portfolio (it has: {', '.join(ids) or 'none'})",
                )
            )
        return campaign_id
    if len(ids) > 1:
        raise InvalidArgument(
            Text(
                f"组合有多个运动，请指定 campaign_id：{', '.join(ids)}",
                f"the portfolio has several campaigns; pass campaign_id, one of: {', '.join(ids)}",
            )
        )
    return ids[0] if ids else None


def _problems(ms: Iterable[MeetingSummary], today: Any) -> ProblemFigures:
    found = verified = claimed = overdue = open_ = long_term = late = 0
    for m in ms:
        pc = m.problems
        due = sum(1 for d in pc.open_due_on if today > d)
        found += pc.found
        verified += pc.closed_verified
        claimed += pc.closed_claimed
        overdue += due
        open_ += len(pc.open_due_on) - due
        long_term += pc.long_term
        late += pc.overdue_then_closed
    return ProblemFigures(found, verified, claimed, overdue, open_, long_term, late)


@collector_paused
def figures(
    portfolio: Portfolio, *, at: datetime, campaign_id: str | None = None
) -> PortfolioFigures:
    """The figures of ``portfolio`` as of ``at`` for one campaign (the only one by default).

    Attendance, problems, grades and talks count the campaign's meetings (every meeting when
    the portfolio has no campaign); attendance only of sittings held. Meetings by year count
    every held meeting. What is overdue is decided at ``at`` in each organization's time zone.
    """
    from meetingflow.flow.arguments import aware  # noqa: PLC0415
    from meetingflow.portfolio.engine import _zone  # noqa: PLC0415

    at = aware(at)
    p, ix = portfolio, build_index(portfolio)
    cid = _select(p, campaign_id)
    campaign = ix.campaigns.get(cid) if cid is not None else None
    by_org: dict[str, list[MeetingSummary]] = {o: [] for o in ix.orgs}
    years: dict[str, Counter[int]] = {o: Counter() for o in ix.orgs}
    for m in ix.summaries:
        if m.held_on is not None and m.year is not None:
            years[m.org_id][m.year] += 1
        if cid is None or ix.campaign_of(m) == cid:
            by_org[m.org_id].append(m)
    scope = set(ix.in_scope(campaign)) if campaign is not None else set()
    secondary = set(ix.secondary_in_scope(campaign)) if campaign is not None else set()
    covered = guidance_covered(p, ix, campaign) if campaign is not None else set()
    own: dict[str, Figures] = {}
    for o, unit in ix.orgs.items():
        ms = by_org[o]
        today = at.astimezone(_zone(unit.timezone)).date()
        att = AttendanceFigures()
        grades = GradeFigures()
        for m in ms:
            if m.held_on is not None and m.attendance is not None:
                a = m.attendance
                att = att + AttendanceFigures(
                    a.expected, a.present, a.on_leave, a.unexcused, a.exempt
                )
            if m.grades is not None:
                g = m.grades
                grades = grades + GradeFigures(
                    g.excellent, g.qualified, g.basically_qualified, g.unqualified, g.ungraded
                )
        own[o] = Figures(
            org_id=o,
            name=unit.name,
            level=str(unit.level),
            attendance=att,
            problems=_problems(ms, today),
            grades=grades,
            talks=sum(m.talks for m in ms),
            organizations=OrganizationFigures(
                in_scope=int(o in scope),
                held=int(o in scope and any(m.held_on is not None for m in ms)),
            ),
            guidance=CoverageFigures(
                covered=int(o in secondary and o in covered), in_scope=int(o in secondary)
            ),
            meetings_by_year=tuple(sorted(years[o].items())),
        )
    rolled: dict[str, Figures] = {}
    for o in reversed(ix.order):
        f = own[o]
        for child in ix.children[o]:
            f = f.plus(rolled[child])
        rolled[o] = f
    roots = [o for o in ix.order if ix.orgs[o].parent_id is None]
    total = Figures(
        org_id=p.id,
        name=p.name,
        level=str(OrgLevel.GROUP_COMMITTEE) if len(roots) == 1 else "portfolio",
    )
    for r in roots:
        total = total.plus(rolled[r])
    depth: dict[str, int] = {}
    for o in ix.order:
        parent = ix.orgs[o].parent_id
        depth[o] = 0 if parent is None else depth[parent] + 1
    return PortfolioFigures(
        portfolio_id=p.id,
        name=p.name,
        at=at,
        campaign_id=cid,
        order=tuple(ix.order),
        depth=depth,
        parents={o: ix.orgs[o].parent_id for o in ix.order},
        own=own,
        rolled=rolled,
        total=total,
    )
