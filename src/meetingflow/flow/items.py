"""The record types a flow records, by name, and how one item is applied to a meeting.

Every record type says where it goes and who may record it (``record_into``); a flow knows
the built-in types and its stages' and tracks' own, by name (``leave_request``), so a host
can turn ``{"type": "leave_request", ...}`` from a request body into a record in one call.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

from meetingflow import records as rec
from meetingflow.errors import ErrorEntry, InvalidArgument, InvalidRecord, NotPermitted, join_path
from meetingflow.i18n import Messages, Text
from meetingflow.records import paths

if TYPE_CHECKING:
    from meetingflow.records import Meeting, Placement, Record

__all__ = ["apply", "builtin_item_types", "item_name", "permitted", "reference_problems"]

_SNAKE: Final = re.compile(r"(?<!^)(?=[A-Z])")


def item_name(cls: type[Record]) -> str:
    """The name of a record type in the registry: ``LeaveRequest`` -> ``leave_request``."""
    explicit = cls.__dict__.get("item_name")
    return explicit if isinstance(explicit, str) else _SNAKE.sub("_", cls.__name__).lower()


@functools.cache
def builtin_item_types() -> tuple[type[Record], ...]:
    """Every built-in record type a meeting records directly."""
    from meetingflow.records import closing, critique, people, preparation, rectification, review  # noqa: PLC0415

    found: list[type[Record]] = []
    for module in (people, preparation, review, critique, rectification, closing):
        for name in module.__all__:
            cls = getattr(module, name)
            if (
                isinstance(cls, type)
                and issubclass(cls, rec.Record)
                and cls.record_into is not None
            ):
                found.append(cls)
    return tuple(found)


def registry(extra: Iterable[type[Record]]) -> dict[str, type[Record]]:
    """Name -> type for the built-in types and ``extra``; a clash is a definition problem."""
    out: dict[str, type[Record]] = {}
    for cls in (*builtin_item_types(), *extra):
        name = item_name(cls)
        if name in out and out[name] is not cls:
            raise InvalidArgument(
                Text(
                    f"记录类型名 {name!r} 重复",
                    f"two record types are named {name!r}: {out[name].__name__} and {cls.__name__}",
                )
            )
        out[name] = cls
    return out


def authorities(meeting: Meeting, actor: str) -> frozenset[str]:
    """The authorities ``actor`` holds in ``meeting`` (see ``Authority``)."""
    held: set[str] = set()
    member = meeting.member(actor)
    if member is not None:
        held.add("member")
        if member.is_secretary:
            held.add("secretary")
    session = meeting.review.session
    if session is not None:
        if session.chair_id == actor:
            held.add("chair")
        if session.recorder_id == actor:
            held.add("recorder")
    if meeting.supervisor(actor) is not None:
        held.add("supervisor")
    return frozenset(held)


def permitted(placement: Placement, held: frozenset[str], actor: str, item: Record) -> bool:
    """Whether an actor holding ``held`` may record ``item`` placed by ``placement``."""
    if held & placement.by:
        return True
    if "self" in placement.by and placement.self_field:
        return getattr(item, placement.self_field, None) == actor
    return False


def refuse(actor: str, item: Record, placement: Placement, held: frozenset[str]) -> NotPermitted:
    """The error for an actor who may not record ``item``."""
    needed = sorted(placement.by - {"self"})
    if "self" in placement.by and placement.self_field:
        needed.append(f"self:{placement.self_field}")
    return NotPermitted(
        actor,
        Messages.action_record.format(item=type(item).__name__),
        needed,
        held,
        authority_labels(),
    )


def authority_labels() -> dict[str, Text]:
    """Every authority's label, for messages (``self:<field>`` reads as "the person named by")."""
    from meetingflow.records.terms import Authority  # noqa: PLC0415

    return {a.value: a.label for a in Authority}


