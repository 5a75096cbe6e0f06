"""32 threads share one flow, and the same meeting objects (issue #7.9).

Each thread plays the example from the draft to the closed meeting, checking and asking what
is allowed along the way, and fires, records and verifies on meetings every thread holds —
including a freshly parsed one whose digests nobody has computed yet, so the threads race to
fill the same per-object caches. Everything must come out exactly as in a serial run.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from integrity_kit import KEY

import meetingflow as mf
from meetingflow import records as r
from meetingflow import testing

THREADS = 32


@pytest.fixture(autouse=True)
def _switch_often() -> Iterator[None]:
    """Let threads interleave every few bytecodes rather than every 5 ms."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    yield
    sys.setswitchinterval(before)


def play(flow: mf.Flow) -> dict[str, Any]:
    """The whole example, with a check and an ``allowed`` before every trigger."""
    meeting = flow.adopt(testing.new_meeting(testing.Blueprint()))
    reports = []
    for step in testing.scenario(testing.Blueprint()):
        for batch in step.batches:
            meeting = flow.record(meeting, *batch.items, actor=batch.actor, at=batch.at)
        reports.append(flow.check(meeting, at=step.at, trigger=step.trigger).to_dict("en"))
        reports.append(flow.allowed(meeting, actor=step.actor, at=step.at).to_dict("en"))
        meeting = flow.fire(meeting, step.trigger, actor=step.actor, at=step.at)
    flow.verify(meeting)
    return {"meeting": json.loads(meeting.model_dump_json()), "reports": reports}


def shared_work(flow: mf.Flow, rect: mf.Meeting, fresh: mf.Meeting) -> dict[str, Any]:
    """Operations on meeting objects every thread holds at once."""
    at = rect.history[-1].at + timedelta(days=1)
    closed = flow.fire(fresh, "close", actor="s01", at=at)
    noted = flow.record(
        rect, r.SupervisionEvent(by_id="s01", on=at.date(), note="督导"), actor="s01", at=at
    )
    flow.verify(fresh)
    flow.verify(noted, anchor=noted.history[-1].digest)
    return {
        "closed": closed.model_dump_json(),
        "noted": noted.model_dump_json(),
        "check": flow.check(fresh, at=at).to_dict("zh"),
        "allowed": flow.allowed(rect, actor="m01", at=at).to_dict(),
    }


def run_threads(work: Callable[[], dict[str, Any]]) -> list[dict[str, Any]]:
    start = threading.Barrier(THREADS)

    def one() -> dict[str, Any]:
        start.wait()
        return work()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(one) for _ in range(THREADS)]
        return [f.result() for f in futures]


def test_threads_playing_the_example_agree_with_a_serial_run() -> None:
    flow = mf.default_flow(key=KEY)
    serial = play(flow)
    results = run_threads(lambda: play(flow))
    assert all(result == serial for result in results)


def test_threads_sharing_meetings_agree_with_a_serial_run() -> None:
    flow = mf.default_flow(key=KEY)
    rect = testing.example("rectification", flow=flow)
    raw = rect.model_dump_json()
    serial = shared_work(flow, rect, flow.parse(raw))
    fresh = flow.parse(raw)  # nobody has hashed or verified this object yet
    results = run_threads(lambda: shared_work(flow, rect, fresh))
    assert all(result == serial for result in results)
    assert json.loads(serial["closed"])["stage"] == "closed"
