"""Schema 1 as it was written and hashed: its record types with their defaults, and the canonical
form of its digests (``model_dump(mode="json", exclude_defaults=True)``, keys sorted, compact,
UTF-8).

Why a table and not the schema-1 models: the schema-1 classes are gone, but every schema-1
digest left out exactly the fields equal to their defaults, so verifying a schema-1 record
needs those defaults and nothing else. The table was checked field by field against the
schema-1 models (meetingflow 0.1, commit 16c6a8f): the same fields, the same defaults.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Final

__all__ = [
    "APPRAISAL_STAGE",
    "REDONE",
    "REQUIRED",
    "TYPES",
    "Obj",
    "as_list",
    "as_obj",
    "canonical_v1",
    "digest_v1",
    "section_kind",
]

Obj = dict[str, Any]
"""A JSON object."""

APPRAISAL_STAGE: Final = "member_appraisal"
"""Schema 1's appraisal stage (and the key of its section under ``extensions``)."""


class _Required:
    """Marks a schema-1 field without a default (always part of the canonical form)."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Final = _Required()

TYPES: Final[dict[str, dict[str, Any]]] = {
    # A field maps to its default in JSON form, or to (default, record type of its value).
    "Organization": {"id": REQUIRED, "name": REQUIRED, "level": "branch", "parent_id": None},
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
        "id": REQUIRED,
        "name": REQUIRED,
        "status": "full",
        "roles": [],
        "dual_membership": False,
        "exemption": (None, "Exemption"),
        "discipline": (None, "Discipline"),
    },
    "Exemption": {"reason": REQUIRED, "contact_id": None},
    "Discipline": {"kind": "on_party_probation", "since": None, "until": None},
    "Supervisor": {"id": REQUIRED, "name": REQUIRED, "org_id": REQUIRED, "title": ""},
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
    "StageDeadline": {"stage": REQUIRED, "due_on": REQUIRED},
    "Notice": {
        "issuer_org": REQUIRED,
        "issued_on": REQUIRED,
        "title": "",
        "scope_org_ids": [],
        "timetable": ([], "StageDeadline"),
    },
    "MeetingPlan": {
        "drafted_on": REQUIRED,
        "meeting_date": REQUIRED,
        "venue": "",
        "theme": "",
        "form": "general_meeting",
        "agenda": [],
        "study_items": [],
        "submitted_on": None,
        "approved_by": None,
        "approved_on": None,
    },
    "Notification": {"member_id": REQUIRED, "notified_on": REQUIRED},
    "StudySession": {
        "id": REQUIRED,
        "held_on": REQUIRED,
        "hours": 0,
        "topic": "",
        "attendee_ids": [],
    },
    "Opinion": {
        "id": REQUIRED,
        "source_kind": REQUIRED,
        "target_member": None,
        "text": REQUIRED,
        "collected_on": REQUIRED,
        "fed_back_on": None,
    },
    "Talk": {"person_a": REQUIRED, "person_b": REQUIRED, "held_on": REQUIRED, "note": ""},
    "Problem": {
        "id": REQUIRED,
        "scope": "member",
        "owner_id": None,
        "description": REQUIRED,
        "aspect": None,
        "source": "self",
        "root_cause": "",
    },
    "Material": {
        "id": REQUIRED,
        "author_id": None,
        "kind": "inspection_material",
        "submitted_on": REQUIRED,
        "aspects": [],
        "proxy_reader_id": None,
    },
    "MaterialReview": {
        "material_id": REQUIRED,
        "reviewer_id": REQUIRED,
        "reviewed_on": REQUIRED,
        "verdict": "approved",
    },
    "SpotCheck": {"by_id": REQUIRED, "on": REQUIRED, "note": ""},
    "CommitteeSession": {"held_on": REQUIRED, "findings_reported": False},
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
        "held_on": REQUIRED,
        "venue": "",
        "chair_id": None,
        "recorder_id": None,
        "observer_ids": [],
    },
    "Attendance": {"member_id": REQUIRED, "presence": "present"},
    "LeaveRequest": {
        "member_id": REQUIRED,
        "requested_on": REQUIRED,
        "reason": REQUIRED,
        "approved_by": None,
        "approved_on": None,
    },
    "SelfExamination": {
        "member_id": REQUIRED,
        "order": REQUIRED,
        "mode": "in_person",
        "proxy_id": None,
        "aspects": [],
        "summary": "",
    },
    "AgendaReport": {"presented_by": REQUIRED, "summary": "", "item_ids": []},
    "Critique": {
        "statements": ([], "Statement"),
        "criticisms": ([], "Criticism"),
        "responses": ([], "Response"),
        "superior_comments": ([], "SuperiorComment"),
        "unity_attestation": (None, "UnityAttestation"),
    },
    "Statement": {"member_id": REQUIRED, "order": REQUIRED, "summary": ""},
    "Criticism": {
        "from_member": REQUIRED,
        "to_member": REQUIRED,
        "kind": "problem",
        "text": REQUIRED,
        "accepted": True,
    },
    "Response": {"member_id": REQUIRED, "text": ""},
    "SuperiorComment": {"by_id": REQUIRED, "text": REQUIRED},
    "UnityAttestation": {"by_id": REQUIRED, "on": REQUIRED, "text": ""},
    "Rectification": {
        "plan": (None, "RectificationPlan"),
        "items": ([], "RectificationItem"),
        "commitments": ([], "Commitment"),
        "dispositions": ([], "Disposition"),
        "makeups": ([], "Makeup"),
        "supervision": ([], "SupervisionEvent"),
    },
    "RectificationPlan": {"issued_on": REQUIRED, "summary": ""},
    "RectificationItem": {
        "id": REQUIRED,
        "problem_id": None,
        "scope": "member",
        "owner_id": REQUIRED,
        "description": REQUIRED,
        "root_cause": "",
        "measures": [],
        "due_on": REQUIRED,
        "commitment": "",
        "closure": (None, "Closure"),
        "escalations": ([], "Escalation"),
        "long_term": (None, "LongTerm"),
        "supervision_notes": [],
    },
    "Closure": {"evidence_ref": REQUIRED, "verifier_id": REQUIRED, "verified_on": REQUIRED},
    "Escalation": {"to_org": REQUIRED, "on": REQUIRED, "note": ""},
    "LongTerm": {"milestones": REQUIRED, "approved_by": REQUIRED, "approved_on": REQUIRED},
    "Commitment": {"member_id": REQUIRED, "made_on": REQUIRED, "text": REQUIRED},
    "Disposition": {
        "problem_id": REQUIRED,
        "kind": REQUIRED,
        "reason": REQUIRED,
        "merged_into": None,
    },
    "Makeup": {"member_id": REQUIRED, "on": REQUIRED, "note": ""},
    "SupervisionEvent": {"by_id": REQUIRED, "on": REQUIRED, "note": ""},
    "Closing": {
        "minutes": (None, "Minutes"),
        "report": (None, "SuperiorReport"),
        "archive": ([], "ArchivedDocument"),
        "publications": ([], "Publication"),
    },
    "Minutes": {
        "held_on": REQUIRED,
        "place": "",
        "chair_id": REQUIRED,
        "recorder_id": REQUIRED,
        "expected_full": REQUIRED,
        "expected_probationary": 0,
        "present_full": REQUIRED,
        "present_probationary": 0,
        "absentees": ([], "Absentee"),
        "agenda": [],
        "speech_summaries": ([], "SpeechSummary"),
        "decisions": [],
    },
    "Absentee": {"member_id": REQUIRED, "reason": ""},
    "SpeechSummary": {"member_id": REQUIRED, "summary": REQUIRED},
    "SuperiorReport": {"submitted_on": REQUIRED, "to_org": REQUIRED, "sections": []},
    "ArchivedDocument": {"kind": REQUIRED, "ref": REQUIRED},
    "Publication": {"scope": REQUIRED, "on": REQUIRED, "content": ""},
    "MemberAppraisal": {
        "steps": ([], "AppraisalStep"),
        "ballots": ([], "BallotCast"),
        "proposal": (None, "GradeProposal"),
        "grades": ([], "MemberGrade"),
        "feedback": ([], "GradeFeedback"),
        "report": (None, "AppraisalReport"),
    },
    "AppraisalStep": {"kind": REQUIRED, "on": REQUIRED},
    "BallotCast": {"voter_id": REQUIRED},
    "GradeProposal": {"by": REQUIRED, "on": REQUIRED},
    "MemberGrade": {"member_id": REQUIRED, "grade": REQUIRED},
    "GradeFeedback": {"member_id": REQUIRED, "on": REQUIRED},
    "AppraisalReport": {"reported_on": REQUIRED, "to_org": REQUIRED, "final": True},
    "RedoneSession": {
        "order": (REQUIRED, "RedoOrder"),
        "review": (REQUIRED, "Review"),
        "critique": (REQUIRED, "Critique"),
    },
    "RedoOrder": {"by_id": REQUIRED, "on": REQUIRED, "reason": REQUIRED, "return_to": REQUIRED},
    "Event": {
        "seq": REQUIRED,
        "trigger": REQUIRED,
        "source": REQUIRED,
        "target": REQUIRED,
        "actor": REQUIRED,
        "at": REQUIRED,
        "reason": None,
        "findings": ({"errors": 0, "warnings": 0, "rule_ids": []}, "FindingsSummary"),
        "seals": ([], "Seal"),
        "reopened": [],
        "digest": REQUIRED,
    },
    "FindingsSummary": {"errors": 0, "warnings": 0, "rule_ids": []},
    "Seal": {"path": REQUIRED, "digest": REQUIRED},
}
"""Every schema-1 record type reachable from a sealable section or an event, with its defaults."""

SECTIONS: Final[dict[str, str]] = {
    "organization": "Organization",
    "campaign": "Campaign",
    "roster": "Member",
    "supervisors": "Supervisor",
    "preparation": "Preparation",
    "review": "Review",
    "critique": "Critique",
    "rectification": "Rectification",
    "closing": "Closing",
    f"extensions.{APPRAISAL_STAGE}": "MemberAppraisal",
}
"""The record type of each path schema 1's own stages sealed (lists: of their entries)."""
REDONE: Final = re.compile(r"redone_sessions\[(\d+)\]")


