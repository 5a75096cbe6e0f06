"""Fixtures: a fresh database per test (a SQLite file, or ``$MEETINGFLOW_HOST_DB``) and a client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from meetingflow import Flow, default_flow, testing

from host_api import Api
from meetingflow_host import Store, create_app
from meetingflow_host.db import metadata


@pytest.fixture(scope="session")
def flow() -> Flow:
    return default_flow()


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    """The database under test, emptied before and after (a PostgreSQL one is shared by all tests)."""
    url = os.environ.get("MEETINGFLOW_HOST_DB") or f"sqlite:///{tmp_path / 'meetings.db'}"
    _drop(url)
    yield url
    _drop(url)


def _drop(url: str) -> None:
    store = Store(url)
    metadata.drop_all(store.engine)
    store.engine.dispose()


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    """Direct access to the table, as an intruder or a second process would have it."""
    store = Store(url)
    yield store
    store.engine.dispose()


@pytest.fixture
def api(url: str, flow: Flow) -> Iterator[Api]:
    with TestClient(create_app(url, flow)) as client:
        yield Api(client, flow)


@pytest.fixture
def created(api: Api) -> int:
    """The example branch's meeting, created through the API; its version (0)."""
    response = api.create(testing.new_meeting(testing.Blueprint()))
    assert response.status_code == 201, response.json()
    return int(response.json()["version"])
