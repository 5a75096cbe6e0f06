"""The base of every record: frozen, strict about what it accepts, raising ``InvalidRecord``.

Why wrap pydantic's entry points: a host must never see a raw ``ValidationError``; every
problem comes back together, each with the dotted path of its field (``roster[2].id``) and a
message in both languages. Why the field types below: text is stored exactly as given, ids
cannot hide whitespace or control characters, dates and instants are never guessed from
numbers, offsets with seconds (which JSON cannot keep) are refused, and every list has a cap
so that hostile input is refused early instead of exhausting memory.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Final, Literal, TypeVar

import attrs
import pydantic
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    StringConstraints,
)

from meetingflow.errors import MAX_ERROR_ENTRIES, ErrorEntry, InvalidRecord, UnsupportedSchema
from meetingflow.i18n import VALIDATION, Text

if TYPE_CHECKING:
    from typing_extensions import Self

MAX_ENTRIES: Final = 10_000
"""The most entries any list in a record may hold."""
MAX_TEXT: Final = 100_000
"""The most characters of any free text."""
MAX_NAME: Final = 500
"""The most characters of a name or title."""

_T = TypeVar("_T")


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


# --- field types ----------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _id(value: str) -> str:
    if value != value.strip() or _CONTROL.search(value):
        raise Problem(
            "编号不能以空白开头或结尾，也不能含控制字符",
            "an id must not start or end with whitespace or contain control characters",
        )
    return value


def _unicode(value: str) -> str:
    if _SURROGATE.search(value):
        raise Problem(
            "文本含有无效的 Unicode 字符", "the text contains invalid Unicode (a lone surrogate)"
        )
    return value


def _non_blank(value: str) -> str:
    if not value.strip():
        raise Problem("不能为空白", "must not be blank")
    return value


def _whole_minute_offset(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is not None and offset.seconds % 60:
        raise Problem(
            f"时区偏移 {offset} 含秒，JSON 无法原样保存；请换算为 UTC 或整分钟偏移",
            f"the UTC offset {offset} has seconds, which JSON cannot keep; use UTC or a"
            " whole-minute offset",
        )
    return value


def _not_a_number(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise Problem(
            "日期时间不能由数字给出，请用 ISO 8601 文本",
            "a date or time is not a number; give ISO 8601 text",
        )
    if isinstance(value, bool):
        raise Problem("日期时间不能是 true/false", "a date or time is not true/false")
    return value


def _date_only(value: Any) -> Any:
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


Id = Annotated[str, StringConstraints(min_length=1, max_length=128), AfterValidator(_id)]
"""A stable identifier chosen by the host: no surrounding whitespace, no control characters."""

Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_NAME),
    AfterValidator(_unicode),
    AfterValidator(_non_blank),
]
"""A name or title: not blank, stored exactly as given."""

Prose = Annotated[str, StringConstraints(max_length=MAX_TEXT), AfterValidator(_unicode)]
"""Free text, stored exactly as given (leading full-width spaces included); may be empty."""

RequiredText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TEXT),
    AfterValidator(_unicode),
    AfterValidator(_non_blank),
]
"""Free text that must say something (a reason, a criticism)."""

Day = Annotated[date, BeforeValidator(_date_only)]
"""A calendar date, ``YYYY-MM-DD`` in JSON; never guessed from a number."""

Instant = Annotated[
    AwareDatetime, BeforeValidator(_not_a_number), AfterValidator(_whole_minute_offset)
]
"""A moment with its UTC offset (whole minutes), ISO 8601 in JSON."""

Count = Annotated[int, Strict(), Field(ge=0, le=1_000_000)]
"""A non-negative count."""

Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""A SHA-256 digest in lower-case hex."""

Many = Annotated[tuple[_T, ...], BeforeValidator(_cap(MAX_ENTRIES))]
"""A list of at most :data:`MAX_ENTRIES` entries (a tuple: records never change in place)."""


