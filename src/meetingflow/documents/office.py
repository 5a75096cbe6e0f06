"""Word (.docx) and Excel (.xlsx): the files organizations exchange, behind the ``office`` extra.

python-docx and openpyxl are imported only here and only when a file is asked for (through
:func:`importlib.import_module`, so type checking does not need them either), so the core stays
free of them. Both files are A4 (landscape for wide lists), use Chinese fonts (宋体 for
text, 黑体 for headings), repeat table headers on every printed page, and are reproducible:
the same document gives the same bytes (no clock is read; dates come from the document).
"""

from __future__ import annotations

import importlib
import io
import zipfile
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, Final

from meetingflow.documents.layout import Fields, Heading, Items, Page, Para, Table
from meetingflow.errors import InvalidArgument, MissingExtra
from meetingflow.i18n import Text

if TYPE_CHECKING:
    from meetingflow.documents.layout import Block

__all__ = ["to_docx", "to_xlsx"]

BODY_FONT: Final = "宋体"
HEADING_FONT: Final = "黑体"
LATIN_FONT: Final = "Times New Roman"
_EPOCH: Final = date(1980, 1, 1)


class _T:
    language = Text("zh-CN", "en")
    missing = Text(
        "生成 .{fmt} 需要可选依赖：pip install 'meetingflow[office]'（缺少 {module}）。",
        "writing .{fmt} needs the office extra: pip install 'meetingflow[office]' (missing {module})",
    )
    xlsx_only = Text(
        "只有整改清单和待办事项可以导出为 .xlsx。",
        "only the rectification list and the to-do list can be written as .xlsx",
    )


def _module(name: str, fmt: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise MissingExtra(
            _T.missing.format(fmt=fmt, module=name.split(".", maxsplit=1)[0])
        ) from None


def _stable_zip(data: bytes, on: date) -> bytes:
    """The archive again with every entry dated ``on``: same document, same bytes."""
    day = max(on, _EPOCH)
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _moment(on: date) -> datetime:
    return datetime(on.year, on.month, on.day, tzinfo=timezone.utc)


# --- Word ---------------------------------------------------------------------------------------------


def _fonts(style_or_run: Any, east_asia: str, qn: Any) -> None:
    font = style_or_run.font
    font.name = LATIN_FONT
    rpr = style_or_run.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        rfonts.set(qn(attr), east_asia if attr == "w:eastAsia" else LATIN_FONT)
    rfonts.attrib.pop(qn("w:asciiTheme"), None)
    rfonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    rfonts.attrib.pop(qn("w:hAnsiTheme"), None)


def _lines(
    paragraph: Any, text: str, *, bold: bool = False, italic: bool = False, color: Any = None
) -> None:
    lines = text.split("\n")
    for n, line in enumerate(lines):
        r = paragraph.add_run(line)
        r.bold, r.italic = bold or None, italic or None
        if color is not None:
            r.font.color.rgb = color
        if n < len(lines) - 1:
            r.add_break()


def to_docx(page: Page) -> bytes:
    """``page`` as a Word document (python-docx)."""
    docx = _module("docx", "docx")
    WD_ORIENT = _module("docx.enum.section", "docx").WD_ORIENT  # noqa: N806 - the library's names
    WD_ALIGN_PARAGRAPH = _module("docx.enum.text", "docx").WD_ALIGN_PARAGRAPH  # noqa: N806
    qn = _module("docx.oxml.ns", "docx").qn
    shared = _module("docx.shared", "docx")
    Mm, Pt, RGBColor = shared.Mm, shared.Pt, shared.RGBColor  # noqa: N806

    doc = docx.Document()
    section = doc.sections[0]
    wide = page.landscape
    section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if wide else (Mm(210), Mm(297))
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15 if wide else 20))
    section.top_margin = section.bottom_margin = Mm(18)
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, qn)
    normal.font.size = Pt(11)
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        _fonts(style, HEADING_FONT, qn)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt({1: 18, 2: 14, 3: 12}[level])
    title = doc.add_paragraph(style="Heading 1")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _lines(title, page.title)
    if page.subtitle:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _lines(sub, page.subtitle, color=RGBColor(0x5F, 0x5F, 0x5F))
    usable = (section.page_width - section.left_margin - section.right_margin) or Mm(170)
    for block in page.blocks:
        _docx_block(
            doc,
            block,
            usable,
            qn=qn,
            WD_ALIGN_PARAGRAPH=WD_ALIGN_PARAGRAPH,
            Pt=Pt,
            RGBColor=RGBColor,
        )
    props = doc.core_properties
    props.title = page.title
    props.author = props.last_modified_by = "meetingflow"
    props.language = _T.language.in_(page.lang)
    stamp = page_date(page)
    props.created = props.modified = _moment(stamp)
    props.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return _stable_zip(out.getvalue(), stamp)


