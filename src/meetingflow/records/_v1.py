"""Schema 1 → schema 2: records written by meetingflow 0.1 load, keep what they held, and verify.

Why a migration and not a compatibility layer: schema 2 reshaped the records so that every act
is its own record, attributed to who performed it (a leave and its approval, a closure claim
and its verification, an item and its long-term approval), and it replaced schema 1's chain of
digests (over ``exclude_defaults`` JSON, sections sealed by digest) with a chain whose events
carry the digest of the whole record (:mod:`meetingflow.canonical`). A schema-1 record is
turned into schema-2 JSON once, on the way in (:func:`upgrade_v1`, called through
:data:`meetingflow.records.migrations.MIGRATIONS`); the result is validated by the schema-2
model like any record.

**Trust first.** Before anything is converted, the schema-1 history is verified on the raw
schema-1 JSON exactly as schema 1 did (:func:`verify_v1`): sequence numbers, stages continuous
from ``preparation``, every event's digest (``sha256(previous digest + canonical event)``,
canonical = ``exclude_defaults`` JSON, keys sorted, compact, UTF-8), the last event ending in
the meeting's stage, and every section still sealed matching its seal. A record that fails is
refused (``Problem`` of type ``history_tampered`` naming the event, so loading raises
:class:`~meetingflow.errors.InvalidRecord`): migrating it would launder the tampering into a
freshly chained schema-2 history. The ``exclude_defaults`` form needs schema 1's defaults,
which are written down below (:data:`_V1`) so that no schema-1 code is needed. Sealed paths
schema 1 did not define (sections of a host's own stages) cannot be recomputed without the
host's schema-1 model; they are not checked (the events holding their seals are). A record
stored without its defaults (the form schema 1 hashed) reads the same, its absent sections as
their defaults. What no seal covered yet (the sections of the stage the meeting is in) schema 1
did not protect, and the migration cannot either.

**The history.** Every schema-1 event becomes a schema-2 ``transition`` with the same seq,
trigger, actor, time, reason and stages (``stage`` = schema-1 ``source``). What schema 1 did
not record for an event is marked as not recorded, never invented: ``state`` is
:data:`NOT_RECORDED` (64 zeros: "no state digest before schema 2"), ``findings`` is empty
(schema 1 kept only counts and rule ids, which do not make schema-2 findings). ``paths`` is
empty, except for a redo (``order_redo``), whose event lists what it archived and cleared, as
schema 2's redo does (``redone_sessions[n]``, ``review``, ``critique``). Then ONE ``entry``
event by actor ``meetingflow`` is appended, at the last event's time, in the meeting's stage,
``paths=["schema_version"]``, reason ``migrated from schema 1; schema-1 head digest <hex>``,
whose ``state`` is the schema-2 state digest of the migrated record: from there on the record
is vouched for by the schema-2 chain, and the schema-1 head digest ties it to the schema-1
file (keep that file if the old chain may need to be shown). A draft (no history) gets no
events; its ``version`` becomes 0 (schema 2: ``version`` counts events, schema 1 counted
changes).

**Democratic appraisal.** Schema 1 ran it as a *stage* ``member_appraisal`` between critique
and rectification; schema 2 runs it as a *track* alongside critique (clarification 13), with no
such stage. So ``member_appraisal`` is read as ``critique``: a meeting in that stage is
migrated in ``critique`` (the next trigger, ``start_rectification``, is the same as in schema
1); ``start_appraisal`` (critique → member_appraisal) becomes an ``entry`` event in critique
whose reason names the schema-1 trigger and stages, and ``start_rectification`` from
member_appraisal becomes the schema-2 transition from critique, its reason noting the
schema-1 stage. Both then verify under the appraisal flow. Consequence: the critique section,
sealed in schema 1 when the appraisal stage began, is writable again until
``start_rectification`` (schema 2 has no stage in which critique is closed but rectification
has not begun); every write is attributed and chained from then on. The section
(``extensions.member_appraisal``) is mapped to the track's records (a ballot is not voided;
``AppraisalReport.final`` becomes ``finalized_on = reported_on``) and written in full, so the
record's state digest can be computed here, inside the records layer, without the flow layer
that knows the track's model (see :func:`_finish`). Sections of a host's own extensions are
carried over as they are (their absent ones dropped).

**Field by field** (what schema 1 did not record gets the honest default):

* ``organization``: unchanged (``timezone`` defaults to Asia/Shanghai).
* ``campaign.aspects``: ids become ``{id, zh, en}`` with the known labels
  (:data:`~meetingflow.records.terms.ASPECT_LABELS`), the id itself when unknown.
* roster: ``dual_membership`` goes; a leading cadre with it gets ``cadre = {post: "领导干部",
  registered_branch_ids: [organization.id]}``, a leading cadre without it ``cadre = null``; on a
  member who is not a leading cadre the flag meant nothing and is dropped. ``discipline.kind``
  keeps its text: a kind schema 2 does not know fails validation at its path, on purpose (a
  discipline must be one the rules understand).
* ``preparation.plan``: ``approved_by``/``approved_on`` move to ``preparation.plan_approval``
  when both are given (schema 1 counted nothing less as approved); the rest stays.
* ``preparation.materials``: ``proxy_reader_id`` goes; schema 2 records who read a written
  outline on the self-examination, so the reader is carried to the author's self-examination
  of the current sitting when that one is a written outline read by a proxy (``mode =
  written_proxy``) and names no proxy.
* ``preparation.committee_session``: ``{held_on}``; ``findings_reported`` (the committee's
  findings were reported to the plenary) is what schema 2 records as
  ``review.branch_report.covers_committee_inspection``, and is carried there.
* ``review.leave_requests``: approvals (both ``approved_by`` and ``approved_on``) become
  ``review.leave_approvals``.
* ``review.previous_meeting_id`` and ``previous_rectification_report.item_ids`` become
  ``review.previous_meeting``; each reported item becomes ``{item_id, state: "open", note:
  "migrated from schema 1: status not recorded"}``. ``branch_report.item_ids`` goes.
* ``critique.criticisms`` get ids ``c1``, ``c2``, … in order (``redo-<n>-c1``, … in a redone
  session, so that no id means two criticisms).
* rectification items: ``closure`` becomes a ``closures`` claim (closed on the verification
  date, by the owner, with the evidence dated that day) and a ``verifications`` entry;
  ``escalations`` are by the secretary (the owner when there is none); ``long_term`` becomes
  ``long_term: true``, milestones due on the item's due date, and a ``long_term_approvals``
  entry.
* ``rectification.makeups``: unchanged (``kind`` defaults to a make-up session, ``by_id`` to
  not recorded).
* ``closing.minutes.absentees``: ``excused`` when the member had approved leave for the sitting
  the minutes record (the review with the same date, else the current one).
* ``closing.report``: ``member_states: []``; ``closing.archive``: ``filed_on: null``;
  ``closing.publications``: ``content: "list"``, the old free text in ``text``.
* ``redone_sessions``: the order gets ``id = redo-<n>`` (as schema 2 numbers them), no new date
  and no notified members; review and critique are migrated as above; ``minutes: null``.

**Limits.** Migrated events carry no MAC: a flow with a key refuses them in ``verify``. Schema 1
did not require events in time order; schema 2's ``verify`` does, so a schema-1 history out of
order loads but does not verify. The state digest is computed with the schema-2 model of this
release; when schema 3 comes, this step must keep producing schema-2 JSON (validate with a
frozen schema-2 model, or leave the state to the last migration step).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, Final, TypeVar

from pydantic_core import PydanticSerializationError, to_jsonable_python

from meetingflow.canonical import event_digest, state_digest
from meetingflow.errors import ErrorEntry, InvalidRecord
from meetingflow.i18n import Text
from meetingflow.records._base import Problem
from meetingflow.records.terms import ASPECT_LABELS

__all__ = ["MIGRATION_ACTOR", "NOT_RECORDED", "upgrade_v1", "verify_v1"]

NOT_RECORDED: Final = "0" * 64
"""The ``state`` of a migrated schema-1 event: schema 1 recorded no state digest."""
MIGRATION_ACTOR: Final = "meetingflow"
"""The actor of the migration event."""
PREVIOUS_ITEM_NOTE: Final = "migrated from schema 1: status not recorded"
"""The note on each item of a migrated previous-rectification report."""

_APPRAISAL_STAGE: Final = "member_appraisal"
"""Schema 1's appraisal stage, which schema 2 runs as a track alongside critique."""
_APPRAISAL_READ_AS: Final = "critique"
_CADRE_POST: Final = "领导干部"

