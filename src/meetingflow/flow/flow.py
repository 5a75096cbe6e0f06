"""``Flow``: a compiled, immutable lifecycle shared by every meeting and thread.

The class keeps short methods: operations live in ``meetingflow.flow.evaluation`` and ``meetingflow.flow.operations``,
definition changes in ``meetingflow.flow.derive``, checks and tables in
``meetingflow.flow.compile``, the ``transitions`` machine in ``meetingflow.flow.machine``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs
from transitions import Machine

from meetingflow.errors import (
    FlowDefinitionError,
    InvalidArgument,
    UnknownTrigger,
)
from meetingflow.flow import evaluation, operations, storage
from meetingflow.flow.checks import check_own, listed, placement_problems
from meetingflow.flow.compile import (
    Compiled,
    check_transitions,
    compile_flow,
    owner_of,
    writable,
)
from meetingflow.flow.definition import Stage, Track, Transition
from meetingflow.flow.deriving import Derivations
from meetingflow.flow.items import (
    item_from_dict,
    item_to_dict,
    items_from_dicts,
    registry,
    section_of,
    with_section,
)
from meetingflow.flow.machine import Carrier, build_machine
from meetingflow.flow.models import default_settings, meeting_model
from meetingflow.i18n import Text
from meetingflow.integrity import verify_history
from meetingflow.integrity.chain import ANY_HEAD, AnyHead, valid_meeting
from meetingflow.records.terms import Authority
from meetingflow.report import Report
from meetingflow.rules.pack import RulePack
from meetingflow.rules.rule import Rule

if TYPE_CHECKING:
    from meetingflow.flow.evaluation import AllowedTriggers
    from meetingflow.records import Meeting, Record
    from meetingflow.rules.settings import RuleSettings

__all__ = ["Flow"]


@attrs.frozen(slots=True, eq=False, repr=False)
class Flow(Derivations):
    """A compiled lifecycle: stages, transitions, gate rules, settings and authorities.

    Build it once (``meetingflow.default_flow`` or ``build``) and share it: it is
    immutable, thread-safe and picklable. Every operation takes a meeting and returns a new
    value; the meeting passed in is never changed.
    """

    name: str
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]
    pack: RulePack
    tracks: tuple[Track, ...] = ()
    settings_input: RuleSettings | Mapping[str, Any] | None = attrs.field(default=None, repr=False)
    key: bytes | None = attrs.field(default=None, repr=False)
    items: tuple[type[Record], ...] = attrs.field(default=(), repr=False)
    _compiled: Compiled = attrs.field(init=False, repr=False)
    _machine: Machine = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.key is not None and (not isinstance(self.key, bytes) or len(self.key) < 16):
            raise InvalidArgument(
                Text("密钥须为至少 16 字节的 bytes", "the key must be bytes, at least 16 of them")
            )
        check_own(self.name, self.items, self.stages, self.tracks)
        compiled = compile_flow(
            stages=tuple(self.stages),
            transitions=tuple(self.transitions),
            pack=self.pack,
            tracks=tuple(self.tracks),
            settings=self.settings_input,
        )
        object.__setattr__(self, "_compiled", compiled)
        hosts = [  # the library's own types are tested; a host's are checked here, once
            c
            for c in (
                *self.items,
                *(c for s in self.stages for c in s.items),
                *(c for t in self.tracks for c in t.items),
            )
            if not c.__module__.startswith("meetingflow.")
        ]
        problems = [m for c in hosts for m in placement_problems(c, self.meeting_type)]
        if problems:
            raise FlowDefinitionError(problems)

        def conditions(t: Transition, dest: str) -> list[Any]:
            conds: list[Any] = [operations.Authorized(t)]
            if t.redo:
                conds.append(operations.ReturnsTo(dest))
            else:
                conds.append(operations.Gated(self, t))
            return conds

        machine = build_machine(
            self.name,
            tuple(s.name for s in self.stages),
            tuple(self.transitions),
            conditions,
            lambda t, dest: operations.Apply(self, t),
        )
        object.__setattr__(self, "_machine", machine)

    @classmethod
    def build(
        cls,
        *,
        name: str,
        stages: Iterable[Stage],
        transitions: Iterable[Transition],
        pack: RulePack,
        tracks: Iterable[Track] = (),
        settings: RuleSettings | Mapping[str, Any] | None = None,
        key: bytes | None = None,
        items: Iterable[type[Record]] = (),
    ) -> Flow:
        """Build and validate a flow; every problem is reported at once (``FlowDefinitionError``)."""
        return cls(
            name=name,
            stages=listed(stages, "stages"),
            transitions=listed(transitions, "transitions"),
            pack=pack,
            tracks=listed(tracks, "tracks"),
            settings_input=settings,
            key=key,
            items=listed(items, "items"),
        )

    def __repr__(self) -> str:
        return f"Flow({self.name!r}, stages={list(self.stage_names)}, rules={len(self.rules)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._fields(),))

    def _fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "stages": self.stages,
            "transitions": self.transitions,
            "pack": self.pack,
            "tracks": self.tracks,
            "settings_input": self.settings_input,
            "key": self.key,
            "items": self.items,
        }

    def _derive(self, **changes: Any) -> Flow:
        return Flow(**{**self._fields(), **changes})

    # --- introspection -------------------------------------------------------------------------

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every active rule, the tracks' included, in evaluation order."""
        return self._compiled.rules

    @property
    def settings(self) -> RuleSettings:
        """The built-in rules' settings (validated)."""
        found = self._compiled.settings
        return found if found is not None else default_settings()

    def settings_of(self, namespace: str) -> Record:
        """The typed settings a pack declared under ``namespace``."""
        try:
            return self._compiled.pack_settings[namespace]
        except KeyError:
            raise InvalidArgument(
                Text(f"没有名为 {namespace!r} 的设置", f"no settings namespace {namespace!r}")
            ) from None

    @property
    def stage_names(self) -> tuple[str, ...]:
        """Stage names in lifecycle order."""
        return tuple(s.name for s in self.stages)

    @property
    def triggers(self) -> tuple[str, ...]:
        """Trigger names."""
        return tuple(t.trigger for t in self.transitions)

    @property
    def initial(self) -> str:
        """The stage a new meeting is in."""
        return self.stages[0].name

    def stage(self, name: str) -> Stage:
        """The stage called ``name``."""
        for s in self.stages:
            if s.name == name:
                return s
        raise InvalidArgument(
            Text(f"流程中没有阶段 {name!r}", f"flow {self.name} has no stage {name!r}")
        )

    @functools.cached_property
    def stage_titles(self) -> Mapping[str, Text]:
        """Every stage's title, by name."""
        return {s.name: s.title for s in self.stages}

    @functools.cached_property
    def titles(self) -> Mapping[str, Text]:
        """Every stage's and trigger's title, by name (for messages)."""
        return {**{t.trigger: t.title for t in self.transitions}, **self.stage_titles}

    def stage_title(self, name: str) -> Text:
        """A stage's title (the name itself for an unknown stage)."""
        return next((s.title for s in self.stages if s.name == name), Text(name, name))

    @staticmethod
    def authority_title(name: str) -> Text:
        """An authority's label."""
        try:
            return Authority(name).label
        except ValueError:
            return Text(name, name)

    def transition(self, trigger: str) -> Transition:
        """The transition of ``trigger``; ``UnknownTrigger`` otherwise."""
        found = self._compiled.by_trigger.get(trigger) if isinstance(trigger, str) else None
        if found is None:
            raise UnknownTrigger(trigger, self.name, self.triggers)
        return found

    def gate_rules(self, trigger: str, source: str | None = None) -> tuple[tuple[Rule, bool], ...]:
        """The rules gating ``trigger`` from ``source`` (default: its first source), with ``strict``."""
        t = self.transition(trigger)
        entries = self._compiled.gates.get((t.trigger, source or t.sources[0]), ())
        by_id = {r.id: r for r in self.rules}
        return tuple((by_id[g.rule_id], g.strict) for g in entries)

    def owner_of(self, path: str) -> str | None:
        """The stage that owns ``path`` (whose leaving seals it), if any."""
        return owner_of(self._compiled, path)

    def writable(self, meeting_stage: str, path: str) -> bool:
        """Whether ``path`` can still be recorded in ``meeting_stage``."""
        return writable(self._compiled, meeting_stage, path)

    @functools.cached_property
    def meeting_type(self) -> type[Meeting]:
        """The record model of this flow: ``Meeting``, extended with its stages' and tracks' sections."""
        return meeting_model(self._compiled.sections)

    @functools.cached_property
    def item_types(self) -> Mapping[str, type[Record]]:
        """Every record type this flow records, by name (``leave_request`` -> ``LeaveRequest``)."""
        extra = [
            *self.items,
            *(c for s in self.stages for c in s.items),
            *(c for t in self.tracks for c in t.items),
        ]
        return registry(extra)

    def item_from_dict(self, data: Mapping[str, Any], *, path: str = "") -> Record:
        """``{"type": "leave_request", ...}`` as a validated record of that type.

        Problems are reported under ``path`` (e.g. ``items[2]``: where the host's request had it).
        """
        return item_from_dict(self.item_types, data, path=path)

    def items_from_dicts(
        self, data: Iterable[Mapping[str, Any]], *, path: str = "items"
    ) -> tuple[Record, ...]:
        """A request's list of items; one ``InvalidRecord`` names every bad one (``items[1].on``)."""
        return items_from_dicts(self.item_types, data, path=path)

    def item_to_dict(self, record: Record) -> dict[str, Any]:
        """JSON-ready data with the record's ``type``: what ``item_from_dict`` reads back."""
        if type(record) not in self.item_types.values():
            raise InvalidArgument(
                Text(
                    f"本流程不记录 {type(record).__name__}",
                    f"flow {self.name} does not record {type(record).__name__}; see"
                    " Flow.item_types",
                )
            )
        return item_to_dict(record)

    # --- operations -------------------------------------------------------------------------------

    def check(self, meeting: Meeting, *, at: datetime, trigger: str | None = None) -> Report:
        """What the rules say about ``meeting`` at ``at``.

        Without ``trigger`` the rules in force in the current stage are evaluated and the report
        marks what would block the next forward transition; with ``trigger`` that
        transition's own gate rules are evaluated too.
        """
        return evaluation.check(self, meeting, at=at, trigger=trigger)

    def allowed(self, meeting: Meeting, *, actor: str | Record, at: datetime) -> AllowedTriggers:
        """Every trigger of the flow: can ``actor`` fire it now, and if not, why not."""
        return evaluation.allowed(self, meeting, actor=actor, at=at)

    def fire(
        self,
        meeting: Meeting,
        trigger: str,
        *,
        actor: str | Record,
        at: datetime,
        reason: str | None = None,
        return_to: str | None = None,
        new_date: date | None = None,
        notified: Iterable[str] = (),
        expected_version: int | None = None,
        expected_head: str | None = None,
    ) -> Meeting:
        """Fire ``trigger``: a NEW meeting with the stage changed and one event appended.

        The history is verified first; a redo (``order_redo``) needs ``reason`` and may name
        ``return_to``, ``new_date`` and the members ``notified``. Raises
        ``UnknownTrigger``, ``InvalidTransition``, ``NotPermitted``,
        ``TransitionBlocked`` (with the report), ``HistoryTampered``, ``VersionConflict`` or
        ``InvalidArgument``, and then nothing has changed.
        """
        return operations.fire(
            self,
            meeting,
            trigger,
            actor=actor,
            at=at,
            reason=reason,
            return_to=return_to,
            new_date=new_date,
            notified=notified,
            expected_version=expected_version,
            expected_head=expected_head,
        )

    def record(
        self,
        meeting: Meeting,
        *items: Record,
        actor: str | Record,
        at: datetime,
        expected_version: int | None = None,
        expected_head: str | None = None,
    ) -> Meeting:
        """Record what happened: a NEW meeting with the items placed and one event appended.

        Each item goes where its type says (``record_into``): singletons replace, items with
        an identity replace the one with the same identity, others are appended. The actor
        must hold an authority the type allows; sealed sections raise ``SectionSealed``.
        """
        return operations.record(
            self,
            meeting,
            items,
            actor=actor,
            at=at,
            expected_version=expected_version,
            expected_head=expected_head,
        )

    def verify(
        self,
        meeting: Meeting,
        *,
        anchor: str | None = None,
        expected_head: str | AnyHead | None = ANY_HEAD,
    ) -> None:
        """``verify_history`` with this flow's initial stage, triggers and key.

        Pass ``expected_head`` (the head stored with the record at its last write; ``None`` for
        a meeting stored without history) to refuse a history that was extended or cut since; ``anchor`` (a head published earlier, e.g.
        reported upward) only needs to be somewhere in the history.
        """
        meeting = valid_meeting(meeting, self.meeting_type)
        verify_history(
            meeting,
            anchor=anchor,
            expected_head=expected_head,
            key=self.key,
            initial_stage=self.initial,
        )
        check_transitions(self._compiled, meeting)

    def load(
        self, raw: str | bytes, *, expected_head: str | None, anchor: str | None = None
    ) -> Meeting:
        """A stored record, parsed and verified: what a host calls when it reads its database.

        ``expected_head`` is the head the host stored beside the record (``None`` for a meeting
        without history); anything else raises ``HistoryTampered`` or ``InvalidRecord``.
        """
        return storage.load(self, raw, expected_head=expected_head, anchor=anchor)

    def adopt(self, meeting: Meeting) -> Meeting:
        """``meeting`` as this flow's ``meeting_type``, validated unless meetingflow did."""
        meeting = valid_meeting(meeting, self.meeting_type)
        if meeting.stage not in self._compiled.stage_index:
            raise InvalidArgument(
                Text(
                    f"会议 {meeting.id} 处于阶段 {meeting.stage!r}，本流程没有该阶段",
                    f"meeting {meeting.id!r} is in stage {meeting.stage!r}, which flow {self.name!r} does"
                    f" not have (stages: {', '.join(self.stage_names)})",
                )
            )
        return meeting

    def parse(self, raw: str | bytes) -> Meeting:
        """Parse JSON into this flow's ``meeting_type`` (custom sections included)."""
        if not isinstance(raw, str | bytes | bytearray):
            raise InvalidArgument(
                Text("需要 JSON 文本", f"expected JSON text, got {type(raw).__name__}")
            )
        return self.meeting_type.model_validate_json(raw)

    def migrate(self, raw: str | bytes) -> Meeting:
        """A record written by an earlier schema, upgraded (and signed, with a key).

        See ``meetingflow.flow.storage.migrate``: run it once, when you upgrade, on records
        you trust; a current record is refused (use ``load``).
        """
        return storage.migrate(self, raw)

    def _carrier(self, meeting: Meeting, params: dict[str, Any]) -> Carrier:
        return Carrier(meeting, params)

    def _section(self, meeting: Meeting, section: str) -> Record:
        return section_of(meeting, section, dict(self._compiled.sections))

    def _set_section(
        self, meeting: Meeting, section: str, holder: Record, changes: dict[str, Any]
    ) -> Meeting:
        return with_section(meeting, section, holder, changes)


def _rebuild(fields: dict[str, Any]) -> Flow:
    return Flow(**fields)
