"""A rule: a stable ID, the stage it belongs to, its severity, its message variants, and a check.

One way to write a finding, after Django's system checks: a rule declares its message
variants by key (``messages={"missing": Text(...), "no_timetable": Text(...)}``) and a check
names one (``ctx.finding(path, "no_timetable", **values)``). Every variant is shown by
``meetingflow rules ID``; a template that cannot be rendered fails when the rule is defined.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from meetingflow.errors import InvalidArgument, MeetingflowError, RuleFailed
from meetingflow.i18n import Text
from meetingflow.records import paths
from meetingflow.report import Finding, Severity, Subject
from meetingflow.rules.context import NotApplicable, RuleContext

if TYPE_CHECKING:
    from meetingflow.records import Meeting

__all__ = [
    "CheckFn",
    "Finding",
    "Gate",
    "Level",
    "Outcome",
    "Rule",
    "Severity",
    "Subject",
    "rule",
    "run_rule",
]

Gate = Literal["exit", "entry", "none"]
"""How a rule gates transitions by its stage: leaving it (``exit``), entering it (``entry``),
or not at all (``none``: on record only, or gated explicitly by a transition)."""

Level = Literal["M", "S", "Q"]
"""The catalogue's level: M (must, an error), S (should, a warning), Q (a human attestation)."""

CheckFn = Callable[["Meeting", RuleContext], Iterable[Finding]]

_ID: Final = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
_KEY: Final = re.compile(r"^[a-z][a-z0-9_]*$")
_STAGE: Final = re.compile(r"^[a-z][a-z0-9_]*$")


@attrs.frozen(slots=True)
class Rule:
    """A compliance rule: a value. Built-in rules and a host's rules are made the same way."""

    id: str
    stage: str
    """The stage the rule belongs to: it is evaluated once the meeting reaches that stage."""
    severity: Severity
    title: Text
    messages: tuple[tuple[str, Text], ...]
    """The message variants, by key; a finding names one."""
    hint: Text
    """What to do (a variant may have its own, in ``hints``)."""
    basis: str
    check: CheckFn = attrs.field(eq=False)
    gate: Gate = "exit"
    level: Level = "M"
    paths: tuple[str, ...] = ()
    """Where its findings may point (path prefixes); empty means its stage's own sections."""
    reads: tuple[str, ...] = ()
    """Names of the settings the rule reads."""
    hints: tuple[tuple[str, Text], ...] = ()

    def message(self, key: str) -> Text:
        """The message variant ``key``; ``InvalidArgument`` if unknown."""
        for k, text in self.messages:
            if k == key:
                return text
        raise InvalidArgument(
            Text(
                f"规则 {self.id} 没有消息 {key!r}（有：{', '.join(k for k, _ in self.messages)}）",
                f"rule {self.id} has no message {key!r} (it has: {', '.join(k for k, _ in self.messages)})",
            )
        )

    def hint_for(self, key: str) -> Text:
        """The hint of message variant ``key`` (the rule's hint unless the variant has its own)."""
        return next((t for k, t in self.hints if k == key), self.hint)

    @property
    def why(self) -> str:
        """Why the rule exists: the first paragraph of its check's docstring."""
        doc = getattr(self.check, "__doc__", None) or ""
        return doc.strip().split("\n\n")[0].replace("\n", " ").strip()

    def evolve(self, **changes: Any) -> Rule:
        """A copy with ``changes`` (``severity="warning"``, ``gate="none"``, ...), validated."""
        unknown = sorted(set(changes) - {a.name for a in attrs.fields(Rule)})
        if unknown:
            raise InvalidArgument(
                Text(
                    f"规则没有字段 {', '.join(unknown)}",
                    f"a rule has no field {', '.join(unknown)}",
                )
            )
        return _make(**{**{a.name: getattr(self, a.name) for a in attrs.fields(Rule)}, **changes})

    def __reduce__(self) -> tuple[Any, ...]:
        # A decorated rule replaces its function in the module; pickle it by reference to
        # that module-level rule, plus any changes made since.
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
        return (_build_rule, ({a.name: getattr(self, a.name) for a in attrs.fields(Rule)},))


def _lookup(module: str | None, qualname: str) -> object:
    obj: object = sys.modules.get(module or "")
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
    return obj


