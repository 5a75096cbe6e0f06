"""Fixtures of the portfolio tests (the data lives in pf_data.py)."""

from __future__ import annotations

import pytest
from pf_data import make

from meetingflow.portfolio import Portfolio


@pytest.fixture
def small() -> Portfolio:
    return make()
