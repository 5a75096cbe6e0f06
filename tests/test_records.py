"""Records: strict, exact, immutable; every problem reported with its path, in both languages."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from pydantic import TypeAdapter, ValidationError

from meetingflow import errors, testing
from meetingflow import records as r


def base(**extra: object) -> dict[str, object]:
    return {
        "id": "x",
        "organization": {"id": "o", "name": "O"},
        "roster": [{"id": "m1", "name": "A"}],
        **extra,
    }


def test_every_problem_comes_back_with_its_path_and_both_languages() -> None:
    with pytest.raises(errors.InvalidRecord) as caught:
        r.Meeting.model_validate(base(roster=[{"id": " m1", "name": ""}], stage=3))
    entries = {e.path: e for e in caught.value.entries}
    assert {"roster[0].id", "roster[0].name", "stage"} <= set(entries)
    assert entries["roster[0].id"].message.zh != entries["roster[0].id"].message.en
    body = caught.value.to_dict("zh")
    assert body["status"] == 422 and body["errors"][0]["path"]


def test_cross_record_checks_hold_for_every_way_in() -> None:
    data = base(
        review={
            "leave_requests": [
                {"member_id": "GHOST", "requested_on": "2021-06-01", "reason": "出差"}
            ]
        }
    )
    with pytest.raises(errors.InvalidRecord) as caught:
        r.Meeting.model_validate(data)
    assert caught.value.paths == ("review.leave_requests[0].member_id",)
    with pytest.raises(ValidationError, match="GHOST"):
        TypeAdapter(r.Meeting).validate_python(data)
    with pytest.raises(errors.InvalidRecord):
        r.Meeting.model_construct(**data)


def test_text_is_stored_exactly_as_given() -> None:
    text = "\u3000\u3000对照检查发言\u00a0 "
    exam = r.SelfExamination(member_id="m1", order=1, summary=text)
    assert exam.summary == text
    assert r.SelfExamination.model_validate_json(exam.model_dump_json()).summary == text


@pytest.mark.parametrize("value", ["", "   ", "\u3000"])
def test_blank_required_text_is_refused(value: str) -> None:
    with pytest.raises(errors.InvalidRecord):
        r.Criticism(id="c1", from_member="a", to_member="b", text=value)


def test_ids_refuse_whitespace_and_control_characters() -> None:
    for bad in (" m1", "m1 ", "m\x001", "", "x" * 129):
        with pytest.raises(errors.InvalidRecord):
            r.Member(id=bad, name="A")


def test_dates_are_never_guessed_from_numbers() -> None:
    with pytest.raises(errors.InvalidRecord):
        r.Notification.model_validate({"member_id": "m1", "notified_on": 20210625})
    with pytest.raises(errors.InvalidRecord):
        r.Notification(member_id="m1", notified_on=datetime(2021, 6, 25, tzinfo=timezone.utc))  # type: ignore[arg-type]
    assert r.Notification.model_validate(
        {"member_id": "m1", "notified_on": "2021-06-25"}
    ).notified_on == date(2021, 6, 25)


def test_offsets_with_seconds_are_refused_not_truncated() -> None:
    odd = timezone(timedelta(hours=5, minutes=30, seconds=15))
    meeting = testing.example("closed")
    event = meeting.history[0]
    with pytest.raises(errors.InvalidRecord, match="seconds"):
        event.evolve(at=datetime(2021, 6, 1, tzinfo=odd))


def test_non_finite_numbers_are_refused() -> None:
    with pytest.raises(errors.InvalidRecord):
        r.StudySession(id="s", held_on=date(2021, 6, 1), hours=float("nan"))


def test_lists_are_capped_before_their_entries_are_validated() -> None:
    raw = json.dumps(base(preparation={"notifications": [{"member_id": 1}] * (r.MAX_ENTRIES + 1)}))
    with pytest.raises(errors.InvalidRecord) as caught:
        r.Meeting.model_validate_json(raw)
    assert caught.value.total == 1 and "too many" in caught.value.entries[0].message.en


def test_error_lists_are_capped() -> None:
    raw = json.dumps(base(preparation={"notifications": [{"member_id": 1}] * 5000}))
    with pytest.raises(errors.InvalidRecord) as caught:
        r.Meeting.model_validate_json(raw)
    assert len(caught.value.entries) == errors.MAX_ERROR_ENTRIES
    assert caught.value.total >= 5000


def test_records_are_immutable_and_evolve_validates() -> None:
    m = r.Member(id="m1", name="A")
    with pytest.raises(errors.InvalidArgument, match=r"immutable.*\.evolve\(name=\.\.\.\)"):
        m.name = "B"  # type: ignore[misc]
    with pytest.raises(errors.InvalidArgument, match="immutable"):
        del m.name  # type: ignore[misc]
    assert m.evolve(name="B").name == "B" and m.name == "A"
    with pytest.raises(errors.InvalidRecord):
        m.evolve(nope=1)


def test_equality_and_hash_ignore_caches() -> None:
    a = testing.example("preparation")
    b = r.Meeting.model_validate_json(a.model_dump_json())
    assert a == b and hash(a) == hash(b)


def test_unknown_discipline_kinds_are_refused() -> None:
    with pytest.raises(errors.InvalidRecord, match=r"discipline\.kind"):
        r.Member.model_validate({"id": "m1", "name": "A", "discipline": {"kind": "demoted"}})


def test_schema_versions() -> None:
    data = json.loads(testing.example("preparation").model_dump_json())
    with pytest.raises(errors.UnsupportedSchema, match="upgrade meetingflow"):
        r.Meeting.model_validate({**data, "schema_version": 3})
    with pytest.raises(errors.UnsupportedSchema):
        r.Meeting.model_validate({**data, "schema_version": "1"})
    assert r.SCHEMA_VERSION == 2


def test_vocabulary_has_both_languages() -> None:
    for name in r.__all__:
        value = getattr(r, name)
        if isinstance(value, type) and issubclass(value, r.Term):
            for member in value:
                assert member.label.zh and member.label.en, member
