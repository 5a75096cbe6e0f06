"""One entry point for every document and format: :func:`render`.

Markdown and HTML are built in (:mod:`meetingflow.documents.markup`); Word and Excel need the
``office`` extra (:mod:`meetingflow.documents.office`); a host's own Jinja2 template replaces
the built-in Markdown or HTML (:mod:`meetingflow.documents.templates`).
"""

from __future__ import annotations

import os
from typing import Final, Literal, overload

from meetingflow.documents.layout import Document
from meetingflow.documents.markup import to_html, to_markdown
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Messages, Text, language

__all__ = ["FORMATS", "Format", "render"]

Format = Literal["md", "markdown", "html", "docx", "xlsx"]
FORMATS: Final[tuple[str, ...]] = ("md", "html", "docx", "xlsx")
_TEXT_FORMATS: Final = {"md": "md", "markdown": "md", "html": "html"}


class _T:
    xlsx_only = Text(
        "只有整改清单和待办事项可以导出为 .xlsx。",
        "only the rectification list and the to-do list can be written as .xlsx",
    )
    binary_template = Text(
        "模板只用于 md 和 html 格式；.docx 和 .xlsx 按内置版式生成。",
        "templates apply to md and html; .docx and .xlsx use the built-in layout",
    )


@overload
def render(
    document: Document,
    format: Literal["md", "markdown", "html"] = ...,
    lang: str = ...,
    *,
    template: str | os.PathLike[str] | None = ...,
    css: str | None = ...,
) -> str: ...
@overload
def render(
    document: Document,
    format: Literal["docx", "xlsx"],
    lang: str = ...,
    *,
    template: str | os.PathLike[str] | None = ...,
    css: str | None = ...,
) -> bytes: ...
@overload
def render(
    document: Document,
    format: str,
    lang: str = ...,
    *,
    template: str | os.PathLike[str] | None = ...,
    css: str | None = ...,
) -> str | bytes: ...
def render(
    document: Document,
    format: str = "html",
    lang: str = "zh",
    *,
    template: str | os.PathLike[str] | None = None,
    css: str | None = None,
) -> str | bytes:
    """``document`` in ``format`` (md, html, docx, xlsx) and ``lang`` (zh, en).

    md and html give text; docx and xlsx give the file's bytes (they need the ``office``
    extra). ``template`` — Jinja2 source, or a path to a template file — replaces the built-in
    Markdown or HTML (``office`` extra); ``css`` replaces the built-in style sheet.
    """
    lang = language(lang)
    if format not in (*FORMATS, "markdown"):
        raise InvalidArgument(
            Messages.unknown_format.format(got=repr(format)[:40], known=", ".join(FORMATS))
        )
    page = document.layout(lang)
    if template is not None:
        if format not in _TEXT_FORMATS:
            raise InvalidArgument(_T.binary_template)
        from meetingflow.documents.templates import render_template  # noqa: PLC0415 - Jinja2 only here

        return render_template(document, page, _TEXT_FORMATS[format], template, css=css)
    if format in ("md", "markdown"):
        return to_markdown(page)
    if format == "html":
        return to_html(page, css=css)
    from meetingflow.documents import office  # noqa: PLC0415 - python-docx and openpyxl only when used

    if format == "docx":
        return office.to_docx(page)
    if page.sheet is None:
        raise InvalidArgument(_T.xlsx_only)
    return office.to_xlsx(page)
