"""A host's flow for the tests: a follow-up review (整改回头看) after rectification.

A stage with its own typed section and two rules, inserted with ``Flow.insert_stage``, the way
a host adds one; the builder tests, the strategies and the no-jam property all run on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import ClassVar

import meetingflow as mf
from meetingflow.records import Day, Id, Many, Placement, Prose, Record
from meetingflow.rules import RuleContext
from meetingflow.testing import Blueprint

NAME = "follow_up"
PATH = f"extensions.{NAME}"


class FollowUpCheck(Record):
    """One rectification item looked at again some weeks after it was closed."""

    record_into: ClassVar[Placement | None] = Placement(PATH, "checks", "upsert", "item_id")
    item_id: Id
    checked_on: Day
    holds: bool = True
    """Whether the fix held."""
    note: Prose = ""


class FollowUp(Record):
    """The follow-up review's section, at ``meeting.extensions.follow_up``."""

    checks: Many[FollowUpCheck] = ()


def section(meeting: mf.Meeting) -> FollowUp:
    """The meeting's follow-up section (empty when nothing was recorded)."""
    value = getattr(meeting.extensions, NAME, None)
    return value if isinstance(value, FollowUp) else FollowUp()


@mf.rule(
    "HOST-FOLLOWUP-EACH",
    stage=NAME,
    title=("回头看覆盖每个事项", "Every closed item followed up"),
    messages={"missing": ("整改事项 {items} 没有回头看。", "No follow-up of item(s) {items}.")},
    hint=("逐项回头看已销号的整改事项。", "Look again at every closed item."),
    basis="host policy: 整改回头看",
)
def followup_each(m: mf.Meeting, ctx: RuleContext) -> Iterator[mf.Finding]:
    """A closed item that nobody looked at again may have quietly come undone."""
    seen = {c.item_id for c in section(m).checks}
    closed = [it.id for it in m.rectification.items if m.rectification.verification(it.id)]
    missing = [i for i in closed if i not in seen]
    if missing:
        yield ctx.finding(
            f"{PATH}.checks", "missing", items=", ".join(missing), subjects={"item": missing}
        )


@mf.rule(
    "HOST-FOLLOWUP-HOLDS",
    stage=NAME,
    severity="warning",
    gate="none",
    title=("整改成效巩固", "Fixes hold"),
    messages={"relapsed": ("事项 {items} 出现反弹。", "Item(s) {items} came undone.")},
    hint=("对反弹的事项重新整改。", "Rectify the items that came undone again."),
    basis="host policy: 整改回头看",
)
def followup_holds(m: mf.Meeting, ctx: RuleContext) -> Iterator[mf.Finding]:
    """A relapse is worth knowing about even when it blocks nothing."""
    relapsed = [c.item_id for c in section(m).checks if not c.holds]
    if relapsed:
        yield ctx.finding(f"{PATH}.checks", "relapsed", items=", ".join(relapsed))


STAGE = mf.Stage(
    NAME, mf.Text("整改回头看", "follow-up review"), section=FollowUp, items=(FollowUpCheck,)
)


def follow_up_flow(base: mf.Flow | None = None) -> mf.Flow:
    """``base`` (the default flow) with the follow-up review between rectification and closing.

    The closed stage's entry rules (CLOSE-*) check rectification and closing, which the new
    stage seals: left as they are they would gate ``close`` from a stage where nothing they
    point at can be repaired, and the flow refuses them. So they gate the way out of
    rectification instead (``start_follow_up``), where what they point at is still open.
    """
    base = base or mf.default_flow()
    entry = [r.id for r in base.rules if r.stage == base.stage_names[-1] and r.gate == "entry"]
    pack = base.pack
    for rid in entry:
        pack = pack.override(rid, gate="none")
    return (
        base.with_pack(pack)
        .insert_stage(
            STAGE,
            after="rectification",
            trigger="start_follow_up",
            rules=[followup_each, followup_holds],
        )
        .with_gates("start_follow_up", *entry)
    )


def fill(bp: Blueprint) -> list[Record]:
    """The follow-up of a well-run meeting: every item looked at ten weeks after the sitting."""
    return [
        FollowUpCheck(item_id=i, checked_on=bp.sitting + timedelta(days=70)) for i in bp.item_ids
    ]


EXTRAS = {NAME: fill}
"""What a blueprint needs to pass the follow-up stage: ``Blueprint(extras=EXTRAS)``."""
