"""How the meeting went, told from the record: the first section of the report to the superior.

One sentence per fact the record holds — the notice, the plan and its approval, study,
opinions, talks, problems and materials, the committee's session, spot checks, a redo, the
sitting, self-examinations, criticism, the superior's commentary, the appraisal, rectification —
and nothing the record does not hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from meetingflow.documents.common import NOBODY, T, day, listing, person
from meetingflow.extensions import appraisal
from meetingflow.i18n import Text
from meetingflow.records.terms import CriticismKind, ItemState, OpinionSource, Presence
from meetingflow.rules.facts import item_facts, presence

if TYPE_CHECKING:
    from meetingflow.records import Meeting

__all__ = ["narrate"]


class R:
    """The sentences of the process section."""

    notice = Text(
        "{on}，{issuer} 印发《{title}》，明确时间表和路线图。",
        "On {on}, {issuer} issued “{title}” with a timetable.",
    )
    plan = Text("{on}，支部制定会议方案。", "On {on}, the branch drafted the meeting plan.")
    approved = Text("方案经 {who} 于 {on} 审核同意。", "{who} approved the plan on {on}.")
    study = Text(
        "会前集中学习 {count} 次，共 {hours} 小时。",
        "{count} collective study {count:session|sessions} before the meeting, {hours} hours in all.",
    )
    opinions = Text(
        "征求意见 {count} 条（党内 {inside} 条，党外和群众 {outside} 条）。",
        "{count} {count:opinion|opinions} solicited ({inside} inside the Party, {outside} outside it).",
    )
    talks = Text("开展谈心谈话 {count} 人次。", "{count} heart-to-heart {count:talk|talks}.")
    materials = Text(
        "查摆问题 {problems} 项，撰写对照检查材料和发言提纲 {materials} 份，经审核 {reviews} 份次。",
        "{problems} {problems:problem|problems} identified; {materials} {materials:material|materials}"
        " written, reviewed {reviews} {reviews:time|times}.",
    )
    committee = Text(
        "{on}，支委会先行召开并对照检查。", "On {on}, the committee met first and examined itself."
    )
    spot = Text("{who} 于 {on} 抽查指导会前准备。", "{who} spot-checked the preparation on {on}.")
    sitting = Text(
        "{held}，在{venue}以{form}形式召开会议，{chair}主持，应到 {expected} 人，实到 {present} 人；{observers}列席指导。",
        "On {held} the sitting was held at {venue} as a {form}, chaired by {chair}; {present} of {expected}"
        " expected members attended; {observers} attended to guide.",
    )
    review = Text(
        "支部书记报告工作，{count} 名党员逐一检视剖析。",
        "The secretary reported the branch's work; {count} {count:member|members} examined themselves in turn.",
    )
    critique = Text(
        "开展批评与自我批评，自我批评 {statements} 人次，相互批评 {criticisms} 条（指出具体问题 {problems} 条），表态 {responses} 人次。",
        "In criticism and self-criticism, {statements} self-{statements:criticism|criticisms}, {criticisms}"
        " {criticisms:remark|remarks} to others ({problems} naming concrete problems) and {responses}"
        " {responses:response|responses}.",
    )
    comment = Text("{who} 作点评。", "{who} commented.")
    redo = Text(
        "{on}，上级党组织责令重新召开（{reason}）。",
        "On {on}, the superior ordered the sitting redone ({reason}).",
    )
    appraisal = Text(
        "结合会议开展民主评议党员，评定{grades}。",
        "Members were appraised with the meeting; grades: {grades}.",
    )
    grade_count = Text("{grade} {count} 名", "{grade}: {count}")
    rectification = Text(
        "会后列出整改事项 {count} 项，已销号 {closed} 项，长期坚持 {long_term} 项。",
        "After the sitting, {count} rectification {count:item|items} were listed; {closed} closed, {long_term} long-term.",
    )


def narrate(m: Meeting) -> Iterator[Text]:
    """The process section, one sentence per recorded fact, in the order things happened."""
    prep, review, crit = m.preparation, m.review, m.critique
    if prep.notice is not None:
        n = prep.notice
        yield R.notice.format(on=day(n.issued_on), issuer=n.issuer_org, title=n.title or T.dash)
    if prep.plan is not None:
        yield R.plan.format(on=day(prep.plan.drafted_on))
    if prep.plan_approval is not None:
        a = prep.plan_approval
        yield R.approved.format(who=person(m, a.approved_by).label, on=day(a.approved_on))
    if prep.study_sessions:
        hours = sum(s.hours for s in prep.study_sessions)
        yield R.study.format(count=len(prep.study_sessions), hours=f"{hours:g}")
    if prep.opinions:
        inside = sum(1 for o in prep.opinions if o.source_kind is OpinionSource.INSIDE_PARTY)
        yield R.opinions.format(
            count=len(prep.opinions), inside=inside, outside=len(prep.opinions) - inside
        )
    if prep.talks:
        yield R.talks.format(count=len(prep.talks))
    if prep.problems or prep.materials:
        yield R.materials.format(
            problems=len(prep.problems),
            materials=len(prep.materials),
            reviews=len(prep.material_reviews),
        )
    if prep.committee_session is not None:
        yield R.committee.format(on=day(prep.committee_session.held_on))
    for s in prep.spot_checks:
        yield R.spot.format(who=person(m, s.by_id).label, on=day(s.on))
    for old in m.redone_sessions:
        yield R.redo.format(on=day(old.order.on), reason=old.order.reason)
    session = review.session
    if session is not None:
        where = presence(m)
        yield R.sitting.format(
            held=day(session.held_on),
            venue=session.venue or T.dash,
            form=session.form.label if session.form else T.dash,
            chair=person(m, session.chair_id).label if session.chair_id else NOBODY.label,
            expected=len(where),
            present=sum(1 for p in where.values() if p is Presence.PRESENT),
            observers=listing(person(m, i).label for i in session.observer_ids),
        )
    if review.self_examinations:
        yield R.review.format(count=len(review.self_examinations))
    if crit.statements or crit.criticisms:
        yield R.critique.format(
            statements=len(crit.statements),
            criticisms=len(crit.criticisms),
            problems=sum(1 for c in crit.criticisms if c.kind is CriticismKind.PROBLEM),
            responses=len(crit.responses),
        )
    for c in crit.superior_comments:
        yield R.comment.format(who=person(m, c.by_id).label)
    grades = appraisal.section(m).grades
    if grades:
        counted = [
            R.grade_count.format(grade=g.label, count=count)
            for g in appraisal.Grade
            if (count := sum(1 for x in grades if x.grade is g))
        ]
        yield R.appraisal.format(grades=counted)
    facts = item_facts(m)
    if facts:
        yield R.rectification.format(
            count=len(facts),
            closed=sum(1 for f in facts if f.state is ItemState.CLOSED),
            long_term=sum(1 for f in facts if f.state is ItemState.LONG_TERM),
        )
