"""Record paths: one grammar to parse, format, resolve and test paths such as
``rectification.items[3].due_on``.

Findings, errors, placements and seals all speak this grammar: dotted field names, and
``[n]`` for the n-th entry of a list.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from types import UnionType
from typing import Annotated, Any, Final, Union, get_args, get_origin

from meetingflow._errorbase import InvalidArgument, NoSuchPath
from meetingflow.i18n import Text

__all__ = [
    "Part",
    "format",
    "is_within",
    "parse",
    "plain_type",
    "resolve",
    "set_field",
    "type_at",
]

Part = str | int
"""A field name or a list index."""

_TOKEN: Final = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d{1,9})\]|(\.)")
_MAX_DEPTH: Final = 64


def _bad(path: object, why: str) -> InvalidArgument:
    shown = repr(path)[:120]
    return InvalidArgument(Text(f"路径 {shown} 无效：{why}", f"path {shown} is not valid: {why}"))


def parse(path: str) -> tuple[Part, ...]:
    """``"items[3].due_on"`` -> ``("items", 3, "due_on")``; the empty path is the record itself."""
    if not isinstance(path, str):
        raise _bad(path, "not a string")
    parts: list[Part] = []
    pos = 0
    expect_name = True
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if m is None:
            raise _bad(path, f"unexpected {path[pos]!r} at {pos}")
        name, index, dot = m.groups()
        if dot:
            if expect_name or pos == 0:
                raise _bad(path, f"misplaced '.' at {pos}")
            expect_name = True
        elif name:
            if not expect_name:
                raise _bad(path, f"missing '.' before {name!r}")
            if name.startswith("_"):
                raise _bad(path, "names starting with '_' are not record fields")
            parts.append(name)
            expect_name = False
        else:
            if not parts:
                raise _bad(path, "an index needs a field before it")
            parts.append(int(index))
            expect_name = False
        pos = m.end()
    if path and expect_name:
        raise _bad(path, "ends with '.'")
    if len(parts) > _MAX_DEPTH:
        raise _bad(path, "too deep")
    return tuple(parts)


def format(parts: Iterable[Part]) -> str:
    """``("items", 3, "due_on")`` -> ``"items[3].due_on"``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def resolve(root: Any, path: str) -> Any:
    """The value at ``path`` inside ``root`` (records, tuples, dicts); ``NoSuchPath`` (a ``KeyError``) if absent."""
    node = root
    for part in parse(path):
        if isinstance(part, int):
            if not isinstance(node, tuple | list) or part >= len(node):
                raise NoSuchPath(path)
            node = node[part]
        elif part in getattr(type(node), "model_fields", ()):
            node = getattr(node, part)
        elif isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            raise NoSuchPath(path)
    return node


def exists(root: Any, path: str) -> bool:
    """Whether ``path`` resolves inside ``root``."""
    try:
        resolve(root, path)
    except KeyError:
        return False
    return True


def is_within(path: str, prefix: str) -> bool:
    """Whether ``path`` is ``prefix`` or lies inside it (``review.session.chair_id`` in ``review``)."""
    if not prefix:
        return True
    if path == prefix:
        return True
    return path.startswith(prefix) and path[len(prefix)] in ".["


def set_field(root: Any, section: str, changes: Mapping[str, Any]) -> Any:
    """A copy of ``root`` with fields of the record at ``section`` replaced (no validation).

    Only ``meetingflow.flow`` uses this, after validating what it sets; hosts change
    meetings through ``meetingflow.Flow.record``.
    """
    parts = parse(section)
    if any(isinstance(p, int) for p in parts):
        raise _bad(section, "a section is reached by field names only")
    return _set(root, [str(p) for p in parts], changes)


def _set(node: Any, names: list[str], changes: Mapping[str, Any]) -> Any:
    if not names:
        return node.model_copy(update=dict(changes))
    head, rest = names[0], names[1:]
    if head not in getattr(type(node), "model_fields", ()):
        raise NoSuchPath(head)
    child = getattr(node, head)
    return node.model_copy(update={head: _set(child, rest, changes)})


_INDEX: Final = re.compile(r"\[\d{1,9}\]")


def type_at(root: type, path: str) -> Any:
    """The type ``path`` leads to in every record of type ``root``; ``[n]`` steps into a list.

    Checks a path before any record exists (a rule's declared path, a finding's path): an
    ``InvalidArgument`` names the first part that is not a field, with the fields there are.
    Below a mapping or ``Any`` nothing more can be known, and everything is accepted.
    """
    return _type_at(root, _INDEX.sub("[0]", path))


@functools.lru_cache(maxsize=4096)
def _type_at(root: type, path: str) -> Any:
    node: Any = root
    done: list[Part] = []
    for part in parse(path):
        node = plain_type(node)
        if (
            node is Any
            or get_origin(node) in (dict, Mapping, Union, UnionType)  # several shapes: unknown
            or node in (dict, object)
        ):
            return Any
        if isinstance(part, int):
            if get_origin(node) not in (tuple, list):
                where = format(done)
                raise _bad(path, f"{where!r} is not a list, so [{part}] cannot follow it")
            node = get_args(node)[0]
        else:
            fields = getattr(node, "model_fields", None)
            if fields is None:
                where = format(done) or "the record"
                raise _bad(path, f"{where!r} has no fields, so {part!r} cannot follow it")
            if part not in fields:
                known = ", ".join(sorted(fields)) or "none"
                raise _bad(path, f"{node.__name__} has no field {part!r} (its fields: {known})")
            node = fields[part].annotation
        done.append(part)
    return plain_type(node)


def plain_type(annotation: Any) -> Any:
    """``X`` from ``Annotated[X, ...]`` and from ``X | None`` (anything else as it is)."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        kept = [a for a in get_args(annotation) if a is not type(None)]
        if len(kept) == 1:
            return plain_type(kept[0])
    return annotation
