"""Flow definitions: stages, transitions, actor roles, and the checks a definition must pass.

Values only; :class:`meetingflow.Flow` compiles them into one shared state machine.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from enum import Enum
from typing import Any

import attrs
import pydantic

from meetingflow._i18n import Text
from meetingflow.errors import FlowDefinitionError, InvalidRecord
from meetingflow.records import Extensions, Meeting, Record
from meetingflow.rules._core import Rule
from meetingflow.rules.settings import RuleSettings

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class ActorRole(str, Enum):
    """Roles that permit firing triggers; derived from the record, not claimed by the caller."""

    SECRETARY = "secretary"
    """The branch secretary on the roster."""
    CHAIR = "chair"
    """The chair of the current session (``review.session.chair_id``)."""
    SUPERVISOR = "supervisor"
    """A supervisor of the superior organization (``meeting.supervisors``)."""


@attrs.frozen(slots=True)
class Stage:
    """A lifecycle stage and the record sections sealed when it is left.

    A host-defined stage may carry its own typed ``section`` (a :class:`~meetingflow.Record`
    subclass whose fields all have defaults); it lives at ``extensions.<name>`` of the
    flow's :attr:`Flow.meeting_type` and is sealed when the stage is left. ``optional``
    stages may be removed from a flow with :meth:`Flow.remove_stage`.
    """

    name: str
    title: Text
    seals: tuple[str, ...] = ()
    section: type[Record] | None = attrs.field(default=None, eq=False)
    optional: bool = False

    @property
    def section_path(self) -> str | None:
        """Where the stage's own section lives in a meeting, if it has one."""
        return f"extensions.{self.name}" if self.section is not None else None

    @property
    def sealed_paths(self) -> tuple[str, ...]:
        """Every path sealed when the stage is left (its own section included)."""
        own = self.section_path
        return (*self.seals, own) if own is not None and own not in self.seals else self.seals


@attrs.frozen(slots=True)
class Transition:
    """A trigger, the stages it may fire from, where it leads, and who may fire it.

    A redo transition has several possible destinations; the caller picks one with
    ``return_to`` and must give a ``reason``. Redo is the superior's privilege and is not
    gated by rules.
    """

    trigger: str
    sources: tuple[str, ...]
    dests: tuple[str, ...]
    roles: frozenset[str]
    title: Text
    redo: bool = False

    @property
    def dest(self) -> str:
        """The (first) destination."""
        return self.dests[0]


def meeting_type_for(flow_name: str, stages: tuple[Stage, ...]) -> type[Meeting]:
    sections = tuple((s.name, s.section) for s in stages if s.section is not None)
    return _meeting_model(sections) if sections else Meeting


@functools.lru_cache(maxsize=64)
def _meeting_model(pairs: tuple[tuple[str, type[Record]], ...]) -> type[Meeting]:
    """One record model per set of custom sections, so flows built alike share it."""
    sections = dict(pairs)
    fields: dict[str, Any] = {name: (cls, cls()) for name, cls in sections.items()}
    extensions = pydantic.create_model(
        "Extensions", __base__=Extensions, __module__=Meeting.__module__, **fields
    )
    model: type[Meeting] = pydantic.create_model(
        "Meeting",
        __base__=Meeting,
        __module__=Meeting.__module__,
        extensions=(extensions, extensions()),
    )
    model.__doc__ = f"A meeting record with the custom sections: {', '.join(sections)}."
    return model


def coerce_settings(value: RuleSettings | Mapping[str, Any] | None) -> RuleSettings:
    if value is None:
        return RuleSettings()
    if isinstance(value, RuleSettings):
        return value
    try:
        return RuleSettings.model_validate(dict(value))
    except InvalidRecord as error:
        raise FlowDefinitionError(f"settings.{e}" for e in error.entries) from None


def definition_problems(
    stages: tuple[Stage, ...], transitions: tuple[Transition, ...], rules: tuple[Rule, ...]
) -> Iterator[str]:
    names = [s.name for s in stages]
    if not names:
        yield "a flow needs at least one stage"
        return
    for dup in sorted({n for n in names if names.count(n) > 1}):
        yield f"stage name {dup!r} is used twice"
    for st in stages:
        if not _NAME.match(st.name):
            yield f"stage name {st.name!r} must be lower_snake_case"
        if st.section is not None:
            if not (isinstance(st.section, type) and issubclass(st.section, Record)):
                yield f"the section of stage {st.name!r} must be a meetingflow Record subclass"
                continue
            required = [n for n, f in st.section.model_fields.items() if f.is_required()]
            if required:
                yield (
                    f"the section of stage {st.name!r} ({st.section.__name__}) needs a default"
                    f" for {', '.join(required)}: an absent section must be empty, not an error"
                )
    triggers = [t.trigger for t in transitions]
    for dup in sorted({n for n in triggers if triggers.count(n) > 1}):
        yield f"trigger name {dup!r} is used twice"
    known = set(names)
    for t in transitions:
        for s in (*t.sources, *t.dests):
            if s not in known:
                yield f"trigger {t.trigger!r} names unknown stage {s!r}"
        if not t.roles:
            yield f"trigger {t.trigger!r} has no role allowed to fire it"
        if not t.dests:
            yield f"trigger {t.trigger!r} leads nowhere"
    for r in rules:
        if r.stage not in known:
            yield f"rule {r.id} applies to unknown stage {r.stage!r}"
    edges = {(s, d) for t in transitions for s in t.sources for d in t.dests}
    reach = _closure({names[0]}, edges)
    for n in names:
        if n not in reach:
            yield f"stage {n!r} cannot be reached from {names[0]!r}"
    final = names[-1]
    back = _closure({final}, {(d, s) for s, d in edges})
    for n in names:
        if n not in back:
            yield f"stage {final!r} cannot be reached from stage {n!r}"


def _closure(start: set[str], edges: set[tuple[str, str]]) -> set[str]:
    seen = set(start)
    frontier = list(start)
    while frontier:
        node = frontier.pop()
        for a, b in edges:
            if a == node and b not in seen:
                seen.add(b)
                frontier.append(b)
    return seen
