"""Findings and reports: what the rules said about one meeting at one moment.

These are plain values shared by every layer (rules make findings, the flow gathers them in a
``Report``, errors carry one), so they sit at the bottom of the package. Rendering a
report is formatting, not I/O: text, Markdown or JSON, in zh or en.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, Final, Literal

import attrs

from meetingflow._errorbase import InvalidArgument, UnknownRule, language
from meetingflow.i18n import Messages, Text

__all__ = ["REPORT_SCHEMA_VERSION", "Finding", "Format", "Report", "Severity", "Subject"]

REPORT_SCHEMA_VERSION: Final = 2
"""Version of ``Report.to_dict``'s shape (documented in docs/reference/report-json.md)."""

Format = Literal["text", "markdown", "json"]
_FORMATS: Final = ("text", "markdown", "json")


class Severity(str, Enum):
    """``error`` blocks the transition it gates; ``warning`` is reported and never blocks."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(slots=True, order=True)
class Subject:
    """Something a finding is about, by kind and id: ``Subject("item", "r-m07")``.

    Kinds used by the built-in rules: ``member``, ``member_pair`` (``"m02+m03"``), ``item``,
    ``problem``, ``material``, ``criticism``, ``opinion``, ``session``, ``document``,
    ``organization``, ``meeting``, ``year``, ``redo_order``.
    """

    kind: str
    id: str


@attrs.frozen(slots=True)
class Finding:
    """One thing wrong: which rule, where in the record, whom it concerns, and what to do.

    ``members`` names the members concerned, ``subjects`` everything else by kind and id.
    ``repairable`` says whether the organization can still fix it in the current stage;
    ``blocks`` whether it blocks the transition the report was made for.
    """

    rule_id: str
    severity: Severity
    stage: str
    path: str
    message: Text
    hint: Text
    basis: str
    key: str = "default"
    """Which of the rule's message variants this is."""
    members: tuple[str, ...] = ()
    subjects: tuple[Subject, ...] = ()
    repairable: bool = True
    blocks: bool = False

    def ids(self, kind: str) -> tuple[str, ...]:
        """The ids of one kind of subject (``"member"`` gives ``members``)."""
        if kind == "member":
            return self.members
        return tuple(s.id for s in self.subjects if s.kind == kind)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form; both languages unless ``lang`` picks one."""

        def text(t: Text) -> Any:
            return t.in_(lang) if lang is not None else {"zh": t.zh, "en": t.en}

        return {
            "rule_id": self.rule_id,
            "key": self.key,
            "severity": self.severity.value,
            "stage": self.stage,
            "path": self.path,
            "members": list(self.members),
            "subjects": [{"kind": s.kind, "id": s.id} for s in self.subjects],
            "message": text(self.message),
            "hint": text(self.hint),
            "basis": self.basis,
            "repairable": self.repairable,
            "blocks": self.blocks,
        }


@attrs.frozen(slots=True)
class Report:
    """The findings for one meeting at ``at``, judged for the transition ``trigger`` (if any).

    Without a trigger (a plain ``check``) ``trigger`` names the next
    forward transition, and ``blocks`` marks what would block it.
    """

    meeting_id: str
    stage: str
    at: datetime
    trigger: str | None
    target: str | None
    findings: tuple[Finding, ...]
    not_applicable: tuple[str, ...] = ()
    """Rules evaluated whose precondition did not hold (nothing to check)."""
    pending: tuple[str, ...] = ()
    """Rules not evaluated now: their stage is not reached and they do not gate ``trigger``."""
    evaluated: tuple[str, ...] = ()
    """Every rule evaluated, applicable or not."""
    trigger_title: Text | None = None
    """The trigger's title, for people (``trigger`` is its name)."""

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Error-severity findings (blocking or not)."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Warnings; they never block."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """Findings that block ``trigger``."""
        return tuple(f for f in self.findings if f.blocks)

    @property
    def ok(self) -> bool:
        """Nothing blocks ``trigger``."""
        return not any(f.blocks for f in self.findings)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The rules with findings, sorted."""
        return tuple(sorted({f.rule_id for f in self.findings}))

    @property
    def blocking_rule_ids(self) -> tuple[str, ...]:
        """The rules with blocking findings, sorted."""
        return tuple(sorted({f.rule_id for f in self.findings if f.blocks}))

    def for_rule(self, rule_id: str) -> tuple[Finding, ...]:
        """The findings of one rule; ``UnknownRule`` for an ID the report knows nothing of,
        so that a misspelt ID in a host's test cannot pass forever."""
        found = tuple(f for f in self.findings if f.rule_id == rule_id)
        known = (*self.evaluated, *self.pending, *self.not_applicable)
        if not found and known and rule_id not in known:
            raise UnknownRule(rule_id, f"not in this report of {self.meeting_id}")
        return found

    def for_member(self, member_id: str) -> tuple[Finding, ...]:
        """The findings naming one member."""
        return tuple(f for f in self.findings if member_id in f.members)

    def for_subject(self, kind: str, id: str) -> tuple[Finding, ...]:
        """The findings naming one subject (``for_subject("item", "r-m07")``)."""
        return tuple(f for f in self.findings if id in f.ids(kind))

    def summary(self, lang: str = "zh") -> str:
        """One line: counts, and what blocks the trigger."""
        lang = language(lang)
        line = Messages.report_summary.render(
            lang,
            errors=len(self.errors),
            warnings=len(self.warnings),
            na=len(self.not_applicable),
        )
        if self.trigger:
            blocked = self.blocking_rule_ids
            if blocked:
                line += Messages.report_blocked.render(
                    lang, trigger=self.trigger_title or self.trigger, rules=", ".join(blocked)
                )
            else:
                line += Messages.report_may_proceed.render(
                    lang, trigger=self.trigger_title or self.trigger
                )
        return line + Messages.report_end.in_(lang)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The documented JSON form (``schema_version`` 2); both languages unless ``lang``."""
        if lang is not None:
            lang = language(lang)
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "meeting_id": self.meeting_id,
            "stage": self.stage,
            "at": self.at.isoformat(),
            "trigger": self.trigger,
            "target": self.target,
            "ok": self.ok,
            "counts": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "blocking": len(self.blocking),
                "not_applicable": len(self.not_applicable),
            },
            "findings": [f.to_dict(lang) for f in self.findings],
            "not_applicable": list(self.not_applicable),
            "pending": list(self.pending),
        }

    def render(self, lang: str = "zh", format: str = "text") -> str:
        """The report as plain text, Markdown or JSON, in ``lang``."""
        return render_report(self.summary, self.to_dict, self.findings, lang, format)

    def __str__(self) -> str:
        return self.render("en")


def render_report(
    summary: Callable[[str], str],
    to_dict: Callable[[str], Mapping[str, object]],
    findings: Sequence[Finding],
    lang: str,
    format: str,
) -> str:
    """Text, Markdown or JSON of a report: one layout for a meeting's report and a portfolio's."""
    lang = language(lang)
    if format not in _FORMATS:
        raise InvalidArgument(
            Messages.unknown_format.format(got=repr(format)[:40], known=", ".join(_FORMATS))
        )
    if format == "json":
        return json.dumps(to_dict(lang), ensure_ascii=False, indent=2)
    md = format == "markdown"
    lines = [("## " if md else "") + summary(lang)]
    if md and findings:
        lines.append("")
    for f in findings:
        label = (
            Messages.label_error if f.severity is Severity.ERROR else Messages.label_warning
        ).in_(lang)
        if f.blocks:
            label += Messages.label_blocks.in_(lang)
        elif f.severity is Severity.ERROR and not f.repairable:
            label += Messages.label_on_record.in_(lang)
        msg = f.message.in_(lang)
        if md:
            lines.append(f"- **{f.rule_id}** ({label}) `{f.path}`: {msg}")
            lines.append(f"  - {f.hint.in_(lang)}")
        else:
            lines.append(f"  [{label}] {f.rule_id} @ {f.path}: {msg}")
            lines.append(f"      → {f.hint.in_(lang)}")
    return "\n".join(lines)


def subjects(**by_kind: Iterable[str]) -> tuple[Subject, ...]:
    """``subjects(item=["r1"], problem=["p1"])`` as sorted, de-duplicated ``Subject`` values."""
    return tuple(sorted({Subject(kind, i) for kind, ids in by_kind.items() for i in ids}))