def _docx_block(doc: Any, block: Block, usable: int, **k: Any) -> None:
    center, right = k["WD_ALIGN_PARAGRAPH"].CENTER, k["WD_ALIGN_PARAGRAPH"].RIGHT
    if isinstance(block, Heading):
        p = doc.add_paragraph(style=f"Heading {min(block.level, 3)}")
        _lines(p, block.text)
    elif isinstance(block, Para):
        p = doc.add_paragraph()
        if block.kind == "closing":
            p.alignment = right
        elif block.kind == "":
            p.paragraph_format.first_line_indent = k["Pt"](22)
        italic = block.kind in ("note", "empty")
        _lines(p, block.text, italic=italic)
    elif isinstance(block, Fields):
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in block.rows:
            cells = table.add_row().cells
            _lines(cells[0].paragraphs[0], label, bold=True)
            _lines(cells[1].paragraphs[0], value)
        _widths(table, (1, 3), usable)
    elif isinstance(block, Table):
        _docx_table(doc, block, usable, k["qn"], center)
    elif isinstance(block, Items) and block.ordered:
        # numbers written out: Word's "List Number" style would run on from the previous list
        for n, entry in enumerate(block.entries, 1):
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = k["Pt"](22)
            p.paragraph_format.first_line_indent = k["Pt"](-16)
            _lines(p, f"{n}. {entry}")
    elif isinstance(block, Items):
        for entry in block.entries:
            _lines(doc.add_paragraph(style="List Bullet"), entry)
    else:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = k["Pt"](24)
        _lines(p, "        ".join(f"{label}______________" for label in block.labels))


def _widths(table: Any, widths: tuple[int, ...], usable: int) -> None:
    total = sum(widths) or 1
    table.autofit = False
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=False):
            cell.width = int(usable * w / total)


def _docx_table(doc: Any, block: Table, usable: int, qn: Any, center: Any) -> None:
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    header = table.rows[0]
    trpr = header._tr.get_or_add_trPr()
    repeat = trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    trpr.append(repeat)
    for cell, text in zip(header.cells, block.columns, strict=True):
        cell.paragraphs[0].alignment = center
        _lines(cell.paragraphs[0], text, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _lines(cell.paragraphs[0], text)
    if block.widths and len(block.widths) == len(block.columns):
        _widths(table, block.widths, usable)


# --- Excel ---------------------------------------------------------------------------------------------


def page_date(page: Page) -> date:
    """The date a file is stamped with: the page's own, else 1980-01-01 (the zip epoch)."""
    return page.dated or _EPOCH


def to_xlsx(page: Page) -> bytes:
    """``page``'s sheet as an Excel workbook (openpyxl): title, header, one row per line."""
    if page.sheet is None:
        raise InvalidArgument(_T.xlsx_only)
    openpyxl = _module("openpyxl", "xlsx")
    styles = _module("openpyxl.styles", "xlsx")
    Alignment, Border, Font, PatternFill, Side = (  # noqa: N806 - the library's names
        styles.Alignment,
        styles.Border,
        styles.Font,
        styles.PatternFill,
        styles.Side,
    )
    get_column_letter = _module("openpyxl.utils", "xlsx").get_column_letter
    DataValidation = _module("openpyxl.worksheet.datavalidation", "xlsx").DataValidation  # noqa: N806
    ExcelWriter = _module("openpyxl.writer.excel", "xlsx").ExcelWriter  # noqa: N806

    table = page.sheet
    stamp = _moment(page_date(page)).replace(tzinfo=None)
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.title = page.title
    wb.properties.creator = wb.properties.lastModifiedBy = "meetingflow"
    ws = wb.active
    ws.title = (table.name or "Sheet")[:31]
    n = len(table.columns)
    last = get_column_letter(n)
    ws.append([page.title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(name=HEADING_FONT, size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 28
    ws.append([page.subtitle])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.append([])
    header_row = 4
    ws.append(list(table.columns))
    thin = Side(style="thin", color="444444")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in ws[header_row]:
        cell.font = Font(name=HEADING_FONT, bold=True)
        cell.fill = PatternFill("solid", fgColor="E6E6E6")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    colors = {"overdue": "B3261E", "done": "2E6B34"}
    for i, row in enumerate(table.rows):
        ws.append(list(row))
        color = colors.get(table.mark(i))
        for cell in ws[header_row + 1 + i]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
            cell.font = Font(name=BODY_FONT, color=color) if color else Font(name=BODY_FONT)
    widths = table.widths if len(table.widths) == n else (3,) * n
    for col, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = 6 * w + 2
    end = header_row + len(table.rows)
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last}{max(end, header_row)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if page.landscape or n > 6 else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if table.choices is not None and table.rows:
        column, values = table.choices
        lists = wb.create_sheet("lists")
        lists.sheet_state = "hidden"
        for r, value in enumerate(values, 1):
            lists.cell(row=r, column=1, value=value)
        check = DataValidation(
            type="list", formula1=f"lists!$A$1:$A${len(values)}", allow_blank=True
        )
        ws.add_data_validation(check)
        letter = get_column_letter(column + 1)
        check.add(f"{letter}{header_row + 1}:{letter}{end}")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # save_workbook() would stamp the clock's time
    return _stable_zip(out.getvalue(), page_date(page))
