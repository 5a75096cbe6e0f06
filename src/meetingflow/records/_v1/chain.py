"""Verifying a schema-1 record against its schema-1 history, as schema 1 did.

Why before anything is converted: a record whose schema-1 history does not vouch for it must
not be migrated, or the tampering would be laundered into a freshly chained schema-2 history.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from meetingflow.errors import ErrorEntry
from meetingflow.i18n import Text
from meetingflow.records._base import Problem
from meetingflow.records._v1.schema1 import Obj, as_list, canonical_v1, digest_v1, section_kind

__all__ = ["verify_v1"]

_PART: Final = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _tampered(index: int, zh: str, en: str) -> Problem:
    text = Text(f"schema 1 历史记录第 {index} 条：{zh}", f"schema-1 history event #{index}: {en}")
    entry = ErrorEntry(f"history[{index}]", text, "history_tampered")
    return Problem(text.zh, text.en, (entry,), type="history_tampered")


_ABSENT: Final[dict[str, Any]] = {
    "campaign": {},
    "supervisors": [],
    "preparation": {},
    "review": {},
    "critique": {},
    "rectification": {},
    "closing": {},
    "extensions": {},
    "redone_sessions": [],
}
"""What schema 1 read for a meeting field left out of its JSON (its default)."""


def _resolve(root: Obj, path: str) -> Any:
    """The value at a sealed path, defaults included; ``KeyError`` when it is not there."""
    node: Any = root
    for n, (name, index) in enumerate(_PART.findall(path)):
        if name:
            if not isinstance(node, dict):
                raise KeyError(path)
            if name in node:
                node = node[name]
            elif n == 0 and name in _ABSENT:
                node = _ABSENT[name]
            elif n == 1 and path.startswith("extensions."):
                node = None  # a flow's section nothing was recorded into
            else:
                raise KeyError(path)
        else:
            i = int(index)
            if not isinstance(node, list) or i >= len(node):
                raise KeyError(path)
            node = node[i]
    return node


def verify_v1(data: Obj) -> str | None:
    """Check a schema-1 record against its schema-1 history; return the head digest.

    Raises ``Problem`` (type ``history_tampered``, its entry at
    ``history[i]``) for the first event that does not hold, as schema 1's ``verify_history``
    did; ``None`` for a record without history.
    """
    history = data.get("history", [])
    if not isinstance(history, list):
        raise _tampered(0, "历史记录不是列表", "the history is not a list")
    previous = ""
    stage: Any = "preparation"
    live: dict[str, tuple[int, str]] = {}
    for i, event in enumerate(history):
        if not isinstance(event, dict):
            raise _tampered(i, "不是事件对象", "is not an event object")
        trigger = event.get("trigger")
        seq = event.get("seq")
        if isinstance(seq, bool) or seq != i:
            raise _tampered(
                i,
                f"序号为 {seq!r}：有记录被删除或调换",
                f"has sequence number {seq!r}: events were dropped or reordered",
            )
        if event.get("source") != stage:
            raise _tampered(
                i,
                f"（{trigger}）始于阶段 {event.get('source')!r}，但会议当时处于 {stage!r}",
                f"({trigger}) starts in stage {event.get('source')!r} but the meeting was in"
                f" {stage!r}",
            )
        body = {k: v for k, v in event.items() if k != "digest"}
        if digest_v1(canonical_v1(body, "Event"), previous) != event.get("digest"):
            raise _tampered(
                i,
                f"（{trigger}）与其摘要不符：该记录或更早的记录被改动",
                f"({trigger}) does not match its digest: it or an earlier event was edited",
            )
        for path in _strings(event.get("reopened", [])):
            live.pop(path, None)
        for seal in as_list(event.get("seals")):
            if isinstance(seal, dict) and isinstance(seal.get("path"), str):
                live[seal["path"]] = (i, str(seal.get("digest")))
        previous, stage = str(event["digest"]), event.get("target")
    if stage != data.get("stage", "preparation"):
        last = max(len(history) - 1, 0)
        raise _tampered(
            last,
            f"历史记录结束于阶段 {stage!r}，而会议标为 {data.get('stage')!r}",
            f"the history ends in stage {stage!r} but the meeting says {data.get('stage')!r}",
        )
    for path, (sealed_by, expected) in live.items():
        kind = section_kind(path)
        if kind is None:
            continue  # a host's own section: its schema-1 defaults are unknown here
        trigger = history[sealed_by].get("trigger")
        try:
            value = _resolve(data, path)
        except KeyError:
            raise _tampered(
                sealed_by,
                f"（{trigger}）封存了 {path!r}，该部分现已缺失",
                f"({trigger}) sealed {path!r}, which is missing now",
            ) from None
        if digest_v1(canonical_v1(value, kind)) != expected:
            raise _tampered(
                sealed_by,
                f"（{trigger}）封存了 {path!r}，该部分此后被改动",
                f"({trigger}) sealed {path!r}, which has been changed since",
            )
    return previous or None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        yield from (v for v in value if isinstance(v, str))
