"""Changing a lifecycle definition: pure functions over stages and transitions.

Each returns new definitions and leaves its inputs alone; ``Flow`` calls
them from short methods and compiles (and so validates) the result.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from meetingflow.errors import InvalidArgument
from meetingflow.flow.definition import Stage, Transition
from meetingflow.i18n import Text

__all__ = ["insert_stage", "remove_stage", "rename_stage", "set_authorized"]

Definition = tuple[tuple[Stage, ...], tuple[Transition, ...]]


def _index(stages: tuple[Stage, ...], name: str) -> int:
    for i, s in enumerate(stages):
        if s.name == name:
            return i
    raise InvalidArgument(
        Text(
            f"没有阶段 {name!r}", f"no stage {name!r} (stages: {', '.join(s.name for s in stages)})"
        )
    )


def insert_stage(
    stages: tuple[Stage, ...],
    transitions: tuple[Transition, ...],
    stage: Stage,
    *,
    after: str | None = None,
    before: str | None = None,
    trigger: str,
    authorized: Iterable[str] | None = None,
    title: Text | None = None,
) -> Definition:
    """Insert ``stage`` after (or before) a stage on the forward path.

    The new ``trigger`` leads into the stage; the trigger that used to leave ``after`` now
    leaves the new stage, so hosts keep calling it to move on. Redo triggers that could fire
    from ``after`` can fire from the new stage too. Sections the new stage names are moved to
    it from the stage that owned them (a look-back stage after rectification takes the closing
    documents, which stay open until it is left).
    """
    if (after is None) == (before is None):
        raise InvalidArgument(
            Text(
                "insert_stage 须且只能给出 after= 或 before= 之一",
                "insert_stage needs exactly one of after= or before=",
            )
        )
    if before is not None:
        into = [t for t in transitions if not t.redo and before in t.dests]
        if len(into) != 1 or len(into[0].sources) != 1:
            raise InvalidArgument(
                Text(
                    f"阶段 {before!r} 没有唯一的进入方式",
                    f"stage {before!r} has no single forward way in",
                )
            )
        after = into[0].sources[0]
    assert after is not None
    i = _index(stages, after)
    out = [t for t in transitions if not t.redo and after in t.sources]
    if len(out) != 1:
        raise InvalidArgument(
            Text(
                f"阶段 {after!r} 没有唯一的离开方式",
                f"stage {after!r} has no single forward way out",
            )
        )
    leaving = out[0]
    entering = Transition(
        trigger,
        (after,),
        (stage.name,),
        frozenset(authorized) if authorized is not None else leaving.authorized,
        title or Text(f"进入「{stage.title.zh}」", f"start {stage.title.en}"),
    )
    new: list[Transition] = []
    for t in transitions:
        if t is leaving:
            new += [
                entering,
                attrs.evolve(t, sources=tuple(stage.name if s == after else s for s in t.sources)),
            ]
        elif t.redo and after in t.sources:
            new.append(attrs.evolve(t, sources=(*t.sources, stage.name)))
        else:
            new.append(t)
    taken = set(stage.sections)
    kept = tuple(
        attrs.evolve(s, sections=tuple(p for p in s.sections if p not in taken)) for s in stages
    )
    return (*kept[: i + 1], stage, *kept[i + 1 :]), tuple(new)


def remove_stage(
    stages: tuple[Stage, ...], transitions: tuple[Transition, ...], name: str
) -> Definition:
    """Remove an optional stage; the forward path closes over the gap, and the sections the
    stage owned go back to the stage before it."""
    stage = stages[_index(stages, name)]
    if not stage.optional:
        raise InvalidArgument(
            Text(
                f"阶段 {name!r} 不是可选阶段，不能移除",
                f"stage {name!r} is not optional and cannot be removed",
            )
        )
    into = [t for t in transitions if not t.redo and name in t.dests]
    out = [t for t in transitions if not t.redo and name in t.sources]
    new: list[Transition] = []
    for t in transitions:
        if t in into:
            continue
        if t in out:
            new.append(attrs.evolve(t, sources=tuple(s for i in into for s in i.sources)))
        elif name in t.sources or name in t.dests:
            new.append(
                attrs.evolve(
                    t,
                    sources=tuple(s for s in t.sources if s != name),
                    dests=tuple(d for d in t.dests if d != name),
                )
            )
        else:
            new.append(t)
    before = into[0].sources[0] if into and into[0].sources else None
    kept = tuple(
        attrs.evolve(s, sections=(*s.sections, *stage.sections)) if s.name == before else s
        for s in stages
        if s.name != name
    )
    return kept, tuple(new)


def rename_stage(
    stages: tuple[Stage, ...], transitions: tuple[Transition, ...], name: str, stage: Stage
) -> Definition:
    """Put ``stage`` in place of stage ``name``; a new name is carried into the transitions."""
    _index(stages, name)

    def swap(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(stage.name if n == name else n for n in names)

    return (
        tuple(stage if s.name == name else s for s in stages),
        tuple(attrs.evolve(t, sources=swap(t.sources), dests=swap(t.dests)) for t in transitions),
    )


def set_authorized(
    transitions: tuple[Transition, ...], trigger: str, authorized: Iterable[str]
) -> tuple[Transition, ...]:
    """The transitions with ``trigger`` fireable by ``authorized``."""
    if all(t.trigger != trigger for t in transitions):
        raise InvalidArgument(Text(f"没有操作 {trigger!r}", f"no trigger {trigger!r}"))
    return tuple(
        attrs.evolve(t, authorized=tuple(authorized)) if t.trigger == trigger else t
        for t in transitions
    )
