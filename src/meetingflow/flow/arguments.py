"""Checks of the arguments hosts pass to ``fire`` and ``record``, beyond their types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Messages, Text

if TYPE_CHECKING:
    from meetingflow.records import Meeting

__all__ = ["expectations", "notified_members"]


def expectations(expected_version: object, expected_head: object) -> None:
    """``expected_version`` is an int or ``None``; ``expected_head`` a digest or ``None``."""
    if expected_version is not None and (
        not isinstance(expected_version, int) or isinstance(expected_version, bool)
    ):
        raise InvalidArgument(Messages.bad_expected.format(name="expected_version", kind="int"))
    if expected_head is not None and not isinstance(expected_head, str):
        raise InvalidArgument(Messages.bad_expected.format(name="expected_head", kind="str"))


def notified_members(meeting: Meeting, notified: object) -> tuple[str, ...]:
    """The members told of a redo: roster ids (a single string is refused, not split)."""
    ids: tuple[object, ...] | None
    try:
        ids = () if notified is None else tuple(notified)  # type: ignore[arg-type]
    except TypeError:
        ids = None
    if isinstance(notified, str) or ids is None or not all(isinstance(i, str) for i in ids):
        raise InvalidArgument(
            Text(
                "notified 须为党员编号的列表",
                f"notified must be a list of member ids, not {type(notified).__name__}",
            )
        )
    named = tuple(str(i) for i in ids)
    unknown = [i for i in named if meeting.member(i) is None]
    if unknown:
        shown = ", ".join(repr(i)[:40] for i in unknown[:10])
        raise InvalidArgument(
            Text(f"notified 中的 {shown} 不在名册上", f"notified names {shown}, not on the roster")
        )
    return named
