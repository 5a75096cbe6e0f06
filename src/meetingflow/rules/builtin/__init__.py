"""The default rule pack: every single-meeting rule of the catalogue (RULES.md §2)."""

from __future__ import annotations

from meetingflow.rules.builtin import closing, critique, preparation, rectification, review
from meetingflow.rules.pack import RulePack

ALL_RULES = (
    *preparation.RULES,
    *review.RULES,
    *critique.RULES,
    *rectification.RULES,
    *closing.RULES,
)


def default_pack() -> RulePack:
    """The built-in pack that encodes the source document's process."""
    return RulePack(name="default", rules=ALL_RULES)
