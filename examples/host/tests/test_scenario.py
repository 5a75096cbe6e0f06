"""The whole example meeting, from the first notice to ``closed``, through the HTTP API."""

from __future__ import annotations

from meetingflow import testing
from meetingflow.integrity import head

from host_api import Api


def test_the_example_meeting_runs_to_closed(api: Api, created: int) -> None:
    version = api.play(created, testing.scenario(testing.Blueprint()))
    done = api.get("verify").json()
    assert (done["stage"], done["version"]) == ("closed", version)
    assert done["head"] == head(testing.example("closed"))  # the same history as in-process
    assert api.get("check", at=testing.example_at("closed")).json()["counts"]["errors"] == 0
