"""Critique rules (批评与自我批评, RULES.md §2.3)."""

from __future__ import annotations

from collections.abc import Iterator

from meetingflow.records import CriticismKind, Meeting, Role
from meetingflow.rules._core import Finding, RuleContext, Severity, rule
from meetingflow.rules.builtin._helpers import leaders, present_ids

_C = "critique"

DISGUISED_PRAISE_PHRASES: tuple[str, ...] = (
    "注意身体",
    "太拼命",
    "劳逸结合",
    "注意休息",
    "工作太投入",
    "对自己要求太严",
    "要求过高",
    "希望",
    "建议",
    "共勉",
)
"""Well-known phrases of disguised praise (明贬暗褒) and wishes passed off as criticism."""


@rule(
    "CRIT-ALL-SPEAK",
    stage=_C,
    title={"zh": "逐一开展自我批评", "en": "Every member speaks"},
    message={
        "zh": "{who} 尚未作自我批评发言。",
        "en": "No self-criticism statement yet from: {who}.",
    },
    hint={
        "zh": "领导干部带头，其他党员逐一发言，按发言顺序记录。",
        "en": "Leaders first, then every other member in turn; record the speaking order.",
    },
    basis="source document（带头开展批评与自我批评，其他党员逐一发言）",
)
def crit_all_speak(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The source document's 逐一发言: criticism and self-criticism leave nobody out."""
    spoke = {s.member_id for s in m.critique.statements}
    missing = [i for i in present_ids(m, ctx) if i not in spoke]
    if missing:
        yield ctx.finding("critique.statements", members=missing)


@rule(
    "CRIT-LEAD-ORDER",
    stage=_C,
    title={"zh": "领导带头发言", "en": "Leaders speak first"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "由书记或以普通党员身份参加的领导干部首先发言；支委和领导干部都在普通党员之前发言。",
        "en": "The secretary or a dual-membership leading cadre speaks first; every committee"
        " member and leading cadre speaks before any ordinary member.",
    },
    basis="2019年主题教育专题组织生活会程序（书记和支委带头）; exact ordering is an inference",
)
def crit_lead_order(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Leaders going first sets the level of candour for everyone after them."""
    statements = sorted(m.critique.statements, key=lambda s: s.order)
    if not statements:
        ctx.not_applicable()
    first = m.member(statements[0].member_id)
    if not (first.has(Role.SECRETARY) or (first.is_leading_cadre and first.dual_membership)):
        yield ctx.finding(
            "critique.statements",
            members=[first.id],
            problem_zh=f"首先发言的是 {ctx.name(first.id)}，不是书记或领导干部。",
            problem_en=f"{ctx.name(first.id)} spoke first, not the secretary or a leading cadre.",
        )
    lead_ids = {x.id for x in leaders(m)}
    seen_ordinary = None
    late = []
    for s in statements:
        if s.member_id in lead_ids:
            if seen_ordinary is not None:
                late.append(s.member_id)
        elif seen_ordinary is None:
            seen_ordinary = s.member_id
    if late:
        yield ctx.finding(
            "critique.statements",
            members=late,
            problem_zh=f"{ctx.names(late)} 在普通党员之后才发言，未起带头作用。",
            problem_en=f"{ctx.names(late)} spoke after ordinary members instead of leading.",
        )


def _real(m: Meeting) -> list[tuple[str, str]]:
    return [
        (c.from_member, c.to_member)
        for c in m.critique.criticisms
        if c.kind is CriticismKind.PROBLEM
    ]


@rule(
    "CRIT-RECEIVE-EACH",
    stage=_C,
    title={"zh": "人人接受批评", "en": "Everyone receives criticism"},
    message={
        "zh": "{who} 没有收到其他党员指出具体问题的批评。",
        "en": "No problem-kind criticism received from another member: {who}.",
    },
    hint={
        "zh": "其他党员对每名发言人分别提出批评意见，点到具体人具体事。",
        "en": "Other members criticise each speaker, naming concrete people and facts.",
    },
    basis="common practice (其他参会人员依次提出意见)",
)
def crit_receive_each(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Self-criticism alone lets people pick their own faults."""
    got = {to for _, to in _real(m)}
    missing = [i for i in present_ids(m, ctx) if i not in got]
    if missing:
        yield ctx.finding("critique.criticisms", members=missing)


@rule(
    "CRIT-GIVE-EACH",
    stage=_C,
    severity=Severity.WARNING,
    title={"zh": "人人提出批评", "en": "Everyone gives criticism"},
    message={
        "zh": "{who} 没有对其他党员提出指出具体问题的批评。",
        "en": "No problem-kind criticism given to another member: {who}.",
    },
    hint={
        "zh": "每名党员都要开展相互批评。",
        "en": "Every member takes part in mutual criticism.",
    },
    basis="2019年主题教育专题组织生活会程序（其他党员互相开展批评）",
)
def crit_give_each(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Silence in mutual criticism is the quiet form of 好人主义."""
    gave = {fr for fr, _ in _real(m)}
    missing = [i for i in present_ids(m, ctx) if i not in gave]
    if missing:
        yield ctx.finding("critique.criticisms", members=missing)


@rule(
    "CRIT-SUBSTANTIVE",
    stage=_C,
    title={"zh": "批评要具体（防止老好人）", "en": "Criticism is substantive (no nice-guyism)"},
    message={
        "zh": "{giver} 对 {receiver} 的意见属于「{kind}」，不是指出具体问题的批评（老好人）。",
        "en": "What {giver} said to {receiver} is {kind}, not criticism of a concrete problem"
        " (nice-guyism).",
    },
    hint={
        "zh": "批评要联系具体人具体事，不能以表扬、希望、建议代替批评。",
        "en": "Criticise concrete people and facts; praise, hopes and suggestions are not"
        " criticism.",
    },
    basis="2014年中央教育实践活动领导小组通知（点到具体人具体事）; 中国组织人事报《警惕八种伪批评》",
)
def crit_substantive(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The host classifies each criticism; the library only adds phrase hints as warnings.

    Non-problem remarks are errors on record (what was said was said) but do not block:
    CRIT-RECEIVE-EACH blocks until every member has received real criticism.
    """
    kinds_zh = {"praise": "表扬", "hope": "希望", "suggestion": "建议", "vague": "泛泛而谈"}
    if not m.critique.criticisms:
        ctx.not_applicable()
    for i, c in enumerate(m.critique.criticisms):
        path = f"critique.criticisms[{i}]"
        giver, receiver = ctx.name(c.from_member), ctx.name(c.to_member)
        pair = [c.from_member, c.to_member]
        if c.kind is not CriticismKind.PROBLEM:
            yield ctx.finding(
                path,
                members=pair,
                repairable=False,
                zh=f"{giver} 对 {receiver} 的意见属于「{kinds_zh[c.kind.value]}」，"
                "不是指出具体问题的批评（老好人）。",
                en=f"What {giver} said to {receiver} is {c.kind.value}, not criticism of a"
                " concrete problem (nice-guyism).",
            )
            continue
        hits = [p for p in DISGUISED_PRAISE_PHRASES if p in c.text]
        if hits:
            yield ctx.finding(
                f"{path}.text",
                members=pair,
                severity=Severity.WARNING,
                zh=f"{giver} 对 {receiver} 的批评含有「{'、'.join(hits)}」，"
                "可能是明贬暗褒；请确认分类。",
                en=f"The criticism from {giver} to {receiver} contains {', '.join(hits)}, a"
                " common phrase of disguised praise; check the classification.",
            )


@rule(
    "CRIT-CADRE-EQUAL",
    stage=_C,
    title={"zh": "领导干部平等批评", "en": "Cadres criticised like anyone"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "领导干部与普通党员一样提出并接受指出具体问题的批评。",
        "en": "Leading cadres give and receive problem-kind criticism like ordinary members.",
    },
    basis="《中国共产党章程》第八条（不允许有任何…特殊党员）",
)
def crit_cadre_equal(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Rank must not buy immunity from criticism."""
    here = set(present_ids(m, ctx))
    present_cadres = [x.id for x in m.roster if x.is_leading_cadre and x.id in here]
    if not present_cadres:
        ctx.not_applicable()
    real = _real(m)
    gave = {fr for fr, _ in real}
    got = {to for _, to in real}
    not_got = [c for c in present_cadres if c not in got]
    not_gave = [c for c in present_cadres if c not in gave]
    if not_got:
        yield ctx.finding(
            "critique.criticisms",
            members=not_got,
            problem_zh=f"领导干部 {ctx.names(not_got)} 没有收到具体问题的批评。",
            problem_en=f"Leading cadres {ctx.names(not_got)} received no problem-kind criticism.",
        )
    if not_gave:
        yield ctx.finding(
            "critique.criticisms",
            members=not_gave,
            problem_zh=f"领导干部 {ctx.names(not_gave)} 没有提出具体问题的批评。",
            problem_en=f"Leading cadres {ctx.names(not_gave)} gave no problem-kind criticism.",
        )


@rule(
    "CRIT-RESPONSE",
    stage=_C,
    severity=Severity.WARNING,
    title={"zh": "被批评者表态", "en": "Criticised members respond"},
    message={
        "zh": "{who} 未对收到的批评表态。",
        "en": "No response (表态) to criticism from: {who}.",
    },
    hint={
        "zh": "作对照检查的参会人员对批评意见进行表态。",
        "en": "Each criticised member states a position on the criticism received.",
    },
    basis="common practice (作对照检查的参会人员进行表态)",
)
def crit_response(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A response turns criticism heard into criticism accepted."""
    criticised = list(dict.fromkeys(c.to_member for c in m.critique.criticisms))
    if not criticised:
        ctx.not_applicable()
    answered = {r.member_id for r in m.critique.responses}
    missing = [i for i in criticised if i not in answered]
    if missing:
        yield ctx.finding("critique.responses", members=missing)


@rule(
    "CRIT-SUPERIOR-COMMENT",
    stage=_C,
    severity=Severity.WARNING,
    title={"zh": "上级点评", "en": "Superior's commentary"},
    message={
        "zh": "上级人员列席了会议，但没有记录点评。",
        "en": "A superior representative attended but no commentary is recorded.",
    },
    hint={"zh": "记录上级领导的点评。", "en": "Record the superior representative's commentary."},
    basis="2019年主题教育专题组织生活会程序（上级党组织负责同志进行点评）",
)
def crit_superior_comment(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The commentary is the guidance the superior came to give."""
    s = m.review.session
    if s is None or not any(m.supervisor(p) is not None for p in s.observer_ids):
        ctx.not_applicable()
    if not m.critique.superior_comments:
        yield ctx.finding("critique.superior_comments")


@rule(
    "CRIT-UNITY-ATTEST",
    stage=_C,
    title={"zh": "团结—批评—团结", "en": "Unity–criticism–unity attested"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "由主持人或上级人员确认会议遵循团结—批评—团结方针且无打击报复，并记录确认人和日期。",
        "en": "The chair or a supervisor attests that the sitting followed unity–criticism–unity"
        " and no retaliation occurred; record who and when.",
    },
    basis="common practice (遵循“团结—批评与自我批评—团结”的方针；不许打击报复)",
)
def crit_unity_attest(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The library cannot judge the spirit of a sitting; a named person must vouch for it."""
    a = m.critique.unity_attestation
    if a is None:
        yield ctx.finding(
            "critique.unity_attestation",
            problem_zh="缺少团结—批评—团结的确认。",
            problem_en="No one has attested unity–criticism–unity.",
        )
        return
    chair = m.review.session.chair_id if m.review.session else None
    if a.by_id != chair and m.supervisor(a.by_id) is None:
        yield ctx.finding(
            "critique.unity_attestation.by_id",
            members=[a.by_id],
            problem_zh=f"确认人 {ctx.name(a.by_id)} 既不是主持人也不是上级人员。",
            problem_en=f"{ctx.name(a.by_id)} attested but is neither the chair nor a supervisor.",
        )


RULES = (
    crit_all_speak,
    crit_lead_order,
    crit_receive_each,
    crit_give_each,
    crit_substantive,
    crit_cadre_equal,
    crit_response,
    crit_superior_comment,
    crit_unity_attest,
)
