"""The built-in example portfolio: the source document's own campaign and figures.

The source document reports that 25 party organizations held the 2021 thematic meeting, 418
members took part, 112 practical problems were solved and the group's guidance covered every
secondary organization. This portfolio reproduces exactly those figures: a group committee,
six secondary organizations and 25 branches; two branches as full dossiers played through
the real flow (:func:`meetingflow.testing.build`), the other 23 as summaries. Names other
than the group's are illustrative. It also holds the 2020 annual meetings and a few members'
attendance logs, so that the cross-meeting rules have something to say.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from typing import Final

from meetingflow.portfolio.records import (
    AttendanceCounts,
    AttendanceLog,
    CampaignNotice,
    Dossier,
    GuidanceEvent,
    GuidanceKind,
    LeavePeriod,
    LifeEntry,
    MeetingSummary,
    OrgUnit,
    Portfolio,
    Postponement,
    ProblemCounts,
    StageMark,
)
from meetingflow.records.preparation import StageDeadline
from meetingflow.records.terms import MeetingKind, OrgLevel, Presence

__all__ = ["EXAMPLE_AT", "EXAMPLE_FIGURES", "example_portfolio"]

CST: Final = __import__("datetime").timezone(timedelta(hours=8), "CST")
EXAMPLE_AT: Final = datetime(2021, 9, 15, 10, 0, tzinfo=CST)
"""When the group's report is written: after the sittings, before the rectification deadline."""

EXAMPLE_FIGURES: Final = {"held": 25, "present": 418, "solved": 112, "secondary": 6}
"""The source document's figures, which the example reproduces."""

GROUP: Final = "mt-committee"
CAMPAIGN: Final = "mt-2021-history-study"

_SECONDARY: Final = (
    ("mt-hq", "集团机关党委", 5),
    ("mt-asset", "资产公司党委", 5),
    ("mt-energy", "能源公司党委", 4),
    ("mt-finance", "金融公司党委", 4),
    ("mt-build", "建设公司党委", 4),
    ("mt-culture", "文旅公司党委", 3),
)
_NUMERALS: Final = "一二三四五六七八九十"

# expected, on leave, unexcused, exempt, verified, claimed only, long-term, open (due 30 Sep), overdue
_ROWS: Final = (
    (20, 1, 0, 0, 5, 0, 0, 0, 0), (18, 0, 0, 1, 4, 0, 0, 0, 0), (16, 1, 0, 0, 4, 1, 0, 0, 0),
    (19, 0, 0, 0, 4, 0, 0, 0, 0), (21, 1, 0, 0, 5, 0, 0, 0, 0), (16, 0, 0, 0, 4, 0, 0, 0, 0),
    (19, 1, 0, 0, 4, 0, 1, 0, 0), (16, 0, 0, 0, 3, 0, 0, 0, 0), (21, 0, 0, 0, 5, 0, 0, 0, 0),
    (14, 1, 0, 0, 3, 0, 0, 1, 0), (18, 0, 0, 0, 4, 0, 0, 0, 0), (17, 1, 0, 1, 4, 0, 0, 0, 0),
    (17, 0, 0, 0, 4, 0, 0, 0, 0), (16, 1, 0, 0, 3, 0, 0, 0, 2), (20, 0, 0, 0, 5, 0, 0, 0, 0),
    (19, 1, 0, 0, 4, 0, 0, 0, 0), (16, 0, 0, 0, 4, 0, 0, 1, 0), (18, 0, 0, 0, 4, 0, 0, 0, 0),
    (17, 0, 0, 0, 4, 0, 0, 0, 0), (15, 0, 0, 0, 3, 0, 0, 0, 0), (21, 1, 0, 0, 5, 1, 0, 0, 0),
    (16, 0, 0, 0, 3, 0, 1, 1, 0), (19, 0, 0, 0, 3, 0, 0, 0, 0),
)  # fmt: skip
"""The 23 summarized branches: present adds to 400 and verified closures to 91 (with the two
dossiers: 418 and 112)."""


