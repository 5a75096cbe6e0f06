"""Every exception meetingflow raises, under one root: catch ``MeetingflowError``.

Each error says what was wrong, where (a record path, a trigger, a rule), and what to do, in
zh-CN and English; ``MeetingflowError.to_dict`` gives RFC 9457 problem details a web host
can return as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from meetingflow._errorbase import (
    InvalidArgument,
    Lang,
    MeetingflowError,
    MissingValue,
    NoSuchPath,
    UnknownLanguage,
    UnknownRule,
)
from meetingflow.i18n import VALIDATION, Messages, Text

if TYPE_CHECKING:
    from meetingflow.report import Report

__all__ = [
    "MAX_ERROR_ENTRIES",
    "ErrorEntry",
    "FlowDefinitionError",
    "HistoryTampered",
    "InvalidArgument",
    "InvalidRecord",
    "InvalidTransition",
    "MeetingflowError",
    "MissingExtra",
    "MissingValue",
    "NoSuchPath",
    "NotPermitted",
    "RuleFailed",
    "SectionSealed",
    "TimeMovesBackwards",
    "TransitionBlocked",
    "UnknownLanguage",
    "UnknownRule",
    "UnknownTrigger",
    "UnsupportedSchema",
    "VersionConflict",
    "WrongFlow",
    "join_path",
    "loc_to_path",
]

MAX_ERROR_ENTRIES: Final = 100
"""An invalid record lists at most this many problems (the rest are counted)."""


@attrs.frozen(slots=True)
class ErrorEntry:
    """One problem in a record: where it is (``critique.criticisms[4].to_member``) and what."""

    path: str
    message: Text
    type: str = "value_error"
    argument: str = ""
    """Where the problem is in the call's own arguments (``items[1].person_b``), when the
    path is inside the meeting the call wrote into: what a web form can map back."""

    def __str__(self) -> str:
        return f"{self.path or '<root>'}: {self.message.en}"

    def to_dict(self, lang: str = "en") -> dict[str, str]:
        """``{"path", "type", "message"}`` (and ``argument`` when known) for problem details."""
        out = {"path": self.path, "type": self.type, "message": self.message.in_(lang)}
        if self.argument:
            out["argument"] = self.argument
        return out

    def under(self, prefix: str) -> ErrorEntry:
        """The same problem, its path inside ``prefix`` (``items[2]`` + ``on`` → ``items[2].on``)."""
        return ErrorEntry(join_path(prefix, self.path), self.message, self.type, self.argument)

    @classmethod
    def from_pydantic(cls, item: Mapping[str, Any], prefix: str = "") -> ErrorEntry:
        """One entry of pydantic's ``errors()`` (FastAPI's too), with its Chinese message."""
        loc = tuple(item.get("loc") or ())
        message = str(item.get("msg", "")).removeprefix("Value error, ")
        kind = str(item.get("type", "value_error"))
        return cls(
            join_path(prefix, loc_to_path(loc)), Text(_zh(kind, item, message), message), kind
        )


def loc_to_path(loc: Sequence[int | str]) -> str:
    """``("critique", "criticisms", 4, "to_member")`` → ``critique.criticisms[4].to_member``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def join_path(prefix: str, path: str) -> str:
    """``path`` inside ``prefix``: ``a`` + ``b`` → ``a.b``; ``a`` + ``[0].b`` → ``a[0].b``."""
    if not prefix:
        return path
    if not path:
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def _zh(kind: str, item: Mapping[str, Any], fallback: str) -> str:
    template = VALIDATION.get(kind)
    if template is None:
        return fallback
    ctx = {
        k: (", ".join(map(str, v)) if isinstance(v, list | tuple) else v)
        for k, v in (item.get("ctx") or {}).items()
    }
    try:
        return template.format_map(ctx)
    except (KeyError, ValueError, IndexError, AttributeError):
        return fallback


