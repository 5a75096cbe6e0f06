"""The HTTP API of the example meeting as a test client sees it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi.testclient import TestClient
from meetingflow import Flow, testing
from meetingflow.records import Meeting, Record

MEETING = testing.Blueprint().meeting_id
PROBLEM = "application/problem+json"
ERRORS = "https://meetingflow.readthedocs.io/en/latest/reference/errors/#"
"""The ``type`` of the library's problems: this plus the code (its entry on the errors page)."""
HOST_ERRORS = "https://meetingflow.readthedocs.io/en/latest/how-to/host-application/#"
"""The ``type`` of the host's own problems: this plus the code (its entry in the guide)."""
Response = Any  # httpx's (or, with a newer Starlette, httpx2's) Response


class Api:
    """The HTTP API of one meeting, as a client sees it."""

    def __init__(self, client: TestClient, flow: Flow) -> None:
        self.client = client
        self.flow = flow  # the application's, for the items' JSON (``{"type": "notice", ...}``)
        self.url = f"/meetings/{MEETING}"

    def create(self, meeting: Meeting) -> Response:
        return self.client.post("/meetings", content=meeting.model_dump_json())

    def get(self, what: str = "", **params: Any) -> Response:
        return self.client.get(f"{self.url}/{what}".rstrip("/"), params=_json(params))

    def record(self, version: int, actor: str, at: datetime, *items: Record) -> Response:
        data = [self.flow.item_to_dict(item) for item in items]
        body = {"actor": actor, "at": at, "expected_version": version, "items": data}
        return self.client.post(f"{self.url}/items", json=_json(body))

    def fire(self, version: int, trigger: str, actor: str, at: datetime, **more: Any) -> Response:
        body = {"trigger": trigger, "actor": actor, "at": at, "expected_version": version, **more}
        return self.client.post(f"{self.url}/fire", json=_json(body))

    def play(self, version: int, steps: list[testing.Step]) -> int:
        """Every batch recorded and every trigger fired, checking ``allowed`` before each; the last version."""
        for step in steps:
            for batch in step.batches:
                version = ok(self.record(version, batch.actor, batch.at, *batch.items))
            allowed = self.get("allowed", actor=step.actor, at=step.at).json()
            assert step.trigger in allowed["allowed"], allowed
            more = {"reason": step.reason, "return_to": step.return_to, "new_date": step.new_date}
            version = ok(self.fire(version, step.trigger, step.actor, step.at, **more))
        return version


def ok(response: Response) -> int:
    """The version a successful write answered with."""
    assert response.status_code == 200, response.json()
    return int(response.json()["version"])


def _json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value