def _orgs() -> tuple[list[OrgUnit], list[str]]:
    orgs = [OrgUnit(id=GROUP, name="绵投集团党委", level=OrgLevel.GROUP_COMMITTEE)]
    branches: list[str] = []
    for sid, name, n in _SECONDARY:
        orgs.append(OrgUnit(id=sid, name=name, level=OrgLevel.SECONDARY_ORG, parent_id=GROUP))
        company = name.removesuffix("党委")
        for k in range(1, n + 1):
            bid = f"{sid}-b{k}"
            founded = date(2020, 3, 1) if bid == "mt-culture-b3" else None
            orgs.append(
                OrgUnit(
                    id=bid,
                    name=f"{company}第{_NUMERALS[k - 1]}党支部",
                    parent_id=sid,
                    founded_on=founded,
                )
            )
            branches.append(bid)
    return orgs, branches


def _dossiers() -> list[Dossier]:
    from meetingflow import testing  # noqa: PLC0415 - the builder is loaded only for the example

    first = testing.Blueprint(
        members=8,
        meeting_id="mt-asset-b1-2021",
        org_id="mt-asset-b1",
        org_name="资产公司第一党支部",
        parent_id="mt-asset",
    )
    second = testing.Blueprint(
        members=12,
        committee=3,
        meeting_id="mt-energy-b1-2021",
        org_id="mt-energy-b1",
        org_name="能源公司第一党支部",
        parent_id="mt-energy",
        sitting=date(2021, 6, 28),
        absent=(("m06", "leave"), ("m09", "unexcused")),
        long_term=("m07",),
    )
    return [
        Dossier(campaign_id=CAMPAIGN, meeting=testing.build("closed", bp)) for bp in (first, second)
    ]


def _summaries(branches: list[str]) -> list[MeetingSummary]:
    rest = [b for b in branches if b not in ("mt-asset-b1", "mt-energy-b1")]
    out = []
    for n, (bid, row) in enumerate(zip(rest, _ROWS, strict=True)):
        expected, leave, away, exempt, verified, claimed, long_term, open_, overdue = row
        held = date(2021, 6, 24) + timedelta(days=n % 20)
        if bid == "mt-culture-b2":
            held = date(2021, 7, 20)  # postponed with the group's approval
        prepared = (
            min(held - timedelta(days=6), date(2021, 6, 19))
            if bid != "mt-culture-b2"
            else date(2021, 7, 12)
        )
        out.append(
            MeetingSummary(
                id=f"{bid}-2021",
                org_id=bid,
                campaign_id=CAMPAIGN,
                kind=MeetingKind.THEMATIC,
                meeting_year=2021,
                stage="rectification",
                planned_on=held,
                held_on=held,
                stages_done=(
                    StageMark(stage="preparation", on=prepared),
                    StageMark(stage="review", on=held),
                    StageMark(stage="critique", on=held),
                ),
                attendance=AttendanceCounts(
                    expected=expected,
                    present=expected - leave - away,
                    on_leave=leave,
                    unexcused=away,
                    exempt=exempt,
                ),
                problems=ProblemCounts(
                    closed_claimed=verified + claimed,
                    closed_verified=verified,
                    long_term=long_term,
                    open_due_on=(date(2021, 9, 30),) * open_ + (date(2021, 9, 10),) * overdue,
                    overdue_then_closed=0,
                ),
                talks=expected * 2,
            )
        )
        year_day = date(2020, 12, 10) + timedelta(days=n)
        if bid in ("mt-finance-b2", "mt-build-b3"):
            year_day = date(2021, 1, 12) + timedelta(
                days=n
            )  # held in the next year's first quarter
        if bid != "mt-culture-b3":
            out.append(
                MeetingSummary(
                    id=f"{bid}-2020-annual",
                    org_id=bid,
                    kind=MeetingKind.ANNUAL,
                    meeting_year=2020,
                    stage="closed",
                    held_on=year_day,
                )
            )
    for bid in ("mt-asset-b1", "mt-energy-b1"):
        out.append(
            MeetingSummary(
                id=f"{bid}-2020-annual",
                org_id=bid,
                kind=MeetingKind.ANNUAL,
                meeting_year=2020,
                stage="closed",
                held_on=date(2020, 12, 18),
            )
        )
    return out


