"""The questions rules ask of a meeting, answered once: who is present, who leads, who is on leave.

Public, so that a host's rules and the declarative rules read a meeting exactly the way the
built-in rules do. Functions taking a ``RuleContext`` compute their
answer once per check and share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from meetingflow.i18n import Text
from meetingflow.records.terms import BranchRole, ItemState, MemberStatus, Presence

if TYPE_CHECKING:
    from meetingflow.records import (
        ClosureClaim,
        LongTermApproval,
        Meeting,
        Member,
        RectificationItem,
        Verification,
    )
    from meetingflow.rules.context import RuleContext

__all__ = [
    "REGULATION",
    "ItemFacts",
    "absent_on_leave",
    "approved_leave",
    "aspect_names",
    "aspects",
    "cadres",
    "committee",
    "expected",
    "has_committee",
    "is_superior",
    "item_facts",
    "leaders",
    "meeting_date",
    "normalize",
    "presence",
    "present_ids",
    "secretary",
    "sitting_date",
    "unexcused",
]

REGULATION = "《中国共产党支部工作条例（试行）》"
"""The branch work regulation most rules rest on."""


def sitting_date(m: Meeting) -> date | None:
    """The date of the sitting as recorded (``review.session.held_on``), if there is one."""
    return m.review.session.held_on if m.review.session is not None else None


def meeting_date(m: Meeting) -> date | None:
    """The sitting's date; before it, the date of a postponement the superior approved
    (clarification 17: nobody else can move it), else the plan's."""
    held = sitting_date(m)
    if held is not None:
        return held
    moved = [p.new_date for p in m.preparation.postponements if is_superior(m, p.approved_by)]
    if moved:
        return max(moved)
    return m.preparation.plan.meeting_date if m.preparation.plan is not None else None


def secretary(m: Meeting) -> Member | None:
    """The branch secretary, if the roster names one."""
    return next((x for x in m.roster if x.is_secretary), None)


def has_committee(m: Meeting) -> bool:
    """Whether the branch has a committee: a deputy secretary or a committee member on the roster."""
    return any(
        BranchRole.COMMITTEE_MEMBER in x.roles or BranchRole.DEPUTY_SECRETARY in x.roles
        for x in m.roster
    )


def committee(m: Meeting) -> list[Member]:
    """Secretary, deputy secretaries and committee members."""
    return [x for x in m.roster if x.is_committee]


def cadres(m: Meeting) -> list[Member]:
    """Leading cadres on the roster."""
    return [x for x in m.roster if x.is_leading_cadre]


def leaders(m: Meeting) -> list[Member]:
    """Committee members and leading cadres: they speak first."""
    return [x for x in m.roster if x.is_committee or x.is_leading_cadre]


def expected(m: Meeting) -> list[Member]:
    """Members expected to take part: everyone not exempt."""
    return [x for x in m.roster if x.exemption is None]


def full_members(m: Meeting) -> list[Member]:
    """Expected full (not probationary) members."""
    return [x for x in expected(m) if x.status is MemberStatus.FULL]


def is_superior(m: Meeting, person_id: str | None) -> bool:
    """Whether ``person_id`` is a recorded representative of the superior (clarification 17)."""
    return person_id is not None and m.supervisor(person_id) is not None


def presence(m: Meeting, ctx: RuleContext | None = None) -> dict[str, Presence]:
    """Each expected member's presence as recorded; a member without an entry counts as absent."""
    if ctx is not None:
        return ctx.memo("presence", lambda: presence(m))
    recorded = {a.member_id: a.presence for a in m.review.attendance}
    return {x.id: recorded.get(x.id, Presence.ABSENT) for x in expected(m)}


def present_ids(m: Meeting, ctx: RuleContext | None = None) -> list[str]:
    """Ids of present members, in roster order."""
    return [i for i, p in presence(m, ctx).items() if p is Presence.PRESENT]


