"""The declarative flow document: a pydantic model, unknown keys refused with their paths."""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from meetingflow.i18n import Text, check_template
from meetingflow.records import Id, Many, Record, paths

__all__ = [
    "CheckSpec",
    "EachHas",
    "EachPresentMember",
    "FlowSpec",
    "InsertSpec",
    "MinCount",
    "OnOrBefore",
    "RuleSpec",
    "StageSpec",
    "TextSpec",
    "TransitionSpec",
]

_FIELD: Final = r"^[a-z][a-z0-9_]*$"
_PATH: Final = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"


class TextSpec(Record):
    """Text in both languages."""

    zh: str = Field(min_length=1, max_length=2000)
    en: str = Field(min_length=1, max_length=2000)

    def text(self) -> Text:
        """As a ``Text``."""
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
        used = []
        for template in (value.zh, value.en):
            names = check_template(template)
            bad = [n for n in names if n != "who"]
            if bad:
                raise ValueError(f"only the placeholder {{who}} is allowed, not {{{bad[0]}}}")
            used.append("who" in names)
        if used[0] != used[1]:
            raise ValueError("the zh and en texts must both use {who}, or neither")
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