Obj = dict[str, Any]
_T = TypeVar("_T")


# --- schema 1's defaults: what ``model_dump(exclude_defaults=True)`` left out ------------------


class _Required:
    """Marks a schema-1 field without a default (always part of the canonical form)."""

    def __repr__(self) -> str:
        return "REQUIRED"


_REQ: Final = _Required()

_V1: Final[dict[str, dict[str, Any]]] = {
    # A field maps to its default in JSON form, or to (default, record type of its value).
    "Organization": {"id": _REQ, "name": _REQ, "level": "branch", "parent_id": None},
    "Campaign": {
        "kind": "thematic",
        "theme": "",
        "aspects": [
            "ideals_convictions",
            "serving_the_people",
            "party_spirit",
            "responsibility_action",
        ],
        "meeting_year": None,
    },
    "Member": {
        "id": _REQ,
        "name": _REQ,
        "status": "full",
        "roles": [],
        "dual_membership": False,
        "exemption": (None, "Exemption"),
        "discipline": (None, "Discipline"),
    },
    "Exemption": {"reason": _REQ, "contact_id": None},
    "Discipline": {"kind": "on_party_probation", "since": None, "until": None},
    "Supervisor": {"id": _REQ, "name": _REQ, "org_id": _REQ, "title": ""},
    "Preparation": {
        "notice": (None, "Notice"),
        "plan": (None, "MeetingPlan"),
        "notifications": ([], "Notification"),
        "study_sessions": ([], "StudySession"),
        "opinions": ([], "Opinion"),
        "talks": ([], "Talk"),
        "problems": ([], "Problem"),
        "materials": ([], "Material"),
        "material_reviews": ([], "MaterialReview"),
        "spot_checks": ([], "SpotCheck"),
        "committee_session": (None, "CommitteeSession"),
    },
    "StageDeadline": {"stage": _REQ, "due_on": _REQ},
    "Notice": {
        "issuer_org": _REQ,
        "issued_on": _REQ,
        "title": "",
        "scope_org_ids": [],
        "timetable": ([], "StageDeadline"),
    },
    "MeetingPlan": {
        "drafted_on": _REQ,
        "meeting_date": _REQ,
        "venue": "",
        "theme": "",
        "form": "general_meeting",
        "agenda": [],
        "study_items": [],
        "submitted_on": None,
        "approved_by": None,
        "approved_on": None,
    },
    "Notification": {"member_id": _REQ, "notified_on": _REQ},
    "StudySession": {
        "id": _REQ,
        "held_on": _REQ,
        "hours": 0,
        "topic": "",
        "attendee_ids": [],
    },
    "Opinion": {
        "id": _REQ,
        "source_kind": _REQ,
        "target_member": None,
        "text": _REQ,
        "collected_on": _REQ,
        "fed_back_on": None,
    },
    "Talk": {"person_a": _REQ, "person_b": _REQ, "held_on": _REQ, "note": ""},
    "Problem": {
        "id": _REQ,
        "scope": "member",
        "owner_id": None,
        "description": _REQ,
        "aspect": None,
        "source": "self",
        "root_cause": "",
    },
    "Material": {
        "id": _REQ,
        "author_id": None,
        "kind": "inspection_material",
        "submitted_on": _REQ,
        "aspects": [],
        "proxy_reader_id": None,
    },
    "MaterialReview": {
        "material_id": _REQ,
        "reviewer_id": _REQ,
        "reviewed_on": _REQ,
        "verdict": "approved",
    },
    "SpotCheck": {"by_id": _REQ, "on": _REQ, "note": ""},
    "CommitteeSession": {"held_on": _REQ, "findings_reported": False},
    "Review": {
        "session": (None, "Session"),
        "attendance": ([], "Attendance"),
        "leave_requests": ([], "LeaveRequest"),
        "self_examinations": ([], "SelfExamination"),
        "branch_report": (None, "AgendaReport"),
        "previous_meeting_id": None,
        "previous_rectification_report": (None, "AgendaReport"),
    },
    "Session": {
        "form": "general_meeting",
        "held_on": _REQ,
        "venue": "",
        "chair_id": None,
        "recorder_id": None,
        "observer_ids": [],
    },
    "Attendance": {"member_id": _REQ, "presence": "present"},
    "LeaveRequest": {
        "member_id": _REQ,
        "requested_on": _REQ,
        "reason": _REQ,
        "approved_by": None,
        "approved_on": None,
    },
    "SelfExamination": {
        "member_id": _REQ,
        "order": _REQ,
        "mode": "in_person",
        "proxy_id": None,
        "aspects": [],
        "summary": "",
    },
    "AgendaReport": {"presented_by": _REQ, "summary": "", "item_ids": []},
    "Critique": {
        "statements": ([], "Statement"),
        "criticisms": ([], "Criticism"),
        "responses": ([], "Response"),
        "superior_comments": ([], "SuperiorComment"),
        "unity_attestation": (None, "UnityAttestation"),
    },
    "Statement": {"member_id": _REQ, "order": _REQ, "summary": ""},
    "Criticism": {
        "from_member": _REQ,
        "to_member": _REQ,
        "kind": "problem",
        "text": _REQ,
        "accepted": True,
    },
    "Response": {"member_id": _REQ, "text": ""},
    "SuperiorComment": {"by_id": _REQ, "text": _REQ},
    "UnityAttestation": {"by_id": _REQ, "on": _REQ, "text": ""},
    "Rectification": {
        "plan": (None, "RectificationPlan"),
        "items": ([], "RectificationItem"),
        "commitments": ([], "Commitment"),
        "dispositions": ([], "Disposition"),
        "makeups": ([], "Makeup"),
        "supervision": ([], "SupervisionEvent"),
    },
    "RectificationPlan": {"issued_on": _REQ, "summary": ""},
    "RectificationItem": {
        "id": _REQ,
        "problem_id": None,
        "scope": "member",
        "owner_id": _REQ,
        "description": _REQ,
        "root_cause": "",
        "measures": [],
        "due_on": _REQ,
        "commitment": "",
        "closure": (None, "Closure"),
        "escalations": ([], "Escalation"),
        "long_term": (None, "LongTerm"),
        "supervision_notes": [],
    },
    "Closure": {"evidence_ref": _REQ, "verifier_id": _REQ, "verified_on": _REQ},
    "Escalation": {"to_org": _REQ, "on": _REQ, "note": ""},
    "LongTerm": {"milestones": _REQ, "approved_by": _REQ, "approved_on": _REQ},
    "Commitment": {"member_id": _REQ, "made_on": _REQ, "text": _REQ},
    "Disposition": {"problem_id": _REQ, "kind": _REQ, "reason": _REQ, "merged_into": None},
    "Makeup": {"member_id": _REQ, "on": _REQ, "note": ""},
    "SupervisionEvent": {"by_id": _REQ, "on": _REQ, "note": ""},
    "Closing": {
        "minutes": (None, "Minutes"),
        "report": (None, "SuperiorReport"),
        "archive": ([], "ArchivedDocument"),
        "publications": ([], "Publication"),
    },
    "Minutes": {
        "held_on": _REQ,
        "place": "",
        "chair_id": _REQ,
        "recorder_id": _REQ,
        "expected_full": _REQ,
        "expected_probationary": 0,
        "present_full": _REQ,
        "present_probationary": 0,
        "absentees": ([], "Absentee"),
        "agenda": [],
        "speech_summaries": ([], "SpeechSummary"),
        "decisions": [],
    },
    "Absentee": {"member_id": _REQ, "reason": ""},
    "SpeechSummary": {"member_id": _REQ, "summary": _REQ},
    "SuperiorReport": {"submitted_on": _REQ, "to_org": _REQ, "sections": []},
    "ArchivedDocument": {"kind": _REQ, "ref": _REQ},
    "Publication": {"scope": _REQ, "on": _REQ, "content": ""},
    "MemberAppraisal": {
        "steps": ([], "AppraisalStep"),
        "ballots": ([], "BallotCast"),
        "proposal": (None, "GradeProposal"),
        "grades": ([], "MemberGrade"),
        "feedback": ([], "GradeFeedback"),
        "report": (None, "AppraisalReport"),
    },
    "AppraisalStep": {"kind": _REQ, "on": _REQ},
    "BallotCast": {"voter_id": _REQ},
    "GradeProposal": {"by": _REQ, "on": _REQ},
    "MemberGrade": {"member_id": _REQ, "grade": _REQ},
    "GradeFeedback": {"member_id": _REQ, "on": _REQ},
    "AppraisalReport": {"reported_on": _REQ, "to_org": _REQ, "final": True},
    "RedoneSession": {
        "order": (_REQ, "RedoOrder"),
        "review": (_REQ, "Review"),
        "critique": (_REQ, "Critique"),
    },
    "RedoOrder": {"by_id": _REQ, "on": _REQ, "reason": _REQ, "return_to": _REQ},
    "Event": {
        "seq": _REQ,
        "trigger": _REQ,
        "source": _REQ,
        "target": _REQ,
        "actor": _REQ,
        "at": _REQ,
        "reason": None,
        "findings": ({"errors": 0, "warnings": 0, "rule_ids": []}, "FindingsSummary"),
        "seals": ([], "Seal"),
        "reopened": [],
        "digest": _REQ,
    },
    "FindingsSummary": {"errors": 0, "warnings": 0, "rule_ids": []},
    "Seal": {"path": _REQ, "digest": _REQ},
}
"""Every schema-1 record type reachable from a sealable section or an event, with its defaults."""

