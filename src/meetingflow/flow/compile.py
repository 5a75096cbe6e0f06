"""Compiling a flow definition: every check a definition must pass, and the tables operations use.

The most important check is the one that keeps meetings from jamming: a rule that gates a
transition may only point at record paths that can still be recorded in the stage the
transition leaves — or be one of the transition's strict gates, which a redo cures. A rule
that could block from a sealed path is a definition error, reported when the flow is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from meetingflow import records as rec
from meetingflow.errors import (
    FlowDefinitionError,
    HistoryTampered,
    InvalidArgument,
    InvalidRecord,
    WrongFlow,
)
from meetingflow.flow.checks import named, seal_problem
from meetingflow.flow.definition import ALWAYS_OPEN, Stage, Track, Transition
from meetingflow.i18n import Text
from meetingflow.records import paths
from meetingflow.records.terms import Authority
from meetingflow.report import Severity
from meetingflow.rules.pack import RulePack
from meetingflow.rules.rule import Rule

if TYPE_CHECKING:
    from meetingflow.records import Meeting, Record
    from meetingflow.rules.settings import RuleSettings

__all__ = ["Compiled", "GateEntry", "coerce_settings", "compile_flow"]

_NAME: Final = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_RESERVED: Final = frozenset(
    {"state", "trigger", "to", "may", "model", "machine", "is", "get", "set"}
)
_AUTHORITIES: Final = frozenset(a.value for a in Authority) - {"self"}


@attrs.frozen(slots=True)
class GateEntry:
    """One rule gating one transition: strict gates block even when the finding can't be repaired."""

    rule_id: str
    strict: bool = False


@attrs.frozen(slots=True)
class Compiled:
    """The tables a flow's operations read; built once per flow."""

    rules: tuple[Rule, ...]
    rule_index: Mapping[str, int]
    settings: RuleSettings | None
    """``None``: the defaults, made on first use (building a default flow loads no records)."""
    pack_settings: Mapping[str, Record]
    stage_index: Mapping[str, int]
    by_trigger: Mapping[str, Transition]
    owner: Mapping[str, str]
    """Owned path -> the stage that owns it."""
    allowed: Mapping[str, tuple[str, ...]]
    """Rule id -> the path prefixes its findings may point at."""
    gates: Mapping[tuple[str, str], tuple[GateEntry, ...]]
    """(trigger, source stage) -> the rules gating it, in rule order."""
    entry_rules: Mapping[str, tuple[str, ...]]
    """Stage -> its entry rules (deferred to its exit when the stage was entered by a redo)."""
    sections: tuple[tuple[str, type[Record]], ...]
    """Custom sections of stages and tracks: (name, type)."""


def coerce_settings(
    value: RuleSettings | Mapping[str, Any] | None, pack: RulePack
) -> tuple[RuleSettings | None, dict[str, Record], list[str]]:
    """Split ``value`` into the built-in settings and each pack's namespaced settings; validate both."""
    problems: list[str] = []
    declared = dict(pack.settings)
    if value is None and not declared:
        return None, {}, []
    from meetingflow.rules.settings import RuleSettings  # noqa: PLC0415 - pydantic only when needed

    if value is None:
        value = {}
    core: RuleSettings | None
    if isinstance(value, RuleSettings):
        core = value
        raw_ns: dict[str, Any] = {}
    else:
        if not isinstance(value, Mapping):
            return (
                None,
                {},
                [f"settings must be a mapping or RuleSettings, not {type(value).__name__}"],
            )
        raw = dict(value)
        raw_ns = {k: raw.pop(k) for k in list(raw) if k in declared}
        try:
            core = RuleSettings.model_validate(raw)
        except InvalidRecord as error:
            problems += [f"settings.{e}" for e in error.entries]
            core = None
    spaced: dict[str, Record] = {}
    for ns, model in declared.items():
        if not (isinstance(model, type) and issubclass(model, rec.Record)):
            problems.append(
                f"settings namespace {ns!r}: {model!r} is not a meetingflow Record type"
            )
            continue
        try:
            spaced[ns] = model.model_validate(raw_ns.get(ns, {}))
        except InvalidRecord as error:
            problems += [f"settings.{ns}.{e}" for e in error.entries]
    return core, spaced, problems


def _closure(start: set[str], edges: set[tuple[str, str]]) -> set[str]:
    seen = set(start)
    frontier = list(start)
    while frontier:
        node = frontier.pop()
        for a, b in edges:
            if a == node and b not in seen:
                seen.add(b)
                frontier.append(b)
    return seen


