"""Planning a scenario along a flow: the forward path, the notice's timetable, and the visits.

The stages come from the flow, not from names the builder knows: a host inserts stages and
tracks, so each built-in section goes to the stage that owns it, and the sittings a blueprint
redoes visit the stages from review to critique again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Final

import attrs

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.testing.omit import OMITTABLE, _omit
from meetingflow.testing.preparation import _prepare
from meetingflow.testing.rectification import _rectify
from meetingflow.testing.sitting import _criticisms, _critique, _review, _sitting_setup
from meetingflow.testing.steps import Batch, _at
from meetingflow.testing.tracks import _track_fills

if TYPE_CHECKING:
    from meetingflow.flow import Flow, Transition
    from meetingflow.testing.blueprint import Blueprint, Extra


def forward_path(flow: Flow) -> tuple[tuple[str, Transition | None], ...]:
    """The stages from the flow's first to its last along the forward triggers, each with the
    trigger that leaves it (``None`` for the last): the way a well-run meeting goes."""
    out: list[tuple[str, Transition | None]] = []
    stage: str | None = flow.initial
    seen: set[str] = set()
    while stage is not None:
        if stage in seen:
            raise InvalidArgument(
                Text(
                    f"流程 {flow.name} 的前进路径在 {stage!r} 处循环",
                    f"the forward path of flow {flow.name} loops at stage {stage!r}",
                )
            )
        seen.add(stage)
        t = next((t for t in flow.transitions if stage in t.sources and not t.redo), None)
        out.append((stage, t))
        stage = t.dest if t is not None else None
    return tuple(out)


@attrs.define
class _Visit:
    """One stay in a stage while planning: its batches, when it is left and by which trigger."""

    stage: str
    batches: list[Batch] = attrs.field(factory=list)
    leave_at: datetime | None = None
    trigger: Transition | None = None
    redo: tuple[str, date] | None = None
    """For a redo: (return_to, new_date)."""
    extras: list[Extra] = attrs.field(factory=list)


def _owner(flow: Flow, section: str) -> str:
    """Where the builder records a built-in section: in its own stage while the flow has it and
    the section is still open there (a look-back stage that takes the rectification section
    over does not move the rectification work), else in the stage that owns it."""
    if section in flow.stage_names and flow.writable(section, section):
        return section
    owner = flow.owner_of(section)
    if owner is None:
        raise InvalidArgument(
            Text(
                f"流程 {flow.name} 中没有阶段拥有 {section!r}",
                f"no stage of flow {flow.name} owns {section!r}: the builder cannot place it",
            )
        )
    return owner


_DEADLINES: Final = {"preparation": -5, "review": 5, "critique": 5, "rectification": 67}
"""The notice's deadlines, in days after the sitting, for the stages owning these sections."""


def _timetable(flow: Flow, owners: Mapping[str, str], bp: Blueprint) -> list[tuple[str, date]]:
    """A deadline for each stage of the flow but the last, as the superior's notice sets them.

    The built-in stages' from :data:`_DEADLINES` — preparation's before the first sitting, the
    others' after the one that counts (the superior who orders a redo moves them) — and a
    host's stage a week after the one before.
    """
    known = {
        owners[section]: (bp.sitting if section == "preparation" else bp.final_sitting)
        + timedelta(days=days)
        for section, days in _DEADLINES.items()
    }
    out: list[tuple[str, date]] = []
    last = bp.sitting + timedelta(days=_DEADLINES["preparation"] - 7)
    for name in flow.stage_names[:-1]:
        last = known.get(name, last + timedelta(days=7))
        out.append((name, last))
    return out


def _plan(bp: Blueprint, aspects: tuple[str, ...], flow: Flow) -> list[_Visit]:
    """The visits along ``flow``'s forward path, each with its built-in batches, how it is left,
    and, on a stage's last visit, the tracks' and the host's fills; checks what needs the flow.
    """
    path = forward_path(flow)
    names = [s for s, _ in path]
    index = {s: i for i, s in enumerate(names)}
    leaving = dict(path)
    owners = {x: _owner(flow, x) for x in ("preparation", "review", "critique", "rectification")}
    order = [index.get(owners[x], -1) for x in owners]
    if -1 in order or order != sorted(order):
        raise InvalidArgument(
            Text(
                f"流程 {flow.name} 的前进路径没有依次经过准备、检视、批评和整改",
                f"the forward path of flow {flow.name} does not reach the stages owning"
                " preparation, review, critique and rectification in that order",
            )
        )
    i_prep, i_rev, i_crit, i_rect = order
    redo: Transition | None = None
    if bp.redone:
        redo = next(
            (
                t
                for t in flow.transitions
                if t.redo and owners["critique"] in t.sources and owners["review"] in t.dests
            ),
            None,
        )
        if redo is None:
            raise InvalidArgument(
                Text(
                    f"流程 {flow.name} 不能从 {owners['critique']!r} 责令重开回到 {owners['review']!r}",
                    f"flow {flow.name} has no redo from {owners['critique']!r} back to {owners['review']!r}",
                )
            )
    unknown = sorted(bp.omit - OMITTABLE.keys() - {t.name for t in flow.tracks})
    if unknown:
        raise InvalidArgument(
            Text(
                f"omit 中有未知的部分 {unknown}",
                f"omit names unknown parts {unknown} (known: {', '.join(OMITTABLE)}, or a track"
                f" of flow {flow.name})",
            )
        )
    timetable = _timetable(flow, owners, bp)
    visits: list[_Visit] = []
    sittings = bp.sittings
    for k, day in enumerate(sittings):
        this = bp.at_sitting(day)
        final = k == len(sittings) - 1
        first = 0 if k == 0 else i_rev
        last = len(names) - 1 if final else i_crit
        own: list[tuple[int, list[Batch], datetime]] = (
            [(i_prep, _prepare(this, aspects, timetable) + _sitting_setup(this), _at(day, 9))]
            if k == 0
            else [(i_rev, _sitting_setup(this), _at(day, 11))]
        )
        own += [
            (i_rev, _review(this, aspects), _at(day, 11)),
            (i_crit, _critique(this), _at(day, 17)),
        ]
        if final:
            own.append(
                (i_rect, _rectify(this, _criticisms(this)), _at(day + timedelta(days=56), 10))
            )
        phases: dict[int, list[tuple[list[Batch], datetime]]] = {}
        for i, batches, leave in own:
            phases.setdefault(i, []).append((batches, leave))
        for i in range(first, last + 1):
            stage = names[i]
            mine = phases.get(i, [])
            v = _Visit(
                stage,
                _omit((b for batches, _ in mine for b in batches), bp.omit),
                max((leave for _, leave in mine), default=None),
                leaving[stage],
            )
            if i == i_crit and not final:
                assert redo is not None
                v.trigger = redo
                v.leave_at = _at(day, 18)
                v.redo = (owners["review"], sittings[k + 1])
            visits.append(v)
    final_bp = bp.at_sitting(bp.final_sitting)
    fills = [*_track_fills(flow, final_bp), *bp.extras]
    unknown = sorted({stage for stage, _ in fills if stage not in index})
    if unknown:
        raise InvalidArgument(
            Text(
                f"extras 中的阶段 {unknown} 不在流程 {flow.name} 的前进路径上",
                f"extras name stages {unknown} that are not on the forward path of flow {flow.name}"
                f" ({', '.join(names)})",
            )
        )
    last_visit = {v.stage: v for v in visits}
    for stage, fill in fills:
        got = fill(final_bp) if callable(fill) else fill
        last_visit[stage].extras.extend(got)
    return visits
