"""One path grammar: parse, format, resolve, is_within."""

from __future__ import annotations

import pytest

from meetingflow import errors, testing
from meetingflow.records import paths


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", ()),
        ("roster", ("roster",)),
        ("rectification.items[3].due_on", ("rectification", "items", 3, "due_on")),
    ],
)
def test_round_trip(text: str, parts: tuple[object, ...]) -> None:
    assert paths.parse(text) == parts
    assert paths.format(parts) == text  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [".a", "a.", "a..b", "[0]", "a[x]", "a.__class__", "a b", "a[-1]"])
def test_bad_paths_are_the_librarys_error(bad: str) -> None:
    with pytest.raises(errors.InvalidArgument):
        paths.parse(bad)


def test_resolve() -> None:
    m = testing.example("preparation")
    assert paths.resolve(m, "roster[0].id") == "m01"
    with pytest.raises(KeyError):
        paths.resolve(m, "roster[999]")
    with pytest.raises(KeyError):
        paths.resolve(m, "nope")


def test_is_within() -> None:
    assert paths.is_within("review.session.chair_id", "review")
    assert paths.is_within("review", "review")
    assert not paths.is_within("reviewer", "review")
    assert paths.is_within("rectification.items[2]", "rectification.items")
