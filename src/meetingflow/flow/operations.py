"""What hosts call: ``check``, ``allowed``, ``fire`` and ``record`` (through ``Flow``).

Which rules are evaluated when (the catalogue's clarifications 2 and 16): a rule is in force
once the meeting has reached its stage; a plain check evaluates the rules in force and marks
what would block the next forward transition; a check with a target, ``allowed`` and ``fire``
also evaluate that transition's own gate rules. A finding blocks when its rule gates the
transition, it is an error, and it can still be repaired in the current stage — or its rule
is a strict gate, which blocks regardless and is cured only by a redo.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import attrs

from meetingflow import records as rec
from meetingflow.errors import (
    ErrorEntry,
    InvalidArgument,
    InvalidRecord,
    InvalidTransition,
    NotPermitted,
    SectionSealed,
    TimeMovesBackwards,
    TransitionBlocked,
    UnknownTrigger,
    VersionConflict,
)
from meetingflow.flow.arguments import expectations, notified_members
from meetingflow.flow.compile import GateEntry, writable
from meetingflow.flow.items import (
    apply,
    authorities,
    authority_labels,
    not_recordable,
    permitted,
    reference_problems,
    refuse,
)
from meetingflow.i18n import Messages, Text
from meetingflow.integrity import append_event, head
from meetingflow.integrity.chain import valid_meeting
from meetingflow.report import Finding, Report, Severity
from meetingflow.rules.context import RuleContext
from meetingflow.rules.rule import Outcome, run_rule

if TYPE_CHECKING:
    from meetingflow.flow.definition import Transition
    from meetingflow.flow.view import FlowView as Flow
    from meetingflow.records import Meeting, Record, RecordedFinding
    from meetingflow.rules.rule import Rule

__all__ = ["AllowedTriggers", "TriggerStatus", "aware", "local_day"]


# --- arguments ----------------------------------------------------------------------------------


def aware(at: object, name: str = "at") -> datetime:
    """``at`` if it is a timezone-aware datetime with a whole-minute offset; else the library's error."""
    if not isinstance(at, datetime):
        raise InvalidArgument(Messages.not_a_datetime.format(name=name, got=type(at).__name__))
    offset = at.utcoffset() if at.tzinfo is not None else None
    if offset is None:
        raise InvalidArgument(Messages.naive_datetime.format(name=name, value=at.isoformat()))
    if offset.seconds % 60 or offset.microseconds:
        raise InvalidArgument(
            Messages.offset_seconds.format(name=name, value=at.isoformat(), offset=str(offset))
        )
    return at


def actor_id(actor: object) -> str:
    """A person id, from an id or anything with an ``id`` (a ``Member``, a ``Supervisor``)."""
    if isinstance(actor, rec.Member | rec.Supervisor):
        return actor.id
    if isinstance(actor, str) and actor.strip() and len(actor) <= 128:
        return actor
    raise InvalidArgument(Messages.bad_actor.format(got=repr(actor)[:60]))


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_day(meeting: Meeting, at: datetime) -> date:
    """The date of ``at`` in the organization's time zone: what every day-count rule compares."""
    return at.astimezone(_zone(meeting.organization.timezone)).date()


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


# --- changing a meeting -------------------------------------------------------------------------------


def _prepare(
    flow: Flow,
    meeting: Meeting,
    at: datetime,
    expected_version: int | None,
    expected_head: str | None,
) -> Meeting:
    expectations(expected_version, expected_head)
    meeting = valid_meeting(meeting, flow.meeting_type)
    flow.verify(meeting)  # first: a record claiming a stage it never reached is tampered
    meeting = flow.adopt(meeting)
    if expected_version is not None and meeting.version != expected_version:
        raise VersionConflict(meeting.id, expected_version, meeting.version)
    if expected_head is not None and head(meeting) != expected_head:
        raise VersionConflict(meeting.id, expected_head, head(meeting), head=True)
    if meeting.history and at < meeting.history[-1].at:
        raise TimeMovesBackwards(at.isoformat(), meeting.history[-1].at.isoformat())
    return meeting


