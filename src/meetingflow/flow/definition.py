"""Flow definitions: stages, transitions and tracks. Values only; ``Flow``
compiles them into one shared state machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text

if TYPE_CHECKING:
    from meetingflow.records import Record
    from meetingflow.rules import Rule

__all__ = ["ALWAYS_OPEN", "RUNNERS", "SUPERIOR", "Stage", "Track", "Transition"]

RUNNERS: frozenset[str] = frozenset({"secretary", "chair"})
"""Who runs the meeting: the branch secretary and the chair of the sitting."""
SUPERIOR: frozenset[str] = frozenset({"supervisor"})
"""A representative of the superior organization."""
ALWAYS_OPEN: tuple[str, ...] = ("supervisors",)
"""Paths no stage seals: the superior may name its representatives at any time."""


TextLike = Text | Mapping[str, str] | tuple[str, str]


def _title(value: TextLike) -> Text:
    return Text.coerce(value, what="title")


def _tuple(value: Any, what: str) -> tuple[Any, ...]:
    try:
        return tuple(value)
    except TypeError:
        raise InvalidArgument(
            Text(f"{what} 须为列表", f"{what} must be a list, not {type(value).__name__}")
        ) from None


def _names(value: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return _tuple(value, "names")


def _authorities(value: Iterable[str] | str) -> frozenset[str]:
    names = _names(value)
    if not all(isinstance(n, str) for n in names):
        raise InvalidArgument(
            Text("身份须为名称（如 secretary）", "authorities are names such as 'secretary'")
        )
    return frozenset(names)


_RESERVED = frozenset(
    {"construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj", "parse_raw"}
    | {"schema", "schema_json", "update_forward_refs", "validate", "evolve", "record_into"}
)
"""Attributes of a record model (pydantic's, ``evolve``, ``record_into``) a section's field
cannot shadow;
kept here so that building the default flow imports no pydantic (a test keeps it complete)."""


def _stage_name(value: object) -> None:
    """A stage's name is a record path part and a machine state: refused when made, not later."""
    if not isinstance(value, str) or re.fullmatch(r"[a-z][a-z0-9_]{0,63}", value) is None:
        raise InvalidArgument(
            Text(
                f"阶段名 {repr(value)[:70]} 须为小写加下划线（如 look_back）",
                f"stage name {repr(value)[:70]} must be lower_snake_case (such as look_back)",
            )
        )
    if value.startswith("model_") or value in _RESERVED:  # its section's field name
        raise InvalidArgument(
            Text(
                f"阶段名 {value!r} 与记录模型的属性重名，请换一个名字",
                f"stage name {value!r} is taken by the record model (pydantic); choose another",
            )
        )


def _records(value: Iterable[type[Record]]) -> tuple[type[Record], ...]:
    return _tuple(value, "items")


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    return _tuple(value, "rules")


def _gate_map(
    value: Mapping[str, Iterable[str] | str] | Iterable[tuple[str, Iterable[str] | str]],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    items = value.items() if isinstance(value, Mapping) else _tuple(value, "gates")
    try:
        return tuple((k, _names(ids)) for k, ids in items)
    except (TypeError, ValueError):
        raise InvalidArgument(
            Text("gates 须为 触发器 -> 规则编号 的映射", "gates must map triggers to rule IDs")
        ) from None


def _pairs(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    try:
        return tuple(value.items() if isinstance(value, Mapping) else dict(value).items())
    except (TypeError, ValueError):
        raise InvalidArgument(
            Text("settings 须为映射", f"settings must be a mapping, not {type(value).__name__}")
        ) from None


@attrs.frozen(slots=True)
class Stage:
    """A lifecycle stage and the record sections it owns.

    A stage owns ``sections`` (record paths such as ``"review"`` or ``"roster"``): they can be
    recorded while the meeting is in this stage or an earlier one, and are sealed once it is
    left. A host's stage may carry its own typed ``section`` (a
    ``Record`` whose fields all have defaults); it lives at
    ``extensions.<name>`` and is owned by the stage. ``optional`` stages can be removed.
    ``items`` are the host's record types recorded into this stage (by name, for
    ``item_from_dict``).
    """

    name: str = attrs.field(validator=lambda _, __, v: _stage_name(v))
    title: Text = attrs.field(converter=_title)
    sections: tuple[str, ...] = attrs.field(default=(), converter=_names)
    section: type[Record] | None = attrs.field(default=None, eq=False)
    optional: bool = False
    items: tuple[type[Record], ...] = attrs.field(default=(), eq=False, converter=_records)

    @property
    def section_path(self) -> str | None:
        """Where the stage's own section lives, if it has one."""
        return f"extensions.{self.name}" if self.section is not None else None

    @property
    def owned(self) -> tuple[str, ...]:
        """Every path the stage owns, its own section included."""
        own = self.section_path
        return (*self.sections, own) if own is not None else self.sections


@attrs.frozen(slots=True)
class Transition:
    """A trigger: the stages it fires from, where it leads, who may fire it, and what gates it.

    Besides the rules gating by their stage (exit and entry rules), ``gates`` names more rules
    whose repairable error findings block it, and ``strict_gates`` names rules whose error
    findings block it even when they can no longer be repaired (the way out is a redo). A redo
    transition has several destinations (the caller picks one with ``return_to``), needs a
    reason, and is never gated.
    """

    trigger: str
    sources: tuple[str, ...] = attrs.field(converter=_names)
    dests: tuple[str, ...] = attrs.field(converter=_names)
    authorized: frozenset[str] = attrs.field(converter=_authorities)
    title: Text = attrs.field(converter=_title)
    redo: bool = False
    gates: tuple[str, ...] = attrs.field(default=(), converter=_names)
    strict_gates: tuple[str, ...] = attrs.field(default=(), converter=_names)

    @property
    def dest(self) -> str:
        """The (first) destination."""
        return self.dests[0]


@attrs.frozen(slots=True)
class Track:
    """A parallel track: a section and rules attached to existing stages (e.g. the appraisal).

    The section lives at ``extensions.<name>``, is owned by ``owner`` (sealed when that stage
    is left), and ``rules`` are evaluated from their own stages. ``gates`` maps triggers to
    rule IDs of the track that gate them; ``settings`` changes the flow's settings (merged).
    """

    name: str
    title: Text = attrs.field(converter=_title)
    section: type[Record] = attrs.field(eq=False)
    owner: str
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rules)
    gates: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(default=(), converter=_gate_map)
    settings: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=_pairs)
    items: tuple[type[Record], ...] = attrs.field(default=(), eq=False, converter=_records)

    @property
    def section_path(self) -> str:
        """Where the track's section lives."""
        return f"extensions.{self.name}"


def check_name(kind: str, name: object) -> str:
    """A lower_snake_case name, or ``InvalidArgument``."""
    import re  # noqa: PLC0415 - tiny, only for definitions

    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]{0,63}", name):
        raise InvalidArgument(
            Text(
                f"{kind}名称 {name!r} 须为小写标识符",
                f"{kind} name {name!r} must be lower_snake_case",
            )
        )
    return name
