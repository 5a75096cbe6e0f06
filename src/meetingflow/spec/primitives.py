"""The safe rule primitives of declarative flows: checks made of data, never of code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, get_args, get_origin

import attrs

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text
from meetingflow.records import paths
from meetingflow.records.terms import Presence
from meetingflow.rules import facts
from meetingflow.rules.rule import Rule, _make
from meetingflow.spec.document import CheckSpec, RuleSpec

if TYPE_CHECKING:
    from meetingflow.records import Meeting
    from meetingflow.report import Finding
    from meetingflow.rules import RuleContext

__all__ = ["check_problems", "rule_from_spec", "rule_problems"]


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
    """A ``Rule`` from a declarative rule (its one message has key ``default``)."""
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


def rule_problems(spec: RuleSpec, meeting_type: type, stages: tuple[str, ...]) -> Iterator[str]:
    """What is wrong with a declarative rule in a flow whose meetings are ``meeting_type``:
    its check's paths, and the paths it declares its findings may point at."""
    yield from check_problems(spec.check, meeting_type, stages)
    for i, p in enumerate(spec.paths):
        yield from (x.replace("check.: ", f"paths[{i}]: ", 1) for x in _at("", meeting_type, p))


def check_problems(spec: CheckSpec, meeting_type: type, stages: tuple[str, ...]) -> Iterator[str]:
    """What is wrong with a check's paths in a flow whose meetings are ``meeting_type``.

    Without this a misspelt field loads fine and then finds every meeting wanting, forever.
    """
    if spec.present is not None:
        yield from _at("present", meeting_type, spec.present)
    if spec.min_count is not None:
        yield from _at("min_count.path", meeting_type, spec.min_count.path, want="list")
    for name, one in (
        ("each_present_member", spec.each_present_member),
        ("each_has", spec.each_has),
    ):
        if one is not None:
            yield from _at(f"{name}.path", meeting_type, one.path, want="list", field=one.field)
    o = spec.on_or_before
    if o is not None:
        yield from _at("on_or_before.path", meeting_type, o.path, want="date")
        if o.than is not None:
            yield from _at("on_or_before.than", meeting_type, o.than, want="date")
        if o.deadline_of is not None and o.deadline_of not in stages:
            yield (
                f"check.on_or_before.deadline_of: the flow has no stage {o.deadline_of!r}"
                f" (its stages: {', '.join(stages)})"
            )


def _at(where: str, root: type, path: str, want: str = "", field: str = "") -> Iterator[str]:
    try:
        found = paths.type_at(root, path)
    except InvalidArgument as error:
        yield f"check.{where}: {error.message('en')}"
        return
    if found is Any:
        return
    if want == "date" and not (isinstance(found, type) and issubclass(found, date)):
        yield f"check.{where}: {path!r} holds {_name(found)}, not a date"
    if want == "list":
        if get_origin(found) not in (tuple, list):
            yield f"check.{where}: {path!r} holds {_name(found)}, not a list"
            return
        entry = paths.plain_type(get_args(found)[0])
        fields = getattr(entry, "model_fields", None)
        if field and fields is None and entry is not Any:
            yield (
                f"check.{where}: the entries at {path!r} are {_name(entry)}, not records with"
                f" a field {field!r}"
            )
        elif field and fields is not None and field not in fields:
            yield (
                f"check.{where.replace('.path', '.field')}: the entries at {path!r}"
                f" ({_name(entry)}) have no field {field!r} (their fields: {', '.join(sorted(fields))})"
            )


def _name(annotation: Any) -> str:
    return getattr(annotation, "__name__", None) or str(annotation)
