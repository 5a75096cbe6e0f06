"""Leaving parts of a meeting out: which record types each part drops, and dropping them.

One table and one filter for every section, so a blueprint's ``omit`` means the same wherever
the records come from, and what pointed at a dropped record is unlinked: the meeting stays valid.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

import attrs

from meetingflow import records as r

if TYPE_CHECKING:
    from meetingflow.testing.steps import Batch


OMITTABLE: Final[Mapping[str, tuple[str, ...]]] = types.MappingProxyType(
    {
        "notice": ("Notice",),
        "plan": ("MeetingPlan", "PlanApproval"),
        "notifications": ("Notification",),
        "study": ("StudySession",),
        "opinions": ("Opinion", "OpinionSummary"),
        "talks": ("Talk",),
        "problems": ("Problem",),
        "spot_check": ("SpotCheck",),
        "materials": ("Material", "MaterialReview"),
        "committee_session": ("CommitteeSession",),
        "session": ("Session",),
        "leave": ("LeaveRequest", "LeaveApproval"),
        "attendance": ("Attendance",),
        "branch_report": ("BranchReport",),
        "self_examinations": ("SelfExamination",),
        "statements": ("Statement",),
        "criticisms": ("Criticism", "Response"),
        "superior_comment": ("SuperiorComment",),
        "unity": ("UnityAttestation",),
        "rectification_plan": ("RectificationPlan",),
        "items": ("RectificationItem", "ClosureClaim", "Verification", "LongTermApproval"),
        "closures": ("ClosureClaim", "Verification"),
        "commitments": ("Commitment",),
        "makeups": ("Makeup",),
        "consolidated_list": ("RectificationList",),
        "supervision": ("SupervisionEvent",),
        "publications": ("Publication",),
        "minutes": ("Minutes",),
        "report": ("ReportToSuperior",),
        "archive": ("ArchivedDocument",),
    }
)
"""Parts of a meeting a blueprint can leave out (``Blueprint(omit={"session", "items"})``), and
the record types each drops. What refers to a dropped record is dropped or unlinked with it
(no problems: items lose ``problem_id``; no items: no closures), so the meeting stays valid."""


def _omit(batches: Iterable[Batch], omit: frozenset[str]) -> list[Batch]:
    """``batches`` without the omitted record types; what pointed at them is unlinked."""
    parts = omit & OMITTABLE.keys()
    if not parts:
        return list(batches)
    dropped = tuple(getattr(r, name) for part in parts for name in OMITTABLE[part])
    unlink = {
        field: None
        for part, field in (("problems", "problem_id"), ("criticisms", "criticism_id"))
        if part in parts
    }
    out = []
    for batch in batches:
        items = tuple(
            x.evolve(**unlink) if unlink and isinstance(x, r.RectificationItem) else x
            for x in batch.items
            if not isinstance(x, dropped)
        )
        if items:
            out.append(attrs.evolve(batch, items=items) if items != batch.items else batch)
    return out
