"""The flow layer: definitions, their compilation into one shared machine, and the operations."""

from meetingflow.flow.default import (
    DEFAULT_STAGES,
    DEFAULT_TRANSITIONS,
    SITTING_RULES,
    Extension,
    default_flow,
    extend,
)
from meetingflow.flow.definition import RUNNERS, SUPERIOR, Stage, Track, Transition
from meetingflow.flow.evaluation import AllowedTriggers, TriggerStatus
from meetingflow.flow.flow import Flow

__all__ = [
    "DEFAULT_STAGES",
    "DEFAULT_TRANSITIONS",
    "RUNNERS",
    "SITTING_RULES",
    "SUPERIOR",
    "AllowedTriggers",
    "Extension",
    "Flow",
    "Stage",
    "Track",
    "Transition",
    "TriggerStatus",
    "default_flow",
    "extend",
]