def apply(current: Any, item: Record, placement: Placement) -> tuple[Any, int | None]:
    """The field's new value with ``item`` placed, and the index it landed at (lists)."""
    if placement.mode == "set":
        return item, None
    if placement.mode == "append":
        return (*current, item), len(current)
    ident = getattr(item, placement.key)
    out = list(current)
    for i, old in enumerate(out):
        if getattr(old, placement.key) == ident:
            out[i] = item
            return tuple(out), i
    out.append(item)
    return tuple(out), len(out) - 1


def _entry(path: str, zh: str, en: str) -> ErrorEntry:
    return ErrorEntry(path, Text(zh, en), "reference")


def reference_problems(
    meeting: Meeting, item: Record, path: str, people: Mapping[str, str]
) -> list[ErrorEntry]:
    """What is wrong with ``item``'s references inside ``meeting`` (after it was placed at ``path``).

    The incremental counterpart of the meeting's own cross-record validator: it checks the
    item, and the sections its references point into, not the whole meeting.
    """
    from meetingflow.records.meeting import iter_refs  # noqa: PLC0415 - records are loaded by now

    members = meeting.members_by_id()
    found: list[ErrorEntry] = []
    for sub, kind, ref in iter_refs(item, path):
        if kind == "member" and ref not in members:
            found.append(_entry(sub, f"{ref!r} 不在名册上", f"{ref!r} is not on the roster"))
        elif kind == "person" and ref not in members and ref not in people:
            found.append(
                _entry(
                    sub,
                    f"{ref!r} 既不在名册上也不是上级代表",
                    f"{ref!r} is neither on the roster nor a supervisor",
                )
            )
    known = _known_ids(meeting)

    def need(field: str, value: str | None, kind: str, zh: str, en: str) -> None:
        if value is not None and value not in known[kind]:
            found.append(_entry(f"{path}.{field}", f"没有{zh} {value!r}", f"no {en} {value!r}"))

    if isinstance(item, rec.MaterialReview):
        need("material_id", item.material_id, "material", "材料", "material")
    elif isinstance(
        item, rec.ClosureClaim | rec.Verification | rec.LongTermApproval | rec.Escalation
    ):
        need("item_id", item.item_id, "item", "整改事项", "rectification item")
    elif isinstance(item, rec.RectificationItem):
        need("problem_id", item.problem_id, "problem", "问题", "problem")
        need("criticism_id", item.criticism_id, "criticism", "批评", "criticism")
    elif isinstance(item, rec.Disposition):
        need("problem_id", item.problem_id, "problem", "问题", "problem")
        need("criticism_id", item.criticism_id, "criticism", "批评", "criticism")
        need("merged_into", item.merged_into, "item", "整改事项", "rectification item")
    return found


def _known_ids(meeting: Meeting) -> dict[str, frozenset[str]]:
    """The ids items may refer to, once per meeting object (records are immutable)."""
    memo = meeting._cache()
    found: dict[str, frozenset[str]] | None = memo.get("known_ids")
    if found is None:
        prep, rect, crit = meeting.preparation, meeting.rectification, meeting.critique
        found = memo["known_ids"] = {
            "material": frozenset(x.id for x in prep.materials),
            "item": frozenset(it.id for it in rect.items),
            "problem": frozenset(p.id for p in prep.problems),
            "criticism": frozenset(
                [c.id for c in crit.criticisms]
                + [c.id for s in meeting.redone_sessions for c in s.critique.criticisms]
            ),
        }
    return found


def not_recordable(item: object, known: Iterable[str], index: int = 0) -> InvalidRecord:
    """The error for something that is not a record type a meeting records (``items[index]``
    of the call), with the likeliest fix: a request body still to convert, a class to call."""
    names = sorted(known)
    if isinstance(item, Mapping):
        text = Messages.a_dict_not_a_record
    elif isinstance(item, type) and issubclass(item, rec.Record):
        text = Messages.a_class_not_a_record.format(got=item.__name__)
    else:
        text = Messages.not_a_record.format(
            got=type(item).__name__,
            known=", ".join(names[:12]) + (" …" if len(names) > 12 else ""),
        )
    return InvalidRecord("Meeting", [ErrorEntry(f"items[{index}]", text, "not_recordable")])


