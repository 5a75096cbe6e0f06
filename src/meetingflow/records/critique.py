"""The sitting's critique part (批评与自我批评): statements, criticisms, responses, comments."""

from __future__ import annotations

from typing import ClassVar, Final

from pydantic import Field, model_validator

from meetingflow.records._base import (
    Happened,
    Id,
    Many,
    MemberRef,
    PersonRef,
    Placement,
    Problem,
    Prose,
    Record,
    RequiredText,
)
from meetingflow.records.terms import CriticismKind

__all__ = ["Criticism", "Critique", "Response", "Statement", "SuperiorComment", "UnityAttestation"]

_C: Final = "critique"


class Statement(Record):
    """One self-criticism speech, in speaking order (自我批评发言)."""

    record_into: ClassVar[Placement | None] = Placement(_C, "statements", "upsert", "member_id")

    member_id: MemberRef
    order: int = Field(ge=1, le=100_000)
    summary: Prose = ""


class Criticism(Record):
    """A remark one member makes to another, as the host classified it."""

    record_into: ClassVar[Placement | None] = Placement(_C, "criticisms", "upsert", "id")

    id: Id
    from_member: MemberRef
    to_member: MemberRef
    kind: CriticismKind = CriticismKind.PROBLEM
    text: RequiredText
    accepted: bool = True
    """Whether the criticised member accepted it (accepted problems are rectified)."""

    @model_validator(mode="after")
    def _not_self(self) -> Criticism:
        if self.from_member == self.to_member:
            raise Problem(
                "批评者与被批评者相同；自我批评请记为 Statement",
                "from_member and to_member are the same; record self-criticism as a Statement",
            )
        return self


class Response(Record):
    """A criticised member's response (表态)."""

    record_into: ClassVar[Placement | None] = Placement(_C, "responses", "upsert", "member_id")

    member_id: MemberRef
    text: Prose = ""


class SuperiorComment(Record):
    """The commentary (点评) of a representative of the superior."""

    record_into: ClassVar[Placement | None] = Placement(
        _C, "superior_comments", "append", by=frozenset({"recorder", "self"}), self_field="by_id"
    )

    by_id: PersonRef
    text: RequiredText


class UnityAttestation(Record):
    """The attestation (by the chair or the superior) of 团结—批评—团结 and no retaliation."""

    record_into: ClassVar[Placement | None] = Placement(
        _C, "unity_attestation", "set", by=frozenset({"self"}), self_field="by_id"
    )

    by_id: PersonRef
    on: Happened
    text: Prose = ""


class Critique(Record):
    """The critique part of the sitting (批评与自我批评)."""

    statements: Many[Statement] = ()
    criticisms: Many[Criticism] = ()
    responses: Many[Response] = ()
    superior_comments: Many[SuperiorComment] = ()
    unity_attestation: UnityAttestation | None = None

    def criticism(self, criticism_id: str) -> Criticism | None:
        """The criticism with ``criticism_id``, if any."""
        return next((c for c in self.criticisms if c.id == criticism_id), None)
