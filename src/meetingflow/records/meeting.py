"""The meeting record: the whole dossier of one meeting, and the one way to change it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from meetingflow.errors import ErrorEntry, InvalidRecord, SectionSealed
from meetingflow.records import people, preparation, rectification, session
from meetingflow.records._base import Id, Record, iter_refs
from meetingflow.records.history import Event, RedoneSession
from meetingflow.records.people import Campaign, Member, Organization, Supervisor
from meetingflow.records.preparation import Preparation
from meetingflow.records.rectification import Closing, Rectification
from meetingflow.records.session import Critique, Review

if TYPE_CHECKING:
    from typing_extensions import Self

SCHEMA_VERSION: Literal[1] = 1

_Mode = Literal["set", "append", "upsert"]

# Where each kind of record goes when a host calls ``Meeting.record``:
# (section, field, mode, key of identity for upsert)
_PLACEMENT: dict[type[Record], tuple[str, str, _Mode, str]] = {
    Organization: ("", "organization", "set", ""),
    Campaign: ("", "campaign", "set", ""),
    Member: ("", "roster", "upsert", "id"),
    Supervisor: ("", "supervisors", "upsert", "id"),
    preparation.Notice: ("preparation", "notice", "set", ""),
    preparation.MeetingPlan: ("preparation", "plan", "set", ""),
    preparation.Notification: ("preparation", "notifications", "upsert", "member_id"),
    preparation.StudySession: ("preparation", "study_sessions", "upsert", "id"),
    preparation.Opinion: ("preparation", "opinions", "upsert", "id"),
    preparation.Talk: ("preparation", "talks", "append", ""),
    preparation.Problem: ("preparation", "problems", "upsert", "id"),
    preparation.Material: ("preparation", "materials", "upsert", "id"),
    preparation.MaterialReview: ("preparation", "material_reviews", "append", ""),
    preparation.SpotCheck: ("preparation", "spot_checks", "append", ""),
    preparation.CommitteeSession: ("preparation", "committee_session", "set", ""),
    session.Session: ("review", "session", "set", ""),
    session.Attendance: ("review", "attendance", "upsert", "member_id"),
    session.LeaveRequest: ("review", "leave_requests", "upsert", "member_id"),
    session.SelfExamination: ("review", "self_examinations", "upsert", "member_id"),
    session.BranchReport: ("review", "branch_report", "set", ""),
    session.PreviousRectificationReport: ("review", "previous_rectification_report", "set", ""),
    session.Statement: ("critique", "statements", "upsert", "member_id"),
    session.Criticism: ("critique", "criticisms", "append", ""),
    session.Response: ("critique", "responses", "upsert", "member_id"),
    session.SuperiorComment: ("critique", "superior_comments", "append", ""),
    session.UnityAttestation: ("critique", "unity_attestation", "set", ""),
    rectification.RectificationPlan: ("rectification", "plan", "set", ""),
    rectification.RectificationItem: ("rectification", "items", "upsert", "id"),
    rectification.Commitment: ("rectification", "commitments", "append", ""),
    rectification.Disposition: ("rectification", "dispositions", "upsert", "problem_id"),
    rectification.Makeup: ("rectification", "makeups", "upsert", "member_id"),
    rectification.SupervisionEvent: ("rectification", "supervision", "append", ""),
    rectification.Minutes: ("closing", "minutes", "set", ""),
    rectification.SuperiorReport: ("closing", "report", "set", ""),
    rectification.ArchivedDocument: ("closing", "archive", "append", ""),
    rectification.Publication: ("closing", "publications", "append", ""),
}


class Extensions(Record):
    """Sections of host-defined stages; a flow with custom stages extends this model."""


class Meeting(Record):
    """One meeting's whole dossier: who, what was prepared, said and fixed, and its history.

    Immutable: :meth:`record` and :meth:`replace` return a new meeting, and
    :meth:`meetingflow.Flow.fire` returns a new one with the stage changed.
    """

    schema_version: Literal[1] = SCHEMA_VERSION
    id: Id
    organization: Organization
    campaign: Campaign = Campaign()
    roster: tuple[Member, ...] = Field(min_length=1)
    supervisors: tuple[Supervisor, ...] = ()
    preparation: Preparation = Preparation()
    review: Review = Review()
    critique: Critique = Critique()
    rectification: Rectification = Rectification()
    closing: Closing = Closing()
    extensions: Extensions = Extensions()
    redone_sessions: tuple[RedoneSession, ...] = ()
    stage: Id = "preparation"
    version: int = Field(default=0, ge=0)
    history: tuple[Event, ...] = ()

    # --- lookups -------------------------------------------------------------------

    def member(self, member_id: str) -> Member:
        """The roster member with ``member_id``; ``KeyError`` names the roster otherwise."""
        for m in self.roster:
            if m.id == member_id:
                return m
        raise KeyError(f"{member_id!r} is not on the roster of meeting {self.id!r}")

    def supervisor(self, person_id: str) -> Supervisor | None:
        """The supervisor with ``person_id``, or ``None``."""
        return next((s for s in self.supervisors if s.id == person_id), None)

    def live_seals(self) -> dict[str, tuple[int, str]]:
        """Paths still sealed by the history: the sealing event's ``seq`` and the digest."""
        live: dict[str, tuple[int, str]] = {}
        for event in self.history:
            for path in event.reopened:
                live.pop(path, None)
            for seal in event.seals:
                live[seal.path] = (event.seq, seal.digest)
        return live

    def sealed_paths(self) -> dict[str, int]:
        """Paths sealed by the history and still sealed, each with the sealing event's ``seq``."""
        return {path: seq for path, (seq, _) in self.live_seals().items()}

    # --- changes ---------------------------------------------------------------------

    def record(self, *items: Record) -> Self:
        """Record what happened: each item goes to the section its type belongs to.

        Singletons (a ``MeetingPlan``, a ``Session``, ``Minutes``) replace the old value;
        items with an identity (``id`` or one per ``member_id``) replace the item with the same
        identity; others (talks, criticisms) are appended. The result is validated as a whole
        and gets ``version + 1``; this meeting is unchanged. Sections sealed by the history
        raise :class:`~meetingflow.SectionSealed`.
        """
        if not items:
            return self
        sealed = self.sealed_paths()
        fields_by_section: dict[str, dict[str, Any]] = {}
        for item in items:
            section, field, mode, key = _placement_of(item)
            seal_path = section or field
            if seal_path in sealed:
                raise SectionSealed(f"{section}.{field}" if section else field, sealed[seal_path])
            pending = fields_by_section.setdefault(section, {})
            owner = _resolve_section(self, section)
            current = pending[field] if field in pending else getattr(owner, field)
            pending[field] = _apply(current, item, mode, key)
        new = self
        for section, fields in fields_by_section.items():
            new = _set_fields(new, section, fields)
        new = new.model_copy(update={"version": self.version + 1})
        problems = new._post_validate()
        if problems:
            raise InvalidRecord(type(self).__name__, problems)
        return new

    def _post_validate(self) -> list[ErrorEntry]:
        return list(_reference_problems(self))


