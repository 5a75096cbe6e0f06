"""Closing rectification items (catalogue §2.4): deadlines, escalation, and closure with
evidence and a verifier. Apart from the list's own rules, since they read the items' dates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from meetingflow.i18n import Text
from meetingflow.records.terms import ProblemScope
from meetingflow.rules.facts import is_superior, item_facts, secretary
from meetingflow.rules.rule import Severity, rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules.context import RuleContext

STAGE = "rectification"


@rule(
    "RECT-OVERDUE",
    stage=STAGE,
    title=Text("整改逾期", "Overdue items"),
    messages={
        "overdue": Text(
            "整改事项 {item}（责任人 {owner}）已逾期 {days} 天。",
            "Item {item} (owner {owner}) is {days} {days:day|days} overdue.",
        ),
        "closed_late": Text(
            "整改事项 {item} 逾期后才销号（{closed}，时限 {due}）。",
            "Item {item} was closed after its deadline ({closed}, due {due}).",
        ),
    },
    hint=Text(
        "督促责任人尽快完成并销号；确需长期坚持的，报上级批准为长期事项。",
        "Have the owner finish and close the item; if it needs long-term work, have the superior approve it as long-term.",
    ),
    basis="巡视整改报告（确保如期销号）；组织生活会流程（对单销号）",
)
def rect_overdue(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Deadlines are what make a rectification plan more than a wish list (clarification 7).

    An open item past its deadline (not approved as long-term) blocks until closed; a closure
    after the deadline stays on record as a non-blocking error in every later report.
    """
    facts_ = item_facts(m, ctx)
    if not any(f.overdue_on(ctx.today) or f.closed_late for f in facts_):
        ctx.not_applicable()  # clarification 1: N/A when no item is overdue (nor was)
    for f in facts_:
        it = f.item
        common: dict[str, Any] = {
            "members": [it.owner_id],
            "item": it.id,
            "subjects": {"item": [it.id]},
        }
        if f.overdue_on(ctx.today):
            yield ctx.finding(
                f"rectification.items[{f.position}].due_on",
                "overdue",
                owner=ctx.name(it.owner_id),
                days=(ctx.today - it.due_on).days,
                **common,
            )
        elif f.closed_late and f.closure is not None:
            yield ctx.finding(
                f"rectification.items[{f.position}].due_on",
                "closed_late",
                closed=f.closure.closed_on,
                due=it.due_on,
                repairable=False,
                **common,
            )


@rule(
    "RECT-ESCALATE",
    stage=STAGE,
    gate="none",
    severity=Severity.WARNING,
    title=Text("逾期督办", "Escalation of overdue items"),
    messages={
        "missing": Text(
            "整改事项 {item} 逾期超过 {days} 天，未报上级督办。",
            "Item {item} is more than {days} {days:day|days} overdue and was not escalated to the superior.",
        )
    },
    hint=Text(
        "将长期逾期的事项报上级党组织督办，并记录由谁、何时报送。",
        "Escalate the long-overdue item to the superior; record who did it and when.",
    ),
    basis="source document（督导）；整改跟踪惯例（督办）",
    reads=("escalate_after_days",),
)
def rect_escalate(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """An item the branch cannot move on its own needs the superior's weight (check − due > K).

    The escalation goes to the superior organization (the organization's parent, when known).
    """
    k = ctx.settings.escalate_after_days
    late = [
        f
        for f in item_facts(m, ctx)
        if f.overdue_on(ctx.today) and (ctx.today - f.item.due_on).days > k
    ]
    if not late:
        ctx.not_applicable()
    parent = m.organization.parent_id
    escalated = {
        e.item_id for e in m.rectification.escalations if parent is None or e.to_org == parent
    }
    for f in late:
        if f.item.id not in escalated:
            yield ctx.finding(
                "rectification.escalations",
                "missing",
                members=[f.item.owner_id],
                item=f.item.id,
                days=k,
                subjects={"item": [f.item.id]},
            )


@rule(
    "RECT-EVIDENCE-CLOSE",
    stage=STAGE,
    title=Text("对单销号", "Closure with evidence"),
    messages={
        "no_evidence": Text(
            "整改事项 {item} 报完成但没有注明日期的佐证材料。",
            "Item {item} was reported done without dated evidence.",
        ),
        "unverified": Text(
            "整改事项 {item} 报完成后尚未核验。",
            "Item {item} was reported done but not yet verified.",
        ),
        "verified_before_claim": Text(
            "整改事项 {item} 的核验（{verified}）早于销号申请（{claimed}），不是对这次销号的复查。",
            "Item {item} was verified ({verified}) before its closure was claimed ({claimed}):"
            " that check was not of this closure.",
        ),
        "self_verified": Text(
            "整改事项 {item} 由责任人本人核验。", "Item {item} was verified by its own owner."
        ),
        "wrong_verifier": Text(
            "整改事项 {item} 应由{by}核验，实际核验人为 {verifier}。",
            "Item {item} must be verified by {by}, not {verifier}.",
        ),
    },
    hint=Text(
        "销号须有注明日期的佐证材料和核验人：党员事项由书记核验；书记本人和支部（班子）事项由上级核验；核验人不能是责任人。",
        "Closing needs dated evidence and a verifier: the secretary verifies members' items; the"
        " superior verifies the secretary's own and the branch's; never the owner.",
    ),
    basis="组织生活会流程（对单销号；复查销号）；verifier split is an inference",
)
def rect_evidence_close(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Nobody closes his or her own item; the level above checks it."""
    claimed = [f for f in item_facts(m, ctx) if f.closure is not None]
    if not claimed:
        ctx.not_applicable()
    sec = secretary(m)
    recorded = {v.item_id: v for v in m.rectification.verifications}
    for f in claimed:
        it = f.item
        common: dict[str, Any] = {
            "members": [it.owner_id],
            "item": it.id,
            "subjects": {"item": [it.id]},
        }
        assert f.closure is not None
        if not f.closure.evidence:
            yield ctx.finding("rectification.closures", "no_evidence", **common)
        v = f.verification
        if v is None:
            early = recorded.get(it.id)
            if early is not None:  # dated before the claim: item_facts did not count it
                yield ctx.finding(
                    "rectification.verifications",
                    "verified_before_claim",
                    verified=early.verified_on,
                    claimed=f.closure.closed_on,
                    **common,
                )
            else:
                yield ctx.finding("rectification.verifications", "unverified", **common)
            continue
        superior_needed = it.scope is ProblemScope.BRANCH or (
            sec is not None and it.owner_id == sec.id
        )
        if v.verifier_id == it.owner_id:
            yield ctx.finding("rectification.verifications", "self_verified", **common)
        elif not is_superior(m, v.verifier_id) and (
            superior_needed or sec is None or v.verifier_id != sec.id
        ):
            by = (
                Text("上级党组织代表", "a representative of the superior")
                if superior_needed
                else Text("支部书记或上级代表", "the secretary or the superior")
            )
            yield ctx.finding(
                "rectification.verifications",
                "wrong_verifier",
                by=by,
                verifier=ctx.name(v.verifier_id),
                **common,
            )
