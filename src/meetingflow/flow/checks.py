"""Checks of definitions a flow runs when it is built: names, seal paths, types.

Every problem is reported as text for ``FlowDefinitionError``, with its place, so that a
definition with mistakes fails when it is built, never later inside an operation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import UnionType
from typing import TYPE_CHECKING, Any, Final, Union, get_args, get_origin

from meetingflow import records as rec
from meetingflow.errors import FlowDefinitionError, InvalidArgument
from meetingflow.records import paths

if TYPE_CHECKING:
    from meetingflow.records import Record

__all__ = [
    "check_own",
    "listed",
    "named",
    "own_problems",
    "placement_problems",
    "require",
    "seal_problem",
]

_NAME: Final = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def named(value: object) -> bool:
    return isinstance(value, str) and _NAME.match(value) is not None


_SEALED_BY_DEFAULT: Final = frozenset(
    {"organization", "campaign", "preparation", "roster", "review", "critique"}
    | {"rectification", "closing"}
)
"""Sections the built-in stages own, known to exist (checking them would load the records)."""
_UNSEALABLE: Final = frozenset({"schema_version", "id", "stage", "version", "history"})
"""Fields meetingflow itself maintains: no stage can own them."""


def seal_problem(path: str, sections: Mapping[str, Any]) -> str | None:
    """What is wrong with ``path`` as a section a stage owns (``None``: nothing)."""
    try:
        parts = paths.parse(path)
    except InvalidArgument as error:
        return str(error)
    if not parts:
        return "the empty path would seal the whole record"
    if any(isinstance(p, int) for p in parts):
        return f"{path!r} points into a list entry; a stage owns whole sections"
    if parts[0] in _UNSEALABLE:
        return f"{path!r} is maintained by meetingflow and cannot be owned by a stage"
    if path in _SEALED_BY_DEFAULT:
        return None
    if parts[0] == "extensions":
        if len(parts) == 1:
            return "'extensions' as a whole cannot be owned; own 'extensions.<section>'"
        section = str(parts[1])
        if section not in sections:
            return f"{path!r}: no stage or track of the flow has a section {section!r}"
        node: Any = sections[section]
        rest = parts[2:]
    else:
        node, rest = rec.Meeting, parts
    for i, part in enumerate(rest):
        fields = getattr(node, "model_fields", {})
        if part not in fields:
            return f"{path!r}: the record has no field {paths.format(parts[: len(parts) - len(rest) + i + 1])!r}"
        node = _record_type(fields[part].annotation)
        if node is None and i < len(rest) - 1:
            return f"{path!r}: {part!r} holds no record with fields"
    return None


def _record_type(annotation: Any) -> type[Record] | None:
    """The record class a field holds directly (``X`` or ``X | None``; not a list of X)."""
    if isinstance(annotation, type) and issubclass(annotation, rec.Record):
        return annotation
    if get_origin(annotation) in (Union, UnionType):
        for arg in get_args(annotation):
            if isinstance(arg, type) and issubclass(arg, rec.Record):
                return arg
    return None


def listed(value: Any, what: str) -> tuple[Any, ...]:
    if isinstance(value, str | bytes):
        raise FlowDefinitionError([f"{what} must be a list, not {type(value).__name__}"])
    try:
        return tuple(value)
    except TypeError:
        raise FlowDefinitionError([f"{what} must be a list, not {type(value).__name__}"]) from None


def check_own(name: object, items: Any, stages: Any, tracks: Any) -> None:
    """Raise ``FlowDefinitionError`` for a bad flow name or record types that cannot be recorded."""
    from meetingflow.flow.definition import Stage, Track  # noqa: PLC0415 - a sibling module

    everything = (
        *items,
        *(c for st in stages if isinstance(st, Stage) for c in st.items),
        *(c for tr in tracks if isinstance(tr, Track) for c in tr.items),
    )
    problems = list(own_problems(name, everything))
    if problems:
        raise FlowDefinitionError(problems)


def own_problems(name: object, items: tuple[Any, ...]) -> Iterator[str]:
    if not isinstance(name, str) or not name.strip() or len(name) > 128:
        yield f"the flow's name must be text of 1 to 128 characters, not {repr(name)[:60]}"
    for cls in items:
        if not (isinstance(cls, type) and issubclass(cls, rec.Record)):
            yield f"items: {repr(cls)[:60]} is not a meetingflow Record type"
        elif cls.record_into is None:
            yield f"items: {cls.__name__} has no record_into placement, so it cannot be recorded"


def require(value: object, kind: type | tuple[type, ...], what: str = "") -> None:
    """Raise ``FlowDefinitionError`` unless ``value`` is a ``kind``."""
    if not isinstance(value, kind):
        expected = what or getattr(kind, "__name__", str(kind))
        raise FlowDefinitionError([f"expected {expected}, not {type(value).__name__}"])


_AUTHORITY_NAMES: Final = ("secretary", "chair", "recorder", "supervisor", "member", "self")


def placement_problems(cls: type[Record], meeting_type: type) -> Iterator[str]:
    """What is wrong with where a host's record type says it goes, checked when the flow is
    built: a misspelt field would otherwise fail inside ``record``, a misspelt authority
    would refuse every user as if it were their fault."""
    p = cls.record_into
    if p is None:
        return
    where = f"{cls.__name__}.record_into"
    if p.mode not in ("set", "append", "upsert"):
        yield f"{where}: mode {p.mode!r} is not one of set, append, upsert"
        return
    unknown = sorted(a for a in p.by if a not in _AUTHORITY_NAMES)
    if unknown or not p.by:
        yield (
            f"{where}: by names {', '.join(map(repr, unknown)) or 'nobody'};"
            f" the authorities are {', '.join(_AUTHORITY_NAMES)}"
        )
    fields = cls.model_fields
    if "self" in p.by and p.self_field not in fields:
        yield f"{where}: 'self' needs self_field, a field of {cls.__name__} naming the person (its fields: {', '.join(fields)})"
    if p.mode == "upsert" and p.key not in fields:
        yield f"{where}: upsert needs key, a field of {cls.__name__} (its fields: {', '.join(fields)})"
    try:
        target = paths.type_at(meeting_type, p.path)
    except InvalidArgument as error:
        yield f"{where}: {error.message('en')}"
        return
    is_list = get_origin(target) in (tuple, list)
    if p.mode != "set":
        if not is_list:
            yield f"{where}: {p.path!r} is not a list, so {p.mode} cannot add to it (use mode='set')"
            return
        target = paths.plain_type(get_args(target)[0])
    elif is_list:
        yield f"{where}: {p.path!r} is a list: use mode='append' or 'upsert', not 'set'"
        return
    # exactly the type: a subclass (or a Record base) would be written, then refused when
    # the stored record is read back, as if the record had been tampered with
    if isinstance(target, type) and target is not cls:
        yield f"{where}: {p.path!r} holds {target.__name__}, not {cls.__name__}"
