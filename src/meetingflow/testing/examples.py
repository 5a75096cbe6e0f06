"""The built-in example meetings, modelled on the source document (绵投集团, 2021).

The compliant example is the builder's default branch of eight; the flawed one is the same
branch with typical mistakes — a leading cadre absent without leave, praise passed off as
criticism (so the superior orders the sitting redone), and an item left overdue. The demo,
the docs and the tests use them.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from meetingflow import records as r
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.records.terms import CriticismKind, Presence
from meetingflow.testing.builder import (
    CST,
    SUPERVISOR,
    Batch,
    Blueprint,
    Step,
    build,
    forward_path,
    scenario,
)

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Meeting

__all__ = [
    "BLUEPRINT",
    "CADRE",
    "SECRETARY",
    "SUPERVISOR",
    "appraisal_steps",
    "example",
    "example_at",
    "flawed_steps",
    "steps",
]

BLUEPRINT = Blueprint()
"""The example branch: eight members, a secretary, two committee members, a leading cadre."""
SECRETARY = BLUEPRINT.secretary
"""The branch secretary of the examples (``m01``)."""
CADRE = BLUEPRINT.cadre_ids[0]
"""The leading cadre under dual membership (``m04``)."""


def steps(flow: Flow | None = None) -> list[Step]:
    """The steps of the well-run example meeting along ``flow`` (default: the default flow)."""
    return scenario(BLUEPRINT, flow=flow)


def flawed_steps() -> list[Step]:
    """The flawed example: a cadre absent, praise as criticism, a redo, an item left overdue."""
    bp = BLUEPRINT
    good = scenario(bp)
    prep, review, critique, _ = good
    s = bp.sitting
    prep = attrs.evolve(
        prep,
        batches=(
            *prep.batches[:-1],
            Batch(
                SECRETARY,
                prep.batches[-1].at,
                (*prep.batches[-1].items, r.Attendance(member_id=CADRE, presence=Presence.ABSENT)),
            ),
        ),
    )
    here = [m for m in ("m01", "m02", "m03", "m05", "m06", "m07", "m08")]
    flawed_review = Step(
        review.title,
        (
            Batch(
                SECRETARY,
                review.batches[0].at,
                (
                    r.BranchReport(
                        presented_by=SECRETARY,
                        summary="支部工作情况",
                        covers_committee_inspection=True,
                    ),
                    *(
                        r.SelfExamination(member_id=i, order=n, aspects=r.Campaign().aspect_ids)
                        for n, i in enumerate(here, 1)
                    ),
                ),
            ),
        ),
        review.trigger,
        review.actor,
        review.at,
    )
    ring = list(zip(here, [*here[1:], here[0]], strict=True))
    crits: list[r.Record] = []
    for n, (a, b) in enumerate(ring, 1):
        if a == "m05":
            crits.append(
                r.Criticism(
                    id=f"c{n}",
                    from_member=a,
                    to_member=b,
                    kind=CriticismKind.PRAISE,
                    text="工作太拼命了，希望注意身体，劳逸结合。",
                )
            )
        else:
            crits.append(
                r.Criticism(
                    id=f"c{n}",
                    from_member=a,
                    to_member=b,
                    text="调研走访次数少，群众反映的问题推动不力。",
                )
            )
    flawed_critique = Step(
        critique.title,
        (
            Batch(
                SECRETARY,
                critique.batches[0].at,
                (
                    *(r.Statement(member_id=i, order=n) for n, i in enumerate(here, 1)),
                    *crits,
                    *(r.Response(member_id=b) for _, b in ring),
                ),
            ),
            critique.batches[1],
        ),
        "order_redo",
        SUPERVISOR,
        datetime(s.year, s.month, s.day, 18, tzinfo=CST),
        reason="批评与自我批评流于形式（明贬暗褒），领导干部无故缺席",
        return_to="review",
        new_date=s + timedelta(days=7),
    )
    again = s + timedelta(days=7)  # the redo's new date
    redo_bp = attrs.evolve(bp, sitting=again)
    redone = scenario(redo_bp)
    new_session = redone[0].batches[-2].items[0]
    attendance = redone[0].batches[-1]
    review2 = attrs.evolve(
        redone[1],
        batches=(
            Batch(SECRETARY, attendance.at - timedelta(days=2), (new_session,)),
            attendance,
            *redone[1].batches,
        ),
    )
    late_item = "r-m07"
    rect2 = redone[3]
    batches: list[Batch] = []
    for batch in rect2.batches:
        items = tuple(
            x.evolve(due_on=again + timedelta(days=30))
            if isinstance(x, r.RectificationItem) and x.id == late_item
            else x
            for x in batch.items
            if not (isinstance(x, r.ClosureClaim | r.Verification) and x.item_id == late_item)
        )
        if items:
            batches.append(Batch(batch.actor, batch.at, items))
    rect2 = attrs.evolve(rect2, batches=tuple(batches))
    # The flawed example in a stage is its first visit there (the flawed sitting, not the
    # redone one): the steps do not say their stage, so building stops at the first reach.
    story = [prep, flawed_review, flawed_critique, review2, redone[2], rect2]
    return [attrs.evolve(st, stage=None) for st in story]


def appraisal_steps() -> list[Step]:
    """The compliant example with democratic appraisal (``default_flow(extensions=[appraisal.TRACK])``)."""
    return scenario(BLUEPRINT, flow=_appraisal_flow())


def _appraisal_flow() -> Flow:
    from meetingflow.extensions import appraisal as ap  # noqa: PLC0415 - the optional track
    from meetingflow.flow import default_flow  # noqa: PLC0415

    return default_flow(extensions=[ap.TRACK])


def example(
    stage: str = "closed",
    *,
    flawed: bool = False,
    appraisal: bool = False,
    flow: Flow | None = None,
) -> Meeting:
    """The built-in example meeting in ``stage``, with that stage's data recorded.

    Played through ``flow`` with its rules (default: the default flow; with ``appraisal``, the
    default flow with the appraisal track), so its gates let it through — a host's flow with
    stages of its own passes them only if its rules accept a meeting without the host's data.
    The flawed example (default flow only) reaches ``rectification`` only after its redo, and
    never ``closed``.
    """
    from meetingflow.flow import default_flow  # noqa: PLC0415 - examples sit above the flow

    if flow is None:
        flow = _appraisal_flow() if appraisal else default_flow()
    plan = (lambda bp: flawed_steps()) if flawed else None
    try:
        return build(stage, BLUEPRINT, flow=flow, steps=plan, gated=True)
    except InvalidArgument:
        if stage in flow.stage_names:
            raise InvalidArgument(
                Text(f"示例到达不了阶段 {stage!r}", f"the example never reaches stage {stage!r}")
            ) from None
        raise


def example_at(stage: str, *, flow: Flow | None = None, bp: Blueprint | None = None) -> datetime:
    """A check time that fits the meeting of ``bp`` (the example) in ``stage`` of ``flow``.

    The moment its scenario leaves the stage (its last visit); for the last stage, a day after
    the meeting closed.
    """
    return _stage_at(stage, flow, bp or BLUEPRINT)


@functools.lru_cache(maxsize=64)
def _stage_at(stage: str, flow: Flow | None, bp: Blueprint) -> datetime:
    from meetingflow.flow import default_flow  # noqa: PLC0415

    shape = flow or default_flow()
    if stage not in shape.stage_names:
        raise InvalidArgument(
            Text(f"没有阶段 {stage!r}", f"no stage {stage!r} in flow {shape.name}")
        )
    plan = scenario(bp, flow=shape)
    visits = [st for st in plan if st.stage == stage and st.trigger]
    if visits:
        return visits[-1].at
    if plan and stage == forward_path(shape)[-1][0]:
        end = plan[-1]
        return max([end.at] if end.trigger else [b.at for b in end.batches]) + timedelta(days=1)
    raise InvalidArgument(
        Text(f"示例到达不了阶段 {stage!r}", f"the example never reaches stage {stage!r}")
    )
