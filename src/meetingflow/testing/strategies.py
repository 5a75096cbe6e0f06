"""Hypothesis strategies: generated meetings of any flow, in any stage, that reach the edges.

Why built and not arbitrary JSON: a rule only ever sees meetings the flow let through, so every
generated meeting is *built* — its blueprint drawn (members from one to dozens, no committee,
no cadres, absences with and without leave, exemptions, discipline, every item state, redone
sittings, and whole parts never recorded: no plan, no session, no items, ...) and played
through the flow's operations. It is valid and its history verifies, but it need not be
compliant: that is what makes a fragile rule crash. The strategies take the flow: its stage
names, its custom stages' and tracks' sections (filled with generated records of their own
types unless the host gives data) and its triggers come from it.

Builds are cached by blueprint, and one build gives the meeting in every stage, so a strategy
is cheap once warm. Needs ``hypothesis`` (the ``test`` extra); ``import meetingflow.testing``
does not import it.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel

from meetingflow import records as r
from meetingflow.errors import InvalidArgument, InvalidRecord
from meetingflow.i18n import Text
from meetingflow.records.fields import Occurred, Ref
from meetingflow.records.terms import ItemState
from meetingflow.testing.builder import (
    OMITTABLE,
    SUPERVISOR,
    Blueprint,
    Fill,
    build,
    forward_path,
)

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from meetingflow.flow import Flow
    from meetingflow.records import Meeting, Record

__all__ = [
    "EDGE_PARTS",
    "actors",
    "blueprints",
    "check_times",
    "meetings",
    "records",
    "stages",
    "triggers",
]

EDGE_PARTS: tuple[str, ...] = (
    "session",
    "plan",
    "items",
    "attendance",
    "criticisms",
    "minutes",
    "notice",
    "self_examinations",
)
"""The parts rules most often take for granted: each is left out of one drawn blueprint in
four to sixteen (the other parts of :data:`OMITTABLE` more rarely)."""

_OTHER_PARTS = tuple(p for p in OMITTABLE if p not in EDGE_PARTS)

_OFFSETS = (0, 8 * 60, -5 * 60, 5 * 60 + 45, 13 * 60 + 45, -(9 * 60 + 30))
"""UTC offsets check times come in (minutes): a rule compares local days, not UTC instants."""


def _default_flow() -> Flow:
    from meetingflow.flow import default_flow  # noqa: PLC0415 - strategies sit above the flow

    return default_flow()


def _path_stages(flow: Flow) -> tuple[str, ...]:
    return tuple(s for s, _ in forward_path(flow))


def stages(flow: Flow | None = None) -> SearchStrategy[str]:
    """The flow's stages a meeting can be built in (its forward path)."""
    return st.sampled_from(_path_stages(flow or _default_flow()))


# --- records of a host's own types --------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _text() -> SearchStrategy[str]:
    return st.text(alphabet="整改回头看记录abcxyz0123-", min_size=1, max_size=10)


class _Pool(typing.NamedTuple):
    """What generated values may refer to: the branch's people and items, and its sitting."""

    members: tuple[str, ...]
    people: tuple[str, ...]
    ids: tuple[str, ...]
    day: date
    latest: date
    """The last day a ``Happened`` date may fall on: the day the records will be recorded."""


def _pool(bp: Blueprint, recorded_on: date | None = None) -> _Pool:
    return _Pool(
        bp.ids,
        (*bp.ids, SUPERVISOR),
        (*bp.item_ids, *bp.ids),
        bp.sitting,
        recorded_on or bp.sitting,
    )


def _bounds(metadata: Iterable[Any], lo: int, hi: int) -> tuple[int, int]:
    for m in metadata:
        if isinstance(m, annotated_types.Ge):
            lo = max(lo, int(m.ge))  # type: ignore[call-overload]
        elif isinstance(m, annotated_types.Gt):
            lo = max(lo, int(m.gt) + 1)  # type: ignore[call-overload]
        elif isinstance(m, annotated_types.Le):
            hi = min(hi, int(m.le))  # type: ignore[call-overload]
        elif isinstance(m, annotated_types.Lt):
            hi = min(hi, int(m.lt) - 1)  # type: ignore[call-overload]
    return lo, max(lo, hi)


