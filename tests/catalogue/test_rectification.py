"""§2.4 Rectification (会后整改): list, item fields, tracing, commitments, plan clock, overdue,
escalation, closure, publication, supervision (clarifications 3, 7, 8, 9, 17)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest

from meetingflow import records as r
from meetingflow.rules import facts

from . import fixtures as fx
from .fixtures import PARENT, SEC, SUP, days, edit, not_applicable, on, one, passes

if TYPE_CHECKING:
    from meetingflow.records import Meeting

AT = fx.at("rectification")  # 2021-08-20
DUE = date(2021, 8, 15)  # every item's deadline in the built meeting


def _item(m: Meeting, item: str, **changes: object) -> Meeting:
    index = next(i for i, x in enumerate(m.rectification.items) if x.id == item)
    return edit(m, f"rectification.items[{index}]", **changes)


def _unclosed(m: Meeting, *items: str) -> Meeting:
    rect = m.rectification
    return edit(
        m,
        "rectification",
        closures=tuple(c for c in rect.closures if c.item_id not in items),
        verifications=tuple(v for v in rect.verifications if v.item_id not in items),
    )


def _closure(m: Meeting, item: str, **changes: object) -> Meeting:
    index = next(i for i, c in enumerate(m.rectification.closures) if c.item_id == item)
    return edit(m, f"rectification.closures[{index}]", **changes)


def _verification(m: Meeting, item: str, **changes: object) -> Meeting:
    index = next(i for i, v in enumerate(m.rectification.verifications) if v.item_id == item)
    return edit(m, f"rectification.verifications[{index}]", **changes)


# --- RECT-LIST --------------------------------------------------------------------------------


def test_rect_list_passes(rect: Meeting) -> None:
    passes("RECT-LIST", rect, AT)


def test_rect_list_branch(rect: Meeting) -> None:
    one(
        "RECT-LIST",
        _item(rect, "r-branch", scope=r.ProblemScope.MEMBER),
        AT,
        key="branch",
        path="rectification.items",
    )


def test_rect_list_members(rect: Meeting) -> None:
    m = _item(rect, "r-m06", owner_id="m05")
    one("RECT-LIST", m, AT, key="members", path="rectification.items", members=["m06"])


@pytest.mark.parametrize(
    "change", [{"consolidated_list": None}, {"consolidated_list": "unsubmitted"}]
)
def test_rect_list_consolidated_and_submitted(rect: Meeting, change: dict[str, object]) -> None:
    lst = rect.rectification.consolidated_list
    assert lst is not None
    value = None if change["consolidated_list"] is None else lst.evolve(submitted_on=None)
    m = edit(rect, "rectification", consolidated_list=value)
    one("RECT-LIST", m, AT, key="not_consolidated", path="rectification.consolidated_list")


def test_rect_list_to_the_superior(rect: Meeting) -> None:
    m = edit(rect, "rectification.consolidated_list", submitted_to="another-org")
    f = one(
        "RECT-LIST",
        m,
        AT,
        key="wrong_org",
        path="rectification.consolidated_list.submitted_to",
        subjects={"organization": ["another-org"]},
    )
    assert (
        f.message.en == f"The consolidated list went to another-org, not to the superior {PARENT}."
    )


# --- RECT-ITEM-FIELDS -------------------------------------------------------------------------


def test_rect_item_fields_passes(rect: Meeting) -> None:
    passes("RECT-ITEM-FIELDS", rect, AT)


def test_rect_item_fields_not_applicable_without_items(critique: Meeting) -> None:
    not_applicable("RECT-ITEM-FIELDS", critique, AT)


def test_rect_item_fields_root_cause(rect: Meeting) -> None:
    one(
        "RECT-ITEM-FIELDS",
        _item(rect, "r-m06", root_cause=" "),
        AT,
        key="root_cause",
        path="rectification.items[6].root_cause",
        members=["m06"],
        subjects={"item": ["r-m06"]},
    )


def test_rect_item_fields_measures(rect: Meeting) -> None:
    one(
        "RECT-ITEM-FIELDS",
        _item(rect, "r-branch", measures=()),
        AT,
        key="measures",
        path="rectification.items[0].measures",
        members=[SEC],
        subjects={"item": ["r-branch"]},
    )


# --- RECT-TRACE (S) ---------------------------------------------------------------------------


def test_rect_trace_passes(rect: Meeting) -> None:
    passes("RECT-TRACE", rect, AT)


def test_rect_trace_problem(rect: Meeting) -> None:
    one(
        "RECT-TRACE",
        _item(rect, "r-m06", problem_id=None),
        AT,
        key="problem",
        path="preparation.problems[6]",
        members=["m06"],
        subjects={"problem": ["p-m06"]},
        severity="warning",
    )


def test_rect_trace_a_branch_problem_names_nobody(rect: Meeting) -> None:
    one(
        "RECT-TRACE",
        _item(rect, "r-branch", problem_id=None),
        AT,
        key="problem",
        path="preparation.problems[0]",
        subjects={"problem": ["p-branch"]},
        severity="warning",
    )


def test_regression_rect_trace_criticism_by_id_not_by_owner(rect: Meeting) -> None:
    m = _item(rect, "r-m06", criticism_id=None)  # m06 still owns r-m06, but nothing answers c5
    one(
        "RECT-TRACE",
        m,
        AT,
        key="criticism",
        path="critique.criticisms[4]",
        members=["m06"],
        subjects={"criticism": ["c5"]},
        severity="warning",
    )


@pytest.mark.parametrize(
    "disposition",
    [
        r.Disposition(
            criticism_id="c5",
            kind=r.DispositionKind.MERGED,
            reason="与个人事项合并",
            merged_into="r-m06",
        ),
        r.Disposition(criticism_id="c5", kind=r.DispositionKind.REJECTED, reason="经核实不属实"),
    ],
)
def test_rect_trace_a_disposition_traces(rect: Meeting, disposition: r.Disposition) -> None:
    m = edit(_item(rect, "r-m06", criticism_id=None), "rectification", dispositions=(disposition,))
    passes("RECT-TRACE", m, AT)


def test_rect_trace_a_disposition_traces_a_problem(rect: Meeting) -> None:
    d = r.Disposition(
        problem_id="p-m06", kind=r.DispositionKind.REJECTED, reason="已在上次整改中解决"
    )
    passes(
        "RECT-TRACE",
        edit(_item(rect, "r-m06", problem_id=None), "rectification", dispositions=(d,)),
        AT,
    )


def test_rect_trace_only_accepted_problem_criticism(rect: Meeting) -> None:
    m = _item(rect, "r-m06", criticism_id=None)
    passes("RECT-TRACE", edit(m, "critique.criticisms[4]", accepted=False), AT)
    passes("RECT-TRACE", edit(m, "critique.criticisms[4]", kind=r.CriticismKind.HOPE), AT)


# --- RECT-COMMITMENT --------------------------------------------------------------------------


def test_rect_commitment_passes(rect: Meeting) -> None:
    passes("RECT-COMMITMENT", rect, AT)


def test_rect_commitment_not_applicable_without_a_committee() -> None:
    not_applicable("RECT-COMMITMENT", fx.no_committee("rectification"), AT)


def test_rect_commitment_committee_members(rect: Meeting) -> None:
    m = edit(
        rect,
        "rectification",
        commitments=tuple(c for c in rect.rectification.commitments if c.member_id != "m02"),
    )
    one("RECT-COMMITMENT", m, AT, key="missing", path="rectification.commitments", members=["m02"])


def test_rect_commitment_all_members_when_configured(rect: Meeting) -> None:
    settings = {"commitments_from": "all_members"}
    one(
        "RECT-COMMITMENT",
        rect,
        AT,
        key="missing",
        path="rectification.commitments",
        members=["m04", "m05", "m06", "m07", "m08"],
        settings=settings,
    )
    m = rect
    for member in ("m04", "m05", "m06", "m07", "m08"):
        m = _item(m, f"r-{member}", commitment="定一条、做一条、兑现一条")
    passes("RECT-COMMITMENT", m, AT, settings=settings)


# --- RECT-PLAN-TIMELY (S, within N days: later − earlier ≤ N; clarification 9) ----------------------


def test_rect_plan_timely_passes(rect: Meeting) -> None:
    passes("RECT-PLAN-TIMELY", rect, AT)


def test_rect_plan_timely_not_applicable_without_a_sitting(rect: Meeting) -> None:
    not_applicable("RECT-PLAN-TIMELY", edit(rect, "review", session=None), AT)


@pytest.mark.parametrize(("after", "key"), [(-1, "early"), (0, None), (7, None), (8, "late")])
def test_rect_plan_timely_boundary(rect: Meeting, after: int, key: str | None) -> None:
    m = edit(rect, "rectification.plan", issued_on=days(after))
    if key is None:
        passes("RECT-PLAN-TIMELY", m, AT)
        return
    f = one(
        "RECT-PLAN-TIMELY", m, AT, key=key, path="rectification.plan.issued_on", severity="warning"
    )
    if key == "late":
        assert not f.repairable
        assert (
            f.message.en
            == "The rectification plan was not issued within 7 days of the sitting (2021-06-25)."
        )


@pytest.mark.parametrize(("after", "fails"), [(7, False), (8, True)])
def test_rect_plan_timely_no_plan_yet(rect: Meeting, after: int, fails: bool) -> None:
    m = edit(rect, "rectification", plan=None)
    if fails:
        one(
            "RECT-PLAN-TIMELY",
            m,
            on(days(after)),
            key="late",
            path="rectification.plan",
            severity="warning",
        )
    else:
        passes("RECT-PLAN-TIMELY", m, on(days(after)))


def test_regression_rect_plan_timely_after_a_redo_the_clock_restarts() -> None:
    m = fx.flawed("rectification")
    again = days(7)  # the redone sitting
    assert m.review.session is not None and m.review.session.held_on == again
    passes(
        "RECT-PLAN-TIMELY", edit(m, "rectification.plan", issued_on=again + timedelta(days=7)), AT
    )
    one(
        "RECT-PLAN-TIMELY",
        edit(m, "rectification.plan", issued_on=again + timedelta(days=8)),
        AT,
        key="late",
        path="rectification.plan.issued_on",
        severity="warning",
    )
    # three days after the first sitting is before the sitting that counts
    one(
        "RECT-PLAN-TIMELY",
        edit(m, "rectification.plan", issued_on=days(3)),
        AT,
        key="early",
        path="rectification.plan.issued_on",
        severity="warning",
    )


# --- RECT-OVERDUE (overdue when check > due; clarifications 3, 7) --------------------------------


def test_rect_overdue_not_applicable_when_nothing_is_or_was_overdue(rect: Meeting) -> None:
    """Clarification 1: a rule about overdue items is N/A when none is overdue, so this rule
    never passes: it finds an overdue item (or a late closure) or does not apply."""
    not_applicable("RECT-OVERDUE", rect, AT)


def test_rect_overdue_not_applicable_without_items(critique: Meeting) -> None:
    not_applicable("RECT-OVERDUE", critique, AT)


@pytest.mark.parametrize(("late", "text"), [(0, None), (1, "1 day overdue"), (5, "5 days overdue")])
def test_rect_overdue_boundary(rect: Meeting, late: int, text: str | None) -> None:
    m = _unclosed(rect, "r-m06")
    when = on(DUE + timedelta(days=late))
    if text is None:
        not_applicable("RECT-OVERDUE", m, when)
        return
    f = one(
        "RECT-OVERDUE",
        m,
        when,
        key="overdue",
        path="rectification.items[6].due_on",
        members=["m06"],
        subjects={"item": ["r-m06"]},
    )
    assert f.message.en == f"Item r-m06 (owner 杨磊 (m06)) is {text}."
    assert f.repairable


@pytest.mark.parametrize(("late", "fails"), [(0, False), (1, True)])
def test_regression_rect_overdue_late_closure_stays_an_error(
    rect: Meeting, late: int, fails: bool
) -> None:
    m = _closure(rect, "r-m06", closed_on=DUE + timedelta(days=late))
    if fails:
        f = one(
            "RECT-OVERDUE",
            m,
            AT,
            key="closed_late",
            path="rectification.items[6].due_on",
            members=["m06"],
            subjects={"item": ["r-m06"]},
        )
        assert not f.repairable
    else:
        not_applicable("RECT-OVERDUE", m, AT)


def test_rect_overdue_a_claimed_item_is_not_overdue(rect: Meeting) -> None:
    m = edit(
        rect,
        "rectification",
        verifications=tuple(v for v in rect.rectification.verifications if v.item_id != "r-m06"),
    )
    not_applicable("RECT-OVERDUE", m, AT)


def test_rect_overdue_approved_long_term_items_are_not_overdue() -> None:
    m = fx.meeting("rectification", long_term=("m06",))
    not_applicable("RECT-OVERDUE", m, AT)


def test_regression_rect_overdue_long_term_only_when_the_superior_approved() -> None:
    m = fx.meeting("rectification", long_term=("m06",))
    by_member = edit(m, "rectification.long_term_approvals[0]", approved_by=SEC)
    one(
        "RECT-OVERDUE",
        by_member,
        AT,
        key="overdue",
        path="rectification.items[6].due_on",
        members=["m06"],
        subjects={"item": ["r-m06"]},
    )
    unapproved = edit(m, "rectification", long_term_approvals=())
    one(
        "RECT-OVERDUE",
        unapproved,
        AT,
        key="overdue",
        path="rectification.items[6].due_on",
        members=["m06"],
        subjects={"item": ["r-m06"]},
    )


# --- RECT-ESCALATE (S, overdue for more than K days: check − due > K) ------------------------------


def _escalated(m: Meeting, to: str = PARENT) -> Meeting:
    row = r.Escalation(item_id="r-m06", by_id=SEC, to_org=to, on=DUE + timedelta(days=10))
    return edit(m, "rectification", escalations=(row,))


def test_rect_escalate_not_applicable_when_nothing_is_long_overdue(rect: Meeting) -> None:
    not_applicable("RECT-ESCALATE", rect, AT)


@pytest.mark.parametrize(("late", "applies"), [(14, False), (15, True)])
def test_rect_escalate_boundary(rect: Meeting, late: int, applies: bool) -> None:
    m = _unclosed(rect, "r-m06")
    when = on(DUE + timedelta(days=late))
    if not applies:
        not_applicable("RECT-ESCALATE", m, when)
        return
    f = one(
        "RECT-ESCALATE",
        m,
        when,
        key="missing",
        path="rectification.escalations",
        members=["m06"],
        subjects={"item": ["r-m06"]},
        severity="warning",
    )
    assert (
        f.message.en
        == "Item r-m06 is more than 14 days overdue and was not escalated to the superior."
    )
    passes("RECT-ESCALATE", _escalated(m), when)


def test_rect_escalate_to_the_superior_organization(rect: Meeting) -> None:
    m = _escalated(_unclosed(rect, "r-m06"), to="another-org")
    one(
        "RECT-ESCALATE",
        m,
        on(DUE + timedelta(days=15)),
        key="missing",
        path="rectification.escalations",
        members=["m06"],
        subjects={"item": ["r-m06"]},
        severity="warning",
    )


def test_rect_escalate_days_are_configurable(rect: Meeting) -> None:
    m = _unclosed(rect, "r-m06")  # 5 days overdue at AT
    not_applicable("RECT-ESCALATE", m, AT, settings={"escalate_after_days": 5})
    one(
        "RECT-ESCALATE",
        m,
        AT,
        key="missing",
        path="rectification.escalations",
        members=["m06"],
        subjects={"item": ["r-m06"]},
        severity="warning",
        settings={"escalate_after_days": 4},
    )


# --- RECT-EVIDENCE-CLOSE ----------------------------------------------------------------------


def test_rect_evidence_close_passes(rect: Meeting) -> None:
    passes("RECT-EVIDENCE-CLOSE", rect, AT)


def test_rect_evidence_close_not_applicable_without_closures(rect: Meeting) -> None:
    not_applicable(
        "RECT-EVIDENCE-CLOSE", edit(rect, "rectification", closures=(), verifications=()), AT
    )


def test_rect_evidence_close_evidence(rect: Meeting) -> None:
    m = _closure(rect, "r-m06", evidence=())
    one(
        "RECT-EVIDENCE-CLOSE",
        m,
        AT,
        key="no_evidence",
        path="rectification.closures",
        members=["m06"],
        subjects={"item": ["r-m06"]},
    )


def test_rect_evidence_close_verified(rect: Meeting) -> None:
    m = edit(
        rect,
        "rectification",
        verifications=tuple(v for v in rect.rectification.verifications if v.item_id != "r-m06"),
    )
    one(
        "RECT-EVIDENCE-CLOSE",
        m,
        AT,
        key="unverified",
        path="rectification.verifications",
        members=["m06"],
        subjects={"item": ["r-m06"]},
    )


def test_rect_evidence_close_not_by_the_owner(rect: Meeting) -> None:
    m = _verification(rect, "r-m06", verifier_id="m06")
    one(
        "RECT-EVIDENCE-CLOSE",
        m,
        AT,
        key="self_verified",
        path="rectification.verifications",
        members=["m06"],
        subjects={"item": ["r-m06"]},
    )


@pytest.mark.parametrize(
    ("item", "owner", "verifier", "by"),
    [
        ("r-branch", SEC, "m02", "上级党组织代表"),
        ("r-m01", SEC, "m03", "上级党组织代表"),
        ("r-m06", "m06", "m02", "支部书记或上级代表"),
    ],
)
def test_regression_rect_evidence_close_the_right_verifier(
    rect: Meeting, item: str, owner: str, verifier: str, by: str
) -> None:
    m = _verification(rect, item, verifier_id=verifier)
    f = one(
        "RECT-EVIDENCE-CLOSE",
        m,
        AT,
        key="wrong_verifier",
        path="rectification.verifications",
        members=[owner],
        subjects={"item": [item]},
    )
    assert f.message.zh.startswith(f"整改事项 {item} 应由{by}核验")


def test_rect_evidence_close_the_secretary_may_not_verify_a_branch_wide_item(
    rect: Meeting,
) -> None:
    index = next(i for i, it in enumerate(rect.rectification.items) if it.id == "r-branch")
    m = edit(rect, f"rectification.items[{index}]", owner_id="m02")
    passes("RECT-EVIDENCE-CLOSE", _verification(m, "r-branch", verifier_id=SUP), AT)
    one(
        "RECT-EVIDENCE-CLOSE",
        _verification(m, "r-branch", verifier_id=SEC),
        AT,
        key="wrong_verifier",
        path="rectification.verifications",
        members=["m02"],
        subjects={"item": ["r-branch"]},
    )


def test_rect_evidence_close_an_unverified_item_does_not_hide_the_next(rect: Meeting) -> None:
    claimed = [c.item_id for c in rect.rectification.closures]
    first, later = claimed[0], claimed[-1]
    m = edit(
        rect,
        "rectification",
        verifications=tuple(v for v in rect.rectification.verifications if v.item_id != first),
    )
    m = _verification(m, later, verifier_id=m.rectification.items[-1].owner_id)
    keys = sorted((f.key, f.subjects[0].id) for f in fx.findings("RECT-EVIDENCE-CLOSE", m, AT))
    assert keys == sorted([("unverified", first), ("self_verified", later)])


def test_rect_evidence_close_a_verification_before_the_claim_is_not_of_it(rect: Meeting) -> None:
    """复查销号 re-checks a reported closure: a check dated before the claim was of something else."""
    closure = next(c for c in rect.rectification.closures if c.item_id == "r-m06")
    check = next(v for v in rect.rectification.verifications if v.item_id == "r-m06")
    assert check.verified_on >= closure.closed_on
    on_the_day = _verification(rect, "r-m06", verified_on=closure.closed_on)
    passes("RECT-EVIDENCE-CLOSE", on_the_day, AT)  # the boundary: the claim's own day counts
    early = _verification(rect, "r-m06", verified_on=closure.closed_on - timedelta(days=1))
    found = one(
        "RECT-EVIDENCE-CLOSE",
        early,
        AT,
        key="verified_before_claim",
        path="rectification.verifications",
        members=[next(it.owner_id for it in rect.rectification.items if it.id == "r-m06")],
        subjects={"item": ["r-m06"]},
    )
    assert "before its closure was claimed" in found.message.en
    # the item is claimed, not closed: the figures and documents read it the same way
    state = {f.item.id: f.state for f in facts.item_facts(early)}
    assert state["r-m06"] is r.ItemState.CLAIMED


def test_rect_evidence_close_the_superior_may_verify_members_items(rect: Meeting) -> None:
    passes("RECT-EVIDENCE-CLOSE", _verification(rect, "r-m06", verifier_id=SUP), AT)


# --- RECT-PUBLICIZE (S) -----------------------------------------------------------------------


def test_rect_publicize_passes(rect: Meeting) -> None:
    passes("RECT-PUBLICIZE", rect, AT)


@pytest.mark.parametrize(
    ("content", "zh"),
    [(r.PublicationContent.LIST, "清单"), (r.PublicationContent.COMPLETION, "完成情况")],
)
def test_rect_publicize_list_and_completion(
    rect: Meeting, content: r.PublicationContent, zh: str
) -> None:
    m = edit(
        rect,
        "closing",
        publications=tuple(p for p in rect.closing.publications if p.content is not content),
    )
    f = one("RECT-PUBLICIZE", m, AT, key="missing", path="closing.publications", severity="warning")
    assert f.message.zh == f"整改{zh}尚未在一定范围内公示。"


# --- RECT-SUPERVISION (S, clarification 17) -------------------------------------------------------


def test_rect_supervision_passes(rect: Meeting) -> None:
    passes("RECT-SUPERVISION", rect, AT)


def test_rect_supervision_missing(rect: Meeting) -> None:
    one(
        "RECT-SUPERVISION",
        edit(rect, "rectification", supervision=()),
        AT,
        key="missing",
        path="rectification.supervision",
        severity="warning",
    )


def test_regression_rect_supervision_only_by_the_superior(rect: Meeting) -> None:
    m = edit(rect, "rectification.supervision[0]", by_id=SEC)
    one(
        "RECT-SUPERVISION",
        m,
        AT,
        key="missing",
        path="rectification.supervision",
        severity="warning",
    )


@pytest.mark.parametrize(("after", "fails"), [(-1, True), (0, False)])
def test_rect_supervision_during_rectification(rect: Meeting, after: int, fails: bool) -> None:
    m = edit(rect, "rectification.supervision[0]", on=days(after))
    if fails:
        one(
            "RECT-SUPERVISION",
            m,
            AT,
            key="missing",
            path="rectification.supervision",
            severity="warning",
        )
    else:
        passes("RECT-SUPERVISION", m, AT)
