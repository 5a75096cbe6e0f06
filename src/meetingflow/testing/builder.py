"""One builder for every meeting the tests, the examples and the benchmarks need.

``Blueprint`` describes a branch (size, committee, cadres, probationary members, absences,
long-term items, ...); ``scenario(blueprint)`` turns it into the steps of a well-run meeting —
what each person records, when, and which trigger is fired — and ``build`` plays those steps
through a flow's real operations, so the history, the digests and the seals are real. The
built-in example is one blueprint; a 300-member load test is another. A new rule needs its
fixture data here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Literal

import attrs

from meetingflow import records as r
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.records.terms import (
    BranchRole,
    CriticismKind,
    DocumentKind,
    MakeupKind,
    MaterialKind,
    MemberState,
    MemberStatus,
    OpinionSource,
    OrgLevel,
    Presence,
    ProblemScope,
    PublicationContent,
    ReportSection,
    SessionForm,
    SpeakingMode,
)

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Meeting, Member, Record

__all__ = ["CST", "Batch", "Blueprint", "Step", "build", "play", "scenario"]

CST = timezone(timedelta(hours=8), "CST")
"""China Standard Time as a fixed offset (no time-zone database needed)."""

_NAMES = (
    "王芳", "李强", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞",
    "徐明", "孙丽", "马超", "朱红", "胡军", "郭蕾", "何平", "高峰", "林琳", "罗刚",
)  # fmt: skip


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CST)


@attrs.frozen(slots=True)
class Batch:
    """What one person records at one moment."""

    actor: str
    at: datetime
    items: tuple[Record, ...]


@attrs.frozen(slots=True)
class Step:
    """One stage of a scenario: what is recorded, then which trigger is fired, by whom, when."""

    title: Text
    batches: tuple[Batch, ...]
    trigger: str
    actor: str
    at: datetime
    reason: str | None = None
    return_to: str | None = None
    new_date: date | None = None


@attrs.frozen(slots=True)
class Blueprint:
    """A branch and how its meeting went. Every knob keeps the meeting compliant unless named so.

    ``absent`` maps member ids to ``"leave"`` (absent with approved leave, outline read by a
    proxy, made up later) or ``"unexcused"``; ``exempt`` members are on long illness leave.
    """

    members: int = 8
    committee: int = 2
    """Committee members besides the secretary (0: the branch has no committee)."""
    cadres: int = 1
    probationary: int = 1
    absent: tuple[tuple[str, Literal["leave", "unexcused"]], ...] = ()
    exempt: tuple[str, ...] = ()
    long_term: tuple[str, ...] = ()
    """Members whose item is an approved long-term item instead of being closed."""
    sitting: date = date(2021, 6, 25)
    meeting_id: str = "mt-2021-branch-1"
    org_id: str = "mt-asset-branch"
    org_name: str = "绵投集团资产公司党支部"
    parent_id: str = "mt-committee"
    theme: str = "学党史、悟思想、办实事、开新局"
    names: tuple[str, ...] = _NAMES

    def __attrs_post_init__(self) -> None:
        if self.members < 1 or self.members > 10_000:
            raise InvalidArgument(
                Text("成员数须在 1–10000 之间", "members must be between 1 and 10000")
            )
        if 1 + self.committee + self.cadres > self.members:
            raise InvalidArgument(
                Text(
                    "书记、支委和领导干部多于成员数",
                    "secretary, committee and cadres outnumber the members",
                )
            )

    @property
    def ids(self) -> tuple[str, ...]:
        """Member ids ``m01``, ``m02``, ... (``m0001`` beyond 99)."""
        width = 2 if self.members < 100 else 4
        return tuple(f"m{i:0{width}d}" for i in range(1, self.members + 1))

    @property
    def secretary(self) -> str:
        """The secretary's id (the first member)."""
        return self.ids[0]

    @property
    def committee_ids(self) -> tuple[str, ...]:
        """Committee members besides the secretary."""
        return self.ids[1 : 1 + self.committee]

    @property
    def cadre_ids(self) -> tuple[str, ...]:
        """Leading cadres, registered in this branch."""
        return self.ids[1 + self.committee : 1 + self.committee + self.cadres]

    @property
    def leaders(self) -> tuple[str, ...]:
        """Who speaks first: the secretary, the cadres, the committee."""
        return (self.secretary, *self.cadre_ids, *self.committee_ids)


