"""Declarative flows: build a flow from a JSON or YAML document, and discover packs.

A document names stages, triggers, roles and rules by ID from installed packs, and may add
rules made of a few safe primitives (a field is present; at least N entries; every present
member has an entry; every entry has a field; a date is on or before another date or a
deadline). Nothing in a document is evaluated, executed or imported: it is data validated
by a pydantic model, and anything else is rejected with the path of the offending key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

import attrs
from pydantic import ConfigDict, Field, field_validator, model_validator

from meetingflow._i18n import Text
from meetingflow.definition import Stage, Transition
from meetingflow.errors import FlowDefinitionError, InvalidArgument
from meetingflow.flow import Flow
from meetingflow.lifecycle import DEFAULT_STAGES, DEFAULT_TRANSITIONS, default_flow
from meetingflow.records import Meeting, Presence, Record
from meetingflow.records._canonical import resolve
from meetingflow.rules._core import Finding, Rule, RuleContext, Severity
from meetingflow.rules.builtin import default_pack
from meetingflow.rules.builtin._helpers import presence
from meetingflow.rules.pack import RulePack

ENTRY_POINT_GROUP = "meetingflow.packs"
"""Installed distributions register packs and extensions under this entry-point group."""

_PATH = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
_FIELD = r"^[a-z][a-z0-9_]*$"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@attrs.frozen(slots=True)
class Extension:
    """A named change to a flow (e.g. adding a stage with its rules), found by name."""

    name: str
    apply: Callable[[Flow], Flow] = attrs.field(eq=False)
    description: str = ""


def _builtin_extensions() -> dict[str, Extension]:
    from meetingflow.appraisal import with_appraisal  # noqa: PLC0415 - optional stage

    return {
        "appraisal": Extension(
            "appraisal", with_appraisal, "democratic appraisal of members (民主评议党员)"
        )
    }


def discover() -> tuple[dict[str, RulePack], dict[str, Extension], dict[str, str]]:
    """Built-in and installed packs and extensions, and why any installed one failed to load.

    A broken plugin does not break discovery: its problem is reported only when a document
    asks for it by name.

    An entry point of group ``meetingflow.packs`` may load a :class:`RulePack`, an
    :class:`Extension`, or a callable without arguments returning one of them.
    """
    packs = {"default": default_pack()}
    extensions = _builtin_extensions()
    problems: dict[str, str] = {}
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
            if callable(obj) and not isinstance(obj, RulePack | Extension):
                obj = obj()
        except Exception as error:  # a broken plugin must not break the host
            problems[ep.name] = f"entry point {ep.name!r} ({ep.value}) failed to load: {error}"
            continue
        if isinstance(obj, RulePack):
            packs[ep.name] = obj
        elif isinstance(obj, Extension):
            extensions[ep.name] = obj
        else:
            problems[ep.name] = (
                f"entry point {ep.name!r} ({ep.value}) is neither a RulePack nor an Extension"
            )
    return packs, extensions, problems


# --- the document model -----------------------------------------------------------------


class TextSpec(Record):
    """Text in both languages."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def text(self) -> Text:
        """As a :class:`Text`."""
        return Text(self.zh, self.en)


class StageSpec(Record):
    """A stage; sections need code, so they come only with extensions."""

    name: str = Field(pattern=_FIELD)
    title: TextSpec
    seals: tuple[str, ...] = ()
    optional: bool = False


class TransitionSpec(Record):
    """A trigger from stages to stages, and who may fire it."""

    model_config = ConfigDict(**Record.model_config, populate_by_name=True)

    trigger: str = Field(pattern=_FIELD)
    sources: tuple[str, ...] = Field(alias="from", min_length=1)
    dests: tuple[str, ...] = Field(alias="to", min_length=1)
    roles: tuple[str, ...] = Field(min_length=1)
    redo: bool = False
    title: TextSpec | None = None


class InsertSpec(Record):
    """Insert a stage into the base flow."""

    stage: StageSpec
    after: str | None = None
    before: str | None = None
    trigger: str = Field(pattern=_FIELD)
    roles: tuple[str, ...] | None = None


class MinCount(Record):
    """At least ``n`` entries at ``path``."""

    path: str = Field(pattern=_PATH)
    n: int = Field(ge=1)


class EachPresentMember(Record):
    """Every present member has an entry at ``path`` whose ``field`` names him or her."""

    path: str = Field(pattern=_PATH)
    field: str = Field(default="member_id", pattern=_FIELD)


class EachHas(Record):
    """Every entry at ``path`` has a non-empty ``field``."""

    path: str = Field(pattern=_PATH)
    field: str = Field(pattern=_FIELD)