def _value(
    annotation: Any, metadata: Sequence[Any], pool: _Pool, depth: int
) -> SearchStrategy[Any]:
    """Values of a record field: people from the roster, ids of its items, dates near the sitting."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *meta = get_args(annotation)
        return _value(base, [*meta, *metadata], pool, depth)
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        options = [_value(a, metadata, pool, depth) for a in members]
        if len(members) < len(get_args(annotation)):
            options.insert(0, st.none())
        return st.one_of(options)
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if origin is tuple:
        args = get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(_value(args[0], (), pool, depth), max_size=3).map(tuple)
        return st.tuples(*(_value(a, (), pool, depth) for a in args))
    refs = [m.kind for m in metadata if isinstance(m, Ref)]
    if refs:
        return st.sampled_from(pool.members if refs[0] == "member" else pool.people)
    if isinstance(annotation, type):
        if issubclass(annotation, bool):
            return st.booleans()
        if issubclass(annotation, enum.Enum):
            return st.sampled_from(list(annotation))
        if issubclass(annotation, str):
            pattern = next(
                (getattr(m, "pattern", None) for m in metadata if getattr(m, "pattern", None)), None
            )
            if pattern:
                return st.from_regex(pattern, fullmatch=True)
            empty = all(getattr(m, "min_length", None) in (None, 0) for m in metadata)
            return st.one_of(st.sampled_from(pool.ids), _text(), *([st.just("")] if empty else []))
        if issubclass(annotation, int):
            return st.integers(*_bounds(metadata, 0, 100))
        if issubclass(annotation, float):
            lo, hi = _bounds(metadata, 0, 100)
            return st.floats(lo, hi, allow_nan=False, allow_infinity=False)
        if issubclass(annotation, datetime):
            start = datetime(pool.day.year, pool.day.month, pool.day.day)
            return st.datetimes(
                start - timedelta(days=60), start + timedelta(days=120), timezones=_zones()
            )
        if issubclass(annotation, date):
            if any(isinstance(m, Occurred) for m in metadata):  # never after its recording
                return st.dates(pool.day - timedelta(days=60), pool.latest)
            return st.dates(pool.day - timedelta(days=60), pool.day + timedelta(days=120))
        if issubclass(annotation, BaseModel):
            return _record(annotation, pool, depth + 1)
    return st.from_type(annotation)


def _validated(cls: type[Record]) -> Callable[[dict[str, Any]], Record | None]:
    def make(fields: dict[str, Any]) -> Record | None:
        try:
            return cls.model_validate(fields)
        except InvalidRecord:
            return None

    return make


def _record(cls: type[BaseModel], pool: _Pool, depth: int) -> SearchStrategy[Any]:
    if depth > 3:
        return st.nothing()
    fields: dict[str, SearchStrategy[Any]] = {}
    optional: dict[str, SearchStrategy[Any]] = {}
    for name, info in cls.model_fields.items():
        value = _value(info.annotation, info.metadata, pool, depth)
        if info.is_required():
            fields[name] = value
        else:
            optional[name] = value
    made = st.fixed_dictionaries(fields, optional=optional)
    if issubclass(cls, r.Record):
        return made.map(_validated(cls)).filter(lambda x: x is not None)
    return made.map(cls.model_validate)


def records(
    cls: type[Record], bp: Blueprint | None = None, *, recorded_on: date | None = None
) -> SearchStrategy[Record]:
    """Valid records of ``cls`` (a host's record type) for the branch of ``bp``.

    Person references name its members (and the superior's representative ``s01``), ids are
    often its items' and members' ids, dates fall around its sitting; optional fields are
    sometimes left out. Records the type's own validators refuse are not generated.
    ``Happened`` dates fall on or before ``recorded_on`` (default: the sitting's day), since
    ``Flow.record`` refuses a fact dated after the day it is recorded.
    """
    return _record(cls, _pool(bp or Blueprint(), recorded_on), 0)


# --- blueprints ------------------------------------------------------------------------------------


def _custom_types(flow: Flow) -> dict[str, list[type[Record]]]:
    """Stage -> the record types of the flow's own sections recorded there (the tracks meetingflow
    ships have their own data in the builder and are left out)."""
    from meetingflow.extensions import appraisal as ap  # noqa: PLC0415

    sections = [(s.section_path, s.items) for s in flow.stages if s.section_path is not None]
    sections += [(t.section_path, t.items) for t in flow.tracks if t.name != ap.NAME]
    out: dict[str, list[type[Record]]] = {}
    on_path = set(_path_stages(flow))
    for path, kinds in sections:
        for kind in kinds:
            placement = kind.record_into
            if placement is None or not placement.path.startswith(path):
                continue
            owner = flow.owner_of(placement.path)
            if owner in on_path:
                out.setdefault(owner, []).append(kind)
    return out


def _subset(ids: Sequence[str], most: int) -> SearchStrategy[frozenset[str]]:
    if not ids:
        return st.just(frozenset())
    return st.frozensets(st.sampled_from(ids), max_size=most)


@st.composite
def blueprints(
    draw: DrawFn,
    flow: Flow | None = None,
    *,
    max_members: int = 30,
    extras: Mapping[str, Fill | SearchStrategy[Any]] | None = None,
    max_redone: int = 2,
    compact: bool = True,
) -> Blueprint:
    """Blueprints that reach the edges, for ``flow`` (default: the default flow).

    One member about a quarter of the time, no committee or no cadres often; members absent with
    and without leave, exempt, under discipline, with long-term items; items in every state;
    up to ``max_redone`` redone sittings; parts never recorded (see :data:`EDGE_PARTS` and
    :data:`~meetingflow.testing.builder.OMITTABLE`). ``extras`` gives a host's data per stage
    (a fill, or a strategy of fills); the flow's own sections without it get generated records.
    ``compact`` records each stage's facts in one entry per person (quicker; see
    :attr:`~meetingflow.testing.Blueprint.compact`).
    """
    shape = flow or _default_flow()
    hi = max(1, min(max_members, 4_000))
    sizes = [st.just(1)]
    if hi >= 2:
        sizes.append(st.integers(2, min(hi, 9)))
    if hi >= 10:
        sizes.append(st.integers(10, hi))
    members = draw(st.one_of(sizes))
    committee = draw(st.integers(0, min(4, members - 1)))
    cadres = draw(st.integers(0, min(2, members - 1 - committee)))
    probationary = draw(st.integers(0, min(2, members - 1)))
    ids = Blueprint(members=members, committee=committee, cadres=cadres, probationary=0).ids
    leave = draw(_subset(ids, 3))
    unexcused = draw(_subset(ids, 2)) - leave
    exempt = draw(_subset(ids, 2)) - leave - unexcused
    discipline = draw(_subset(ids, 2))
    long_term = draw(_subset(ids, 2)) - exempt
    expected = [i for i in ids if i not in exempt]
    item_ids = ["r-branch", *(f"r-{i}" for i in expected)]
    states = draw(
        st.dictionaries(st.sampled_from(item_ids), st.sampled_from(list(ItemState)), max_size=4)
    )
    omit = draw(st.frozensets(st.sampled_from(EDGE_PARTS), max_size=3)) | draw(
        st.frozensets(st.sampled_from(_OTHER_PARTS), max_size=3)
    )
    tracks = [t.name for t in shape.tracks]
    if tracks:
        omit |= draw(_subset(tracks, len(tracks)))
    redone = draw(st.one_of(st.just(0), st.integers(0, max(0, min(max_redone, 5)))))
    given = dict(extras or {})
    fills: dict[str, Any] = {}
    pool = Blueprint(members=members, committee=committee, cadres=cadres, probationary=0)
    for stage, kinds in _custom_types(shape).items():
        if stage in given:
            continue
        made = [draw(st.lists(records(k, pool), max_size=3)) for k in kinds]
        fills[stage] = tuple(x for batch in made for x in batch)
    for stage, fill in given.items():
        fills[stage] = draw(fill) if isinstance(fill, st.SearchStrategy) else fill
    return Blueprint(
        members=members,
        committee=committee,
        cadres=cadres,
        probationary=probationary,
        absent={
            **{i: "leave" for i in sorted(leave)},
            **{i: "unexcused" for i in sorted(unexcused)},
        },
        exempt=tuple(sorted(exempt)),
        discipline=tuple(sorted(discipline)),
        long_term=tuple(sorted(long_term)),
        item_states=states,
        omit=omit,
        redone=redone,
        extras=fills,
        compact=compact,
    )


# --- meetings ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _built(flow: Flow, bp: Blueprint, stage: str) -> Meeting:
    return build(stage, bp, flow=flow)


def meetings(
    flow: Flow | None = None,
    stages: Iterable[str] | None = None,
    *,
    blueprints: SearchStrategy[Blueprint] | None = None,
    extras: Mapping[str, Fill | SearchStrategy[Any]] | None = None,
    max_members: int = 30,
    max_redone: int = 2,
) -> SearchStrategy[Meeting]:
    """Valid, verifying meetings of ``flow`` (default: the default flow) in one of ``stages``.

    Each is built from a drawn blueprint (see :func:`blueprints`; pass your own strategy of
    blueprints to narrow or widen them) and stopped in a drawn stage with that stage's data
    recorded — the last visit when sittings were redone. ``stages`` defaults to every stage on
    the flow's forward path, custom ones included; ``extras`` is a host's data per stage.
    """
    shape = flow or _default_flow()
    reachable = _path_stages(shape)
    names = tuple(stages) if stages is not None else reachable
    bad = [s for s in names if s not in reachable]
    if bad or not names:
        raise InvalidArgument(
            Text(
                f"流程 {shape.name} 的前进路径上没有阶段 {bad}",
                f"stages {bad} are not on the forward path of flow {shape.name}"
                f" ({', '.join(reachable)})",
            )
        )
    plans = (
        blueprints
        if blueprints is not None
        else _blueprints(shape, max_members=max_members, extras=extras, max_redone=max_redone)
    )
    return _meetings(shape, plans, names)


@st.composite
def _meetings(
    draw: DrawFn, flow: Flow, plans: SearchStrategy[Blueprint], names: tuple[str, ...]
) -> Meeting:
    bp = draw(plans)
    stage = draw(st.sampled_from(names))
    meeting = _built(flow, bp, stage)
    _explain(meeting, stage, bp, flow)
    return meeting


def _explain(meeting: Meeting, stage: str, bp: Blueprint, flow: Flow) -> None:
    """Have Hypothesis report a failing meeting as the call that builds it, not as 50 kB of
    record: ``build('review', Blueprint(members=1, omit=frozenset({'session'})), flow=...)``."""
    from hypothesis.control import current_build_context  # noqa: PLC0415

    # A nicety of Hypothesis's internals: never fail a test because it changed.
    kwargs: dict[str, object] = (
        {} if flow is _default_flow() else {"flow": _Label(f"<the flow {flow.name!r}>")}
    )
    with contextlib.suppress(Exception):
        current_build_context().record_call(meeting, build, args=(stage, bp), kwargs=kwargs)


class _Label:
    """Printed as its text (a flow is too long to print in a failing example)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.text)


