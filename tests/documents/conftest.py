"""Fixtures of the documents' tests (``flow``, ``in_rect`` and ``closed`` come from tests/conftest.py)."""

from __future__ import annotations

import pytest

import meetingflow as mf
from meetingflow import testing
from meetingflow.extensions import appraisal

CST = testing.CST
STAGES = ("preparation", "review", "critique", "rectification")


@pytest.fixture(scope="session")
def appraisal_flow() -> mf.Flow:
    return mf.default_flow(extensions=[appraisal.TRACK])


@pytest.fixture(scope="session")
def flawed_rect() -> mf.Meeting:
    return testing.example("rectification", flawed=True)


@pytest.fixture(scope="session")
def appraised() -> mf.Meeting:
    return testing.example("rectification", appraisal=True)
