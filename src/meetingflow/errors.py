"""One exception root, so a host can catch everything meetingflow raises in one place.

Each error says what was wrong, where (a record path or a trigger), and what to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from meetingflow.report import Report


class MeetingflowError(Exception):
    """Root of every error meetingflow raises on purpose."""


@attrs.frozen(slots=True)
class ErrorEntry:
    """One problem in a record: where it is (``critique.criticisms[4].to_member``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '<root>'}: {self.message}"


class InvalidRecord(MeetingflowError, ValueError):
    """A record (or a part of one) does not validate; ``entries`` lists every problem found."""

    def __init__(self, model: str, entries: Iterable[ErrorEntry]) -> None:
        self.model = model
        self.entries: tuple[ErrorEntry, ...] = tuple(entries)
        lines = "\n".join(f"  - {e}" for e in self.entries)
        count = len(self.entries)
        super().__init__(f"invalid {model}: {count} problem{'s' if count != 1 else ''}\n{lines}")

    @property
    def paths(self) -> tuple[str, ...]:
        """The path of every problem, in the order reported."""
        return tuple(e.path for e in self.entries)


class InvalidArgument(MeetingflowError, ValueError):
    """An argument to an operation is wrong (a naive datetime, an unknown language, ...)."""


class SectionSealed(MeetingflowError):
    """The host tried to change a part of the record whose stage has been left."""

    def __init__(self, path: str, sealed_by: int) -> None:
        self.path = path
        self.sealed_by = sealed_by
        super().__init__(
            f"{path} was sealed by history event #{sealed_by} when its stage was left;"
            " it can no longer change. If the session must be held again, a supervisor"
            " fires 'order_redo'."
        )


class InvalidTransition(MeetingflowError):
    """The trigger does not exist, or cannot be fired from the meeting's current stage."""

    def __init__(
        self, trigger: str, stage: str | None, possible: Iterable[str], *, known: bool = True
    ) -> None:
        self.trigger = trigger
        self.stage = stage
        self.possible = tuple(possible)
        hint = ", ".join(self.possible) or "none"
        if not known:
            message = f"the flow has no trigger {trigger!r}; its triggers are: {hint}"
        else:
            message = (
                f"trigger {trigger!r} cannot be fired in stage {stage!r};"
                f" triggers of this stage: {hint}"
            )
        super().__init__(message)


class NotPermitted(MeetingflowError):
    """The actor does not hold a role allowed to fire this trigger. Nothing changed."""

    def __init__(self, actor: str, trigger: str, roles: Iterable[str], held: Iterable[str]) -> None:
        self.actor = actor
        self.trigger = trigger
        self.roles = tuple(sorted(roles))
        self.held = tuple(sorted(held))
        super().__init__(
            f"{actor!r} may not fire {trigger!r}: it needs one of the roles"
            f" {', '.join(self.roles)}; {actor!r} holds {', '.join(self.held) or 'none'}"
        )


class TransitionBlocked(MeetingflowError):
    """Gate rules failed; ``report`` holds every finding, ``report.blocking`` the blocking ones."""

    def __init__(self, trigger: str, report: Report) -> None:
        self.trigger = trigger
        self.report = report
        ids = ", ".join(sorted({f.rule_id for f in report.blocking}))
        super().__init__(
            f"{trigger!r} is blocked by {len(report.blocking)} finding(s) of rule(s) {ids};"
            " see .report for paths, members and what to do"
        )


class HistoryTampered(MeetingflowError):
    """The event chain or a sealed section does not match what was recorded."""

    def __init__(self, index: int, reason: str) -> None:
        self.index = index
        self.reason = reason
        super().__init__(f"history event #{index}: {reason}")


class FlowDefinitionError(MeetingflowError):
    """A flow, rule pack or settings object is inconsistent; ``problems`` lists them all."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"invalid flow definition:\n{lines}")
