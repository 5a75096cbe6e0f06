"""The lifecycle graph as one ``transitions`` machine per flow, never one per meeting.

What the machine decides: whether a fired trigger may leave the meeting's stage (its
conditions: the actor's authority, the redo's chosen destination, the gate rules) and where
it leads; its ``after`` callback builds the new meeting and its event. A per-call carrier
object stands in for the meeting, so threads share the machine and a meeting costs no
machine memory. States run no callbacks, which keeps ``transitions``' logging off the hot
path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from transitions import Machine, State

from meetingflow.errors import FlowDefinitionError

if TYPE_CHECKING:
    from meetingflow.flow.definition import Transition
    from meetingflow.records import Meeting

__all__ = ["Carrier", "build_machine"]


class _QuietState(State):
    """Stages carry no callbacks; skipping them keeps ``transitions``' INFO logging quiet."""

    def enter(self, event_data: Any) -> None:
        return None

    def exit(self, event_data: Any) -> None:
        return None


class _Machine(Machine):
    state_cls = _QuietState

    def callbacks(self, funcs: Any, event_data: Any) -> None:
        """Run the callbacks without logging each at INFO (``transitions`` does, with their repr)."""
        for func in funcs:
            func(event_data)


class Carrier:
    """Stands in for one meeting during one ``fire``; holds what the callbacks decide."""

    __slots__ = ("meeting", "params", "refusal", "report", "result", "state")

    def __init__(self, meeting: Meeting, params: dict[str, Any]) -> None:
        self.state = meeting.stage
        self.meeting = meeting
        self.params = params
        self.refusal: Exception | None = None
        self.report: Any = None
        self.result: Meeting | None = None


Condition = Callable[[Any], bool]
Callback = Callable[[Any], None]


def build_machine(
    name: str,
    stages: tuple[str, ...],
    transitions: tuple[Transition, ...],
    conditions: Callable[[Transition, str], list[Condition]],
    after: Callable[[Transition, str], Callback],
) -> Machine:
    """One machine for the flow: a transition per (trigger, destination) with its conditions."""
    try:
        machine = _Machine(
            model=None,
            states=list(stages),
            initial=stages[0],
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=False,
            name=f"meetingflow[{name}]",
        )
        for t in transitions:
            for dest in t.dests:
                conds: list[Any] = list(conditions(t, dest))
                machine.add_transition(
                    t.trigger, list(t.sources), dest, conditions=conds, after=[after(t, dest)]
                )
    except (ValueError, TypeError, AttributeError) as error:
        raise FlowDefinitionError([f"the state machine refused the definition: {error}"]) from None
    return machine
