"""The rule mechanism: rules, findings, the context a check runs in, and the ``@rule`` decorator.

A rule is a value (attrs, frozen). Built-in rules and a host's rules are made the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeVar

import attrs

from meetingflow._i18n import Lang, Text
from meetingflow.errors import MeetingflowError

if TYPE_CHECKING:
    from meetingflow.records import Meeting, Member
    from meetingflow.rules.settings import RuleSettings


_T = TypeVar("_T")


class Severity(str, Enum):
    """``error`` blocks the transition it gates; ``warning`` is reported and never blocks."""

    ERROR = "error"
    WARNING = "warning"


Gate = Literal["exit", "entry"]
"""Whether a rule gates leaving its stage (``exit``) or entering it (``entry``)."""


class RuleFailed(MeetingflowError):
    """A rule's check function raised: a bug in that rule, named here by its ID."""

    def __init__(self, rule_id: str, error: BaseException) -> None:
        self.rule_id = rule_id
        super().__init__(f"rule {rule_id} raised {type(error).__name__}: {error}")


class _NotApplicable(Exception):
    pass


@attrs.frozen(slots=True)
class Finding:
    """One thing wrong: which rule, where in the record, which members, and what to do."""

    rule_id: str
    severity: Severity
    stage: str
    path: str
    members: tuple[str, ...]
    message: Text
    hint: Text
    basis: str
    repairable: bool = True
    """False when the organization can no longer fix it (a late report, an absence)."""
    blocks: bool = False
    """Whether this finding blocks the transition the report was made for."""

    def to_dict(self, lang: Lang | None = None) -> dict[str, Any]:
        """JSON-ready form; both languages unless ``lang`` picks one."""

        def text(t: Text) -> Any:
            return t.in_(lang) if lang else {"zh": t.zh, "en": t.en}

        return {
            "rule_id": self.rule_id,
            "severity": self.severity.value,
            "stage": self.stage,
            "path": self.path,
            "members": list(self.members),
            "message": text(self.message),
            "hint": text(self.hint),
            "basis": self.basis,
            "repairable": self.repairable,
            "blocks": self.blocks,
        }


CheckFn = Callable[["Meeting", "RuleContext"], Iterable[Finding]]


@attrs.frozen(slots=True, eq=False)
class RuleContext:
    """What a check may use besides the record: settings, the check date and helpers."""

    rule: Rule
    settings: RuleSettings
    at: datetime
    members: Mapping[str, Member]
    shared: dict[str, Any] = attrs.field(factory=dict, repr=False)
    """Values computed once per check and shared by all rules (see :meth:`memo`)."""

    def memo(self, key: str, compute: Callable[[], _T]) -> _T:
        """``compute()`` once per check: rules asking the same question share the answer."""
        if key not in self.shared:
            self.shared[key] = compute()
        value: _T = self.shared[key]
        return value

    @property
    def today(self) -> date:
        """The check date: ``at.date()`` in ``at``'s own time zone."""
        return self.at.date()

    def name(self, member_id: str) -> str:
        """``Name (id)`` for messages; the id alone for people not on the roster."""
        m = self.members.get(member_id)
        return f"{m.name} ({member_id})" if m else member_id

    def names(self, member_ids: Iterable[str]) -> str:
        """Several members, for messages."""
        return ", ".join(self.name(i) for i in member_ids)

    def finding(
        self,
        path: str,
        *,
        members: Iterable[str] = (),
        zh: str | None = None,
        en: str | None = None,
        repairable: bool = True,
        severity: Severity | None = None,
        **values: object,
    ) -> Finding:
        """A finding of this rule at ``path``.

        The message is the rule's template filled with ``values`` (``{who}`` is filled with
        the members' names); pass ``zh`` and ``en`` together to write the message directly.
        ``severity`` may lower an error rule's finding to a warning (a hint), never raise it.
        """
        if severity is not None and Severity(severity) is Severity.ERROR:
            severity = self.rule.severity
        ids = tuple(members)
        if (zh is None) != (en is None):
            raise ValueError(f"rule {self.rule.id}: give both zh= and en=, or neither")
        if zh is not None and en is not None:
            message = Text(zh, en)
        else:
            values.setdefault("who", self.names(ids))
            message = self.rule.message.format(**values)
        return Finding(
            rule_id=self.rule.id,
            severity=Severity(severity) if severity is not None else self.rule.severity,
            stage=self.rule.stage,
            path=path,
            members=ids,
            message=message,
            hint=self.rule.hint,
            basis=self.rule.basis,
            repairable=repairable,
        )

    def not_applicable(self) -> NoReturn:
        """Stop: this rule's precondition does not hold for this meeting (nothing to check)."""
        raise _NotApplicable


