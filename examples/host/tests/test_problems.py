"""Every error is RFC 9457 problem details with the status the error carries."""

from __future__ import annotations

from typing import Any

from meetingflow import default_flow, testing

from host_api import ERRORS, HOST_ERRORS, MEETING, PROBLEM, Api

BP = testing.Blueprint()
NOTICE = testing.scenario(BP)[0].batches[0]
AT = NOTICE.at.isoformat()
INVALID = ERRORS + "invalid-record"
ITEM = default_flow().item_to_dict(NOTICE.items[0])


def problem(response: Any, status: int, type_: str) -> dict[str, Any]:
    assert response.status_code == status, response.json()
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert (body["type"], body["status"]) == (type_, status)
    assert body["title"]
    assert type_ == "about:blank" or body["detail"]  # about:blank: not meetingflow's, no route
    return body


def items(api: Api, *items: dict[str, Any], actor: str = "m01", at: str = AT) -> Any:
    body = {"actor": actor, "at": at, "expected_version": 0, "items": list(items)}
    return api.client.post(f"{api.url}/items", json=body)


def test_unknown_meeting(api: Api) -> None:
    body = problem(api.client.get("/meetings/nope/check"), 404, HOST_ERRORS + "unknown-meeting")
    assert body["meeting_id"] == "nope"


def test_meeting_exists(api: Api, created: int) -> None:
    problem(api.create(testing.new_meeting(BP)), 409, HOST_ERRORS + "meeting-exists")


def test_invalid_meeting_document_names_every_path(api: Api) -> None:
    draft: dict[str, Any] = testing.new_meeting(BP).model_dump(mode="json")
    draft["roster"][2]["id"] = " m03"
    draft["organization"]["timezone"] = "Mars/Olympus"
    body = problem(api.client.post("/meetings", json=draft), 422, INVALID)
    assert {e["path"] for e in body["errors"]} >= {"roster[2].id", "organization.timezone"}


def test_unknown_item_type_says_which_item(api: Api, created: int) -> None:
    body = problem(items(api, ITEM, {"type": "party"}), 422, INVALID)
    assert [e["path"] for e in body["errors"]] == ["items[1].type"]


def test_invalid_item_field_says_which_item(api: Api, created: int) -> None:
    bad = {**ITEM, "issued_on": "June 1st"}
    body = problem(items(api, bad), 422, INVALID)
    assert [e["path"] for e in body["errors"]] == ["items[0].issued_on"]


def test_every_invalid_item_is_named_at_once(api: Api, created: int) -> None:
    response = items(api, {"type": "party"}, ITEM, {**ITEM, "issued_on": "June 1st"})
    body = problem(response, 422, INVALID)
    assert [e["path"] for e in body["errors"]] == ["items[0].type", "items[2].issued_on"]


def test_malformed_request_body_in_either_language(api: Api, created: int) -> None:
    def messages(body: dict[str, Any], lang: str) -> dict[str, str]:
        response = api.client.post(f"{api.url}/items", json=body, headers={"Accept-Language": lang})
        return {e["path"]: e["message"] for e in problem(response, 422, INVALID)["errors"]}

    missing = {"at": AT, "items": []}
    assert messages(missing, "en") == {
        "actor": "Field required",
        "expected_version": "Field required",
    }
    assert messages(missing, "zh") == {"actor": "缺少必填字段", "expected_version": "缺少必填字段"}
    wrong = {**missing, "actor": 5, "expected_version": "x", "items": [{"type": "notice"}, 3]}
    assert messages(wrong, "zh") == {
        "actor": "应为文本",
        "expected_version": "应为整数",
        "items[1]": "应为对象",
    }


def test_malformed_query(api: Api, created: int) -> None:
    body = problem(api.get("check", at="the day after"), 422, INVALID)
    assert [(e["path"], e["type"]) for e in body["errors"]] == [
        ("at", "datetime_from_date_parsing")
    ]


def test_naive_time(api: Api, created: int) -> None:
    problem(items(api, ITEM, at="2021-06-01T09:00:00"), 400, ERRORS + "invalid-argument")


def test_not_permitted(api: Api, created: int) -> None:
    body = problem(items(api, ITEM, actor="m05"), 403, ERRORS + "not-permitted")
    assert body["actor"] == "m05"


def test_unknown_trigger(api: Api, created: int) -> None:
    problem(api.fire(0, "adjourn", "m01", NOTICE.at), 404, ERRORS + "unknown-trigger")


def test_invalid_transition(api: Api, created: int) -> None:
    body = problem(api.fire(0, "close", "s01", NOTICE.at), 409, ERRORS + "invalid-transition")
    assert body["stage"] == "preparation"


def test_blocked_transition_carries_the_report(api: Api, created: int) -> None:
    body = problem(
        api.fire(0, "start_review", "m01", NOTICE.at), 409, ERRORS + "transition-blocked"
    )
    assert body["report"]["ok"] is False
    assert all(f["blocks"] for f in body["report"]["findings"] if f["severity"] == "error")


def test_in_chinese_when_asked(api: Api) -> None:
    response = api.client.get(f"/meetings/{MEETING}", headers={"Accept-Language": "zh-CN"})
    assert problem(response, 404, HOST_ERRORS + "unknown-meeting")["title"] == "没有这个会议"


def test_the_language_asked_for_with_the_highest_weight(api: Api) -> None:
    def title(accept_language: str) -> str:
        response = api.client.get("/meetings/nope", headers={"Accept-Language": accept_language})
        return str(problem(response, 404, HOST_ERRORS + "unknown-meeting")["title"])

    assert title("en;q=0.5, zh-CN;q=0.9") == title("fr, zh;q=0.8") == "没有这个会议"
    assert title("de") == title("*") == title("zh;q=0, en;q=0.1") == "Unknown meeting"


def test_unknown_route(api: Api) -> None:
    problem(api.client.get("/nowhere"), 404, "about:blank")
