"""Rule packs: values that hold rules, combine, and carry a host's changes until a flow is built."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from meetingflow.errors import InvalidArgument, UnknownRule
from meetingflow.i18n import Text
from meetingflow.rules.rule import Rule

if TYPE_CHECKING:
    from meetingflow.records import Record

__all__ = ["RulePack"]

_CHANGEABLE: Final = frozenset(
    {
        "severity",
        "gate",
        "level",
        "title",
        "messages",
        "hint",
        "hints",
        "basis",
        "stage",
        "paths",
        "reads",
    }
)


def _declarations(
    value: Mapping[str, type[Record]] | Iterable[tuple[str, type[Record]]],
) -> tuple[tuple[str, type[Record]], ...]:
    try:
        pairs = tuple(value.items()) if isinstance(value, Mapping) else tuple(value)
    except TypeError:
        pairs = None
    if pairs is None or not all(isinstance(p, tuple) and len(p) == 2 for p in pairs):
        raise InvalidArgument(
            Text(
                "settings 须为 命名空间 -> 记录类型 的映射",
                "settings maps namespaces to Record types",
            )
        )
    return pairs


@attrs.frozen(slots=True)
class _Override:
    rule_id: str
    changes: tuple[tuple[str, Any], ...]


@attrs.frozen(slots=True)
class RulePack:
    """A named set of rules plus pending changes: disabled, overridden, substituted.

    Every method returns a new pack. Mistakes that depend on the whole set (two rules with one
    ID, a change to an unknown ID) are reported together when a flow is built from the pack.
    ``settings`` declares the pack's own typed settings by namespace.
    """

    name: str
    rules: tuple[Rule, ...] = ()
    disabled: frozenset[str] = frozenset()
    overrides: tuple[_Override, ...] = ()
    substitutions: tuple[Rule, ...] = ()
    settings: tuple[tuple[str, type[Record]], ...] = attrs.field(
        default=(), converter=_declarations
    )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidArgument(
                Text("规则包须有名称", f"a rule pack's name is text, not {repr(self.name)[:40]}")
            )
        for field in ("rules", "substitutions", "overrides"):
            value = getattr(self, field)
            if not isinstance(value, tuple):
                try:
                    object.__setattr__(self, field, tuple(value))
                except TypeError:
                    raise InvalidArgument(
                        Text(
                            f"规则包 {self.name!r} 的 {field} 须为列表",
                            f"pack {self.name!r}: {field} must be a list, not {type(value).__name__}",
                        )
                    ) from None
        if not isinstance(self.disabled, frozenset) or not all(
            isinstance(i, str) for i in self.disabled
        ):
            raise InvalidArgument(
                Text(
                    f"规则包 {self.name!r} 停用的须为规则编号",
                    f"pack {self.name!r}: disable rule IDs (text)",
                )
            )
        for r in (*self.rules, *self.substitutions):
            if not isinstance(r, Rule):
                raise InvalidArgument(
                    Text(
                        f"规则包 {self.name!r} 含有非规则对象",
                        f"pack {self.name!r} holds {type(r).__name__}, not a Rule",
                    )
                )

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.resolve()[0])

    def __len__(self) -> int:
        return len(self.resolve()[0])

    def __add__(self, other: RulePack) -> RulePack:
        return self.combine(other)

    def combine(self, *others: RulePack) -> RulePack:
        """One pack with the rules, changes and settings of all."""
        for other in others:
            if not isinstance(other, RulePack):
                raise InvalidArgument(
                    Text("只能合并规则包", f"only rule packs combine, not {type(other).__name__}")
                )
        packs = (self, *others)
        return RulePack(
            name="+".join(p.name for p in packs),
            rules=tuple(r for p in packs for r in p.rules),
            disabled=frozenset().union(*(p.disabled for p in packs)),
            overrides=tuple(o for p in packs for o in p.overrides),
            substitutions=tuple(r for p in packs for r in p.substitutions),
            settings=tuple(s for p in packs for s in p.settings),
        )

    def add(self, *rules: Rule) -> RulePack:
        """The pack with more rules (a host's own, made with ``@rule``)."""
        return attrs.evolve(self, rules=(*self.rules, *rules))

    def disable(self, *rule_ids: str) -> RulePack:
        """Switch rules off by ID (like silencing a Django check)."""
        if not all(isinstance(i, str) for i in rule_ids):
            raise InvalidArgument(Text("规则编号须为文本", "rule IDs are text, e.g. 'PREP-NOTICE'"))
        return attrs.evolve(self, disabled=self.disabled | frozenset(rule_ids))

    def override(self, rule_id: str, **changes: Any) -> RulePack:
        """Change fields of a rule: ``override("PREP-SPOT-CHECK", severity="error")``."""
        if not isinstance(rule_id, str):
            raise InvalidArgument(Text("规则编号须为文本", "a rule ID is text, e.g. 'PREP-NOTICE'"))
        bad = sorted(set(changes) - _CHANGEABLE)
        if bad:
            raise InvalidArgument(
                Text(
                    f"不能修改规则 {rule_id} 的 {', '.join(bad)}（可修改：{', '.join(sorted(_CHANGEABLE))}）",
                    f"cannot override {', '.join(bad)} of rule {rule_id} (changeable: {', '.join(sorted(_CHANGEABLE))})",
                )
            )
        probe = next((r for r in (*self.rules, *self.substitutions) if r.id == rule_id), None)
        if probe is not None:
            probe.evolve(**changes)  # validate the values now, not when the flow is built
        return attrs.evolve(
            self, overrides=(*self.overrides, _Override(rule_id, tuple(sorted(changes.items()))))
        )

    def with_severity(self, rule_id: str, severity: str) -> RulePack:
        """Shortcut for ``override(rule_id, severity=...)``."""
        return self.override(rule_id, severity=severity)

    def substitute(self, rule: Rule) -> RulePack:
        """Put ``rule`` in place of the pack's rule with the same ID."""
        return attrs.evolve(self, substitutions=(*self.substitutions, rule))

    @property
    def ids(self) -> tuple[str, ...]:
        """IDs of the active rules, in pack order."""
        return tuple(r.id for r in self.resolve()[0])

    def get(self, rule_id: str) -> Rule:
        """The active rule with ``rule_id``; ``UnknownRule`` otherwise."""
        for r in self.resolve()[0]:
            if r.id == rule_id:
                return r
        raise UnknownRule(rule_id, f"pack {self.name}")

    def resolve(self) -> tuple[tuple[Rule, ...], tuple[str, ...]]:
        """The active rules after all changes, and the problems found doing so."""
        problems: list[str] = []
        by_id: dict[str, Rule] = {}
        for r in self.rules:
            if r.id in by_id:
                problems.append(f"rule ID {r.id} is defined twice in pack {self.name!r}")
            else:
                by_id[r.id] = r
        for r in self.substitutions:
            if r.id not in by_id:
                problems.append(f"cannot substitute rule {r.id}: no rule with that ID in the pack")
            else:
                by_id[r.id] = r
        for o in self.overrides:
            if o.rule_id not in by_id:
                problems.append(
                    f"cannot override rule {o.rule_id}: no rule with that ID in the pack"
                )
            else:
                try:
                    by_id[o.rule_id] = by_id[o.rule_id].evolve(**dict(o.changes))
                except InvalidArgument as error:
                    problems.append(str(error))
        for rid in sorted(self.disabled - set(by_id)):
            problems.append(f"cannot disable rule {rid}: no rule with that ID in the pack")
        names = [n for n, _ in self.settings]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            problems.append(f"settings namespace {dup!r} is declared twice")
        active = tuple(r for rid, r in by_id.items() if rid not in self.disabled)
        return active, tuple(problems)


def pack(
    name: str, rules: Iterable[Rule], settings: Mapping[str, type[Record]] | None = None
) -> RulePack:
    """A new pack from rules (and the typed settings it reads, by namespace)."""
    return RulePack(name=name, rules=rules, settings=settings or {})  # type: ignore[arg-type]