def _logs() -> list[AttendanceLog]:
    def monthly(until: date, skip: tuple[int, ...] = ()) -> tuple[LifeEntry, ...]:
        out = []
        day = date(2021, 1, 15)
        while day <= until:
            if day.month not in skip:
                out.append(LifeEntry(on=day))
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=15)
        return tuple(out)

    return [
        AttendanceLog(
            member_id="m02",
            org_id="mt-hq-b1",
            name="李强",
            since=date(2021, 1, 1),
            entries=monthly(date(2021, 9, 1)),
        ),
        AttendanceLog(
            member_id="m05",
            org_id="mt-hq-b1",
            name="陈静",
            since=date(2021, 1, 1),
            entries=monthly(date(2021, 9, 1), skip=(4,)),
        ),
        AttendanceLog(
            member_id="m11",
            org_id="mt-build-b2",
            name="孙丽",
            since=date(2021, 1, 1),
            entries=monthly(date(2021, 2, 28)),
        ),
        AttendanceLog(
            member_id="m08",
            org_id="mt-finance-b1",
            name="周杰",
            since=date(2021, 1, 1),
            entries=monthly(date(2021, 2, 28)),
            leave=(
                LeavePeriod(
                    from_on=date(2021, 3, 1),
                    until_on=date(2021, 8, 31),
                    reason="外派学习（经支部批准）",
                    approved_by="m01",
                ),
            ),
        ),
        AttendanceLog(
            member_id="m03",
            org_id="mt-culture-b1",
            name="张伟",
            since=date(2021, 1, 1),
            entries=(
                *monthly(date(2021, 3, 31)),
                LifeEntry(on=date(2021, 6, 30), presence=Presence.ON_LEAVE, reason="出差"),
            ),
        ),
    ]


@functools.lru_cache(maxsize=1)
def example_portfolio() -> Portfolio:
    """The example portfolio (built once per process; records are immutable)."""
    orgs, branches = _orgs()
    campaign = CampaignNotice(
        id=CAMPAIGN,
        issuer_org=GROUP,
        issued_on=date(2021, 6, 1),
        title="关于召开党史学习教育专题组织生活会的通知",
        kind=MeetingKind.THEMATIC,
        theme="学党史、悟思想、办实事、开新局",
        meeting_year=2021,
        scope_org_ids=tuple(branches),
        timetable=(
            StageDeadline(stage="preparation", due_on=date(2021, 6, 20)),
            StageDeadline(stage="review", due_on=date(2021, 7, 15)),
            StageDeadline(stage="critique", due_on=date(2021, 7, 15)),
            StageDeadline(stage="rectification", due_on=date(2021, 9, 30)),
        ),
    )
    guidance = [
        GuidanceEvent(
            org_id=sid,
            by_org=GROUP,
            by_id="s01",
            on=date(2021, 6, 10) + timedelta(days=k),
            kind=GuidanceKind.SPOT_CHECK if k % 2 else GuidanceKind.GUIDANCE,
            campaign_id=CAMPAIGN,
            note="集团党史学习教育领导小组抽查指导",
        )
        for k, (sid, _, _) in enumerate(_SECONDARY)
    ]
    guidance.append(
        GuidanceEvent(
            org_id="mt-asset-b1",
            by_org=GROUP,
            by_id="s01",
            on=date(2021, 6, 25),
            kind=GuidanceKind.OBSERVED,
            campaign_id=CAMPAIGN,
        )
    )
    postponement = Postponement(
        org_id="mt-culture-b2",
        campaign_id=CAMPAIGN,
        requested_on=date(2021, 7, 5),
        new_date=date(2021, 7, 20),
        reason="防汛抢险任务，延期召开",
        approved_by="s01",
        approved_by_org=GROUP,
        approved_on=date(2021, 7, 8),
    )
    return Portfolio(
        id="mianyang-investment-group",
        name="绵投集团",
        organizations=tuple(orgs),
        campaigns=(campaign,),
        meetings=tuple(_summaries(branches)),
        dossiers=tuple(_dossiers()),
        postponements=(postponement,),
        guidance=tuple(guidance),
        attendance=tuple(_logs()),
    )
