"""A dossier reduced to its figures: what the cross-meeting rules and the figures read.

Read the way the single-meeting rules read a meeting (:mod:`meetingflow.rules.facts`): the
expected members, approved leave, unexcused absences, each rectification item's closure,
verification and long-term approval. Dates of the history are taken in the organization's
time zone.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Messages
from meetingflow.portfolio.records import (
    AttendanceCounts,
    GradeCounts,
    MeetingSummary,
    MemberMark,
    Postponement,
    ProblemCounts,
    StageMark,
)
from meetingflow.records.terms import ItemState, Presence
from meetingflow.rules.facts import (
    absent_on_leave,
    expected,
    item_facts,
    meeting_date,
    presence,
    sitting_date,
    unexcused,
)

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.rules.facts import ItemFacts

__all__ = ["held", "problem_counts", "summarize"]

INITIAL_STAGE = "preparation"


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def held(m: Meeting) -> bool:
    """The sitting took place: a session is recorded and the meeting has left preparation."""
    return m.review.session is not None and m.stage != INITIAL_STAGE


def verified(f: ItemFacts) -> bool:
    """Closed with dated evidence and verified by someone other than the owner (clarification 18)."""
    return (
        f.closure is not None
        and bool(f.closure.evidence)
        and f.verification is not None
        and f.verification.verifier_id != f.item.owner_id
    )


def problem_counts(m: Meeting) -> ProblemCounts:
    """The rectification list of ``m`` as counts, open items by due date."""
    claimed = verified_n = late = long_term = 0
    open_due: list[Any] = []
    for f in item_facts(m):
        if f.closure is not None:
            claimed += 1
            verified_n += verified(f)
            late += f.closed_late
        elif f.state is ItemState.LONG_TERM:
            long_term += 1
        else:
            open_due.append(f.item.due_on)
    return ProblemCounts(
        closed_claimed=claimed,
        closed_verified=verified_n,
        overdue_then_closed=late,
        long_term=long_term,
        open_due_on=tuple(sorted(open_due)),
    )


def _grades(m: Meeting) -> GradeCounts | None:
    section = getattr(m.extensions, "member_appraisal", None)
    grades = getattr(section, "grades", None)
    if section is None or grades is None:
        return None
    counts = {"excellent": 0, "qualified": 0, "basically_qualified": 0, "unqualified": 0}
    graded = set()
    for g in grades:
        counts[str(g.grade)] = counts.get(str(g.grade), 0) + 1
        graded.add(g.member_id)
    ungraded = sum(1 for x in expected(m) if x.id not in graded)
    return GradeCounts(**counts, ungraded=ungraded)


def _prepared_on(m: Meeting) -> Any:
    """When preparation was complete: its last dated act (approval, review, study, talk), or the sitting."""
    prep = m.preparation
    days = [
        *(r.reviewed_on for r in prep.material_reviews),
        *(s.held_on for s in prep.study_sessions),
        *(t.held_on for t in prep.talks),
        *((prep.plan_approval.approved_on,) if prep.plan_approval is not None else ()),
        *((prep.committee_session.held_on,) if prep.committee_session is not None else ()),
        *((prep.opinion_summary.on,) if prep.opinion_summary is not None else ()),
    ]
    held_on = sitting_date(m)
    if held_on is not None:
        days = [d for d in days if d <= held_on]
    return max(days, default=held_on)


def summarize(meeting: Meeting, *, campaign_id: str | None = None) -> MeetingSummary:
    """``meeting`` as a :class:`MeetingSummary`: a few hundred bytes instead of the dossier.

    Attendance and member marks only once the sitting took place (:func:`held`); before it,
    nobody is absent yet. Postponements count when approved by a recorded representative of
    the superior (clarification 17), who speaks for his or her organization.
    """
    from meetingflow.records import Meeting  # noqa: PLC0415

    if not isinstance(meeting, Meeting):
        raise InvalidArgument(Messages.not_a_meeting.format(got=type(meeting).__name__))
    m = meeting
    zone = _zone(m.organization.timezone)
    is_held = held(m)
    attendance = None
    marks: tuple[MemberMark, ...] = ()
    if is_held:
        leave = absent_on_leave(m)
        away = unexcused(m)
        present = presence(m)
        roster_n = len(m.roster)
        expected_n = len(present)
        attendance = AttendanceCounts(
            expected=expected_n,
            present=expected_n - len(leave) - len(away),
            on_leave=len(leave),
            unexcused=len(away),
            exempt=roster_n - expected_n,
        )
        on_leave = set(leave)
        marks = tuple(
            MemberMark(
                member_id=i,
                presence=Presence.PRESENT
                if p is Presence.PRESENT
                else (Presence.ON_LEAVE if i in on_leave else Presence.ABSENT),
            )
            for i, p in present.items()
        )
    stages_done = tuple(
        StageMark(
            stage=e.stage,
            on=_prepared_on(m) if e.stage == INITIAL_STAGE else e.at.astimezone(zone).date(),
        )
        for e in m.history
        if e.kind == "transition" and e.stage != e.target and e.trigger != "order_redo"
    )
    postponements = []
    for p in m.preparation.postponements:
        sup = m.supervisor(p.approved_by)
        if sup is not None:
            postponements.append(
                Postponement(
                    org_id=m.organization.id,
                    campaign_id=campaign_id,
                    requested_on=p.requested_on,
                    new_date=p.new_date,
                    reason=p.reason,
                    approved_by=p.approved_by,
                    approved_by_org=sup.org_id,
                    approved_on=p.approved_on,
                )
            )
    return MeetingSummary(
        id=m.id,
        org_id=m.organization.id,
        campaign_id=campaign_id,
        kind=m.campaign.kind,
        meeting_year=m.campaign.meeting_year,
        stage=m.stage,
        planned_on=meeting_date(m),
        held_on=sitting_date(m) if is_held else None,
        stages_done=stages_done,
        attendance=attendance,
        problems=problem_counts(m),
        grades=_grades(m),
        talks=len(m.preparation.talks),
        members=marks,
        postponements=tuple(postponements),
    )