_SECTIONS: Final[dict[str, str]] = {
    "organization": "Organization",
    "campaign": "Campaign",
    "roster": "Member",
    "supervisors": "Supervisor",
    "preparation": "Preparation",
    "review": "Review",
    "critique": "Critique",
    "rectification": "Rectification",
    "closing": "Closing",
    f"extensions.{_APPRAISAL_STAGE}": "MemberAppraisal",
}
"""The record type of each path schema 1's own stages sealed (lists: of their entries)."""
_REDONE: Final = re.compile(r"redone_sessions\[(\d+)\]")
_PART: Final = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _spec(kind: str, name: str) -> tuple[Any, str | None]:
    spec = _V1.get(kind, {}).get(name, _REQ)  # unknown: kept (schema 1 would have refused it)
    return spec if isinstance(spec, tuple) else (spec, None)


def _filled(value: Any, kind: str | None) -> Any:
    """A record's JSON with schema 1's defaults filled in (to compare it with a default)."""
    if kind is None or not isinstance(value, dict):
        return value
    out = dict(value)
    for name in _V1[kind]:
        default, nested = _spec(kind, name)
        if name not in out and default is not _REQ:
            out[name] = default
        elif name in out:
            out[name] = _filled(out[name], nested)
    return out


def _canonical_v1(value: Any, kind: str | None) -> Any:
    """``value`` as schema 1 hashed it: ``model_dump(mode="json", exclude_defaults=True)``.

    A field is left out when its value equals its default (pydantic compares the values, so a
    nested record equal to its default is left out too, and ``0.0`` equals ``0``); lists of
    records are processed entry by entry.
    """
    if isinstance(value, list):
        return [_canonical_v1(v, kind) for v in value]
    if kind is None or not isinstance(value, dict):
        return value
    out: Obj = {}
    for name, v in value.items():
        default, nested = _spec(kind, name)
        if default is not _REQ and _filled(v, nested) == default:
            continue
        out[name] = _canonical_v1(v, nested)
    return out


