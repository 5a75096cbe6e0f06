"""Evaluating rules against a meeting: ``check`` and ``allowed`` (through ``Flow``).

Which rules are evaluated when (the catalogue's clarifications 2 and 16): a rule is in force
once the meeting has reached its stage; a plain check evaluates the rules in force and marks
what would block the next forward transition; a check with a target, ``allowed`` and ``fire``
also evaluate that transition's own gate rules. A finding blocks when its rule gates the
transition, it is an error, and it can still be repaired in the current stage — or its rule
is a strict gate, which blocks regardless and is cured only by a redo.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from meetingflow.errors import (
    InvalidTransition,
    UnknownTrigger,
)
from meetingflow.flow.arguments import actor_id, aware, local_day
from meetingflow.flow.compile import GateEntry, writable
from meetingflow.flow.items import (
    authorities,
)
from meetingflow.i18n import Text
from meetingflow.report import Finding, Report, Severity
from meetingflow.rules.context import RuleContext
from meetingflow.rules.rule import Outcome, run_rule

if TYPE_CHECKING:
    from meetingflow.flow.definition import Transition
    from meetingflow.flow.view import FlowView as Flow
    from meetingflow.records import Meeting
    from meetingflow.rules.rule import Rule

__all__ = ["AllowedTriggers", "TriggerStatus", "allowed", "check", "rule_context"]


# --- answers ------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class TriggerStatus:
    """Whether one trigger can be fired now by this actor, and if not, why not."""

    trigger: str
    title: Text
    targets: tuple[str, ...]
    ok: bool
    why_not: tuple[Text, ...] = ()
    blocking: tuple[Finding, ...] = ()

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form; both languages unless ``lang`` picks one."""

        def text(t: Text) -> Any:
            return t.in_(lang) if lang is not None else {"zh": t.zh, "en": t.en}

        return {
            "trigger": self.trigger,
            "title": text(self.title),
            "targets": list(self.targets),
            "ok": self.ok,
            "why_not": [text(t) for t in self.why_not],
            "blocking": [f.to_dict(lang) for f in self.blocking],
        }


@attrs.frozen(slots=True)
class AllowedTriggers:
    """The answer of ``allowed``: every trigger of the flow, possible or not."""

    meeting_id: str
    stage: str
    actor: str
    authorities: frozenset[str]
    statuses: tuple[TriggerStatus, ...]

    @property
    def allowed(self) -> tuple[str, ...]:
        """The triggers the actor may fire right now."""
        return tuple(s.trigger for s in self.statuses if s.ok)

    def __contains__(self, trigger: object) -> bool:
        return trigger in self.allowed

    def __iter__(self) -> Iterator[TriggerStatus]:
        return iter(self.statuses)

    def __getitem__(self, trigger: str) -> TriggerStatus:
        for s in self.statuses:
            if s.trigger == trigger:
                return s
        raise UnknownTrigger(trigger, "", [s.trigger for s in self.statuses])

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form, for a host's "what can I do now" endpoint."""
        return {
            "meeting_id": self.meeting_id,
            "stage": self.stage,
            "actor": self.actor,
            "authorities": sorted(self.authorities),
            "allowed": list(self.allowed),
            "triggers": [s.to_dict(lang) for s in self.statuses],
        }


# --- evaluation ------------------------------------------------------------------------------------


def _entered_by_redo(flow: Flow, meeting: Meeting) -> bool:
    for event in reversed(meeting.history):
        if event.kind == "transition":
            t = flow._compiled.by_trigger.get(event.trigger or "")
            return t is not None and t.redo and event.target == meeting.stage
    return False


def _in_force(flow: Flow, stage: str) -> set[str]:
    c = flow._compiled
    here = c.stage_index[stage]
    return {r.id for r in c.rules if c.stage_index[r.stage] <= here}


def _gates(flow: Flow, meeting: Meeting, t: Transition | None) -> tuple[GateEntry, ...]:
    if t is None or t.redo:
        return ()
    c = flow._compiled
    entries = c.gates.get((t.trigger, meeting.stage), ())
    if _entered_by_redo(flow, meeting):
        have = {g.rule_id for g in entries}
        entries = (
            *entries,
            *(GateEntry(r) for r in c.entry_rules.get(meeting.stage, ()) if r not in have),
        )
    return entries


def _next(flow: Flow, stage: str) -> Transition | None:
    return next((t for t in flow.transitions if stage in t.sources and not t.redo), None)


def rule_context(
    flow: Flow, meeting: Meeting, at: datetime, rule: Rule, shared: dict[str, Any] | None = None
) -> RuleContext:
    """The context ``rule`` runs in when ``flow`` checks ``meeting`` at ``at``."""
    return RuleContext(
        rule=rule,
        settings=flow.settings,
        at=at,
        today=local_day(meeting, at),
        members=meeting.members_by_id(),
        stages=flow.stage_names,
        stage=meeting.stage,
        pack_settings=flow._compiled.pack_settings,
        people={s.id: s.name for s in meeting.supervisors},
        shared=shared if shared is not None else {},
        stage_titles=flow.stage_titles,
    )


