"""Declarative flows: a flow from a JSON or YAML document, and packs from other distributions.

A document names stages, triggers, authorities and rules by ID from packs, and may add rules
made of a few safe primitives (a field is present; at least N entries; every present member
has an entry; every entry has a field; a date is on or before another date or a deadline).
Nothing in a document is evaluated, executed or imported but the packs and extensions it names:
it is data validated by a pydantic model, and anything else is refused with its path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
from pydantic import ConfigDict, Field, field_validator, model_validator

from meetingflow.errors import FlowDefinitionError, InvalidArgument
from meetingflow.flow import (
    DEFAULT_STAGES,
    DEFAULT_TRANSITIONS,
    Flow,
    Stage,
    Track,
    Transition,
    default_flow,
    extend,
)
from meetingflow.i18n import Text, check_template
from meetingflow.records import Id, Many, Record, paths
from meetingflow.records.terms import Presence
from meetingflow.rules import RulePack, facts
from meetingflow.rules.rule import Rule, _make

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules import RuleContext

__all__ = [
    "ENTRY_POINT_GROUP",
    "FlowSpec",
    "RuleSpec",
    "builtin_extensions",
    "flow_from_spec",
    "load_flow",
    "load_plugin",
    "parse_document",
    "rule_from_spec",
]

ENTRY_POINT_GROUP: Final = "meetingflow.packs"
"""Installed distributions offer packs and extensions under this entry-point group."""

_FIELD: Final = r"^[a-z][a-z0-9_]*$"
_PATH: Final = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
_MAX_BYTES: Final = 1_000_000


def builtin_extensions() -> dict[str, Any]:
    """Extensions a document may name without installing anything."""
    from meetingflow.extensions import appraisal  # noqa: PLC0415 - loaded only when named

    return {"appraisal": appraisal.TRACK}


def load_plugin(name: str) -> Any:
    """The object an installed distribution registered as ``name`` (a RulePack or an extension).

    Only the entry point named is imported; whatever it raises, ``SystemExit`` included,
    comes back as :class:`~meetingflow.errors.FlowDefinitionError`.
    """
    found = [ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    if not found:
        raise FlowDefinitionError(
            [f"no installed pack or extension {name!r} (entry-point group {ENTRY_POINT_GROUP})"]
        )
    ep = found[0]
    try:
        obj = ep.load()
        if callable(obj) and not isinstance(obj, RulePack | Track) and not hasattr(obj, "apply"):
            obj = obj()
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        raise FlowDefinitionError(
            [f"entry point {name!r} ({ep.value}) failed to load: {type(error).__name__}: {error}"]
        ) from None
    if not isinstance(obj, RulePack | Track) and not callable(getattr(obj, "apply", None)):
        raise FlowDefinitionError(
            [f"entry point {name!r} ({ep.value}) is neither a RulePack nor an extension"]
        )
    return obj


# --- the document model ------------------------------------------------------------------------


class TextSpec(Record):
    """Text in both languages."""

    zh: str = Field(min_length=1, max_length=2000)
    en: str = Field(min_length=1, max_length=2000)

    def text(self) -> Text:
        """As a :class:`~meetingflow.i18n.Text`."""
        return Text(self.zh, self.en)


class StageSpec(Record):
    """A stage; typed sections need code, so they come only with extensions."""

    name: str = Field(pattern=_FIELD, max_length=64)
    title: TextSpec
    sections: Many[str] = ()
    optional: bool = False

    @field_validator("sections")
    @classmethod
    def _paths(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for p in value:
            paths.parse(p)
        return value


class TransitionSpec(Record):
    """A trigger from stages to stages, and the authorities that may fire it."""

    model_config = ConfigDict(**Record.model_config, populate_by_name=True)

    trigger: str = Field(pattern=_FIELD, max_length=64)
    sources: Many[str] = Field(alias="from", min_length=1)
    dests: Many[str] = Field(alias="to", min_length=1)
    authorized: Many[str] = Field(min_length=1)
    redo: bool = False
    title: TextSpec | None = None
    gates: Many[str] = ()
    strict_gates: Many[str] = ()


class InsertSpec(Record):
    """Insert a stage into the base flow."""

    stage: StageSpec
    after: str | None = None
    before: str | None = None
    trigger: str = Field(pattern=_FIELD, max_length=64)
    authorized: Many[str] | None = None


class MinCount(Record):
    """At least ``n`` entries at ``path``."""

    path: str = Field(pattern=_PATH)
    n: int = Field(ge=1, le=100_000)


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
                "a check is exactly one of: present, min_count, each_present_member, each_has,"
                f" on_or_before (got {', '.join(given) or 'none'})"
            )
        return self


class RuleSpec(Record):
    """A rule without code: texts, basis and one primitive check."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$", max_length=64)
    stage: str = Field(pattern=_FIELD)
    severity: Literal["error", "warning"] = "error"
    gate: Literal["exit", "entry", "none"] = "exit"
    title: TextSpec
    message: TextSpec
    hint: TextSpec
    basis: str = Field(min_length=1, max_length=2000)
    paths: Many[str] = ()
    check: CheckSpec

    @field_validator("message", "hint", "title")
    @classmethod
    def _only_who(cls, value: TextSpec) -> TextSpec:
        for template in (value.zh, value.en):
            names = check_template(template)
            bad = [n for n in names if n != "who"]
            if bad:
                raise ValueError(f"only the placeholder {{who}} is allowed, not {{{bad[0]}}}")
        return value


