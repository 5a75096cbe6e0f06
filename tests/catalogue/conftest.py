"""Session-scoped fixtures: the compliant meeting in each stage (built once, see ``fixtures``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from . import fixtures as fx

if TYPE_CHECKING:
    from meetingflow.records import Meeting


@pytest.fixture(scope="session")
def prep() -> Meeting:
    return fx.meeting("preparation")


@pytest.fixture(scope="session")
def review() -> Meeting:
    return fx.meeting("review")


@pytest.fixture(scope="session")
def critique() -> Meeting:
    return fx.meeting("critique")


@pytest.fixture(scope="session")
def rect() -> Meeting:
    return fx.meeting("rectification")


@pytest.fixture(scope="session")
def closed() -> Meeting:
    return fx.meeting("closed")
