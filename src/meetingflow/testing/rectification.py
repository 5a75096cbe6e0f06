"""The rectification's records: items and how each ends, minutes, the report, the archive.

Each item ends in the state the blueprint gives it, so the edge cases (open, claimed, long-term)
come from the same code as the compliant meeting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from meetingflow import records as r
from meetingflow.records.terms import (
    DocumentKind,
    ItemState,
    MakeupKind,
    MemberState,
    ProblemScope,
    PublicationContent,
    ReportSection,
)
from meetingflow.testing.branch import SUPERVISOR, _expected, _present, _speaking_order
from meetingflow.testing.steps import Batch, _at

if TYPE_CHECKING:
    from meetingflow.testing.blueprint import Blueprint


def _rectify(bp: Blueprint, meeting_criticisms: Sequence[str]) -> list[Batch]:
    """The plan and items, commitments, make-ups, supervision, closures, minutes, report, archive."""
    s, sec, sup = bp.sitting, bp.secretary, SUPERVISOR
    ids = _expected(bp)

    def d(n: int) -> date:
        return s + timedelta(days=n)

    order = _speaking_order(bp)
    ring = dict(zip(order, [*order[1:], order[0]], strict=True)) if len(order) > 1 else {}
    crit_of = {b: f"c{n}" for n, b in enumerate(ring.values(), 1)}
    items = [
        r.RectificationItem(
            id="r-branch",
            problem_id="p-branch",
            scope=ProblemScope.BRANCH,
            owner_id=sec,
            description="支部学习流于形式",
            root_cause="缺少调研制度",
            measures=("建立每月专题调研制度", "开展“我为群众办实事”活动"),
            due_on=d(51),
        )
    ]
    for i in ids:
        items.append(
            r.RectificationItem(
                id=f"r-{i}",
                problem_id=f"p-{i}",
                criticism_id=crit_of.get(i) if crit_of.get(i) in meeting_criticisms else None,
                owner_id=i,
                description="为群众办实事主动性不强",
                root_cause="宗旨意识有所淡化",
                measures=("每月走访群众不少于2次", "牵头解决1件群众急难愁盼问题"),
                due_on=d(51),
                long_term=i in bp.long_term,
                milestones=(r.Milestone(text="建立走访台账", due_on=d(40)),)
                if i in bp.long_term
                else (),
            )
        )
    state = {it.id: bp.item_state(it.id) for it in items}
    items = [
        it.evolve(long_term=True, milestones=(r.Milestone(text="建立走访台账", due_on=d(40)),))
        if state[it.id] is ItemState.LONG_TERM and not it.long_term
        else it
        for it in items
    ]
    long_term = [x for x, st in state.items() if st is ItemState.LONG_TERM]
    closing_ids = [x for x, st in state.items() if st in (ItemState.CLAIMED, ItemState.CLOSED)]
    verified = {x for x, st in state.items() if st is ItemState.CLOSED}
    away = dict(bp.absent)
    present = _present(bp)
    return [
        Batch(
            sec,
            _at(d(3), 10),
            (
                r.RectificationPlan(issued_on=d(3), summary="问题清单、整改措施、责任人和时限"),
                *items,
                *(
                    r.Commitment(member_id=i, made_on=d(3), text="定一条、做一条、兑现一条")
                    for i in (sec, *bp.committee_ids)
                    if i in ids
                ),
            ),
        ),
        Batch(
            sec,
            _at(d(5), 10),
            (
                r.RectificationList(
                    consolidated_on=d(5), submitted_to=bp.parent_id, submitted_on=d(5)
                ),
                *(
                    r.Makeup(
                        member_id=i,
                        on=d(5),
                        kind=MakeupKind.MAKEUP_SESSION,
                        by_id=sec,
                        note="补课",
                    )
                    for i in away
                ),
                r.Publication(
                    scope="集团资产公司全体职工",
                    on=d(5),
                    content=PublicationContent.LIST,
                    text="整改清单",
                ),
            ),
        ),
        Batch(sup, _at(d(25), 10), (r.SupervisionEvent(by_id=sup, on=d(25), note="整改督导"),)),
        *(
            [
                Batch(
                    sup,
                    _at(d(30), 10),
                    tuple(
                        r.LongTermApproval(item_id=x, approved_by=sup, approved_on=d(30))
                        for x in long_term
                    ),
                )
            ]
            if long_term
            else []
        ),
        Batch(
            sec,
            _at(d(46), 10),
            tuple(
                r.ClosureClaim(
                    item_id=x,
                    closed_on=d(46),
                    closed_by=sec if x == "r-branch" else x.removeprefix("r-"),
                    evidence=(r.Evidence(ref=f"archive/{s.year}/{x}.pdf", dated_on=d(45)),),
                )
                for x in closing_ids
            ),
        ),
        Batch(
            sec,
            _at(d(47), 10),
            tuple(
                r.Verification(item_id=x, verifier_id=sec, verified_on=d(47))
                for x in closing_ids
                if x in verified and x not in ("r-branch", f"r-{sec}")
            ),
        ),
        Batch(
            sup,
            _at(d(47), 15),
            tuple(
                r.Verification(item_id=x, verifier_id=sup, verified_on=d(47))
                for x in ("r-branch", f"r-{sec}")
                if x in verified
            ),
        ),
        Batch(
            sec,
            _at(d(50), 10),
            (
                r.Publication(
                    scope="集团资产公司全体职工",
                    on=d(50),
                    content=PublicationContent.COMPLETION,
                    text="整改完成情况",
                ),
                _minutes(bp, present, away),
                r.ReportToSuperior(
                    submitted_on=d(10),
                    to_org=bp.parent_id,
                    sections=tuple(ReportSection),
                    member_states=tuple(
                        r.MemberStateEntry(
                            member_id=i,
                            state=MemberState.PRESENT
                            if i not in away
                            else (
                                MemberState.ON_LEAVE
                                if away[i] == "leave"
                                else MemberState.ABSENT_UNEXCUSED
                            ),
                        )
                        for i in ids
                    ),
                    summary="会议情况报告",
                ),
                *(
                    r.ArchivedDocument(kind=k, ref=f"archive/{s.year}/{k.value}", filed_on=d(50))
                    for k in DocumentKind
                    if k is not DocumentKind.APPRAISAL
                ),
            ),
        ),
    ]


def _minutes(bp: Blueprint, present_ids: list[str], away: Mapping[str, str]) -> r.Minutes:
    prob_ids = set(bp.probationary_ids)
    present = set(present_ids)
    ids = _expected(bp)
    full = [i for i in ids if i not in prob_ids]
    prob = [i for i in ids if i in prob_ids]
    return r.Minutes(
        held_on=bp.sitting,
        place="集团三楼会议室",
        chair_id=bp.chair,
        recorder_id=bp.recorder,
        expected_full=len(full),
        expected_probationary=len(prob),
        present_full=sum(1 for i in full if i in present),
        present_probationary=sum(1 for i in prob if i in present),
        absentees=tuple(
            r.Absentee(
                member_id=i,
                reason="出差（已请假）" if how == "leave" else "无故缺席",
                excused=how == "leave",
            )
            for i, how in away.items()
        ),
        agenda=("通报支委会对照检查情况", "逐一检视剖析", "相互批评", "上级点评"),
        speech_summaries=tuple(
            r.SpeechSummary(member_id=i, summary="对照检查发言") for i in present_ids
        ),
        decisions=("形成问题清单和整改方案",),
    )
