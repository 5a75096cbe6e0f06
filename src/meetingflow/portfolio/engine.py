"""The cross-meeting rule mechanism: rules over a whole portfolio, their context and report.

The same shape as the single-meeting rules (:mod:`meetingflow.rules`): a stable ID, a
bilingual title, message variants and hint, the basis, a severity and a pure check; a check
yields :class:`~meetingflow.report.Finding` values that name their subjects by kind and id
(``organization``, ``member``, ``year``, ``meeting``, ``campaign``) and the path in the
portfolio. A rule with nothing to quantify over is not applicable (clarification 1). Time is
the host's: every check date is ``at`` taken in each organization's own time zone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final, Literal, NoReturn
from zoneinfo import ZoneInfo

import attrs
from pydantic import Field

from meetingflow._errorbase import InvalidArgument, language
from meetingflow.errors import RuleFailed
from meetingflow.i18n import Messages, Text
from meetingflow.records._base import Record
from meetingflow.records.fields import Many
from meetingflow.records.terms import OrgLevel
from meetingflow.report import Finding, Severity, Subject, render_report

if TYPE_CHECKING:
    from meetingflow.portfolio._checks import Index
    from meetingflow.portfolio.records import Portfolio
    from meetingflow.rules.settings import RuleSettings

__all__ = [
    "PortfolioContext",
    "PortfolioReport",
    "PortfolioRule",
    "PortfolioSettings",
    "portfolio_rule",
]

STAGE: Final = "portfolio"
"""The ``stage`` of every cross-meeting finding."""

PortfolioCheck = Callable[["Portfolio", "PortfolioContext"], Iterable[Finding]]


class PortfolioSettings(Record):
    """The numbers and switches of the cross-meeting rules.

    ``thematic_counts_for_annual`` and ``lapse_months`` are the catalogue's settings of the
    same name; pass a flow's :class:`~meetingflow.RuleSettings` to :func:`evaluate` to use its
    values.
    """

    thematic_counts_for_annual: bool = True
    """FREQ-ANNUAL: a thematic meeting counts as the year's meeting."""
    lapse_months: int = Field(default=6, ge=1, le=120)
    """ATT-LAPSE-RISK: consecutive calendar months without organizational life that flag a member."""
    annual_levels: Many[OrgLevel] = (OrgLevel.BRANCH,)
    """FREQ-ANNUAL: the levels of organization that hold a meeting every year (党支部)."""
    annual_grace_days: int = Field(default=90, ge=0, le=366)
    """FREQ-ANNUAL: days after 31 December in which a year's meeting may still be held."""
    sitting_stage: str = "review"
    """HIER-HELD-BY-DEADLINE: the timetable line that is the sitting's deadline."""


def coerce_settings(
    value: PortfolioSettings | RuleSettings | Mapping[str, Any] | None,
) -> PortfolioSettings:
    """Settings from ``PortfolioSettings``, a flow's ``RuleSettings`` or a mapping."""
    if value is None:
        return PortfolioSettings()
    if isinstance(value, PortfolioSettings):
        return value
    if isinstance(value, Mapping):
        return PortfolioSettings.model_validate(dict(value))
    thematic = getattr(value, "thematic_counts_for_annual", None)
    months = getattr(value, "lapse_months", None)
    if isinstance(thematic, bool) and isinstance(months, int):
        return PortfolioSettings(thematic_counts_for_annual=thematic, lapse_months=months)
    raise InvalidArgument(
        Text(
            "settings 须为 PortfolioSettings、RuleSettings 或映射",
            "settings must be PortfolioSettings, RuleSettings or a mapping",
        )
    )


@attrs.frozen(slots=True)
class PortfolioRule:
    """A cross-meeting rule: a value, made with :func:`portfolio_rule`."""

    id: str
    title: Text
    messages: tuple[tuple[str, Text], ...]
    hint: Text
    basis: str
    severity: Severity
    level: Literal["M", "S", "Q"]
    check: PortfolioCheck = attrs.field(eq=False)

    def message(self, key: str) -> Text:
        """The message variant ``key``."""
        for k, text in self.messages:
            if k == key:
                return text
        raise InvalidArgument(
            Text(f"规则 {self.id} 没有消息 {key!r}", f"rule {self.id} has no message {key!r}")
        )

    @property
    def why(self) -> str:
        """Why the rule exists: the first paragraph of its check's docstring."""
        doc = getattr(self.check, "__doc__", None) or ""
        return doc.strip().split("\n\n")[0].replace("\n", " ").strip()


def portfolio_rule(
    id: str,
    *,
    title: Text,
    messages: Mapping[str, Text],
    hint: Text,
    basis: str,
    severity: Severity | str = Severity.ERROR,
) -> Callable[[PortfolioCheck], PortfolioRule]:
    """Turn a check over a portfolio into a :class:`PortfolioRule` (texts checked now)."""
    sev = Severity(severity)

    def wrap(check: PortfolioCheck) -> PortfolioRule:
        texts = tuple(
            (k, Text.coerce(t, what=f"rule {id} message {k!r}")) for k, t in messages.items()
        )
        return PortfolioRule(
            id=id,
            title=Text.coerce(title, what=f"rule {id} title"),
            messages=texts,
            hint=Text.coerce(hint, what=f"rule {id} hint"),
            basis=basis,
            severity=sev,
            level="M" if sev is Severity.ERROR else "S",
            check=check,
        )

    return wrap