def _recorded(findings: Iterable[Finding]) -> tuple[RecordedFinding, ...]:
    return tuple(
        rec.RecordedFinding(
            rule_id=f.rule_id,
            key=f.key,
            severity=f.severity,
            path=f.path,
            members=f.members,
            subjects=tuple(rec.SubjectRef(kind=s.kind, id=s.id) for s in f.subjects),
            repairable=f.repairable,
            blocks=f.blocks,
        )
        for f in findings
    )


def fire(
    flow: Flow,
    meeting: Meeting,
    trigger: str,
    *,
    actor: object,
    at: datetime,
    reason: str | None = None,
    return_to: str | None = None,
    new_date: date | None = None,
    notified: Iterable[str] = (),
    expected_version: int | None = None,
    expected_head: str | None = None,
) -> Meeting:
    """See ``meetingflow.Flow.fire``."""
    at = aware(at)
    who = actor_id(actor)
    t = _transition(flow, trigger)
    meeting = _prepare(flow, meeting, at, expected_version, expected_head)
    if meeting.stage not in t.sources:
        raise InvalidTransition(
            t.trigger, meeting.stage, _possible(flow, meeting.stage), flow.titles
        )
    if t.redo:
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidArgument(
                Text(
                    f"「{t.title.zh}」须说明理由（reason）",
                    f"{t.trigger} needs a reason (why the session is redone)",
                )
            )
        return_to = t.dest if return_to is None else return_to
        if return_to not in t.dests:
            raise InvalidArgument(
                Text(
                    f"return_to 须为 {'、'.join(t.dests)} 之一，收到 {return_to!r}",
                    f"{t.trigger} needs return_to, one of: {', '.join(t.dests)} (got {return_to!r})",
                )
            )
        if new_date is not None and not isinstance(new_date, date):
            raise InvalidArgument(
                Text("new_date 须为日期", f"new_date must be a date, not {type(new_date).__name__}")
            )
    elif return_to is not None or new_date is not None:
        raise InvalidArgument(
            Text(
                f"return_to 和 new_date 只用于重开，不用于「{t.title.zh}」",
                f"return_to and new_date apply only to a redo, not {t.trigger}",
            )
        )
    elif reason is not None and not isinstance(reason, str):
        raise InvalidArgument(
            Text("reason 须为文本", f"reason must be text, not {type(reason).__name__}")
        )
    params = {
        "actor": who,
        "at": at,
        "reason": reason,
        "return_to": return_to,
        "new_date": new_date,
        "notified": notified_members(meeting, notified),
    }
    carrier = flow._carrier(meeting, params)
    if not flow._machine.events[t.trigger].trigger(carrier):
        raise carrier.refusal or InvalidTransition(
            t.trigger, meeting.stage, _possible(flow, meeting.stage), flow.titles
        )
    assert carrier.result is not None
    return carrier.result


# The machine's conditions and callback (one set per flow, shared by all calls).


@attrs.frozen(slots=True)
class Authorized:
    """Condition: the actor holds an authority allowed to fire the transition."""

    transition: Transition

    def __call__(self, event: Any) -> bool:
        carrier = event.model
        held = authorities(carrier.meeting, carrier.params["actor"])
        if held & self.transition.authorized:
            return True
        carrier.refusal = NotPermitted(
            carrier.params["actor"],
            Messages.action_fire.format(trigger=self.transition.title),
            self.transition.authorized,
            held,
            authority_labels(),
        )
        return False


@attrs.frozen(slots=True)
class ReturnsTo:
    """Condition of a redo: the caller chose this destination."""

    dest: str

    def __call__(self, event: Any) -> bool:
        return bool(event.model.params.get("return_to") == self.dest)


@attrs.frozen(slots=True, eq=False)
class Gated:
    """Condition: no finding blocks the transition; the report is kept for the event."""

    flow: Flow
    transition: Transition

    def __call__(self, event: Any) -> bool:
        carrier = event.model
        m, at = carrier.meeting, carrier.params["at"]
        ids = _in_force(self.flow, m.stage) | {
            g.rule_id for g in _gates(self.flow, m, self.transition)
        }
        outcomes = _evaluate(self.flow, m, at, ids)
        report = _report(self.flow, m, at, outcomes, self.transition, self.transition.dest, ids)
        carrier.report = report
        if report.blocking:
            carrier.refusal = TransitionBlocked(self.transition.trigger, report)
            return False
        return True