def _v1_digest(value: Any, previous: str = "") -> str:
    body = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(previous.encode() + body.encode()).hexdigest()


# --- verifying the schema-1 history -------------------------------------------------------------


def _tampered(index: int, zh: str, en: str) -> Problem:
    text = Text(f"schema 1 历史记录第 {index} 条：{zh}", f"schema-1 history event #{index}: {en}")
    entry = ErrorEntry(f"history[{index}]", text, "history_tampered")
    return Problem(text.zh, text.en, (entry,), type="history_tampered")


_ABSENT: Final[dict[str, Any]] = {
    "campaign": {},
    "supervisors": [],
    "preparation": {},
    "review": {},
    "critique": {},
    "rectification": {},
    "closing": {},
    "extensions": {},
    "redone_sessions": [],
}
"""What schema 1 read for a meeting field left out of its JSON (its default)."""


def _resolve(root: Obj, path: str) -> Any:
    """The value at a sealed path, defaults included; ``KeyError`` when it is not there."""
    node: Any = root
    for n, (name, index) in enumerate(_PART.findall(path)):
        if name:
            if not isinstance(node, dict):
                raise KeyError(path)
            if name in node:
                node = node[name]
            elif n == 0 and name in _ABSENT:
                node = _ABSENT[name]
            elif n == 1 and path.startswith("extensions."):
                node = None  # a flow's section nothing was recorded into
            else:
                raise KeyError(path)
        else:
            i = int(index)
            if not isinstance(node, list) or i >= len(node):
                raise KeyError(path)
            node = node[i]
    return node