class _NotApplicable(Exception):
    pass


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@attrs.frozen(slots=True, eq=False)
class PortfolioContext:
    """What a cross-meeting check may use: the time, the settings, the portfolio's index."""

    rule: PortfolioRule
    at: datetime
    settings: PortfolioSettings
    index: Index
    names: Mapping[str, str] = attrs.field(factory=dict)
    """Names of members, by ``org/member`` key, for messages."""

    def today(self, org_id: str) -> date:
        """The check date in the organization's time zone."""
        return self.at.astimezone(_zone(self.index.orgs[org_id].timezone)).date()

    def org(self, org_id: str) -> Text:
        """``资产公司党支部（b01）`` / ``... (b01)`` for messages."""
        o = self.index.orgs.get(org_id)
        if o is None:
            return Text(org_id, org_id)
        return Text(f"{o.name}（{org_id}）", f"{o.name} ({org_id})")

    def org_path(self, org_id: str) -> str:
        """The path of an organization in the portfolio."""
        return f"organizations[{self.index.position[org_id]}]"

    def finding(
        self,
        path: str,
        key: str,
        *,
        members: Iterable[str] = (),
        subjects: Mapping[str, Iterable[object]] | None = None,
        repairable: bool = True,
        **values: object,
    ) -> Finding:
        """A finding of this rule at ``path`` with message variant ``key``."""
        ids = tuple(dict.fromkeys(members))
        text = self.rule.message(key).format(**values)
        found = tuple(
            sorted({Subject(k, str(i)) for k, xs in (subjects or {}).items() for i in xs})
        )
        return Finding(
            rule_id=self.rule.id,
            severity=self.rule.severity,
            stage=STAGE,
            path=path,
            message=text,
            hint=self.rule.hint,
            basis=self.rule.basis,
            key=key,
            members=ids,
            subjects=found,
            repairable=repairable,
        )

    def not_applicable(self) -> NoReturn:
        """Stop: nothing to quantify over (clarification 1)."""
        raise _NotApplicable


@attrs.frozen(slots=True)
class PortfolioReport:
    """What the cross-meeting rules said about a portfolio at ``at``."""

    portfolio_id: str
    at: datetime
    findings: tuple[Finding, ...]
    not_applicable: tuple[str, ...] = ()
    evaluated: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Error-severity findings."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Warnings."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """No error findings."""
        return not self.errors

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The rules with findings, sorted."""
        return tuple(sorted({f.rule_id for f in self.findings}))

    def for_rule(self, rule_id: str) -> tuple[Finding, ...]:
        """The findings of one rule."""
        return tuple(f for f in self.findings if f.rule_id == rule_id)

    def for_subject(self, kind: str, id: str) -> tuple[Finding, ...]:
        """The findings naming one subject (``for_subject("organization", "b07")``)."""
        return tuple(f for f in self.findings if id in f.ids(kind))

    def summary(self, lang: str = "zh") -> str:
        """One line of counts."""
        line = Messages.report_summary.render(
            lang, errors=len(self.errors), warnings=len(self.warnings), na=len(self.not_applicable)
        )
        return line + Messages.report_end.in_(lang)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form; both languages unless ``lang`` picks one."""
        if lang is not None:
            lang = language(lang)
        return {
            "portfolio_id": self.portfolio_id,
            "at": self.at.isoformat(),
            "ok": self.ok,
            "counts": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "not_applicable": len(self.not_applicable),
            },
            "findings": [f.to_dict(lang) for f in self.findings],
            "not_applicable": list(self.not_applicable),
            "evaluated": list(self.evaluated),
        }

    def render(self, lang: str = "zh", format: str = "text") -> str:
        """Plain text, Markdown or JSON, in ``lang``."""
        return render_report(self.summary, self.to_dict, self.findings, lang, format)

    def __str__(self) -> str:
        return self.render("en")


def run(
    rules: Iterable[PortfolioRule],
    portfolio: Portfolio,
    *,
    at: datetime,
    settings: PortfolioSettings,
    index: Index,
) -> PortfolioReport:
    """Evaluate ``rules``; a crash becomes :class:`~meetingflow.errors.RuleFailed`."""
    names = {f"{a.org_id}/{a.member_id}": a.name for a in portfolio.attendance if a.name}
    findings: list[Finding] = []
    na: list[str] = []
    evaluated: list[str] = []
    for r in rules:
        ctx = PortfolioContext(rule=r, at=at, settings=settings, index=index, names=names)
        evaluated.append(r.id)
        try:
            found = list(r.check(portfolio, ctx))
        except _NotApplicable:
            na.append(r.id)
            continue
        except RuleFailed:
            raise
        except Exception as error:
            raise RuleFailed(r.id, error) from error
        findings += found
    return PortfolioReport(
        portfolio_id=portfolio.id,
        at=at,
        findings=tuple(findings),
        not_applicable=tuple(na),
        evaluated=tuple(evaluated),
    )
