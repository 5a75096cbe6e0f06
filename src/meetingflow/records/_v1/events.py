"""The schema-1 history as schema-2 events, and the migration event that vouches for the result."""

from __future__ import annotations

from typing import Any, Final

from meetingflow.canonical import event_digest, state_digest
from meetingflow.errors import InvalidRecord
from meetingflow.records._base import Record
from meetingflow.records._v1.schema1 import APPRAISAL_STAGE, REDONE, Obj, as_list
from meetingflow.records._v1.sections import APPRAISAL_READ_AS, read_stage
from meetingflow.records.history import Event

__all__ = ["MIGRATION_ACTOR", "NOT_RECORDED", "finish"]

NOT_RECORDED: Final = "0" * 64
"""The ``state`` of a migrated schema-1 event: schema 1 recorded no state digest."""
MIGRATION_ACTOR: Final = "meetingflow"
"""The actor of the migration event."""


def _noted(note: str, reason: Any) -> str:
    return f"{note}; {reason}" if isinstance(reason, str) and reason else note


def _event(event: Obj) -> Obj:
    """One schema-1 event as a schema-2 event (not yet chained)."""
    source, target, trigger = event.get("source"), event.get("target"), event.get("trigger")
    stage, dest = read_stage(source), read_stage(target)
    reason = event.get("reason")
    kind = "transition"
    if (stage, dest) != (source, target):
        if stage == dest:
            kind, trigger = "entry", None
            reason = _noted(
                f"schema 1: {event.get('trigger')} ({source} -> {target}); schema 2 runs"
                f" {APPRAISAL_STAGE} as a track alongside {APPRAISAL_READ_AS}",
                reason,
            )
        else:
            reason = _noted(f"schema 1: {trigger} ({source} -> {target})", reason)
    redone = [
        s["path"]
        for s in as_list(event.get("seals"))
        if isinstance(s, dict) and isinstance(s.get("path"), str) and REDONE.fullmatch(s["path"])
    ]
    return {
        "seq": event.get("seq"),
        "kind": kind,
        "actor": event.get("actor"),
        "at": event.get("at"),
        "stage": stage,
        "trigger": trigger,
        "target": dest,
        "reason": reason,
        "paths": [*redone, "review", "critique"] if redone else [],
        "findings": [],
        "state": NOT_RECORDED,
    }


def finish(body: Obj, events: list[Obj], head: str | None, model: type[Record]) -> Obj:
    """Validate the migrated record, append the migration event, chain every event.

    The migration event's state digest needs the exact schema-2 JSON with every default filled
    in, so the record is validated with ``model``: the meeting model that is loading it
    (``Meeting``, or a flow's model, which also knows the flow's own sections such as the
    appraisal's). It is handed down by ``Meeting.model_validate`` through the migrations, so
    the records layer needs neither ``meetingflow.records.meeting`` (which imports the
    migrations) nor the flow layer.
    """
    draft = model.model_validate({**body, "version": 0, "history": []})
    record: Obj = draft.model_dump(mode="json")
    if head is None:
        return record
    reason = f"migrated from schema 1; schema-1 head digest {head}"
    if any(APPRAISAL_STAGE in (e.get("source"), e.get("target")) for e in events):
        reason += f"; stage {APPRAISAL_STAGE} read as {APPRAISAL_READ_AS}"
    record["version"] = len(events) + 1
    migration: Obj = {
        "seq": len(events),
        "kind": "entry",
        "actor": MIGRATION_ACTOR,
        "at": events[-1].get("at"),
        "stage": record["stage"],
        "trigger": None,
        "target": record["stage"],
        "reason": reason,
        "paths": ["schema_version"],
        "findings": [],
        "state": state_digest(record),
    }
    chained: list[Obj] = []
    previous: str | None = None
    for i, fields in enumerate([*(_event(e) for e in events), migration]):
        try:
            event = Event.model_validate(
                {**fields, "previous": previous, "digest": NOT_RECORDED, "mac": None}
            )
        except InvalidRecord as error:
            raise InvalidRecord(
                "Meeting", [e.under(f"history[{i}]") for e in error.entries]
            ) from None
        dumped: Obj = event.model_dump(mode="json")
        dumped["digest"] = previous = event_digest(dumped)
        chained.append(dumped)
    record["history"] = chained
    return record