def _stage_problems(stages: tuple[Stage, ...], tracks: tuple[Track, ...]) -> Iterator[str]:
    names = [s.name for s in stages]
    if not names:
        yield "a flow needs at least one stage"
        return
    for dup in sorted({n for n in names if named(n) and names.count(n) > 1}):
        yield f"stage name {dup!r} is used twice"
    sections = {s.name: s.section for s in stages if s.section is not None} | {
        t.name: t.section for t in tracks
    }
    owners: dict[str, str] = {}
    for st in stages:
        if not named(st.name):
            yield f"stage name {repr(st.name)[:70]} must be lower_snake_case"
        for p in st.owned:
            if not isinstance(p, str):
                yield f"stage {st.name!r}: section {repr(p)[:60]} is not a path"
                continue
            problem = seal_problem(p, sections)
            if problem is not None:
                yield f"stage {st.name!r} owns an impossible path: {problem}"
                continue
            if p in owners:
                yield f"path {p!r} is owned by both {owners[p]!r} and {st.name!r}"
            owners[p] = st.name
        if st.section is not None:
            yield from _section_problems(f"stage {st.name!r}", st.section)
    for tr in tracks:
        if not named(tr.name):
            yield f"track name {repr(tr.name)[:70]} must be lower_snake_case"
        if tr.owner not in names:
            yield f"track {tr.name!r} is owned by unknown stage {tr.owner!r}"
        if tr.section_path in owners:
            yield f"track {tr.name!r}: {tr.section_path} is already owned by {owners[tr.section_path]!r}"
        owners[tr.section_path] = tr.owner
        yield from _section_problems(f"track {tr.name!r}", tr.section)


def _section_problems(what: str, section: Any) -> Iterator[str]:
    if not (isinstance(section, type) and issubclass(section, rec.Record)):
        yield f"the section of {what} must be a meetingflow Record subclass"
        return
    required = [n for n, f in section.model_fields.items() if f.is_required()]
    if required:
        yield (
            f"the section of {what} ({section.__name__}) needs a default for"
            f" {', '.join(required)}: an absent section must read as empty"
        )


def _transition_problems(
    transitions: tuple[Transition, ...], names: list[str], rule_ids: set[str]
) -> Iterator[str]:
    triggers = [t.trigger for t in transitions]
    for dup in sorted({n for n in triggers if named(n) and triggers.count(n) > 1}):
        yield f"trigger name {dup!r} is used twice"
    known = set(names)
    for t in transitions:
        if not named(t.trigger) or t.trigger in _RESERVED:
            yield f"trigger name {repr(t.trigger)[:70]} must be lower_snake_case and not one of {sorted(_RESERVED)}"
        for s in (*t.sources, *t.dests):
            if not isinstance(s, str) or s not in known:
                yield f"trigger {t.trigger!r} names unknown stage {repr(s)[:70]}"
        if not t.dests:
            yield f"trigger {t.trigger!r} leads nowhere"
        if not t.sources:
            yield f"trigger {t.trigger!r} fires from no stage"
        if not t.authorized:
            yield f"trigger {t.trigger!r} has no authority allowed to fire it"
        for a in sorted(map(repr, t.authorized - _AUTHORITIES)):
            yield f"trigger {t.trigger!r}: unknown authority {a[:70]} (known: {', '.join(sorted(_AUTHORITIES))})"
        if not t.redo and len(t.dests) != 1:
            yield f"trigger {t.trigger!r} has several destinations but is not a redo"
        for rid in (*t.gates, *t.strict_gates):
            if not isinstance(rid, str) or rid not in rule_ids:
                shown = rid[:70] if isinstance(rid, str) else repr(rid)[:70]
                yield f"trigger {t.trigger!r} is gated by unknown rule {shown}"
        if t.redo and (t.gates or t.strict_gates):
            yield f"redo trigger {t.trigger!r} cannot be gated"
    edges = {(s, d) for t in transitions for s in t.sources for d in t.dests}
    reach = _closure({names[0]}, edges)
    for n in names:
        if n not in reach:
            yield f"stage {n!r} cannot be reached from {names[0]!r}"
    final = names[-1]
    back = _closure({final}, {(d, s) for s, d in edges})
    for n in names:
        if n not in back:
            yield f"stage {final!r} cannot be reached from stage {n!r}"


def _section(owner: Mapping[str, str], path: str) -> str:
    """The owned section ``path`` lies in (the path itself if none)."""
    return next((o for o in owner if paths.is_within(path, o)), path)


def _writable(owner: Mapping[str, str], index: Mapping[str, int], stage: str, path: str) -> bool:
    """Whether ``path`` can still be recorded while the meeting is in ``stage``."""
    if any(paths.is_within(path, p) for p in ALWAYS_OPEN):
        return True
    here = index[stage]
    found = False
    for prefix, owning in owner.items():
        if paths.is_within(path, prefix) or paths.is_within(prefix, path):
            found = True
            if index[owning] < here:
                return False
    return found


