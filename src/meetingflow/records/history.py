"""The append-only, hash-chained event history of a meeting."""

from __future__ import annotations

from datetime import date

from pydantic import AwareDatetime, Field

from meetingflow.records._base import Id, PersonRef, Record
from meetingflow.records.session import Critique, Review


class Seal(Record):
    """The digest of a section taken when its stage was left."""

    path: str = Field(min_length=1)
    digest: str = Field(pattern=r"^[0-9a-f]{64}$")


class FindingsSummary(Record):
    """What the rules said when the event happened."""

    errors: int = Field(default=0, ge=0)
    warnings: int = Field(default=0, ge=0)
    rule_ids: tuple[str, ...] = ()


class Event(Record):
    """One fired trigger. ``digest`` chains it to the previous event (SHA-256)."""

    seq: int = Field(ge=0)
    trigger: Id
    source: Id
    target: Id
    actor: Id
    at: AwareDatetime
    reason: str | None = None
    findings: FindingsSummary = FindingsSummary()
    seals: tuple[Seal, ...] = ()
    reopened: tuple[str, ...] = ()
    digest: str = Field(pattern=r"^[0-9a-f]{64}$")


class RedoOrder(Record):
    """The superior's order to hold the session again (责令重新进行)."""

    by_id: PersonRef
    on: date
    reason: str = Field(min_length=1)
    return_to: Id


class RedoneSession(Record):
    """A session that was ordered redone, kept as it was (HIER-REDO)."""

    order: RedoOrder
    review: Review
    critique: Critique