def _text(value: Text | Mapping[str, str] | tuple[str, str]) -> Text:
    return Text.coerce(value if not isinstance(value, Mapping) else dict(value))


@attrs.frozen(slots=True)
class Rule:
    """A compliance rule: stable ID, stage, severity, bilingual texts, basis and a pure check."""

    id: str
    stage: str
    severity: Severity
    title: Text
    message: Text
    hint: Text
    basis: str
    check: CheckFn = attrs.field(eq=False)
    gate: Gate = "exit"
    reads: tuple[str, ...] = ()
    """Names of the settings this rule reads."""

    def evolve(self, **changes: Any) -> Rule:
        """A copy with ``changes`` (e.g. ``severity="warning"``)."""
        if "severity" in changes:
            changes["severity"] = Severity(changes["severity"])
        return attrs.evolve(self, **changes)

    def __reduce__(self) -> tuple[Any, ...]:
        # A decorated rule replaces its function in the module; pickle it by reference
        # to that module-level rule plus any changes made since.
        module = getattr(self.check, "__module__", None)
        qualname = getattr(self.check, "__qualname__", "")
        origin = _lookup(module, qualname)
        if isinstance(origin, Rule) and origin.check is self.check:
            changes = {
                a.name: getattr(self, a.name)
                for a in attrs.fields(Rule)
                if a.name != "check" and getattr(self, a.name) != getattr(origin, a.name)
            }
            return (_restore_rule, (module, qualname, changes))
        return (
            _build_rule,
            ({a.name: getattr(self, a.name) for a in attrs.fields(Rule)},),
        )


def _lookup(module: str | None, qualname: str) -> object:
    obj: object = sys.modules.get(module or "")
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
    return obj


def _restore_rule(module: str, qualname: str, changes: dict[str, Any]) -> Rule:
    __import__(module)
    origin = _lookup(module, qualname)
    assert isinstance(origin, Rule)
    return attrs.evolve(origin, **changes) if changes else origin


def _build_rule(fields: dict[str, Any]) -> Rule:
    return Rule(**fields)


def rule(
    id: str,
    *,
    stage: str,
    title: Text | Mapping[str, str] | tuple[str, str],
    message: Text | Mapping[str, str] | tuple[str, str],
    hint: Text | Mapping[str, str] | tuple[str, str],
    basis: str,
    severity: Severity | str = Severity.ERROR,
    gate: Gate = "exit",
    reads: Iterable[str] = (),
) -> Callable[[CheckFn], Rule]:
    """Turn a check function into a :class:`Rule`; built-in rules are written this way.

    ``message`` may use ``{who}`` (the members concerned) and any value the check passes
    to :meth:`RuleContext.finding`. ``hint`` says what to do.
    """
    if not id or not isinstance(id, str):
        raise ValueError("a rule needs a non-empty string ID")
    if gate not in ("exit", "entry"):
        raise ValueError(f"rule {id}: gate must be 'exit' or 'entry', not {gate!r}")
    if not basis:
        raise ValueError(f"rule {id}: give the regulation or source the rule rests on (basis=)")

    texts = {"title": _text(title), "message": _text(message), "hint": _text(hint)}
    level = Severity(severity)

    def wrap(check: CheckFn) -> Rule:
        return Rule(
            id=id,
            stage=stage,
            severity=level,
            **texts,
            basis=basis,
            check=check,
            gate=gate,
            reads=tuple(reads),
        )

    return wrap


@attrs.frozen(slots=True)
class Outcome:
    """What evaluating one rule produced."""

    rule: Rule
    findings: tuple[Finding, ...]
    applicable: bool


def run_rule(rule_: Rule, meeting: Meeting, ctx: RuleContext) -> Outcome:
    """Evaluate one rule, turning a crash into :class:`RuleFailed`."""
    try:
        found = tuple(rule_.check(meeting, ctx))
    except _NotApplicable:
        return Outcome(rule_, (), False)
    except MeetingflowError:
        raise
    except Exception as error:
        raise RuleFailed(rule_.id, error) from error
    for f in found:
        if not isinstance(f, Finding):
            raise RuleFailed(rule_.id, TypeError(f"yielded {f!r}, not a Finding"))
    return Outcome(rule_, found, True)
