"""Counting days, months and years the way the cross-meeting rules do (their documented choices).

Months are calendar months: a lapse is a run of whole months with no organizational life and
no valid reason. A year's meeting is due once 31 December plus a grace period has passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from meetingflow.records.terms import Presence

if TYPE_CHECKING:
    from meetingflow.portfolio.records import AttendanceLog

__all__ = ["judged_through", "month_runs"]


def judged_through(today: date, grace_days: int) -> int:
    """The last year whose meeting can no longer be held: 31 December + grace is past."""
    d = today - timedelta(days=grace_days + 1)
    return d.year if (d.month, d.day) == (12, 31) else d.year - 1


def _months(first: date, last: date) -> list[tuple[int, int]]:
    out = []
    y, mo = first.year, first.month
    while (y, mo) <= (last.year, last.month):
        out.append((y, mo))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def month_runs(
    log: AttendanceLog, today: date, marks: Iterable[tuple[date, Presence]] = ()
) -> list[tuple[tuple[int, int], tuple[int, int], int]]:
    """Runs of whole calendar months with no organizational life and no valid reason.

    A month counts once it is tracked from its first day and has ended before ``today``. It is
    active when the member attended or was away with a valid reason (an entry on leave, a
    leave period touching it). Returns ``(first month, last month, length)`` of each run.
    """
    active: set[tuple[int, int]] = set()
    for e in log.entries:
        if e.presence is not Presence.ABSENT:
            active.add((e.on.year, e.on.month))
    for day, presence in marks:
        if presence is not Presence.ABSENT:
            active.add((day.year, day.month))
    for lv in log.leave:
        active.update(_months(lv.from_on, lv.until_on))
    start = (
        log.since
        if log.since.day == 1
        else (log.since.replace(day=28) + timedelta(days=4)).replace(day=1)
    )
    end = today.replace(day=1) - timedelta(days=1)
    if log.until is not None:
        stop = log.until + timedelta(days=1)
        end = min(end, stop.replace(day=1) - timedelta(days=1))
    runs: list[tuple[tuple[int, int], tuple[int, int], int]] = []
    current: list[tuple[int, int]] = []
    for ym in [*_months(start, end), None] if start <= end else [None]:
        if ym is not None and ym not in active:
            current.append(ym)
            continue
        if current:
            runs.append((current[0], current[-1], len(current)))
        current = []
    return runs
