"""The meeting record: the whole dossier of one meeting, validated as a whole.

The checks across records (every member reference on the roster, ids unique, reviews of
existing materials, ...) are pydantic validators, so every way of validating a meeting —
``Meeting(...)``, ``model_validate``, ``model_validate_json``, ``TypeAdapter(Meeting)``, a
FastAPI request body — enforces them. Records written by an earlier schema are migrated on
the way in (``meetingflow.records.migrations``).
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeVar, get_args

from pydantic import (
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from meetingflow.errors import ErrorEntry, InvalidArgument, InvalidRecord
from meetingflow.i18n import Text
from meetingflow.records import migrations
from meetingflow.records._base import Id, Many, Record
from meetingflow.records.closing import Closing
from meetingflow.records.critique import Critique
from meetingflow.records.fields import Ref, problems
from meetingflow.records.fields import annotation_contains as _contains
from meetingflow.records.history import Event, RedoneSession
from meetingflow.records.people import Campaign, Member, Organization, Supervisor
from meetingflow.records.preparation import Preparation
from meetingflow.records.rectification import Rectification
from meetingflow.records.review import Review

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["SCHEMA_VERSION", "Extensions", "Meeting", "iter_refs"]

SCHEMA_VERSION: Final = migrations.SCHEMA_VERSION
"""The schema version this meetingflow writes."""


class Extensions(Record):
    """Sections of a flow's own stages and tracks; a flow with such sections extends this model.

    An absent section is ``None`` and left out of the JSON, so a record written before a
    stage or track existed reads the same (and keeps its digests) under a flow that has it.
    """

    @model_serializer(mode="wrap")
    def _drop_absent(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        return {k: v for k, v in data.items() if v is not None}


_R = TypeVar("_R", bound=Record)


class Meeting(Record):
    """One meeting's whole dossier: who, what was prepared, said and fixed, and its history.

    Immutable. Build one freely in Python before its first event; from then on it changes only
    through ``meetingflow.Flow.record`` and ``meetingflow.Flow.fire``, which return a
    new meeting with the change attributed, dated and chained into ``history``.
    """

    schema_version: int = SCHEMA_VERSION
    id: Id
    organization: Organization
    campaign: Campaign = Field(default_factory=Campaign)
    roster: Many[Member] = Field(min_length=1)
    supervisors: Many[Supervisor] = ()
    preparation: Preparation = Field(default_factory=Preparation)
    review: Review = Field(default_factory=Review)
    critique: Critique = Field(default_factory=Critique)
    rectification: Rectification = Field(default_factory=Rectification)
    closing: Closing = Field(default_factory=Closing)
    extensions: Extensions = Field(default_factory=Extensions)
    redone_sessions: Many[RedoneSession] = ()
    stage: Id = "preparation"
    version: int = Field(default=0, ge=0)
    """Number of events; a host saves with compare-and-swap on it."""
    history: Many[Event] = ()

    @field_validator("schema_version", mode="before")
    @classmethod
    def _current(cls, value: Any) -> Any:
        # Before the int check, so that JSON such as "x" is named an unknown schema too. A field
        # validator, not a model-level one: that made every parse about 45% slower.
        migrations.check_version(value)
        return value

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate a Python object; a record of an earlier schema is migrated first."""
        if isinstance(obj, Mapping) and obj.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
            obj = cls._checked(lambda: migrations.upgrade(dict(obj), cls))  # type: ignore[arg-type,return-value]
        return super().model_validate(obj, **kwargs)

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        """Validate JSON text; a record of an earlier schema is migrated first."""
        try:
            return super().model_validate_json(json_data, **kwargs)
        except InvalidRecord as error:
            if not any(e.type == "migration_needed" for e in error.entries):
                raise
        return cls.model_validate(json.loads(json_data))

    @model_validator(mode="after")
    def _consistent(self) -> Meeting:
        found = list(_reference_problems(self))
        if found:
            raise problems(found)
        return self

    # --- lookups -------------------------------------------------------------------------

    def extension(self, name: str, kind: type[_R]) -> _R:
        """The custom section ``name``, typed as ``kind`` (``kind()`` while nothing was recorded):
        ``meeting.extensions.<name>`` reads as ``Any`` to a type checker."""
        if name not in type(self.extensions).model_fields:
            known = ", ".join(type(self.extensions).model_fields) or "none"
            raise InvalidArgument(
                Text(
                    f"本流程的会议没有扩展部分 {name!r}（已有：{known}）",
                    f"this flow's meetings have no section {name!r} (sections: {known})",
                )
            )
        value = getattr(self.extensions, name, None)
        if value is None:
            return kind()
        if not isinstance(value, kind):
            raise InvalidArgument(
                Text(
                    f"扩展部分 {name!r} 是 {type(value).__name__}，不是 {kind.__name__}",
                    f"the section {name!r} holds {type(value).__name__}, not {kind.__name__}",
                )
            )
        return value

    def member(self, member_id: str) -> Member | None:
        """The roster member with ``member_id``, or ``None``."""
        return self.members_by_id().get(member_id)

    def members_by_id(self) -> dict[str, Member]:
        """The roster as a mapping (computed once per meeting object)."""
        cache = self._cache()
        index = cache.get("members")
        if index is None:
            index = cache["members"] = {m.id: m for m in self.roster}
        return index

    def supervisor(self, person_id: str) -> Supervisor | None:
        """The representative of the superior with ``person_id``, or ``None``."""
        return next((s for s in self.supervisors if s.id == person_id), None)

    @property
    def secretary(self) -> Member | None:
        """The branch secretary, if the roster names one."""
        return next((m for m in self.roster if m.is_secretary), None)


