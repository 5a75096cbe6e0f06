"""Compliance rules: the mechanism, packs, settings and the built-in default pack."""

from meetingflow.rules._core import (
    CheckFn,
    Finding,
    Gate,
    Rule,
    RuleContext,
    RuleFailed,
    Severity,
    rule,
)
from meetingflow.rules.builtin import default_pack
from meetingflow.rules.pack import RulePack, pack
from meetingflow.rules.settings import RuleSettings

__all__ = [
    "CheckFn",
    "Finding",
    "Gate",
    "Rule",
    "RuleContext",
    "RuleFailed",
    "RulePack",
    "RuleSettings",
    "Severity",
    "default_pack",
    "pack",
    "rule",
]
