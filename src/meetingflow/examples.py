"""Built-in example meetings, modelled on the source document (绵投集团, 2021).

``compliant_steps()`` walks a well-run branch meeting through every stage; ``flawed_steps()``
the same branch with typical mistakes: a leading cadre absent without leave, praise passed
off as criticism, and an overdue rectification item. The demo, the docs and the tests use them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone

import attrs

from meetingflow.flow import Flow
from meetingflow.lifecycle import default_flow
from meetingflow.records import (
    Absentee,
    ArchivedDocument,
    Attendance,
    BranchReport,
    Campaign,
    Closure,
    Commitment,
    CommitteeSession,
    Criticism,
    CriticismKind,
    DocumentKind,
    Material,
    MaterialKind,
    MaterialReview,
    Meeting,
    MeetingPlan,
    Member,
    MemberStatus,
    Minutes,
    Notice,
    Notification,
    Opinion,
    OpinionSource,
    Organization,
    OrgLevel,
    Presence,
    Problem,
    ProblemScope,
    Publication,
    RectificationItem,
    RectificationPlan,
    ReportSection,
    Response,
    Role,
    SelfExamination,
    Session,
    SpeechSummary,
    SpotCheck,
    StageDeadline,
    Statement,
    StudySession,
    SuperiorComment,
    SuperiorReport,
    SupervisionEvent,
    Supervisor,
    Talk,
    UnityAttestation,
)
from meetingflow.records.people import DEFAULT_ASPECTS

CST = timezone(timedelta(hours=8), "CST")
"""China Standard Time, a fixed offset (no time-zone database needed)."""

SECRETARY = "m01"
"""The branch secretary of the examples; fires the meeting's transitions."""
SUPERVISOR = "s01"
"""The superior's supervisor of the examples; signs off ``close`` and may order a redo."""
CADRE = "m04"
"""The leading cadre under dual membership."""
THEME = "学党史、悟思想、办实事、开新局"

_ROSTER = (
    Member(id="m01", name="王芳", roles=(Role.SECRETARY,)),
    Member(id="m02", name="李强", roles=(Role.COMMITTEE_MEMBER,)),
    Member(id="m03", name="张伟", roles=(Role.COMMITTEE_MEMBER,)),
    Member(id="m04", name="刘洋", roles=(Role.LEADING_CADRE,), dual_membership=True),
    Member(id="m05", name="陈静"),
    Member(id="m06", name="杨磊"),
    Member(id="m07", name="赵敏"),
    Member(id="m08", name="黄勇", status=MemberStatus.PROBATIONARY),
)
_IDS = tuple(m.id for m in _ROSTER)
_LEADERS = ("m01", "m04", "m02", "m03")
_SITTING = date(2021, 6, 25)


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CST)


@attrs.frozen
class Step:
    """One step of an example: what to record, then which trigger to fire, by whom, when."""

    title: str
    record: Callable[[Meeting], Meeting]
    trigger: str
    actor: str
    at: datetime


def new_meeting() -> Meeting:
    """The example branch with its roster, before anything was prepared."""
    return Meeting(
        id="mt-2021-branch-1",
        organization=Organization(
            id="mt-asset-branch",
            name="绵投集团资产公司党支部",
            level=OrgLevel.BRANCH,
            parent_id="mt-committee",
        ),
        campaign=Campaign(theme=THEME, meeting_year=2021),
        roster=_ROSTER,
        supervisors=(
            Supervisor(id="s01", name="周建国", org_id="mt-committee", title="党史学习教育指导组"),
        ),
    )


