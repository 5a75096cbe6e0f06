"""A pytest plugin (auto-loaded once meetingflow is installed) with fixtures for hosts' tests.

``meetingflow_flow`` is the default flow; ``meetingflow_example(stage, flawed=False)`` returns
the built-in example meeting in a stage; ``meetingflow_at(stage)`` a check time that fits it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Meeting

# meetingflow is imported inside the fixtures, so merely having it installed does not slow
# down the start of every pytest run.


@pytest.fixture(scope="session")
def meetingflow_flow() -> Flow:
    """The default flow (shared, immutable)."""
    from meetingflow.lifecycle import default_flow  # noqa: PLC0415

    return default_flow()


@pytest.fixture(scope="session")
def meetingflow_example() -> Callable[..., Meeting]:
    """A factory: ``meetingflow_example("critique", flawed=True)``."""
    from meetingflow import testing  # noqa: PLC0415

    return testing.example


@pytest.fixture(scope="session")
def meetingflow_at() -> Callable[[str], datetime]:
    """A factory of check times: ``meetingflow_at("rectification")``."""
    from meetingflow import testing  # noqa: PLC0415

    return testing.example_at
