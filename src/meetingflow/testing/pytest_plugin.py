"""A pytest plugin (auto-loaded once meetingflow is installed) with fixtures for hosts' tests.

``meetingflow_flow`` is the flow under test: the default flow, or the host's own — set the ini
option ``meetingflow_flow = package.module:attribute`` (an attribute holding a Flow, or a
function returning one) or override the fixture. ``meetingflow_example(stage)`` builds the
example meeting in a stage with that flow; ``meetingflow_at(stage)`` gives a fitting check time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Meeting

# meetingflow is imported inside the fixtures, so having it installed does not slow down the
# start of every pytest run.


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "meetingflow_flow",
        "the flow under test, as module:attribute (default: meetingflow.default_flow)",
    )


@pytest.fixture(scope="session")
def meetingflow_flow(pytestconfig: pytest.Config) -> Flow:
    """The flow under test (see the module docstring)."""
    from meetingflow.errors import InvalidArgument  # noqa: PLC0415
    from meetingflow.flow import Flow, default_flow  # noqa: PLC0415
    from meetingflow.i18n import Text  # noqa: PLC0415

    target = str(pytestconfig.getini("meetingflow_flow") or "")
    if not target:
        return default_flow()
    module, _, name = target.partition(":")
    value = getattr(importlib.import_module(module), name or "flow")
    flow = value() if callable(value) and not isinstance(value, Flow) else value
    if not isinstance(flow, Flow):
        raise InvalidArgument(
            Text(f"{target} 不是 Flow", f"meetingflow_flow = {target} is not a Flow")
        )
    return flow


@pytest.fixture(scope="session")
def meetingflow_example(meetingflow_flow: Flow) -> Callable[..., Meeting]:
    """A factory: ``meetingflow_example("critique", flawed=True)``, played through the flow under test."""
    from meetingflow import testing  # noqa: PLC0415

    def make(stage: str = "closed", *, flawed: bool = False) -> Meeting:
        return testing.example(stage, flawed=flawed, flow=meetingflow_flow)

    return make


@pytest.fixture(scope="session")
def meetingflow_at() -> Callable[[str], datetime]:
    """A factory of check times: ``meetingflow_at("rectification")``."""
    from meetingflow import testing  # noqa: PLC0415

    return testing.example_at
