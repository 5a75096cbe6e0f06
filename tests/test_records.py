"""Records: strict validation with paths, lossless JSON, and the one way to change a meeting."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

import meetingflow as mf
from meetingflow import testing

AT = testing.example_at("preparation")


def minimal(**extra: object) -> dict[str, object]:
    return {
        "id": "x",
        "organization": {"id": "o", "name": "Org"},
        "roster": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        **extra,
    }


def test_round_trip_is_lossless(closed: mf.Meeting) -> None:
    raw = closed.model_dump_json()
    again = mf.Meeting.model_validate_json(raw)
    assert again == closed and again.model_dump_json() == raw
    mf.verify_history(again)


def test_unknown_fields_are_rejected_with_paths() -> None:
    data = minimal(
        preparation={
            "talks": [{"person_a": "a", "person_b": "b", "held_on": "2021-06-01", "mood": 1}]
        }
    )
    with pytest.raises(mf.InvalidRecord) as info:
        mf.Meeting.model_validate(data)
    assert info.value.paths == ("preparation.talks[0].mood",)


def test_every_unknown_member_is_reported_together() -> None:
    data = minimal(
        critique={
            "criticisms": [
                {"from_member": "a", "to_member": "b", "text": "ok"},
                {"from_member": "a", "to_member": "zz", "text": "t"},
                {"from_member": "yy", "to_member": "a", "text": "t"},
            ]
        }
    )
    with pytest.raises(mf.InvalidRecord) as info:
        mf.Meeting.model_validate(data)
    assert info.value.paths == (
        "critique.criticisms[1].to_member",
        "critique.criticisms[2].from_member",
    )
    assert "'zz' is not on the roster" in str(info.value)


def test_structural_problems_are_reported_together() -> None:
    with pytest.raises(mf.InvalidRecord) as info:
        mf.Meeting.model_validate({"id": 3, "roster": [], "stage": ""})
    assert set(info.value.paths) >= {"id", "organization", "roster", "stage"}


def test_naive_datetime_in_history_is_an_error(closed: mf.Meeting) -> None:
    data = closed.model_dump(mode="json")
    data["history"][0]["at"] = "2021-06-25T09:00:00"
    with pytest.raises(mf.InvalidRecord) as info:
        mf.Meeting.model_validate(data)
    assert info.value.paths == ("history[0].at",)


def test_constructors_raise_invalid_record_too() -> None:
    with pytest.raises(mf.InvalidRecord) as info:
        mf.Talk(person_a="a", person_b="a", held_on=date(2021, 1, 1))
    assert "two different members" in str(info.value)
    with pytest.raises(mf.InvalidRecord) as info2:
        mf.Criticism(from_member="a", to_member="b", text="")
    assert info2.value.paths == ("text",)
    with pytest.raises(mf.InvalidRecord):
        mf.Problem(id="p", description="d")  # member scope needs an owner


def test_supervisor_is_not_a_member() -> None:
    data = minimal(
        supervisors=[{"id": "s", "name": "S", "org_id": "up"}],
        review={"attendance": [{"member_id": "s"}]},
    )
    with pytest.raises(mf.InvalidRecord, match="a supervisor, not a member"):
        mf.Meeting.model_validate(data)


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(mf.InvalidRecord, match="appears more than once"):
        mf.Meeting.model_validate(
            minimal(roster=[{"id": "a", "name": "A"}, {"id": "a", "name": "B"}])
        )


def test_records_are_immutable(prep: mf.Meeting) -> None:
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error
        prep.stage = "closed"  # type: ignore[misc]
    assert isinstance(prep.preparation.talks, tuple)


def test_record_places_items_by_type_and_bumps_version(prep: mf.Meeting) -> None:
    talk = mf.Talk(person_a="m05", person_b="m07", held_on=date(2021, 6, 19))
    m = prep.record(talk)
    assert m.preparation.talks[-1] == talk and m.version == prep.version + 1
    assert prep.preparation.talks[-1] != talk


def test_record_replaces_items_with_the_same_identity(in_rect: mf.Meeting) -> None:
    item = in_rect.rectification.item("r-m03").replace(supervision_notes=("再督促",))
    m = in_rect.record(item)
    assert m.rectification.item("r-m03").supervision_notes == ("再督促",)
    assert len(m.rectification.items) == len(in_rect.rectification.items)


def test_record_validates_references(prep: mf.Meeting) -> None:
    with pytest.raises(mf.InvalidRecord) as info:
        prep.record(mf.Talk(person_a="m01", person_b="ghost", held_on=date(2021, 6, 19)))
    assert info.value.paths[0].startswith("preparation.talks[")


def test_record_refuses_sealed_sections_and_changes_nothing(
    in_review: mf.Meeting, in_critique: mf.Meeting
) -> None:
    with pytest.raises(mf.SectionSealed) as info:
        in_review.record(mf.Talk(person_a="m05", person_b="m07", held_on=date(2021, 6, 26)))
    assert info.value.path == "preparation.talks" and info.value.sealed_by == 0
    assert in_review.record(mf.Member(id="m09", name="新人")).member("m09").name == "新人"
    with pytest.raises(mf.SectionSealed) as info2:
        in_critique.record(mf.Member(id="m09", name="新人"))
    assert info2.value.path == "roster" and info2.value.sealed_by == 1


def test_record_rejects_things_that_are_not_recorded_directly(prep: mf.Meeting) -> None:
    with pytest.raises(mf.InvalidRecord, match="not something a meeting records"):
        prep.record(mf.Review())


def test_replace_validates(prep: mf.Meeting) -> None:
    with pytest.raises(mf.InvalidRecord) as info:
        prep.replace(colour="red")
    assert info.value.paths == ("colour",)
    with pytest.raises(mf.InvalidRecord):
        prep.replace(version=-1)


def test_item_lookup_names_known_ids(in_rect: mf.Meeting) -> None:
    with pytest.raises(KeyError, match="r-branch"):
        in_rect.rectification.item("nope")
    assert in_rect.rectification.item("r-m01").status is mf.ItemStatus.CLOSED


def test_json_schema_lists_every_section() -> None:
    schema = mf.Meeting.model_json_schema()
    for section in ("preparation", "review", "critique", "rectification", "closing", "history"):
        assert section in schema["properties"]
    assert schema["additionalProperties"] is False


def test_invalid_json_is_invalid_record() -> None:
    for raw in ("", "{", "[]", "null", json.dumps(minimal(stage=5))):
        with pytest.raises(mf.InvalidRecord):
            mf.Meeting.model_validate_json(raw)


def test_rectification_item_status() -> None:
    base = {"id": "r", "owner_id": "a", "description": "d", "due_on": date(2021, 8, 1)}
    item = mf.RectificationItem(**base)
    assert item.status is mf.ItemStatus.OPEN and item.overdue_on(date(2021, 8, 2))
    long_term = item.replace(
        long_term=mf.LongTerm(milestones=("Q3",), approved_by="s", approved_on=date(2021, 7, 1))
    )
    assert long_term.status is mf.ItemStatus.LONG_TERM and not long_term.overdue_on(
        date(2021, 9, 1)
    )


def test_datetime_type_check(prep: mf.Meeting) -> None:
    assert isinstance(AT, datetime) and AT.tzinfo is not None