_blueprints = blueprints


# --- check times, actors, triggers --------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _zones() -> SearchStrategy[timezone]:
    return st.sampled_from([timezone(timedelta(minutes=m)) for m in _OFFSETS])


def check_times(
    meeting: Meeting | None = None, *, before: int = 30, after: int = 120
) -> SearchStrategy[datetime]:
    """Aware check times, in whole-minute UTC offsets from around the world.

    With ``meeting``: from ``before`` days before its last event to ``after`` days after it
    (overdue items, late reports and day boundaries in the organization's time zone are
    reached); without: any time in 2021 and 2022. Times before the last event can be checked
    but not fired at.
    """
    if meeting is None:
        low, high = datetime(2021, 1, 1), datetime(2022, 12, 31, 23, 59)
    else:
        year = meeting.campaign.meeting_year or 2021
        anchor = (
            meeting.history[-1].at.replace(tzinfo=None)
            if meeting.history
            else datetime(year, 6, 1, 9)
        )
        low, high = anchor - timedelta(days=before), anchor + timedelta(days=after)
    return st.datetimes(low, high, timezones=_zones()).map(
        lambda at: at.replace(second=0, microsecond=0)
    )


def actors(meeting: Meeting, *, strangers: bool = True) -> SearchStrategy[str]:
    """Who might act on ``meeting``: its members, the superior's representatives and (unless
    ``strangers=False``) someone who is neither."""
    people = [m.id for m in meeting.roster] + [s.id for s in meeting.supervisors]
    return st.sampled_from([*people, *(["x-stranger"] if strangers else [])])


def triggers(flow: Flow | None = None, *, unknown: bool = False) -> SearchStrategy[str]:
    """The flow's triggers (and, with ``unknown=True``, a name the flow does not know)."""
    names = (flow or _default_flow()).triggers
    return st.sampled_from([*names, *(["no_such_trigger"] if unknown else [])])