def _restore_rule(module: str, qualname: str, changes: dict[str, Any]) -> Rule:
    __import__(module)
    origin = _lookup(module, qualname)
    if not isinstance(origin, Rule):  # pragma: no cover - the module changed under us
        raise RuleFailed(qualname, f"cannot find rule {qualname} in {module}")
    return attrs.evolve(origin, **changes) if changes else origin


def _build_rule(fields: dict[str, Any]) -> Rule:
    return Rule(**fields)


def _listed(value: Any, what: str) -> tuple[Any, ...]:
    if isinstance(value, str | bytes):
        raise InvalidArgument(
            Text(f"{what} 须为列表", f"{what} must be a list, not {type(value).__name__}")
        )
    try:
        return tuple(value)
    except TypeError:
        raise InvalidArgument(
            Text(f"{what} 须为列表", f"{what} must be a list, not {type(value).__name__}")
        ) from None


def _texts(
    value: Mapping[str, Any] | Iterable[tuple[str, Any]], what: str
) -> tuple[tuple[str, Text], ...]:
    items = _listed(value.items() if isinstance(value, Mapping) else value, what)
    out: list[tuple[str, Text]] = []
    for pair in items:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InvalidArgument(
                Text(f"{what} 须为 键 -> 文本 的映射", f"{what} must map keys to texts")
            )
        key, text = pair
        if not isinstance(key, str) or not _KEY.match(key):
            raise InvalidArgument(
                Text(
                    f"{what} 的键 {key!r} 须为小写标识符",
                    f"{what}: key {key!r} must be a lower_snake_case name",
                )
            )
        out.append((key, Text.coerce(text, what=f"{what} {key!r}")))
    return tuple(out)


def _make(**fields: Any) -> Rule:
    """Build and validate a rule; every problem is an ``InvalidArgument``."""
    rid = fields.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise InvalidArgument(
            Text(
                f"规则编号 {rid!r} 须形如 PREP-NOTICE",
                f"rule id {rid!r} must look like PREP-NOTICE",
            )
        )
    stage = fields.get("stage")
    if not isinstance(stage, str) or not _STAGE.match(stage):
        raise InvalidArgument(
            Text(
                f"规则 {rid} 的阶段 {stage!r} 无效",
                f"rule {rid}: stage {stage!r} is not a stage name",
            )
        )
    try:
        severity = Severity(fields.get("severity", Severity.ERROR))
    except ValueError:
        raise InvalidArgument(
            Text(
                f"规则 {rid} 的级别须为 error 或 warning",
                f"rule {rid}: severity must be 'error' or 'warning', not {fields.get('severity')!r}",
            )
        ) from None
    gate = fields.get("gate", "exit")
    if gate not in ("exit", "entry", "none"):
        raise InvalidArgument(
            Text(
                f"规则 {rid} 的 gate 须为 exit、entry 或 none",
                f"rule {rid}: gate must be 'exit', 'entry' or 'none', not {gate!r}",
            )
        )
    level = fields.get("level", "M" if severity is Severity.ERROR else "S")
    if level not in ("M", "S", "Q"):
        raise InvalidArgument(
            Text(
                f"规则 {rid} 的 level 须为 M、S 或 Q",
                f"rule {rid}: level must be 'M', 'S' or 'Q', not {level!r}",
            )
        )
    basis = fields.get("basis")
    if not isinstance(basis, str) or not basis.strip():
        raise InvalidArgument(
            Text(
                f"规则 {rid} 须写明依据（basis）",
                f"rule {rid}: give the regulation or source it rests on (basis=)",
            )
        )
    messages = _texts(fields.get("messages", ()), f"rule {rid} messages")
    if not messages:
        raise InvalidArgument(
            Text(f"规则 {rid} 至少需要一条消息", f"rule {rid} needs at least one message")
        )
    keys = [k for k, _ in messages]
    hints = _texts(fields.get("hints", ()), f"rule {rid} hints")
    unknown = sorted({k for k, _ in hints} - set(keys))
    if unknown or len(set(keys)) != len(keys):
        raise InvalidArgument(
            Text(
                f"规则 {rid} 的消息键重复或提示键未知",
                f"rule {rid}: duplicate message keys or hints for unknown keys {unknown}",
            )
        )
    check = fields.get("check")
    if not callable(check):
        raise InvalidArgument(
            Text(f"规则 {rid} 的 check 须可调用", f"rule {rid}: check must be callable")
        )
    rule_paths = _listed(fields.get("paths", ()), f"rule {rid} paths")
    for p in rule_paths:
        paths.parse(p)
    reads = _listed(fields.get("reads", ()), f"rule {rid} reads")
    if not all(isinstance(r, str) for r in reads):
        raise InvalidArgument(
            Text(f"规则 {rid} 的 reads 须为设置名", f"rule {rid}: reads names settings (text)")
        )
    return Rule(
        id=rid,
        stage=stage,
        severity=severity,
        title=Text.coerce(fields.get("title"), what=f"rule {rid} title"),  # type: ignore[arg-type]
        messages=messages,
        hint=Text.coerce(fields.get("hint"), what=f"rule {rid} hint"),  # type: ignore[arg-type]
        basis=basis,
        check=check,
        gate=gate,
        level=level,
        paths=rule_paths,
        reads=reads,
        hints=hints,
    )