class FlowSpec(Record):
    """A declarative flow document (``spec_version: 1``)."""

    spec_version: Literal[1] = 1
    name: Id
    base: Literal["default", "none"] = "default"
    """``default`` starts from the built-in lifecycle; ``none`` needs stages and transitions."""
    stages: Many[StageSpec] = ()
    transitions: Many[TransitionSpec] = ()
    extensions: Many[Id] = ()
    insert: Many[InsertSpec] = ()
    packs: Many[Id] = ("catalogue",)
    rules: Many[RuleSpec] = ()
    disable: Many[Id] = ()
    severity: dict[Id, Literal["error", "warning"]] = Field(default_factory=dict)
    authorized: dict[Id, Many[str]] = Field(default_factory=dict)
    settings: dict[Id, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _stages_need_base_none(self) -> FlowSpec:
        if self.base == "default" and (self.stages or self.transitions):
            raise ValueError("stages and transitions replace the lifecycle: set base: none")
        if self.base == "none" and not (self.stages and self.transitions):
            raise ValueError("base: none needs stages and transitions")
        return self


# --- primitives as rule checks ------------------------------------------------------------------


def _get(m: Meeting, path: str) -> Any:
    try:
        return paths.resolve(m, path)
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
        here = [i for i, p in facts.presence(m, ctx).items() if p is Presence.PRESENT]
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
            line = notice.deadline(self.deadline_of or "") if notice is not None else None
            bound = line.due_on if line is not None else None
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
    if o is None:  # pragma: no cover - CheckSpec guarantees exactly one
        raise InvalidArgument(Text("缺少检查", "no check given"))
    return _OnOrBefore(o.path, o.than, o.deadline_of)


def rule_from_spec(spec: RuleSpec) -> Rule:
    """A :class:`~meetingflow.Rule` from a declarative rule (its one message has key ``default``)."""
    return _make(
        id=spec.id,
        stage=spec.stage,
        severity=spec.severity,
        title=spec.title.text(),
        messages={"default": spec.message.text()},
        hint=spec.hint.text(),
        basis=spec.basis,
        check=_check(spec.check),
        gate=spec.gate,
        paths=spec.paths,
    )


# --- building ----------------------------------------------------------------------------------------


def _pack(name: str) -> RulePack:
    if name == "catalogue":
        from meetingflow.catalogue import catalogue  # noqa: PLC0415

        return catalogue()
    obj = load_plugin(name)
    if not isinstance(obj, RulePack):
        raise FlowDefinitionError(
            [f"{name!r} is an extension, not a pack: list it under 'extensions'"]
        )
    return obj


def _extension(name: str) -> Any:
    builtin = builtin_extensions()
    if name in builtin:
        return builtin[name]
    obj = load_plugin(name)
    if isinstance(obj, RulePack):
        raise FlowDefinitionError([f"{name!r} is a pack, not an extension: list it under 'packs'"])
    return obj


def flow_from_spec(document: FlowSpec | Mapping[str, Any]) -> Flow:
    """Build a flow from a document; every problem is reported with its path or its name."""
    spec = document if isinstance(document, FlowSpec) else FlowSpec.model_validate(dict(document))
    packs = [_pack(n) for n in spec.packs]
    pack = packs[0].combine(*packs[1:]) if packs else RulePack("empty")
    if spec.base == "none":
        stages = tuple(
            Stage(s.name, s.title.text(), sections=s.sections, optional=s.optional)
            for s in spec.stages
        )
        transitions = tuple(
            Transition(
                t.trigger,
                t.sources,
                t.dests,
                frozenset(t.authorized),
                t.title.text() if t.title else Text(t.trigger, t.trigger),
                redo=t.redo,
                gates=t.gates,
                strict_gates=t.strict_gates,
            )
            for t in spec.transitions
        )
        flow = Flow.build(name=spec.name, stages=stages, transitions=transitions, pack=pack)
    else:
        flow = (
            default_flow(pack=pack).renamed(spec.name)
            if packs
            else Flow.build(
                name=spec.name, stages=DEFAULT_STAGES, transitions=DEFAULT_TRANSITIONS, pack=pack
            )
        )
    for name in spec.extensions:
        flow = extend(flow, _extension(name))
    for ins in spec.insert:
        stage = Stage(
            ins.stage.name,
            ins.stage.title.text(),
            sections=ins.stage.sections,
            optional=ins.stage.optional,
        )
        flow = flow.insert_stage(
            stage,
            after=ins.after,
            before=ins.before,
            trigger=ins.trigger,
            authorized=ins.authorized,
        )
    for trigger, who in spec.authorized.items():
        flow = flow.with_authorized(trigger, *who)
    changed = flow.pack.add(*(rule_from_spec(r) for r in spec.rules))
    if spec.disable:
        changed = changed.disable(*spec.disable)
    for rule_id, level in spec.severity.items():
        changed = changed.with_severity(rule_id, level)
    flow = flow.with_pack(changed).renamed(spec.name)
    return flow.with_settings(spec.settings) if spec.settings else flow


def parse_document(text: str | bytes, format: Literal["json", "yaml"] = "json") -> FlowSpec:
    """Parse and validate a flow document's text (at most 1 MB, any nesting refused cleanly)."""
    if len(text) > _MAX_BYTES:
        raise InvalidArgument(
            Text("流程文档过大（至多 1 MB）", "the flow document is too large (at most 1 MB)")
        )
    try:
        if format == "yaml":
            try:
                import yaml  # noqa: PLC0415 - optional dependency
            except ImportError:
                raise InvalidArgument(
                    Text(
                        "YAML 文档需要 PyYAML：pip install 'meetingflow[yaml]'",
                        "YAML flow documents need PyYAML: pip install 'meetingflow[yaml]'",
                    )
                ) from None
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError as error:
                raise InvalidArgument(
                    Text(f"不是有效的 YAML：{error}", f"not valid YAML: {error}")
                ) from None
        elif format == "json":
            try:
                data = json.loads(text)
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                raise InvalidArgument(
                    Text(f"不是有效的 JSON：{error}", f"not valid JSON: {error}")
                ) from None
        else:
            raise InvalidArgument(
                Text(f"不支持的格式 {format!r}", f"unknown format {format!r}; use json or yaml")
            )
    except RecursionError:
        raise InvalidArgument(
            Text("流程文档嵌套过深", "the flow document is nested too deeply")
        ) from None
    if not isinstance(data, dict):
        raise InvalidArgument(
            Text("流程文档的顶层须为映射", "a flow document is a mapping at its top level")
        )
    return FlowSpec.model_validate(data)


def load_flow(source: str | Path, *, format: Literal["json", "yaml"] | None = None) -> Flow:
    """Read a JSON or YAML flow document from a file (by suffix unless ``format`` is given)."""
    path = Path(source)
    fmt = format or ("yaml" if path.suffix in (".yaml", ".yml") else "json")
    try:
        text = path.read_bytes()
    except OSError as error:
        raise InvalidArgument(
            Text(f"无法读取 {path}：{error.strerror}", f"cannot read {path}: {error.strerror}")
        ) from None
    return flow_from_spec(parse_document(text, fmt))