class OnOrBefore(Record):
    """The date at ``path`` is on or before the date at ``than``, or a timetable deadline."""

    path: str = Field(pattern=_PATH)
    than: str | None = Field(default=None, pattern=_PATH)
    deadline_of: str | None = Field(default=None, pattern=_FIELD)
    """A stage name in the notice's timetable."""

    @model_validator(mode="after")
    def _one_bound(self) -> OnOrBefore:
        if (self.than is None) == (self.deadline_of is None):
            raise ValueError("give exactly one of 'than' or 'deadline_of'")
        return self


class CheckSpec(Record):
    """Exactly one primitive."""

    present: str | None = Field(default=None, pattern=_PATH)
    min_count: MinCount | None = None
    each_present_member: EachPresentMember | None = None
    each_has: EachHas | None = None
    on_or_before: OnOrBefore | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> CheckSpec:
        given = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "a check is exactly one of: present, min_count, each_present_member,"
                f" each_has, on_or_before (got {', '.join(given) or 'none'})"
            )
        return self


class RuleSpec(Record):
    """A rule without code: texts, basis and one primitive check."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
    stage: str = Field(pattern=_FIELD)
    severity: Literal["error", "warning"] = "error"
    gate: Literal["exit", "entry"] = "exit"
    title: TextSpec
    message: TextSpec
    hint: TextSpec
    basis: str = Field(min_length=1)
    check: CheckSpec

    @field_validator("message", "hint", "title")
    @classmethod
    def _only_who(cls, value: TextSpec) -> TextSpec:
        for text in (value.zh, value.en):
            bad = [p for p in _PLACEHOLDER.findall(text) if p != "who"]
            if bad:
                raise ValueError(f"only the placeholder {{who}} is allowed, not {{{bad[0]}}}")
        return value


class FlowSpec(Record):
    """A declarative flow document (``spec_version: 1``)."""

    spec_version: Literal[1] = 1
    name: str = Field(min_length=1)
    base: Literal["default", "none"] = "default"
    """``default`` starts from the built-in lifecycle; ``none`` needs stages and transitions."""
    stages: tuple[StageSpec, ...] = ()
    transitions: tuple[TransitionSpec, ...] = ()
    extensions: tuple[str, ...] = ()
    insert: tuple[InsertSpec, ...] = ()
    packs: tuple[str, ...] = ("default",)
    rules: tuple[RuleSpec, ...] = ()
    disable: tuple[str, ...] = ()
    severity: dict[str, Literal["error", "warning"]] = Field(default_factory=dict)
    roles: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _stages_need_base_none(self) -> FlowSpec:
        if self.base == "default" and (self.stages or self.transitions):
            raise ValueError("stages and transitions replace the lifecycle: set base: none")
        if self.base == "none" and not (self.stages and self.transitions):
            raise ValueError("base: none needs stages and transitions")
        return self


# --- primitives as rule checks ---------------------------------------------------------


def _get(m: Meeting, path: str) -> Any:
    try:
        return resolve(m, path)
    except KeyError:
        return None


def _empty(value: Any) -> bool:
    return value is None or value in ("", ())


@attrs.frozen(slots=True)
class _Present:
    path: str

    def __call__(self, m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
        if _empty(_get(m, self.path)):
            yield ctx.finding(self.path)


@attrs.frozen(slots=True)
class _MinCount:
    path: str
    n: int

    def __call__(self, m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
        value = _get(m, self.path)
        if not isinstance(value, tuple) or len(value) < self.n:
            yield ctx.finding(self.path)


@attrs.frozen(slots=True)
class _EachPresentMember:
    path: str
    field: str

    def __call__(self, m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
        entries = _get(m, self.path) or ()
        named = {getattr(e, self.field, None) for e in entries}
        here = [i for i, p in presence(m, ctx).items() if p is Presence.PRESENT]
        if not here:
            ctx.not_applicable()
        missing = [i for i in here if i not in named]
        if missing:
            yield ctx.finding(self.path, members=missing)


@attrs.frozen(slots=True)
class _EachHas:
    path: str
    field: str

    def __call__(self, m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
        entries = _get(m, self.path) or ()
        if not entries:
            ctx.not_applicable()
        for i, e in enumerate(entries):
            if _empty(getattr(e, self.field, None)):
                who = [
                    v
                    for k in ("member_id", "owner_id")
                    if isinstance(v := getattr(e, k, None), str)
                ]
                yield ctx.finding(f"{self.path}[{i}].{self.field}", members=who)


@attrs.frozen(slots=True)
class _OnOrBefore:
    path: str
    than: str | None
    deadline_of: str | None

    def __call__(self, m: Meeting, ctx: RuleContext) -> Iterator[Finding]:
        day = _get(m, self.path)
        if self.than is not None:
            bound = _get(m, self.than)
        else:
            notice = m.preparation.notice
            bound = (
                next((d.due_on for d in notice.timetable if d.stage == self.deadline_of), None)
                if notice is not None
                else None
            )
        if not isinstance(day, date) or not isinstance(bound, date):
            ctx.not_applicable()
        if day > bound:
            yield ctx.finding(self.path)


def _check(spec: CheckSpec) -> Callable[[Meeting, RuleContext], Iterator[Finding]]:
    if spec.present is not None:
        return _Present(spec.present)
    if spec.min_count is not None:
        return _MinCount(spec.min_count.path, spec.min_count.n)
    if spec.each_present_member is not None:
        e = spec.each_present_member
        return _EachPresentMember(e.path, e.field)
    if spec.each_has is not None:
        return _EachHas(spec.each_has.path, spec.each_has.field)
    o = spec.on_or_before
    assert o is not None
    return _OnOrBefore(o.path, o.than, o.deadline_of)


def rule_from_spec(spec: RuleSpec) -> Rule:
    """A :class:`Rule` from a declarative rule."""
    return Rule(
        id=spec.id,
        stage=spec.stage,
        severity=Severity(spec.severity),
        title=spec.title.text(),
        message=spec.message.text(),
        hint=spec.hint.text(),
        basis=spec.basis,
        check=_check(spec.check),
        gate=spec.gate,
    )


# --- building -------------------------------------------------------------------------


def flow_from_spec(document: FlowSpec | Mapping[str, Any]) -> Flow:
    """Build a flow from a validated document; every problem is reported at once."""
    spec = document if isinstance(document, FlowSpec) else FlowSpec.model_validate(dict(document))
    packs, extensions, broken = discover()
    problems = [
        broken.get(p, f"unknown pack {p!r} (known: {', '.join(sorted(packs))})")
        for p in spec.packs
        if p not in packs
    ]
    problems += [
        broken.get(e, f"unknown extension {e!r} (known: {', '.join(sorted(extensions))})")
        for e in spec.extensions
        if e not in extensions
    ]
    if problems:
        raise FlowDefinitionError(problems)
    pack = (
        packs[spec.packs[0]].combine(*(packs[n] for n in spec.packs[1:]))
        if spec.packs
        else RulePack("empty")
    )
    if spec.base == "none":
        stages = tuple(
            Stage(s.name, s.title.text(), seals=s.seals, optional=s.optional) for s in spec.stages
        )
        transitions = tuple(
            Transition(
                t.trigger,
                t.sources,
                t.dests,
                frozenset(t.roles),
                t.title.text() if t.title else Text(t.trigger, t.trigger),
                redo=t.redo,
            )
            for t in spec.transitions
        )
    else:
        stages, transitions = DEFAULT_STAGES, DEFAULT_TRANSITIONS
    flow = Flow.build(
        name=spec.name,
        stages=stages,
        transitions=transitions,
        pack=pack,
    )
    for name in spec.extensions:
        flow = extensions[name].apply(flow)
    for ins in spec.insert:
        stage = Stage(
            ins.stage.name,
            ins.stage.title.text(),
            seals=ins.stage.seals,
            optional=ins.stage.optional,
        )
        flow = flow.insert_stage(
            stage, after=ins.after, before=ins.before, trigger=ins.trigger, roles=ins.roles
        )
    for trigger, roles in spec.roles.items():
        flow = flow.with_roles(trigger, *roles)
    changed = flow.pack.with_rules(*(rule_from_spec(r) for r in spec.rules))
    if spec.disable:
        changed = changed.disable(*spec.disable)
    for rule_id, level in spec.severity.items():
        changed = changed.with_severity(rule_id, level)
    flow = flow.with_pack(changed).renamed(spec.name)
    return flow.with_settings(spec.settings) if spec.settings else flow


def load_flow(source: str | Path, *, format: Literal["json", "yaml"] | None = None) -> Flow:
    """Read a JSON or YAML flow document from a file (by suffix unless ``format`` is given)."""
    path = Path(source)
    fmt = format or ("yaml" if path.suffix in (".yaml", ".yml") else "json")
    return flow_from_spec(parse_document(path.read_text(encoding="utf-8"), fmt))


def parse_document(text: str, format: Literal["json", "yaml"] = "json") -> FlowSpec:
    """Parse and validate a flow document's text."""
    if format == "yaml":
        try:
            import yaml  # noqa: PLC0415 - optional dependency
        except ImportError:
            raise InvalidArgument(
                "YAML flow documents need PyYAML: pip install 'meetingflow[yaml]'"
            ) from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise InvalidArgument(f"not valid YAML: {error}") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise InvalidArgument(f"not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise InvalidArgument("a flow document is a mapping at its top level")
    return FlowSpec.model_validate(data)


__all__ = [
    "ENTRY_POINT_GROUP",
    "Extension",
    "FlowSpec",
    "RuleSpec",
    "default_flow",
    "discover",
    "flow_from_spec",
    "load_flow",
    "parse_document",
    "rule_from_spec",
]
