"""The figures as a person reads them: the headline sentence and the per-organization table.

Every label is a :class:`~meetingflow.i18n.Text` in the module's table :class:`L`; a value
with nothing to divide by shows as ``—``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from meetingflow._errorbase import InvalidArgument, language
from meetingflow.i18n import Messages, Text


class PortfolioFigures(Protocol):
    """What the table reads of :class:`meetingflow.portfolio.figures.PortfolioFigures`
    (described here, not imported: the figures module renders through this one)."""

    @property
    def at(self) -> datetime: ...
    @property
    def order(self) -> tuple[str, ...]: ...
    @property
    def depth(self) -> Mapping[str, int]: ...
    @property
    def own(self) -> Mapping[str, Any]: ...
    @property
    def rolled(self) -> Mapping[str, Any]: ...
    @property
    def total(self) -> Any: ...


Figures = Any
"""One organization's figures (:class:`meetingflow.portfolio.figures.Figures`)."""

__all__ = ["COLUMNS", "L", "cells", "headline", "level_label", "pct", "table"]


class L:
    """The texts of the figures."""

    headline = Text(
        "截至 {day}：{held} 个党组织召开了组织生活会（范围内 {in_scope} 个，{held_pct}），"
        "{present} 名党员参会（出席率 {att_pct}），解决问题 {solved} 个（整改完成率 {rate}），"
        "指导覆盖 {covered}/{secondary} 个二级党组织（{cov_pct}）。",
        "As of {day}: {held} party {held:organization|organizations} held the meeting ({in_scope} in scope, {held_pct}),"
        " {present} {present:member|members} took part (attendance {att_pct}), {solved} {solved:problem was|problems were} solved"
        " (closure rate {rate}), guidance covered {covered} of {secondary} secondary organizations ({cov_pct}).",
    )
    all_covered = Text("指导实现全覆盖。", "Guidance covered every secondary organization.")
    org = Text("党组织", "organization")
    level = Text("层级", "level")
    scope_held = Text("已召开/范围内", "held / in scope")
    expected = Text("应到", "expected")
    present = Text("实到", "present")
    on_leave = Text("请假", "on leave")
    unexcused = Text("无故缺席", "unexcused")
    exempt = Text("免于参加", "exempt")
    attendance = Text("出席率", "attendance")
    found = Text("查摆问题", "problems")
    verified = Text("已核验销号", "closed (verified)")
    claimed = Text("已报完成", "closed (claimed)")
    overdue = Text("逾期", "overdue")
    open_not_due = Text("未到期", "open, not due")
    long_term = Text("长期坚持", "long-term")
    late_closed = Text("逾期后完成", "closed late")
    closure_rate = Text("整改完成率", "closure rate")
    talks = Text("谈心谈话", "talks")
    guidance = Text("指导覆盖", "guidance")
    total = Text("合计", "total")
    none = Text("—", "—")
    campaign = Text("运动：{campaign}", "Campaign: {campaign}")
    grades = Text(
        "评议等次（优秀/合格/基本合格/不合格/未评定）",
        "grades (excellent/qualified/basically/unqualified/ungraded)",
    )
    by_year = Text("各年度召开的组织生活会", "meetings held by year")


LEVELS: dict[str, Text] = {
    "group_committee": Text("集团党委", "group committee"),
    "secondary_org": Text("二级党组织", "secondary org"),
    "branch": Text("党支部", "branch"),
    "party_group": Text("党小组", "party group"),
    "portfolio": Text("全部", "all"),
}


def level_label(level: str) -> Text:
    """The level's short label."""
    return LEVELS.get(level, Text(level, level))


def pct(value: float | None) -> str:
    """``98.5%`` or ``—``."""
    return "—" if value is None else f"{value:.1f}%"


def headline(f: PortfolioFigures, lang: str) -> str:
    """The source document's sentence, from the total."""
    t = f.total
    line = L.headline.render(
        lang,
        day=f.at.date().isoformat(),
        held=t.organizations.held,
        in_scope=t.organizations.in_scope,
        held_pct=pct(t.organizations.percent),
        present=t.attendance.present,
        att_pct=pct(t.attendance.percent),
        solved=t.problems.closed_verified,
        rate=pct(t.problems.closure_rate),
        covered=t.guidance.covered,
        secondary=t.guidance.in_scope,
        cov_pct=pct(t.guidance.percent),
    )
    if t.guidance.in_scope and t.guidance.covered == t.guidance.in_scope:
        line += " " + L.all_covered.in_(lang)
    return line


COLUMNS: tuple[Text, ...] = (
    L.org, L.level, L.scope_held, L.expected, L.present, L.on_leave, L.unexcused, L.attendance,
    L.found, L.verified, L.overdue, L.long_term, L.closure_rate, L.talks, L.guidance,
)  # fmt: skip


def cells(x: Figures, lang: str, indent: int = 0) -> list[str]:
    """One row of the table."""
    a, pr, o, g = x.attendance, x.problems, x.organizations, x.guidance
    return [
        "\u3000" * indent + x.name,
        level_label(x.level).in_(lang),
        f"{o.held}/{o.in_scope}" if o.in_scope else "—",
        str(a.expected), str(a.present), str(a.on_leave), str(a.unexcused), pct(a.percent),
        str(pr.found), str(pr.closed_verified), str(pr.overdue), str(pr.long_term), pct(pr.closure_rate),
        str(x.talks),
        f"{g.covered}/{g.in_scope}" if g.in_scope else "—",
    ]  # fmt: skip


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def table(f: PortfolioFigures, lang: str, format: str = "markdown", *, rolled: bool = True) -> str:
    """Every organization (indented by depth) and the total, in ``lang``."""
    lang = language(lang)
    if format not in ("markdown", "text"):
        raise InvalidArgument(
            Messages.unknown_format.format(got=repr(format)[:40], known="markdown, text")
        )
    source = f.rolled if rolled else f.own
    head = [c.in_(lang) for c in COLUMNS]
    rows = [cells(source[o], lang, f.depth[o]) for o in f.order]
    rows.append(cells(f.total, lang))
    rows[-1][0] = L.total.in_(lang)
    if format == "markdown":
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(r: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)).rstrip()

    return "\n".join([line(head), *(line(r) for r in rows)])
