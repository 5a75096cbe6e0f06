"""Building a flow from a document, and finding the packs and extensions it names."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any, Final, Literal

from meetingflow.errors import FlowDefinitionError, InvalidArgument, MissingExtra
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
from meetingflow.i18n import Text
from meetingflow.rules import RulePack
from meetingflow.spec.document import FlowSpec
from meetingflow.spec.primitives import rule_from_spec, rule_problems

__all__ = [
    "ENTRY_POINT_GROUP",
    "builtin_extensions",
    "flow_from_spec",
    "load_flow",
    "load_plugin",
    "parse_document",
]

ENTRY_POINT_GROUP: Final = "meetingflow.packs"
"""Installed distributions offer packs and extensions under this entry-point group."""

_MAX_BYTES: Final = 1_000_000


def builtin_extensions() -> dict[str, Any]:
    """Extensions a document may name without installing anything."""
    from meetingflow.extensions import appraisal  # noqa: PLC0415 - loaded only when named

    return {"appraisal": appraisal.TRACK}


def load_plugin(name: str) -> Any:
    """The object an installed distribution registered as ``name`` (a RulePack or an extension).

    Only the entry point named is imported; whatever it raises, ``SystemExit`` included,
    comes back as ``FlowDefinitionError``.
    """
    if not isinstance(name, str):
        raise FlowDefinitionError(
            [f"a pack or extension is named by text, not {type(name).__name__}"]
        )
    try:
        found = [ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    except Exception as error:  # a broken distribution's metadata
        raise FlowDefinitionError(
            [f"cannot read installed entry points: {type(error).__name__}: {error}"[:300]]
        ) from None
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
    if not isinstance(document, FlowSpec | Mapping):
        raise InvalidArgument(
            Text(
                "流程文档须为映射",
                f"a flow document is a mapping or a FlowSpec, not {type(document).__name__}",
            )
        )
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
    problems = [
        f"rules[{i}].{problem}"
        for i, r in enumerate(spec.rules)
        for problem in rule_problems(r, flow.meeting_type, flow.stage_names)
    ]
    if problems:
        raise FlowDefinitionError(problems)
    changed = flow.pack.add(*(rule_from_spec(r) for r in spec.rules))
    if spec.disable:
        changed = changed.disable(*spec.disable)
    for rule_id, level in spec.severity.items():
        changed = changed.with_severity(rule_id, level)
    flow = flow.with_pack(changed).renamed(spec.name)
    return flow.with_settings(spec.settings) if spec.settings else flow


def parse_document(text: str | bytes, format: Literal["json", "yaml"] = "json") -> FlowSpec:
    """Parse and validate a flow document's text (at most 1 MB, any nesting refused cleanly)."""
    if not isinstance(text, str | bytes | bytearray):
        raise InvalidArgument(
            Text("流程文档须为文本", f"a flow document is text, not {type(text).__name__}")
        )
    if len(text) > _MAX_BYTES:
        raise InvalidArgument(
            Text("流程文档过大（至多 1 MB）", "the flow document is too large (at most 1 MB)")
        )
    try:
        if format == "yaml":
            try:
                import yaml  # noqa: PLC0415 - optional dependency
            except ImportError:
                raise MissingExtra(
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
    if not isinstance(source, str | Path):
        raise InvalidArgument(
            Text("需要文件路径", f"expected a file path, not {type(source).__name__}")
        )
    path = Path(source)
    fmt = format or ("yaml" if path.suffix in (".yaml", ".yml") else "json")
    try:
        text = path.read_bytes()
    except OSError as error:
        raise InvalidArgument(
            Text(f"无法读取 {path}：{error.strerror}", f"cannot read {path}: {error.strerror}")
        ) from None
    return flow_from_spec(parse_document(text, fmt))
