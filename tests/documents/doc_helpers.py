"""Helpers for the documents' tests: meetings part-way through a stage, and readers.

Every output is read back the way a person's tool would read it: HTML with the standard
library's parser, .docx with python-docx, .xlsx with openpyxl (both skipped cleanly when the
``office`` extra is not installed — CI installs it).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

import attrs
import pytest

import meetingflow as mf
from meetingflow import testing

STAGES = ("preparation", "review", "critique", "rectification")


def at(stage: str) -> datetime:
    return testing.example_at(stage)


def partial(
    flow: mf.Flow, stage: str, batches: int, bp: testing.Blueprint | None = None
) -> mf.Meeting:
    """The example (or ``bp``) in ``stage`` with only the first ``batches`` of that stage recorded."""
    bp = bp or testing.Blueprint()
    steps = testing.scenario(bp)
    n = STAGES.index(stage)
    steps = [*steps[:n], attrs.evolve(steps[n], batches=steps[n].batches[:batches])]
    last = flow.adopt(testing.new_meeting(bp))
    for _, m in testing.play(flow, last, steps, stop=stage):
        last = m
    assert last.stage == stage
    return last


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.style = ""
        self._in: list[str] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs_)))
        self._in.append(tag)
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "style":
            self.style += data
            return
        self.chunks.append(data)
        if self._cell is not None:
            self._cell.append(data)


@attrs.frozen
class ParsedHtml:
    text: str
    tags: list[tuple[str, dict[str, str | None]]]
    style: str
    cells: list[str]

    def tag(self, name: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == name]


def parse_html(source: str) -> ParsedHtml:
    """The page as a browser's parser reads it: its text, tags, style sheet and table cells."""
    reader = _Reader()
    reader.feed(source)
    reader.close()
    return ParsedHtml(" ".join(reader.chunks), reader.tags, reader.style, reader.cells)


def read_docx(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, as python-docx reads it."""
    docx = pytest.importorskip("docx", reason="the office extra (python-docx) is not installed")
    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def read_xlsx(data: bytes) -> Any:
    """The workbook as openpyxl opens it."""
    openpyxl = pytest.importorskip(
        "openpyxl", reason="the office extra (openpyxl) is not installed"
    )
    return openpyxl.load_workbook(io.BytesIO(data))


def needs(module: str) -> Callable[[Any], Any]:
    """Skip a test unless ``module`` (from the office extra) is installed."""
    try:
        __import__(module)
    except ImportError:
        return pytest.mark.skip(reason=f"the office extra ({module}) is not installed")
    return lambda f: f