def _section_kind(path: str) -> str | None:
    if _REDONE.fullmatch(path):
        return "RedoneSession"
    return _SECTIONS.get(path)


def verify_v1(data: Obj) -> str | None:
    """Check a schema-1 record against its schema-1 history; return the head digest.

    Raises :class:`~meetingflow.records._base.Problem` (type ``history_tampered``, its entry at
    ``history[i]``) for the first event that does not hold, as schema 1's ``verify_history``
    did; ``None`` for a record without history.
    """
    history = data.get("history", [])
    if not isinstance(history, list):
        raise _tampered(0, "历史记录不是列表", "the history is not a list")
    previous = ""
    stage: Any = "preparation"
    live: dict[str, tuple[int, str]] = {}
    for i, event in enumerate(history):
        if not isinstance(event, dict):
            raise _tampered(i, "不是事件对象", "is not an event object")
        trigger = event.get("trigger")
        seq = event.get("seq")
        if isinstance(seq, bool) or seq != i:
            raise _tampered(
                i,
                f"序号为 {seq!r}：有记录被删除或调换",
                f"has sequence number {seq!r}: events were dropped or reordered",
            )
        if event.get("source") != stage:
            raise _tampered(
                i,
                f"（{trigger}）始于阶段 {event.get('source')!r}，但会议当时处于 {stage!r}",
                f"({trigger}) starts in stage {event.get('source')!r} but the meeting was in"
                f" {stage!r}",
            )
        body = {k: v for k, v in event.items() if k != "digest"}
        if _v1_digest(_canonical_v1(body, "Event"), previous) != event.get("digest"):
            raise _tampered(
                i,
                f"（{trigger}）与其摘要不符：该记录或更早的记录被改动",
                f"({trigger}) does not match its digest: it or an earlier event was edited",
            )
        for path in _strings(event.get("reopened", [])):
            live.pop(path, None)
        for seal in _seq(event.get("seals")):
            if isinstance(seal, dict) and isinstance(seal.get("path"), str):
                live[seal["path"]] = (i, str(seal.get("digest")))
        previous, stage = str(event["digest"]), event.get("target")
    if stage != data.get("stage", "preparation"):
        last = max(len(history) - 1, 0)
        raise _tampered(
            last,
            f"历史记录结束于阶段 {stage!r}，而会议标为 {data.get('stage')!r}",
            f"the history ends in stage {stage!r} but the meeting says {data.get('stage')!r}",
        )
    for path, (sealed_by, expected) in live.items():
        kind = _section_kind(path)
        if kind is None:
            continue  # a host's own section: its schema-1 defaults are unknown here
        trigger = history[sealed_by].get("trigger")
        try:
            value = _resolve(data, path)
        except KeyError:
            raise _tampered(
                sealed_by,
                f"（{trigger}）封存了 {path!r}，该部分现已缺失",
                f"({trigger}) sealed {path!r}, which is missing now",
            ) from None
        if _v1_digest(_canonical_v1(value, kind)) != expected:
            raise _tampered(
                sealed_by,
                f"（{trigger}）封存了 {path!r}，该部分此后被改动",
                f"({trigger}) sealed {path!r}, which has been changed since",
            )
    return previous or None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        yield from (v for v in value if isinstance(v, str))


# --- converting the record ------------------------------------------------------------------------
#
# Every step takes what schema 1 wrote and keeps anything it does not understand as it is, so
# that schema-2 validation refuses it at its path: a malformed value is never replaced by a
# default. Where a value would otherwise be lost (a closure, a long-term approval), a malformed
# one is refused here, with its path.


def _malformed(path: str, what: Text) -> Problem:
    return Problem(
        f"schema 1 记录的 {path} 不是{what.zh}，无法迁移",
        f"{path} of the schema-1 record is not {what.en}; it cannot be migrated",
        (ErrorEntry(path, Text(f"应为{what.zh}", f"expected {what.en}"), "migration_failed"),),
        type="migration_failed",
    )


_AN_OBJECT: Final = Text("对象", "an object")
_A_LIST: Final = Text("列表", "a list")
_TRUE_OR_FALSE: Final = Text("true 或 false", "true or false")


def _stage(name: Any) -> Any:
    return _APPRAISAL_READ_AS if name == _APPRAISAL_STAGE else name


def _obj(value: Any) -> Obj:
    """A schema-1 object, for reading: an empty one where schema 1 had none (its default)."""
    return dict(value) if isinstance(value, dict) else {}


def _seq(value: Any) -> list[Any]:
    """A schema-1 list, for reading: an empty one where schema 1 had none (its default)."""
    return list(value) if isinstance(value, list) else []


def _each(value: Any, step: Callable[[Obj], Any]) -> Any:
    """``step`` applied to every object of a list; anything else passed on as it is."""
    if not isinstance(value, list):
        return value
    return [step(dict(x)) if isinstance(x, dict) else x for x in value]


def _optional(value: Any, path: str, what: Text = _AN_OBJECT) -> Obj | None:
    """An optional schema-1 object (``None`` when absent); refused when it is anything else."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _malformed(path, what)
    return value


def _list(value: Any, path: str) -> list[Any]:
    """A schema-1 list whose entries are moved elsewhere; refused when it is not a list."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise _malformed(path, _A_LIST)
    return value


def _without(value: Obj, *names: str) -> Obj:
    return {k: v for k, v in value.items() if k not in names}