def _placement_of(item: Record) -> tuple[str, str, _Mode, str]:
    own = type(item).record_into
    if own is not None:
        return own.section, own.field, own.mode, own.key
    for cls in type(item).__mro__:
        if cls in _PLACEMENT:
            return _PLACEMENT[cls]
    raise InvalidRecord(
        "Meeting",
        [
            ErrorEntry(
                "",
                f"{type(item).__name__} is not something a meeting records directly;"
                " use Meeting.replace(...) for whole sections",
            )
        ],
    )


def _resolve_section(root: Record, section: str) -> Any:
    node: Any = root
    for name in section.split(".") if section else ():
        if not isinstance(node, Record) or name not in type(node).model_fields:
            raise InvalidRecord(
                type(root).__name__,
                [
                    ErrorEntry(
                        section,
                        "no such section here; is the meeting parsed with the flow's meeting_type?",
                    )
                ],
            )
        node = getattr(node, name)
    return node


def _set_fields(node: Any, section: str, fields: dict[str, Any]) -> Any:
    if not section:
        return node.model_copy(update=fields)
    head, _, rest = section.partition(".")
    return node.model_copy(update={head: _set_fields(getattr(node, head), rest, fields)})


def _apply(current: Any, item: Record, mode: _Mode, key: str) -> Any:
    if mode == "set":
        return item
    if mode == "append":
        return (*current, item)
    ident = getattr(item, key)
    replaced = False
    out = []
    for old in current:
        if getattr(old, key) == ident:
            out.append(item)
            replaced = True
        else:
            out.append(old)
    if not replaced:
        out.append(item)
    return tuple(out)


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def _reference_problems(m: Meeting) -> Iterable[ErrorEntry]:
    member_ids = {x.id for x in m.roster}
    person_ids = member_ids | {s.id for s in m.supervisors}
    for dup in _duplicates(x.id for x in m.roster):
        yield ErrorEntry("roster", f"member id {dup!r} appears more than once")
    for dup in _duplicates(s.id for s in m.supervisors):
        yield ErrorEntry("supervisors", f"supervisor id {dup!r} appears more than once")
    for both in sorted(member_ids & {s.id for s in m.supervisors}):
        yield ErrorEntry("supervisors", f"{both!r} is both a roster member and a supervisor")
    for path, kind, ref in iter_refs(m):
        if kind == "member" and ref not in member_ids:
            hint = " (a supervisor, not a member)" if ref in person_ids else ""
            yield ErrorEntry(path, f"{ref!r} is not on the roster{hint}")
        elif kind == "person" and ref not in person_ids:
            yield ErrorEntry(path, f"{ref!r} is neither on the roster nor a supervisor")
    prep = m.preparation
    for name, seq in (
        ("preparation.problems", prep.problems),
        ("preparation.materials", prep.materials),
        ("preparation.study_sessions", prep.study_sessions),
        ("preparation.opinions", prep.opinions),
        ("rectification.items", m.rectification.items),
    ):
        for dup in _duplicates(x.id for x in seq):
            yield ErrorEntry(name, f"id {dup!r} appears more than once")
    material_ids = {x.id for x in prep.materials}
    for i, r in enumerate(prep.material_reviews):
        if r.material_id not in material_ids:
            yield ErrorEntry(
                f"preparation.material_reviews[{i}].material_id",
                f"no material {r.material_id!r} in preparation.materials",
            )
    problem_ids = {p.id for p in prep.problems}
    for i, it in enumerate(m.rectification.items):
        if it.problem_id is not None and it.problem_id not in problem_ids:
            yield ErrorEntry(
                f"rectification.items[{i}].problem_id",
                f"no problem {it.problem_id!r} in preparation.problems",
            )
    for i, d in enumerate(m.rectification.dispositions):
        if d.problem_id not in problem_ids:
            yield ErrorEntry(
                f"rectification.dispositions[{i}].problem_id",
                f"no problem {d.problem_id!r} in preparation.problems",
            )
    if m.version < len(m.history):
        yield ErrorEntry(
            "version", f"version {m.version} is lower than the {len(m.history)} history events"
        )


def placements() -> Mapping[type[Record], tuple[str, str]]:
    """Which record types :meth:`Meeting.record` accepts, and the section and field of each."""
    return {cls: (sec, field) for cls, (sec, field, _, _) in _PLACEMENT.items()}


__all__ = ["SCHEMA_VERSION", "Extensions", "Meeting", "people", "placements"]
