"""The cross-meeting rules (catalogue §2.6): guidance coverage, held by the deadline, frequency,
the fourth quarter, lapse risk; and :func:`evaluate`, which runs them as of a date.

Each finding names its subjects by kind and id — ``organization``, ``member``, ``year``,
``meeting``, ``campaign`` — and points at the portfolio path a host would correct.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from meetingflow.i18n import Text
from meetingflow.portfolio._checks import index as build_index
from meetingflow.portfolio._dates import judged_through, month_runs
from meetingflow.portfolio._gc import collector_paused
from meetingflow.portfolio.engine import (
    PortfolioReport,
    PortfolioRule,
    PortfolioSettings,
    coerce_settings,
    portfolio_rule,
    run,
)
from meetingflow.records.terms import MeetingKind, Presence
from meetingflow.report import Severity

if TYPE_CHECKING:
    from meetingflow.portfolio._checks import Index
    from meetingflow.portfolio.engine import PortfolioContext
    from meetingflow.portfolio.records import (
        CampaignNotice,
        Portfolio,
        Postponement,
    )
    from meetingflow.report import Finding
    from meetingflow.rules.settings import RuleSettings

__all__ = ["RULES", "evaluate", "guidance_covered", "judged_through", "month_runs"]

_REG = "《中国共产党支部工作条例（试行）》第十七条"


def _counts_for(c: CampaignNotice, on: date, campaign_id: str | None) -> bool:
    if campaign_id is not None:
        return campaign_id == c.id
    end = c.last_deadline
    return c.issued_on <= on and (end is None or on <= end)


@portfolio_rule(
    "HIER-GUIDANCE-COVERAGE",
    title=Text("指导全覆盖", "Guidance covers every secondary organization"),
    messages={
        "uncovered": Text(
            "{org} 在「{campaign}」中没有得到上级的指导、抽查或督导。",
            "{org} received no guidance, spot check or supervision from the superior in {campaign}.",
        )
    },
    hint=Text(
        "上级党组织对范围内每个二级党组织（或其下属组织）开展指导、抽查或督导，并记录日期。",
        "The superior guides, spot-checks or supervises every secondary organization in scope (or an organization below it) and records the date.",
    ),
    basis="source document (指导全覆盖); 高校全覆盖督导 practice",
)
def guidance_coverage(p: Portfolio, ctx: PortfolioContext) -> Iterator[Finding]:
    """The group answers for every secondary organization; coverage is what the source reports.

    A secondary organization is in scope when it or an organization below it is in the
    campaign's scope. It is covered by an event of the campaign (by id, or dated in the
    campaign's period) given by an organization above it, to it or to an organization below it.
    """
    ix = ctx.index
    subjects = 0
    for c in p.campaigns:
        wanted = ix.secondary_in_scope(c)
        if not wanted:
            continue
        subjects += len(wanted)
        covered = guidance_covered(p, ix, c)
        end = c.last_deadline
        for s in wanted:
            if s not in covered:
                yield ctx.finding(
                    ctx.org_path(s),
                    "uncovered",
                    org=ctx.org(s),
                    campaign=c.title or c.id,
                    subjects={"organization": [s], "campaign": [c.id]},
                    repairable=end is None or ctx.today(s) <= end,
                )
    if not subjects:
        ctx.not_applicable()


def guidance_covered(p: Portfolio, ix: Index, c: CampaignNotice) -> set[str]:
    """Organizations reached by the campaign's guidance from above: the one guided and every
    organization between it and the guiding one."""
    covered: set[str] = set()
    for g in p.guidance:
        if not _counts_for(c, g.on, g.campaign_id) or not ix.is_above(g.by_org, g.org_id):
            continue
        node: str | None = g.org_id
        while node is not None and node != g.by_org:
            covered.add(node)
            node = ix.orgs[node].parent_id
    return covered


def _by_campaign(ix: Index) -> dict[tuple[str, str], list[int]]:
    out: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(ix.summaries):
        cid = ix.campaign_of(m)
        if cid is not None:
            out[cid, m.org_id].append(i)
    return out


def _approved(
    ix: Index, c: CampaignNotice, org_id: str, line: date, found: Iterable[Postponement]
) -> date | None:
    """The latest date a superior allowed before the deadline, if any."""
    ok = [
        x.new_date
        for x in found
        if (x.campaign_id is None or x.campaign_id == c.id)
        and x.approved_on <= line
        and x.approved_by_org in ix.orgs
        and (x.approved_by_org == c.issuer_org or ix.is_above(x.approved_by_org, org_id))
    ]
    return max(ok, default=None)


@portfolio_rule(
    "HIER-HELD-BY-DEADLINE",
    title=Text("按期召开", "Held by the deadline"),
    messages={
        "late": Text(
            "{org} 于 {day} 召开「{campaign}」会议，晚于通知规定的 {deadline}，且没有在期限前经上级同意延期。",
            "{org} held the meeting of {campaign} on {day}, after the deadline {deadline}, with no postponement approved by the superior before it.",
        ),
        "not_held": Text(
            "{org} 在通知规定的 {deadline} 前没有召开「{campaign}」会议，也没有经上级同意延期。",
            "{org} did not hold the meeting of {campaign} by the deadline {deadline} and has no approved postponement.",
        ),
        "not_held_postponed": Text(
            "{org} 经批准延期至 {until}，但到期仍未召开「{campaign}」会议。",
            "{org} was allowed to postpone the meeting of {campaign} to {until} but has not held it.",
        ),
    },
    hint=Text(
        "按通知时间表召开；确需延期的，在期限前报上级党组织同意。",
        "Hold the meeting by the notice's deadline; a later date needs the superior's approval before the deadline.",
    ),
    basis="民主生活会规定（因特殊情况需要延期召开的，应当报上级党组织同意）；applied by analogy (inference)",
)
def held_by_deadline(p: Portfolio, ctx: PortfolioContext) -> Iterator[Finding]:
    """A campaign has a timetable; an organization that slips it needs the superior's leave, asked in time.

    The deadline is the timetable line of the sitting (``review``). A postponement counts when
    the issuer or an organization above the branch approved it on or before the deadline; the
    meeting is then due by the latest approved date.
    """
    ix = ctx.index
    meetings = _by_campaign(ix)
    posts: dict[str, list[Postponement]] = defaultdict(list)
    for x in p.postponements:
        posts[x.org_id].append(x)
    for m in ix.summaries:
        for x in m.postponements:
            posts[x.org_id].append(x)
    subjects = 0
    for c in p.campaigns:
        line = c.deadline(ctx.settings.sitting_stage)
        scope = ix.in_scope(c)
        if line is None or not scope:
            continue
        subjects += len(scope)
        for o in scope:
            mine = [ix.summaries[i] for i in meetings.get((c.id, o), ())]
            held = min((m.held_on for m in mine if m.held_on is not None), default=None)
            allowed = _approved(ix, c, o, line, posts.get(o, ()))
            until = max(line, allowed) if allowed is not None else line
            common: dict[str, Any] = {
                "org": ctx.org(o),
                "campaign": c.title or c.id,
                "deadline": line,
            }
            if held is not None:
                if held > until:
                    first = next(i for i in meetings[c.id, o] if ix.summaries[i].held_on == held)
                    yield ctx.finding(
                        ix.paths[first],
                        "late",
                        day=held,
                        repairable=False,
                        subjects={
                            "organization": [o],
                            "campaign": [c.id],
                            "meeting": [ix.summaries[first].id],
                        },
                        **common,
                    )
            elif ctx.today(o) > until:
                yield ctx.finding(
                    ctx.org_path(o),
                    "not_held_postponed" if allowed is not None and allowed > line else "not_held",
                    until=until,
                    repairable=False,
                    subjects={"organization": [o], "campaign": [c.id]},
                    **common,
                )
    if not subjects:
        ctx.not_applicable()


@portfolio_rule(
    "FREQ-ANNUAL",
    title=Text("每年至少召开一次", "At least one meeting a year"),
    messages={
        "missing": Text(
            "{org} 没有 {year} 年度的组织生活会。",
            "{org} has no organizational life meeting for {year}.",
        ),
        "only_thematic": Text(
            "{org} {year} 年度只召开了专题组织生活会，按设置不计入年度组织生活会。",
            "{org} held only thematic meetings for {year}, which the settings do not count as the annual meeting.",
        ),
    },
    hint=Text(
        "党支部每年至少召开1次组织生活会（按会议所属年度 meeting_year 计）。",
        "A branch holds at least one organizational life meeting each year (counted by meeting_year).",
    ),
    basis=_REG + "（党支部每年至少召开1次组织生活会）",
)
def freq_annual(p: Portfolio, ctx: PortfolioContext) -> Iterator[Finding]:
    """The regulation's minimum: one meeting for every year, by the year it counts for.

    A year is judged once 31 December plus ``annual_grace_days`` has passed (annual meetings
    are often held in the first quarter of the next year), and only for organizations that
    existed after their founding year.
    """
    ix, s = ctx.index, ctx.settings
    held: dict[tuple[str, int], set[MeetingKind]] = defaultdict(set)
    for m in ix.summaries:
        if m.held_on is not None and m.year is not None:
            held[m.org_id, m.year].add(m.kind)
    latest = (
        judged_through(ctx.at.date(), s.annual_grace_days) + 1
    )  # a year nobody held is still judged
    years = sorted(set(p.years)) or (
        list(range(min(y for _, y in held), max(latest, *(y for _, y in held)) + 1)) if held else []
    )
    levels = set(s.annual_levels)
    subjects = 0
    for o in ix.order:
        if ix.orgs[o].level not in levels:
            continue
        last = judged_through(ctx.today(o), s.annual_grace_days)
        for y in years:
            if y > last or not ix.exists_in(o, y):
                continue
            subjects += 1
            kinds = held.get((o, y), set())
            if MeetingKind.ANNUAL in kinds or (kinds and s.thematic_counts_for_annual):
                continue
            yield ctx.finding(
                ctx.org_path(o),
                "only_thematic" if kinds else "missing",
                org=ctx.org(o),
                year=y,
                repairable=False,
                subjects={"organization": [o], "year": [y]},
            )
    if not subjects:
        ctx.not_applicable()


@portfolio_rule(
    "FREQ-Q4",
    severity=Severity.WARNING,
    title=Text("年度组织生活会在第四季度召开", "Annual meeting in the fourth quarter"),
    messages={
        "not_q4": Text(
            "{org} 的 {year} 年度组织生活会 {meeting} 于 {day} 召开，不在 {year} 年第四季度。",
            "{org}'s annual meeting {meeting} for {year} was held on {day}, not in the fourth quarter of {year}.",
        )
    },
    hint=Text(
        "年度组织生活会一般安排在第四季度。",
        "The annual meeting is normally held in the fourth quarter.",
    ),
    basis=_REG + "（一般安排在第四季度）",
)
def freq_q4(p: Portfolio, ctx: PortfolioContext) -> Iterator[Finding]:
    """The regulation's usual timing; many meetings slip into the next year's first quarter.

    Annual meetings only (clarification 10): a thematic meeting may be held whenever needed.
    """
    ix = ctx.index
    subjects = 0
    for i, m in enumerate(ix.summaries):
        if m.kind is not MeetingKind.ANNUAL or m.held_on is None:
            continue
        subjects += 1
        y = m.year
        if m.held_on.year == y and m.held_on.month >= 10:
            continue
        yield ctx.finding(
            ix.paths[i],
            "not_q4",
            org=ctx.org(m.org_id),
            year=y,
            meeting=m.id,
            day=m.held_on,
            repairable=False,
            subjects={"organization": [m.org_id], "meeting": [m.id], "year": [y]},
        )
    if not subjects:
        ctx.not_applicable()


@portfolio_rule(
    "ATT-LAPSE-RISK",
    severity=Severity.WARNING,
    title=Text("连续六个月未参加组织生活", "Six months without organizational life"),
    messages={
        "ongoing": Text(
            "{who} 自 {first} 起连续 {months} 个月没有参加组织生活，也没有正当理由（{org}）。",
            "{who} has taken no part in organizational life for {months} consecutive months since {first}, without a valid reason ({org}).",
        ),
        "past": Text(
            "{who} 在 {first} 至 {last} 连续 {months} 个月没有参加组织生活，也没有正当理由（{org}）。",
            "{who} took no part in organizational life for {months} consecutive months, {first} to {last}, without a valid reason ({org}).",
        ),
    },
    hint=Text(
        "及时联系该党员、了解原因并帮助其参加组织生活；有正当理由的，记录请假或免于参加的情况。",
        "Reach the member, learn why, and help him or her back into organizational life; record any leave or exemption with its reason.",
    ),
    basis="《中国共产党章程》第九条（没有正当理由，连续六个月不参加党的组织生活…被认为是自行脱党）",
)
def lapse_risk(p: Portfolio, ctx: PortfolioContext) -> Iterator[Finding]:
    """Six months without organizational life and without a valid reason is lapsing (党章第九条).

    Counted in whole calendar months (see :func:`month_runs`); the sittings of the portfolio's
    meetings count for the members they mark, as entries of their logs.
    """
    ix, need = ctx.index, ctx.settings.lapse_months
    logs = [(i, a) for i, a in enumerate(p.attendance) if a.exemption is None]
    if not logs:
        ctx.not_applicable()
    wanted = {(a.org_id, a.member_id) for _, a in logs}
    marks: dict[tuple[str, str], list[tuple[date, Presence]]] = defaultdict(list)
    for m in ix.summaries:
        if m.held_on is not None:
            for mk in m.members:
                if (m.org_id, mk.member_id) in wanted:
                    marks[m.org_id, mk.member_id].append((m.held_on, mk.presence))
    for i, a in logs:
        today = ctx.today(a.org_id)
        runs = [
            r for r in month_runs(a, today, marks.get((a.org_id, a.member_id), ())) if r[2] >= need
        ]
        last_month = today.replace(day=1) - timedelta(days=1)
        for first, last, n in runs:
            ongoing = last == (last_month.year, last_month.month) and (
                a.until is None or a.until >= today
            )
            name = ctx.names.get(f"{a.org_id}/{a.member_id}")
            who = (
                Text(f"{name}（{a.member_id}）", f"{name} ({a.member_id})")
                if name
                else Text(a.member_id, a.member_id)
            )
            yield ctx.finding(
                f"attendance[{i}]",
                "ongoing" if ongoing else "past",
                members=[a.member_id],
                who=who,
                first=f"{first[0]}-{first[1]:02d}",
                last=f"{last[0]}-{last[1]:02d}",
                months=n,
                org=ctx.org(a.org_id),
                repairable=False,
                subjects={"organization": [a.org_id], "member": [a.member_id]},
            )


RULES: tuple[PortfolioRule, ...] = (
    guidance_coverage,
    held_by_deadline,
    freq_annual,
    freq_q4,
    lapse_risk,
)
"""The cross-meeting rules, in evaluation order."""


@collector_paused
def evaluate(
    portfolio: Portfolio,
    *,
    at: datetime,
    settings: PortfolioSettings | RuleSettings | Mapping[str, Any] | None = None,
    rules: Iterable[PortfolioRule] = RULES,
    disable: Iterable[str] = (),
) -> PortfolioReport:
    """The cross-meeting rules' findings for ``portfolio`` as of ``at`` (an aware datetime)."""
    from meetingflow.flow.arguments import aware  # noqa: PLC0415

    at = aware(at)
    off = set(disable)
    return run(
        [r for r in rules if r.id not in off],
        portfolio,
        at=at,
        settings=coerce_settings(settings),
        index=build_index(portfolio),
    )
