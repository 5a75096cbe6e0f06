"""Digests of record objects, the same as ``meetingflow.canonical`` computes from JSON.

Each record object caches its own digest (records are immutable, and copies never carry the
cache), so after one change only the changed record and its ancestors are hashed again:
recording one item into a large meeting costs the item and its section, not the meeting.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from meetingflow import records as rec
from meetingflow.canonical import REF_KEY, STATE_EXCLUDES, digest_members

if TYPE_CHECKING:
    from meetingflow.records import Event, Meeting, Record

__all__ = ["digest_of", "event_digest_of", "state_digest_of"]


def _in_parent(value: Any) -> Any:
    if isinstance(value, rec.Record):
        return {REF_KEY: digest_of(value)}
    if isinstance(value, tuple | list):
        return [_in_parent(v) for v in value]
    if value is None or (
        isinstance(value, bool | int | float | str) and not isinstance(value, Enum)
    ):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return _jsonable(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _in_parent(v) for k, v in value.items()}
    return _jsonable(value)


def _jsonable(value: Any) -> Any:
    from pydantic_core import to_jsonable_python  # noqa: PLC0415 - records are loaded by now

    return to_jsonable_python(value)


def _digest(record: Record, exclude: frozenset[str]) -> str:
    fields = type(record).model_fields
    skip_none = isinstance(record, rec.Extensions)
    members = {}
    for name in fields:
        if name in exclude:
            continue
        value = getattr(record, name)
        if skip_none and value is None:
            continue  # an absent custom section is absent from the JSON too
        members[name] = _in_parent(value)
    return digest_members(members)


def digest_of(record: Record) -> str:
    """The digest of ``record``: ``node_digest`` of its JSON (cached on the object)."""
    cache = record._cache()
    found = cache.get("digest")
    if found is None:
        found = cache["digest"] = _digest(record, frozenset())
    return str(found)


def state_digest_of(meeting: Meeting) -> str:
    """The digest of the whole meeting but its history (what an event's ``state`` holds)."""
    cache = meeting._cache()
    found = cache.get("state")
    if found is None:
        found = cache["state"] = _digest(meeting, STATE_EXCLUDES)
    return str(found)


def event_digest_of(event: Event) -> str:
    """The digest of an event without its ``digest`` and ``mac`` (what its ``digest`` must be)."""
    cache = event._cache()
    found = cache.get("event")
    if found is None:
        found = cache["event"] = _digest(event, frozenset({"digest", "mac"}))
    return str(found)
