"""A document laid out in one language: a title and a few kinds of blocks, nothing else.

Every document becomes a :class:`Page` before it becomes Markdown, HTML, Word or Excel, so
the four renderers share one description and a document type needs no renderer of its own.
A page holds plain strings (already in the reader's language); the renderers escape them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

import attrs

if TYPE_CHECKING:
    from meetingflow.i18n import Lang

__all__ = [
    "Block",
    "Document",
    "Fields",
    "Heading",
    "Items",
    "Page",
    "Para",
    "Signatures",
    "Table",
]


@attrs.frozen(slots=True)
class Heading:
    """A section heading (level 2 or 3; the page title is level 1)."""

    text: str
    level: int = 2


@attrs.frozen(slots=True)
class Para:
    """A paragraph; ``kind`` is a hint for the look: ``""``, ``"note"``, ``"salutation"``,
    ``"closing"`` (right-aligned sign-off) or ``"empty"`` (nothing to show)."""

    text: str
    kind: str = ""


@attrs.frozen(slots=True)
class Fields:
    """Label–value rows, the head of a form (时间、地点、主持人 ...)."""

    rows: tuple[tuple[str, str], ...]


@attrs.frozen(slots=True)
class Table:
    """A table with a header row; a cell may hold several lines (``\\n``).

    ``marks`` gives each row a look (``"overdue"``, ``"done"``, or ``""``); ``widths`` are
    relative column widths; ``nowrap`` lists columns whose cells never break (dates, rule
    ids); ``status`` is the column that says where a row stands; ``name`` names the sheet when
    the table becomes a spreadsheet; ``choices`` offers a drop-down in one column of a
    spreadsheet (column index, values).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()
    marks: tuple[str, ...] = ()
    name: str = ""
    choices: tuple[int, tuple[str, ...]] | None = None
    nowrap: tuple[int, ...] = ()
    status: int | None = None

    def mark(self, row: int) -> str:
        """The look of row ``row``."""
        return self.marks[row] if row < len(self.marks) else ""


@attrs.frozen(slots=True)
class Items:
    """A list of entries, numbered unless ``ordered`` is false."""

    entries: tuple[str, ...]
    ordered: bool = True


@attrs.frozen(slots=True)
class Signatures:
    """Lines to sign on paper (主持人（签字）： ____)."""

    labels: tuple[str, ...]


Block = Heading | Para | Fields | Table | Items | Signatures


@attrs.frozen(slots=True)
class Page:
    """One document in one language, ready for any renderer.

    ``kind`` names the document type (``minutes``, ``report``, ``rectification-list``,
    ``appraisal``, ``todo``); ``landscape`` asks for an A4 landscape page (wide tables);
    ``sheet`` is the table a spreadsheet holds — only documents passed around as lists have one.
    """

    kind: str
    lang: Lang
    title: str
    blocks: tuple[Block, ...]
    subtitle: str = ""
    landscape: bool = False
    sheet: Table | None = None
    dated: date | None = None
    """The document's own date (files are stamped with it, never with the clock's)."""


class Document(Protocol):
    """Anything that lays itself out as a :class:`~meetingflow.documents.layout.Page`."""

    @property
    def kind(self) -> str: ...

    def layout(self, lang: str = "zh") -> Page: ...
