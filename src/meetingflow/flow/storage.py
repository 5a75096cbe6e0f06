"""Reading stored records: ``load`` (parse and verify against the stored head) and
``migrate`` (records of an earlier schema, once, when a host upgrades)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from meetingflow.canonical import mac
from meetingflow.errors import ErrorEntry, InvalidArgument, InvalidRecord, WrongFlow
from meetingflow.i18n import Text

if TYPE_CHECKING:
    from meetingflow.flow.view import FlowView as Flow
    from meetingflow.records import Meeting

__all__ = ["load", "migrate"]


def load(
    flow: Flow, raw: str | bytes, *, expected_head: str | None, anchor: str | None = None
) -> Meeting:
    """A stored record, parsed and verified: what a host calls when it reads its database.

    ``expected_head`` is the head the host stored beside the record (``None`` for a meeting
    without history); anything else raises ``HistoryTampered`` or ``InvalidRecord``.
    """
    try:
        meeting = flow.parse(raw)
    except InvalidRecord as error:
        raise _foreign_sections(error) or error from None
    flow.verify(meeting, anchor=anchor, expected_head=expected_head)
    return meeting


def _foreign_sections(error: InvalidRecord) -> WrongFlow | None:
    """A record refused only for sections this flow does not have was written by another."""
    own = [
        e.path.split(".")[1]
        for e in error.entries
        if e.type == "extra_forbidden"
        and e.path.count(".") == 1
        and e.path.startswith("extensions.")
    ]
    if not own or len(own) != len(error.entries) or error.total != len(error.entries):
        return None
    shown = ", ".join(sorted(map(repr, set(own))))
    return WrongFlow(
        Text(f"本流程的会议没有扩展部分 {shown}", f"this flow's meetings have no section {shown}")
    )


def migrate(flow: Flow, raw: str | bytes) -> Meeting:
    """A record written by an earlier schema, upgraded, and signed if this flow has a key.

    The earlier history is checked before anything is converted, and a migration event
    records the upgrade. Schema 1 had no keys, so with a key the migrated events are signed
    here: run it once, when you upgrade, on records you trust — from then on the signature
    vouches for them. A current record is refused (use ``load``).
    """
    from meetingflow.records.migrations import SCHEMA_VERSION  # noqa: PLC0415 - records load late

    version = _schema_version(raw)
    if version >= SCHEMA_VERSION:
        raise InvalidArgument(
            Text(
                f"记录已是第 {version} 版格式，无需迁移；请用 load 读取",
                f"the record is already schema {version}; read it with load, not migrate",
            )
        )
    meeting = flow.parse(raw)
    if flow.key is not None:
        key = flow.key
        signed = tuple(e.evolve(mac=mac(key, e.digest)) for e in meeting.history)
        meeting = meeting.evolve(history=signed)
    flow.verify(meeting)
    return meeting


def _schema_version(raw: object) -> int:
    """The ``schema_version`` a stored record declares."""
    if not isinstance(raw, str | bytes | bytearray):
        raise InvalidArgument(
            Text("需要 JSON 文本", f"expected JSON text, got {type(raw).__name__}")
        )
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise InvalidRecord(
            "Meeting",
            [ErrorEntry("", Text("应为 JSON 对象", "expected a JSON object"), "json_invalid")],
        )
    if "schema_version" not in data:
        raise InvalidArgument(
            Text(
                "记录没有 schema_version：第 1 版记录若省略了默认值保存，请补上"
                ' "schema_version": 1 再迁移',
                "the record declares no schema_version (read as the current schema); a schema-1"
                ' record stored without defaults needs "schema_version": 1 added before migrate',
            )
        )
    version = data["schema_version"]
    ok = isinstance(version, int) and not isinstance(version, bool)
    return version if ok else 0  # parse then says what is wrong with it
