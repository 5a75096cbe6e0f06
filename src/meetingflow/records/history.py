"""The append-only, hash-chained history of a meeting, and the sessions ordered redone.

Every change to a meeting is an ``Event``: a fired trigger (``kind="transition"``) or
recorded facts (``kind="entry"``). Each event names its actor and time, carries the digest of
the whole record after it (``state``) and the digest of the event before it (``previous``);
its own ``digest`` covers all of that (see docs/reference/digest.md). The functions that
compute and check these digests are in ``meetingflow.integrity``.
"""

from __future__ import annotations

from typing import Literal

from meetingflow.records._base import (
    Day,
    Digest,
    Id,
    Instant,
    Many,
    MemberRef,
    PersonRef,
    Prose,
    Record,
    RequiredText,
)
from meetingflow.records.closing import Minutes
from meetingflow.records.critique import Critique
from meetingflow.records.review import Review
from meetingflow.report import Severity

__all__ = ["Event", "RecordedFinding", "RedoOrder", "RedoneSession", "SubjectRef"]


class SubjectRef(Record):
    """A subject a finding named: its kind and id."""

    kind: Id
    id: Id


class RecordedFinding(Record):
    """A finding as the history keeps it: rule, severity, where, and whom it concerned."""

    rule_id: Id
    key: Id = "default"
    severity: Severity
    path: Prose
    members: Many[Id] = ()
    subjects: Many[SubjectRef] = ()
    repairable: bool = True
    blocks: bool = False


class Event(Record):
    """One change: a fired trigger or recorded facts, attributed, dated and chained."""

    seq: int
    kind: Literal["transition", "entry"]
    actor: Id
    at: Instant
    stage: Id
    """The stage the meeting was in when the event happened."""
    trigger: Id | None = None
    target: Id
    """The stage after the event (the same as ``stage`` for an entry)."""
    reason: Prose | None = None
    paths: Many[Prose] = ()
    """What changed: the paths written by an entry; the sections archived by a redo."""
    findings: Many[RecordedFinding] = ()
    """Every finding of the check that let a transition through."""
    state: Digest
    """Digest of the whole record after this event, its history excluded."""
    previous: Digest | None = None
    """Digest of the event before (``None`` for the first)."""
    digest: Digest
    """Digest of this event: every field above (see docs/reference/digest.md)."""
    mac: Digest | None = None
    """HMAC-SHA256 of ``digest`` under the host's key, when the flow has one."""


class RedoOrder(Record):
    """The superior's order to hold the session again (责令重新召开)."""

    id: Id
    by_id: PersonRef
    on: Day
    reason: RequiredText
    return_to: Id
    new_date: Day | None = None
    """When the session is to be held again."""
    notified_member_ids: Many[MemberRef] = ()


class RedoneSession(Record):
    """A session that was ordered redone, kept as it was (HIER-REDO), with its minutes."""

    order: RedoOrder
    review: Review
    critique: Critique
    minutes: Minutes | None = None
