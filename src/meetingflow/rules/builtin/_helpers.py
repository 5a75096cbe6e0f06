"""Shared questions the built-in rules ask of a meeting (who is present, who leads, ...)."""

from __future__ import annotations

from datetime import date

from meetingflow.records import Meeting, Member, Presence, Role
from meetingflow.rules._core import RuleContext

REGULATION = "《中国共产党支部工作条例（试行）》"
"""The branch work regulation most rules rest on."""


def meeting_date(m: Meeting) -> date | None:
    """The sitting's date, or the planned one before the sitting is recorded."""
    if m.review.session is not None:
        return m.review.session.held_on
    if m.preparation.plan is not None:
        return m.preparation.plan.meeting_date
    return None


def secretary(m: Meeting) -> Member | None:
    """The branch secretary, if the roster names one."""
    return next((x for x in m.roster if Role.SECRETARY in x.roles), None)


def has_committee(m: Meeting) -> bool:
    """A committee beyond the secretary (a deputy or committee member is on the roster)."""
    return any(
        Role.COMMITTEE_MEMBER in x.roles or Role.DEPUTY_SECRETARY in x.roles for x in m.roster
    )


def committee(m: Meeting) -> list[Member]:
    """Secretary, deputy secretaries and committee members."""
    return [x for x in m.roster if x.is_committee]


def cadres(m: Meeting) -> list[Member]:
    """Leading cadres on the roster."""
    return [x for x in m.roster if x.is_leading_cadre]


def leaders(m: Meeting) -> list[Member]:
    """Committee members and leading cadres: they speak first."""
    return [x for x in m.roster if x.is_committee or x.is_leading_cadre]


def expected(m: Meeting) -> list[Member]:
    """Members expected to take part: everyone not exempt."""
    return [x for x in m.roster if x.exemption is None]


def presence(m: Meeting, ctx: RuleContext | None = None) -> dict[str, Presence]:
    """Each expected member's presence; a member without an attendance entry counts as absent.

    With ``ctx`` the answer is computed once per check and shared by every rule.
    """
    if ctx is not None:
        return ctx.memo("presence", lambda: presence(m))
    recorded = {a.member_id: a.presence for a in m.review.attendance}
    return {x.id: recorded.get(x.id, Presence.ABSENT) for x in expected(m)}


def present_ids(m: Meeting, ctx: RuleContext | None = None) -> list[str]:
    """Ids of present members, in roster order."""
    return [i for i, p in presence(m, ctx).items() if p is Presence.PRESENT]


def aspects(m: Meeting, ctx: RuleContext) -> tuple[str, ...]:
    """The aspects to cover: the settings' override, else the meeting's campaign."""
    return ctx.settings.aspects or m.campaign.aspects


def approved_leave(m: Meeting, ctx: RuleContext | None = None) -> set[str]:
    """Members whose leave was approved by the secretary (or a supervisor) before the sitting."""
    if ctx is not None:
        return ctx.memo("approved_leave", lambda: approved_leave(m))
    sec = secretary(m)
    held = m.review.session.held_on if m.review.session is not None else None
    out = set()
    for r in m.review.leave_requests:
        if not r.approved or r.approved_on is None:
            continue
        if held is not None and r.approved_on > held:
            continue
        approver_ok = (sec is not None and r.approved_by == sec.id) or (
            m.supervisor(r.approved_by or "") is not None
        )
        if approver_ok:
            out.add(r.member_id)
    return out


def normalize(text: str) -> str:
    """Text without spaces and punctuation, for 'says the same thing' comparisons."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())
