"""Playing a blueprint: its scenario, played through a flow's real operations to a stage.

Through a rule-less twin of the flow (``bare``) unless asked otherwise, so an edge case the
gates would stop still builds; the history, the digests and the seals are the flow's own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from meetingflow import records as r
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.testing.blueprint import Blueprint
from meetingflow.testing.branch import new_meeting
from meetingflow.testing.plan import _plan
from meetingflow.testing.steps import CST, Step
from meetingflow.testing.timing import _steps

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Meeting


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
