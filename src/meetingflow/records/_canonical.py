"""Canonical JSON and SHA-256 digests: the basis of the tamper-evident history.

Canonical form: the record in JSON mode with default values left out (so adding a field
with a default in a later release does not change old digests), keys sorted, no spaces,
UTF-8.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from pydantic import BaseModel

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def canonical(value: Any) -> bytes:
    """The canonical JSON bytes of a record, or of plain JSON data."""
    return json.dumps(
        _jsonable(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value


def digest(value: Any, previous: str = "") -> str:
    """SHA-256 hex digest of ``previous`` followed by the canonical form of ``value``."""
    h = hashlib.sha256(previous.encode())
    h.update(canonical(value))
    return h.hexdigest()


def resolve(root: Any, path: str) -> Any:
    """Follow a record path such as ``redone_sessions[0].review``; ``KeyError`` if absent."""
    node = root
    for name, index in _PART.findall(path):
        if name:
            if isinstance(node, dict):
                node = node[name]
            elif isinstance(node, BaseModel) and name in type(node).model_fields:
                node = getattr(node, name)
            else:
                raise KeyError(path)
        else:
            i = int(index)
            if not isinstance(node, tuple | list) or i >= len(node):
                raise KeyError(path)
            node = node[i]
    return node
