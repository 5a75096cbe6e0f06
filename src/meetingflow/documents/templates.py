"""Documents the host writes itself: Jinja2 templates over the typed document (``office`` extra).

The built-in Markdown and HTML need no template engine (they are written from the page
layout), so the core keeps no extra dependency. A host whose organization has its own form —
a letterhead, a different order, its own wording — passes a Jinja2 template to
:func:`~meetingflow.documents.render`. The template runs in Jinja2's immutable sandbox with
HTML autoescaping for ``html``, and sees:

``doc``
    the typed document (``MinutesDocument``, ``TodoList``, ...), every field by name;
``page``
    the built-in layout in the chosen language (``page.title``, ``page.blocks``);
``body``
    the built-in body (HTML or Markdown) — wrap it to change only what is around it;
``css``
    the built-in style sheet (or the one passed as ``css=``), for a ``<style>`` element;
``lang``
    ``"zh"`` or ``"en"``; and the filters ``t`` (a bilingual ``Text`` or a term in ``lang``)
    and ``day`` (a date as ``lang`` writes it).
"""

from __future__ import annotations

import importlib
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetingflow.documents.common import day
from meetingflow.documents.markup import html_body, page_css, to_markdown
from meetingflow.errors import InvalidArgument, MissingExtra
from meetingflow.i18n import Text

if TYPE_CHECKING:
    from meetingflow.documents.layout import Document, Page

__all__ = ["render_template"]


class _T:
    missing = Text(
        "模板需要 Jinja2：pip install 'meetingflow[office]'。",
        "templates need Jinja2: pip install 'meetingflow[office]'",
    )
    unreadable = Text("无法读取模板 {path}：{error}", "cannot read the template {path}: {error}")
    failed = Text("模板出错：{error}", "the template failed: {error}")


def _in(lang: str) -> Any:
    def text(value: object) -> str:
        if isinstance(value, Text):
            return value.in_(lang)
        label = getattr(value, "label", None)
        if isinstance(label, Text):
            return label.in_(lang)
        return "" if value is None else str(value)

    return text


def render_template(
    document: Document,
    page: Page,
    fmt: str,
    template: str | os.PathLike[str],
    *,
    css: str | None = None,
) -> str:
    """``document`` through the Jinja2 ``template`` (source text, or a path to a file)."""
    try:  # imported by name: neither running nor type-checking the core needs Jinja2
        jinja2 = importlib.import_module("jinja2")
        sandbox = importlib.import_module("jinja2.sandbox")
        markup = importlib.import_module("markupsafe").Markup
    except ImportError:
        raise MissingExtra(_T.missing) from None
    if isinstance(template, os.PathLike):
        try:
            source = Path(template).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidArgument(
                _T.unreadable.format(path=str(template), error=str(error))
            ) from None
    else:
        source = template
    html = fmt == "html"
    env = sandbox.ImmutableSandboxedEnvironment(
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["t"] = _in(page.lang)
    env.filters["day"] = lambda value: (
        day(value).in_(page.lang) if isinstance(value, date) or value is None else str(value)
    )
    body = html_body(page) if html else to_markdown(page)
    wrap = markup if html else str
    try:
        rendered: str = env.from_string(source).render(
            doc=document, page=page, body=wrap(body), css=wrap(page_css(page, css)), lang=page.lang
        )
    except jinja2.TemplateError as error:
        raise InvalidArgument(_T.failed.format(error=str(error))) from None
    return rendered
