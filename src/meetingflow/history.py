"""Tamper evidence: building chained events and verifying a meeting's history."""

from __future__ import annotations

from typing import Any

from meetingflow.errors import HistoryTampered
from meetingflow.records import Event, Meeting
from meetingflow.records._canonical import digest, resolve

GENESIS = ""
"""The 'previous digest' of the first event."""


def event_body(event: Event) -> dict[str, Any]:
    """The part of an event its digest covers: everything but the digest itself."""
    return event.model_dump(mode="json", exclude_defaults=True, exclude={"digest"})


def chain(event: Event, previous: Event | None) -> Event:
    """``event`` with its digest chained to ``previous``."""
    prev = previous.digest if previous is not None else GENESIS
    return event.model_copy(update={"digest": digest(event_body(event), prev)})


def verify_history(meeting: Meeting, *, initial_stage: str = "preparation") -> None:
    """Raise :class:`~meetingflow.HistoryTampered` unless the history is intact.

    Checks that every event follows the previous one (sequence, stage, SHA-256 chain), that
    the last event ends in the meeting's stage, and that every still-sealed section is
    byte-for-byte what it was when sealed. A history cut off at its end together with the
    stage can only be caught by comparing the last digest with one the host stored.
    """
    previous: Event | None = None
    stage = initial_stage
    for i, event in enumerate(meeting.history):
        if event.seq != i:
            raise HistoryTampered(
                i, f"has sequence number {event.seq}; events were dropped or reordered"
            )
        if event.source != stage:
            raise HistoryTampered(
                i, f"starts in stage {event.source!r} but the meeting was in {stage!r}"
            )
        if chain(event, previous).digest != event.digest:
            raise HistoryTampered(
                i,
                f"({event.trigger}) does not match its digest: it or an earlier event was edited",
            )
        previous, stage = event, event.target
    last = len(meeting.history) - 1
    if stage != meeting.stage:
        raise HistoryTampered(
            max(last, 0),
            f"the history ends in stage {stage!r} but the meeting says {meeting.stage!r}",
        )
    for path, (seq, expected) in meeting.live_seals().items():
        try:
            actual = digest(resolve(meeting, path))
        except KeyError:
            raise HistoryTampered(seq, f"sealed {path!r}, which is missing now") from None
        if actual != expected:
            raise HistoryTampered(seq, f"sealed {path!r}, which has been changed since")
