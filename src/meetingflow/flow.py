"""Flows: a compiled, immutable lifecycle definition shared by every meeting and thread.

One ``transitions.Machine`` is built per flow, never per meeting: firing moves a throw-away
carrier object through the shared machine, so a meeting costs no machine memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

import attrs
from transitions import Machine, State

from meetingflow._i18n import Text
from meetingflow.errors import (
    FlowDefinitionError,
    InvalidArgument,
    InvalidRecord,
    InvalidTransition,
    NotPermitted,
    TransitionBlocked,
)
from meetingflow.history import chain, verify_history
from meetingflow.records import Event, FindingsSummary, Meeting, RedoneSession, RedoOrder, Seal
from meetingflow.records._canonical import digest, resolve
from meetingflow.records.people import Role
from meetingflow.records.session import Critique, Review
from meetingflow.report import Report
from meetingflow.rules._core import Finding, Outcome, Rule, RuleContext, Severity, run_rule
from meetingflow.rules.pack import RulePack
from meetingflow.rules.settings import RuleSettings


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
    """A lifecycle stage and the record sections sealed when it is left."""

    name: str
    title: Text
    seals: tuple[str, ...] = ()


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


@attrs.frozen(slots=True)
class TriggerOption:
    """Whether one trigger can be fired now by this actor, and if not, why not."""

    trigger: str
    targets: tuple[str, ...]
    ok: bool
    why_not: tuple[Text, ...] = ()
    blocking: tuple[Finding, ...] = ()


@attrs.frozen(slots=True)
class Options:
    """The answer of :meth:`Flow.allowed`: every trigger of the flow, possible or not."""

    stage: str
    actor: str
    roles: frozenset[str]
    options: tuple[TriggerOption, ...]

    @property
    def allowed(self) -> tuple[str, ...]:
        """The triggers the actor may fire right now."""
        return tuple(o.trigger for o in self.options if o.ok)

    def __contains__(self, trigger: object) -> bool:
        return trigger in self.allowed

    def __iter__(self) -> Iterator[TriggerOption]:
        return iter(self.options)

    def __getitem__(self, trigger: str) -> TriggerOption:
        for o in self.options:
            if o.trigger == trigger:
                return o
        raise KeyError(f"the flow has no trigger {trigger!r}")


class _QuietState(State):
    """Stages carry no callbacks; skipping them keeps transitions' INFO logging off the hot path."""

    def enter(self, event_data: Any) -> None:
        return None

    def exit(self, event_data: Any) -> None:
        return None


class _Machine(Machine):
    state_cls = _QuietState


class _Carrier:
    """Stands in for a meeting inside the shared machine; never added with ``add_model``."""

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state


@attrs.frozen(slots=True)
class _ReturnTo:
    stage: str

    def __call__(self, event_data: Any) -> bool:
        return bool(event_data.kwargs.get("return_to") == self.stage)


def _aware(at: object, name: str = "at") -> datetime:
    if not isinstance(at, datetime):
        raise InvalidArgument(
            f"{name} must be a timezone-aware datetime given by the host, got {type(at).__name__}"
        )
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidArgument(
            f"{name}={at.isoformat()} is naive; pass a timezone-aware datetime"
            " (e.g. datetime(..., tzinfo=ZoneInfo('Asia/Shanghai')))"
        )
    return at


