"""Rule packs: values that hold rules, combine, and carry a host's overrides until a flow is built."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from meetingflow.rules._core import Rule, Severity


@attrs.frozen(slots=True)
class _Override:
    rule_id: str
    changes: tuple[tuple[str, Any], ...]


@attrs.frozen(slots=True)
class RulePack:
    """A named set of rules plus pending changes (disable, re-grade, replace).

    Every method returns a new pack. Mistakes (two rules with one ID, a change to an unknown
    ID) are reported together when a flow is built from the pack, naming each ID.
    """

    name: str
    rules: tuple[Rule, ...] = ()
    disabled: frozenset[str] = frozenset()
    overrides: tuple[_Override, ...] = ()
    replacements: tuple[Rule, ...] = ()

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.resolve()[0])

    def __len__(self) -> int:
        return len(self.resolve()[0])

    def __add__(self, other: RulePack) -> RulePack:
        return self.combine(other)

    def combine(self, *others: RulePack) -> RulePack:
        """One pack with the rules and pending changes of all."""
        packs = (self, *others)
        return RulePack(
            name="+".join(p.name for p in packs),
            rules=tuple(r for p in packs for r in p.rules),
            disabled=frozenset().union(*(p.disabled for p in packs)),
            overrides=tuple(o for p in packs for o in p.overrides),
            replacements=tuple(r for p in packs for r in p.replacements),
        )

    def with_rules(self, *rules: Rule) -> RulePack:
        """Add rules (a host's own, made with ``@rule``)."""
        return attrs.evolve(self, rules=(*self.rules, *rules))

    def disable(self, *rule_ids: str) -> RulePack:
        """Switch rules off by ID (like silencing a Django check)."""
        return attrs.evolve(self, disabled=self.disabled | frozenset(rule_ids))

    def override(self, rule_id: str, **changes: Any) -> RulePack:
        """Change fields of a rule, e.g. ``override("PREP-SPOT-CHECK", severity="error")``."""
        if "severity" in changes:
            changes["severity"] = Severity(changes["severity"])
        bad = sorted(set(changes) - {a.name for a in attrs.fields(Rule)} | ({"id"} & set(changes)))
        if bad:
            raise ValueError(f"cannot override {', '.join(bad)} of rule {rule_id}")
        return attrs.evolve(
            self, overrides=(*self.overrides, _Override(rule_id, tuple(sorted(changes.items()))))
        )

    def with_severity(self, rule_id: str, severity: Severity | str) -> RulePack:
        """Shortcut for ``override(rule_id, severity=...)``."""
        return self.override(rule_id, severity=severity)

    def replace(self, rule: Rule) -> RulePack:
        """Replace the rule that has ``rule.id`` with ``rule``."""
        return attrs.evolve(self, replacements=(*self.replacements, rule))

    @property
    def ids(self) -> tuple[str, ...]:
        """IDs of the active rules, in pack order."""
        return tuple(r.id for r in self.resolve()[0])

    def get(self, rule_id: str) -> Rule:
        """The active rule with ``rule_id``; ``KeyError`` otherwise."""
        for r in self.resolve()[0]:
            if r.id == rule_id:
                return r
        raise KeyError(f"no active rule {rule_id!r} in pack {self.name!r}")

    def resolve(self) -> tuple[tuple[Rule, ...], tuple[str, ...]]:
        """The active rules after all changes, and the problems found doing so."""
        problems: list[str] = []
        by_id: dict[str, Rule] = {}
        for r in self.rules:
            if r.id in by_id:
                problems.append(f"rule ID {r.id} is defined twice in pack {self.name!r}")
            else:
                by_id[r.id] = r
        for r in self.replacements:
            if r.id not in by_id:
                problems.append(f"cannot replace rule {r.id}: no rule with that ID in the pack")
            else:
                by_id[r.id] = r
        for o in self.overrides:
            if o.rule_id not in by_id:
                problems.append(
                    f"cannot override rule {o.rule_id}: no rule with that ID in the pack"
                )
            else:
                by_id[o.rule_id] = by_id[o.rule_id].evolve(**dict(o.changes))
        for rid in sorted(self.disabled - set(by_id)):
            problems.append(f"cannot disable rule {rid}: no rule with that ID in the pack")
        active = tuple(r for rid, r in by_id.items() if rid not in self.disabled)
        return active, tuple(problems)


def pack(name: str, rules: Iterable[Rule]) -> RulePack:
    """A new pack from rules."""
    return RulePack(name=name, rules=tuple(rules))