def _aspect(aspect_id: Any) -> Any:
    if not isinstance(aspect_id, str):
        return aspect_id  # refused by validation, at its path
    label = ASPECT_LABELS.get(aspect_id, Text(aspect_id, aspect_id))
    return {"id": aspect_id, "zh": label.zh, "en": label.en}


def _campaign(campaign: Obj) -> Obj:
    if isinstance(campaign.get("aspects"), list):
        campaign["aspects"] = [_aspect(a) for a in campaign["aspects"]]
    return campaign


def _member(member: Obj, index: int, org_id: Any) -> Obj:
    dual = member.get("dual_membership", False)
    if not isinstance(dual, bool):
        raise _malformed(f"roster[{index}].dual_membership", _TRUE_OR_FALSE)
    out = _without(member, "dual_membership")
    if "leading_cadre" in _seq(member.get("roles")):
        out["cadre"] = {"post": _CADRE_POST, "registered_branch_ids": [org_id]} if dual else None
    return out


def _approved(record: Obj) -> bool:
    return record.get("approved_by") is not None and record.get("approved_on") is not None


def _preparation(prep: Obj) -> Obj:
    out = dict(prep)
    if isinstance(prep.get("plan"), dict):
        plan = prep["plan"]
        out["plan"] = _without(plan, "approved_by", "approved_on")
        if _approved(plan):
            out["plan_approval"] = {
                "approved_by": plan["approved_by"],
                "approved_on": plan["approved_on"],
            }
    out["materials"] = _each(prep.get("materials", []), lambda x: _without(x, "proxy_reader_id"))
    if isinstance(prep.get("committee_session"), dict):
        out["committee_session"] = _without(prep["committee_session"], "findings_reported")
    return out


def _committee_reported(prep: Obj) -> bool:
    return _obj(prep.get("committee_session")).get("findings_reported") is True


def _review(review: Obj, committee_reported: bool, path: str) -> Obj:
    out = _without(review, "previous_meeting_id")
    requests = review.get("leave_requests", [])
    out["leave_requests"] = _each(requests, lambda x: _without(x, "approved_by", "approved_on"))
    out["leave_approvals"] = [
        {
            "member_id": x.get("member_id"),
            "approved_by": x["approved_by"],
            "approved_on": x["approved_on"],
        }
        for x in _seq(requests)
        if isinstance(x, dict) and _approved(x)
    ]
    if isinstance(review.get("branch_report"), dict):
        out["branch_report"] = {
            **_without(review["branch_report"], "item_ids"),
            "covers_committee_inspection": committee_reported,
        }
    report = _optional(
        review.get("previous_rectification_report"), f"{path}.previous_rectification_report"
    )
    item_ids = _list(
        (report or {}).get("item_ids"), f"{path}.previous_rectification_report.item_ids"
    )
    if review.get("previous_meeting_id") is not None:
        out["previous_meeting"] = {
            "meeting_id": review["previous_meeting_id"],
            "item_ids": item_ids,
        }
    if report is not None:
        out["previous_rectification_report"] = {
            **_without(report, "item_ids"),
            "items": [
                {"item_id": i, "state": "open", "note": PREVIOUS_ITEM_NOTE} for i in item_ids
            ],
        }
    return out


def _critique(critique: Obj, prefix: str) -> Obj:
    out = dict(critique)
    criticisms = critique.get("criticisms", [])
    if isinstance(criticisms, list):
        out["criticisms"] = [
            {"id": f"{prefix}c{n}", **x} if isinstance(x, dict) else x
            for n, x in enumerate(criticisms, start=1)
        ]
    return out


def _secretary(roster: list[Any]) -> Any:
    return next(
        (
            m.get("id")
            for m in roster
            if isinstance(m, dict) and "secretary" in _seq(m.get("roles"))
        ),
        None,
    )


def _rectification(rect: Obj, secretary: Any) -> Obj:
    out = dict(rect)
    if not isinstance(rect.get("items", []), list):
        return out  # refused by validation, at its path
    items: list[Any] = []
    closures: list[Obj] = []
    verifications: list[Obj] = []
    approvals: list[Obj] = []
    escalations: list[Obj] = []
    for i, item in enumerate(_seq(rect.get("items"))):
        if not isinstance(item, dict):
            items.append(item)
            continue
        here = f"rectification.items[{i}]"
        item_id, owner = item.get("id"), item.get("owner_id")
        new = _without(item, "closure", "escalations", "long_term")
        closure = _optional(item.get("closure"), f"{here}.closure")
        if closure is not None:
            on = closure.get("verified_on")
            closures.append(
                {
                    "item_id": item_id,
                    "closed_on": on,
                    "closed_by": owner,
                    "evidence": [{"ref": closure.get("evidence_ref"), "dated_on": on}],
                }
            )
            verifications.append(
                {"item_id": item_id, "verifier_id": closure.get("verifier_id"), "verified_on": on}
            )
        for j, esc in enumerate(_list(item.get("escalations"), f"{here}.escalations")):
            by = secretary if secretary is not None else owner
            escalation = _optional(esc, f"{here}.escalations[{j}]") or {}
            escalations.append({"item_id": item_id, "by_id": by, **escalation})
        long_term = _optional(item.get("long_term"), f"{here}.long_term")
        if long_term is not None:
            milestones = _list(long_term.get("milestones"), f"{here}.long_term.milestones")
            new["long_term"] = True
            new["milestones"] = [{"text": t, "due_on": item.get("due_on")} for t in milestones]
            approvals.append(
                {
                    "item_id": item_id,
                    "approved_by": long_term.get("approved_by"),
                    "approved_on": long_term.get("approved_on"),
                }
            )
        items.append(new)
    out.update(
        items=items,
        closures=closures,
        verifications=verifications,
        long_term_approvals=approvals,
        escalations=escalations,
    )
    return out


