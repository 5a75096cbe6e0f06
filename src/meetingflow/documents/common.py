"""What every document shares: people named with their ids, dates as each language writes them.

A document is built from the record once and read in either language, so every phrase it
holds is a :class:`~meetingflow.i18n.Text`; text the host typed (a venue, a criticism) is
wrapped as the same words in both languages by :func:`verbatim`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Final

import attrs

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text, join
from meetingflow.records.terms import Authority, MemberStatus

if TYPE_CHECKING:
    from meetingflow.records import Meeting

__all__ = [
    "NOBODY",
    "Person",
    "T",
    "day",
    "everyone",
    "join_texts",
    "listing",
    "person",
    "short_day",
    "verbatim",
]

_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class T:
    """Texts shared by every document."""

    none = Text("无", "none")
    dash = Text("—", "—")
    blank_date = Text("____年__月__日", "____-__-__")
    sep = Text("；", "; ")
    superior = Text("上级党组织", "the superior organization")
    exempt_member = Text("免于参加", "exempt")
    signature = Text("{who}（签字）：", "{who} (signature):")
    no_session = Text(
        "会议记录需要已记录的会议（review.session）；该会议尚未召开。",
        "minutes need a recorded sitting (review.session); this meeting has none yet",
    )
    unknown_person = Text(
        "会议 {meeting} 中没有人员 {person}（名册成员或上级代表）。",
        "meeting {meeting} has no person {person} (roster member or representative of the superior)",
    )


def verbatim(text: str) -> Text:
    """Host-typed words as a :class:`Text`: the same in both languages (never a template)."""
    return Text(text, text)


def join_texts(parts: Iterable[Text], sep: Text = T.sep) -> Text:
    """Texts joined with ``sep`` in each language."""
    items = list(parts)
    return Text(sep.zh.join(p.zh for p in items), sep.en.join(p.en for p in items))


def listing(parts: Iterable[Text]) -> Text:
    """Texts joined the way each language lists things (``、`` or ``, ``); 无/none if empty."""
    items = list(parts)
    if not items:
        return T.none
    return Text(join(items, "zh"), join(items, "en"))


def day(value: date | None) -> Text:
    """A date: ``2021年6月25日`` / ``25 June 2021``; a blank to fill in when unknown."""
    if value is None:
        return T.blank_date
    return Text(
        f"{value.year}年{value.month}月{value.day}日",
        f"{value.day} {_MONTHS[value.month - 1]} {value.year}",
    )


def short_day(value: date | None) -> Text:
    """A date for table cells: ``2021-06-25`` in both languages (— when unknown)."""
    return verbatim(value.isoformat()) if value is not None else T.dash


@attrs.frozen(slots=True)
class Person:
    """Someone a document names: id, name, and roles (支部书记, 上级党组织代表, ...)."""

    id: str
    name: str
    roles: tuple[Text, ...] = ()
    supervisor: bool = False

    @property
    def label(self) -> Text:
        """``王芳（m01）`` / ``王芳 (m01)``: names are not unique, ids are."""
        if self.name == self.id:
            return verbatim(self.id)
        return Text(f"{self.name}（{self.id}）", f"{self.name} ({self.id})")

    @property
    def role_label(self) -> Text:
        """The roles listed, or an empty text."""
        return listing(self.roles) if self.roles else Text("", "")


NOBODY: Final = Person("", "—")
"""Stands for a person the record does not name (a field still to fill in)."""


def person(meeting: Meeting, person_id: str | None, *, strict: bool = False) -> Person:
    """The member or representative of the superior with ``person_id``, with roles.

    ``strict`` raises :class:`~meetingflow.errors.InvalidArgument` for an unknown id (a
    ``--member`` the host asked for); otherwise the id stands for itself.
    """
    if person_id is None:
        return NOBODY
    member = meeting.member(person_id)
    if member is not None:
        roles = [r.label for r in member.roles]
        if member.status is MemberStatus.PROBATIONARY:
            roles.append(member.status.label)
        session = meeting.review.session
        if session is not None and session.chair_id == person_id:
            roles.append(Authority.CHAIR.label)
        if session is not None and session.recorder_id == person_id:
            roles.append(Authority.RECORDER.label)
        return Person(member.id, member.name, tuple(roles))
    sup = meeting.supervisor(person_id)
    if sup is not None:
        roles = [Authority.SUPERVISOR.label]
        if sup.title:
            roles.append(verbatim(sup.title))
        return Person(sup.id, sup.name, tuple(roles), supervisor=True)
    if strict:
        raise InvalidArgument(T.unknown_person.format(meeting=meeting.id, person=person_id))
    return Person(person_id, person_id)


def everyone(meeting: Meeting) -> tuple[Person, ...]:
    """The roster in order, then the representatives of the superior."""
    return tuple(person(meeting, m.id) for m in meeting.roster) + tuple(
        person(meeting, s.id) for s in meeting.supervisors
    )
