"""The thresholds and switches of the default rule pack (RULES.md, "Default settings")."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from meetingflow.records._base import Id, Record
from meetingflow.records.rectification import DocumentKind


class RuleSettings(Record):
    """Numbers and switches that vary from unit to unit; change them without touching code.

    Invalid values (a negative number of days, an empty aspect list) are rejected with
    the path of the field.
    """

    aspects: tuple[Id, ...] | None = Field(default=None, min_length=1)
    """Aspects every material and self-examination covers; ``None`` uses the meeting's campaign."""
    advance_notice_days: int = Field(default=10, ge=0)
    quorum_ratio: float = Field(default=0.5, ge=0, lt=1)
    """Present full members must exceed this share of non-exempt full members."""
    report_within_days: int = Field(default=15, ge=0)
    rect_plan_within_days: int = Field(default=7, ge=0)
    escalate_after_days: int = Field(default=14, ge=0)
    makeup_within_days: int = Field(default=30, ge=0)
    excellent_cap: float = Field(default=1 / 3, gt=0, le=1)
    excellent_cap_base: Literal["all_members", "graded_members"] = "all_members"
    thematic_counts_for_annual: bool = True
    require_full_material_for_ordinary_members: bool = False
    min_study_hours: float = Field(default=0, ge=0)
    """Minimum hours of collective study (some units require half a day); 0 disables."""
    commitments_from: Literal["committee", "all_members"] = "committee"
    """Who must make a rectification commitment (RECT-COMMITMENT)."""
    committee_required_from: int = Field(default=7, ge=1)
    """Full members from which a branch must have a committee (ROLE-COMMITTEE-REQUIRED)."""
    archive_documents: tuple[DocumentKind, ...] = Field(
        default=tuple(k for k in DocumentKind if k is not DocumentKind.APPRAISAL), min_length=1
    )
    """The documents CLOSE-ARCHIVE asks for; the appraisal extension adds ``appraisal``."""
