"""The chain of events: appending an event, and verifying a meeting's history.

What is detected (docs/explanation/integrity.md): with nothing but the record, any edit of the
record or of an event that was not followed by recomputing the chain; with an ``anchor`` (a
head digest the host stored), also a truncated or recomputed history up to that anchor; with
a ``key`` (HMAC-SHA256), any forged or recomputed event at all.
"""

from __future__ import annotations

import enum
import hmac
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Literal

from meetingflow import records as rec
from meetingflow.canonical import mac
from meetingflow.errors import HistoryTampered, InvalidArgument, TimeMovesBackwards
from meetingflow.i18n import Messages, Text
from meetingflow.integrity.digests import event_digest_of, state_digest_of

if TYPE_CHECKING:
    from meetingflow.records import Meeting, RecordedFinding

__all__ = [
    "ANY_HEAD",
    "AnyHead",
    "append_event",
    "head",
    "is_verified",
    "valid_meeting",
    "verify_history",
]


class AnyHead(enum.Enum):
    """The type of ``ANY_HEAD``: ``expected_head`` not given (``None`` means "no history")."""

    ANY_HEAD = "any"


ANY_HEAD: Final = AnyHead.ANY_HEAD
"""Default of ``expected_head``: the history may end anywhere. ``None`` is not this: a host
that stored a meeting without history passes ``None``, and any history is then refused."""

_ZERO = "0" * 64
_VERIFIED = "verified"


def valid_meeting(meeting: object, kind: type[Meeting] | None = None) -> Meeting:
    """``meeting`` if meetingflow validated or built it; otherwise a validated copy.

    A meeting made with ``model_copy(update=...)``, ``copy`` or unpickling was never validated:
    it is validated now (``InvalidRecord`` if it does not hold), so nothing below ever works on
    a value pydantic would have refused. With ``kind`` (a flow's ``meeting_type``), a meeting
    of another type is validated as one of ``kind``.
    """
    if not isinstance(meeting, rec.Meeting):
        raise InvalidArgument(Messages.not_a_meeting.format(got=type(meeting).__name__))
    if not meeting._is_valid():
        meeting = type(meeting).model_validate(meeting)
    if kind is not None and not isinstance(meeting, kind):
        meeting = kind.model_validate(meeting.model_dump())
    return meeting


def head(meeting: Meeting) -> str | None:
    """The digest of the last event: store it beside the record as its anchor."""
    meeting = valid_meeting(meeting)
    return meeting.history[-1].digest if meeting.history else None


def _key_id(key: bytes | None) -> str | None:
    return mac(key, _ZERO) if key is not None else None


def _check_key(key: object) -> bytes | None:
    if key is None or (isinstance(key, bytes) and key):
        return key
    raise InvalidArgument(
        Text("密钥须为非空的 bytes", f"the key must be non-empty bytes, not {type(key).__name__}")
    )


def is_verified(
    meeting: Meeting, key: bytes | None = None, initial_stage: str | None = None
) -> bool:
    """Whether this very object was verified (or produced) by meetingflow, with ``key`` if given.

    A verification with a key vouches for the same meeting without one, and one from a named
    ``initial_stage`` for the same meeting without it; never the other way round.
    """
    if not isinstance(meeting, rec.Meeting):
        raise InvalidArgument(Messages.not_a_meeting.format(got=type(meeting).__name__))
    marks: frozenset[tuple[str | None, str | None]] = meeting._cache().get(_VERIFIED, frozenset())
    kid = _key_id(_check_key(key))
    return any(
        (kid is None or k == kid) and (initial_stage is None or s == initial_stage)
        for k, s in marks
    )


def _mark(meeting: Meeting, key: bytes | None, initial_stage: str | None) -> None:
    memo = meeting._cache()
    marks = memo.get(_VERIFIED, frozenset())
    memo[_VERIFIED] = marks | {(_key_id(key), initial_stage)}


def _fail(index: int, zh: str, en: str) -> HistoryTampered:
    return HistoryTampered(index, Text(zh, en))


