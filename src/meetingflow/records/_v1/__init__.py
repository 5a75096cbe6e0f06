"""Schema 1 → schema 2: records written by meetingflow 0.1 load, keep what they held, and verify.

Why a migration and not a compatibility layer: schema 2 reshaped the records so that every act
is its own record, attributed to who performed it (a leave and its approval, a closure claim
and its verification, an item and its long-term approval), and it replaced schema 1's chain of
digests (over ``exclude_defaults`` JSON, sections sealed by digest) with a chain whose events
carry the digest of the whole record (``meetingflow.canonical``). A schema-1 record is
turned into schema-2 JSON once, on the way in (``upgrade_v1``, called through
``meetingflow.records.migrations.MIGRATIONS`` with the meeting model that loads the record);
the result is validated by that model like any record.

**Trust first.** Before anything is converted, the schema-1 history is verified on the raw
schema-1 JSON exactly as schema 1 did (``chain.verify_v1``): sequence numbers, stages continuous
from ``preparation``, every event's digest (``sha256(previous digest + canonical event)``,
canonical = ``exclude_defaults`` JSON, keys sorted, compact, UTF-8), the last event ending in
the meeting's stage, and every section still sealed matching its seal. A record that fails is
refused (``Problem`` of type ``history_tampered`` naming the event, so loading raises
``InvalidRecord``): migrating it would launder the tampering into a
freshly chained schema-2 history. The ``exclude_defaults`` form needs schema 1's defaults,
which are written down (``schema1.TYPES``) so that no schema-1 code is needed. Sealed paths
schema 1 did not define (sections of a host's own stages) cannot be recomputed without the
host's schema-1 model; they are not checked (the events holding their seals are). A record
stored without its defaults (the form schema 1 hashed) reads the same, its absent sections as
their defaults. What no seal covered yet (the sections of the stage the meeting is in) schema 1
did not protect, and the migration cannot either.

**The history.** Every schema-1 event becomes a schema-2 ``transition`` with the same seq,
trigger, actor, time, reason and stages (``stage`` = schema-1 ``source``). What schema 1 did
not record for an event is marked as not recorded, never invented: ``state`` is
``NOT_RECORDED`` (64 zeros: "no state digest before schema 2"), ``findings`` is empty
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
``AppraisalReport.final`` becomes ``finalized_on = reported_on``); it is validated by the
flow's model, so such a record loads through the appraisal flow (``flow.parse``), and the plain
``Meeting`` refuses it as it refuses any record with that section. Sections of a host's own
extensions are carried over as they are (their absent ones dropped).

**Layers.** The migration event's state digest needs the record's exact schema-2 JSON, every
default filled in, so the migrated record is validated once inside the migration (without
history). The model it uses is the one loading the record, handed down by
``Meeting.model_validate`` through ``migrations.upgrade``: the records layer imports neither
``meetingflow.records.meeting`` (which imports the migrations: a cycle) nor the flow layer
(whose models know the flows' sections), and a flow's model validates its own sections.

**Field by field** (what schema 1 did not record gets the honest default):

* ``organization``: unchanged (``timezone`` defaults to Asia/Shanghai).
* ``campaign.aspects``: ids become ``{id, zh, en}`` with the known labels
  (``meetingflow.records.terms.ASPECT_LABELS``), the id itself when unknown.
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

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic_core import PydanticSerializationError, to_jsonable_python

from meetingflow.records._base import Problem, Record
from meetingflow.records._v1.chain import verify_v1
from meetingflow.records._v1.events import MIGRATION_ACTOR, NOT_RECORDED, finish
from meetingflow.records._v1.schema1 import as_list
from meetingflow.records._v1.sections import PREVIOUS_ITEM_NOTE, convert

__all__ = ["MIGRATION_ACTOR", "NOT_RECORDED", "PREVIOUS_ITEM_NOTE", "upgrade_v1", "verify_v1"]

_T = TypeVar("_T")


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


def upgrade_v1(data: dict[str, Any], model: type[Record]) -> dict[str, Any]:
    """Schema-1 meeting JSON → schema-2 meeting JSON, every default filled in, history chained.

    ``model`` is the meeting model loading the record; the result is valid for it. The
    schema-1 history is verified first (``verify_v1``); see the package documentation for what
    each field becomes. Deterministic: the same input gives the same output. ``data`` is left
    as it was.
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
    body = _guarded(lambda: convert(raw))
    events = [e for e in as_list(raw.get("history")) if isinstance(e, dict)]
    return finish(body, events, head, model)
