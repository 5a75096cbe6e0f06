"""Review-stage rules (会中检视剖析, RULES.md §2.2) and attendance and role rules (§2.6)."""

from __future__ import annotations

from collections.abc import Iterator

from meetingflow.records import Meeting, MemberStatus, Presence, Role, SessionForm, SpeakingMode
from meetingflow.rules._core import Finding, RuleContext, Severity, rule
from meetingflow.rules.builtin._helpers import (
    REGULATION,
    approved_leave,
    cadres,
    expected,
    has_committee,
    presence,
    present_ids,
    secretary,
)
from meetingflow.rules.builtin._helpers import aspects as _aspects

_R = "review"


@rule(
    "REV-FORM",
    stage=_R,
    gate="entry",
    title={"zh": "会议形式", "en": "Form of the meeting"},
    message={
        "zh": "尚未记录会议（形式、日期、主持人、记录人）。",
        "en": "The sitting (form, date, chair, recorder) has not been recorded.",
    },
    hint={
        "zh": "记录会议：以党员大会、支委会或党小组会形式召开。",
        "en": "Record the sitting, held as a general meeting, committee meeting or group meeting.",
    },
    basis=f"{REGULATION}第十七条（以党员大会、支委会或党小组会形式召开）",
)
def rev_form(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Only the three regulated forms count as an organizational life meeting."""
    if m.review.session is None:
        yield ctx.finding("review.session")


@rule(
    "REV-QUORUM",
    stage=_R,
    gate="entry",
    title={"zh": "到会人数", "en": "Quorum"},
    message={
        "zh": "到会正式党员 {present} 人，未超过应到正式党员 {expected} 人的规定比例。",
        "en": "{present} full members present, not more than the required share of the"
        " {expected} expected.",
    },
    hint={
        "zh": "记录出席情况；到会正式党员须超过应到（不含免于参加者）正式党员的半数。",
        "en": "Record attendance; present full members must exceed half of the non-exempt"
        " full members.",
    },
    basis=f"{REGULATION}第十一条（半数以上有表决权的党员到会）; applied to 组织生活会 by inference",
    reads=("quorum_ratio",),
)
def rev_quorum(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A sitting attended by a minority cannot speak for the branch."""
    full = [x for x in expected(m) if x.status is MemberStatus.FULL]
    here = set(present_ids(m, ctx))
    present = sum(1 for x in full if x.id in here)
    if present <= ctx.settings.quorum_ratio * len(full):
        yield ctx.finding("review.attendance", present=present, expected=len(full))


@rule(
    "REV-HOST",
    stage=_R,
    gate="entry",
    severity=Severity.WARNING,
    title={"zh": "主持人", "en": "Chair"},
    message={
        "zh": "会议由 {who} 主持，而非支部书记（党小组会为组长）。",
        "en": "{who} chairs the sitting instead of the branch secretary (group leader for a"
        " group meeting).",
    },
    hint={
        "zh": "原则上由支部书记主持；党小组会由党小组组长主持。",
        "en": "The branch secretary chairs as a rule; a group leader chairs a group meeting.",
    },
    basis="common practice (组织生活会制度：原则上由党支部书记主持)",
)
def rev_host(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The secretary answers for the meeting, so the secretary runs it."""
    s = m.review.session
    if s is None:
        ctx.not_applicable()
    if s.chair_id is None:
        yield ctx.finding("review.session.chair_id", who="—")
        return
    chair = m.member(s.chair_id)
    wanted = Role.GROUP_LEADER if s.form is SessionForm.GROUP_MEETING else Role.SECRETARY
    if wanted not in chair.roles:
        yield ctx.finding("review.session.chair_id", members=[chair.id])


@rule(
    "REV-RECORDER",
    stage=_R,
    gate="entry",
    title={"zh": "记录人", "en": "Recorder"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "指定到会的专人做会议记录。",
        "en": "Designate a present member to take the minutes.",
    },
    basis="common practice (要指定专人做好会议记录)",
)
def rev_recorder(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Minutes are the evidence of the sitting; someone present must own them."""
    s = m.review.session
    if s is None:
        ctx.not_applicable()
    if s.recorder_id is None:
        yield ctx.finding(
            "review.session.recorder_id",
            problem_zh="未指定记录人。",
            problem_en="No recorder was designated.",
        )
    elif presence(m, ctx).get(s.recorder_id) is not Presence.PRESENT:
        yield ctx.finding(
            "review.session.recorder_id",
            members=[s.recorder_id],
            problem_zh=f"记录人 {ctx.name(s.recorder_id)} 未到会。",
            problem_en=f"The recorder {ctx.name(s.recorder_id)} is not present.",
        )


@rule(
    "REV-BRANCH-REPORT",
    stage=_R,
    title={"zh": "通报支部工作", "en": "Branch report"},
    message={
        "zh": "支部书记未报告支部工作和支委会对照检查情况。",
        "en": "The secretary has not reported the branch's work and the committee's"
        " self-inspection.",
    },
    hint={
        "zh": "由书记在会上报告工作并通报支委会对照检查情况，并记录。",
        "en": "Have the secretary give the report at the sitting, and record it.",
    },
    basis="common practice (报告工作情况，通报支委会对照检查情况)",
)
def rev_branch_report(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Members judge the committee by what it reports of itself."""
    r = m.review.branch_report
    sec = secretary(m)
    chair = m.review.session.chair_id if m.review.session else None
    if r is None or r.presented_by not in {sec.id if sec else None, chair}:
        yield ctx.finding("review.branch_report")


@rule(
    "REV-PREV-RECTIFICATION",
    stage=_R,
    title={"zh": "上次整改情况", "en": "Previous rectification"},
    message={
        "zh": "未逐项报告上次组织生活会（{previous}）的整改落实情况。",
        "en": "The previous meeting's ({previous}) rectification was not reported item by item.",
    },
    hint={
        "zh": "会上逐项通报上次会议问题的整改情况，列出各项编号。",
        "en": "Report each item of the previous meeting's rectification, listing the items.",
    },
    basis="common practice (通报上年度组织生活会整改措施落实情况；逐项报告)",
)
def rev_prev_rectification(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """A meeting that forgets last year's promises makes promises cheap."""
    prev = m.review.previous_meeting_id
    if prev is None:
        ctx.not_applicable()
    r = m.review.previous_rectification_report
    if r is None or not r.item_ids:
        yield ctx.finding("review.previous_rectification_report", previous=prev)


@rule(
    "REV-SELF-EXAM-ALL",
    stage=_R,
    title={"zh": "逐一检视剖析", "en": "Every member examines himself or herself"},
    message={
        "zh": "{who} 尚未作检视剖析发言。",
        "en": "No self-examination statement yet from: {who}.",
    },
    hint={
        "zh": "每名到会党员逐一发言；请假党员的书面发言提纲由他人代读（mode=written_proxy）。",
        "en": "Every present member speaks in turn; a member on leave has a written outline"
        " read by a proxy (mode=written_proxy).",
    },
    basis="source document（逐一发言）; common practice",
)
def rev_self_exam_all(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Self-examination is the core of the sitting; nobody is excused from it."""
    done = {x.member_id: x for x in m.review.self_examinations}
    missing = []
    for member_id, p in presence(m, ctx).items():
        exam = done.get(member_id)
        if (p is Presence.PRESENT and exam is None) or (
            p is Presence.ON_LEAVE
            and (
                exam is None or exam.mode is not SpeakingMode.WRITTEN_PROXY or exam.proxy_id is None
            )
        ):
            missing.append(member_id)
    if missing:
        yield ctx.finding("review.self_examinations", members=missing)


@rule(
    "REV-ASPECTS-COVERED",
    stage=_R,
    title={"zh": "检视覆盖规定方面", "en": "Self-examination covers every aspect"},
    message={
        "zh": "{who} 的检视剖析未涵盖：{missing}。",
        "en": "The self-examination of {who} does not cover: {missing}.",
    },
    hint={
        "zh": "从规定的各个方面检视问题、进行党性分析。",
        "en": "Examine every aspect the campaign sets.",
    },
    basis="source document（从规定的四个方面进行检视问题、党性分析）",
    reads=("aspects",),
)
def rev_aspects_covered(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """As with materials: every aspect, not just the comfortable ones."""
    if not m.review.self_examinations:
        ctx.not_applicable()
    required = _aspects(m, ctx)
    for i, s in enumerate(m.review.self_examinations):
        missing = [a for a in required if a not in s.aspects]
        if missing:
            yield ctx.finding(
                f"review.self_examinations[{i}].aspects",
                members=[s.member_id],
                missing=", ".join(missing),
            )


@rule(
    "REV-SUPERIOR-PRESENT",
    stage=_R,
    severity=Severity.WARNING,
    title={"zh": "上级列席指导", "en": "Superior attends"},
    message={
        "zh": "没有上级党组织人员列席指导。",
        "en": "No representative of the superior organization attends to guide.",
    },
    hint={
        "zh": "邀请上级党组织（指导组）人员列席，并记录在 observer_ids 中。",
        "en": "Invite a superior representative (guidance group) and record them in observer_ids.",
    },
    basis="common practice (上级党组织领导班子成员要参加下级党组织组织生活会)",
)
def rev_superior_present(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Guidance in the room keeps the sitting from becoming a formality."""
    s = m.review.session
    if s is None:
        ctx.not_applicable()
    if not any(m.supervisor(p) is not None for p in s.observer_ids):
        yield ctx.finding("review.session.observer_ids")


# --- attendance ---------------------------------------------------------------------------


def _missing_leave(m: Meeting, ctx: RuleContext) -> list[str]:
    ok = approved_leave(m, ctx)
    return [i for i, p in presence(m, ctx).items() if p is not Presence.PRESENT and i not in ok]


@rule(
    "ATT-LEAVE-APPROVED",
    stage=_R,
    title={"zh": "请假须经批准", "en": "Leave approved"},
    message={
        "zh": "{who} 缺席，但没有在会前经支部书记批准的请假。",
        "en": "Absent without leave approved by the secretary before the sitting: {who}.",
    },
    hint={
        "zh": "因故不能参加须提前向支部书记请假，并记录批准人和日期。",
        "en": "A member who cannot attend asks the secretary for leave in advance; record"
        " who approved it and when.",
    },
    basis="common practice (因病、因事不能参加组织生活，都要提前向党支部书记请假)",
)
def att_leave_approved(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Leave is granted before, not explained after; so a finding here cannot be repaired."""
    missing = _missing_leave(m, ctx)
    if not any(p is not Presence.PRESENT for p in presence(m, ctx).values()):
        ctx.not_applicable()
    if missing:
        yield ctx.finding("review.leave_requests", members=missing, repairable=False)


@rule(
    "ATT-LEAVE-WRITTEN",
    stage=_R,
    title={"zh": "书面发言提纲", "en": "Written outline when on leave"},
    message={
        "zh": "请假的 {who} 没有由他人代读的书面发言提纲。",
        "en": "On leave without a written outline read out by a proxy: {who}.",
    },
    hint={
        "zh": "请假党员须写出书面发言提纲（speech_outline），并委托到会党员在会上宣读（proxy_reader_id）。",
        "en": "A member on leave writes a speech outline and names a present member to read it"
        " (proxy_reader_id).",
    },
    basis="common practice (不能参加组织生活会的党员，必须写出书面发言提纲，并委托他人在会上宣读)",
)
def att_leave_written(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Leave excuses presence, not self-examination."""
    on_leave = [i for i, p in presence(m, ctx).items() if p is Presence.ON_LEAVE]
    if not on_leave:
        ctx.not_applicable()
    here = set(present_ids(m, ctx))
    read = {
        x.author_id
        for x in m.preparation.materials
        if x.proxy_reader_id is not None and x.proxy_reader_id in here
    }
    missing = [i for i in on_leave if i not in read]
    if missing:
        yield ctx.finding("preparation.materials", members=missing)


@rule(
    "ATT-UNEXCUSED",
    stage=_R,
    title={"zh": "无故缺席", "en": "Unexcused absence"},
    message={"zh": "{who} 无故缺席。", "en": "Absent without excuse: {who}."},
    hint={
        "zh": "记录在案；会后由支部谈话并安排补课。",
        "en": "It stays on record; talk with the member and arrange a make-up session.",
    },
    basis="common practice (无故缺席)",
)
def att_unexcused(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Recorded by name, because an unexcused absence is itself a matter of party discipline."""
    if not any(p is not Presence.PRESENT for p in presence(m, ctx).values()):
        ctx.not_applicable()
    missing = _missing_leave(m, ctx)
    if missing:
        yield ctx.finding("review.attendance", members=missing, repairable=False)


@rule(
    "ATT-EXEMPT",
    stage=_R,
    severity=Severity.WARNING,
    title={"zh": "免于参加者有联系人", "en": "Exempt members have a contact"},
    message={
        "zh": "免于参加组织生活的 {who} 没有指定联系人。",
        "en": "Exempt members without a designated contact: {who}.",
    },
    hint={
        "zh": "为长期病休等免于参加的党员指定一名党员负责联系。",
        "en": "Designate a member to keep in touch with each exempt member.",
    },
    basis="common practice (可暂不参加组织生活。党支部应指定党员负责联系)",
)
def att_exempt(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Exemption from attending is not exemption from the branch's care."""
    exempt = [x for x in m.roster if x.exemption is not None]
    if not exempt:
        ctx.not_applicable()
    lonely = [x.id for x in exempt if x.exemption is not None and x.exemption.contact_id is None]
    if lonely:
        yield ctx.finding("roster", members=lonely)


# --- roles ------------------------------------------------------------------------------------


@rule(
    "ROLE-DUAL-MEMBERSHIP",
    stage=_R,
    title={"zh": "双重组织生活", "en": "Dual organizational life"},
    message={"zh": "{problem_zh}", "en": "{problem_en}"},
    hint={
        "zh": "领导干部以普通党员身份参加所在支部的组织生活会，或经批准请假；登记双重组织生活。",
        "en": "A leading cadre attends his or her own branch as an ordinary member, or has"
        " approved leave; register the dual membership.",
    },
    basis="《中国共产党章程》第八条；双重组织生活制度",
)
def role_dual_membership(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """No cadre is too senior for branch life; the record proves it to the superior."""
    cs = cadres(m)
    if not cs:
        ctx.not_applicable()
    unregistered = [c.id for c in cs if not c.dual_membership]
    if unregistered:
        yield ctx.finding(
            "roster",
            members=unregistered,
            problem_zh=f"领导干部 {ctx.names(unregistered)} 未登记双重组织生活。",
            problem_en=f"Leading cadres {ctx.names(unregistered)} are not registered for dual"
            " membership.",
        )
    ok = approved_leave(m, ctx)
    where = presence(m, ctx)
    away = [
        c.id
        for c in cs
        if c.exemption is None and where.get(c.id) is not Presence.PRESENT and c.id not in ok
    ]
    if away:
        yield ctx.finding(
            "review.attendance",
            members=away,
            repairable=False,
            problem_zh=f"领导干部 {ctx.names(away)} 未参加所在支部组织生活会，也没有获批的请假。",
            problem_en=f"Leading cadres {ctx.names(away)} did not attend their branch's"
            " meeting and had no approved leave.",
        )


@rule(
    "ROLE-CADRE-AS-ORDINARY",
    stage=_R,
    gate="entry",
    title={"zh": "以普通党员身份参加", "en": "Cadres attend as ordinary members"},
    message={
        "zh": "领导干部 {who} 凭职务主持会议，但其不是本支部书记。",
        "en": "Leading cadre {who} chairs the sitting by rank without being the branch secretary.",
    },
    hint={
        "zh": "领导干部以普通党员身份参加，由支部书记主持。",
        "en": "The cadre attends as an ordinary member; the branch secretary chairs.",
    },
    basis="共产党员网党务问答：双重组织生活（以普通党员身份参加）",
)
def role_cadre_as_ordinary(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """Rank outside the branch confers no role inside it."""
    cs = {c.id: c for c in cadres(m)}
    s = m.review.session
    if not cs or s is None:
        ctx.not_applicable()
    chair = cs.get(s.chair_id or "")
    if chair is not None and not chair.has(Role.SECRETARY) and not chair.has(Role.GROUP_LEADER):
        yield ctx.finding("review.session.chair_id", members=[chair.id])


@rule(
    "ROLE-COMMITTEE-REQUIRED",
    stage=_R,
    severity=Severity.WARNING,
    title={"zh": "设立支委会", "en": "Committee required"},
    message={
        "zh": "支部有正式党员 {count} 人（≥{limit}），但未设立支部委员会。",
        "en": "The branch has {count} full members (≥{limit}) but no committee.",
    },
    hint={
        "zh": "正式党员7人以上的党支部应设立支委会；在名册中登记支委。",
        "en": "A branch with 7 or more full members sets up a committee; mark its members on"
        " the roster.",
    },
    basis="《中国共产党党和国家机关基层组织工作条例》第七条",
    reads=("committee_required_from",),
)
def role_committee_required(m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
    """The committee is what makes PREP-COMMITTEE-FIRST and the leading order possible."""
    count = sum(1 for x in m.roster if x.status is MemberStatus.FULL)
    limit = ctx.settings.committee_required_from
    if count >= limit and not has_committee(m):
        yield ctx.finding("roster", count=count, limit=limit)


RULES = (
    rev_form,
    rev_quorum,
    rev_host,
    rev_recorder,
    rev_branch_report,
    rev_prev_rectification,
    rev_self_exam_all,
    rev_aspects_covered,
    rev_superior_present,
    att_leave_approved,
    att_leave_written,
    att_unexcused,
    att_exempt,
    role_dual_membership,
    role_cadre_as_ordinary,
    role_committee_required,
)