def _evaluate(flow: Flow, meeting: Meeting, at: datetime, ids: set[str]) -> dict[str, Outcome]:
    c = flow._compiled
    shared: dict[str, Any] = {}
    base: RuleContext | None = None
    out: dict[str, Outcome] = {}
    for r in c.rules:
        if r.id not in ids:
            continue
        ctx = (
            rule_context(flow, meeting, at, r, shared)
            if base is None
            else attrs.evolve(base, rule=r)
        )
        base = ctx
        out[r.id] = run_rule(r, meeting, ctx, c.allowed.get(r.id, ()))
    return out


def _report(
    flow: Flow,
    meeting: Meeting,
    at: datetime,
    outcomes: Mapping[str, Outcome],
    t: Transition | None,
    target: str | None,
    ids: set[str],
) -> Report:
    c = flow._compiled
    gating = {g.rule_id: g for g in _gates(flow, meeting, t)}
    findings: list[Finding] = []
    not_applicable: list[str] = []
    evaluated: list[str] = []
    for r in c.rules:
        o = outcomes.get(r.id)
        if o is None or r.id not in ids:
            continue
        evaluated.append(r.id)
        if not o.applicable:
            not_applicable.append(r.id)
            continue
        gate = gating.get(r.id)
        for f in o.findings:
            repairable = f.repairable and writable(c, meeting.stage, f.path)
            blocks = (
                gate is not None and f.severity is Severity.ERROR and (gate.strict or repairable)
            )
            changed = repairable != f.repairable or blocks
            findings.append(attrs.evolve(f, repairable=repairable, blocks=blocks) if changed else f)
    pending = tuple(r.id for r in c.rules if r.id not in ids)
    return Report(
        meeting_id=meeting.id,
        stage=meeting.stage,
        at=at,
        trigger=t.trigger if t is not None else None,
        target=target,
        findings=tuple(findings),
        not_applicable=tuple(not_applicable),
        pending=pending,
        evaluated=tuple(evaluated),
        trigger_title=t.title if t is not None else None,
    )


def _transition(flow: Flow, trigger: object) -> Transition:
    if isinstance(trigger, str):
        found = flow._compiled.by_trigger.get(trigger)
        if found is not None:
            return found
    raise UnknownTrigger(trigger, flow.name, flow.triggers)


def _possible(flow: Flow, stage: str) -> list[str]:
    return [t.trigger for t in flow.transitions if stage in t.sources]


def check(flow: Flow, meeting: Meeting, *, at: datetime, trigger: str | None = None) -> Report:
    """See ``meetingflow.Flow.check``."""
    at = aware(at)
    meeting = flow.adopt(meeting)
    ids = _in_force(flow, meeting.stage)
    if trigger is not None:
        t: Transition | None = _transition(flow, trigger)
        assert t is not None
        if meeting.stage not in t.sources:
            raise InvalidTransition(
                t.trigger, meeting.stage, _possible(flow, meeting.stage), flow.titles
            )
        ids |= {g.rule_id for g in _gates(flow, meeting, t)}
    else:
        t = _next(flow, meeting.stage)
    target = t.dest if t is not None else None
    outcomes = _evaluate(flow, meeting, at, ids)
    return _report(flow, meeting, at, outcomes, t, target, ids)


def allowed(flow: Flow, meeting: Meeting, *, actor: object, at: datetime) -> AllowedTriggers:
    """See ``meetingflow.Flow.allowed``."""
    at = aware(at)
    who = actor_id(actor)
    meeting = flow.adopt(meeting)
    held = authorities(meeting, who)
    here = [t for t in flow.transitions if meeting.stage in t.sources and not t.redo]
    base = _in_force(flow, meeting.stage)
    gate_ids = {t.trigger: {g.rule_id for g in _gates(flow, meeting, t)} for t in here}
    all_ids = base.union(*gate_ids.values()) if gate_ids else base
    outcomes = _evaluate(flow, meeting, at, all_ids)
    statuses = []
    for t in flow.transitions:
        why: list[Text] = []
        blocking: tuple[Finding, ...] = ()
        if meeting.stage not in t.sources:
            why.append(
                Text(
                    f"当前阶段「{flow.stage_title(meeting.stage).zh}」不能执行「{t.title.zh}」。",
                    f"{t.trigger} cannot be fired in stage {meeting.stage} (only in {', '.join(t.sources)}).",
                )
            )
        if not held & t.authorized:
            why.append(
                Text(
                    f"{who} 不具备执行「{t.title.zh}」所需的身份（{'、'.join(flow.authority_title(a).zh for a in sorted(t.authorized))}）。",
                    f"{who} lacks the authority needed for {t.trigger} ({', '.join(sorted(t.authorized))}).",
                )
            )
        if not why and not t.redo:
            report = _report(flow, meeting, at, outcomes, t, t.dest, base | gate_ids[t.trigger])
            blocking = report.blocking
            if blocking:
                ids = ", ".join(report.blocking_rule_ids)
                why.append(Text(f"被规则 {ids} 阻止。", f"blocked by rule(s) {ids}."))
        statuses.append(TriggerStatus(t.trigger, t.title, t.dests, not why, tuple(why), blocking))
    return AllowedTriggers(meeting.id, meeting.stage, who, held, tuple(statuses))
