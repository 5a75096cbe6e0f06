"""The records of one sitting: its setup in the days before, the review and the critique.

Kept apart from the preparation because a redone sitting repeats exactly these (its setup
then goes to the review stage); ``_criticisms`` names what ``_critique`` makes, so the
rectification can link items to criticisms without building the critique again.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from meetingflow import records as r
from meetingflow.records.terms import CriticismKind, Presence, SessionForm, SpeakingMode
from meetingflow.testing.branch import SUPERVISOR, _expected, _speaking_order
from meetingflow.testing.steps import Batch, _at

if TYPE_CHECKING:
    from meetingflow.records import Record
    from meetingflow.testing.blueprint import Blueprint


def _sitting_setup(bp: Blueprint) -> list[Batch]:
    """The days before a sitting: the session, leave asked and granted, then attendance."""
    s, sec, sup = bp.sitting, bp.secretary, SUPERVISOR
    ids = _expected(bp)

    def day(n: int) -> date:
        return s - timedelta(days=n)

    away = dict(bp.absent)
    on_leave = [i for i, how in away.items() if how == "leave"]
    batches = [
        Batch(
            sec,
            _at(day(3), 9),
            (
                r.Session(
                    held_on=s,
                    form=SessionForm.GENERAL_MEETING,
                    venue="集团三楼会议室",
                    chair_id=bp.chair,
                    recorder_id=bp.recorder,
                    observer_ids=(sup,),
                ),
                *(
                    r.LeaveRequest(member_id=i, requested_on=day(3), reason="出差")
                    for i in on_leave
                ),
            ),
        ),
    ]
    secretary_leave = sec in on_leave
    approvals = [
        r.LeaveApproval(member_id=i, approved_by=sec, approved_on=day(2))
        for i in on_leave
        if i != sec
    ]
    if approvals:
        batches.append(Batch(sec, _at(day(2), 9), tuple(approvals)))
    if secretary_leave:
        batches.append(
            Batch(
                sup,
                _at(day(2), 10),
                (r.LeaveApproval(member_id=sec, approved_by=sup, approved_on=day(2)),),
            )
        )
    batches.append(
        Batch(
            sec,
            _at(s, 8, 50),
            tuple(
                r.Attendance(
                    member_id=i,
                    presence=Presence.PRESENT
                    if i not in away
                    else (Presence.ON_LEAVE if away[i] == "leave" else Presence.ABSENT),
                )
                for i in ids
            ),
        )
    )
    return batches


def _review(bp: Blueprint, aspects: tuple[str, ...]) -> list[Batch]:
    """The branch report and every self-examination, a proxy reading for those on leave."""
    s, sec = bp.sitting, bp.secretary
    order = _speaking_order(bp)
    proxy = order[-1] if order else None
    on_leave = [i for i, how in bp.absent if how == "leave"]
    exams: list[Record] = [
        r.SelfExamination(member_id=i, order=n, aspects=aspects, summary="对照四个方面查找差距")
        for n, i in enumerate(order, 1)
    ]
    exams += [
        r.SelfExamination(
            member_id=i,
            order=len(order) + n,
            mode=SpeakingMode.WRITTEN_PROXY,
            proxy_id=proxy,
            aspects=aspects,
        )
        for n, i in enumerate(on_leave, 1)
    ]
    items: tuple[Record, ...] = (
        r.BranchReport(
            presented_by=sec,
            summary="支部一年来工作情况及支委会对照检查情况",
            covers_committee_inspection=bool(bp.committee),
        ),
        *exams,
    )
    return [Batch(sec, _at(s, 10, 50), items)]


def _critique(bp: Blueprint) -> list[Batch]:
    """Statements, a ring of concrete criticisms with responses, the superior's word."""
    s, sec = bp.sitting, bp.secretary
    order = _speaking_order(bp)
    ring = list(zip(order, [*order[1:], order[0]], strict=True)) if len(order) > 1 else []
    crits: list[Record] = [
        r.Criticism(
            id=f"c{n}",
            from_member=a,
            to_member=b,
            kind=CriticismKind.PROBLEM,
            text="调研走访次数少，3月群众反映的停车问题至今未推动解决。",
        )
        for n, (a, b) in enumerate(ring, 1)
    ]
    items: tuple[Record, ...] = (
        *(r.Statement(member_id=i, order=n, summary="自我批评") for n, i in enumerate(order, 1)),
        *crits,
        *(r.Response(member_id=b, text="诚恳接受，立行立改") for _, b in ring),
    )
    return [
        Batch(sec, _at(s, 16, 30), items),
        Batch(
            SUPERVISOR,
            _at(s, 16, 50),
            (
                r.SuperiorComment(
                    by_id=SUPERVISOR, text="查摆问题具体，批评辣味足，整改要见实效。"
                ),
                r.UnityAttestation(
                    by_id=SUPERVISOR, on=s, text="会议遵循团结—批评—团结方针，无打击报复"
                ),
            ),
        ),
    ]


def _criticisms(bp: Blueprint) -> list[str]:
    """The ids :func:`_critique` gives its criticisms (none with a single speaker), so the
    rectification can link items to them without building the critique."""
    order = _speaking_order(bp)
    return [f"c{n}" for n in range(1, len(order) + 1)] if len(order) > 1 else []
