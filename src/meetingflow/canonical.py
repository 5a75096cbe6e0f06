"""The canonical form of a record and its digests, specified in docs/reference/digest.md.

Why this form: an auditor in another language must be able to recompute every digest from the
stored JSON alone, and recording one item must not rehash the whole meeting. So every JSON
object is hashed on its own — its members in RFC 8785 (JCS) form, with each nested object
replaced by ``{"sha256": <its digest>}`` — and a parent only hashes its children's digests.

This module works on plain JSON values; ``meetingflow.integrity`` computes the same digests
from record objects, caching each object's digest.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

__all__ = [
    "REF_KEY",
    "event_digest",
    "jcs",
    "mac",
    "node_digest",
    "ref",
    "state_digest",
]

REF_KEY: Final = "sha256"
"""A nested object appears in its parent as ``{"sha256": "<hex digest>"}``."""

STATE_EXCLUDES: Final = frozenset({"history"})
"""A meeting's state digest covers every member but ``history`` (the chain covers that)."""
EVENT_EXCLUDES: Final = frozenset({"digest", "mac"})
"""An event's digest covers every member but itself and its MAC."""

_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _number(value: float) -> str:
    """A float the way ECMAScript's ``Number.prototype.toString`` writes it (RFC 8785 §3.2.2.3)."""
    if not math.isfinite(value):
        raise ValueError("non-finite numbers have no canonical form")
    if value == 0:
        return "0"
    # Python's repr gives the shortest digits that round-trip, as ECMAScript does.
    sign, digit_tuple, exponent = Decimal(repr(value)).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    k = len(digits)
    n = k + int(exponent)  # value = 0.<digits> x 10^n
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        out = (
            digits[0]
            + ("." + digits[1:] if k > 1 else "")
            + ("e+" if e >= 0 else "e-")
            + str(abs(e))
        )
    return ("-" if sign else "") + out


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if abs(value) > 2**53:
            raise ValueError(f"integer {value} is outside the range JSON numbers keep exactly")
        return str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str):
        return _ENCODER.encode(value)
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be")


def jcs(value: Any) -> str:
    """``value`` in RFC 8785 (JCS) form: sorted keys (by UTF-16 code units), no whitespace."""
    if isinstance(value, Mapping):
        items = sorted(value.items(), key=lambda kv: _utf16_key(kv[0]))
        return "{" + ",".join(_ENCODER.encode(k) + ":" + jcs(v) for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(jcs(v) for v in value) + "]"
    return _scalar(value)


def ref(value: Any) -> Any:
    """``value`` as it appears inside its parent: objects become ``{"sha256": digest}``."""
    if isinstance(value, Mapping):
        return {REF_KEY: node_digest(value)}
    if isinstance(value, list | tuple):
        return [ref(v) for v in value]
    return value


def digest_members(members: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of an object whose members are already in their in-parent form."""
    return hashlib.sha256(jcs(members).encode("utf-8")).hexdigest()


def node_digest(obj: Mapping[str, Any], exclude: frozenset[str] = frozenset()) -> str:
    """The digest of one JSON object (members in ``exclude`` left out)."""
    return digest_members({k: ref(v) for k, v in obj.items() if k not in exclude})


def state_digest(meeting: Mapping[str, Any]) -> str:
    """The digest of a meeting's JSON with its history left out."""
    return node_digest(meeting, STATE_EXCLUDES)


def event_digest(event: Mapping[str, Any]) -> str:
    """The digest of an event's JSON, without its ``digest`` and ``mac``."""
    return node_digest(event, EVENT_EXCLUDES)


def mac(key: bytes, digest: str) -> str:
    """HMAC-SHA256 (hex) of an event digest's bytes under ``key``."""
    return hmac.new(key, bytes.fromhex(digest), hashlib.sha256).hexdigest()
