"""Reports: what the rules found for one meeting at one moment, renderable in zh or en."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

import attrs

from meetingflow._i18n import Lang
from meetingflow.rules._core import Finding, Severity

REPORT_SCHEMA_VERSION = 1

Format = Literal["text", "markdown", "json"]


@attrs.frozen(slots=True)
class Report:
    """Findings for one meeting at ``at``, judged for the transition ``trigger`` (if any)."""

    meeting_id: str
    stage: str
    at: datetime
    trigger: str | None
    target: str | None
    findings: tuple[Finding, ...]
    not_applicable: tuple[str, ...] = ()
    """Rules whose precondition did not hold (nothing to check)."""
    pending: tuple[str, ...] = ()
    """Rules of stages not reached yet; they are evaluated later."""

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
        return not self.blocking

    def for_rule(self, rule_id: str) -> tuple[Finding, ...]:
        """The findings of one rule."""
        return tuple(f for f in self.findings if f.rule_id == rule_id)

    def for_member(self, member_id: str) -> tuple[Finding, ...]:
        """The findings naming one member."""
        return tuple(f for f in self.findings if member_id in f.members)

    def summary(self, lang: Lang = "zh") -> str:
        """One line: counts, and what blocks the next transition."""
        e, w, n = len(self.errors), len(self.warnings), len(self.not_applicable)
        blocked = sorted({f.rule_id for f in self.blocking})
        if lang == "zh":
            line = f"错误 {e} 项，警告 {w} 项，不适用规则 {n} 条"
            if self.trigger:
                line += (
                    f"；「{self.trigger}」被 {', '.join(blocked)} 阻止"
                    if blocked
                    else f"；可以执行「{self.trigger}」"
                )
            return line + "。"
        line = f"{e} error(s), {w} warning(s), {n} rule(s) not applicable"
        if self.trigger:
            line += (
                f"; {self.trigger!r} is blocked by {', '.join(blocked)}"
                if blocked
                else f"; {self.trigger!r} may proceed"
            )
        return line + "."

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """The documented JSON form (``schema_version`` 1)."""
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

    def render(self, lang: Lang = "zh", format: Format = "text") -> str:
        """The report as plain text, Markdown or JSON, in ``lang``."""
        if format == "json":
            return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=2)
        if format not in ("text", "markdown"):
            raise ValueError(f"unknown format {format!r}; use 'text', 'markdown' or 'json'")
        md = format == "markdown"
        lines = [("## " if md else "") + self.summary(lang)]
        if md and self.findings:
            lines.append("")
        labels = {"error": ("错误", "error"), "warning": ("警告", "warning")}
        for f in self.findings:
            label = labels[f.severity.value][0 if lang == "zh" else 1]
            if f.blocks:
                label += "，阻止" if lang == "zh" else ", blocks"
            elif f.severity is Severity.ERROR and not f.repairable:
                label += "，已无法补救" if lang == "zh" else ", on record"
            msg = f.message.in_(lang)
            if md:
                lines.append(f"- **{f.rule_id}** ({label}) `{f.path}`: {msg}")
                lines.append(f"  - {f.hint.in_(lang)}")
            else:
                lines.append(f"  [{label}] {f.rule_id} @ {f.path}: {msg}")
                lines.append(f"      → {f.hint.in_(lang)}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render("en")
