"""The thresholds and switches of the rules, with the rule catalogue's defaults.

Numbers vary from unit to unit, so they are configuration, validated when a flow is built:
a bad value is refused with its path (``settings.report_within_days``). A host's own rule
pack declares its own typed settings under a namespace (``RulePack(settings=...)``), and
they are validated the same way, under ``settings.<namespace>``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from meetingflow.records import Record
from meetingflow.records._base import Id, Many
from meetingflow.records.terms import DocumentKind

__all__ = ["DEFAULT_ARCHIVE", "RuleSettings"]

DEFAULT_ARCHIVE: tuple[DocumentKind, ...] = tuple(
    k for k in DocumentKind if k is not DocumentKind.APPRAISAL
)
"""What CLOSE-ARCHIVE asks for by default (the appraisal extension adds its documents)."""


class RuleSettings(Record):
    """Numbers and switches of the built-in rules (the catalogue's "Default settings")."""

    aspects: Many[Id] | None = Field(default=None, min_length=1)
    """Aspects every material and self-examination covers; ``None`` uses the campaign's."""
    advance_notice_days: int = Field(default=10, ge=0, le=366)
    """PREP-ADVANCE-NOTICE: attendees are told at least this many days ahead."""
    quorum_ratio: float = Field(default=0.5, ge=0, lt=1)
    """REV-QUORUM: present full members must exceed this share of non-exempt full members."""
    report_within_days: int = Field(default=15, ge=0, le=366)
    """CLOSE-REPORT: days from the sitting to the report to the superior."""
    rect_plan_within_days: int = Field(default=7, ge=0, le=366)
    """RECT-PLAN-TIMELY: days from the sitting to the rectification plan."""
    escalate_after_days: int = Field(default=14, ge=0, le=3660)
    """RECT-ESCALATE: days overdue after which an item must have been escalated."""
    makeup_within_days: int = Field(default=30, ge=0, le=366)
    """ATT-MAKEUP: days from the sitting within which the absent catch up."""
    excellent_cap: float = Field(default=1 / 3, gt=0, le=1)
    """APPR-EXCELLENT-CAP: the largest share of members graded excellent."""
    excellent_cap_base: Literal["all_members", "graded_members"] = "all_members"
    thematic_counts_for_annual: bool = True
    """FREQ-ANNUAL: a thematic meeting counts as the year's meeting."""
    require_full_material_for_ordinary_members: bool = False
    """PREP-MATERIAL: ordinary members write full material instead of a speech outline."""
    min_study_hours: float = Field(default=0, ge=0, le=1000)
    """PREP-STUDY: minimum hours of collective study (some units ask half a day); 0 disables."""
    commitments_from: Literal["committee", "all_members"] = "committee"
    """RECT-COMMITMENT: who must make a rectification commitment."""
    committee_required_from: int = Field(default=7, ge=1, le=10_000)
    """ROLE-COMMITTEE-REQUIRED: full members from which a branch must have a committee."""
    archive_documents: Many[DocumentKind] = Field(default=DEFAULT_ARCHIVE, min_length=1)
    """CLOSE-ARCHIVE: the documents the archive must hold."""
    lapse_months: int = Field(default=6, ge=1, le=120)
    """ATT-LAPSE-RISK: consecutive months without organizational life that flag a member."""
