"""The base of every record: frozen, strict about unknown fields, and raising ``InvalidRecord``.

Why wrap pydantic's entry points: a host must never see a raw ``ValidationError``; every
problem comes back together, each with the dotted path of the field (``roster[2].id``).
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

import attrs
import pydantic
from pydantic import BaseModel, ConfigDict, StringConstraints

from meetingflow.errors import ErrorEntry, InvalidRecord

if TYPE_CHECKING:
    from typing_extensions import Self

Id = Annotated[str, StringConstraints(min_length=1, max_length=128, strip_whitespace=True)]
"""A stable identifier chosen by the host (a member id, an item id, ...)."""


@attrs.frozen(slots=True)
class _Ref:
    """Marks a string field as a reference to a person, checked against the record's people."""

    kind: Literal["member", "person"]


MemberRef = Annotated[Id, _Ref("member")]
"""The id of a member on the meeting's roster."""

PersonRef = Annotated[Id, _Ref("person")]
"""The id of a roster member or of a supervisor from the superior organization."""


def loc_to_path(loc: tuple[int | str, ...]) -> str:
    """``("critique", "criticisms", 4, "to_member")`` -> ``critique.criticisms[4].to_member``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _entries(error: pydantic.ValidationError, prefix: str = "") -> list[ErrorEntry]:
    entries = []
    for item in error.errors(include_url=False, include_context=False, include_input=False):
        path = loc_to_path(tuple(item["loc"]))
        if prefix:
            path = f"{prefix}.{path}" if path and not path.startswith("[") else prefix + path
        message = item["msg"].removeprefix("Value error, ")
        entries.append(ErrorEntry(path, message))
    return entries


@attrs.frozen(slots=True)
class Placement:
    """Where :meth:`Meeting.record` puts a record of a host-defined type.

    ``section`` is a dotted path (``"extensions.member_appraisal"``); ``mode`` is ``set``
    (replace the field), ``append``, or ``upsert`` (replace the entry with the same ``key``).
    """

    section: str
    field: str
    mode: Literal["set", "append", "upsert"] = "append"
    key: str = ""


class Record(BaseModel):
    """Base of all meetingflow records: immutable, unknown fields rejected.

    Change a record with :meth:`replace` (validated) or, for a whole meeting,
    :meth:`meetingflow.Meeting.record`; both return a new object and leave this one intact.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        defer_build=True,
        validate_default=False,
        str_strip_whitespace=True,
        use_enum_values=False,
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as error:
            raise InvalidRecord(type(self).__name__, _entries(error)) from None
        problems = self._post_validate()
        if problems:
            raise InvalidRecord(type(self).__name__, problems)

    # pydantic builds nested records without calling __init__ when it believes the
    # init is its own; that keeps InvalidRecord out of nested validation.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    record_into: ClassVar[Placement | None] = None
    """Set on a host-defined record type to make :meth:`Meeting.record` accept it."""

    def _post_validate(self) -> list[ErrorEntry]:
        """Checks across the whole object (references); overridden by ``Meeting``."""
        return []

    @classmethod
    def _checked(cls, validate: typing.Callable[[], Self]) -> Self:
        try:
            obj = validate()
        except pydantic.ValidationError as error:
            raise InvalidRecord(cls.__name__, _entries(error)) from None
        except (ValueError, TypeError, RecursionError) as error:  # pragma: no cover - defensive
            raise InvalidRecord(cls.__name__, [ErrorEntry("", str(error))]) from None
        problems = obj._post_validate()
        if problems:
            raise InvalidRecord(cls.__name__, problems)
        return obj

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        **kwargs: Any,
    ) -> Self:
        """Validate a Python object; raises :class:`~meetingflow.InvalidRecord`."""
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
        context: Any | None = None,
        **kwargs: Any,
    ) -> Self:
        """Validate JSON text; raises :class:`~meetingflow.InvalidRecord`, never anything else."""
        parent = super().model_validate_json
        return cls._checked(lambda: parent(json_data, strict=strict, context=context, **kwargs))

    @classmethod
    def model_validate_strings(
        cls, obj: Any, *, strict: bool | None = None, context: Any | None = None, **kwargs: Any
    ) -> Self:
        """Validate string data; raises :class:`~meetingflow.InvalidRecord`."""
        parent = super().model_validate_strings
        return cls._checked(lambda: parent(obj, strict=strict, context=context, **kwargs))

    def replace(self, **changes: Any) -> Self:
        """A validated copy with ``changes`` applied; this record is left as it was."""
        unknown = sorted(set(changes) - set(type(self).model_fields))
        if unknown:
            raise InvalidRecord(
                type(self).__name__,
                [ErrorEntry(name, "no such field") for name in unknown],
            )
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self).model_validate(data)


# --- reference walking --------------------------------------------------------------


def _contains(annotation: Any, predicate: typing.Callable[[Any], bool]) -> bool:
    if predicate(annotation):
        return True
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *meta = get_args(annotation)
        return any(predicate(m) for m in meta) or _contains(base, predicate)
    if origin in (Union, types.UnionType, tuple, list, dict, frozenset):
        return any(_contains(a, predicate) for a in get_args(annotation) if a is not Ellipsis)
    return False


def _ref_kind(annotation: Any) -> str | None:
    found: list[str] = []

    def is_ref(a: Any) -> bool:
        if isinstance(a, _Ref):
            found.append(a.kind)
            return True
        return False

    _contains(annotation, is_ref)
    return found[0] if found else None


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """For a record class: its person-reference fields and its fields holding records."""
    refs: list[tuple[str, str]] = []
    nested: list[str] = []
    for name, field in cls.model_fields.items():
        annotation = field.annotation
        kind = _ref_kind(annotation) or next(
            (m.kind for m in field.metadata if isinstance(m, _Ref)), None
        )
        if kind is not None:
            refs.append((name, kind))
        elif _contains(annotation, lambda a: isinstance(a, type) and issubclass(a, BaseModel)):
            nested.append(name)
    return tuple(refs), tuple(nested)


def iter_refs(obj: BaseModel, path: str = "") -> Iterator[tuple[str, str, str]]:
    """Yield ``(path, kind, id)`` for every person reference inside ``obj``."""
    refs, nested = _plan(type(obj))
    for name, kind in refs:
        value = getattr(obj, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, str):
            yield here, kind, value
        elif isinstance(value, tuple):
            for i, v in enumerate(value):
                yield f"{here}[{i}]", kind, v
    for name in nested:
        value = getattr(obj, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, BaseModel):
            yield from iter_refs(value, here)
        elif isinstance(value, tuple):
            for i, v in enumerate(value):
                if isinstance(v, BaseModel):
                    yield from iter_refs(v, f"{here}[{i}]")


__all__ = [
    "Id",
    "MemberRef",
    "PersonRef",
    "Placement",
    "Record",
    "iter_refs",
    "loc_to_path",
]