class InvalidRecord(MeetingflowError, ValueError):
    """A record does not validate; ``entries`` lists the problems, each with its path."""

    code = "invalid-record"
    status = 422
    title = Messages.invalid_record_title

    def __init__(
        self, model: str, entries: Iterable[ErrorEntry], *, total: int | None = None
    ) -> None:
        listed: list[ErrorEntry] = []
        count = 0
        for e in entries:
            if len(listed) < MAX_ERROR_ENTRIES:
                listed.append(e)
            count += 1
        self.model = model
        self.entries: tuple[ErrorEntry, ...] = tuple(listed)
        self.total = max(count, total or 0)
        more = (
            Messages.invalid_record_more.format(shown=len(listed))
            if self.total > len(listed)
            else Text("", "")
        )
        summary = Messages.invalid_record.format(model=model, count=self.total, more=more)
        lines_zh = "".join(f"\n  - {e.path or '<root>'}: {e.message.zh}" for e in self.entries)
        lines_en = "".join(f"\n  - {e}" for e in self.entries)
        super().__init__(Text(summary.zh + lines_zh, summary.en + lines_en))

    @property
    def paths(self) -> tuple[str, ...]:
        """The path of every listed problem, in the order reported."""
        return tuple(e.path for e in self.entries)

    @classmethod
    def from_errors(
        cls, model: str, errors: Iterable[Mapping[str, Any]], *, prefix: str = "", skip: int = 0
    ) -> InvalidRecord:
        """An ``InvalidRecord`` from pydantic-shaped error dicts (``ValidationError.errors()``,
        or a web framework's request-validation errors), messages in both languages.

        ``skip`` drops leading parts of each location: ``skip=1`` turns FastAPI's
        ``("body", "items", 0, "on")`` into ``items[0].on``, the path ``items_from_dicts`` uses.
        """
        if not isinstance(skip, int) or isinstance(skip, bool) or skip < 0:
            raise InvalidArgument(Text("skip 须为非负整数", "skip must be a non-negative int"))
        return cls(
            model,
            (
                ErrorEntry.from_pydantic({**e, "loc": tuple(e.get("loc") or ())[skip:]}, prefix)
                for e in errors
            ),
        )

    def under(self, prefix: str) -> InvalidRecord:
        """The same problems, their paths inside ``prefix`` (an item in a request's list)."""
        return InvalidRecord(self.model, (e.under(prefix) for e in self.entries), total=self.total)

    def _extension_members(self, lang: Lang) -> dict[str, Any]:
        return {
            "model": self.model,
            "total": self.total,
            "errors": [e.to_dict(lang) for e in self.entries],
        }


class UnsupportedSchema(InvalidRecord):
    """A record written by a newer meetingflow, or with an unknown ``schema_version``."""

    code = "unsupported-schema"
    title = Messages.unsupported_schema_title


class SectionSealed(MeetingflowError):
    """A write into a part of the record whose stage has been left. Nothing changed."""

    code = "section-sealed"
    status = 409
    title = Messages.section_sealed_title

    def __init__(self, path: str, stage: str, stage_title: Text | None = None) -> None:
        self.path = path
        self.stage = stage
        super().__init__(
            Messages.section_sealed.format(path=path, stage=stage_title or Text(stage, stage)),
            path=path,
            stage=stage,
        )


class UnknownTrigger(MeetingflowError, KeyError):
    """The flow has no trigger of that name."""

    code = "unknown-trigger"
    status = 404
    title = Messages.unknown_trigger_title

    def __init__(self, trigger: object, flow: str, known: Sequence[str]) -> None:
        self.trigger = repr(trigger)[:80] if not isinstance(trigger, str) else trigger[:80]
        self.known = tuple(known)
        super().__init__(
            Messages.unknown_trigger.format(
                trigger=repr(self.trigger), flow=flow, known=", ".join(known)
            ),
            trigger=self.trigger,
            known=list(self.known),
        )

    def __str__(self) -> str:  # KeyError would quote the message
        return self.detail.en


class InvalidTransition(MeetingflowError):
    """The trigger exists but cannot be fired from the meeting's current stage. Nothing changed."""

    code = "invalid-transition"
    status = 409
    title = Messages.invalid_transition_title

    def __init__(
        self,
        trigger: str,
        stage: str,
        possible: Iterable[str],
        titles: Mapping[str, Text] | None = None,
    ) -> None:
        self.trigger = trigger
        self.stage = stage
        self.possible = tuple(possible)
        names = titles or {}
        super().__init__(
            Messages.invalid_transition.format(
                trigger=names.get(trigger, Text(trigger, trigger)),
                stage=names.get(stage, Text(stage, stage)),
                possible=[names.get(p, Text(p, p)) for p in self.possible] or "—",
            ),
            trigger=trigger,
            stage=stage,
            possible=list(self.possible),
        )


class NotPermitted(MeetingflowError):
    """The actor holds none of the authorities needed for the operation. Nothing changed."""

    code = "not-permitted"
    status = 403
    title = Messages.not_permitted_title

    def __init__(
        self,
        actor: str,
        action: Text,
        needed: Iterable[str],
        held: Iterable[str],
        labels: Mapping[str, Text] | None = None,
    ) -> None:
        self.actor = actor
        self.needed = tuple(sorted(needed))
        self.held = tuple(sorted(held))
        self.action = action
        names = labels or {}
        needs = [names.get(n, Text(n, n)) for n in self.needed]
        held_names = [names.get(n, Text(n, n)) for n in self.held]
        super().__init__(
            Messages.not_permitted.format(actor=actor, action=action, needed=needs, held=held_names)
            if self.held
            else Messages.not_permitted_stranger.format(actor=actor, action=action, needed=needs),
            actor=actor,
            needed=list(self.needed),
            held=list(self.held),
        )


