"""Turning planned visits into steps: times for what the plan left open, and who does it.

Kept apart from the plan, which decides what goes to which stage: here a host's loose records
get a person and a time inside their stage, and a compact blueprint's batches are merged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from meetingflow.testing.branch import SUPERVISOR
from meetingflow.testing.steps import Batch, Step, _at

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Record
    from meetingflow.testing.blueprint import Blueprint
    from meetingflow.testing.plan import _Visit


def _actor(authorized: Iterable[str], bp: Blueprint) -> str:
    """Someone holding one of ``authorized`` in a built meeting."""
    held = set(authorized)
    if held & {"secretary", "chair", "member"}:
        return bp.secretary
    if "supervisor" in held:
        return SUPERVISOR
    if "recorder" in held:
        return bp.recorder
    return bp.secretary


def _recorder(item: Record, bp: Blueprint) -> str:
    """Who records ``item``: a runner if runners may, else the person it is about, else the superior."""
    placement = type(item).record_into
    by = placement.by if placement is not None else frozenset({"secretary"})
    if by & {"secretary", "chair"}:
        return bp.secretary
    if "self" in by and placement is not None and placement.self_field:
        who = getattr(item, placement.self_field, None)
        if isinstance(who, str):
            return who
    return _actor(by, bp)


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


def _steps(visits: list[_Visit], bp: Blueprint, flow: Flow) -> list[Step]:
    """Times for what the plan left open, then one step per visit."""

    def first_time(v: _Visit) -> datetime | None:
        timed = [b.at for b in v.batches] + [x.at for x in v.extras if isinstance(x, Batch)]
        return min(timed) if timed else v.leave_at

    steps: list[Step] = []
    prev: datetime | None = None
    for n, v in enumerate(visits):
        timed = sorted(
            [*v.batches, *(x for x in v.extras if isinstance(x, Batch))], key=lambda b: b.at
        )
        plain = [x for x in v.extras if not isinstance(x, Batch)]
        start = timed[-1].at if timed else prev
        if v.leave_at is not None:
            leave = v.leave_at
            start = start if start is not None else leave - timedelta(hours=1)
            plain_at = _minute(start + (leave - start) / 2)
        else:
            nxt = next((x for w in visits[n + 1 :] if (x := first_time(w)) is not None), None)
            if start is None:
                start = (nxt or _at(bp.sitting, 9)) - timedelta(hours=3)
            if nxt is None:
                plain_at, leave = start + timedelta(hours=1), start + timedelta(hours=2)
            else:
                plain_at = _minute(start + (nxt - start) / 3)
                leave = _minute(start + (nxt - start) * 2 / 3)
        plain_at, leave = max(plain_at, start), max(leave, plain_at, start)
        batches = list(timed)
        for item in plain:
            who = _recorder(item, bp)
            if batches and batches[-1].at == plain_at and batches[-1].actor == who:
                batches[-1] = attrs.evolve(batches[-1], items=(*batches[-1].items, item))
            else:
                batches.append(Batch(who, plain_at, (item,)))
        if bp.compact and batches:
            batches = _compacted(batches)
        t = v.trigger
        if t is None and not batches:
            break
        steps.append(
            Step(
                flow.stage_title(v.stage),
                tuple(batches),
                t.trigger if t is not None else "",
                _actor(t.authorized, bp) if t is not None else "",
                leave,
                reason="批评与自我批评流于形式，责令重新召开" if v.redo else None,
                return_to=v.redo[0] if v.redo else None,
                new_date=v.redo[1] if v.redo else None,
                stage=v.stage,
            )
        )
        prev = leave
    return steps


def _compacted(batches: Sequence[Batch]) -> list[Batch]:
    """One batch per person, in the order they first recorded, all at the last batch's time."""
    by_actor: dict[str, list[Record]] = {}
    for b in batches:
        by_actor.setdefault(b.actor, []).extend(b.items)
    at = batches[-1].at
    return [Batch(actor, at, tuple(items)) for actor, items in by_actor.items()]
