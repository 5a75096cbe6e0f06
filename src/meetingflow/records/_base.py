"""The base of every record: frozen, strict about what it accepts, raising ``InvalidRecord``.

Why wrap pydantic's entry points: a host must never see a raw ``ValidationError``; every
problem comes back together, each with the dotted path of its field (``roster[2].id``) and a
message in both languages. The field types live in ``meetingflow.records.fields``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal

import attrs
import pydantic
from pydantic import BaseModel, ConfigDict

from meetingflow.errors import (
    MAX_ERROR_ENTRIES,
    ErrorEntry,
    InvalidArgument,
    InvalidRecord,
    UnsupportedSchema,
    join_path,
    loc_to_path,
)
from meetingflow.i18n import Text
from meetingflow.records.fields import (
    MAX_ENTRIES,
    MAX_NAME,
    MAX_TEXT,
    PATTERN_MESSAGES,
    Count,
    Day,
    Digest,
    Happened,
    Id,
    Instant,
    Many,
    MemberRef,
    Name,
    PersonRef,
    Problem,
    Prose,
    RequiredText,
    problems,
)

if TYPE_CHECKING:
    from typing_extensions import Self


# --- placement ------------------------------------------------------------------------------

RUNNERS: Final = frozenset({"secretary", "chair", "recorder"})
"""Who records the ordinary facts of a meeting: the secretary, the chair and the recorder."""


@attrs.frozen(slots=True)
class Placement:
    """Where ``meetingflow.Flow.record`` puts a record of this type, and who may record it.

    ``section`` is the dotted path of the record holding ``field`` (``""`` for the meeting
    itself, ``"extensions.member_appraisal"`` for a custom section). ``mode`` is ``set``
    (replace the field), ``append`` or ``upsert`` (replace the entry with the same ``key``).
    ``by`` names the authorities allowed to record it (see
    ``meetingflow.records.Authority``); ``"self"`` allows the person named by
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

    Records are values: a change makes a new record. Use ``evolve`` for a validated copy
    of any record; a meeting changes through ``meetingflow.Flow.record`` and
    ``meetingflow.Flow.fire``, which attribute and chain every change.
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
    """Where ``meetingflow.Flow.record`` puts a record of this type (``None``: not directly)."""

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as error:
            raise invalid(type(self).__name__, error) from None
        self._cache()[VALID] = True

    # pydantic builds nested records without calling this __init__ when it believes the
    # init is its own; that keeps InvalidRecord out of nested validation.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: Any) -> None:
        """Refused: a record is a value (pydantic would raise its own, less helpful error)."""
        raise InvalidArgument(
            Text(
                f"记录不可修改：不能给 {type(self).__name__}.{name} 赋值；请用 .evolve({name}=...)"
                " 得到修改后的副本，会议只通过 Flow.record 或 Flow.fire 改变",
                f"records are immutable: {type(self).__name__}.{name} cannot be assigned; make a"
                f" changed copy with .evolve({name}=...), and change a meeting only through"
                " Flow.record or Flow.fire",
            )
        )

    def __delattr__(self, name: str) -> None:
        """Refused, like assignment."""
        self.__setattr__(name, None)

    @classmethod
    def _checked(cls, validate: Callable[[], Self]) -> Self:
        try:
            result = validate()
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
        except UnicodeError:  # bytes that are not UTF-8, met while migrating an old record
            raise InvalidRecord(
                cls.__name__,
                [
                    ErrorEntry(
                        "", Text("文本不是有效的 UTF-8", "text is not valid UTF-8"), "unicode"
                    )
                ],
            ) from None
        if isinstance(result, Record):
            result._cache()[VALID] = True
        return result

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
        """Validate a Python object; raises ``InvalidRecord``."""
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
        """Validate JSON text; raises ``InvalidRecord``, never anything else."""
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
        """Validate string data; raises ``InvalidRecord``."""
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

    # The per-object memo lives in pydantic's private slot, set only when first needed:
    # declaring a private attribute would make pydantic initialize one for every record it
    # builds, which costs a third of a parse. Copies and pickles never carry the memo.

    def __copy__(self) -> Self:
        new = super().__copy__()
        object.__setattr__(new, "__pydantic_private__", None)
        return new

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        new = super().__deepcopy__(memo)
        object.__setattr__(new, "__pydantic_private__", None)
        return new

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        state["__pydantic_private__"] = None
        return state

    # The per-object memo lives in pydantic's ``__pydantic_private__`` slot rather than in a
    # declared private attribute: declaring one makes pydantic initialise it for every record
    # it builds, which costs a quarter of parsing a meeting.

    def _cache(self) -> dict[str, Any]:
        """Per-object memo (digests, indexes); valid only for this very object."""
        held = self.__pydantic_private__
        if held is not None:
            found = held.get(_MEMO)
            if found is not None and found[0] == id(self):
                memo: dict[str, Any] = found[1]
                return memo
        fresh: dict[str, Any] = {}
        object.__setattr__(self, "__pydantic_private__", {_MEMO: (id(self), fresh)})
        return fresh

    def _is_valid(self) -> bool:
        """Whether this very object was validated (or built by meetingflow from validated parts).

        A record made with ``model_copy(update=...)``, ``copy`` or unpickling is not marked;
        every operation of a flow validates such a meeting before using it.
        """
        return bool(self._cache().get(VALID))

    def _vouch(self) -> Self:
        """Mark this object validated: meetingflow's own code, after checking what it changed."""
        self._cache()[VALID] = True
        return self

    def _replace(self, changes: dict[str, Any], *, valid: bool = False) -> Self:
        """A copy with ``changes`` applied WITHOUT validation: for meetingflow's own code only.

        The caller vouches for ``changes``. The memo of each field left as it was (the same
        object) is carried over, so digests are not recomputed for what did not change.
        """
        new = super().model_copy(update=changes)
        object.__setattr__(new, "__pydantic_private__", None)
        held = self._cache().get(FIELDS)
        memo = new._cache()
        if held:
            kept = {k: v for k, v in held.items() if k not in changes}
            if kept:
                memo[FIELDS] = kept
        if valid:
            memo[VALID] = True
        return new


