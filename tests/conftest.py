"""Shared fixtures: the default flow and the built-in example meeting at each stage."""

from __future__ import annotations

from datetime import datetime

import pytest

import meetingflow as mf
from meetingflow import testing


@pytest.fixture(scope="session")
def flow() -> mf.Flow:
    return mf.default_flow()


@pytest.fixture(scope="session")
def prep() -> mf.Meeting:
    return testing.example("preparation")


@pytest.fixture(scope="session")
def in_review() -> mf.Meeting:
    return testing.example("review")


@pytest.fixture(scope="session")
def in_critique() -> mf.Meeting:
    return testing.example("critique")


@pytest.fixture(scope="session")
def in_rect() -> mf.Meeting:
    return testing.example("rectification")


@pytest.fixture(scope="session")
def closed() -> mf.Meeting:
    return testing.example("closed")


@pytest.fixture(scope="session")
def now() -> datetime:
    return testing.example_at("preparation")