def compile_flow(
    *,
    stages: tuple[Stage, ...],
    transitions: tuple[Transition, ...],
    pack: RulePack,
    tracks: tuple[Track, ...],
    settings: RuleSettings | Mapping[str, Any] | None,
) -> Compiled:
    """Validate a definition and build its tables; every problem is reported at once."""
    wrong = [
        f"{type(x).__name__} {repr(x)[:60]} is not a {kind.__name__}"
        for kind, group in ((Stage, stages), (Transition, transitions), (Track, tracks))
        for x in group
        if not isinstance(x, kind)
    ]
    if not isinstance(pack, RulePack):
        wrong.append(f"the pack must be a RulePack, not {type(pack).__name__}")
    named: list[tuple[str, object]] = [
        *(("stage", x.name) for x in stages if isinstance(x, Stage)),
        *(("trigger", x.trigger) for x in transitions if isinstance(x, Transition)),
        *(("track", x.name) for x in tracks if isinstance(x, Track)),
    ]
    wrong += [
        f"{kind} name {repr(name)[:70]} must be lower_snake_case"
        for kind, name in named
        if not isinstance(name, str)
    ]
    if wrong:
        raise FlowDefinitionError(wrong)
    rules, problems_ = pack.resolve()
    problems = list(problems_)
    track_rules = tuple(r for tr in tracks for r in tr.rules)
    rules = (*rules, *track_rules)
    ids = [r.id for r in rules]
    for dup in sorted({i for i in ids if ids.count(i) > 1 and i in {r.id for r in track_rules}}):
        problems.append(f"rule ID {dup} of a track is already in the pack")
    problems += list(_stage_problems(stages, tracks))
    names = [s.name for s in stages]
    rule_ids = set(ids)
    if names:
        problems += list(_transition_problems(transitions, names, rule_ids))
    index = {n: i for i, n in enumerate(names)}
    for r in rules:
        if r.stage not in index:
            problems.append(f"rule {r.id} belongs to unknown stage {r.stage!r}")
    core, spaced, setting_problems = coerce_settings(settings, pack)
    problems += setting_problems
    if problems:
        raise FlowDefinitionError(problems)

    owner: dict[str, str] = {}
    for st in stages:
        for p in st.owned:
            owner[p] = st.name
    for tr in tracks:
        owner[tr.section_path] = tr.owner
    # A rule that declares no paths may point at whatever its stage can still write: the
    # sections owned by it or by a later stage (a look-back stage that takes the rectification
    # section over leaves the rectification rules their paths). A stage that can write nothing
    # (closed) gives such a rule no paths at all, which a gate refuses below.
    open_at = {n: tuple(p for p, o in owner.items() if index[o] >= index[n]) for n in names}
    allowed = {r.id: r.paths or open_at.get(r.stage, ()) for r in rules}

    by_trigger = {t.trigger: t for t in transitions}
    extra: dict[str, list[str]] = {t.trigger: list(t.gates) for t in transitions}
    for tr in tracks:
        for trigger, gated in tr.gates:
            if trigger not in by_trigger:
                problems.append(f"track {tr.name!r} gates unknown trigger {trigger!r}")
            else:
                extra[trigger] += list(gated)
    order = {r.id: i for i, r in enumerate(rules)}
    entry_rules = {
        n: tuple(
            r.id
            for r in rules
            if r.stage == n and r.gate == "entry" and r.severity is Severity.ERROR
        )
        for n in names
    }
    gates: dict[tuple[str, str], tuple[GateEntry, ...]] = {}
    redo_targets = {d for t in transitions if t.redo for d in t.dests}
    for t in transitions:
        if t.redo:
            continue
        for source in t.sources:
            chosen: dict[str, GateEntry] = {}
            for r in rules:
                if r.severity is not Severity.ERROR:
                    continue
                if (r.gate == "exit" and r.stage == source) or (
                    r.gate == "entry" and r.stage == t.dest
                ):
                    chosen[r.id] = GateEntry(r.id)
            for rid in extra[t.trigger]:
                chosen.setdefault(rid, GateEntry(rid))
            for rid in t.strict_gates:
                chosen[rid] = GateEntry(rid, strict=True)
            gates[(t.trigger, source)] = tuple(
                sorted(chosen.values(), key=lambda g: order[g.rule_id])
            )
            # The no-jam invariant: what blocks must be repairable here, or cured by a redo.
            deferred = entry_rules.get(source, ()) if source in redo_targets else ()
            redo_here = any(x.redo and source in x.sources for x in transitions)
            for g in (*gates[(t.trigger, source)], *(GateEntry(d) for d in deferred)):
                if g.strict:
                    if not redo_here:
                        problems.append(
                            f"rule {g.rule_id} is a strict gate of {t.trigger!r}, but no redo can be"
                            f" ordered from stage {source!r}: a meeting could never move on"
                        )
                    continue
                if not allowed[g.rule_id]:
                    problems.append(
                        f"rule {g.rule_id} gates {t.trigger!r} from stage {source!r} but declares"
                        " no paths and nothing can be written in its stage, so it may point"
                        " anywhere, sealed parts included: declare the rule's paths= (where its"
                        " findings point)"
                    )
                for p in allowed[g.rule_id]:
                    if not _writable(owner, index, source, p):
                        problems.append(
                            f"rule {g.rule_id} gates {t.trigger!r} from stage {source!r} but may point at"
                            f" {p!r}, which is sealed there: a meeting could never move on"
                            f" (let stage {source!r} own it: Stage(..., sections=({_section(owner, p)!r}, ...));"
                            " or declare the rule's paths, set gate='none', or make it a strict gate)"
                        )
    if problems:
        raise FlowDefinitionError(problems)
    sections = tuple((s.name, s.section) for s in stages if s.section is not None) + tuple(
        (tr.name, tr.section) for tr in tracks
    )
    return Compiled(
        rules=rules,
        rule_index=order,
        settings=core,
        pack_settings=spaced,
        stage_index=index,
        by_trigger=by_trigger,
        owner=owner,
        allowed=allowed,
        gates=gates,
        entry_rules=entry_rules,
        sections=sections,
    )


