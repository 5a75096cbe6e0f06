"""The field types of records: what a record accepts, and why it refuses the rest.

Text is stored exactly as given; ids cannot hide whitespace or control characters; dates and
instants are never guessed from numbers; offsets with seconds (which JSON cannot keep) are
refused; every list has a cap, so hostile input is refused early instead of exhausting memory.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from datetime import date, datetime
from types import UnionType
from typing import Annotated, Any, Final, Literal, TypeVar, Union, get_args, get_origin

import attrs
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    Strict,
    StringConstraints,
)

from meetingflow.errors import ErrorEntry
from meetingflow.i18n import Text

__all__ = [
    "MAX_ENTRIES",
    "MAX_NAME",
    "MAX_TEXT",
    "Count",
    "Day",
    "Digest",
    "Happened",
    "Id",
    "Instant",
    "Many",
    "MemberRef",
    "Name",
    "Occurred",
    "PersonRef",
    "Problem",
    "Prose",
    "Ref",
    "RequiredText",
    "annotation_contains",
    "iter_happened",
    "problems",
]


class Problem(ValueError):
    """A validation problem with a message in both languages (raised by record validators)."""

    def __init__(
        self, zh: str, en: str, entries: tuple[ErrorEntry, ...] = (), *, type: str = "value_error"
    ) -> None:
        self.text = Text(zh, en)
        self.entries = entries
        self.type = type
        super().__init__(en)


def problems(entries: list[ErrorEntry]) -> Problem:
    """One exception carrying many path-addressed problems out of a model validator."""
    first = entries[0].message
    return Problem(first.zh, first.en, tuple(entries))


_T = TypeVar("_T")

MAX_ENTRIES: Final = 10_000
"""The most entries any list in a record may hold."""
MAX_TEXT: Final = 100_000
"""The most characters of any free text."""
MAX_NAME: Final = 500
"""The most characters of a name or title."""


# --- field types ----------------------------------------------------------------------------

_ID_PATTERN: Final = r"^[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$"
_SAYS_SOMETHING: Final = r"\S"

PATTERN_MESSAGES: Final[dict[str, Text]] = {
    _ID_PATTERN: Text(
        "编号不能以空白开头或结尾，也不能含控制字符",
        "an id must not start or end with whitespace or contain control characters",
    ),
    _SAYS_SOMETHING: Text("不能为空白", "must not be blank"),
}
"""What a failed pattern means, by pattern: the checks run inside pydantic-core (no Python call
per string), and the error translation looks the meaning up here."""


def _whole_minute_offset(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is not None and (offset.seconds % 60 or offset.microseconds):
        raise Problem(
            f"时区偏移 {offset} 含秒，JSON 无法原样保存；请换算为 UTC 或整分钟偏移",
            f"the UTC offset {offset} has seconds, which JSON cannot keep; use UTC or a"
            " whole-minute offset",
        )
    return value


def _not_a_number(value: Any) -> Any:
    if type(value) is str:  # the common case, JSON: let pydantic parse it
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise Problem(
            "日期时间不能由数字给出，请用 ISO 8601 文本",
            "a date or time is not a number; give ISO 8601 text",
        )
    if isinstance(value, bool):
        raise Problem("日期时间不能是 true/false", "a date or time is not true/false")
    return value


def _date_only(value: Any) -> Any:
    if type(value) is str:
        return value
    if isinstance(value, datetime):
        raise Problem("应为日期，而不是日期时间", "expected a date, not a date and time")
    return _not_a_number(value)


def _cap(limit: int) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, list | tuple) and len(value) > limit:
            raise Problem(
                f"条目太多：{len(value)} 条，至多 {limit} 条",
                f"too many entries: {len(value)}, at most {limit}",
            )
        return value

    return check


Id = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=_ID_PATTERN)]
"""A stable identifier chosen by the host: no surrounding whitespace, no control characters."""

Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME, pattern=_SAYS_SOMETHING)]
"""A name or title: not blank, stored exactly as given."""

Prose = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
"""Free text, stored exactly as given (leading full-width spaces included); may be empty."""

RequiredText = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_TEXT, pattern=_SAYS_SOMETHING)
]
"""Free text that must say something (a reason, a criticism)."""

Day = Annotated[date, BeforeValidator(_date_only)]
"""A calendar date, ``YYYY-MM-DD`` in JSON; never guessed from a number."""


@attrs.frozen(slots=True)
class Occurred:
    """Marks a date on which something happened, so it cannot lie after the day it is recorded."""


Happened = Annotated[date, BeforeValidator(_date_only), Occurred()]
"""The day something happened (a talk held, an item closed), ``YYYY-MM-DD``: ``Flow.record``
refuses one after the day of the recording (in the organization's time zone). Deadlines and
planned days are plain ``Day``."""

Instant = Annotated[
    AwareDatetime, BeforeValidator(_not_a_number), AfterValidator(_whole_minute_offset)
]
"""A moment with its UTC offset (whole minutes), ISO 8601 in JSON."""

Count = Annotated[int, Strict(), Field(ge=0, le=1_000_000)]
"""A non-negative count."""

Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""A SHA-256 digest in lower-case hex."""

Many = Annotated[tuple[_T, ...], BeforeValidator(_cap(MAX_ENTRIES))]
"""A list of at most ``MAX_ENTRIES`` entries (a tuple: records never change in place)."""


@attrs.frozen(slots=True)
class Ref:
    """Marks a field as a reference to a person, checked against the meeting's people."""

    kind: Literal["member", "person"]


MemberRef = Annotated[Id, Ref("member")]
"""The id of a member on the meeting's roster."""

PersonRef = Annotated[Id, Ref("person")]
"""The id of a roster member or of a representative of the superior (a supervisor)."""


def iter_happened(obj: Any, path: str = "") -> Iterator[tuple[str, date]]:
    """Every ``Happened`` date inside the record ``obj``: ``(path, day)``; through records,
    lists and optional fields (not through a mapping or ``Any``, whose shape is unknown)."""
    cls: type = type(obj)
    dates, nested = _dated_plan(cls)
    for name in dates:
        value = getattr(obj, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, date):
            yield here, value
        elif isinstance(value, tuple):  # Many[Happened]
            yield from ((f"{here}[{i}]", v) for i, v in enumerate(value) if isinstance(v, date))
    for name in nested:
        value = getattr(obj, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, tuple):
            for i, v in enumerate(value):
                if hasattr(type(v), "model_fields"):
                    yield from iter_happened(v, f"{here}[{i}]")
        elif hasattr(type(value), "model_fields"):
            yield from iter_happened(value, here)


@functools.cache
def _dated_plan(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    dates: list[str] = []
    nested: list[str] = []
    for name, field in cls.model_fields.items():  # type: ignore[attr-defined]
        if any(isinstance(m, Occurred) for m in field.metadata) or annotation_contains(
            field.annotation, lambda a: isinstance(a, Occurred)
        ):
            dates.append(name)
        elif annotation_contains(field.annotation, lambda a: hasattr(a, "model_fields")):
            nested.append(name)
    return tuple(dates), tuple(nested)


def annotation_contains(annotation: Any, predicate: Callable[[Any], bool]) -> bool:
    """Whether ``predicate`` holds for ``annotation``, one of its ``Annotated`` markers, or
    (recursively) one of its arguments: what record-walking code asks of a field's type."""
    if predicate(annotation):
        return True
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *meta = get_args(annotation)
        return any(predicate(m) for m in meta) or annotation_contains(base, predicate)
    if origin in (Union, UnionType, tuple, list, dict, frozenset):
        return any(
            annotation_contains(a, predicate) for a in get_args(annotation) if a is not Ellipsis
        )
    return False