def _prepare(m: Meeting) -> Meeting:
    d = date
    talks = [Talk(person_a="m01", person_b=i, held_on=d(2021, 6, 11)) for i in _IDS[1:]]
    talks += [
        Talk(person_a=a, person_b=b, held_on=d(2021, 6, 12))
        for a, b in (
            ("m02", "m03"),
            ("m02", "m06"),
            ("m03", "m07"),
            ("m04", "m05"),
            ("m06", "m07"),
            ("m08", "m05"),
        )
    ]
    problems = [
        Problem(
            id="p-branch",
            scope=ProblemScope.BRANCH,
            description="支部学习流于形式，联系群众不够紧密",
            root_cause="支委会对理论学习重视不够，缺少调研制度",
            aspect="serving_the_people",
        )
    ] + [
        Problem(
            id=f"p-{i}",
            owner_id=i,
            description=f"{m.member(i).name}：为群众办实事主动性不强",
            root_cause="宗旨意识有所淡化，满足于完成日常事务",
            aspect="responsibility_action",
        )
        for i in _IDS
    ]
    materials = [Material(id="mat-committee", submitted_on=d(2021, 6, 17), aspects=DEFAULT_ASPECTS)]
    materials += [
        Material(
            id=f"mat-{i}",
            author_id=i,
            submitted_on=d(2021, 6, 17),
            aspects=DEFAULT_ASPECTS,
            kind=MaterialKind.INSPECTION_MATERIAL if i in _LEADERS else MaterialKind.SPEECH_OUTLINE,
        )
        for i in _IDS
    ]
    reviews = [
        MaterialReview(
            material_id=x.id,
            reviewer_id="s01" if x.author_id in (None, "m01", "m04") else "m01",
            reviewed_on=d(2021, 6, 20),
        )
        for x in materials
    ]
    return m.record(
        Notice(
            issuer_org="mt-committee",
            issued_on=d(2021, 6, 1),
            title="关于召开党史学习教育专题组织生活会的通知",
            scope_org_ids=("mt-asset-branch",),
            timetable=(
                StageDeadline(stage="preparation", due_on=d(2021, 6, 20)),
                StageDeadline(stage="review", due_on=d(2021, 6, 30)),
                StageDeadline(stage="rectification", due_on=d(2021, 8, 31)),
            ),
        ),
        MeetingPlan(
            drafted_on=d(2021, 6, 3),
            meeting_date=_SITTING,
            venue="集团三楼会议室",
            theme=THEME,
            agenda=(
                "通报支委会对照检查情况",
                "通报上次整改情况",
                "逐一检视剖析",
                "相互批评",
                "上级点评",
            ),
            study_items=("习近平总书记“七一”重要讲话", "《中国共产党简史》"),
            submitted_on=d(2021, 6, 4),
            approved_by="s01",
            approved_on=d(2021, 6, 7),
        ),
        *(Notification(member_id=i, notified_on=d(2021, 6, 8)) for i in _IDS),
        StudySession(
            id="study-1", held_on=d(2021, 6, 10), hours=4, topic="党史专题学习", attendee_ids=_IDS
        ),
        StudySession(
            id="study-2", held_on=d(2021, 6, 15), hours=4, topic="重要讲话精神", attendee_ids=_IDS
        ),
        Opinion(
            id="op-1",
            source_kind=OpinionSource.INSIDE_PARTY,
            text="支部活动形式单一",
            collected_on=d(2021, 6, 9),
        ),
        Opinion(
            id="op-2",
            source_kind=OpinionSource.MASSES,
            text="服务窗口办事效率有待提高",
            collected_on=d(2021, 6, 10),
        ),
        Opinion(
            id="op-3",
            source_kind=OpinionSource.INSIDE_PARTY,
            target_member="m04",
            text="下基层调研次数偏少",
            collected_on=d(2021, 6, 10),
            fed_back_on=d(2021, 6, 18),
        ),
        *talks,
        *problems,
        *materials,
        *reviews,
        SpotCheck(by_id="s01", on=d(2021, 6, 16), note="抽查会前准备，指导查摆问题"),
        CommitteeSession(held_on=d(2021, 6, 18), findings_reported=True),
        Session(
            held_on=_SITTING,
            venue="集团三楼会议室",
            chair_id="m01",
            recorder_id="m03",
            observer_ids=("s01",),
        ),
        *(Attendance(member_id=i) for i in _IDS),
    )


def _review(m: Meeting) -> Meeting:
    here = [i for i in _LEADERS + _IDS[4:] if m.review.presence_of(i) is Presence.PRESENT]
    return m.record(
        BranchReport(presented_by="m01", summary="支部一年来工作情况及支委会对照检查情况"),
        *(
            SelfExamination(
                member_id=i, order=n, aspects=DEFAULT_ASPECTS, summary="对照四个方面查找差距"
            )
            for n, i in enumerate(here, start=1)
        ),
    )


_REAL = "在{what}方面存在不足，例如{example}，希望引起重视。"