def _on_approved_leave(reviews: list[Obj], held_on: Any) -> set[Any]:
    """Members with approved leave for the sitting held on ``held_on`` (schema-1 reviews)."""
    sitting = next(
        (r for r in reviews if _obj(r.get("session")).get("held_on") == held_on),
        reviews[0],
    )
    return {
        x.get("member_id")
        for x in _seq(sitting.get("leave_requests"))
        if isinstance(x, dict) and _approved(x)
    }


def _closing(closing: Obj, reviews: list[Obj]) -> Obj:
    out = dict(closing)
    minutes = closing.get("minutes")
    if isinstance(minutes, dict):
        excused = _on_approved_leave(reviews, minutes.get("held_on"))
        out["minutes"] = {
            **minutes,
            "absentees": _each(
                minutes.get("absentees", []),
                lambda a: {**a, "excused": a.get("member_id") in excused},
            ),
        }
    if isinstance(closing.get("report"), dict):
        out["report"] = {**closing["report"], "member_states": []}
    out["archive"] = _each(closing.get("archive", []), lambda x: {**x, "filed_on": None})
    out["publications"] = _each(
        closing.get("publications", []),
        lambda x: {**_without(x, "content"), "content": "list", "text": x.get("content", "")},
    )
    return out


def _appraisal(section: Obj) -> Obj:
    """The schema-1 appraisal section as the track's section, every field written out."""
    report = section.get("report")
    if isinstance(report, dict):
        final = report.get("final", True)
        report = {
            **_without(report, "final"),
            "finalized_on": report.get("reported_on") if final is True else None,
        }
    return {
        **section,
        "steps": section.get("steps", []),
        "ballots": _each(section.get("ballots", []), lambda b: {**b, "voided": False}),
        "proposal": section.get("proposal"),
        "grades": section.get("grades", []),
        "feedback": section.get("feedback", []),
        "report": report,
    }


def _extensions(extensions: Obj) -> Obj:
    out: Obj = {}
    for name, section in extensions.items():
        if section is None:
            continue  # an absent section is absent from schema-2 JSON
        out[name] = (
            _appraisal(section)
            if name == _APPRAISAL_STAGE and isinstance(section, dict)
            else section
        )
    return out


def _redone(session: Obj, n: int, committee_reported: bool) -> Obj:
    order_id = f"redo-{n}"
    out = {**session, "minutes": None}
    order, review, critique = session.get("order"), session.get("review"), session.get("critique")
    if isinstance(order, dict):
        out["order"] = {
            "id": order_id,
            **order,
            "return_to": _stage(order.get("return_to")),
            "new_date": None,
            "notified_member_ids": [],
        }
    if isinstance(review, dict):
        out["review"] = _review(review, committee_reported, f"redone_sessions[{n - 1}].review")
    if isinstance(critique, dict):
        out["critique"] = _critique(critique, f"{order_id}-")
    return out


def _carry_proxy_readers(review: Obj, materials: list[Any]) -> None:
    """Put each material's schema-1 proxy reader on its author's written-outline self-examination."""
    readers = {
        x.get("author_id"): x["proxy_reader_id"]
        for x in materials
        if isinstance(x, dict) and x.get("proxy_reader_id") is not None
    }
    if not readers or not isinstance(review.get("self_examinations"), list):
        return
    review["self_examinations"] = [
        {**x, "proxy_id": readers[x.get("member_id")]}
        if isinstance(x, dict)
        and x.get("mode") == "written_proxy"
        and x.get("proxy_id") is None
        and x.get("member_id") in readers
        else x
        for x in review["self_examinations"]
    ]


def _convert(data: Obj) -> Obj:
    """Schema-1 meeting JSON → schema-2 meeting JSON, without history and version."""
    out = _without(data, "history", "version")
    out["schema_version"] = 2
    org_id = _obj(data.get("organization")).get("id")
    roster = _seq(data.get("roster"))
    prep = _obj(data.get("preparation"))
    reported = _committee_reported(prep)
    sessions = _seq(data.get("redone_sessions"))
    old_reviews = [_obj(data.get("review"))] + [_obj(_obj(s).get("review")) for s in sessions]

    def convert(name: str, step: Callable[[Obj], Any]) -> None:
        if isinstance(data.get(name), dict):
            out[name] = step(dict(data[name]))

    def review(old: Obj) -> Obj:
        new = _review(old, reported, "review")
        _carry_proxy_readers(new, _seq(prep.get("materials")))
        return new

    convert("campaign", _campaign)
    convert("preparation", _preparation)
    convert("review", review)
    convert("critique", lambda old: _critique(old, ""))
    convert("rectification", lambda old: _rectification(old, _secretary(roster)))
    convert("closing", lambda old: _closing(old, old_reviews))
    convert("extensions", _extensions)
    if isinstance(data.get("roster"), list):
        out["roster"] = [
            _member(dict(m), i, org_id) if isinstance(m, dict) else m for i, m in enumerate(roster)
        ]
    if isinstance(data.get("redone_sessions"), list):
        out["redone_sessions"] = [
            _redone(dict(s), n, reported) if isinstance(s, dict) else s
            for n, s in enumerate(sessions, start=1)
        ]
    if "stage" in data:
        out["stage"] = _stage(data["stage"])
    return out