@attrs.frozen(slots=True)
class _Ref:
    """Marks a field as a reference to a person, checked against the meeting's people."""

    kind: Literal["member", "person"]


MemberRef = Annotated[Id, _Ref("member")]
"""The id of a member on the meeting's roster."""

PersonRef = Annotated[Id, _Ref("person")]
"""The id of a roster member or of a representative of the superior (a supervisor)."""


# --- placement ------------------------------------------------------------------------------

RUNNERS: Final = frozenset({"secretary", "chair", "recorder"})
"""Who records the ordinary facts of a meeting: the secretary, the chair and the recorder."""


@attrs.frozen(slots=True)
class Placement:
    """Where :meth:`meetingflow.Flow.record` puts a record of this type, and who may record it.

    ``section`` is the dotted path of the record holding ``field`` (``""`` for the meeting
    itself, ``"extensions.member_appraisal"`` for a custom section). ``mode`` is ``set``
    (replace the field), ``append`` or ``upsert`` (replace the entry with the same ``key``).
    ``by`` names the authorities allowed to record it (see
    :class:`meetingflow.records.Authority`); ``"self"`` allows the person named by
    ``self_field`` to record it about himself or herself.
    """

    section: str
    field: str
    mode: Literal["set", "append", "upsert"] = "append"
    key: str = ""
    by: frozenset[str] = RUNNERS
    self_field: str = ""

    @property
    def path(self) -> str:
        """``section.field``: where the recorded value lives."""
        return f"{self.section}.{self.field}" if self.section else self.field


# --- the record base ---------------------------------------------------------------------------


class Record(BaseModel):
    """Base of all meetingflow records: immutable, unknown fields refused, errors with paths.

    Records are values: a change makes a new record. Use :meth:`evolve` for a validated copy
    of any record; a meeting changes through :meth:`meetingflow.Flow.record` and
    :meth:`meetingflow.Flow.fire`, which attribute and chain every change.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        defer_build=True,
        allow_inf_nan=False,
        revalidate_instances="always",
        hide_input_in_errors=True,
        validate_default=False,
    )

    record_into: ClassVar[Placement | None] = None
    """Where :meth:`meetingflow.Flow.record` puts a record of this type (``None``: not directly)."""

    _mf_cache: tuple[int, dict[str, Any]] | None = PrivateAttr(default=None)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as error:
            raise invalid(type(self).__name__, error) from None

    # pydantic builds nested records without calling this __init__ when it believes the
    # init is its own; that keeps InvalidRecord out of nested validation.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def _checked(cls, validate: Callable[[], Self]) -> Self:
        try:
            return validate()
        except pydantic.ValidationError as error:
            raise invalid(cls.__name__, error) from None
        except Problem as problem:
            entries = problem.entries or (ErrorEntry("", problem.text, problem.type),)
            kind = UnsupportedSchema if problem.type == "unsupported_schema" else InvalidRecord
            raise kind(cls.__name__, entries) from None
        except RecursionError:
            raise InvalidRecord(
                cls.__name__,
                [ErrorEntry("", Text("嵌套过深", "nested too deeply"), "recursion_loop")],
            ) from None

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        **kwargs: Any,
    ) -> Self:
        """Validate a Python object; raises :class:`~meetingflow.errors.InvalidRecord`."""
        parent = super().model_validate
        return cls._checked(
            lambda: parent(
                obj, strict=strict, from_attributes=from_attributes, context=context, **kwargs
            )
        )

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        **kwargs: Any,
    ) -> Self:
        """Validate JSON text; raises :class:`~meetingflow.errors.InvalidRecord`, never anything else."""
        parent = super().model_validate_json
        return cls._checked(lambda: parent(json_data, strict=strict, context=context, **kwargs))

    @classmethod
    def model_validate_strings(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        **kwargs: Any,
    ) -> Self:
        """Validate string data; raises :class:`~meetingflow.errors.InvalidRecord`."""
        parent = super().model_validate_strings
        return cls._checked(lambda: parent(obj, strict=strict, context=context, **kwargs))

    @classmethod
    def model_construct(cls, _fields_set: set[str] | None = None, **values: Any) -> Self:  # type: ignore[override]
        """Validates too: meetingflow never holds a record it has not validated."""
        return cls.model_validate(values)

    def evolve(self, **changes: Any) -> Self:
        """A validated copy with ``changes``; this record is left as it was."""
        unknown = sorted(set(changes) - set(type(self).model_fields))
        if unknown:
            raise InvalidRecord(
                type(self).__name__,
                [
                    ErrorEntry(name, Text("没有这个字段", "no such field"), "extra_forbidden")
                    for name in unknown
                ],
            )
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self).model_validate(data)

    # --- values, not objects: equality ignores caches, copies never carry them -------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *(_hashable(v) for v in self.__dict__.values())))

    def __copy__(self) -> Self:
        new = super().__copy__()
        object.__setattr__(new, "__pydantic_private__", {"_mf_cache": None})
        return new

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        new = super().__deepcopy__(memo)
        object.__setattr__(new, "__pydantic_private__", {"_mf_cache": None})
        return new

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        state["__pydantic_private__"] = {"_mf_cache": None}
        return state

    def _cache(self) -> dict[str, Any]:
        """Per-object memo (digests, indexes); valid only for this very object."""
        held = self._mf_cache
        if held is not None and held[0] == id(self):
            return held[1]
        fresh: dict[str, Any] = {}
        self._mf_cache = (id(self), fresh)
        return fresh


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


# --- errors ---------------------------------------------------------------------------------------


def loc_to_path(loc: tuple[int | str, ...]) -> str:
    """``("critique", "criticisms", 4, "to_member")`` -> ``critique.criticisms[4].to_member``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    if not path:
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def _zh(item: Any) -> str:
    template = VALIDATION.get(item["type"])
    if template is None:
        return str(item["msg"])
    ctx = {
        k: (", ".join(map(str, v)) if isinstance(v, list | tuple) else v)
        for k, v in (item.get("ctx") or {}).items()
    }
    try:
        return template.format_map(ctx)
    except (KeyError, ValueError, IndexError):
        return str(item["msg"])


