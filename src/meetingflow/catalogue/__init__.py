"""The built-in rule catalogue: every single-meeting rule of the catalogue (docs: reference/rules).

A separate package from the rule mechanism: a host that writes its own pack never loads it.
Modules by topic: preparation, inspection (opinions, talks, problems, materials), review,
attendance, roles, critique, rectification, closing, hierarchy.
"""

from __future__ import annotations

import functools

from meetingflow.rules.pack import RulePack
from meetingflow.rules.rule import Rule

__all__ = ["catalogue", "rules"]


@functools.cache
def rules() -> tuple[Rule, ...]:
    """Every built-in rule, in evaluation order."""
    from meetingflow.catalogue import (  # noqa: PLC0415 - loaded on first use
        attendance,
        closing,
        critique,
        hierarchy,
        inspection,
        preparation,
        rectification,
        review,
        roles,
    )

    return (
        *preparation.RULES,
        *inspection.RULES,
        roles.role_committee_required,
        *hierarchy.RULES,
        *review.RULES,
        *attendance.RULES[:4],
        roles.role_dual_membership,
        roles.role_cadre_as_ordinary,
        *critique.RULES,
        *rectification.RULES,
        attendance.att_makeup,
        *closing.RULES,
    )


def catalogue() -> RulePack:
    """The built-in pack that encodes the source document's process and the catalogue."""
    return RulePack(name="catalogue", rules=rules())
