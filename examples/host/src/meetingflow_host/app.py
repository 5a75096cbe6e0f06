"""The HTTP API: create a meeting, record items, check, list allowed actions, fire, verify.

Every endpoint loads the stored meeting and verifies it against the head stored with it; every
write names the version it was based on and is saved only if nobody wrote in between; every
error is answered as RFC 9457 problem details.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, timezone
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from meetingflow import Flow, default_flow
from meetingflow.errors import InvalidRecord, MeetingflowError
from meetingflow.i18n import Lang, negotiate
from meetingflow.integrity import head
from meetingflow.records import Meeting
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from meetingflow_host.db import Store

DEFAULT_DB = "sqlite:///meetingflow-host.db"
"""Used when neither an URL nor ``MEETINGFLOW_HOST_DB`` is given."""
LANG: Lang = "en"
"""The language of the answers when ``Accept-Language`` asks for neither of meetingflow's."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Write(BaseModel):
    """What every write names: who, when, and the version it was based on."""

    actor: str
    at: datetime = Field(default_factory=_now)
    expected_version: int


class Entry(Write):
    """``POST /meetings/{id}/items``: items as ``{"type": "leave_request", ...}``."""

    items: list[dict[str, Any]]


class Firing(Write):
    """``POST /meetings/{id}/fire``: the keywords of :meth:`meetingflow.Flow.fire`."""

    trigger: str
    reason: str | None = None
    return_to: str | None = None
    new_date: date | None = None
    notified: tuple[str, ...] = ()


def problem(request: Request, error: MeetingflowError) -> JSONResponse:
    """``error`` as problem details, in the request's language."""
    return JSONResponse(
        error.to_dict(negotiate(request.headers.get("accept-language"), LANG)),
        status_code=error.status,
        media_type="application/problem+json",
    )


def summary(meeting: Meeting) -> dict[str, Any]:
    """What a client needs for its next write."""
    return {
        "id": meeting.id,
        "stage": meeting.stage,
        "version": meeting.version,
        "head": head(meeting),
    }


def create_app(url: str | None = None, flow: Flow | None = None) -> FastAPI:
    """The API over the database at ``url`` (default: ``$MEETINGFLOW_HOST_DB``, else a SQLite file)."""
    flow = flow or default_flow()
    store = Store(url or os.environ.get("MEETINGFLOW_HOST_DB") or DEFAULT_DB)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.engine.dispose()

    app = FastAPI(title="meetingflow host", lifespan=lifespan)

    def load(meeting_id: str) -> Meeting:
        """The stored meeting, verified: its history ends at the head stored with it."""
        row = store.get(meeting_id)
        return flow.load(row.document, expected_head=row.head)

    def save(meeting: Meeting, read: Meeting) -> dict[str, Any]:
        store.replace(meeting, read=read.version)
        return summary(meeting)

    def insert(document: bytes) -> dict[str, Any]:
        meeting = flow.parse(document)
        flow.verify(meeting)
        store.insert(meeting)
        return summary(meeting)

    @app.post("/meetings", status_code=201)
    async def create(request: Request) -> dict[str, Any]:
        return await run_in_threadpool(insert, await request.body())  # the body is the meeting

    @app.get("/meetings/{meeting_id}")
    def read(meeting_id: str) -> dict[str, Any]:
        return load(meeting_id).model_dump(mode="json")

    @app.get("/meetings/{meeting_id}/verify")
    def verify(meeting_id: str) -> dict[str, Any]:
        return {**summary(load(meeting_id)), "verified": True}

    @app.get("/meetings/{meeting_id}/check")
    def check(
        meeting_id: str, request: Request, at: datetime | None = None, trigger: str | None = None
    ) -> dict[str, Any]:
        report = flow.check(load(meeting_id), at=at or _now(), trigger=trigger)
        return report.to_dict(negotiate(request.headers.get("accept-language"), LANG))

    @app.get("/meetings/{meeting_id}/allowed")
    def allowed(
        meeting_id: str, actor: str, request: Request, at: datetime | None = None
    ) -> dict[str, Any]:
        options = flow.allowed(load(meeting_id), actor=actor, at=at or _now())
        return options.to_dict(negotiate(request.headers.get("accept-language"), LANG))

    @app.post("/meetings/{meeting_id}/items")
    def record(meeting_id: str, body: Entry) -> dict[str, Any]:
        meeting = load(meeting_id)
        items = flow.items_from_dicts(body.items)  # a problem's path: items[2].issued_on
        changed = flow.record(
            meeting, *items, actor=body.actor, at=body.at, expected_version=body.expected_version
        )
        return save(changed, meeting)

    @app.post("/meetings/{meeting_id}/fire")
    def fire(meeting_id: str, body: Firing) -> dict[str, Any]:
        meeting = load(meeting_id)
        return save(flow.fire(meeting, **body.model_dump()), meeting)

    @app.exception_handler(MeetingflowError)
    async def meetingflow_error(request: Request, error: MeetingflowError) -> JSONResponse:
        return problem(request, error)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        # skip=1: FastAPI's ("body", "actor") is the request's "actor"
        return problem(request, InvalidRecord.from_errors("request", error.errors(), skip=1))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        body = {"type": "about:blank", "title": error.detail, "status": error.status_code}
        return JSONResponse(body, error.status_code, error.headers, "application/problem+json")

    return app
