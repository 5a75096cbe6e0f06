"""Storage: one row per meeting, written only by whoever read its current version.

The row keeps the meeting's JSON document, its version (the compare-and-swap key) and the head
digest of its history (every later load expects the history to end there).
"""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from meetingflow.errors import MeetingflowError, VersionConflict
from meetingflow.i18n import Text
from meetingflow.integrity import head
from meetingflow.records import Meeting

metadata = sa.MetaData()
meetings = sa.Table(
    "meetings",
    metadata,
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("head", sa.String(64)),  # head(meeting): None before the first event
    sa.Column("document", sa.Text, nullable=False),  # meeting.model_dump_json()
)

PROBLEMS = "https://meetingflow.readthedocs.io/en/latest/how-to/host-application/#"
"""The host's own problem types are this plus the error's code: their entries in the guide."""


class UnknownMeeting(MeetingflowError):
    """No meeting with that id is stored."""

    code = "unknown-meeting"
    type_base = PROBLEMS
    status = 404
    title = Text("没有这个会议", "Unknown meeting")

    def __init__(self, meeting_id: str) -> None:
        super().__init__(
            Text(f"没有编号为 {meeting_id} 的会议", f"no meeting {meeting_id!r} is stored"),
            meeting_id=meeting_id,
        )


class MeetingExists(MeetingflowError):
    """A meeting with that id is stored already."""

    code = "meeting-exists"
    type_base = PROBLEMS
    status = 409
    title = Text("会议已存在", "Meeting exists")

    def __init__(self, meeting_id: str) -> None:
        super().__init__(
            Text(f"编号为 {meeting_id} 的会议已存在", f"meeting {meeting_id!r} exists already"),
            meeting_id=meeting_id,
        )


class Row(NamedTuple):
    """A stored meeting as read."""

    document: str
    version: int
    head: str | None


def _values(meeting: Meeting) -> dict[str, object]:
    return {
        "id": meeting.id,
        "version": meeting.version,
        "head": head(meeting),
        "document": meeting.model_dump_json(),
    }


class Store:
    """The meetings table behind one SQLAlchemy engine (a SQLite file or PostgreSQL)."""

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url)
        metadata.create_all(self.engine)

    def insert(self, meeting: Meeting) -> None:
        """Store a new meeting; :class:`MeetingExists` if its id is taken."""
        try:
            with self.engine.begin() as db:
                db.execute(meetings.insert().values(_values(meeting)))
        except sa.exc.IntegrityError:
            raise MeetingExists(meeting.id) from None

    def get(self, meeting_id: str) -> Row:
        """The stored row; :class:`UnknownMeeting` if there is none."""
        query = sa.select(meetings.c.document, meetings.c.version, meetings.c.head)
        with self.engine.connect() as db:
            found = db.execute(query.where(meetings.c.id == meeting_id)).one_or_none()
        if found is None:
            raise UnknownMeeting(meeting_id)
        return Row(*found)

    def replace(self, meeting: Meeting, *, read: int) -> None:
        """Write ``meeting`` if its row is still at version ``read``; else :class:`VersionConflict`."""
        row = meetings.c.id == meeting.id
        with self.engine.begin() as db:
            written = db.execute(
                meetings.update().where(row, meetings.c.version == read).values(_values(meeting))
            )
            if written.rowcount != 1:
                now = db.execute(sa.select(meetings.c.version).where(row)).scalar()
                raise VersionConflict(meeting.id, read, now)