# --- converting the history -----------------------------------------------------------------------


def _noted(note: str, reason: Any) -> str:
    return f"{note}; {reason}" if isinstance(reason, str) and reason else note


def _event(event: Obj) -> Obj:
    """One schema-1 event as a schema-2 event (not yet chained)."""
    source, target, trigger = event.get("source"), event.get("target"), event.get("trigger")
    stage, dest = _stage(source), _stage(target)
    reason = event.get("reason")
    kind = "transition"
    if (stage, dest) != (source, target):
        if stage == dest:
            kind, trigger = "entry", None
            reason = _noted(
                f"schema 1: {event.get('trigger')} ({source} -> {target}); schema 2 runs"
                f" {_APPRAISAL_STAGE} as a track alongside {_APPRAISAL_READ_AS}",
                reason,
            )
        else:
            reason = _noted(f"schema 1: {trigger} ({source} -> {target})", reason)
    redone = [
        s["path"]
        for s in _seq(event.get("seals"))
        if isinstance(s, dict) and isinstance(s.get("path"), str) and _REDONE.fullmatch(s["path"])
    ]
    return {
        "seq": event.get("seq"),
        "kind": kind,
        "actor": event.get("actor"),
        "at": event.get("at"),
        "stage": stage,
        "trigger": trigger,
        "target": dest,
        "reason": reason,
        "paths": [*redone, "review", "critique"] if redone else [],
        "findings": [],
        "state": NOT_RECORDED,
    }


def _finish(body: Obj, events: list[Obj], head: str | None) -> Obj:
    """Validate the migrated record, append the migration event, chain every event.

    The state digest needs the exact schema-2 JSON with every default filled in, so the record
    is validated here with the schema-2 :class:`~meetingflow.records.meeting.Meeting`. Its
    extension sections are set aside for that (the plain model refuses them; the models that
    know them belong to the flow layer, which records must not import) and put back as the
    migration wrote them: in full, so they are what the flow's model dumps.
    """
    from meetingflow.records.history import Event  # noqa: PLC0415 - records load lazily
    from meetingflow.records.meeting import Meeting  # noqa: PLC0415 - records load lazily

    extensions = body.get("extensions", {})
    plain = Meeting.model_validate({**body, "extensions": {}, "version": 0, "history": []})
    record: Obj = plain.model_dump(mode="json")
    record["extensions"] = extensions
    if head is None:
        return record
    reason = f"migrated from schema 1; schema-1 head digest {head}"
    if any(_APPRAISAL_STAGE in (e.get("source"), e.get("target")) for e in events):
        reason += f"; stage {_APPRAISAL_STAGE} read as {_APPRAISAL_READ_AS}"
    record["version"] = len(events) + 1
    migration: Obj = {
        "seq": len(events),
        "kind": "entry",
        "actor": MIGRATION_ACTOR,
        "at": events[-1].get("at"),
        "stage": record["stage"],
        "trigger": None,
        "target": record["stage"],
        "reason": reason,
        "paths": ["schema_version"],
        "findings": [],
        "state": state_digest(record),
    }
    chained: list[Obj] = []
    previous: str | None = None
    for i, fields in enumerate([*(_event(e) for e in events), migration]):
        try:
            event = Event.model_validate(
                {**fields, "previous": previous, "digest": NOT_RECORDED, "mac": None}
            )
        except InvalidRecord as error:
            raise InvalidRecord(
                "Meeting",
                [
                    ErrorEntry(_join(f"history[{i}]", e.path), e.message, e.type)
                    for e in error.entries
                ],
            ) from None
        dumped: Obj = event.model_dump(mode="json")
        dumped["digest"] = previous = event_digest(dumped)
        chained.append(dumped)
    record["history"] = chained
    return record


def _join(prefix: str, path: str) -> str:
    return f"{prefix}.{path}" if path and not path.startswith("[") else prefix + path


# --- the migration --------------------------------------------------------------------------------


def _guarded(step: Callable[[], _T]) -> _T:
    """``step()``; a schema-1 record too malformed to convert is refused as invalid, never crashes."""
    try:
        return step()
    except (KeyError, TypeError, AttributeError, IndexError) as error:
        raise Problem(
            f"schema 1 记录结构不完整，无法迁移（{type(error).__name__}: {error}）",
            f"the schema-1 record is malformed and cannot be migrated ({type(error).__name__}:"
            f" {error})",
            type="migration_failed",
        ) from None


def upgrade_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Schema-1 meeting JSON → schema-2 meeting JSON, every default filled in, history chained.

    The schema-1 history is verified first (:func:`verify_v1`); see the module documentation
    for what each field becomes. Deterministic: the same input gives the same output. ``data``
    is left as it was.
    """
    try:  # also Python values (dates, tuples, enums) as schema 1's model_dump() gave them
        raw = to_jsonable_python(data)
    except PydanticSerializationError as error:
        raise Problem(
            f"schema 1 记录含有非 JSON 值：{error}",
            f"the schema-1 record holds a value that is not JSON: {error}",
            type="migration_failed",
        ) from None
    if not isinstance(raw, dict):
        raise Problem(
            "schema 1 记录应为对象", "a schema-1 record is an object", type="migration_failed"
        )
    head = _guarded(lambda: verify_v1(raw))
    body = _guarded(lambda: _convert(raw))
    events = [e for e in _seq(raw.get("history")) if isinstance(e, dict)]
    return _finish(body, events, head)