def _critique(m: Meeting, *, flawed: bool) -> Meeting:
    here = [i for i in _LEADERS + _IDS[4:] if m.review.presence_of(i) is Presence.PRESENT]
    ring = list(zip(here, here[1:] + here[:1], strict=True))
    crits = []
    for giver, receiver in ring:
        if flawed and giver == "m05":
            crits.append(
                Criticism(
                    from_member="m05",
                    to_member=receiver,
                    kind=CriticismKind.PRAISE,
                    text="工作太拼命了，希望注意身体，劳逸结合。",
                )
            )
            crits.append(
                Criticism(
                    from_member="m07",
                    to_member=receiver,
                    text="上半年两次群众来访未及时回复，服务意识不强。",
                )
            )
            continue
        crits.append(
            Criticism(
                from_member=giver,
                to_member=receiver,
                text=f"调研走访次数少，3月群众反映的停车问题至今未推动解决（{receiver}）。",
            )
        )
    if "m04" in here:
        crits.append(
            Criticism(
                from_member="m05",
                to_member="m04",
                text="作为领导干部，到支部参加活动次数偏少，与普通党员交流不够。",
            )
        )
    return m.record(
        *(Statement(member_id=i, order=n, summary="自我批评") for n, i in enumerate(here, start=1)),
        *crits,
        *(Response(member_id=i, text="诚恳接受，立行立改") for i in here),
        SuperiorComment(by_id="s01", text="查摆问题具体，批评辣味足，整改要见实效。"),
        UnityAttestation(by_id="s01", on=_SITTING, text="会议遵循团结—批评—团结方针"),
    )


def _rectify(m: Meeting, *, flawed: bool) -> Meeting:
    d = date
    items = [
        RectificationItem(
            id="r-branch",
            problem_id="p-branch",
            scope=ProblemScope.BRANCH,
            owner_id="m01",
            description="支部学习流于形式",
            root_cause="缺少调研制度",
            measures=("建立每月专题调研制度", "开展“我为群众办实事”活动"),
            due_on=d(2021, 8, 15),
            closure=Closure(
                evidence_ref="archive/2021/r-branch.pdf",
                verifier_id="s01",
                verified_on=d(2021, 8, 12),
            ),
        )
    ]
    for i in _IDS:
        late = flawed and i == "m07"
        items.append(
            RectificationItem(
                id=f"r-{i}",
                problem_id=f"p-{i}",
                owner_id=i,
                description="为群众办实事主动性不强",
                root_cause="宗旨意识有所淡化",
                measures=("每月走访群众不少于2次", "牵头解决1件群众急难愁盼问题"),
                due_on=d(2021, 7, 31) if late else d(2021, 8, 15),
                closure=None
                if late
                else Closure(
                    evidence_ref=f"archive/2021/r-{i}.pdf",
                    verifier_id="s01" if i == "m01" else "m01",
                    verified_on=d(2021, 8, 10),
                ),
            )
        )
    where = {i: m.review.presence_of(i) for i in _IDS}
    present = [i for i in _IDS if where[i] is Presence.PRESENT]
    full_present = [i for i in present if m.member(i).status is MemberStatus.FULL]
    return m.record(
        RectificationPlan(issued_on=d(2021, 6, 28), summary="问题清单、整改措施、责任人和时限"),
        *items,
        *(
            Commitment(member_id=i, made_on=d(2021, 6, 28), text="定一条、做一条、兑现一条")
            for i in _LEADERS
        ),
        SupervisionEvent(by_id="s01", on=d(2021, 7, 20), note="整改督导"),
        Publication(scope="集团资产公司全体职工", on=d(2021, 7, 1), content="整改清单"),
        Minutes(
            held_on=_SITTING,
            place="集团三楼会议室",
            chair_id="m01",
            recorder_id="m03",
            expected_full=7,
            expected_probationary=1,
            present_full=len(full_present),
            present_probationary=len(present) - len(full_present),
            absentees=tuple(
                Absentee(member_id=i, reason="无故缺席")
                for i in _IDS
                if where[i] is not Presence.PRESENT
            ),
            agenda=("通报支委会对照检查情况", "逐一检视剖析", "相互批评", "上级点评"),
            speech_summaries=tuple(
                SpeechSummary(member_id=i, summary="对照检查发言") for i in present
            ),
            decisions=("形成问题清单和整改方案",),
        ),
        SuperiorReport(
            submitted_on=d(2021, 7, 5), to_org="mt-committee", sections=tuple(ReportSection)
        ),
        *(
            ArchivedDocument(kind=k, ref=f"archive/2021/{k.value}")
            for k in DocumentKind
            if k is not DocumentKind.APPRAISAL
        ),
    )


def _steps(*, flawed: bool) -> list[Step]:
    def prepare(m: Meeting) -> Meeting:
        m = _prepare(m)
        if flawed:
            m = m.record(Attendance(member_id=CADRE, presence=Presence.ABSENT))
        return m

    return [
        Step("会前准备 / preparation", prepare, "start_review", SECRETARY, _at(_SITTING, 9)),
        Step("检视剖析 / review", _review, "start_critique", SECRETARY, _at(_SITTING, 11)),
        Step(
            "批评与自我批评 / critique",
            lambda m: _critique(m, flawed=flawed),
            "start_rectification",
            SECRETARY,
            _at(_SITTING, 17),
        ),
        Step(
            "会后整改 / rectification",
            lambda m: _rectify(m, flawed=flawed),
            "close",
            SUPERVISOR,
            _at(date(2021, 8, 20), 10),
        ),
    ]


