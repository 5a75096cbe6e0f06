"""Markdown and self-contained, printable HTML: built in, no extra needed.

The HTML is one file a secretary can open, print on A4 or save as PDF: inline CSS, a
Chinese font stack (FangSong/SimSun for the body, a sans-serif CJK face for headings),
``@page`` sizes and margins, table headers repeated on every page, rows never split. A host
replaces the look with ``css=``; to change the page around the body (a letterhead) or the
whole document, it passes a Jinja2 template (see :mod:`meetingflow.documents.templates`).
"""

from __future__ import annotations

import html
import re
import string
from typing import TYPE_CHECKING, Final

from meetingflow.documents.layout import Fields, Heading, Items, Page, Para, Table
from meetingflow.i18n import Text

if TYPE_CHECKING:
    from meetingflow.documents.layout import Block

__all__ = ["CSS", "PAGE", "html_body", "page_css", "to_html", "to_markdown"]


class _T:
    field = Text("{label}：{value}", "{label}: {value}")
    html_lang = Text("zh-CN", "en")


CSS: Final = """\
@page { size: A4; margin: 20mm 18mm 18mm 18mm; }
:root { --ink: #1a1a1a; --rule: #444; --muted: #5f5f5f; --alert: #b3261e; --done: #2e6b34; }
* { box-sizing: border-box; }
html { font-size: 11.5pt; }
body {
  margin: 0; color: var(--ink); background: #eceae6; line-height: 1.75;
  font-family: "FangSong", "STFangsong", "仿宋", "Noto Serif CJK SC", "Source Han Serif SC",
    "Songti SC", "SimSun", "宋体", serif;
}
main.page {
  background: #fff; width: 210mm; min-height: 297mm; margin: 10mm auto; padding: 20mm 18mm;
  box-shadow: 0 1px 6px rgba(0, 0, 0, .18);
}
body.landscape main.page { width: 297mm; min-height: 210mm; padding: 15mm 14mm; }
h1, h2, h3, th, .fields th {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
    "SimHei", "黑体", sans-serif;
}
header { text-align: center; margin-bottom: 1.2em; border-bottom: 2px solid var(--ink); }
h1 { font-size: 18pt; font-weight: 700; letter-spacing: .04em; margin: 0 0 .3em; line-height: 1.4; }
.subtitle { color: var(--muted); margin: 0 0 .8em; }
h2 { font-size: 13pt; margin: 1.3em 0 .5em; padding-bottom: .15em; border-bottom: 1px solid #bbb; }
h3 { font-size: 11.5pt; margin: 1em 0 .4em; }
p { margin: .45em 0; text-indent: 2em; }
p.salutation, p.note, p.empty, p.closing { text-indent: 0; }
p.note, p.empty { color: var(--muted); font-size: 10.5pt; }
p.closing { text-align: right; margin-top: 2em; }
table { width: 100%; border-collapse: collapse; margin: .6em 0; font-size: 10.5pt; }
th, td { border: 1px solid var(--rule); padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #ececec; font-weight: 600; }
thead th { white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.fields th { width: 24%; background: #f5f5f5; }
td.num { text-align: center; width: 2.5em; }
td.nowrap { white-space: nowrap; }
tr.overdue td { color: var(--alert); }
tr.done td.status { color: var(--done); font-weight: 600; }
body.landscape table { font-size: 9.5pt; }
ol, ul { margin: .4em 0 .4em 1.6em; padding: 0; }
li { margin: .15em 0; }
.signatures { display: flex; justify-content: space-around; margin-top: 2.5em; }
.signatures .line { display: inline-block; width: 9em; border-bottom: 1px solid var(--ink); }
@media print {
  html { font-size: 11pt; }
  body { background: none; }
  main.page, body.landscape main.page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
"""
"""The built-in look: A4, CJK fonts, print rules. Pass ``css=`` to :func:`render` to replace it."""

_LANDSCAPE: Final = "@page { size: A4 landscape; margin: 14mm 12mm; }\n"

PAGE: Final = string.Template("""\
<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="meetingflow">
<title>$title</title>
<style>
$css</style>
</head>
<body class="$body_class">
<main class="page">
$body
</main>
</body>
</html>
""")
"""The built-in HTML page around a document's body (``lang``, ``title``, ``css``, ``body_class``, ``body``)."""


# --- Markdown ---------------------------------------------------------------------------------------------

_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_lines(text: str) -> str:
    return "  \n".join(_md(line) for line in text.split("\n"))


def _md_cell(text: str) -> str:
    return "<br>".join(_md(line) for line in text.split("\n")) or " "