def writable(compiled: Compiled, stage: str, path: str) -> bool:
    """Whether ``path`` can still be recorded while a meeting of this flow is in ``stage``."""
    paths.parse(path)
    if not isinstance(stage, str) or stage not in compiled.stage_index:
        raise InvalidArgument(Text(f"没有阶段 {stage!r}", f"no stage {stage!r} in this flow"))
    return _writable(compiled.owner, compiled.stage_index, stage, path)


def owner_of(compiled: Compiled, path: str) -> str | None:
    """The stage that owns ``path`` (whose leaving seals it), if any."""
    paths.parse(path)
    for prefix, stage in compiled.owner.items():
        if paths.is_within(path, prefix):
            return stage
    return None


def rules_of(compiled: Compiled, ids: Iterable[str]) -> tuple[Rule, ...]:
    """The compiled rules with these ids, in rule order."""
    wanted = set(ids)
    return tuple(r for r in compiled.rules if r.id in wanted)


def merge_settings(
    current: RuleSettings, spaced: Mapping[str, Record], changes: Mapping[str, Any]
) -> dict[str, Any]:
    """The settings with ``changes`` merged in (a namespace's mapping merges into that namespace)."""
    if not isinstance(changes, Mapping):
        raise FlowDefinitionError(
            [f"settings must be a mapping or RuleSettings, not {type(changes).__name__}"]
        )
    base: dict[str, Any] = current.model_dump()
    for ns, value in spaced.items():
        base[ns] = value.model_dump()
    for k, v in dict(changes).items():
        if isinstance(v, Mapping) and isinstance(base.get(k), dict):
            base[k] = {**base[k], **v}
        else:
            base[k] = v
    return base


def check_transitions(compiled: Compiled, meeting: Meeting) -> None:
    """Raise ``HistoryTampered`` unless every recorded transition is one of the flow's.

    A trigger or a stage this flow does not have at all means another flow wrote the record
    (``WrongFlow``): a deploy mistake to fix, not an attack to page someone for.
    """
    for i, e in enumerate(meeting.history):
        if e.kind != "transition":
            continue
        t = compiled.by_trigger.get(e.trigger or "")
        foreign = [
            s for s in (e.stage, e.target) if s is not None and s not in compiled.stage_index
        ]
        if t is None:
            known = ", ".join(compiled.by_trigger)
            raise WrongFlow(
                Text(
                    f"本流程没有操作 {e.trigger!r}（操作：{known}）",
                    f"this flow has no trigger {e.trigger!r} (its triggers: {known})",
                ),
                i,
            )
        if foreign:
            what, known = ", ".join(map(repr, foreign)), ", ".join(compiled.stage_index)
            raise WrongFlow(
                Text(
                    f"本流程没有阶段 {what}（阶段：{known}）",
                    f"this flow has no stage {what} (its stages: {known})",
                ),
                i,
            )
        if e.stage not in t.sources or e.target not in t.dests:
            raise HistoryTampered(
                i,
                Text(
                    f"「{e.trigger}」不是本流程从「{e.stage}」到「{e.target}」的操作",
                    f"{e.trigger!r} is not a transition of this flow from {e.stage!r} to {e.target!r}",
                ),
            )
