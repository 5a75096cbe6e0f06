"""Flows: a compiled, immutable lifecycle definition shared by every meeting and thread.

One ``transitions.Machine`` is built per flow, never per meeting: firing moves a throw-away
carrier object through the shared machine, so a meeting costs no machine memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs
from transitions import Machine, State

from meetingflow._i18n import Text
from meetingflow.definition import (
    ActorRole,
    Stage,
    Transition,
    coerce_settings,
    definition_problems,
    meeting_type_for,
)
from meetingflow.errors import (
    FlowDefinitionError,
    InvalidArgument,
    InvalidTransition,
    NotPermitted,
    TransitionBlocked,
)
from meetingflow.history import chain, verify_history
from meetingflow.records import (
    Event,
    FindingsSummary,
    Meeting,
    Member,
    RedoneSession,
    RedoOrder,
    Seal,
    Supervisor,
)
from meetingflow.records._canonical import digest, resolve
from meetingflow.records.people import Role
from meetingflow.records.session import Critique, Review
from meetingflow.report import Report
from meetingflow.rules._core import Finding, Outcome, Rule, RuleContext, Severity, run_rule
from meetingflow.rules.pack import RulePack
from meetingflow.rules.settings import RuleSettings


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


def _actor_id(actor: object) -> str:
    """Accept a person id or anything with an ``id`` (a ``Member``, a ``Supervisor``)."""
    if isinstance(actor, str) and actor:
        return actor
    ident = getattr(actor, "id", None)
    if isinstance(ident, str) and ident:
        return ident
    raise InvalidArgument(f"actor must be a person id or a Member/Supervisor, got {actor!r}")


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
    meeting_type: type[Meeting] = attrs.field(init=False, repr=False)
    """The record model of this flow: ``Meeting``, extended with custom stages' sections."""

    def __attrs_post_init__(self) -> None:
        rules, pack_problems = self.pack.resolve()
        problems = [*pack_problems, *definition_problems(self.stages, self.transitions, rules)]
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
        object.__setattr__(self, "meeting_type", meeting_type_for(self.name, self.stages))

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
            settings=coerce_settings(settings),
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
            raise InvalidTransition(trigger, None, self.triggers, known=False) from None

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
        meeting = self.adopt(meeting)
        transition = self.transition(trigger) if trigger else self._next(meeting.stage)
        target = transition.dest if transition is not None else None
        outcomes, pending = self._evaluate(meeting, at, {target} if target else set())
        return self._report(meeting, at, outcomes, pending, transition, target)

    def allowed(
        self, meeting: Meeting, *, actor: str | Member | Supervisor, at: datetime
    ) -> Options:
        """Every trigger of the flow: can ``actor`` fire it now, and if not, why not."""
        at = _aware(at)
        actor = _actor_id(actor)
        meeting = self.adopt(meeting)
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
        actor: str | Member | Supervisor,
        at: datetime,
        reason: str | None = None,
        return_to: str | None = None,
    ) -> Meeting:
        """Fire ``trigger``: a NEW meeting with the stage changed, ``version + 1`` and one event.

        Raises :class:`InvalidTransition`, :class:`NotPermitted`, :class:`InvalidArgument` or
        :class:`TransitionBlocked` (with the report) and then changes nothing.
        """
        at = _aware(at)
        actor = _actor_id(actor)
        meeting = self.adopt(meeting)
        transition = self._by_trigger.get(trigger)
        if transition is None:
            raise InvalidTransition(trigger, meeting.stage, self.triggers, known=False)
        if meeting.stage not in transition.sources:
            possible = [t.trigger for t in self.transitions if meeting.stage in t.sources]
            raise InvalidTransition(trigger, meeting.stage, possible)
        roles = self.roles_of(meeting, actor)
        if not roles & transition.roles:
            raise NotPermitted(actor, trigger, transition.roles, roles)
        if transition.redo:
            if not reason or not reason.strip():
                raise InvalidArgument(f"{trigger!r} needs a reason (why the session is redone)")
            if return_to is None:
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
            reopened = tuple(p for s in self.stages[first:] for p in s.sealed_paths)
        else:
            for path in self.stages[self._stage_index[meeting.stage]].sealed_paths:
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

    def adopt(self, meeting: Meeting) -> Meeting:
        """``meeting`` as this flow's :attr:`meeting_type`, re-validated only if it is not one.

        Records written under a flow without a custom stage read fine under one with it:
        the missing section is simply empty.
        """
        if not isinstance(meeting, Meeting):
            raise InvalidArgument(f"expected a meetingflow.Meeting, got {type(meeting).__name__}")
        if not isinstance(meeting, self.meeting_type):
            meeting = self.meeting_type.model_validate(meeting.model_dump())
        if meeting.stage not in self._stage_index:
            raise InvalidArgument(
                f"meeting {meeting.id!r} is in stage {meeting.stage!r}, which flow"
                f" {self.name!r} does not have (stages: {', '.join(self.stage_names)})"
            )
        return meeting

    def parse(self, raw: str | bytes) -> Meeting:
        """Parse JSON into this flow's :attr:`meeting_type` (custom sections included)."""
        return self.meeting_type.model_validate_json(raw)

    # --- derivation: every method returns a new flow; this one is unchanged -----------------

    def _derive(self, **changes: Any) -> Flow:
        fields: dict[str, Any] = {
            "name": self.name,
            "stages": self.stages,
            "transitions": self.transitions,
            "pack": self.pack,
            "settings": self.settings,
        }
        fields.update(changes)
        return Flow(**fields)

    def renamed(self, name: str) -> Flow:
        """The same flow under another name (shown in diagrams and errors)."""
        return self._derive(name=name)

    def with_rules(self, *rules: Rule) -> Flow:
        """Add rules (each gates its stage like the built-in ones)."""
        return self._derive(pack=self.pack.with_rules(*rules))

    def attach_rules(self, stage: str, *rules: Rule) -> Flow:
        """Attach rules to the gate of ``stage``; each rule must be a rule of that stage."""
        problems = [] if stage in self._stage_index else [f"no stage {stage!r} to attach rules to"]
        problems += [
            f"rule {r.id} applies to stage {r.stage!r}, so it cannot be attached to {stage!r}"
            for r in rules
            if r.stage != stage
        ]
        if problems:
            raise FlowDefinitionError(problems)
        return self.with_rules(*rules)

    def with_pack(self, pack: RulePack) -> Flow:
        """Replace the whole rule pack."""
        return self._derive(pack=pack)

    def with_settings(self, settings: RuleSettings | Mapping[str, Any]) -> Flow:
        """Replace the settings; a mapping is merged into the current settings."""
        if isinstance(settings, RuleSettings):
            return self._derive(settings=settings)
        merged = {**self.settings.model_dump(), **dict(settings)}
        return self._derive(settings=coerce_settings(merged))

    def with_roles(self, trigger: str, *roles: str) -> Flow:
        """Set which roles may fire ``trigger``."""
        t = self.transition(trigger)
        return self._replace_transition(t, attrs.evolve(t, roles=frozenset(roles)))

    def with_transition(self, transition: Transition) -> Flow:
        """Add a transition."""
        return self._derive(transitions=(*self.transitions, transition))

    def insert_stage(
        self,
        stage: Stage,
        *,
        after: str | None = None,
        before: str | None = None,
        trigger: str,
        roles: Iterable[str] | None = None,
        title: Text | None = None,
        rules: Iterable[Rule] = (),
    ) -> Flow:
        """Insert ``stage`` after (or before) a stage on the forward path.

        The new ``trigger`` leads into the stage; the trigger that used to leave ``after``
        now leaves the new stage, so hosts keep calling it to move on. Redo triggers that
        could fire from ``after`` can fire from the new stage too.
        """
        if (after is None) == (before is None):
            raise InvalidArgument("insert_stage needs exactly one of after= or before=")
        if before is not None:
            into = [t for t in self.transitions if not t.redo and before in t.dests]
            if len(into) != 1:
                raise InvalidArgument(f"stage {before!r} has no single forward way in")
            after = into[0].sources[0]
        assert after is not None
        if after not in self._stage_index:
            raise InvalidArgument(f"no stage {after!r} in flow {self.name!r}")
        out = [t for t in self.transitions if not t.redo and after in t.sources]
        if len(out) != 1:
            raise InvalidArgument(f"stage {after!r} has no single forward way out")
        leaving = out[0]
        entering = Transition(
            trigger,
            (after,),
            (stage.name,),
            frozenset(roles) if roles is not None else leaving.roles,
            title or Text(f"进入「{stage.title.zh}」", f"start {stage.title.en}"),
        )
        transitions: list[Transition] = []
        for t in self.transitions:
            if t is leaving:
                sources = tuple(stage.name if s == after else s for s in t.sources)
                transitions += [entering, attrs.evolve(t, sources=sources)]
            elif t.redo and after in t.sources:
                transitions.append(attrs.evolve(t, sources=(*t.sources, stage.name)))
            else:
                transitions.append(t)
        i = self._stage_index[after] + 1
        stages = (*self.stages[:i], stage, *self.stages[i:])
        return self._derive(
            stages=stages, transitions=tuple(transitions), pack=self.pack.with_rules(*rules)
        )

    def remove_stage(self, name: str) -> Flow:
        """Remove an optional stage; its rules go with it and the path closes over the gap."""
        stage = self.stages[self._stage_index[name]] if name in self._stage_index else None
        if stage is None:
            raise InvalidArgument(f"no stage {name!r} in flow {self.name!r}")
        if not stage.optional:
            raise InvalidArgument(f"stage {name!r} is not optional and cannot be removed")
        into = [t for t in self.transitions if not t.redo and name in t.dests]
        out = [t for t in self.transitions if not t.redo and name in t.sources]
        transitions: list[Transition] = []
        for t in self.transitions:
            if t in into:
                continue
            if t in out:
                sources = tuple(s for i in into for s in i.sources)
                transitions.append(attrs.evolve(t, sources=sources))
            elif name in t.sources or name in t.dests:
                transitions.append(
                    attrs.evolve(
                        t,
                        sources=tuple(s for s in t.sources if s != name),
                        dests=tuple(d for d in t.dests if d != name),
                    )
                )
            else:
                transitions.append(t)
        gone = [r.id for r in self.rules if r.stage == name]
        return self._derive(
            stages=tuple(s for s in self.stages if s.name != name),
            transitions=tuple(transitions),
            pack=self.pack.disable(*gone) if gone else self.pack,
        )

    def replace_stage(self, name: str, stage: Stage) -> Flow:
        """Replace a stage's definition; a new name is carried into transitions and rules."""
        if name not in self._stage_index:
            raise InvalidArgument(f"no stage {name!r} in flow {self.name!r}")
        stages = tuple(stage if s.name == name else s for s in self.stages)
        pack = self.pack
        transitions = self.transitions
        if stage.name != name:

            def swap(names: tuple[str, ...]) -> tuple[str, ...]:
                return tuple(stage.name if n == name else n for n in names)

            transitions = tuple(
                attrs.evolve(t, sources=swap(t.sources), dests=swap(t.dests))
                for t in self.transitions
            )
            for r in self.rules:
                if r.stage == name:
                    pack = pack.override(r.id, stage=stage.name)
        return self._derive(stages=stages, transitions=transitions, pack=pack)

    def _replace_transition(self, old: Transition, new: Transition) -> Flow:
        return self._derive(transitions=tuple(new if t is old else t for t in self.transitions))

    def _next(self, stage: str) -> Transition | None:
        return next((t for t in self.transitions if stage in t.sources and not t.redo), None)

    def _evaluate(
        self, meeting: Meeting, at: datetime, entry_targets: set[str]
    ) -> tuple[list[Outcome], list[str]]:
        here = self._stage_index[meeting.stage]
        members = {m.id: m for m in meeting.roster}
        shared: dict[str, Any] = {}
        outcomes: list[Outcome] = []
        pending: list[str] = []
        for r in self.rules:
            reached = self._stage_index[r.stage] <= here
            if reached or (r.gate == "entry" and r.stage in entry_targets):
                ctx = RuleContext(
                    rule=r, settings=self.settings, at=at, members=members, shared=shared
                )
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
