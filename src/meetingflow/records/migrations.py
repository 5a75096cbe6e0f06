"""Schema versions of the meeting record, and the migrations between them.

A migration is a function from one version's JSON (a dict) to the next version's. Records
written by any earlier schema load through the chain of migrations; a record from a newer
schema is refused with ``UnsupportedSchema``. A migration also gets the record model that is
loading the record (``Meeting``, or a flow's model with its own sections): a migration that
must know the migrated record's exact JSON validates it with that model, and so neither it nor
this module imports ``meetingflow.records.meeting`` (which imports this one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from meetingflow.records._base import Problem, Record

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "check_version", "upgrade"]

SCHEMA_VERSION: Final = 2
"""The schema this meetingflow writes."""

Migration = Callable[[dict[str, Any], type[Record]], dict[str, Any]]
"""``(json, model) -> json``: ``model`` is the meeting model loading the record."""


def _v1_to_v2(data: dict[str, Any], model: type[Record]) -> dict[str, Any]:
    from meetingflow.records._v1 import upgrade_v1  # noqa: PLC0415 - only old records pay

    return upgrade_v1(data, model)


MIGRATIONS: Final[Mapping[int, Migration]] = {1: _v1_to_v2}
"""``MIGRATIONS[n]`` turns schema ``n`` JSON into schema ``n + 1`` JSON."""


def check_version(version: object) -> None:
    """Accept the current version; name what is wrong with any other (old: migrate; new: upgrade)."""
    if version == SCHEMA_VERSION and not isinstance(version, bool):
        return
    if isinstance(version, int) and not isinstance(version, bool) and 1 <= version < SCHEMA_VERSION:
        raise Problem(
            f"记录为 schema_version {version}，须先迁移（Meeting.model_validate 或 meetingflow migrate 会自动迁移）",
            f"the record has schema_version {version}; it is migrated when loaded with"
            " Meeting.model_validate(_json) or `meetingflow migrate`",
            type="migration_needed",
        )
    _refuse(version)


def _refuse(version: object) -> None:
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Problem(
            f"无法识别的 schema_version {version!r}（已知 1–{SCHEMA_VERSION}）",
            f"schema_version {version!r} is not one meetingflow knows (known: 1-{SCHEMA_VERSION})",
            type="unsupported_schema",
        )
    if version > SCHEMA_VERSION:
        raise Problem(
            f"记录的 schema_version 为 {version}，本版 meetingflow 只能读取到 {SCHEMA_VERSION}；请升级 meetingflow",
            f"the record has schema_version {version}, but this meetingflow reads up to"
            f" {SCHEMA_VERSION}; upgrade meetingflow",
            type="unsupported_schema",
        )


def upgrade(data: dict[str, Any], model: type[Record]) -> dict[str, Any]:
    """``data`` migrated to ``SCHEMA_VERSION`` (a missing version means the current one).

    ``model`` is the meeting model that will validate the result (see the module's docstring).
    """
    version = data.get("schema_version", SCHEMA_VERSION)
    if version == SCHEMA_VERSION:
        return data
    if (
        not isinstance(version, int)
        or isinstance(version, bool)
        or not 1 <= version < SCHEMA_VERSION
    ):
        _refuse(version)
    assert isinstance(version, int)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data, model)
        version += 1
    return data
