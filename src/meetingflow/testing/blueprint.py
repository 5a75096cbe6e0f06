"""``Blueprint``: a branch and how its meeting went, its knobs checked when it is made.

A bad knob fails where the blueprint is written, not halfway through a scenario; only what
needs a flow (``omit`` names, ``extras`` stages, a redo) is checked later, in the plan.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.records.terms import ItemState

if TYPE_CHECKING:
    from meetingflow.records import Record
    from meetingflow.testing.steps import Batch


MAX_MEMBERS: Final = 4_000
"""The largest branch the builder makes: every list in a record holds at most 10 000 entries,
and a branch records about two heart-to-heart talks per member."""

MAX_REDONE: Final = 5
"""The most sittings a blueprint has redone (each one week after the one before)."""

_NAMES = (
    "王芳", "李强", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞",
    "徐明", "孙丽", "马超", "朱红", "胡军", "郭蕾", "何平", "高峰", "林琳", "罗刚",
)  # fmt: skip


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
    """The member ids of an ``n``-member branch; cached, as every roster property asks."""
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