def _roster(bp: Blueprint) -> tuple[Member, ...]:
    ids = bp.ids
    out = []
    prob = set(ids[len(ids) - bp.probationary :]) if bp.probationary else set()
    for i, mid in enumerate(ids):
        name = bp.names[i] if i < len(bp.names) else f"党员{mid}"
        roles: tuple[BranchRole, ...] = ()
        cadre = None
        if mid == bp.secretary:
            roles = (BranchRole.SECRETARY,)
        elif mid in bp.committee_ids:
            roles = (BranchRole.COMMITTEE_MEMBER,)
        elif mid in bp.cadre_ids:
            roles = (BranchRole.LEADING_CADRE,)
            cadre = r.CadreInfo(post="集团副总经理", registered_branch_ids=(bp.org_id,))
        exemption = (
            r.Exemption(reason="长期病休", contact_id=bp.secretary) if mid in bp.exempt else None
        )
        status = MemberStatus.PROBATIONARY if mid in prob and not roles else MemberStatus.FULL
        out.append(
            r.Member(
                id=mid, name=name, roles=roles, cadre=cadre, status=status, exemption=exemption
            )
        )
    return tuple(out)


SUPERVISOR = "s01"
"""The representative of the superior in every built meeting."""


def new_meeting(bp: Blueprint) -> Meeting:
    """The branch before anything was recorded: a draft, free to build in Python."""
    return r.Meeting(
        id=bp.meeting_id,
        organization=r.Organization(
            id=bp.org_id, name=bp.org_name, level=OrgLevel.BRANCH, parent_id=bp.parent_id
        ),
        campaign=r.Campaign(theme=bp.theme, meeting_year=bp.sitting.year),
        roster=_roster(bp),
        supervisors=(
            r.Supervisor(
                id=SUPERVISOR, name="周建国", org_id=bp.parent_id, title="党史学习教育指导组"
            ),
        ),
    )


def _present(bp: Blueprint) -> list[str]:
    away = dict(bp.absent)
    return [i for i in bp.ids if i not in away and i not in bp.exempt]


def _expected(bp: Blueprint) -> list[str]:
    return [i for i in bp.ids if i not in bp.exempt]


def _speaking_order(bp: Blueprint) -> list[str]:
    here = set(_present(bp))
    lead = [i for i in bp.leaders if i in here]
    return lead + [i for i in bp.ids if i in here and i not in lead]


def _prepare(bp: Blueprint, aspects: tuple[str, ...]) -> Step:
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
    talks += [
        r.Talk(person_a=a, person_b=b, held_on=day(13))
        for a, b in zip(ordinary, [*ordinary[1:], ordinary[0]], strict=True)
        if len(ordinary) > 1 and not (a in com and b in com)
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
                    timetable=(
                        r.StageDeadline(stage="preparation", due_on=day(5)),
                        r.StageDeadline(stage="review", due_on=s + timedelta(days=5)),
                        r.StageDeadline(stage="critique", due_on=s + timedelta(days=5)),
                        r.StageDeadline(stage="rectification", due_on=s + timedelta(days=67)),
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
                        fed_back_on=day(7),
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
        Batch(
            sec,
            _at(day(3), 9),
            (
                r.Session(
                    held_on=s,
                    form=SessionForm.GENERAL_MEETING,
                    venue="集团三楼会议室",
                    chair_id=sec,
                    recorder_id=bp.committee_ids[-1] if bp.committee_ids else sec,
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
    return Step(Text("会前准备", "preparation"), tuple(batches), "start_review", sec, _at(s, 9))


def _review(bp: Blueprint, aspects: tuple[str, ...]) -> Step:
    s, sec = bp.sitting, bp.secretary
    order = _speaking_order(bp)
    proxy = order[-1]
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
    return Step(
        Text("检视剖析", "review"),
        (Batch(sec, _at(s, 10, 50), items),),
        "start_critique",
        sec,
        _at(s, 11),
    )


def _critique(bp: Blueprint) -> Step:
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
    return Step(
        Text("批评与自我批评", "critique"),
        (
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
        ),
        "start_rectification",
        sec,
        _at(s, 17),
    )


def _rectify(bp: Blueprint, meeting_criticisms: Sequence[str]) -> Step:
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
    closing_ids = ["r-branch", *(f"r-{i}" for i in ids if i not in bp.long_term)]
    away = dict(bp.absent)
    present = _present(bp)
    return Step(
        Text("会后整改", "rectification"),
        (
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
                ),
            ),
            Batch(
                sec,
                _at(d(5), 10),
                (
                    r.RectificationList(
                        consolidated_on=d(5), submitted_to=bp.parent_id, submitted_on=d(5)
                    ),
                    r.Publication(
                        scope="集团资产公司全体职工",
                        on=d(6),
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
                            r.LongTermApproval(item_id=f"r-{i}", approved_by=sup, approved_on=d(30))
                            for i in bp.long_term
                        ),
                    )
                ]
                if bp.long_term
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
                    if x not in ("r-branch", f"r-{sec}")
                ),
            ),
            Batch(
                sup,
                _at(d(47), 15),
                tuple(
                    r.Verification(item_id=x, verifier_id=sup, verified_on=d(47))
                    for x in ("r-branch", f"r-{sec}")
                    if x in closing_ids
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
                        r.ArchivedDocument(
                            kind=k, ref=f"archive/{s.year}/{k.value}", filed_on=d(50)
                        )
                        for k in DocumentKind
                        if k is not DocumentKind.APPRAISAL
                    ),
                ),
            ),
        ),
        "close",
        sup,
        _at(d(56), 10),
    )