def rule(
    id: str,
    *,
    stage: str,
    title: Text | Mapping[str, str] | tuple[str, str],
    messages: Mapping[str, Text | Mapping[str, str] | tuple[str, str]],
    hint: Text | Mapping[str, str] | tuple[str, str],
    basis: str,
    severity: Severity | str = Severity.ERROR,
    gate: Gate = "exit",
    level: Level | None = None,
    paths: Iterable[str] = (),
    reads: Iterable[str] = (),
    hints: Mapping[str, Text | Mapping[str, str] | tuple[str, str]] | None = None,
) -> Callable[[CheckFn], Rule]:
    """Turn a check function into a ``Rule``; the built-in rules are written this way.

    ``messages`` are the variants a finding names by key; their templates may use ``{who}``
    (the names of the members concerned) and any value the check passes to
    ``finding``. ``hint`` says what to do.
    """

    def wrap(check: CheckFn) -> Rule:
        fields: dict[str, Any] = {
            "id": id,
            "stage": stage,
            "severity": severity,
            "title": title,
            "messages": messages,
            "hint": hint,
            "basis": basis,
            "check": check,
            "gate": gate,
            "paths": paths,
            "reads": reads,
            "hints": hints if hints is not None else {},
        }
        if level is not None:
            fields["level"] = level
        return _make(**fields)

    return wrap


@attrs.frozen(slots=True)
class Outcome:
    """What evaluating one rule produced."""

    rule: Rule
    findings: tuple[Finding, ...]
    applicable: bool


def run_rule(
    rule_: Rule, meeting: Meeting, ctx: RuleContext, allowed: tuple[str, ...] = ()
) -> Outcome:
    """Evaluate one rule; a crash or a malformed finding becomes ``RuleFailed``.

    ``allowed`` are the path prefixes the rule's findings may point at (empty: anywhere).
    """
    try:
        found = tuple(rule_.check(meeting, ctx))
    except NotApplicable:
        return Outcome(rule_, (), False)
    except MeetingflowError as error:
        if isinstance(error, RuleFailed):
            raise
        raise RuleFailed(rule_.id, error) from error
    except Exception as error:
        raise RuleFailed(rule_.id, error) from error
    for f in found:
        if not isinstance(f, Finding) or f.rule_id != rule_.id:
            raise RuleFailed(rule_.id, f"yielded {type(f).__name__}, not a Finding of this rule")
        if allowed and not any(paths.is_within(f.path, p) for p in allowed):
            raise RuleFailed(
                rule_.id,
                f"a finding points at {f.path!r}, outside the paths the rule declares ({', '.join(allowed)})",
            )
        _check_finding(rule_.id, f, type(meeting), ctx)
    return Outcome(rule_, found, True)


def _check_finding(rule_id: str, f: Finding, meeting_type: type, ctx: RuleContext) -> None:
    """A finding a host cannot show is a bug of its rule: say so where the rule is tested."""
    try:
        paths.type_at(meeting_type, f.path)
    except InvalidArgument as error:
        raise RuleFailed(
            rule_id, f"a finding points at a path no meeting has: {error.message('en')}"
        ) from None
    strangers = [m for m in f.members if m not in ctx.members and m not in ctx.people]
    if strangers:
        raise RuleFailed(
            rule_id,
            f"a finding names {', '.join(map(repr, strangers))}, neither on the roster"
            " nor among the supervisors",
        )
