"""Converting a schema-1 record's sections to schema 2 (the map is in the package docstring).

Every step takes what schema 1 wrote and keeps anything it does not understand as it is, so
that schema-2 validation refuses it at its path: a malformed value is never replaced by a
default. Where a value would otherwise be lost (a closure, a long-term approval), a malformed
one is refused here, with its path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from meetingflow.errors import ErrorEntry
from meetingflow.i18n import Text
from meetingflow.records._base import Problem
from meetingflow.records._v1.schema1 import APPRAISAL_STAGE, Obj, as_list, as_obj
from meetingflow.records.terms import ASPECT_LABELS

__all__ = ["APPRAISAL_READ_AS", "PREVIOUS_ITEM_NOTE", "convert", "read_stage"]

APPRAISAL_READ_AS: Final = "critique"
"""The schema-2 stage that schema 1's appraisal stage is read as (the track runs alongside it)."""
PREVIOUS_ITEM_NOTE: Final = "migrated from schema 1: status not recorded"
"""The note on each item of a migrated previous-rectification report."""
_CADRE_POST: Final = "领导干部"


def read_stage(name: Any) -> Any:
    """A schema-1 stage as schema 2 reads it (``member_appraisal`` is critique)."""
    return APPRAISAL_READ_AS if name == APPRAISAL_STAGE else name


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
    if "leading_cadre" in as_list(member.get("roles")):
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
    return as_obj(prep.get("committee_session")).get("findings_reported") is True


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
        for x in as_list(requests)
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
            if isinstance(m, dict) and "secretary" in as_list(m.get("roles"))
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
    for i, item in enumerate(as_list(rect.get("items"))):
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
        (r for r in reviews if as_obj(r.get("session")).get("held_on") == held_on),
        reviews[0],
    )
    return {
        x.get("member_id")
        for x in as_list(sitting.get("leave_requests"))
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
    """The schema-1 appraisal section as the track's section."""
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
            if name == APPRAISAL_STAGE and isinstance(section, dict)
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
            "return_to": read_stage(order.get("return_to")),
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


def convert(data: Obj) -> Obj:
    """Schema-1 meeting JSON → schema-2 meeting JSON, without history and version."""
    out = _without(data, "history", "version")
    out["schema_version"] = 2
    org_id = as_obj(data.get("organization")).get("id")
    roster = as_list(data.get("roster"))
    prep = as_obj(data.get("preparation"))
    reported = _committee_reported(prep)
    sessions = as_list(data.get("redone_sessions"))
    old_reviews = [as_obj(data.get("review"))] + [as_obj(as_obj(s).get("review")) for s in sessions]

    def convert(name: str, step: Callable[[Obj], Any]) -> None:
        if isinstance(data.get(name), dict):
            out[name] = step(dict(data[name]))

    def review(old: Obj) -> Obj:
        new = _review(old, reported, "review")
        _carry_proxy_readers(new, as_list(prep.get("materials")))
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
        out["stage"] = read_stage(data["stage"])
    return out