def _minutes(bp: Blueprint, present: list[str], away: Mapping[str, str]) -> r.Minutes:
    status = {m.id: m.status for m in _roster(bp)}
    ids = _expected(bp)
    full = [i for i in ids if status[i] is MemberStatus.FULL]
    prob = [i for i in ids if status[i] is MemberStatus.PROBATIONARY]
    return r.Minutes(
        held_on=bp.sitting,
        place="集团三楼会议室",
        chair_id=bp.secretary,
        recorder_id=bp.committee_ids[-1] if bp.committee_ids else bp.secretary,
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
            r.SpeechSummary(member_id=i, summary="对照检查发言") for i in present
        ),
        decisions=("形成问题清单和整改方案",),
    )


def scenario(bp: Blueprint | None = None, aspects: tuple[str, ...] | None = None) -> list[Step]:
    """The steps of a well-run meeting of ``bp``, from the first notice to ``close``."""
    bp = bp or Blueprint()
    aspects = aspects or r.Campaign().aspect_ids
    order = _speaking_order(bp)
    crits = [f"c{n}" for n in range(1, len(order) + 1)] if len(order) > 1 else []
    return [_prepare(bp, aspects), _review(bp, aspects), _critique(bp), _rectify(bp, crits)]


def play(
    flow: Flow, meeting: Meeting, steps: Iterable[Step], *, stop: str | None = None
) -> Iterator[tuple[Step, Meeting]]:
    """Record each step's batches, yield the step with the meeting before its trigger, then fire.

    Stops before firing when the meeting reaches ``stop`` with that stage's data recorded.
    """
    for step in steps:
        for batch in step.batches:
            if batch.items:
                meeting = flow.record(meeting, *batch.items, actor=batch.actor, at=batch.at)
        yield step, meeting
        if stop is not None and meeting.stage == stop:
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


def build(
    stage: str = "closed",
    bp: Blueprint | None = None,
    *,
    flow: Flow | None = None,
    steps: Callable[[Blueprint], list[Step]] | None = None,
) -> Meeting:
    """A meeting of ``bp`` played through ``flow`` (default: a rule-less default flow) up to ``stage``.

    With the stage's data recorded and its trigger not yet fired; ``"closed"`` is the closed
    meeting. Rules are not evaluated unless ``flow`` has them, so a builder of 300 members is fast.
    """
    from meetingflow.flow import default_flow  # noqa: PLC0415 - builders sit above the flow
    from meetingflow.rules.pack import RulePack  # noqa: PLC0415

    bp = bp or Blueprint()
    flow = flow or default_flow(pack=RulePack("none"))
    if stage not in flow.stage_names:
        raise InvalidArgument(
            Text(f"流程中没有阶段 {stage!r}", f"no stage {stage!r} in flow {flow.name}")
        )
    plan = (steps or scenario)(bp)
    meeting = flow.adopt(new_meeting(bp))
    last = meeting
    for _, m in play(flow, meeting, plan, stop=stage):
        last = m
    if last.stage != stage:
        raise InvalidArgument(
            Text(f"该场景到达不了阶段 {stage!r}", f"the scenario never reaches stage {stage!r}")
        )
    return last
