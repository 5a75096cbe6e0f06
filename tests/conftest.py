"""Shared fixtures: the default flow and the built-in example meeting at each stage."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
from hypothesis import HealthCheck, settings

import meetingflow as mf
from meetingflow import testing

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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


def at(stage: str) -> datetime:
    """A check time fitting the example in ``stage``."""
    return testing.example_at(stage)
