"""Checks of the arguments hosts pass to ``fire`` and ``record``, beyond their types."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from meetingflow import records as rec
from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Messages, Text

if TYPE_CHECKING:
    from meetingflow.records import Meeting

__all__ = ["actor_id", "aware", "expectations", "local_day", "notified_members"]


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


def aware(at: object, name: str = "at") -> datetime:
    """``at`` if it is a timezone-aware datetime with a whole-minute offset; else the library's error."""
    if not isinstance(at, datetime):
        raise InvalidArgument(Messages.not_a_datetime.format(name=name, got=type(at).__name__))
    offset = at.utcoffset() if at.tzinfo is not None else None
    if offset is None:
        raise InvalidArgument(Messages.naive_datetime.format(name=name, value=at.isoformat()))
    if offset.seconds % 60 or offset.microseconds:
        raise InvalidArgument(
            Messages.offset_seconds.format(name=name, value=at.isoformat(), offset=str(offset))
        )
    return at


def actor_id(actor: object) -> str:
    """A person id, from an id or anything with an ``id`` (a ``Member``, a ``Supervisor``)."""
    if isinstance(actor, rec.Member | rec.Supervisor):
        return actor.id
    if isinstance(actor, str) and actor.strip() and len(actor) <= 128:
        return actor
    raise InvalidArgument(Messages.bad_actor.format(got=repr(actor)[:60]))


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_day(meeting: Meeting, at: datetime) -> date:
    """The date of ``at`` in the organization's time zone: what every day-count rule compares."""
    return at.astimezone(_zone(meeting.organization.timezone)).date()
