"""The preparation's records: what a branch does before its first sitting, up to the reviews.

The notice, the plan and its approval, notifications, study, opinions, heart-to-heart talks,
problems, materials, the committee's own session and the material reviews — dated backwards
from the sitting, so that a blueprint's ``sitting`` moves them all together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from meetingflow import records as r
from meetingflow.records.terms import MaterialKind, OpinionSource, ProblemScope, SessionForm
from meetingflow.testing.branch import SUPERVISOR, _expected, _present
from meetingflow.testing.steps import Batch, _at

if TYPE_CHECKING:
    from meetingflow.records import Record
    from meetingflow.testing.blueprint import Blueprint


def _prepare(
    bp: Blueprint, aspects: tuple[str, ...], timetable: Sequence[tuple[str, date]]
) -> list[Batch]:
    """Everything before the sitting, up to the material reviews; ``timetable`` is the
    notice's deadline for each stage."""
    s, sec, sup = bp.sitting, bp.secretary, SUPERVISOR
    ids = _expected(bp)

    def day(n: int) -> date:
        return s - timedelta(days=n)

    leaders = set(bp.leaders)
    talks = [r.Talk(person_a=sec, person_b=i, held_on=day(14)) for i in ids if i != sec]
    com = [i for i in (*bp.committee_ids,) if i in ids]
    talks += [
        r.Talk(person_a=a, person_b=b, held_on=day(13))
        for k, a in enumerate(com)
        for b in com[k + 1 :]
    ]
    ordinary = [i for i in ids if i != sec]
    ring = [
        r.Talk(person_a=a, person_b=b, held_on=day(13))
        for a, b in zip(ordinary, [*ordinary[1:], *ordinary[:1]], strict=True)
        if len(ordinary) > 1 and not (a in com and b in com)
    ]
    talks += ring
    # Every member but the secretary talks with a peer outside the committee's own pairs:
    # in a long committee the ring above leaves its middle members without one.
    peers = {x for t in ring for x in (t.person_a, t.person_b)}
    others = [i for i in ordinary if i not in com]
    talks += [
        r.Talk(person_a=a, person_b=b, held_on=day(13))
        for a in ordinary
        if a not in peers and (b := next((o for o in others if o != a), None)) is not None
    ]
    problems: list[Record] = [
        r.Problem(
            id="p-branch",
            scope=ProblemScope.BRANCH,
            description="支部学习流于形式，联系群众不够紧密",
            root_cause="支委会对理论学习重视不够，缺少调研制度",
            aspect=aspects[1 % len(aspects)],
            listed_on=day(11),
        )
    ]
    problems += [
        r.Problem(
            id=f"p-{i}",
            owner_id=i,
            description="为群众办实事主动性不强",
            root_cause="宗旨意识有所淡化，满足于完成日常事务",
            aspect=aspects[-1],
            listed_on=day(11),
        )
        for i in ids
    ]
    materials: list[r.Material] = []
    if bp.committee:
        materials.append(r.Material(id="mat-committee", submitted_on=day(8), aspects=aspects))
    materials += [
        r.Material(
            id=f"mat-{i}",
            author_id=i,
            submitted_on=day(8),
            aspects=aspects,
            kind=MaterialKind.INSPECTION_MATERIAL if i in leaders else MaterialKind.SPEECH_OUTLINE,
        )
        for i in ids
    ]
    by_superior = {x.id for x in materials if x.author_id in (None, sec, *bp.cadre_ids)}
    away = dict(bp.absent)
    on_leave = [i for i, how in away.items() if how == "leave"]
    batches = [
        Batch(
            sec,
            _at(day(24), 9),
            (
                r.Notice(
                    issuer_org=bp.parent_id,
                    issued_on=day(24),
                    title="关于召开党史学习教育专题组织生活会的通知",
                    scope_org_ids=(bp.org_id,),
                    timetable=tuple(
                        r.StageDeadline(stage=stage, due_on=due) for stage, due in timetable
                    ),
                ),
            ),
        ),
        Batch(
            sec,
            _at(day(21), 10),
            (
                r.MeetingPlan(
                    org_id=bp.org_id,
                    drafted_on=day(22),
                    meeting_date=s,
                    venue="集团三楼会议室",
                    theme=bp.theme,
                    form=SessionForm.GENERAL_MEETING,
                    agenda=(
                        "通报支委会对照检查情况",
                        "通报上次整改情况",
                        "逐一检视剖析",
                        "相互批评",
                        "上级点评",
                    ),
                    study_items=("习近平总书记“七一”重要讲话", "《中国共产党简史》"),
                    schedule=(
                        r.ScheduleEntry(on=day(15), what="集中学习"),
                        r.ScheduleEntry(on=day(7), what="召开支委会"),
                        r.ScheduleEntry(on=s, what="召开专题组织生活会"),
                    ),
                    addressed_to=bp.parent_id,
                    submitted_on=day(21),
                ),
            ),
        ),
        Batch(sup, _at(day(18), 15), (r.PlanApproval(approved_by=sup, approved_on=day(18)),)),
        Batch(
            sec,
            _at(day(17), 9),
            tuple(r.Notification(member_id=i, notified_on=day(17)) for i in ids),
        ),
        Batch(
            sec,
            _at(day(10), 18),
            (
                r.StudySession(
                    id="study-1",
                    held_on=day(15),
                    hours=4,
                    topic="党史专题学习",
                    attendee_ids=tuple(_present(bp) + on_leave),
                ),
                r.StudySession(
                    id="study-2",
                    held_on=day(10),
                    hours=4,
                    topic="重要讲话精神",
                    attendee_ids=tuple(_present(bp) + on_leave),
                ),
                r.Opinion(
                    id="op-1",
                    source_kind=OpinionSource.INSIDE_PARTY,
                    text="支部活动形式单一",
                    collected_on=day(16),
                ),
                r.Opinion(
                    id="op-2",
                    source_kind=OpinionSource.MASSES,
                    text="服务窗口办事效率有待提高",
                    collected_on=day(15),
                ),
                *(
                    r.Opinion(
                        id=f"op-cadre-{c}",
                        source_kind=OpinionSource.INSIDE_PARTY,
                        target_member=c,
                        text="下基层调研次数偏少",
                        collected_on=day(15),
                        fed_back_on=day(10),
                    )
                    for c in bp.cadre_ids
                ),
                r.OpinionSummary(by_id=sec, on=day(12), text="汇总意见4条"),
                *talks,
                *problems,
            ),
        ),
        Batch(
            sup,
            _at(day(9), 15),
            (r.SpotCheck(by_id=sup, on=day(9), note="抽查会前准备，指导查摆问题"),),
        ),
        Batch(sec, _at(day(8), 17), tuple(materials)),
        *(
            [
                Batch(
                    sec,
                    _at(day(7), 17),
                    (
                        r.CommitteeSession(
                            held_on=day(7),
                            attendee_ids=(sec, *bp.committee_ids),
                            summary="支委会先行对照检查",
                        ),
                    ),
                )
            ]
            if bp.committee
            else []
        ),
        Batch(
            sup,
            _at(day(5), 10),
            tuple(
                r.MaterialReview(material_id=x.id, reviewer_id=sup, reviewed_on=day(5))
                for x in materials
                if x.id in by_superior
            ),
        ),
        Batch(
            sec,
            _at(day(5), 11),
            tuple(
                r.MaterialReview(material_id=x.id, reviewer_id=sec, reviewed_on=day(5))
                for x in materials
                if x.id not in by_superior
            ),
        ),
    ]
    return batches
