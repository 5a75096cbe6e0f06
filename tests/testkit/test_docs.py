"""Every Python block of docs/how-to/test-your-rules.md runs, top to bottom, as written."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path
from typing import Any

import attrs

from meetingflow import testing

DOC = Path(__file__).parents[2] / "docs" / "how-to" / "test-your-rules.md"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_how_to_runs() -> None:
    code = blocks()
    assert len(code) >= 8
    # A real module: record types defined in the blocks resolve their annotations through it.
    module = types.ModuleType("test_your_rules_doc")
    sys.modules[module.__name__] = module
    namespace: dict[str, Any] = module.__dict__
    try:
        for n, block in enumerate(code, 1):
            exec(compile(block, f"{DOC.name} block {n}", "exec"), namespace)
    finally:
        del sys.modules[module.__name__]
    # The last block is a test written for the fixtures: give it what they would give.
    flow, bp = namespace["visits_flow"], namespace["meetingflow_blueprint"].__wrapped__()

    def example(stage: str) -> Any:
        return testing.build(stage, bp, flow=flow, gated=True)

    def build(stage: str, **knobs: Any) -> Any:
        return testing.build(stage, attrs.evolve(bp, **knobs), flow=flow)

    def at(stage: str) -> Any:
        return testing.example_at(stage, flow=flow, bp=bp)

    namespace["test_visits"](example, build, at, flow)
