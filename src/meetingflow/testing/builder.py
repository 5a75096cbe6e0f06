"""One builder for every meeting the tests, the examples, the strategies and the benchmarks need.

``Blueprint`` describes a branch and how its meeting went (size, committee, cadres, probationary
members, absences, exemptions, discipline, item states, redone sittings, parts left out, a
host's own sections); ``scenario(blueprint, flow=...)`` turns it into the steps of that meeting
along the flow's forward path — what each person records, when, and which trigger is fired —
and ``build`` plays those steps through the flow's real operations, so the history, the digests
and the seals are real. The built-in example is one blueprint; a load test of thousands of
members and a one-member branch without a plan are others. A new rule needs its fixture data
here, once.

Why the stages come from the flow: a host inserts stages and tracks of its own, so the builder
asks the flow which stage owns each built-in section (``flow.owner_of``) and which trigger
leaves each stage, and records a host's own data (``Blueprint(extras=...)``) in the stages the
host names. Why ``build`` plays through a rule-less twin of the flow unless asked otherwise:
edge cases (no session, everyone absent) must still be *valid* records a rule can be tested on,
even though the flow's gates would refuse to move them on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Final

import attrs

from meetingflow import records as r
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.testing.blueprint import MAX_MEMBERS, Blueprint, Extra, Fill
from meetingflow.testing.blueprint import (
    MAX_REDONE as MAX_REDONE,  # noqa: PLC0414 - public here before the split; not in __all__
)
from meetingflow.testing.branch import (
    SUPERVISOR,
    new_meeting,
)
from meetingflow.testing.omit import OMITTABLE, _omit
from meetingflow.testing.preparation import _prepare
from meetingflow.testing.rectification import _rectify
from meetingflow.testing.sitting import _criticisms, _critique, _review, _sitting_setup
from meetingflow.testing.steps import CST, Batch, Step, _at
from meetingflow.testing.tracks import _track_fills

if TYPE_CHECKING:
    from meetingflow.flow import Flow, Transition
    from meetingflow.records import Meeting, Record

__all__ = [
    "CST",
    "MAX_MEMBERS",
    "OMITTABLE",
    "SUPERVISOR",
    "Batch",
    "Blueprint",
    "Extra",
    "Fill",
    "Step",
    "bare",
    "build",
    "build_stages",
    "forward_path",
    "new_meeting",
    "play",
    "scenario",
]

# --- planning the scenario along a flow ---------------------------------------------------------


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


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


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


def _default_shape() -> Flow:
    """The default flow (shared): its stages and triggers shape the scenario; :func:`bare`
    strips its rules for building."""
    from meetingflow.flow import default_flow  # noqa: PLC0415 - builders sit above the flow

    return default_flow()


def scenario(
    bp: Blueprint | None = None,
    aspects: tuple[str, ...] | None = None,
    *,
    flow: Flow | None = None,
) -> list[Step]:
    """The steps of the meeting ``bp`` describes along ``flow``'s forward path (default flow).

    One step per visit of a stage; a redone sitting visits the stages from review to critique
    again. The built-in data goes to the stages that own its sections, a host's ``extras`` to
    the stages it names, the appraisal's data to flows with the appraisal track.
    """
    bp = bp or Blueprint()
    aspects = aspects or r.Campaign().aspect_ids
    shape = flow or _default_shape()
    return _steps(_plan(bp, aspects, shape), bp, shape)


# --- playing ---------------------------------------------------------------------------------------


def play(
    flow: Flow, meeting: Meeting, steps: Iterable[Step], *, stop: str | None = None
) -> Iterator[tuple[Step, Meeting]]:
    """Record each step's batches, yield the step with the meeting before its trigger, then fire.

    Stops before firing when the meeting reaches ``stop`` with that stage's data recorded, and
    after a step without a trigger (the scenario's last stage); otherwise it ends with a step
    titled "closed" and the meeting after the last trigger.
    """
    most = r.MAX_ENTRIES  # what one history entry can list; a huge branch's batch is split
    for step in steps:
        for batch in step.batches:
            for start in range(0, len(batch.items), most):
                chunk = batch.items[start : start + most]
                meeting = flow.record(meeting, *chunk, actor=batch.actor, at=batch.at)
        yield step, meeting
        if not step.trigger or (stop is not None and meeting.stage == stop):
            return
        meeting = flow.fire(
            meeting,
            step.trigger,
            actor=step.actor,
            at=step.at,
            reason=step.reason,
            return_to=step.return_to,
            new_date=step.new_date,
        )
    yield Step(Text("结束", "closed"), (), "", "", datetime.min.replace(tzinfo=CST)), meeting


@functools.lru_cache(maxsize=32)
def bare(flow: Flow) -> Flow:
    """``flow`` without rules: the same stages, sections, triggers, tracks' sections and key.

    What the builder plays through, so that a meeting the flow's gates would stop (an edge
    case) can still be built; its meetings are of ``flow.meeting_type`` and verify under it.
    """
    from meetingflow.flow import Flow  # noqa: PLC0415
    from meetingflow.rules.pack import RulePack  # noqa: PLC0415

    return Flow.build(
        name=flow.name,
        stages=flow.stages,
        transitions=tuple(attrs.evolve(t, gates=(), strict_gates=()) for t in flow.transitions),
        pack=RulePack("none"),
        tracks=tuple(attrs.evolve(t, rules=(), gates=(), settings=()) for t in flow.tracks),
        key=flow.key,
        items=flow.items,
    )


def _visits_of(plan: Sequence[Step], stage: str) -> int | None:
    """The index of the last step recorded in ``stage``, if the steps say where they are."""
    found = [i for i, st in enumerate(plan) if st.stage == stage]
    return found[-1] if found else None


def build(
    stage: str = "closed",
    bp: Blueprint | None = None,
    *,
    flow: Flow | None = None,
    steps: Callable[[Blueprint], list[Step]] | None = None,
    gated: bool = False,
) -> Meeting:
    """The meeting of ``bp`` along ``flow`` (default: the default flow), stopped in ``stage``.

    With the stage's data recorded and its trigger not yet fired — on the stage's last visit
    when sittings were redone; the last stage is the closed meeting. The steps are played
    through the flow without its rules (:func:`bare`), so any blueprint builds and a 3000-member
    branch is quick; ``gated=True`` plays through ``flow`` itself, so its gates must let every
    step through (the examples do this). ``steps`` replaces :func:`scenario`.
    """
    return _build(stage, bp or Blueprint(), flow, steps, gated)[stage]


def build_stages(
    bp: Blueprint | None = None, *, flow: Flow | None = None, gated: bool = False
) -> Mapping[str, Meeting]:
    """The meeting of ``bp`` in every stage its scenario reaches, from one play (last visits)."""
    return _build(None, bp or Blueprint(), flow, None, gated)


def _build(
    stage: str | None,
    bp: Blueprint,
    flow: Flow | None,
    steps: Callable[[Blueprint], list[Step]] | None,
    gated: bool,
) -> dict[str, Meeting]:
    shape = flow or _default_shape()
    if stage is not None and stage not in shape.stage_names:
        raise InvalidArgument(
            Text(
                f"流程中没有阶段 {stage!r}",
                f"no stage {stage!r} in flow {shape.name} ({', '.join(shape.stage_names)})",
            )
        )
    runner = shape if gated else bare(shape)
    plan = steps(bp) if steps is not None else scenario(bp, flow=shape)
    stop = _visits_of(plan, stage) if stage is not None else None
    found: dict[str, Meeting] = {}
    meeting = runner.adopt(new_meeting(bp))
    for i, (_, m) in enumerate(play(runner, meeting, plan)):
        if stage is None:
            found[m.stage] = m
        elif i == stop or (stop is None and m.stage == stage):
            return {stage: m}
    if stage is not None:
        raise InvalidArgument(
            Text(f"该场景到达不了阶段 {stage!r}", f"the scenario never reaches stage {stage!r}")
        )
    return found