def section_of(meeting: Meeting, section: str, custom: Mapping[str, type[Record]]) -> Record:
    """The record at ``section`` inside ``meeting``; an absent custom section reads as empty."""
    node: Any = meeting
    for part in paths.parse(section) if section else ():
        if (
            not isinstance(node, rec.Record)
            or not isinstance(part, str)
            or part not in type(node).model_fields
        ):
            raise InvalidRecord(
                type(meeting).__name__,
                [
                    ErrorEntry(
                        section,
                        Text("本流程的会议没有这个部分", "no such section in this flow's meetings"),
                        "unknown_section",
                    )
                ],
            )
        child = getattr(node, part)
        if child is None:
            cls = custom.get(part)
            if cls is None:
                raise InvalidRecord(
                    type(meeting).__name__,
                    [
                        ErrorEntry(
                            section, Text("该部分为空", "that section is empty"), "unknown_section"
                        )
                    ],
                )
            child = cls()
        node = child
    if not isinstance(node, rec.Record):
        raise InvalidRecord(
            type(meeting).__name__,
            [ErrorEntry(section, Text("不是记录", "not a record"), "unknown_section")],
        )
    return node


def with_section(
    meeting: Meeting, section: str, holder: Record, changes: dict[str, Any]
) -> Meeting:
    """``meeting`` with fields of the record at ``section`` replaced (the caller validated them)."""
    updated = holder._replace(changes)
    if not section:
        return updated  # type: ignore[return-value]
    return _put(meeting, [str(p) for p in paths.parse(section)], updated)  # type: ignore[return-value]


def _put(node: Record, parts: list[str], value: Record) -> Record:
    head, rest = parts[0], parts[1:]
    if not rest:
        return node._replace({head: value})
    child = getattr(node, head)
    return node._replace({head: _put(child, rest, value)})


def item_from_dict(
    types: Mapping[str, type[Record]], data: Mapping[str, Any], *, path: str = ""
) -> Record:
    """``{"type": "leave_request", ...}`` as a validated record of that registered type.

    Problems are reported under ``path`` (``items[2]``), so a host can answer with the place
    in its own request.
    """
    if not isinstance(data, Mapping):
        raise InvalidRecord(
            "item", [ErrorEntry(path, Text("应为对象", "expected an object"), "dict_type")]
        )
    body = dict(data)
    kind = body.pop("type", None)
    cls = types.get(kind) if isinstance(kind, str) else None
    if cls is None:
        names = ", ".join(sorted(types))
        shown = repr(kind)[:60]
        text = (
            Text(
                f'缺少 "type"：写明记录类型（可用：{names}）',
                f'"type" is missing: name the record type (known: {names})',
            )
            if "type" not in data
            else Text(
                f"未知的记录类型 {shown}（可用：{names}）",
                f"unknown record type {shown} (known: {names})",
            )
        )
        kind_of = "missing" if "type" not in data else "unknown_type"
        raise InvalidRecord("item", [ErrorEntry(join_path(path, "type"), text, kind_of)])
    try:
        return cls.model_validate(body)
    except InvalidRecord as error:
        raise error.under(path) if path else error from None


def items_from_dicts(
    types: Mapping[str, type[Record]], data: Iterable[Mapping[str, Any]], *, path: str
) -> tuple[Record, ...]:
    """Every item of a request's list, or one ``InvalidRecord`` naming every bad one."""
    if isinstance(data, str | bytes | Mapping) or not isinstance(data, Iterable):
        raise InvalidRecord(
            "items", [ErrorEntry(path, Text("应为列表", "expected a list"), "list_type")]
        )
    out: list[Record] = []
    problems: list[ErrorEntry] = []
    for i, item in enumerate(data):
        try:
            out.append(item_from_dict(types, item, path=f"{path}[{i}]"))
        except InvalidRecord as error:
            problems.extend(error.entries)
    if problems:
        raise InvalidRecord("items", problems)
    return tuple(out)


def item_to_dict(record: Record) -> dict[str, Any]:
    """The inverse of ``item_from_dict``: the record as JSON-ready data with its ``type``."""
    return {"type": item_name(type(record)), **record.model_dump(mode="json")}
