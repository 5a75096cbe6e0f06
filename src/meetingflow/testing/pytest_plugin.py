"""A pytest plugin (auto-loaded once meetingflow is installed) with fixtures for hosts' tests.

Every fixture works with *the flow under test*, ``meetingflow_flow``: the default flow, or the
host's own — set the ini option ``meetingflow_flow = package.module:attribute`` (an attribute
holding a Flow, or a function returning one) or override the fixture in a ``conftest.py``.
``meetingflow_blueprint`` is the branch the fixtures build (``Blueprint()``, the example's);
override it to give a host's stages their data (``Blueprint(extras=...)``).

- ``meetingflow_example(stage, flawed=False)``: the blueprint's meeting in ``stage``, played
  through the flow under test *with its rules* (so it passes the host's gates);
- ``meetingflow_build(stage, **knobs)``: any meeting of the flow, knobs changing the blueprint,
  played without the rules (edge cases too);
- ``meetingflow_at(stage)``: a check time that fits the meeting in ``stage``;
- ``meetingflow_meetings``: a Hypothesis strategy of generated meetings of the flow under test.

Why fixtures and not module globals: one ini line points a whole test suite at the host's
flow, and the fixtures are session-scoped, so the flow and the examples are built once.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from meetingflow.flow import Flow
    from meetingflow.records import Meeting
    from meetingflow.testing.builder import Blueprint

# meetingflow is imported inside the fixtures, so having it installed does not slow down the
# start of every pytest run.


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "meetingflow_flow",
        "the flow under test, as module:attribute (default: meetingflow.default_flow)",
    )


def load_flow(target: str) -> Flow:
    """The flow ``module:attribute`` names (an attribute holding a Flow, or a function
    returning one); ``module`` alone means its attribute ``flow``."""
    from meetingflow.errors import InvalidArgument  # noqa: PLC0415
    from meetingflow.flow import Flow  # noqa: PLC0415
    from meetingflow.i18n import Text  # noqa: PLC0415

    module, _, name = target.partition(":")
    try:
        value = getattr(importlib.import_module(module), name or "flow")
    except (ImportError, AttributeError) as error:
        raise InvalidArgument(
            Text(
                f"meetingflow_flow = {target}：找不到（{error}）",
                f"meetingflow_flow = {target}: not found ({error})",
            )
        ) from error
    flow = value() if callable(value) and not isinstance(value, Flow) else value
    if not isinstance(flow, Flow):
        raise InvalidArgument(
            Text(
                f"meetingflow_flow = {target} 不是 Flow",
                f"meetingflow_flow = {target} is not a Flow but {type(flow).__name__}",
            )
        )
    return flow


@pytest.fixture(scope="session")
def meetingflow_flow(pytestconfig: pytest.Config) -> Flow:
    """The flow under test: the ini option ``meetingflow_flow``, else the default flow."""
    from meetingflow.flow import default_flow  # noqa: PLC0415

    target = str(pytestconfig.getini("meetingflow_flow") or "").strip()
    return load_flow(target) if target else default_flow()


@pytest.fixture(scope="session")
def meetingflow_blueprint() -> Blueprint:
    """The branch the fixtures build: the example's. Override it to add a host's data."""
    from meetingflow.testing.builder import Blueprint  # noqa: PLC0415

    return Blueprint()


@pytest.fixture(scope="session")
def meetingflow_example(
    meetingflow_flow: Flow, meetingflow_blueprint: Blueprint
) -> Callable[..., Meeting]:
    """A factory: ``meetingflow_example("critique")``, the blueprint's meeting in that stage
    played through the flow under test with its rules; ``flawed=True`` gives the flawed
    example (a redone sitting; default stages only)."""
    from meetingflow import testing  # noqa: PLC0415

    @functools.cache
    def make(stage: str = "closed", *, flawed: bool = False) -> Meeting:
        if flawed:
            return testing.example(stage, flawed=True, flow=meetingflow_flow)
        return testing.build(stage, meetingflow_blueprint, flow=meetingflow_flow, gated=True)

    return make


@pytest.fixture(scope="session")
def meetingflow_build(
    meetingflow_flow: Flow, meetingflow_blueprint: Blueprint
) -> Callable[..., Meeting]:
    """A factory: ``meetingflow_build("review", members=1, omit={"session"})``, a meeting of the
    flow under test in that stage, the blueprint changed by the knobs, its rules not applied."""
    import attrs  # noqa: PLC0415

    from meetingflow import testing  # noqa: PLC0415

    def make(stage: str = "closed", **knobs: Any) -> Meeting:
        bp = attrs.evolve(meetingflow_blueprint, **knobs) if knobs else meetingflow_blueprint
        return testing.build(stage, bp, flow=meetingflow_flow)

    return make


@pytest.fixture(scope="session")
def meetingflow_at(
    meetingflow_flow: Flow, meetingflow_blueprint: Blueprint
) -> Callable[[str], datetime]:
    """A factory of check times: ``meetingflow_at("rectification")``, when the blueprint's
    meeting leaves that stage of the flow under test."""
    from meetingflow import testing  # noqa: PLC0415

    def at(stage: str) -> datetime:
        return testing.example_at(stage, flow=meetingflow_flow, bp=meetingflow_blueprint)

    return at


@pytest.fixture(scope="session")
def meetingflow_meetings(
    meetingflow_flow: Flow, meetingflow_blueprint: Blueprint
) -> SearchStrategy[Meeting]:
    """Generated meetings of the flow under test (:func:`meetingflow.testing.strategies.meetings`),
    with the blueprint's extras for the host's stages: ``data.draw(meetingflow_meetings)``."""
    from meetingflow.testing import strategies  # noqa: PLC0415

    extras = dict(meetingflow_blueprint.extras) or None
    return strategies.meetings(meetingflow_flow, extras=extras)