@attrs.frozen(slots=True, eq=False)
class Flow:
    """A compiled lifecycle: stages, transitions, gate rules, settings and permissions.

    Build it once (:func:`meetingflow.default_flow` or :meth:`build`) and share it: it is
    immutable, thread-safe and picklable. Every operation takes a meeting and returns a
    new value; the meeting passed in is never changed.
    """

    name: str
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]
    pack: RulePack
    settings: RuleSettings
    rules: tuple[Rule, ...] = attrs.field(init=False)
    _stage_index: Mapping[str, int] = attrs.field(init=False, repr=False)
    _by_trigger: Mapping[str, Transition] = attrs.field(init=False, repr=False)
    _machine: Machine = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        rules, pack_problems = self.pack.resolve()
        problems = [*pack_problems, *_definition_problems(self.stages, self.transitions, rules)]
        if problems:
            raise FlowDefinitionError(problems)
        index = {s.name: i for i, s in enumerate(self.stages)}
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "_stage_index", index)
        object.__setattr__(self, "_by_trigger", {t.trigger: t for t in self.transitions})
        machine = _Machine(
            model=None,
            states=[s.name for s in self.stages],
            initial=self.stages[0].name,
            auto_transitions=False,
            send_event=True,
            name=f"meetingflow[{self.name}]",
        )
        for t in self.transitions:
            for dest in t.dests:
                conditions: list[str | Callable[..., bool | None]] = (
                    [_ReturnTo(dest)] if len(t.dests) > 1 else []
                )
                machine.add_transition(t.trigger, list(t.sources), dest, conditions=conditions)
        object.__setattr__(self, "_machine", machine)

    @classmethod
    def build(
        cls,
        *,
        name: str,
        stages: Iterable[Stage],
        transitions: Iterable[Transition],
        pack: RulePack,
        settings: RuleSettings | Mapping[str, Any] | None = None,
    ) -> Flow:
        """Build and validate a flow; every problem is reported at once."""
        return cls(
            name=name,
            stages=tuple(stages),
            transitions=tuple(transitions),
            pack=pack,
            settings=_settings(settings),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.name, self.stages, self.transitions, self.pack, self.settings))

    # --- introspection ---------------------------------------------------------------

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

    def transition(self, trigger: str) -> Transition:
        """The transition of ``trigger``; :class:`InvalidTransition` if unknown."""
        try:
            return self._by_trigger[trigger]
        except KeyError:
            raise InvalidTransition(trigger, "?", self.triggers) from None

    def gates(self, transition: Transition, dest: str | None = None) -> tuple[Rule, ...]:
        """The rules whose error findings block ``transition`` (to ``dest``)."""
        if transition.redo:
            return ()
        target = dest or transition.dest
        return tuple(
            r
            for r in self.rules
            if r.severity is Severity.ERROR
            and (
                (r.gate == "exit" and r.stage in transition.sources)
                or (r.gate == "entry" and r.stage == target)
            )
        )

    def roles_of(self, meeting: Meeting, actor: str) -> frozenset[str]:
        """The roles ``actor`` holds in ``meeting`` (see :class:`ActorRole`)."""
        roles: set[str] = set()
        for m in meeting.roster:
            if m.id == actor and Role.SECRETARY in m.roles:
                roles.add(ActorRole.SECRETARY.value)
        session = meeting.review.session
        if session is not None and session.chair_id == actor:
            roles.add(ActorRole.CHAIR.value)
        if meeting.supervisor(actor) is not None:
            roles.add(ActorRole.SUPERVISOR.value)
        return frozenset(roles)

    # --- operations --------------------------------------------------------------------

    def check(self, meeting: Meeting, *, at: datetime, trigger: str | None = None) -> Report:
        """What the rules say about ``meeting`` at ``at``, and what blocks ``trigger``.

        Without ``trigger`` the report is judged for the next forward transition from the
        current stage (none in the last stage).
        """
        at = _aware(at)
        self._known_stage(meeting)
        transition = self.transition(trigger) if trigger else self._next(meeting.stage)
        target = transition.dest if transition is not None else None
        outcomes, pending = self._evaluate(meeting, at, {target} if target else set())
        return self._report(meeting, at, outcomes, pending, transition, target)

    def allowed(self, meeting: Meeting, *, actor: str, at: datetime) -> Options:
        """Every trigger of the flow: can ``actor`` fire it now, and if not, why not."""
        at = _aware(at)
        self._known_stage(meeting)
        roles = self.roles_of(meeting, actor)
        here = [t for t in self.transitions if meeting.stage in t.sources]
        targets = {d for t in here if not t.redo for d in t.dests}
        outcomes, pending = self._evaluate(meeting, at, targets)
        options = []
        for t in self.transitions:
            why: list[Text] = []
            blocking: tuple[Finding, ...] = ()
            if meeting.stage not in t.sources:
                why.append(
                    Text(
                        f"当前阶段「{meeting.stage}」不能执行「{t.trigger}」"
                        f"（可执行阶段：{'、'.join(t.sources)}）。",
                        f"{t.trigger!r} cannot be fired in stage {meeting.stage!r}"
                        f" (only in {', '.join(t.sources)}).",
                    )
                )
            if not roles & t.roles:
                why.append(
                    Text(
                        f"{actor} 不具备执行「{t.trigger}」所需的角色（{'、'.join(sorted(t.roles))}）。",
                        f"{actor} lacks a role needed for {t.trigger!r}"
                        f" ({', '.join(sorted(t.roles))}).",
                    )
                )
            if not why and not t.redo:
                report = self._report(meeting, at, outcomes, pending, t, t.dest)
                blocking = report.blocking
                if blocking:
                    ids = ", ".join(sorted({f.rule_id for f in blocking}))
                    why.append(Text(f"被规则 {ids} 阻止。", f"blocked by rule(s) {ids}."))
            options.append(TriggerOption(t.trigger, t.dests, not why, tuple(why), blocking))
        return Options(meeting.stage, actor, roles, tuple(options))

    def fire(
        self,
        meeting: Meeting,
        trigger: str,
        *,
        actor: str,
        at: datetime,
        reason: str | None = None,
        return_to: str | None = None,
    ) -> Meeting:
        """Fire ``trigger``: a NEW meeting with the stage changed, ``version + 1`` and one event.

        Raises :class:`InvalidTransition`, :class:`NotPermitted`, :class:`InvalidArgument` or
        :class:`TransitionBlocked` (with the report) and then changes nothing.
        """
        at = _aware(at)
        self._known_stage(meeting)
        transition = self._by_trigger.get(trigger)
        if transition is None or meeting.stage not in transition.sources:
            possible = [t.trigger for t in self.transitions if meeting.stage in t.sources]
            raise InvalidTransition(trigger, meeting.stage, possible)
        roles = self.roles_of(meeting, actor)
        if not roles & transition.roles:
            raise NotPermitted(actor, trigger, transition.roles, roles)
        if transition.redo:
            if not reason or not reason.strip():
                raise InvalidArgument(f"{trigger!r} needs a reason (why the session is redone)")
            if return_to is None and len(transition.dests) == 1:
                return_to = transition.dest
            if return_to not in transition.dests:
                raise InvalidArgument(
                    f"{trigger!r} needs return_to, one of: {', '.join(transition.dests)}"
                    f" (got {return_to!r})"
                )
        elif return_to is not None:
            raise InvalidArgument(f"return_to applies only to redo triggers, not {trigger!r}")
        dest = return_to if transition.redo else transition.dest
        assert dest is not None
        outcomes, pending = self._evaluate(meeting, at, {dest})
        report = self._report(meeting, at, outcomes, pending, transition, dest)
        if report.blocking:
            raise TransitionBlocked(trigger, report)

        carrier = _Carrier(meeting.stage)
        if not self._machine.events[trigger].trigger(carrier, return_to=return_to):
            raise InvalidTransition(trigger, meeting.stage, ())  # pragma: no cover
        dest = carrier.state

        update: dict[str, Any] = {}
        seals: list[Seal] = []
        reopened: tuple[str, ...] = ()
        if transition.redo:
            order = RedoOrder(by_id=actor, on=at.date(), reason=reason, return_to=dest)
            archived = RedoneSession(order=order, review=meeting.review, critique=meeting.critique)
            update["redone_sessions"] = (*meeting.redone_sessions, archived)
            update["review"] = Review()
            update["critique"] = Critique()
            path = f"redone_sessions[{len(meeting.redone_sessions)}]"
            seals.append(Seal(path=path, digest=digest(archived)))
            first = self._stage_index[dest]
            reopened = tuple(p for s in self.stages[first:] for p in s.seals)
        else:
            for path in self.stages[self._stage_index[meeting.stage]].seals:
                seals.append(Seal(path=path, digest=digest(resolve(meeting, path))))
        previous = meeting.history[-1] if meeting.history else None
        event = Event(
            seq=len(meeting.history),
            trigger=trigger,
            source=meeting.stage,
            target=dest,
            actor=actor,
            at=at,
            reason=reason,
            findings=FindingsSummary(
                errors=len(report.errors),
                warnings=len(report.warnings),
                rule_ids=tuple(sorted({f.rule_id for f in report.findings})),
            ),
            seals=tuple(seals),
            reopened=reopened,
            digest="0" * 64,
        )
        update["history"] = (*meeting.history, chain(event, previous))
        update["stage"] = dest
        update["version"] = meeting.version + 1
        return meeting.model_copy(update=update)

    def verify_history(self, meeting: Meeting) -> None:
        """:func:`meetingflow.verify_history` with this flow's initial stage."""
        verify_history(meeting, initial_stage=self.initial)

    # --- internals ---------------------------------------------------------------------

    def _known_stage(self, meeting: Meeting) -> None:
        if not isinstance(meeting, Meeting):
            raise InvalidArgument(f"expected a meetingflow.Meeting, got {type(meeting).__name__}")
        if meeting.stage not in self._stage_index:
            raise InvalidArgument(
                f"meeting {meeting.id!r} is in stage {meeting.stage!r}, which flow"
                f" {self.name!r} does not have (stages: {', '.join(self.stage_names)})"
            )

    def _next(self, stage: str) -> Transition | None:
        return next((t for t in self.transitions if stage in t.sources and not t.redo), None)

    def _evaluate(
        self, meeting: Meeting, at: datetime, entry_targets: set[str]
    ) -> tuple[list[Outcome], list[str]]:
        here = self._stage_index[meeting.stage]
        members = {m.id: m for m in meeting.roster}
        outcomes: list[Outcome] = []
        pending: list[str] = []
        for r in self.rules:
            reached = self._stage_index[r.stage] <= here
            if reached or (r.gate == "entry" and r.stage in entry_targets):
                ctx = RuleContext(rule=r, settings=self.settings, at=at, members=members)
                outcomes.append(run_rule(r, meeting, ctx))
            else:
                pending.append(r.id)
        return outcomes, pending

    def _report(
        self,
        meeting: Meeting,
        at: datetime,
        outcomes: list[Outcome],
        pending: list[str],
        transition: Transition | None,
        target: str | None,
    ) -> Report:
        gate_ids = (
            {r.id for r in self.gates(transition, target)} if transition is not None else set()
        )
        findings: list[Finding] = []
        not_applicable: list[str] = []
        for o in outcomes:
            if not o.applicable:
                not_applicable.append(o.rule.id)
                continue
            gating = o.rule.id in gate_ids
            for f in o.findings:
                blocks = gating and f.repairable and f.severity is Severity.ERROR
                findings.append(attrs.evolve(f, blocks=blocks) if blocks else f)
        return Report(
            meeting_id=meeting.id,
            stage=meeting.stage,
            at=at,
            trigger=transition.trigger if transition is not None else None,
            target=target,
            findings=tuple(findings),
            not_applicable=tuple(not_applicable),
            pending=tuple(pending),
        )


def _rebuild(
    name: str,
    stages: tuple[Stage, ...],
    transitions: tuple[Transition, ...],
    pack: RulePack,
    settings: RuleSettings,
) -> Flow:
    return Flow(name=name, stages=stages, transitions=transitions, pack=pack, settings=settings)


def _settings(value: RuleSettings | Mapping[str, Any] | None) -> RuleSettings:
    if value is None:
        return RuleSettings()
    if isinstance(value, RuleSettings):
        return value
    try:
        return RuleSettings.model_validate(dict(value))
    except InvalidRecord as error:
        raise FlowDefinitionError(f"settings.{e}" for e in error.entries) from None


def _definition_problems(
    stages: tuple[Stage, ...], transitions: tuple[Transition, ...], rules: tuple[Rule, ...]
) -> Iterator[str]:
    names = [s.name for s in stages]
    if not names:
        yield "a flow needs at least one stage"
        return
    for dup in sorted({n for n in names if names.count(n) > 1}):
        yield f"stage name {dup!r} is used twice"
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


def check_date(at: datetime) -> date:
    """The calendar date rules use for ``at``."""
    return _aware(at).date()
