"""One builder for every meeting the tests, the examples, the strategies and the benchmarks need.

``Blueprint`` describes a branch and how its meeting went (size, committee, cadres, probationary
members, absences, exemptions, discipline, item states, redone sittings, parts left out, a
host's own sections); ``scenario(blueprint, flow=...)`` turns it into the steps of that meeting
along the flow's forward path — what each person records, when, and which trigger is fired —
and ``build`` plays those steps through the flow's real operations, so the history, the digests
and the seals are real. The built-in example is one blueprint; a load test of thousands of
members and a one-member branch without a plan are others. A new rule needs its fixture data
here, once.

Why the stages come from the flow: a host inserts stages and tracks of its own, so the builder
asks the flow which stage owns each built-in section (``flow.owner_of``) and which trigger
leaves each stage, and records a host's own data (``Blueprint(extras=...)``) in the stages the
host names. Why ``build`` plays through a rule-less twin of the flow unless asked otherwise:
edge cases (no session, everyone absent) must still be *valid* records a rule can be tested on,
even though the flow's gates would refuse to move them on.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from meetingflow import records as r
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.records.terms import (
    BranchRole,
    CriticismKind,
    DocumentKind,
    ItemState,
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
    from meetingflow.flow import Flow, Transition
    from meetingflow.records import Meeting, Member, Record

__all__ = [
    "CST",
    "MAX_MEMBERS",
    "OMITTABLE",
    "SUPERVISOR",
    "Batch",
    "Blueprint",
    "Extra",
    "Fill",
    "Step",
    "bare",
    "build",
    "build_stages",
    "forward_path",
    "new_meeting",
    "play",
    "scenario",
]

CST = timezone(timedelta(hours=8), "CST")
"""China Standard Time as a fixed offset (no time-zone database needed)."""

SUPERVISOR = "s01"
"""The representative of the superior in every built meeting."""

MAX_MEMBERS: Final = 4_000
"""The largest branch the builder makes: every list in a record holds at most 10 000 entries,
and a branch records about two heart-to-heart talks per member."""

MAX_REDONE: Final = 5
"""The most sittings a blueprint has redone (each one week after the one before)."""

_NAMES = (
    "王芳", "李强", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞",
    "徐明", "孙丽", "马超", "朱红", "胡军", "郭蕾", "何平", "高峰", "林琳", "罗刚",
)  # fmt: skip

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
    """One visit of a stage: what is recorded, then which trigger is fired, by whom, when.

    ``stage`` is the stage the batches are recorded in (``None`` for hand-made steps); a step
    whose ``trigger`` is empty ends the scenario in its stage without firing anything.
    """

    title: Text
    batches: tuple[Batch, ...]
    trigger: str
    actor: str
    at: datetime
    reason: str | None = None
    return_to: str | None = None
    new_date: date | None = None
    stage: str | None = None


Extra: TypeAlias = "Record | Batch"
"""What a host's fill yields: records (recorded by whoever may record them, at a time the
builder picks inside the stage) or whole batches (recorded as given, in time order)."""
Fill: TypeAlias = "Sequence[Extra] | Callable[[Blueprint], Iterable[Extra]]"
"""A host's data for one stage: a sequence of records and batches, or a function of the
blueprint that returns them (``blueprint.sitting`` is then the sitting that counts)."""


def _pairs(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((k, v) for k, v in items)


def _states(
    value: Mapping[str, ItemState | str] | Iterable[tuple[str, ItemState | str]],
) -> tuple[tuple[str, ItemState], ...]:
    out = []
    for k, v in _pairs(value):
        try:
            out.append((k, ItemState(v)))
        except ValueError:
            raise InvalidArgument(
                Text(
                    f"整改事项 {k} 的状态 {v!r} 无效",
                    f"item {k}: {v!r} is not an item state ({', '.join(s.value for s in ItemState)})",
                )
            ) from None
    return tuple(out)


def _fills(
    value: Mapping[str, Fill] | Iterable[tuple[str, Fill]],
) -> tuple[tuple[str, Fill], ...]:
    return tuple((k, v if callable(v) else tuple(v)) for k, v in _pairs(value))


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _parts(value: Iterable[str]) -> frozenset[str]:
    return frozenset(_names(value))


@functools.lru_cache(maxsize=256)
def _member_ids(n: int) -> tuple[str, ...]:
    width = 2 if n < 100 else 4
    return tuple(f"m{i:0{width}d}" for i in range(1, n + 1))


@attrs.frozen(slots=True, repr=False)
class Blueprint:
    """A branch and how its meeting went; ``Blueprint()`` is the compliant example branch.

    The size and shape knobs (``members``, ``committee``, ``cadres``, ``probationary``) keep the
    meeting compliant, and so do ``absent`` with ``"leave"``, ``exempt``, ``discipline`` and
    ``long_term``. The others make the edge cases rules must survive — they give *valid*
    records that need not be compliant: ``absent`` with ``"unexcused"``, ``item_states`` (an
    item left open or claimed but never verified), ``omit`` (parts never recorded, see
    :data:`OMITTABLE`), ``redone`` (sittings the superior ordered redone before the one that
    counts). ``extras`` holds a host's own data per stage name of the flow (see :data:`Fill`).
    Member ids are ``m01``, ``m02``, ... in roster order: the secretary first, then the
    committee, then the cadres; probationary members are the last ones without a role.
    """

    members: int = 8
    committee: int = 2
    """Committee members besides the secretary (0: the branch has no committee)."""
    cadres: int = 1
    """Leading cadres registered in this branch (dual organizational life)."""
    probationary: int = 1
    absent: tuple[tuple[str, Literal["leave", "unexcused"]], ...] = attrs.field(
        default=(), converter=_pairs
    )
    """Member id -> ``"leave"`` (approved leave, outline read by a proxy, made up later) or
    ``"unexcused"``."""
    exempt: tuple[str, ...] = attrs.field(default=(), converter=_names)
    """Members exempt from attending (long illness leave): not expected, no item."""
    long_term: tuple[str, ...] = attrs.field(default=(), converter=_names)
    """Members whose item is an approved long-term item instead of being closed."""
    sitting: date = date(2021, 6, 25)
    """The date of the first sitting (each redone one is a week later)."""
    meeting_id: str = "mt-2021-branch-1"
    org_id: str = "mt-asset-branch"
    org_name: str = "绵投集团资产公司党支部"
    parent_id: str = "mt-committee"
    theme: str = "学党史、悟思想、办实事、开新局"
    names: tuple[str, ...] = _NAMES
    discipline: tuple[str, ...] = attrs.field(default=(), converter=_names)
    """Members on probation within the Party (留党察看), for a year around the sitting."""
    item_states: tuple[tuple[str, ItemState], ...] = attrs.field(default=(), converter=_states)
    """Item id (``r-branch``, ``r-m03``) -> the state it ends in; others are closed (or
    long-term, for ``long_term`` members). ``open`` and ``claimed`` items are not compliant."""
    omit: frozenset[str] = attrs.field(default=frozenset(), converter=_parts)
    """Parts never recorded (names in :data:`OMITTABLE`), or the name of a track whose
    built-in data (the appraisal's) is left out."""
    redone: int = 0
    """Sittings redone before the one that counts: each is held, its critique ends with the
    superior's ``order_redo`` back to the review stage, and a new sitting follows a week later."""
    extras: tuple[tuple[str, Fill], ...] = attrs.field(default=(), converter=_fills)
    """A host's own data: stage name -> :data:`Fill`, recorded on the stage's last visit."""
    compact: bool = False
    """Record each stage's facts in one entry per person: the same record with a shorter
    history, so it builds about twice as fast (the strategies use it; no rule reads entries)."""

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.members <= MAX_MEMBERS:
            raise InvalidArgument(
                Text(
                    f"成员数须在 1–{MAX_MEMBERS} 之间",
                    f"members must be between 1 and {MAX_MEMBERS}",
                )
            )
        if min(self.committee, self.cadres, self.probationary) < 0:
            raise InvalidArgument(
                Text("支委、干部和预备党员人数不能为负", "counts cannot be negative")
            )
        if 1 + self.committee + self.cadres > self.members:
            raise InvalidArgument(
                Text(
                    "书记、支委和领导干部多于成员数",
                    "secretary, committee and cadres outnumber the members",
                )
            )
        if not 0 <= self.redone <= MAX_REDONE:
            raise InvalidArgument(
                Text(
                    f"重开次数须在 0–{MAX_REDONE} 之间",
                    f"redone must be between 0 and {MAX_REDONE}",
                )
            )
        known = set(self.ids)
        away = dict(self.absent)
        problems: list[str] = []
        for knob, ids in (
            ("absent", away),
            ("exempt", self.exempt),
            ("long_term", self.long_term),
            ("discipline", self.discipline),
        ):
            problems += [f"{knob}: no member {i!r}" for i in ids if i not in known]
        problems += [
            f"absent: {i!r} must be 'leave' or 'unexcused', not {how!r}"
            for i, how in self.absent
            if how not in ("leave", "unexcused")
        ]
        problems += [f"{i!r} is both absent and exempt" for i in away if i in self.exempt]
        problems += [
            f"long_term: {i!r} is exempt and has no item"
            for i in self.long_term
            if i in self.exempt
        ]
        items = set(self.item_ids)
        problems += [f"item_states: no item {i!r}" for i, _ in self.item_states if i not in items]
        if problems:
            raise InvalidArgument(
                Text(
                    "蓝图有误：" + "；".join(problems), "invalid blueprint: " + "; ".join(problems)
                )
            )

    @property
    def ids(self) -> tuple[str, ...]:
        """Member ids ``m01``, ``m02``, ... (``m0001`` from 100 members on)."""
        return _member_ids(self.members)

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

    @property
    def chair(self) -> str:
        """Who chairs the sitting: the secretary, else a committee member, else anyone present
        but a cadre (a cadre chairing by rank is what ROLE-CADRE-AS-ORDINARY forbids)."""
        here = self.present_ids
        cadres = set(self.cadre_ids)
        return next(
            (
                i
                for i in (self.secretary, *self.committee_ids, *here)
                if i in here and i not in cadres
            ),
            self.secretary,
        )

    @property
    def recorder(self) -> str:
        """Who keeps the minutes: the last committee member present, else the chair."""
        here = set(self.present_ids)
        return next((i for i in reversed(self.committee_ids) if i in here), self.chair)

    @property
    def probationary_ids(self) -> tuple[str, ...]:
        """Probationary members: the last ``probationary`` members, unless they hold a role."""
        if not self.probationary:
            return ()
        start = max(self.members - self.probationary, 1 + self.committee + self.cadres)
        return self.ids[start:]

    @property
    def expected_ids(self) -> tuple[str, ...]:
        """Members expected at the sitting (everyone but the exempt)."""
        return tuple(i for i in self.ids if i not in self.exempt)

    @property
    def present_ids(self) -> tuple[str, ...]:
        """Members at the sitting (expected and not absent)."""
        away = dict(self.absent)
        return tuple(i for i in self.expected_ids if i not in away)

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Rectification items: the branch's ``r-branch`` and one ``r-<member>`` per expected member."""
        return ("r-branch", *(f"r-{i}" for i in self.expected_ids))

    def item_state(self, item_id: str) -> ItemState:
        """The state item ``item_id`` ends in."""
        found = dict(self.item_states).get(item_id)
        if found is not None:
            return found
        if item_id.removeprefix("r-") in self.long_term:
            return ItemState.LONG_TERM
        return ItemState.CLOSED

    @property
    def sittings(self) -> tuple[date, ...]:
        """The date of every sitting, the redone ones first; the last one counts."""
        return tuple(self.sitting + timedelta(days=7 * k) for k in range(self.redone + 1))

    @property
    def final_sitting(self) -> date:
        """The date of the sitting that counts."""
        return self.sittings[-1]

    def at_sitting(self, day: date) -> Blueprint:
        """This branch with its sitting on ``day`` and nothing redone (what fills are given)."""
        return attrs.evolve(self, sitting=day, redone=0)

    def __repr__(self) -> str:
        # Only the knobs that differ from the example's: a failing generated meeting is
        # reported as ``build(stage, Blueprint(members=1, omit=...))``, short and replayable.
        changed = [
            f"{a.name}={getattr(self, a.name)!r}"
            for a in attrs.fields(Blueprint)
            if getattr(self, a.name) != a.default
        ]
        return f"Blueprint({', '.join(changed)})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """The same short form in Hypothesis's and IPython's pretty printers."""
        printer.text(repr(self))


def _roster(bp: Blueprint) -> tuple[Member, ...]:
    prob = set(bp.probationary_ids)
    committee, cadres = set(bp.committee_ids), set(bp.cadre_ids)
    exempt, disciplined = set(bp.exempt), set(bp.discipline)
    out = []
    for i, mid in enumerate(bp.ids):
        name = bp.names[i] if i < len(bp.names) else f"党员{mid}"
        roles: tuple[BranchRole, ...] = ()
        cadre = None
        if i == 0:
            roles = (BranchRole.SECRETARY,)
        elif mid in committee:
            roles = (BranchRole.COMMITTEE_MEMBER,)
        elif mid in cadres:
            roles = (BranchRole.LEADING_CADRE,)
            cadre = r.CadreInfo(post="集团副总经理", registered_branch_ids=(bp.org_id,))
        exemption = (
            r.Exemption(reason="长期病休", contact_id=bp.secretary) if mid in exempt else None
        )
        discipline = (
            r.Discipline(
                since=bp.sitting - timedelta(days=180), until=bp.sitting + timedelta(days=185)
            )
            if mid in disciplined
            else None
        )
        status = MemberStatus.PROBATIONARY if mid in prob else MemberStatus.FULL
        out.append(
            r.Member(
                id=mid,
                name=name,
                roles=roles,
                cadre=cadre,
                status=status,
                exemption=exemption,
                discipline=discipline,
            )
        )
    return tuple(out)


def new_meeting(bp: Blueprint | None = None) -> Meeting:
    """The branch before anything was recorded: a draft, free to build in Python."""
    bp = bp or Blueprint()
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
    return list(bp.present_ids)


def _expected(bp: Blueprint) -> list[str]:
    return list(bp.expected_ids)


def _speaking_order(bp: Blueprint) -> list[str]:
    here = set(_present(bp))
    lead = [i for i in bp.leaders if i in here]
    return lead + [i for i in bp.ids if i in here and i not in lead]


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
    ]
    return batches


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


# --- leaving parts out ---------------------------------------------------------------------------


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


# --- the built-in data of one sitting, and of the tracks meetingflow ships ------------------------


def _criticisms(bp: Blueprint) -> list[str]:
    order = _speaking_order(bp)
    return [f"c{n}" for n in range(1, len(order) + 1)] if len(order) > 1 else []


def _appraisal_fill(bp: Blueprint) -> dict[str, tuple[Batch, ...]]:
    """The democratic appraisal of a well-run meeting, for flows with the appraisal track.

    The steps and ballots during the sitting's critique, grades, feedback and the report in the
    first days of rectification. Full members who are not exempt are graded; those present and
    not on probation within the Party vote; at most a third are excellent.
    """
    from meetingflow.extensions import appraisal as ap  # noqa: PLC0415 - only flows with the track

    s, sec = bp.sitting, bp.secretary
    prob = set(bp.probationary_ids)
    graded = [i for i in bp.expected_ids if i not in prob]
    here, barred = set(bp.present_ids), set(bp.discipline)
    voters = [i for i in graded if i in here and i not in barred]
    excellent = [i for i in (bp.secretary, *bp.cadre_ids) if i in graded][: len(graded) // 3]
    sitting = Batch(
        sec,
        _at(s, 16, 40),
        (
            ap.AppraisalStep(kind=ap.AppraisalStepKind.SELF_ASSESSMENT, on=s),
            ap.AppraisalStep(kind=ap.AppraisalStepKind.PEER_ASSESSMENT, on=s),
            ap.AppraisalStep(kind=ap.AppraisalStepKind.APPRAISAL_BALLOT, on=s),
            *(ap.BallotCast(voter_id=i) for i in voters),
        ),
    )
    d = s + timedelta(days=3)
    after = Batch(
        sec,
        _at(d, 11),
        (
            ap.GradeProposal(
                by="committee" if bp.committee else "plenary", on=s + timedelta(days=1)
            ),
            *(
                ap.MemberGrade(
                    member_id=i,
                    grade=ap.Grade.EXCELLENT if i in excellent else ap.Grade.QUALIFIED,
                )
                for i in graded
            ),
            *(ap.GradeFeedback(member_id=i, on=s + timedelta(days=3)) for i in graded),
            ap.AppraisalReport(
                reported_on=s + timedelta(days=5),
                to_org=bp.parent_id,
                finalized_on=s + timedelta(days=5),
            ),
            *(
                ()
                if "archive" in bp.omit
                else (
                    r.ArchivedDocument(
                        kind=DocumentKind.APPRAISAL,
                        ref=f"archive/{s.year}/appraisal",
                        filed_on=s + timedelta(days=5),
                    ),
                )
            ),
        ),
    )
    return {ap.appr_procedure.stage: (sitting,), ap.TRACK.owner: (after,)}


def _track_fills(flow: Flow, bp: Blueprint) -> list[tuple[str, Fill]]:
    """The data of the tracks meetingflow ships, for the tracks ``flow`` has (unless omitted)."""
    if not flow.tracks:
        return []
    from meetingflow.extensions import appraisal as ap  # noqa: PLC0415

    known: dict[str, Callable[[Blueprint], Mapping[str, tuple[Batch, ...]]]] = {
        ap.NAME: _appraisal_fill
    }
    out: list[tuple[str, Fill]] = []
    for track in flow.tracks:
        fill = known.get(track.name)
        if fill is not None and track.name not in bp.omit:
            out += list(fill(bp).items())
    return out


# --- planning the scenario along a flow ---------------------------------------------------------


def forward_path(flow: Flow) -> tuple[tuple[str, Transition | None], ...]:
    """The stages from the flow's first to its last along the forward triggers, each with the
    trigger that leaves it (``None`` for the last): the way a well-run meeting goes."""
    out: list[tuple[str, Transition | None]] = []
    stage: str | None = flow.initial
    seen: set[str] = set()
    while stage is not None:
        if stage in seen:
            raise InvalidArgument(
                Text(
                    f"流程 {flow.name} 的前进路径在 {stage!r} 处循环",
                    f"the forward path of flow {flow.name} loops at stage {stage!r}",
                )
            )
        seen.add(stage)
        t = next((t for t in flow.transitions if stage in t.sources and not t.redo), None)
        out.append((stage, t))
        stage = t.dest if t is not None else None
    return tuple(out)


def _actor(authorized: Iterable[str], bp: Blueprint) -> str:
    """Someone holding one of ``authorized`` in a built meeting."""
    held = set(authorized)
    if held & {"secretary", "chair", "member"}:
        return bp.secretary
    if "supervisor" in held:
        return SUPERVISOR
    if "recorder" in held:
        return bp.recorder
    return bp.secretary


def _recorder(item: Record, bp: Blueprint) -> str:
    """Who records ``item``: a runner if runners may, else the person it is about, else the superior."""
    placement = type(item).record_into
    by = placement.by if placement is not None else frozenset({"secretary"})
    if by & {"secretary", "chair"}:
        return bp.secretary
    if "self" in by and placement is not None and placement.self_field:
        who = getattr(item, placement.self_field, None)
        if isinstance(who, str):
            return who
    return _actor(by, bp)


@attrs.define
class _Visit:
    """One stay in a stage while planning: its batches, when it is left and by which trigger."""

    stage: str
    batches: list[Batch] = attrs.field(factory=list)
    leave_at: datetime | None = None
    trigger: Transition | None = None
    redo: tuple[str, date] | None = None
    """For a redo: (return_to, new_date)."""
    extras: list[Extra] = attrs.field(factory=list)


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


def _owner(flow: Flow, section: str) -> str:
    """Where the builder records a built-in section: in its own stage while the flow has it and
    the section is still open there (a look-back stage that takes the rectification section
    over does not move the rectification work), else in the stage that owns it."""
    if section in flow.stage_names and flow.writable(section, section):
        return section
    owner = flow.owner_of(section)
    if owner is None:
        raise InvalidArgument(
            Text(
                f"流程 {flow.name} 中没有阶段拥有 {section!r}",
                f"no stage of flow {flow.name} owns {section!r}: the builder cannot place it",
            )
        )
    return owner


_DEADLINES: Final = {"preparation": -5, "review": 5, "critique": 5, "rectification": 67}
"""The notice's deadlines, in days after the sitting, for the stages owning these sections."""


def _timetable(flow: Flow, owners: Mapping[str, str], bp: Blueprint) -> list[tuple[str, date]]:
    """A deadline for each stage of the flow but the last, as the superior's notice sets them.

    The built-in stages' from :data:`_DEADLINES` — preparation's before the first sitting, the
    others' after the one that counts (the superior who orders a redo moves them) — and a
    host's stage a week after the one before.
    """
    known = {
        owners[section]: (bp.sitting if section == "preparation" else bp.final_sitting)
        + timedelta(days=days)
        for section, days in _DEADLINES.items()
    }
    out: list[tuple[str, date]] = []
    last = bp.sitting + timedelta(days=_DEADLINES["preparation"] - 7)
    for name in flow.stage_names[:-1]:
        last = known.get(name, last + timedelta(days=7))
        out.append((name, last))
    return out


def _plan(bp: Blueprint, aspects: tuple[str, ...], flow: Flow) -> list[_Visit]:
    path = forward_path(flow)
    names = [s for s, _ in path]
    index = {s: i for i, s in enumerate(names)}
    leaving = dict(path)
    owners = {x: _owner(flow, x) for x in ("preparation", "review", "critique", "rectification")}
    order = [index.get(owners[x], -1) for x in owners]
    if -1 in order or order != sorted(order):
        raise InvalidArgument(
            Text(
                f"流程 {flow.name} 的前进路径没有依次经过准备、检视、批评和整改",
                f"the forward path of flow {flow.name} does not reach the stages owning"
                " preparation, review, critique and rectification in that order",
            )
        )
    i_prep, i_rev, i_crit, i_rect = order
    redo: Transition | None = None
    if bp.redone:
        redo = next(
            (
                t
                for t in flow.transitions
                if t.redo and owners["critique"] in t.sources and owners["review"] in t.dests
            ),
            None,
        )
        if redo is None:
            raise InvalidArgument(
                Text(
                    f"流程 {flow.name} 不能从 {owners['critique']!r} 责令重开回到 {owners['review']!r}",
                    f"flow {flow.name} has no redo from {owners['critique']!r} back to {owners['review']!r}",
                )
            )
    unknown = sorted(bp.omit - OMITTABLE.keys() - {t.name for t in flow.tracks})
    if unknown:
        raise InvalidArgument(
            Text(
                f"omit 中有未知的部分 {unknown}",
                f"omit names unknown parts {unknown} (known: {', '.join(OMITTABLE)}, or a track"
                f" of flow {flow.name})",
            )
        )
    timetable = _timetable(flow, owners, bp)
    visits: list[_Visit] = []
    sittings = bp.sittings
    for k, day in enumerate(sittings):
        this = bp.at_sitting(day)
        final = k == len(sittings) - 1
        first = 0 if k == 0 else i_rev
        last = len(names) - 1 if final else i_crit
        own: list[tuple[int, list[Batch], datetime]] = (
            [(i_prep, _prepare(this, aspects, timetable) + _sitting_setup(this), _at(day, 9))]
            if k == 0
            else [(i_rev, _sitting_setup(this), _at(day, 11))]
        )
        own += [
            (i_rev, _review(this, aspects), _at(day, 11)),
            (i_crit, _critique(this), _at(day, 17)),
        ]
        if final:
            own.append(
                (i_rect, _rectify(this, _criticisms(this)), _at(day + timedelta(days=56), 10))
            )
        phases: dict[int, list[tuple[list[Batch], datetime]]] = {}
        for i, batches, leave in own:
            phases.setdefault(i, []).append((batches, leave))
        for i in range(first, last + 1):
            stage = names[i]
            mine = phases.get(i, [])
            v = _Visit(
                stage,
                _omit((b for batches, _ in mine for b in batches), bp.omit),
                max((leave for _, leave in mine), default=None),
                leaving[stage],
            )
            if i == i_crit and not final:
                assert redo is not None
                v.trigger = redo
                v.leave_at = _at(day, 18)
                v.redo = (owners["review"], sittings[k + 1])
            visits.append(v)
    final_bp = bp.at_sitting(bp.final_sitting)
    fills = [*_track_fills(flow, final_bp), *bp.extras]
    unknown = sorted({stage for stage, _ in fills if stage not in index})
    if unknown:
        raise InvalidArgument(
            Text(
                f"extras 中的阶段 {unknown} 不在流程 {flow.name} 的前进路径上",
                f"extras name stages {unknown} that are not on the forward path of flow {flow.name}"
                f" ({', '.join(names)})",
            )
        )
    last_visit = {v.stage: v for v in visits}
    for stage, fill in fills:
        got = fill(final_bp) if callable(fill) else fill
        last_visit[stage].extras.extend(got)
    return visits


def _steps(visits: list[_Visit], bp: Blueprint, flow: Flow) -> list[Step]:
    """Times for what the plan left open, then one step per visit."""

    def first_time(v: _Visit) -> datetime | None:
        timed = [b.at for b in v.batches] + [x.at for x in v.extras if isinstance(x, Batch)]
        return min(timed) if timed else v.leave_at

    steps: list[Step] = []
    prev: datetime | None = None
    for n, v in enumerate(visits):
        timed = sorted(
            [*v.batches, *(x for x in v.extras if isinstance(x, Batch))], key=lambda b: b.at
        )
        plain = [x for x in v.extras if not isinstance(x, Batch)]
        start = timed[-1].at if timed else prev
        if v.leave_at is not None:
            leave = v.leave_at
            start = start if start is not None else leave - timedelta(hours=1)
            plain_at = _minute(start + (leave - start) / 2)
        else:
            nxt = next((x for w in visits[n + 1 :] if (x := first_time(w)) is not None), None)
            if start is None:
                start = (nxt or _at(bp.sitting, 9)) - timedelta(hours=3)
            if nxt is None:
                plain_at, leave = start + timedelta(hours=1), start + timedelta(hours=2)
            else:
                plain_at = _minute(start + (nxt - start) / 3)
                leave = _minute(start + (nxt - start) * 2 / 3)
        plain_at, leave = max(plain_at, start), max(leave, plain_at, start)
        batches = list(timed)
        for item in plain:
            who = _recorder(item, bp)
            if batches and batches[-1].at == plain_at and batches[-1].actor == who:
                batches[-1] = attrs.evolve(batches[-1], items=(*batches[-1].items, item))
            else:
                batches.append(Batch(who, plain_at, (item,)))
        if bp.compact and batches:
            batches = _compacted(batches)
        t = v.trigger
        if t is None and not batches:
            break
        steps.append(
            Step(
                flow.stage_title(v.stage),
                tuple(batches),
                t.trigger if t is not None else "",
                _actor(t.authorized, bp) if t is not None else "",
                leave,
                reason="批评与自我批评流于形式，责令重新召开" if v.redo else None,
                return_to=v.redo[0] if v.redo else None,
                new_date=v.redo[1] if v.redo else None,
                stage=v.stage,
            )
        )
        prev = leave
    return steps


def _compacted(batches: Sequence[Batch]) -> list[Batch]:
    """One batch per person, in the order they first recorded, all at the last batch's time."""
    by_actor: dict[str, list[Record]] = {}
    for b in batches:
        by_actor.setdefault(b.actor, []).extend(b.items)
    at = batches[-1].at
    return [Batch(actor, at, tuple(items)) for actor, items in by_actor.items()]


def _default_shape() -> Flow:
    """The default flow (shared): its stages and triggers shape the scenario; :func:`bare`
    strips its rules for building."""
    from meetingflow.flow import default_flow  # noqa: PLC0415 - builders sit above the flow

    return default_flow()


def scenario(
    bp: Blueprint | None = None,
    aspects: tuple[str, ...] | None = None,
    *,
    flow: Flow | None = None,
) -> list[Step]:
    """The steps of the meeting ``bp`` describes along ``flow``'s forward path (default flow).

    One step per visit of a stage; a redone sitting visits the stages from review to critique
    again. The built-in data goes to the stages that own its sections, a host's ``extras`` to
    the stages it names, the appraisal's data to flows with the appraisal track.
    """
    bp = bp or Blueprint()
    aspects = aspects or r.Campaign().aspect_ids
    shape = flow or _default_shape()
    return _steps(_plan(bp, aspects, shape), bp, shape)


# --- playing ---------------------------------------------------------------------------------------


def play(
    flow: Flow, meeting: Meeting, steps: Iterable[Step], *, stop: str | None = None
) -> Iterator[tuple[Step, Meeting]]:
    """Record each step's batches, yield the step with the meeting before its trigger, then fire.

    Stops before firing when the meeting reaches ``stop`` with that stage's data recorded, and
    after a step without a trigger (the scenario's last stage); otherwise it ends with a step
    titled "closed" and the meeting after the last trigger.
    """
    most = r.MAX_ENTRIES  # what one history entry can list; a huge branch's batch is split
    for step in steps:
        for batch in step.batches:
            for start in range(0, len(batch.items), most):
                chunk = batch.items[start : start + most]
                meeting = flow.record(meeting, *chunk, actor=batch.actor, at=batch.at)
        yield step, meeting
        if not step.trigger or (stop is not None and meeting.stage == stop):
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


@functools.lru_cache(maxsize=32)
def bare(flow: Flow) -> Flow:
    """``flow`` without rules: the same stages, sections, triggers, tracks' sections and key.

    What the builder plays through, so that a meeting the flow's gates would stop (an edge
    case) can still be built; its meetings are of ``flow.meeting_type`` and verify under it.
    """
    from meetingflow.flow import Flow  # noqa: PLC0415
    from meetingflow.rules.pack import RulePack  # noqa: PLC0415

    return Flow.build(
        name=flow.name,
        stages=flow.stages,
        transitions=tuple(attrs.evolve(t, gates=(), strict_gates=()) for t in flow.transitions),
        pack=RulePack("none"),
        tracks=tuple(attrs.evolve(t, rules=(), gates=(), settings=()) for t in flow.tracks),
        key=flow.key,
        items=flow.items,
    )


def _visits_of(plan: Sequence[Step], stage: str) -> int | None:
    """The index of the last step recorded in ``stage``, if the steps say where they are."""
    found = [i for i, st in enumerate(plan) if st.stage == stage]
    return found[-1] if found else None


def build(
    stage: str = "closed",
    bp: Blueprint | None = None,
    *,
    flow: Flow | None = None,
    steps: Callable[[Blueprint], list[Step]] | None = None,
    gated: bool = False,
) -> Meeting:
    """The meeting of ``bp`` along ``flow`` (default: the default flow), stopped in ``stage``.

    With the stage's data recorded and its trigger not yet fired — on the stage's last visit
    when sittings were redone; the last stage is the closed meeting. The steps are played
    through the flow without its rules (:func:`bare`), so any blueprint builds and a 3000-member
    branch is quick; ``gated=True`` plays through ``flow`` itself, so its gates must let every
    step through (the examples do this). ``steps`` replaces :func:`scenario`.
    """
    return _build(stage, bp or Blueprint(), flow, steps, gated)[stage]


def build_stages(
    bp: Blueprint | None = None, *, flow: Flow | None = None, gated: bool = False
) -> Mapping[str, Meeting]:
    """The meeting of ``bp`` in every stage its scenario reaches, from one play (last visits)."""
    return _build(None, bp or Blueprint(), flow, None, gated)


def _build(
    stage: str | None,
    bp: Blueprint,
    flow: Flow | None,
    steps: Callable[[Blueprint], list[Step]] | None,
    gated: bool,
) -> dict[str, Meeting]:
    shape = flow or _default_shape()
    if stage is not None and stage not in shape.stage_names:
        raise InvalidArgument(
            Text(
                f"流程中没有阶段 {stage!r}",
                f"no stage {stage!r} in flow {shape.name} ({', '.join(shape.stage_names)})",
            )
        )
    runner = shape if gated else bare(shape)
    plan = steps(bp) if steps is not None else scenario(bp, flow=shape)
    stop = _visits_of(plan, stage) if stage is not None else None
    found: dict[str, Meeting] = {}
    meeting = runner.adopt(new_meeting(bp))
    for i, (_, m) in enumerate(play(runner, meeting, plan)):
        if stage is None:
            found[m.stage] = m
        elif i == stop or (stop is None and m.stage == stage):
            return {stage: m}
    if stage is not None:
        raise InvalidArgument(
            Text(f"该场景到达不了阶段 {stage!r}", f"the scenario never reaches stage {stage!r}")
        )
    return found