def error_entries(error: pydantic.ValidationError, prefix: str = "") -> Iterator[ErrorEntry]:
    """Every problem of a pydantic error as :class:`ErrorEntry` values (lazily)."""
    for item in error.errors(include_url=False, include_context=True, include_input=False):
        path = _join(prefix, loc_to_path(tuple(item["loc"])))
        ctx = item.get("ctx") or {}
        cause = ctx.get("error")
        if isinstance(cause, Problem):
            if cause.entries:
                for e in cause.entries:
                    yield ErrorEntry(_join(path, e.path), e.message, e.type)
            else:
                yield ErrorEntry(path, cause.text, cause.type)
            continue
        message = str(item["msg"]).removeprefix("Value error, ")
        yield ErrorEntry(path, Text(_zh(item), message), item["type"])


def invalid(model: str, error: pydantic.ValidationError) -> InvalidRecord:
    """:class:`InvalidRecord` for a pydantic error, listing at most the first hundred problems."""
    entries = list(itertools.islice(error_entries(error), MAX_ERROR_ENTRIES + 1))
    if any(e.type == "unsupported_schema" for e in entries):
        return UnsupportedSchema(model, entries, total=error.error_count())
    return InvalidRecord(model, entries, total=error.error_count())


__all__ = [
    "MAX_ENTRIES",
    "MAX_NAME",
    "MAX_TEXT",
    "RUNNERS",
    "Count",
    "Day",
    "Digest",
    "Id",
    "Instant",
    "Many",
    "MemberRef",
    "Name",
    "PersonRef",
    "Placement",
    "Problem",
    "Prose",
    "Record",
    "RequiredText",
    "error_entries",
    "invalid",
    "loc_to_path",
    "problems",
]