def verify_history(
    meeting: Meeting,
    *,
    anchor: str | None = None,
    expected_head: str | AnyHead | None = ANY_HEAD,
    key: bytes | None = None,
    initial_stage: str | None = None,
) -> None:
    """Raise ``HistoryTampered`` unless the history vouches for the record.

    Checks every event's sequence number, its link to the previous event, its own digest, its
    time (never earlier than the event before) and the stages it moves through; that the last
    event's ``state`` is the digest of the record as it is now; with ``anchor``, that the
    history still contains that head digest (an anchor published earlier: the record may have
    moved on since); with ``expected_head``, that the history ends exactly there (the head the
    host stored with the record: nothing added or removed since; ``None`` when it stored the
    meeting without history); with ``key``, every event's MAC.
    """
    meeting = valid_meeting(meeting)
    if (
        expected_head is not ANY_HEAD
        and expected_head is not None
        and not isinstance(expected_head, str)
    ):
        raise InvalidArgument(
            Text(
                "expected_head 须为摘要文本",
                f"expected_head must be a digest (str), not {type(expected_head).__name__}",
            )
        )
    _verify_chain(meeting, anchor, key, initial_stage)
    if expected_head is not ANY_HEAD and head(meeting) != expected_head:
        digests = [e.digest for e in meeting.history]
        if expected_head is None:
            raise _fail(
                0,
                "保存时会议没有历史记录，现在却有：历史被添加",
                "the meeting had no history when it was stored, and now has some",
            )
        if expected_head in digests:  # the first event added since
            raise _fail(
                digests.index(expected_head) + 1,
                "保存的头摘要之后又有事件：历史被添加",
                "the history goes on past the stored head: events were added since",
            )
        raise _fail(
            max(len(digests) - 1, 0),
            "历史记录中没有保存的头摘要：历史被截断或重算",
            "the stored head is not in the history: events were removed or recomputed since",
        )


def _verify_chain(
    meeting: Meeting, anchor: str | None, key: bytes | None, initial_stage: str | None
) -> None:
    key = _check_key(key)
    if anchor is not None and not isinstance(anchor, str):
        raise InvalidArgument(
            Text(
                "锚点须为摘要文本",
                f"the anchor must be a digest (str), not {type(anchor).__name__}",
            )
        )
    if initial_stage is not None and not isinstance(initial_stage, str):
        raise InvalidArgument(
            Text(
                "initial_stage 须为阶段名",
                f"initial_stage must be a stage name, not {type(initial_stage).__name__}",
            )
        )
    if anchor is None and is_verified(meeting, key, initial_stage):
        return
    events = meeting.history
    if not events:
        if meeting.version != 0:
            raise _fail(
                0, "没有历史记录，但版本号不为 0", "there is no history but the version is not 0"
            )
        if anchor is not None:
            raise _fail(
                0,
                "没有历史记录，却给出了锚点：历史被截断",
                "an anchor was given but the history is empty: it was truncated",
            )
        if initial_stage is not None and meeting.stage != initial_stage:
            raise _fail(
                0,
                f"没有历史记录的会议应处于「{initial_stage}」，实为「{meeting.stage}」",
                f"a meeting without history is in {initial_stage!r}, not {meeting.stage!r}",
            )
        _mark(meeting, key, initial_stage)
        return
    previous: str | None = None
    stage = initial_stage if initial_stage is not None else events[0].stage
    last_at: datetime | None = None
    for i, event in enumerate(events):
        if event.seq != i:
            raise _fail(
                i,
                f"序号为 {event.seq}：有记录被删除或调换",
                f"has sequence number {event.seq}: events were dropped or reordered",
            )
        if event.previous != previous:
            raise _fail(
                i,
                "与前一条记录的链接不符：有记录被删除、调换或改动",
                "does not link to the event before it: events were dropped, reordered or edited",
            )
        if event_digest_of(event) != event.digest:
            raise _fail(
                i,
                f"（{event.trigger or '录入'}）与其摘要不符：该记录被改动",
                f"({event.trigger or 'entry'}) does not match its digest: it was edited",
            )
        if event.stage != stage:
            raise _fail(
                i,
                f"发生在阶段「{event.stage}」，但会议当时处于「{stage}」",
                f"happens in stage {event.stage!r} but the meeting was in {stage!r}",
            )
        if event.kind == "entry" and event.target != event.stage:
            raise _fail(i, "录入事件改变了阶段", "an entry event changes the stage")
        if event.kind == "transition" and not event.trigger:
            raise _fail(i, "阶段变更没有操作名", "a transition without a trigger")
        if last_at is not None and event.at < last_at:
            raise _fail(i, "时间早于前一条记录", "is dated before the event before it")
        if key is not None and (
            event.mac is None or not hmac.compare_digest(mac(key, event.digest), event.mac)
        ):
            raise _fail(
                i,
                "消息认证码（MAC）不符：该记录被伪造或未用此密钥签名",
                "its MAC does not match: it was forged, or not signed with this key",
            )
        previous, stage, last_at = event.digest, event.target, event.at
    last = len(events) - 1
    if stage != meeting.stage:
        raise _fail(
            last,
            f"历史记录结束于「{stage}」，而会议标为「{meeting.stage}」",
            f"the history ends in stage {stage!r} but the meeting says {meeting.stage!r}",
        )
    if meeting.version != len(events):
        raise _fail(
            last, "版本号与历史记录条数不符", "the version does not match the number of events"
        )
    if state_digest_of(meeting) != events[-1].state:
        raise _fail(
            last, "记录在最后一条历史之后被改动", "the record was changed after the last event"
        )
    if anchor is not None and all(e.digest != anchor for e in events):
        raise _fail(
            last,
            "保存的锚点不在历史中：历史被截断或重算",
            "the stored anchor is not in the history: it was truncated or recomputed",
        )
    _mark(meeting, key, initial_stage)


