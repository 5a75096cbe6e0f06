"""Portfolio records: JSON in and out, every bad reference refused with its path."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pf_data import base, make

from meetingflow.errors import InvalidArgument, InvalidRecord, UnsupportedSchema
from meetingflow.portfolio import Portfolio, example_portfolio


def paths(data: dict[str, Any]) -> tuple[str, ...]:
    with pytest.raises(InvalidRecord) as caught:
        make(data)
    return caught.value.paths


def test_json_round_trip() -> None:
    p = example_portfolio()
    again = Portfolio.model_validate_json(p.model_dump_json())
    assert again == p and again.dossiers[0].meeting.id == "mt-asset-b1-2021"
    small = make()
    assert Portfolio.model_validate_json(small.model_dump_json()) == small


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["organizations"][3].update(parent_id="nope"), "organizations[3].parent_id"),
        (
            lambda d: d["campaigns"][0]["scope_org_ids"].append("nope"),
            "campaigns[0].scope_org_ids[3]",
        ),
        (lambda d: d["campaigns"][0].update(issuer_org="nope"), "campaigns[0].issuer_org"),
        (lambda d: d["meetings"][1].update(org_id="nope"), "meetings[1].org_id"),
        (lambda d: d["meetings"][1].update(campaign_id="nope"), "meetings[1].campaign_id"),
        (lambda d: d["meetings"][2].update(id="m-B1"), "meetings"),
        (lambda d: d["organizations"].append({"id": "B1", "name": "重复"}), "organizations"),
        (lambda d: d["guidance"][0].update(by_org="nope"), "guidance[0].by_org"),
        (lambda d: d["meetings"][0]["attendance"].update(present=8), "meetings[0].attendance"),
        (lambda d: d["meetings"][0]["problems"].update(closed_verified=9), "meetings[0].problems"),
        (lambda d: d["meetings"][0].update(held_on=20210701), "meetings[0].held_on"),
        (lambda d: d["meetings"][0].update(unknown=1), "meetings[0].unknown"),
        (
            lambda d: d.update(
                attendance=[
                    {"member_id": "m", "org_id": "B1", "since": "2021-02-01", "until": "2021-01-01"}
                ]
            ),
            "attendance[0]",
        ),
        (lambda d: d["organizations"][3].update(timezone="Mars/Base"), "organizations[3].timezone"),
    ],
)
def test_bad_references_and_values_are_refused_with_paths(change: Any, path: str) -> None:
    data = base()
    change(data)
    assert path in paths(data)


def test_a_cycle_in_the_hierarchy() -> None:
    data = base()
    data["organizations"][0]["parent_id"] = "B3"  # G under its own branch
    found = paths(data)
    assert any(p.startswith("organizations[") and p.endswith(".parent_id") for p in found)


def test_every_problem_at_once_and_problem_details() -> None:
    data = base()
    data["meetings"][0]["org_id"] = "x"
    data["guidance"][1]["org_id"] = "y"
    with pytest.raises(InvalidRecord) as caught:
        make(data)
    assert set(caught.value.paths) >= {"meetings[0].org_id", "guidance[1].org_id"}
    body = caught.value.to_dict("zh")
    assert body["status"] == 422 and "没有组织" in body["errors"][0]["message"]


def test_schema_version_and_invalid_json() -> None:
    data = base()
    data["schema_version"] = 99
    with pytest.raises(UnsupportedSchema):
        make(data)
    with pytest.raises(InvalidRecord):
        Portfolio.model_validate_json("{not json")
    with pytest.raises(InvalidRecord):
        Portfolio.model_validate_json('{"id": "x", "name": "x", "organizations": []}')


def test_records_are_values() -> None:
    p = make()
    data = copy.deepcopy(base())
    assert make(data) == p
    with pytest.raises(Exception):  # noqa: B017 - frozen pydantic model
        p.name = "x"  # type: ignore[misc]


def test_parsing_leaves_the_garbage_collector_as_it_found_it() -> None:
    """The parse pauses the collector (it is quadratic-ish on one large tree), never longer."""
    import gc
    import json

    raw = example_portfolio().model_dump_json()
    assert gc.isenabled()
    assert Portfolio.model_validate_json(raw) == example_portfolio()
    assert gc.isenabled()
    with pytest.raises(InvalidRecord):
        Portfolio.model_validate_json(json.dumps({**json.loads(raw), "organizations": []}))
    assert gc.isenabled()
    gc.disable()
    try:
        Portfolio.model_validate_json(raw)
        assert not gc.isenabled()  # a host that disabled it keeps it disabled
    finally:
        gc.enable()


def test_the_rules_and_figures_leave_the_collector_as_they_found_it() -> None:
    import gc
    from datetime import datetime, timedelta, timezone

    from meetingflow.portfolio import evaluate, figures

    p = example_portfolio()
    at = datetime(2021, 9, 15, 10, tzinfo=timezone(timedelta(hours=8)))
    assert gc.isenabled()
    evaluate(p, at=at)
    figures(p, at=at)
    assert gc.isenabled()
    with pytest.raises(InvalidArgument):
        figures(p, at=datetime(2021, 9, 15))  # naive: refused inside the pause
    assert gc.isenabled()
