"""The docs stay true: generated pages are current and the code in the guides runs."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

import meetingflow as mf
from meetingflow import _docs

DOCS = Path(__file__).parent.parent / "docs"


def test_rules_page_is_current() -> None:
    expected = _docs.rules_markdown(mf.default_flow(), _docs.appraisal_rules())
    actual = (DOCS / _docs.RULES_PAGE).read_text(encoding="utf-8")
    assert actual == expected, "run: python docs/_generate.py"


def test_lifecycle_diagram_is_current() -> None:
    page = (DOCS / "lifecycle.md").read_text(encoding="utf-8")
    assert _docs.lifecycle_block(mf.default_flow()) in page, "run: python docs/_generate.py"


@pytest.mark.parametrize(
    "page",
    [
        "tutorial.md",
        "how-to/custom-rule.md",
        "how-to/record.md",
        "how-to/custom-stage.md",
        "../README.md",
    ],
)
def test_guide_code_runs(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    name = "docs_" + re.sub(r"\W", "_", page)
    module = types.ModuleType(name)
    sys.modules[name] = module  # pydantic resolves annotations through the module
    try:
        exec(compile("\n".join(blocks), page, "exec"), module.__dict__)
    finally:
        del sys.modules[name]
