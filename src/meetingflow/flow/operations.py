"""Changing a meeting: ``fire`` and ``record`` (through ``Flow``), and the machine's callbacks.

Every change goes one way: arguments checked, the meeting verified and adopted, the change
applied to a copy, the copy validated whole, one event appended. Nothing is half-applied.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

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
    VersionConflict,
)
from meetingflow.flow.arguments import actor_id, aware, expectations, local_day, notified_members
from meetingflow.flow.compile import writable
from meetingflow.flow.evaluation import (
    _evaluate,
    _gates,
    _in_force,
    _possible,
    _report,
    _transition,
)
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
from meetingflow.records import paths
from meetingflow.records.fields import iter_happened
from meetingflow.report import Finding

if TYPE_CHECKING:
    from meetingflow.flow.definition import Transition
    from meetingflow.flow.view import FlowView as Flow
    from meetingflow.records import Meeting, Record, RecordedFinding

__all__ = ["fire", "record"]


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
    placed: list[tuple[Record, str, int]] = []
    sections: list[tuple[Record, str]] = []
    structural = False
    today = local_day(meeting, at)
    early: list[ErrorEntry] = []
    for n, raw in enumerate(items):
        if not isinstance(raw, rec.Record) or type(raw).record_into is None:
            raise not_recordable(raw, flow.item_types, n)
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
        early += [
            _argument(_after(sub, day, today), where, n)
            for sub, day in iter_happened(item, where)
            if day > today
        ]
        written.append(where)
        placed.append((item, where, n))
        sections.append((item, placement.section))
        structural = structural or placement.section == ""
    if early:  # an attributed, dated history cannot vouch for a fact dated after itself
        raise InvalidRecord(type(meeting).__name__, early)
    if structural:
        current = type(meeting).model_validate(current)
    else:
        people = {s.id: s.name for s in meeting.supervisors}
        problems = [
            _argument(p, where, n)
            for item, where, n in placed
            for p in reference_problems(current, item, where, people)
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


def _after(path: str, day: date, today: date) -> ErrorEntry:
    return ErrorEntry(
        path,
        Text(
            f"{day} 晚于记录当天（{today}）：已发生的事，发生后才能记录",
            f"{day} is after the day it is recorded ({today}): record what happened once it has",
        ),
        "after_recording",
    )


def _argument(entry: ErrorEntry, where: str, n: int) -> ErrorEntry:
    """``entry`` with its place among the call's items: ``talks[15].person_b`` → ``items[1].person_b``."""
    if not paths.is_within(entry.path, where):
        return entry
    return attrs.evolve(entry, argument=f"items[{n}]{entry.path[len(where) :]}")