_MEMO: Final = "_mf"
VALID: Final = "valid"
"""Memo key: the object was validated."""
FIELDS: Final = "fields"
"""Memo key: canonical fragments of some fields (see ``meetingflow.integrity.digests``)."""


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


# --- errors ---------------------------------------------------------------------------------------


def error_entries(error: pydantic.ValidationError, prefix: str = "") -> Iterator[ErrorEntry]:
    """Every problem of a pydantic error as ``ErrorEntry`` values (lazily)."""
    for item in error.errors(include_url=False, include_context=True, include_input=False):
        path = join_path(prefix, loc_to_path(tuple(item["loc"])))
        ctx = item.get("ctx") or {}
        cause = ctx.get("error")
        if isinstance(cause, Problem):
            if cause.entries:
                for e in cause.entries:
                    yield e.under(path)
            else:
                yield ErrorEntry(path, cause.text, cause.type)
            continue
        if item["type"] == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_MESSAGES:
            yield ErrorEntry(path, PATTERN_MESSAGES[ctx["pattern"]], item["type"])
            continue
        yield ErrorEntry.from_pydantic(item, prefix)


def invalid(model: str, error: pydantic.ValidationError) -> InvalidRecord:
    """``InvalidRecord`` for a pydantic error, listing at most the first hundred problems."""
    entries = list(itertools.islice(error_entries(error), MAX_ERROR_ENTRIES + 1))
    if any(e.type == "unsupported_schema" for e in entries):
        return UnsupportedSchema(model, entries, total=error.error_count())
    return InvalidRecord(model, entries, total=error.error_count())


__all__ = [
    "FIELDS",
    "MAX_ENTRIES",
    "MAX_NAME",
    "MAX_TEXT",
    "RUNNERS",
    "VALID",
    "Count",
    "Day",
    "Digest",
    "Happened",
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
