"""Digests of record objects, the same as ``meetingflow.canonical`` computes from JSON.

Each record object caches its own digest (records are immutable, and copies never carry the
cache), so after one change only the changed record and its ancestors are hashed again. A
record also keeps the canonical text of its long lists, and meetingflow's own copies carry
that text over for the fields they leave untouched: recording one item into a large meeting
hashes the item, the list it joins and the records above it, not the meeting.

The canonical text is written here directly from the record objects, in the order RFC 8785
sorts member names; ``tests/integrity`` checks, over generated records, that it is exactly
``meetingflow.canonical`` applied to the record's JSON.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from enum import Enum
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, Final

from meetingflow.canonical import (
    EVENT_EXCLUDES,
    MAX_SAFE_INTEGER,
    REF_KEY,
    STATE_EXCLUDES,
    jcs,
    number,
    ref,
)
from meetingflow.errors import ErrorEntry, InvalidArgument, InvalidRecord
from meetingflow.i18n import Messages, Text

if TYPE_CHECKING:
    from meetingflow.records import Event, Meeting, Record

__all__ = ["digest_of", "event_digest_of", "state_digest_of"]

_NOTHING: Final[frozenset[str]] = frozenset()
_LONG: Final = 8
"""Lists at least this long keep their canonical text in the record's memo."""
_REF_HEAD: Final = '{"' + REF_KEY + '":"'
_PLANS: dict[tuple[type, frozenset[str]], tuple[tuple[str, str], ...]] = {}


class _Types:
    """The record classes, looked up once on first use (building a flow loads no records)."""

    record: Any = None
    extensions: Any = None
    meeting: Any = None
    event: Any = None
    fields: str = ""

    @classmethod
    def load(cls) -> None:
        from meetingflow.records._base import FIELDS, Record  # noqa: PLC0415
        from meetingflow.records.history import Event  # noqa: PLC0415
        from meetingflow.records.meeting import Extensions, Meeting  # noqa: PLC0415

        cls.record, cls.extensions, cls.meeting, cls.event = Record, Extensions, Meeting, Event
        cls.fields = FIELDS


_TYPES: Final = _Types


def _plan(cls: type, exclude: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """A record class's members as (name, ``"name":``), sorted the way RFC 8785 sorts keys."""
    found = _PLANS.get((cls, exclude))
    if found is None:
        names = sorted(cls.model_fields, key=lambda n: n.encode("utf-16-be"))  # type: ignore[attr-defined]
        found = tuple((n, encode_basestring(n) + ":") for n in names if n not in exclude)
        _PLANS[(cls, exclude)] = found
    return found


def _int(value: int) -> str:
    if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        return str(value)
    raise InvalidRecord(
        "Record",
        [
            ErrorEntry(
                "",
                Text(
                    f"整数 {value} 超出 JSON 数字能精确表示的范围",
                    f"integer {value} is outside the range JSON numbers keep exactly",
                ),
                "int_range",
            )
        ],
    )


def _list(value: tuple[Any, ...] | list[Any]) -> str:
    record = _TYPES.record
    return (
        "["
        + ",".join(
            [_REF_HEAD + _digest(v) + '"}' if isinstance(v, record) else _text(v) for v in value]
        )
        + "]"
    )


def _text(value: Any) -> str:
    """The canonical text of one field value, as it appears inside its record."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is tuple or kind is list:
        return _list(value)
    if isinstance(value, _TYPES.record):
        return _REF_HEAD + _digest(value) + '"}'
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if isinstance(value, Enum):
        return _text(value.value)
    if isinstance(value, str):
        return encode_basestring(str(value))
    if isinstance(value, int):
        return _int(value)
    if isinstance(value, float):
        try:
            return number(value)
        except ValueError:
            raise InvalidRecord(
                "Record",
                [ErrorEntry("", Text("数值须为有限数", "numbers must be finite"), "finite_number")],
            ) from None
    if isinstance(value, datetime):
        return encode_basestring(_jsonable(value))
    if isinstance(value, date):
        return encode_basestring(value.isoformat())
    # Anything else (a mapping, a host type pydantic serializes): through its JSON form.
    return jcs(ref(_jsonable(value)))


def _jsonable(value: Any) -> Any:
    from pydantic_core import to_jsonable_python  # noqa: PLC0415 - records are loaded by now

    return to_jsonable_python(value)


def _members(record: Record, memo: dict[str, Any], exclude: frozenset[str]) -> str:
    """The canonical text of ``record``'s members (objects replaced by their references)."""
    fields = _TYPES.fields
    kept: dict[str, str] | None = memo.get(fields)
    skip_none = isinstance(record, _TYPES.extensions)
    record_type = _TYPES.record
    values = record.__dict__
    parts: list[str] = []
    append = parts.append
    for name, key in _plan(type(record), exclude):
        value = values[name]
        kind = type(value)
        if kind is str:
            append(key + encode_basestring(value))
        elif value is None:
            if not skip_none:  # an absent custom section is absent from the JSON too
                append(key + "null")
        elif kind is tuple:
            text = kept.get(name) if kept is not None else None
            if text is None:
                text = _list(value) if value else "[]"
                if len(value) >= _LONG:
                    if kept is None:
                        kept = memo[fields] = {}
                    kept[name] = text
            append(key + text)
        elif kind is date:
            append(key + '"' + value.isoformat() + '"')
        elif isinstance(value, record_type):
            append(key + _REF_HEAD + _digest(value) + '"}')
        elif isinstance(value, Enum) and type(value._value_) is str:
            append(key + encode_basestring(value._value_))
        else:
            append(key + _text(value))
    return "{" + ",".join(parts) + "}"


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digest(record: Record) -> str:
    memo = record._cache()
    found: str | None = memo.get("digest")
    if found is None:
        found = memo["digest"] = _hash(_members(record, memo, _NOTHING))
    return found


def _record(value: object, what: str) -> Record:
    if _TYPES.record is None:
        _TYPES.load()
    if not isinstance(value, _TYPES.record):
        raise InvalidArgument(
            Messages.not_a_record_value.format(what=what, got=type(value).__name__)
        )
    found: Record = value
    return found


def digest_of(record: Record) -> str:
    """The digest of ``record``: ``node_digest`` of its JSON (cached on the object)."""
    return _digest(_record(record, "record"))


def state_digest_of(meeting: Meeting) -> str:
    """The digest of the whole meeting but its history (what an event's ``state`` holds)."""
    if _TYPES.meeting is None:
        _TYPES.load()
    if not isinstance(meeting, _TYPES.meeting):
        raise InvalidArgument(Messages.not_a_meeting.format(got=type(meeting).__name__))
    memo = meeting._cache()
    found: str | None = memo.get("state")
    if found is None:
        found = memo["state"] = _hash(_members(meeting, memo, STATE_EXCLUDES))
    return found


def event_digest_of(event: Event) -> str:
    """The digest of an event without its ``digest`` and ``mac`` (what its ``digest`` must be)."""
    if _TYPES.event is None:
        _TYPES.load()
    if not isinstance(event, _TYPES.event):
        raise InvalidArgument(
            Messages.not_a_record_value.format(what="event", got=type(event).__name__)
        )
    memo = event._cache()
    found: str | None = memo.get("event")
    if found is None:
        found = memo["event"] = _hash(_members(event, memo, EVENT_EXCLUDES))
    return found
