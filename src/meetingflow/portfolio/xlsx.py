"""The figures as an .xlsx workbook, because party offices exchange spreadsheets.

Needs openpyxl (``pip install 'meetingflow[office]'``), imported only when a workbook is
written. Two sheets: the per-organization table (rolled up, indented by depth, with each
organization's id and parent for filtering) and each organization's own figures; numbers are
numbers, percentages are numbers with one decimal.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetingflow._errorbase import language
from meetingflow.errors import InvalidArgument, MissingExtra
from meetingflow.i18n import Text
from meetingflow.portfolio.tables import L, level_label

if TYPE_CHECKING:
    from meetingflow.portfolio.figures import Figures, PortfolioFigures

__all__ = ["HEADERS", "row", "write_xlsx"]

HEADERS: tuple[Text, ...] = (
    Text("编号", "id"), Text("上级编号", "parent id"), L.org, L.level, Text("范围内", "in scope"), Text("已召开", "held"),
    L.expected, L.present, L.on_leave, L.unexcused, L.exempt, L.attendance,
    L.found, L.verified, L.claimed, L.overdue, L.open_not_due, L.long_term, L.late_closed, L.closure_rate,
    L.talks, Text("二级党组织（范围内）", "secondary orgs in scope"), Text("已指导", "guided"), L.guidance,
    Text("优秀", "excellent"), Text("合格", "qualified"), Text("基本合格", "basically qualified"), Text("不合格", "unqualified"),
    Text("未评定", "ungraded"),
)  # fmt: skip
"""The columns, in order."""

_SHEETS = (Text("汇总", "rolled up"), Text("本级", "own"))
_NEEDS = Text(
    "导出 .xlsx 需要 openpyxl：pip install 'meetingflow[office]'",
    "writing .xlsx needs openpyxl: pip install 'meetingflow[office]'",
)


def row(org_id: str, parent: str | None, f: Figures, lang: str, depth: int = 0) -> list[Any]:
    """One organization's cells (numbers as numbers; a percentage with nothing to divide by is empty)."""
    a, p, o, g, gr = f.attendance, f.problems, f.organizations, f.guidance, f.grades
    return [
        org_id, parent or "", "  " * depth + f.name, level_label(f.level).in_(lang), o.in_scope, o.held,
        a.expected, a.present, a.on_leave, a.unexcused, a.exempt, a.percent,
        p.found, p.closed_verified, p.closed_claimed, p.overdue, p.open_not_due, p.long_term, p.overdue_then_closed, p.closure_rate,
        f.talks, g.in_scope, g.covered, g.percent,
        gr.excellent, gr.qualified, gr.basically_qualified, gr.unqualified, gr.ungraded,
    ]  # fmt: skip


def write_xlsx(figures: PortfolioFigures, path: str | Path, *, lang: str = "zh") -> Path:
    """Write ``figures`` to ``path`` as a workbook; raises InvalidArgument without openpyxl."""
    lang = language(lang)
    try:
        from openpyxl import Workbook  # noqa: PLC0415
        from openpyxl.styles import Font  # noqa: PLC0415
    except ImportError:
        raise MissingExtra(_NEEDS) from None
    book = Workbook()
    sheets = [book.active, book.create_sheet()]
    for sheet, title, source in zip(sheets, _SHEETS, (figures.rolled, figures.own), strict=True):
        assert sheet is not None
        sheet.title = title.in_(lang)
        sheet.append([h.in_(lang) for h in HEADERS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for o in figures.order:
            sheet.append(row(o, figures.parents[o], source[o], lang, figures.depth[o]))
        if source is figures.rolled:
            total = row(figures.portfolio_id, None, figures.total, lang)
            total[2] = L.total.in_(lang)
            sheet.append(total)
        sheet.freeze_panes = "C2"
        sheet.column_dimensions["C"].width = 28
    target = Path(path)
    try:
        book.save(target)
    except OSError as error:
        raise InvalidArgument(
            Text(f"无法写入 {target}：{error.strerror}", f"cannot write {target}: {error.strerror}")
        ) from None
    return target