@attrs.frozen(slots=True, eq=False)
class Apply:
    """Callback after the machine moved: build the new meeting and its event."""

    flow: Flow
    transition: Transition

    def __call__(self, event: Any) -> None:
        carrier = event.model
        m: Meeting = carrier.meeting
        p = carrier.params
        dest = carrier.state
        if self.transition.redo:
            n = len(m.redone_sessions)
            order = rec.RedoOrder(
                id=f"redo-{n + 1}",
                by_id=p["actor"],
                on=local_day(m, p["at"]),
                reason=p["reason"],
                return_to=dest,
                new_date=p["new_date"],
                notified_member_ids=p["notified"],
            )
            archived = rec.RedoneSession(
                order=order, review=m.review, critique=m.critique, minutes=m.closing.minutes
            )
            changed = m._replace(
                {
                    "redone_sessions": (*m.redone_sessions, archived),
                    "review": rec.Review(),
                    "critique": rec.Critique(),
                    "closing": m.closing._replace({"minutes": None}),
                    "stage": dest,
                }
            )  # validated whole by ``append_event``: a redo is rare, and reshapes the record
            written: tuple[str, ...] = (
                f"redone_sessions[{n}]",
                "review",
                "critique",
                "closing.minutes",
            )
            findings: tuple[RecordedFinding, ...] = ()
        else:
            changed = m._replace({"stage": dest}, valid=True)
            written = ()
            findings = _recorded(carrier.report.findings) if carrier.report is not None else ()
        carrier.result = append_event(
            m,
            changed,
            kind="transition",
            actor=p["actor"],
            at=p["at"],
            trigger=self.transition.trigger,
            reason=p["reason"],
            paths=written,
            findings=findings,
            key=self.flow.key,
        )


def record(
    flow: Flow,
    meeting: Meeting,
    items: tuple[object, ...],
    *,
    actor: object,
    at: datetime,
    expected_version: int | None = None,
    expected_head: str | None = None,
) -> Meeting:
    """See ``meetingflow.Flow.record``."""
    at = aware(at)
    who = actor_id(actor)
    if not items:
        raise InvalidArgument(
            Text("没有要记录的事项", "nothing to record: pass at least one record")
        )
    meeting = _prepare(flow, meeting, at, expected_version, expected_head)
    c = flow._compiled
    held = authorities(meeting, who)
    current: Meeting = meeting
    written: list[str] = []
    placed: list[tuple[Record, str]] = []
    sections: list[tuple[Record, str]] = []
    structural = False
    for raw in items:
        if not isinstance(raw, rec.Record) or type(raw).record_into is None:
            raise not_recordable(raw, flow.item_types)
        item = type(raw).model_validate(raw)
        placement = type(item).record_into
        assert placement is not None
        target = placement.path
        if not writable(c, meeting.stage, target):
            owner = flow.owner_of(target) or meeting.stage
            raise SectionSealed(target, owner, flow.stage_title(owner))
        if not permitted(placement, held, who, item):
            raise refuse(who, item, placement, held)
        holder = flow._section(current, placement.section)
        value, index = apply(getattr(holder, placement.field), item, placement)
        if isinstance(value, tuple) and len(value) > rec.MAX_ENTRIES:
            raise InvalidRecord(
                type(meeting).__name__,
                [ErrorEntry(target, Messages.too_many.format(limit=rec.MAX_ENTRIES), "too_long")],
            )
        current = flow._set_section(current, placement.section, holder, {placement.field: value})
        where = target if index is None else f"{target}[{index}]"
        written.append(where)
        placed.append((item, where))
        sections.append((item, placement.section))
        structural = structural or placement.section == ""
    if structural:
        current = type(meeting).model_validate(current)
    else:
        people = {s.id: s.name for s in meeting.supervisors}
        problems = [
            p for item, where in placed for p in reference_problems(current, item, where, people)
        ]
        if problems:
            raise InvalidRecord(type(meeting).__name__, problems)
        for section in {p for _, p in sections if p.startswith("extensions.")}:
            # A host's section may check more than its entries: validate it as a whole.
            holder = flow._section(current, section)
            type(holder).model_validate(holder)
        current._vouch()  # each item was validated, and so were its references
    return append_event(
        meeting, current, kind="entry", actor=who, at=at, paths=written, key=flow.key
    )