def _md_table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    out = ["| " + " | ".join(_md_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return out


def to_markdown(page: Page) -> str:
    """``page`` as Markdown (CommonMark with pipe tables)."""
    lines = [f"# {_md(page.title)}", ""]
    if page.subtitle:
        lines += [f"*{_md(page.subtitle)}*", ""]
    for block in page.blocks:
        lines += _md_block(block, page.lang)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_block(block: Block, lang: str) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * block.level} {_md(block.text)}"]
    if isinstance(block, Para):
        text = _md_lines(block.text)
        return [f"*{text}*" if block.kind in ("note", "empty") else text]
    if isinstance(block, Fields):
        return [
            "- "
            + _T.field.render(
                lang, label=f"**{_md(label)}**", value=_md_lines(value).replace("  \n", "  \n  ")
            )
            for label, value in block.rows
        ]
    if isinstance(block, Table):
        return _md_table(block.columns, block.rows)
    if isinstance(block, Items):
        return [
            (f"{n}. " if block.ordered else "- ") + _md_lines(e).replace("  \n", "  \n   ")
            for n, e in enumerate(block.entries, 1)
        ]
    return ["", *(f"{_md(label)} ______________________  " for label in block.labels)]


# --- HTML -------------------------------------------------------------------------------------------------


def _h(text: str) -> str:
    return "<br>".join(html.escape(line, quote=True) for line in text.split("\n"))


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_h(block.text)}</h{block.level}>"
    if isinstance(block, Para):
        cls = f' class="{block.kind}"' if block.kind else ""
        return f"<p{cls}>{_h(block.text)}</p>"
    if isinstance(block, Fields):
        rows = "".join(
            f'<tr><th scope="row">{_h(k)}</th><td>{_h(v)}</td></tr>' for k, v in block.rows
        )
        return f'<table class="fields"><tbody>{rows}</tbody></table>'
    if isinstance(block, Table):
        return _html_table(block)
    if isinstance(block, Items):
        tag = "ol" if block.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{_h(e)}</li>" for e in block.entries) + f"</{tag}>"
    spans = "".join(
        f'<span class="signature">{_h(label)}<span class="line"></span></span>'
        for label in block.labels
    )
    return f'<div class="signatures">{spans}</div>'


def _html_table(table: Table) -> str:
    total = sum(table.widths) or 1
    cols = ""
    if table.widths and len(table.widths) == len(table.columns):
        cols = (
            "<colgroup>"
            + "".join(f'<col style="width:{w * 100 / total:.1f}%">' for w in table.widths)
            + "</colgroup>"
        )
    head = (
        "<thead><tr>"
        + "".join(f'<th scope="col">{_h(c)}</th>' for c in table.columns)
        + "</tr></thead>"
    )
    body = []
    for n, row in enumerate(table.rows):
        mark = table.mark(n)
        cls = f' class="{mark}"' if mark else ""
        cells = []
        for i, c in enumerate(row):
            kinds = [
                k
                for k, on in (
                    ("num", i == 0 and c.isdigit()),
                    ("nowrap", i in table.nowrap),
                    ("status", i == table.status),
                )
                if on
            ]
            attr = f' class="{" ".join(kinds)}"' if kinds else ""
            cells.append(f"<td{attr}>{_h(c)}</td>")
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return f"<table>{cols}{head}<tbody>{''.join(body)}</tbody></table>"


def html_body(page: Page) -> str:
    """The document part of the HTML page (header and blocks), for a template to wrap."""
    parts = [f"<header><h1>{_h(page.title)}</h1>"]
    if page.subtitle:
        parts.append(f'<p class="subtitle">{_h(page.subtitle)}</p>')
    parts.append("</header>")
    parts += [_html_block(b) for b in page.blocks]
    return "\n".join(parts)


def page_css(page: Page, css: str | None = None) -> str:
    """The style sheet for ``page``: ``css`` (default :data:`CSS`), landscape when the page asks."""
    return (css if css is not None else CSS) + (_LANDSCAPE if page.landscape else "")


def to_html(page: Page, *, css: str | None = None) -> str:
    """``page`` as one self-contained HTML file (inline CSS, no external resources)."""
    body_class = f"doc doc-{page.kind}" + (" landscape" if page.landscape else "")
    return PAGE.substitute(
        lang=_T.html_lang.in_(page.lang),
        title=html.escape(page.title),
        css=page_css(page, css).replace("</", "<\\/"),
        body_class=body_class,
        body=html_body(page),
    )