# --- the checks across records ---------------------------------------------------------------


def _ref_kind(annotation: Any, metadata: Iterable[Any]) -> str | None:
    found = [m.kind for m in metadata if isinstance(m, Ref)]

    def is_ref(a: Any) -> bool:
        if isinstance(a, Ref):
            found.append(a.kind)
            return True
        return False

    _contains(annotation, is_ref)
    return found[0] if found else None


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """For a record class: its person-reference fields and its fields that hold records."""
    refs: list[tuple[str, str]] = []
    nested: list[str] = []
    for name, field in cls.model_fields.items():
        kind = _ref_kind(field.annotation, field.metadata)
        if kind is not None:
            refs.append((name, kind))
        elif _contains(
            field.annotation, lambda a: isinstance(a, type) and issubclass(a, BaseModel)
        ):
            nested.append(name)
    return tuple(refs), tuple(nested)


def iter_refs(obj: BaseModel, path: str = "") -> Iterator[tuple[str, str, str]]:
    """Every person reference inside ``obj``: ``(path, kind, id)``, kind ``member`` or ``person``."""
    refs, nested = _plan(type(obj))
    for name, kind in refs:
        value = getattr(obj, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, str):
            yield here, kind, value
        elif isinstance(value, tuple):
            for i, v in enumerate(value):
                yield f"{here}[{i}]", kind, v
    for name in nested:
        value = getattr(obj, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, BaseModel):
            yield from iter_refs(value, here)
        elif isinstance(value, tuple):
            for i, v in enumerate(value):
                if isinstance(v, BaseModel):
                    yield from iter_refs(v, f"{here}[{i}]")


