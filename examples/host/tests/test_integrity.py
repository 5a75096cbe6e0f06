"""A row edited behind the host's back is refused on load: edits by the chain, a history cut or
extended by the head stored with it."""

from __future__ import annotations

import json

import sqlalchemy as sa
from meetingflow import Flow, testing

from host_api import ERRORS, MEETING, Api, ok
from meetingflow_host import Store
from meetingflow_host.db import meetings

STEP = testing.scenario(testing.Blueprint())[0]


def tamper(store: Store, **values: object) -> None:
    with store.engine.begin() as db:
        db.execute(sa.update(meetings).where(meetings.c.id == MEETING).values(**values))


def test_an_edited_document_is_refused(api: Api, created: int, store: Store) -> None:
    batch = STEP.batches[0]
    ok(api.record(created, batch.actor, batch.at, *batch.items))
    document = json.loads(store.get(MEETING).document)
    document["roster"][0]["name"] = "王二"
    tamper(store, document=json.dumps(document))
    for response in (
        api.get(),
        api.get("verify"),
        api.record(1, batch.actor, batch.at, *batch.items),
    ):
        assert response.status_code == 422
        assert response.json()["type"] == ERRORS + "history-tampered"


def test_a_rolled_back_history_is_refused_by_the_stored_head(
    api: Api, created: int, store: Store, flow: Flow
) -> None:
    version = created
    for batch in STEP.batches[:3]:
        version = ok(api.record(version, batch.actor, batch.at, *batch.items))
        if version == 1:
            earlier = store.get(MEETING)
    flow.verify(flow.parse(earlier.document))  # on its own, the old document is consistent
    tamper(store, document=earlier.document, version=earlier.version)  # the head stays
    response = api.get("verify")
    assert response.status_code == 422
    assert response.json()["type"] == ERRORS + "history-tampered"


def test_a_history_extended_past_the_stored_head_is_refused(
    api: Api, created: int, store: Store, flow: Flow
) -> None:
    batch = STEP.batches[0]
    ok(api.record(created, batch.actor, batch.at, *batch.items))
    stolen = flow.parse(store.get(MEETING).document)  # anyone can append with the library
    forged = flow.record(stolen, batch.items[0].evolve(title="forged"), actor="m01", at=batch.at)
    flow.verify(forged, anchor=store.get(MEETING).head)  # an anchor may be followed by more
    tamper(store, document=forged.model_dump_json(), version=forged.version)
    response = api.get("verify")
    assert response.status_code == 422
    assert response.json()["type"] == ERRORS + "history-tampered"
    assert "goes on past the stored head" in response.json()["detail"]
    assert response.json()["index"] == 1  # the first event added since it was stored


def test_a_history_given_to_a_stored_draft_is_refused(
    api: Api, created: int, store: Store, flow: Flow
) -> None:
    batch = STEP.batches[0]
    draft = flow.parse(store.get(MEETING).document)
    forged = flow.record(draft, *batch.items, actor=batch.actor, at=batch.at)
    tamper(store, document=forged.model_dump_json(), version=forged.version)  # the head: None
    response = api.get()
    assert response.status_code == 422
    assert response.json()["type"] == ERRORS + "history-tampered"
    assert response.json()["index"] == 0  # it had no history at all
