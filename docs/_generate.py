"""Regenerate the generated documentation pages: ``python docs/_generate.py``."""

from __future__ import annotations

from pathlib import Path

from meetingflow import _docs, default_flow
from meetingflow.extensions import appraisal

DOCS = Path(__file__).parent


def pages() -> dict[Path, str]:
    """Every generated page and its content."""
    flow = default_flow()
    with_track = default_flow(extensions=[appraisal.TRACK])
    lifecycle = DOCS / "lifecycle.md"
    return {
        DOCS / "reference" / "rules.md": _docs.rules_markdown(flow, with_track),
        DOCS / "reference" / "gates.md": _docs.gates_markdown(flow, with_track),
        DOCS / "reference" / "cli.md": _docs.cli_markdown(),
        DOCS / "reference" / "errors.md": _docs.errors_markdown(),
        lifecycle: _docs.splice(lifecycle.read_text(encoding="utf-8"), _docs.lifecycle_block(flow)),
    }


if __name__ == "__main__":
    for path, text in pages().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(DOCS.parent)}")
