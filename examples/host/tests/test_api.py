"""Each endpoint once: create, read, record, check, allowed, fire, verify."""

from __future__ import annotations

from meetingflow import Flow, testing
from meetingflow.integrity import head

from host_api import ERRORS, MEETING, Api, ok

BP = testing.Blueprint()
PREPARATION = testing.scenario(BP)[0]
NOTICE = PREPARATION.batches[0]


def test_create_answers_the_version_and_stores_the_draft(api: Api, flow: Flow) -> None:
    draft = testing.new_meeting(BP)
    response = api.create(draft)
    assert response.status_code == 201
    assert response.json() == {"id": MEETING, "stage": "preparation", "version": 0, "head": None}
    assert flow.parse(api.get().content) == draft


def test_record_answers_the_new_version_and_head(api: Api, created: int, flow: Flow) -> None:
    response = api.record(created, NOTICE.actor, NOTICE.at, *NOTICE.items)
    assert ok(response) == 1
    meeting = flow.parse(api.get().content)
    assert meeting.preparation.notice == NOTICE.items[0]
    assert response.json()["head"] == head(meeting)
    assert meeting.history[-1].actor == NOTICE.actor


def test_check_is_the_report_in_the_asked_language(api: Api, created: int) -> None:
    params = {"at": testing.example_at("preparation").isoformat(), "trigger": "start_review"}
    en = api.client.get(f"{api.url}/check", params=params).json()
    assert (en["trigger"], en["ok"]) == ("start_review", False)
    zh = api.client.get(f"{api.url}/check", params=params, headers={"Accept-Language": "zh-CN"})
    first = zh.json()["findings"][0]
    assert first["rule_id"] == en["findings"][0]["rule_id"]
    assert first["message"] != en["findings"][0]["message"]


def test_allowed_lists_every_trigger_and_why_not(api: Api, created: int) -> None:
    options = api.get("allowed", actor="m01", at=testing.example_at("preparation")).json()
    assert options["allowed"] == []
    start = next(t for t in options["triggers"] if t["trigger"] == "start_review")
    assert start["ok"] is False and start["why_not"] and start["blocking"]


def test_the_example_preparation_then_fire(api: Api, created: int) -> None:
    version = api.play(created, [PREPARATION])
    assert api.get("verify").json() == {
        "id": MEETING,
        "stage": "review",
        "version": version,
        "head": api.get().json()["history"][-1]["digest"],
        "verified": True,
    }
    sealed = api.record(version, "m01", testing.example_at("review"), *NOTICE.items)
    assert (sealed.status_code, sealed.json()["path"]) == (409, "preparation.notice")


def test_a_stale_write_gets_409(api: Api, created: int) -> None:
    ok(api.record(created, NOTICE.actor, NOTICE.at, *NOTICE.items))
    stale = api.record(created, NOTICE.actor, NOTICE.at, *NOTICE.items)
    assert stale.status_code == 409
    assert stale.json()["type"] == ERRORS + "version-conflict"
    assert (stale.json()["expected"], stale.json()["actual"]) == (0, 1)
