"""What a scenario is made of: batches of records, and steps that record them and fire a trigger.

Its own module because everything else in the builder makes or plays these. Every built time is
on a fixed CST clock, so no time-zone database is needed and the digests never depend on one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import attrs

from meetingflow.i18n import Text

if TYPE_CHECKING:
    from meetingflow.records import Record


CST = timezone(timedelta(hours=8), "CST")
"""China Standard Time as a fixed offset (no time-zone database needed)."""


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """``day`` at ``hour:minute`` on the CST clock, the one every built time is on."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CST)


@attrs.frozen(slots=True)
class Batch:
    """What one person records at one moment."""

    actor: str
    at: datetime
    items: tuple[Record, ...]


@attrs.frozen(slots=True)
class Step:
    """One visit of a stage: what is recorded, then which trigger is fired, by whom, when.

    ``stage`` is the stage the batches are recorded in (``None`` for hand-made steps); a step
    whose ``trigger`` is empty ends the scenario in its stage without firing anything.
    """

    title: Text
    batches: tuple[Batch, ...]
    trigger: str
    actor: str
    at: datetime
    reason: str | None = None
    return_to: str | None = None
    new_date: date | None = None
    stage: str | None = None
