"""Diagrams of a flow as Mermaid ``stateDiagram-v2`` or Graphviz DOT text.

Each transition is labelled with its trigger and the IDs of the rules that gate it (strict
gates marked ``!``), so the picture says what must be true to move on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Messages, Text

if TYPE_CHECKING:
    from meetingflow.flow import Flow

__all__ = ["render", "to_dot", "to_mermaid"]

_FORMATS: Final = ("mermaid", "dot")


def _check(flow: object) -> None:
    from meetingflow.flow import Flow as _Flow  # noqa: PLC0415 - loaded by now

    if not isinstance(flow, _Flow):
        raise InvalidArgument(
            Text(
                "需要 meetingflow 的 Flow",
                f"expected a meetingflow Flow, not {type(flow).__name__}",
            )
        )


def _edges(flow: Flow, gates: bool) -> list[tuple[str, str, str, tuple[str, ...]]]:
    out = []
    for t in flow.transitions:
        for source in t.sources:
            for dest in t.dests:
                ids = (
                    tuple(
                        r.id + ("!" if strict else "")
                        for r, strict in flow.gate_rules(t.trigger, source)
                    )
                    if gates and not t.redo
                    else ()
                )
                out.append((source, dest, t.trigger, ids))
    return out


def to_mermaid(flow: Flow, *, gates: bool = True) -> str:
    """The flow as a Mermaid state diagram."""
    _check(flow)
    lines = ["stateDiagram-v2", f"    [*] --> {flow.initial}"]
    for s in flow.stages:
        lines.append(f"    {s.name}: {s.name} ({s.title.zh})")
    for source, dest, trigger, ids in _edges(flow, gates):
        label = trigger + (f"<br/>{', '.join(ids)}" if ids else "")
        lines.append(f"    {source} --> {dest}: {label}")
    lines.append(f"    {flow.stages[-1].name} --> [*]")
    return "\n".join(lines) + "\n"


def to_dot(flow: Flow, *, gates: bool = True) -> str:
    """The flow as a Graphviz digraph."""
    _check(flow)
    lines = [f'digraph "{flow.name}" {{', "    rankdir=LR;", "    node [shape=box, style=rounded];"]
    for s in flow.stages:
        lines.append(f'    "{s.name}" [label="{s.name}\\n{s.title.zh}"];')
    for source, dest, trigger, ids in _edges(flow, gates):
        label = trigger + (("\\n" + "\\n".join(ids)) if ids else "")
        lines.append(f'    "{source}" -> "{dest}" [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(flow: Flow, fmt: str = "mermaid", *, gates: bool = True) -> str:
    """``to_mermaid`` or ``to_dot`` by name."""
    if fmt == "mermaid":
        return to_mermaid(flow, gates=gates)
    if fmt == "dot":
        return to_dot(flow, gates=gates)
    raise InvalidArgument(
        Messages.unknown_format.format(got=repr(fmt)[:40], known=", ".join(_FORMATS))
    )