def approved_leave(m: Meeting, ctx: RuleContext | None = None) -> set[str]:
    """Members whose leave was requested and then approved, on or before the sitting's day.

    The secretary approves; the secretary's own leave is approved by a representative of the
    superior (clarification 17). An approval dated before the request does not count.
    """
    if ctx is not None:
        return ctx.memo("approved_leave", lambda: approved_leave(m))
    sec = secretary(m)
    held = sitting_date(m)
    requests = {r.member_id: r for r in m.review.leave_requests}
    out: set[str] = set()
    for a in m.review.leave_approvals:
        request = requests.get(a.member_id)
        if request is None or a.approved_on < request.requested_on:
            continue
        if held is not None and (a.approved_on > held or request.requested_on > held):
            continue
        if sec is not None and a.member_id == sec.id:
            ok = is_superior(m, a.approved_by)
        else:
            ok = sec is not None and a.approved_by == sec.id
        if ok:
            out.add(a.member_id)
    return out


def absent_on_leave(m: Meeting, ctx: RuleContext | None = None) -> list[str]:
    """Absent members with approved leave, however their attendance was labelled."""
    ok = approved_leave(m, ctx)
    return [i for i, p in presence(m, ctx).items() if p is not Presence.PRESENT and i in ok]


def unexcused(m: Meeting, ctx: RuleContext | None = None) -> list[str]:
    """Absent members without approved leave (ATT-UNEXCUSED, ATT-LEAVE-APPROVED)."""
    ok = approved_leave(m, ctx)
    return [i for i, p in presence(m, ctx).items() if p is not Presence.PRESENT and i not in ok]


def aspects(m: Meeting, ctx: RuleContext) -> tuple[str, ...]:
    """The aspects to cover: the settings' override, else the campaign's."""
    return tuple(ctx.settings.aspects) if ctx.settings.aspects else m.campaign.aspect_ids


def aspect_names(m: Meeting, ids: Iterable[str]) -> list[Text]:
    """The names of aspects, for messages."""
    return [m.campaign.aspect_label(a) for a in ids]


_NOT_WORD = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """Text without spaces and punctuation, for "says the same thing" comparisons."""
    return _NOT_WORD.sub("", text.casefold())


class ItemFacts(NamedTuple):
    """One rectification item with everything recorded about it."""

    item: RectificationItem
    position: int
    closure: ClosureClaim | None
    verification: Verification | None
    approval: LongTermApproval | None
    approved_by_superior: bool = False
    """A long-term item whose approval a representative of the superior gave (clarification 17)."""

    @property
    def state(self) -> ItemState:
        """Open, claimed, closed (claimed and verified) or long-term (approved as such)."""
        if self.closure is not None:
            return ItemState.CLOSED if self.verification is not None else ItemState.CLAIMED
        if self.item.long_term and self.approval is not None:
            return ItemState.LONG_TERM
        return ItemState.OPEN

    def overdue_on(self, day: date) -> bool:
        """No closure, past its deadline, and not a long-term item the superior approved
        (clarifications 7 and 17)."""
        return self.closure is None and day > self.item.due_on and not self.approved_by_superior

    @property
    def closed_late(self) -> bool:
        """Reported done after its deadline."""
        return self.closure is not None and self.closure.closed_on > self.item.due_on


def item_facts(m: Meeting, ctx: RuleContext | None = None) -> list[ItemFacts]:
    """Every rectification item with its closure, verification and long-term approval.

    A verification counts only for a closure claimed on or before it (复查销号 re-checks a
    reported closure): one dated earlier checked something else, and the item stays claimed.
    """
    if ctx is not None:
        return ctx.memo("item_facts", lambda: item_facts(m))
    rect = m.rectification
    closures = {c.item_id: c for c in rect.closures}
    verifications = {v.item_id: v for v in rect.verifications}
    approvals = {a.item_id: a for a in rect.long_term_approvals}
    facts = []
    for i, it in enumerate(rect.items):
        approval = approvals.get(it.id)
        superior = it.long_term and approval is not None and is_superior(m, approval.approved_by)
        closure = closures.get(it.id)
        v = verifications.get(it.id)
        if v is not None and (closure is None or v.verified_on < closure.closed_on):
            v = None
        facts.append(ItemFacts(it, i, closure, v, approval, superior))
    return facts