def _entries(value: object, name: str) -> Any:
    if isinstance(value, list | tuple):
        return value
    try:
        return tuple(value)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidArgument(
            Text(f"{name} 须为列表", f"{name} must be a list, not {type(value).__name__}")
        ) from None


def append_event(
    meeting: Meeting,
    changed: Meeting,
    *,
    kind: Literal["transition", "entry"],
    actor: str,
    at: datetime,
    trigger: str | None = None,
    reason: str | None = None,
    paths: Iterable[str] = (),
    findings: Sequence[RecordedFinding] = (),
    key: bytes | None = None,
) -> Meeting:
    """``changed`` with one more event: attributed, dated, chained to ``meeting``'s history.

    ``changed`` is ``meeting`` with the change applied (stage, sections) but not yet its
    version; the event's ``state`` is the digest of the result. Both are validated unless
    meetingflow built them; ``at`` may not be earlier than the last event.
    """
    meeting = valid_meeting(meeting)
    changed = valid_meeting(changed)
    key = _check_key(key)
    if (
        meeting.history
        and isinstance(at, datetime)
        and at.utcoffset() is not None
        and at < meeting.history[-1].at
    ):
        raise TimeMovesBackwards(at.isoformat(), meeting.history[-1].at.isoformat())
    version = len(meeting.history) + 1
    candidate = changed._replace({"version": version, "history": meeting.history})
    state = state_digest_of(candidate)
    fields: dict[str, Any] = {
        "seq": len(meeting.history),
        "kind": kind,
        "actor": actor,
        "at": at,
        "stage": meeting.stage,
        "trigger": trigger,
        "target": changed.stage,
        "reason": reason,
        "paths": _entries(paths, "paths"),
        "findings": _entries(findings, "findings"),
        "state": state,
        "previous": meeting.history[-1].digest if meeting.history else None,
        "digest": _ZERO,
        "mac": None,
    }
    draft = rec.Event.model_validate(fields)
    digest = event_digest_of(draft)
    event = draft._replace(
        {"digest": digest, "mac": mac(key, digest) if key is not None else None}, valid=True
    )
    event._cache()["event"] = digest
    result = candidate._replace({"history": (*meeting.history, event)}, valid=True)
    result._cache()["state"] = state
    # What vouched for ``meeting`` vouches for the result, but for a key this event is not
    # signed with.
    kid = _key_id(key)
    marks = meeting._cache().get(_VERIFIED, frozenset())
    result._cache()[_VERIFIED] = frozenset((k if k == kid else None, s) for k, s in marks)
    return result
