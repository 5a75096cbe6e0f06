"""Plain inline SVG charts for the group's report: horizontal bars, stacked bars, a legend.

Hand-written SVG, not a plotting library: the report stays one self-contained file that any
browser (and a party office's intranet) shows, and the core keeps no extra dependency. Every
text is escaped; every bar has a ``<title>`` with its exact numbers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from html import escape
from typing import Final

__all__ = ["COLORS", "Segment", "percent_bars", "stacked_bars"]

COLORS: Final = {
    "good": "#2e7d32",
    "fair": "#9ccc65",
    "calm": "#90a4ae",
    "warn": "#f9a825",
    "bad": "#c62828",
    "ink": "#263238",
    "grid": "#cfd8dc",
}

Segment = tuple[int, str, str]
"""``(value, color, legend)`` of one part of a stacked bar."""

_ROW: Final = 24
_BAR: Final = 16
_PLOT: Final = 360


def _width(text: str) -> int:
    return sum(13 if unicodedata.east_asian_width(ch) in "WF" else 7 for ch in text)


def _frame(
    title: str, label_width: int, rows: int, body: list[str], legend: Sequence[tuple[str, str]] = ()
) -> str:
    width = label_width + _PLOT + 90
    top = 30 + (20 if legend else 0)
    height = top + rows * _ROW + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="sans-serif" font-size="12" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{COLORS["ink"]}">{escape(title)}</text>',
    ]
    x = label_width
    for color, name in legend:
        out.append(f'<rect x="{x}" y="26" width="10" height="10" fill="{color}"/>')
        out.append(f'<text x="{x + 14}" y="35" fill="{COLORS["ink"]}">{escape(name)}</text>')
        x += 24 + _width(name)
    out += [f'<g transform="translate(0,{top})">', *body, "</g>", "</svg>"]
    return "\n".join(out)


def percent_bars(title: str, rows: Sequence[tuple[str, float | None, str]]) -> str:
    """One bar per row, 0–100 %: ``(label, percent or None, tooltip)``."""
    label_width = max([_width(r[0]) for r in rows] + [40]) + 12
    body: list[str] = []
    for i, (label, value, tip) in enumerate(rows):
        y = i * _ROW
        body.append(
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end" fill="{COLORS["ink"]}">{escape(label)}</text>'
        )
        body.append(
            f'<rect x="{label_width}" y="{y}" width="{_PLOT}" height="{_BAR}" fill="{COLORS["grid"]}" opacity="0.4"/>'
        )
        if value is not None:
            color = (
                COLORS["good"] if value >= 95 else COLORS["warn"] if value >= 80 else COLORS["bad"]
            )
            w = round(_PLOT * min(max(value, 0.0), 100.0) / 100, 1)
            body.append(
                f'<rect x="{label_width}" y="{y}" width="{w}" height="{_BAR}" fill="{color}"><title>{escape(tip)}</title></rect>'
            )
        shown = "—" if value is None else f"{value:.1f}%"
        body.append(
            f'<text x="{label_width + _PLOT + 6}" y="{y + 13}" fill="{COLORS["ink"]}">{escape(shown)}</text>'
        )
    return _frame(title, label_width, len(rows), body)


def stacked_bars(
    title: str,
    rows: Sequence[tuple[str, Sequence[Segment], str]],
    legend: Sequence[tuple[str, str]],
) -> str:
    """One stacked bar per row, scaled to the row's total: ``(label, segments, right-hand text)``."""
    label_width = max([_width(r[0]) for r in rows] + [40]) + 12
    body: list[str] = []
    for i, (label, segments, note) in enumerate(rows):
        y = i * _ROW
        body.append(
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end" fill="{COLORS["ink"]}">{escape(label)}</text>'
        )
        total = sum(v for v, _, _ in segments)
        x = float(label_width)
        for value, color, name in segments:
            if value <= 0 or total <= 0:
                continue
            w = round(_PLOT * value / total, 1)
            body.append(
                f'<rect x="{round(x, 1)}" y="{y}" width="{w}" height="{_BAR}" fill="{color}"><title>{escape(f"{name}: {value}")}</title></rect>'
            )
            x += w
        if total <= 0:
            body.append(
                f'<rect x="{label_width}" y="{y}" width="{_PLOT}" height="{_BAR}" fill="{COLORS["grid"]}" opacity="0.4"/>'
            )
        body.append(
            f'<text x="{label_width + _PLOT + 6}" y="{y + 13}" fill="{COLORS["ink"]}">{escape(note)}</text>'
        )
    return _frame(title, label_width, len(rows), body, legend)
