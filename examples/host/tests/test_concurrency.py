"""Writers that read the same version: exactly one wins, the others get 409."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient
from meetingflow import Flow, testing
from meetingflow.errors import VersionConflict

from host_api import MEETING, Api
from meetingflow_host import Store, create_app

WRITERS = 8
NOTICE = testing.scenario(testing.Blueprint())[0].batches[0]


def test_concurrent_writers_one_wins(url: str, flow: Flow, created: int) -> None:
    app = create_app(url, flow)
    start = threading.Barrier(WRITERS)
    statuses: dict[int, int] = {}

    def writer(n: int) -> None:
        notice = NOTICE.items[0].evolve(title=f"writer {n}")
        with TestClient(app) as client:  # its own HTTP session and database connection
            start.wait()
            statuses[n] = Api(client, flow).record(created, "m01", NOTICE.at, notice).status_code

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses.values()) == [200] + [409] * (WRITERS - 1)
    (winner,) = (n for n, status in statuses.items() if status == 200)
    with TestClient(app) as client:
        meeting = flow.parse(Api(client, flow).get().content)
    notice = meeting.preparation.notice
    assert notice is not None
    assert (meeting.version, notice.title) == (1, f"writer {winner}")


def test_the_database_refuses_a_write_based_on_an_old_version(
    store: Store, flow: Flow, created: int
) -> None:
    read = flow.parse(store.get(MEETING).document)
    first = flow.record(read, *NOTICE.items, actor=NOTICE.actor, at=NOTICE.at)
    second = flow.record(read, NOTICE.items[0].evolve(title="second"), actor="m01", at=NOTICE.at)
    store.replace(first, read=read.version)
    with pytest.raises(VersionConflict) as refused:
        store.replace(second, read=read.version)
    assert (refused.value.expected, refused.value.actual) == (0, 1)