def _spec(kind: str, name: str) -> tuple[Any, str | None]:
    spec = TYPES.get(kind, {}).get(name, REQUIRED)  # unknown: kept (schema 1 would have refused it)
    return spec if isinstance(spec, tuple) else (spec, None)


def _filled(value: Any, kind: str | None) -> Any:
    """A record's JSON with schema 1's defaults filled in (to compare it with a default)."""
    if kind is None or not isinstance(value, dict):
        return value
    out = dict(value)
    for name in TYPES[kind]:
        default, nested = _spec(kind, name)
        if name not in out and default is not REQUIRED:
            out[name] = default
        elif name in out:
            out[name] = _filled(out[name], nested)
    return out


def canonical_v1(value: Any, kind: str | None) -> Any:
    """``value`` as schema 1 hashed it: ``model_dump(mode="json", exclude_defaults=True)``.

    A field is left out when its value equals its default (pydantic compares the values, so a
    nested record equal to its default is left out too, and ``0.0`` equals ``0``); lists of
    records are processed entry by entry.
    """
    if isinstance(value, list):
        return [canonical_v1(v, kind) for v in value]
    if kind is None or not isinstance(value, dict):
        return value
    out: Obj = {}
    for name, v in value.items():
        default, nested = _spec(kind, name)
        if default is not REQUIRED and _filled(v, nested) == default:
            continue
        out[name] = canonical_v1(v, nested)
    return out


def digest_v1(value: Any, previous: str = "") -> str:
    body = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(previous.encode() + body.encode()).hexdigest()


def section_kind(path: str) -> str | None:
    """The schema-1 record type at a sealed path, if schema 1 itself defined it."""
    if REDONE.fullmatch(path):
        return "RedoneSession"
    return SECTIONS.get(path)


def as_obj(value: Any) -> Obj:
    """A schema-1 object, for reading: an empty one where schema 1 had none (its default)."""
    return dict(value) if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """A schema-1 list, for reading: an empty one where schema 1 had none (its default)."""
    return list(value) if isinstance(value, list) else []