def _record_types(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in get_args(annotation):
        yield from _record_types(arg)


@functools.cache
def _fast_plan(cls: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Member-ref fields, person-ref fields, and nested fields that can hold references."""
    refs, nested = _plan(cls)
    members = tuple(n for n, k in refs if k == "member")
    persons = tuple(n for n, k in refs if k == "person")
    deep = tuple(
        n
        for n in nested
        if any(_has_refs(c) for c in _record_types(cls.model_fields[n].annotation))
    )
    return members, persons, deep


@functools.cache
def _has_refs(cls: type[BaseModel]) -> bool:
    if _plan(cls)[0]:
        return True
    return any(
        _has_refs(c)
        for n in _plan(cls)[1]
        for c in _record_types(cls.model_fields[n].annotation)
        if c is not cls
    )


def _refs_ok(obj: BaseModel, members: set[str], persons: set[str]) -> bool:
    """Whether every person reference inside ``obj`` resolves (fast: no paths are built)."""
    member_fields, person_fields, deep = _fast_plan(type(obj))
    data = obj.__dict__
    for name in member_fields:
        value = data[name]
        if value is None:
            continue
        if isinstance(value, str):
            if value not in members:
                return False
        elif not members.issuperset(value):
            return False
    for name in person_fields:
        value = data[name]
        if value is None:
            continue
        if isinstance(value, str):
            if value not in persons:
                return False
        elif not persons.issuperset(value):
            return False
    for name in deep:
        value = data[name]
        if value is None:
            continue
        if isinstance(value, tuple):
            for item in value:
                if isinstance(item, BaseModel) and not _refs_ok(item, members, persons):
                    return False
        elif isinstance(value, BaseModel) and not _refs_ok(value, members, persons):
            return False
    return True


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def _entry(path: str, zh: str, en: str) -> ErrorEntry:
    return ErrorEntry(path, Text(zh, en), "reference")


def _reference_problems(m: Meeting) -> Iterator[ErrorEntry]:
    member_ids = {x.id for x in m.roster}
    supervisor_ids = {s.id for s in m.supervisors}
    person_ids = member_ids | supervisor_ids
    for dup in _duplicates(x.id for x in m.roster):
        yield _entry(
            "roster", f"党员编号 {dup!r} 重复", f"member id {dup!r} appears more than once"
        )
    for dup in _duplicates(s.id for s in m.supervisors):
        yield _entry(
            "supervisors",
            f"上级代表编号 {dup!r} 重复",
            f"supervisor id {dup!r} appears more than once",
        )
    for both in sorted(member_ids & supervisor_ids):
        yield _entry(
            "supervisors",
            f"{both!r} 既在本支部名册上又是上级代表",
            f"{both!r} is both a roster member and a representative of the superior",
        )
    for path, kind, ref in () if _refs_ok(m, member_ids, person_ids) else iter_refs(m):
        if kind == "member" and ref not in member_ids:
            if ref in supervisor_ids:
                yield _entry(
                    path,
                    f"{ref!r} 是上级代表，不在本支部名册上",
                    f"{ref!r} is a supervisor, not on the roster",
                )
            else:
                yield _entry(path, f"{ref!r} 不在名册上", f"{ref!r} is not on the roster")
        elif kind == "person" and ref not in person_ids:
            yield _entry(
                path,
                f"{ref!r} 既不在名册上也不是上级代表",
                f"{ref!r} is neither on the roster nor a supervisor",
            )
    prep, rect, crit = m.preparation, m.rectification, m.critique
    seq: tuple[Any, ...]
    for name, seq in (
        ("preparation.problems", prep.problems),
        ("preparation.materials", prep.materials),
        ("preparation.study_sessions", prep.study_sessions),
        ("preparation.opinions", prep.opinions),
        ("critique.criticisms", crit.criticisms),
        ("rectification.items", rect.items),
    ):
        for dup in _duplicates(x.id for x in seq):
            yield _entry(name, f"编号 {dup!r} 重复", f"id {dup!r} appears more than once")
    material_ids = {x.id for x in prep.materials}
    for i, r in enumerate(prep.material_reviews):
        if r.material_id not in material_ids:
            yield _entry(
                f"preparation.material_reviews[{i}].material_id",
                f"没有材料 {r.material_id!r}",
                f"no material {r.material_id!r} in preparation.materials",
            )
    problem_ids = {p.id for p in prep.problems}
    criticism_ids = {c.id for c in crit.criticisms} | {
        c.id for s in m.redone_sessions for c in s.critique.criticisms
    }
    item_ids = {it.id for it in rect.items}
    for i, it in enumerate(rect.items):
        if it.problem_id is not None and it.problem_id not in problem_ids:
            yield _entry(
                f"rectification.items[{i}].problem_id",
                f"没有问题 {it.problem_id!r}",
                f"no problem {it.problem_id!r} in preparation.problems",
            )
        if it.criticism_id is not None and it.criticism_id not in criticism_ids:
            yield _entry(
                f"rectification.items[{i}].criticism_id",
                f"没有批评 {it.criticism_id!r}",
                f"no criticism {it.criticism_id!r} in critique.criticisms",
            )
    linked: tuple[Any, ...]
    for name, linked in (
        ("closures", rect.closures),
        ("verifications", rect.verifications),
        ("long_term_approvals", rect.long_term_approvals),
        ("escalations", rect.escalations),
    ):
        for i, x in enumerate(linked):
            entry: Any = x
            if entry.item_id not in item_ids:
                yield _entry(
                    f"rectification.{name}[{i}].item_id",
                    f"没有整改事项 {entry.item_id!r}",
                    f"no rectification item {entry.item_id!r}",
                )
    for i, d in enumerate(rect.dispositions):
        if d.problem_id is not None and d.problem_id not in problem_ids:
            yield _entry(
                f"rectification.dispositions[{i}].problem_id",
                f"没有问题 {d.problem_id!r}",
                f"no problem {d.problem_id!r} in preparation.problems",
            )
        if d.criticism_id is not None and d.criticism_id not in criticism_ids:
            yield _entry(
                f"rectification.dispositions[{i}].criticism_id",
                f"没有批评 {d.criticism_id!r}",
                f"no criticism {d.criticism_id!r}",
            )
        if d.merged_into is not None and d.merged_into not in item_ids:
            yield _entry(
                f"rectification.dispositions[{i}].merged_into",
                f"没有整改事项 {d.merged_into!r}",
                f"no rectification item {d.merged_into!r}",
            )
    if m.version != len(m.history):
        yield _entry(
            "version",
            f"版本号 {m.version} 与历史记录条数 {len(m.history)} 不符",
            f"version {m.version} does not match the {len(m.history)} history events",
        )
    if not m.history and m.version:
        yield _entry(
            "version", "没有历史记录的会议版本号应为 0", "a meeting without history has version 0"
        )