def _appraise(m: Meeting) -> Meeting:
    from meetingflow import appraisal as ap  # noqa: PLC0415 - the optional extension

    d = date
    graded = [i for i in _IDS if m.member(i).status is MemberStatus.FULL]
    return m.record(
        ap.AppraisalStep(kind=ap.AppraisalStepKind.SELF_ASSESSMENT, on=_SITTING),
        ap.AppraisalStep(kind=ap.AppraisalStepKind.PEER_ASSESSMENT, on=_SITTING),
        ap.AppraisalStep(kind=ap.AppraisalStepKind.APPRAISAL_BALLOT, on=_SITTING),
        *(ap.BallotCast(voter_id=i) for i in graded),
        ap.GradeProposal(by="committee", on=d(2021, 6, 26)),
        *(
            ap.MemberGrade(
                member_id=i,
                grade=ap.Grade.EXCELLENT if i in ("m01", "m04") else ap.Grade.QUALIFIED,
            )
            for i in graded
        ),
        *(ap.GradeFeedback(member_id=i, on=d(2021, 6, 28)) for i in graded),
        ap.AppraisalReport(reported_on=d(2021, 6, 30), to_org="mt-committee"),
    )


def appraisal_steps() -> list[Step]:
    """The compliant example with democratic appraisal (use ``default_flow(appraisal=True)``)."""
    steps = _steps(flawed=False)
    critique, rectify = steps[2], steps[3]

    def rectify_and_archive(m: Meeting) -> Meeting:
        m = rectify.record(m)
        return m.record(ArchivedDocument(kind=DocumentKind.APPRAISAL, ref="archive/2021/appraisal"))

    return [
        *steps[:2],
        Step(critique.title, critique.record, "start_appraisal", SECRETARY, critique.at),
        Step(
            "民主评议党员 / appraisal",
            _appraise,
            "start_rectification",
            SECRETARY,
            _at(date(2021, 6, 30), 18),
        ),
        Step(rectify.title, rectify_and_archive, rectify.trigger, rectify.actor, rectify.at),
    ]


def compliant_steps() -> list[Step]:
    """The steps of the well-run example meeting."""
    return _steps(flawed=False)


def flawed_steps() -> list[Step]:
    """The steps of the example with typical mistakes."""
    return _steps(flawed=True)


def walk(steps: list[Step], flow: Flow) -> Iterator[tuple[Step, Meeting]]:
    """Record each step's data and yield it with the meeting *before* its trigger fires.

    Stops early when a trigger is blocked (the flawed example cannot close).
    """
    m = flow.adopt(new_meeting())
    for step in steps:
        m = step.record(m)
        yield step, m
        if not flow.check(m, at=step.at, trigger=step.trigger).ok:
            return
        m = flow.fire(m, step.trigger, actor=step.actor, at=step.at)


def meeting_at(
    stage: str, *, flawed: bool = False, appraisal: bool = False, flow: Flow | None = None
) -> Meeting:
    """The example meeting in ``stage`` with that stage's data recorded.

    For ``"closed"`` the fully closed meeting. Uses the default flow (with appraisal if
    ``appraisal``) unless ``flow`` is given.
    """
    flow = flow or default_flow(appraisal=appraisal)
    steps = appraisal_steps() if appraisal else flawed_steps() if flawed else compliant_steps()
    m = flow.adopt(new_meeting())
    for step in steps:
        m = step.record(m)
        if m.stage == stage:
            return m
        m = flow.fire(m, step.trigger, actor=step.actor, at=step.at)
    if m.stage == stage:
        return m
    raise ValueError(f"the example never reaches stage {stage!r}")


def at_of(stage: str) -> datetime:
    """A check time that fits the example in ``stage`` (the time its step's trigger fires)."""
    return _STAGE_AT.get(stage, _at(date(2021, 8, 20), 12))


_STAGE_AT = {
    "preparation": _at(_SITTING, 9),
    "review": _at(_SITTING, 11),
    "critique": _at(_SITTING, 17),
    "member_appraisal": _at(date(2021, 6, 30), 18),
    "rectification": _at(date(2021, 8, 20), 10),
}