class TransitionBlocked(MeetingflowError):
    """Gate rules failed; ``report`` holds every finding, ``report.blocking`` the blocking ones."""

    code = "transition-blocked"
    status = 409
    title = Messages.blocked_title

    def __init__(self, trigger: str, report: Report) -> None:
        self.trigger = trigger
        self.report = report
        super().__init__(
            Messages.blocked.format(
                trigger=trigger,
                count=len(report.blocking),
                rules=", ".join(report.blocking_rule_ids),
            )
        )

    def _extension_members(self, lang: Lang) -> dict[str, Any]:
        return {"trigger": self.trigger, "report": self.report.to_dict(lang)}


class HistoryTampered(MeetingflowError):
    """The history, or the record it vouches for, is not what the library recorded."""

    code = "history-tampered"
    status = 422
    title = Messages.tampered_title

    def __init__(self, index: int, reason: Text) -> None:
        self.index = index
        self.reason = reason
        super().__init__(Messages.tampered.format(index=index, reason=reason), index=index)


class VersionConflict(MeetingflowError):
    """The record moved on since the caller read it (optimistic locking)."""

    code = "version-conflict"
    status = 409
    title = Messages.conflict_title

    def __init__(
        self, meeting_id: str, expected: object, actual: object, *, head: bool = False
    ) -> None:
        self.meeting_id = meeting_id
        self.expected = expected
        self.actual = actual
        template = Messages.head_conflict if head else Messages.conflict
        super().__init__(
            template.format(meeting=meeting_id, expected=expected, actual=actual),
            expected=expected,
            actual=actual,
        )


class TimeMovesBackwards(InvalidArgument):
    """An operation dated before the last event of the history."""

    code = "time-moves-backwards"
    status = 409
    title = Messages.time_backwards_title

    def __init__(self, at: str, last: str) -> None:
        super().__init__(Messages.time_backwards.format(at=at, last=last), at=at, last=last)


class MissingExtra(InvalidArgument, ImportError):
    """An optional dependency is not installed; the message names the extra to install (also
    an ``ImportError``, so ``except ImportError`` catches it too)."""

    code = "missing-extra"
    status = 500
    title = Messages.missing_extra_title


class WrongFlow(MeetingflowError):
    """The record was written by a flow with stages or transitions this one lacks: a
    configuration mistake (an older flow, a stage dropped in a deploy), not tampering."""

    code = "wrong-flow"
    status = 500
    title = Messages.wrong_flow_title

    def __init__(self, reason: Text, index: int | None = None) -> None:
        self.index = index
        self.reason = reason
        text = (
            Messages.wrong_flow_event.format(index=index, reason=reason)
            if index is not None
            else Messages.wrong_flow.format(reason=reason)
        )
        super().__init__(text, index=index)


class FlowDefinitionError(MeetingflowError):
    """A flow, rule pack or settings object is inconsistent; ``problems`` lists them all."""

    code = "flow-definition"
    status = 500
    title = Messages.definition_title

    def __init__(self, problems: Iterable[str]) -> None:
        listed: list[str] = []
        count = 0
        for p in problems:
            if len(listed) < MAX_ERROR_ENTRIES:
                listed.append(str(p)[:1000])
            count += 1
        self.problems = tuple(listed)
        """The first hundred problems (``total`` counts them all)."""
        self.total = count
        listing = "".join(f"\n  - {p}" for p in self.problems)
        more = (
            Messages.invalid_record_more.format(shown=len(listed))
            if count > len(listed)
            else Text("", "")
        )
        super().__init__(
            Messages.definition.format(
                count=count, problems=Text(listing + more.zh, listing + more.en)
            ),
            problems=list(self.problems),
            total=count,
        )


class RuleFailed(MeetingflowError):
    """A rule's check raised, or produced something that is not a valid finding: a bug in it."""

    code = "rule-failed"
    status = 500
    title = Messages.rule_failed_title

    def __init__(self, rule_id: str, error: BaseException | str) -> None:
        self.rule_id = rule_id
        shown = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        super().__init__(
            Messages.rule_failed.format(rule=rule_id, error=shown[:500]), rule_id=rule_id
        )


for _cls in (
    MeetingflowError,
    InvalidArgument,
    UnknownLanguage,
    MissingValue,
    NoSuchPath,
    UnknownRule,
):
    _cls.__module__ = __name__  # defined below the i18n layer; shown and pickled as errors.X
