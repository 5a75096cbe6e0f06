"""The critique part of the sitting (批评与自我批评, catalogue §2.3).

Every error here belongs to the critique gate (clarification 12): it blocks
``start_rectification`` even though words said cannot be unsaid; the way out is a redo.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

from meetingflow.i18n import Text
from meetingflow.records.terms import CriticismKind
from meetingflow.rules.facts import is_superior, leaders, present_ids
from meetingflow.rules.rule import Severity, rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules.context import RuleContext

STAGE = "critique"

DISGUISED_PRAISE: Final[tuple[str, ...]] = (
    "注意身体",
    "太拼命",
    "劳逸结合",
    "注意休息",
    "工作太投入",
    "对自己要求太严",
    "要求过高",
    "太认真",
    "过于认真",
    "太辛苦",
)
"""Phrases of praise disguised as criticism (明贬暗褒); a hint, never a verdict."""

WISH_OPENINGS: Final[tuple[str, ...]] = ("希望", "建议", "共勉", "期待", "期望")
"""Openings of a remark that offers a wish instead of naming a problem (以希望、建议代替批评)."""


@rule(
    "CRIT-LEAD-ORDER",
    stage=STAGE,
    title=Text("领导带头发言", "Leaders speak first"),
    messages={
        "first": Text(
            "首先作自我批评的是 {who}，不是书记或本支部登记的领导干部。",
            "{who} spoke first, neither the secretary nor a leading cadre registered in this branch.",
        ),
        "first_unregistered": Text(
            "领导干部 {who} 未在本支部登记双重组织生活，不能首先发言。",
            "Leading cadre {who} is not registered in this branch for dual organizational life and may not speak first.",
        ),
        "late": Text(
            "{who} 在普通党员之后才发言，未起带头作用。",
            "{who} spoke after ordinary members instead of leading.",
        ),
    },
    hint=Text(
        "由书记或以普通党员身份参加的领导干部首先发言；支委和领导干部都在普通党员之前发言。",
        "The secretary or a leading cadre registered in the branch speaks first; every committee"
        " member and leading cadre speaks before any ordinary member.",
    ),
    basis="2019年第二批主题教育专题组织生活会程序（党支部书记和党支部委员会其他成员带头开展批评）；exact ordering is an inference",
)
def crit_lead_order(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Leaders going first set the level of candour for everyone after them."""
    statements = sorted(m.critique.statements, key=lambda s: s.order)
    if not statements:
        ctx.not_applicable()
    first = ctx.members.get(statements[0].member_id)
    if first is not None and not first.is_secretary:
        if first.is_leading_cadre and not first.registered_in(m.organization.id):
            yield ctx.finding("critique.statements[0]", "first_unregistered", members=[first.id])
        elif not first.is_leading_cadre:
            yield ctx.finding("critique.statements[0]", "first", members=[first.id])
    lead = {x.id for x in leaders(m)}
    seen_ordinary = False
    late = []
    for s in statements:
        if s.member_id in lead:
            if seen_ordinary:
                late.append(s.member_id)
        else:
            seen_ordinary = True
    if late:
        yield ctx.finding("critique.statements", "late", members=late)


def _real(m: Meeting) -> list[tuple[str, str]]:
    return [
        (c.from_member, c.to_member)
        for c in m.critique.criticisms
        if c.kind is CriticismKind.PROBLEM
    ]


