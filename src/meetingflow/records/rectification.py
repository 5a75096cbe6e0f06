"""After the meeting (会后整改): the problem list, commitments, closures and supervision.

Each act is its own record, recorded by the person who performed it: the owner (or the
secretary) claims an item done with dated evidence, a verifier verifies it, the superior
approves a long-term item; so the history says who did what, and when.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Final

from pydantic import model_validator

from meetingflow.records._base import (
    Day,
    Happened,
    Id,
    Many,
    MemberRef,
    PersonRef,
    Placement,
    Problem,
    Prose,
    Record,
    RequiredText,
)
from meetingflow.records.terms import DispositionKind, ItemState, MakeupKind, ProblemScope

__all__ = [
    "ClosureClaim",
    "Commitment",
    "Disposition",
    "Escalation",
    "Evidence",
    "LongTermApproval",
    "Makeup",
    "Milestone",
    "Rectification",
    "RectificationItem",
    "RectificationList",
    "RectificationPlan",
    "SupervisionEvent",
    "Verification",
]

_X: Final = "rectification"
_SELF: Final = frozenset({"self"})


class RectificationPlan(Record):
    """The rectification plan (整改方案) issued after the sitting."""

    record_into: ClassVar[Placement | None] = Placement(_X, "plan", "set")

    issued_on: Happened
    summary: Prose = ""


class Milestone(Record):
    """A stage of a long-term item, with its due date and when it was done."""

    text: RequiredText
    due_on: Day
    done_on: Happened | None = None


class RectificationItem(Record):
    """One line of the rectification list: what is fixed, why, how, by whom, by when."""

    record_into: ClassVar[Placement | None] = Placement(_X, "items", "upsert", "id")

    id: Id
    problem_id: Id | None = None
    """The identified problem this item answers (preparation.problems)."""
    criticism_id: Id | None = None
    """The criticism this item answers (critique.criticisms or a redone session's)."""
    scope: ProblemScope = ProblemScope.MEMBER
    owner_id: MemberRef
    description: RequiredText
    root_cause: Prose = ""
    measures: Many[RequiredText] = ()
    due_on: Day
    commitment: Prose = ""
    """The owner's commitment for this item (整改承诺), when made per item."""
    long_term: bool = False
    """Needs long-term work (长期坚持); counts as settled once the superior approves it."""
    milestones: Many[Milestone] = ()
    supervision_notes: Many[RequiredText] = ()


class Evidence(Record):
    """Evidence that an item is done, with its date (a document, a photo, a link)."""

    ref: RequiredText
    dated_on: Happened


class ClosureClaim(Record):
    """An item reported done (销号申请): when, by whom, with what evidence."""

    record_into: ClassVar[Placement | None] = Placement(
        _X,
        "closures",
        "upsert",
        "item_id",
        by=frozenset({"secretary", "self"}),
        self_field="closed_by",
    )

    item_id: Id
    closed_on: Happened
    closed_by: MemberRef
    evidence: Many[Evidence] = ()


class Verification(Record):
    """The check of a claimed closure (复查销号), recorded by the verifier."""

    record_into: ClassVar[Placement | None] = Placement(
        _X, "verifications", "upsert", "item_id", by=_SELF, self_field="verifier_id"
    )

    item_id: Id
    verifier_id: PersonRef
    verified_on: Happened


class LongTermApproval(Record):
    """The superior's approval of an item as long-term (长期坚持), recorded by the approver."""

    record_into: ClassVar[Placement | None] = Placement(
        _X, "long_term_approvals", "upsert", "item_id", by=_SELF, self_field="approved_by"
    )

    item_id: Id
    approved_by: PersonRef
    approved_on: Happened


class Escalation(Record):
    """An overdue item escalated to the superior (督办): by whom, to whom, when."""

    record_into: ClassVar[Placement | None] = Placement(
        _X, "escalations", "append", by=frozenset({"secretary", "self"}), self_field="by_id"
    )

    item_id: Id
    by_id: PersonRef
    to_org: Id
    on: Happened
    note: Prose = ""


class Commitment(Record):
    """A rectification commitment (整改承诺)."""

    record_into: ClassVar[Placement | None] = Placement(
        _X, "commitments", "append", by=frozenset({"secretary", "self"}), self_field="member_id"
    )

    member_id: MemberRef
    made_on: Happened
    text: RequiredText


class Disposition(Record):
    """What became of a problem or an accepted criticism that has no item of its own (RECT-TRACE)."""

    record_into: ClassVar[Placement | None] = Placement(_X, "dispositions", "append")

    problem_id: Id | None = None
    criticism_id: Id | None = None
    kind: DispositionKind
    reason: RequiredText
    merged_into: Id | None = None
    """The item it was merged into (``kind="merged"``)."""

    @model_validator(mode="after")
    def _one_subject(self) -> Disposition:
        if (self.problem_id is None) == (self.criticism_id is None):
            raise Problem(
                "处理说明须且只能针对一个问题（problem_id）或一条批评（criticism_id）",
                "a disposition concerns exactly one problem (problem_id) or criticism (criticism_id)",
            )
        if self.kind is DispositionKind.MERGED and self.merged_into is None:
            raise Problem(
                "合并整改须写明并入的整改事项（merged_into）",
                "a merged disposition names merged_into",
            )
        return self


class Makeup(Record):
    """An absent member briefed or making up the session (补课), and who gave it."""

    record_into: ClassVar[Placement | None] = Placement(_X, "makeups", "upsert", "member_id")

    member_id: MemberRef
    on: Happened
    kind: MakeupKind = MakeupKind.MAKEUP_SESSION
    by_id: PersonRef | None = None
    note: Prose = ""


class SupervisionEvent(Record):
    """The superior's supervision (督导) during rectification, recorded by the supervisor."""

    record_into: ClassVar[Placement | None] = Placement(
        _X, "supervision", "append", by=_SELF, self_field="by_id"
    )

    by_id: PersonRef
    on: Happened
    note: Prose = ""


class RectificationList(Record):
    """The consolidated rectification list (清单汇总) and its submission to the superior."""

    record_into: ClassVar[Placement | None] = Placement(_X, "consolidated_list", "set")

    consolidated_on: Happened
    submitted_to: Id
    submitted_on: Happened | None = None


class Rectification(Record):
    """Everything done after the sitting to fix what it found."""

    plan: RectificationPlan | None = None
    items: Many[RectificationItem] = ()
    closures: Many[ClosureClaim] = ()
    verifications: Many[Verification] = ()
    long_term_approvals: Many[LongTermApproval] = ()
    escalations: Many[Escalation] = ()
    commitments: Many[Commitment] = ()
    dispositions: Many[Disposition] = ()
    makeups: Many[Makeup] = ()
    supervision: Many[SupervisionEvent] = ()
    consolidated_list: RectificationList | None = None

    def item(self, item_id: str) -> RectificationItem | None:
        """The item with ``item_id``, if any."""
        return next((it for it in self.items if it.id == item_id), None)

    def closure(self, item_id: str) -> ClosureClaim | None:
        """The closure claim of an item, if any."""
        return next((c for c in self.closures if c.item_id == item_id), None)

    def verification(self, item_id: str) -> Verification | None:
        """The verification of an item, if any."""
        return next((v for v in self.verifications if v.item_id == item_id), None)

    def long_term_approval(self, item_id: str) -> LongTermApproval | None:
        """The superior's long-term approval of an item, if any."""
        return next((a for a in self.long_term_approvals if a.item_id == item_id), None)

    def state(self, item_id: str) -> ItemState:
        """Open, claimed (awaiting verification), closed (claimed and verified), or long-term."""
        claim = self.closure(item_id)
        if claim is not None:
            return ItemState.CLOSED if self.verification(item_id) is not None else ItemState.CLAIMED
        item = self.item(item_id)
        if item is not None and item.long_term and self.long_term_approval(item_id) is not None:
            return ItemState.LONG_TERM
        return ItemState.OPEN

    def closed_on(self, item_id: str) -> date | None:
        """When the item was reported done, if it was."""
        claim = self.closure(item_id)
        return claim.closed_on if claim is not None else None
