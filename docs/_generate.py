"""Regenerate the generated parts of the docs: `python docs/_generate.py`."""

from __future__ import annotations

from pathlib import Path

import meetingflow as mf
from meetingflow import _docs

DOCS = Path(__file__).parent


def main() -> None:
    flow = mf.default_flow()
    (DOCS / _docs.RULES_PAGE).write_text(
        _docs.rules_markdown(flow, _docs.appraisal_rules()), encoding="utf-8"
    )
    page = DOCS / "lifecycle.md"
    page.write_text(
        _docs.splice(page.read_text(encoding="utf-8"), _docs.lifecycle_block(flow)),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