@rule(
    "CRIT-RECEIVE-EACH",
    stage=STAGE,
    title=Text("人人接受批评", "Everyone receives criticism"),
    messages={
        "missing": Text(
            "{who} 没有收到其他党员指出具体问题的批评。",
            "No criticism of a concrete problem received from another member: {who}.",
        )
    },
    hint=Text(
        "其他党员对每名党员分别提出批评意见，点到具体人具体事。",
        "Other members criticise each member, naming concrete people and facts.",
    ),
    basis="组织生活会制度（其他参会人员依次提出意见）",
)
def crit_receive_each(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Self-criticism alone lets people choose their own faults."""
    if m.review.session is None:
        ctx.not_applicable()
    got = {to for _, to in _real(m)}
    missing = [i for i in present_ids(m, ctx) if i not in got]
    if missing:
        yield ctx.finding("critique.criticisms", "missing", members=missing)


@rule(
    "CRIT-GIVE-EACH",
    stage=STAGE,
    gate="none",
    severity=Severity.WARNING,
    title=Text("人人提出批评", "Everyone gives criticism"),
    messages={
        "missing": Text(
            "{who} 没有对其他党员提出指出具体问题的批评。",
            "No criticism of a concrete problem given to another member: {who}.",
        )
    },
    hint=Text("每名党员都开展相互批评。", "Every member takes part in mutual criticism."),
    basis="2019年第二批主题教育专题组织生活会程序（其他党员互相开展批评）",
)
def crit_give_each(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Silence in mutual criticism is the quiet form of 好人主义."""
    if m.review.session is None:
        ctx.not_applicable()
    gave = {fr for fr, _ in _real(m)}
    missing = [i for i in present_ids(m, ctx) if i not in gave]
    if missing:
        yield ctx.finding("critique.criticisms", "missing", members=missing)


@rule(
    "CRIT-SUBSTANTIVE",
    stage=STAGE,
    title=Text("批评要具体（防止老好人）", "Criticism is substantive (no nice-guyism)"),
    messages={
        "not_problem": Text(
            "{giver} 对 {receiver} 的意见（{remark}）属于「{kind}」，不是指出具体问题的批评（老好人）。",
            "What {giver} said to {receiver} ({remark}) is {kind}, not criticism of a concrete problem (nice-guyism).",
        ),
        "praise_hint": Text(
            "{giver} 对 {receiver} 的批评（{remark}）含有「{phrases}」，可能是明贬暗褒；请确认分类。",
            "The criticism from {giver} to {receiver} ({remark}) contains {phrases}, a phrase of"
            " disguised praise; check its classification.",
        ),
        "wish_hint": Text(
            "{giver} 对 {receiver} 的批评（{remark}）以「{opening}」开头，可能是以希望、建议代替批评；请确认分类。",
            "The criticism from {giver} to {receiver} ({remark}) opens with {opening}: perhaps a"
            " hope or suggestion in place of criticism; check its classification.",
        ),
    },
    hint=Text(
        "批评要联系具体人具体事，不能以表扬、希望、建议代替批评；已说的话不能收回，形式主义的会议由上级责令重新召开。",
        "Criticise concrete people and facts; praise, hopes and suggestions are not criticism."
        " What was said cannot be unsaid: a formalistic sitting is redone when the superior orders it.",
    ),
    basis="2014年中央教育实践活动领导小组通知（点到具体人具体事）；中国组织人事报《警惕八种“伪批评”》",
)
def crit_substantive(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Only criticism of a concrete problem counts; the host classifies each remark.

    Each finding names the remark, its giver and its receiver (clarification 14). Phrase
    hints are warnings: 明贬暗褒 phrases, and remarks that open with a wish; a problem
    criticism that merely contains 建议 (e.g. "…建议今后按时报送") is not hinted at.
    """
    if not m.critique.criticisms:
        ctx.not_applicable()
    for i, c in enumerate(m.critique.criticisms):
        path = f"critique.criticisms[{i}]"
        common: dict[str, Any] = {
            "giver": ctx.name(c.from_member),
            "receiver": ctx.name(c.to_member),
            "remark": c.id,
            "members": [c.from_member, c.to_member],
            "subjects": {"criticism": [c.id]},
        }
        if c.kind is not CriticismKind.PROBLEM:
            yield ctx.finding(path, "not_problem", kind=c.kind, repairable=False, **common)
            continue
        text = c.text.strip()
        hits = [p for p in DISGUISED_PRAISE if p in text]
        if hits:
            yield ctx.finding(
                f"{path}.text", "praise_hint", phrases=hits, severity=Severity.WARNING, **common
            )
        elif text.startswith(WISH_OPENINGS):
            opening = next(w for w in WISH_OPENINGS if text.startswith(w))
            yield ctx.finding(
                f"{path}.text", "wish_hint", opening=opening, severity=Severity.WARNING, **common
            )


@rule(
    "CRIT-CADRE-EQUAL",
    stage=STAGE,
    title=Text("领导干部平等批评", "Cadres criticised like anyone"),
    messages={
        "not_received": Text(
            "领导干部 {who} 没有收到指出具体问题的批评。",
            "Leading {count:cadre|cadres} {who} received no criticism of a concrete problem.",
        ),
        "not_given": Text(
            "领导干部 {who} 没有提出指出具体问题的批评。",
            "Leading {count:cadre|cadres} {who} gave no criticism of a concrete problem.",
        ),
    },
    hint=Text(
        "领导干部与普通党员一样提出并接受指出具体问题的批评。",
        "Leading cadres give and receive criticism of concrete problems like ordinary members.",
    ),
    basis="《中国共产党章程》第八条（不允许有任何不参加党的组织生活的特殊党员）",
)
def crit_cadre_equal(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Rank must not buy immunity from criticism."""
    here = set(present_ids(m, ctx))
    present = [x.id for x in m.roster if x.is_leading_cadre and x.id in here]
    if not present or m.review.session is None:
        ctx.not_applicable()
    real = _real(m)
    gave = {fr for fr, _ in real}
    got = {to for _, to in real}
    not_got = [c for c in present if c not in got]
    not_gave = [c for c in present if c not in gave]
    if not_got:
        yield ctx.finding(
            "critique.criticisms", "not_received", members=not_got, count=len(not_got)
        )
    if not_gave:
        yield ctx.finding("critique.criticisms", "not_given", members=not_gave, count=len(not_gave))


@rule(
    "CRIT-RESPONSE",
    stage=STAGE,
    gate="none",
    severity=Severity.WARNING,
    title=Text("被批评者表态", "Criticised members respond"),
    messages={
        "missing": Text(
            "{who} 未对收到的批评表态。", "No response to the criticism received from: {who}."
        )
    },
    hint=Text(
        "作对照检查的参会人员对批评意见进行表态。",
        "Each criticised member states a position on the criticism received.",
    ),
    basis="组织生活会制度（作对照检查的参会人员进行表态）",
)
def crit_response(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A response turns criticism heard into criticism accepted."""
    criticised = list(dict.fromkeys(c.to_member for c in m.critique.criticisms))
    if not criticised:
        ctx.not_applicable()
    answered = {r.member_id for r in m.critique.responses}
    missing = [i for i in criticised if i not in answered]
    if missing:
        yield ctx.finding("critique.responses", "missing", members=missing)


@rule(
    "CRIT-SUPERIOR-COMMENT",
    stage=STAGE,
    gate="none",
    severity=Severity.WARNING,
    title=Text("上级点评", "Superior's commentary"),
    messages={
        "missing": Text(
            "上级代表列席了会议，但没有记录其点评。",
            "A representative of the superior attended but no commentary of theirs is recorded.",
        )
    },
    hint=Text(
        "记录列席的上级代表的点评。",
        "Record the commentary of the attending representative of the superior.",
    ),
    basis="2019年第二批主题教育专题组织生活会程序（上级党组织和有关部门负责同志进行点评）",
)
def crit_superior_comment(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The commentary is the guidance the superior came to give (by a superior's representative)."""
    s = m.review.session
    if s is None or not any(is_superior(m, p) for p in s.observer_ids):
        ctx.not_applicable()
    if not any(is_superior(m, c.by_id) for c in m.critique.superior_comments):
        yield ctx.finding("critique.superior_comments", "missing")


@rule(
    "CRIT-UNITY-ATTEST",
    stage=STAGE,
    level="Q",
    title=Text("团结—批评—团结", "Unity–criticism–unity attested"),
    messages={
        "missing": Text(
            "没有人确认会议遵循了团结—批评—团结的方针。",
            "No one has attested unity–criticism–unity.",
        ),
        "wrong_person": Text(
            "确认人 {who} 既不是会议主持人，也不是上级代表。",
            "{who} attested but is neither the chair nor a representative of the superior.",
        ),
    },
    hint=Text(
        "由会议主持人或上级代表确认会议遵循团结—批评—团结方针且无打击报复，并记录确认人和日期。",
        "The chair or a representative of the superior attests that the sitting followed"
        " unity–criticism–unity and that no retaliation occurred; record who and when.",
    ),
    basis="组织生活会规定（遵循“团结—批评与自我批评—团结”的方针）；民主生活会制度（不许打击报复）",
)
def crit_unity_attest(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The library cannot judge the spirit of a sitting; a named person must vouch for it."""
    a = m.critique.unity_attestation
    if a is None:
        yield ctx.finding("critique.unity_attestation", "missing")
        return
    chair = m.review.session.chair_id if m.review.session else None
    if a.by_id != chair and not is_superior(m, a.by_id):
        yield ctx.finding("critique.unity_attestation.by_id", "wrong_person", members=[a.by_id])


RULES = (
    crit_lead_order,
    crit_receive_each,
    crit_give_each,
    crit_substantive,
    crit_cadre_equal,
    crit_response,
    crit_superior_comment,
    crit_unity_attest,
)
