"""The canonical form of a record and its digests, specified in docs/reference/digest.md.

Why this form: an auditor in another language must be able to recompute every digest from the
stored JSON alone, and recording one item must not rehash the whole meeting. So every JSON
object is hashed on its own — its members in RFC 8785 (JCS) form, with each nested object
replaced by ``{"sha256": <its digest>}`` — and a parent only hashes its children's digests.

This module works on plain JSON values; ``meetingflow.integrity`` computes the same digests
from record objects, caching each object's digest.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final, TypeVar

from meetingflow._errorbase import InvalidArgument, _Pair

__all__ = [
    "MAX_SAFE_INTEGER",
    "REF_KEY",
    "event_digest",
    "jcs",
    "mac",
    "node_digest",
    "number",
    "ref",
    "state_digest",
]

MAX_SAFE_INTEGER: Final = 2**53 - 1
"""Integers beyond this (I-JSON, RFC 7493) have no exact JSON form and are refused."""

REF_KEY: Final = "sha256"
"""A nested object appears in its parent as ``{"sha256": "<hex digest>"}``."""

STATE_EXCLUDES: Final = frozenset({"history"})
"""A meeting's state digest covers every member but ``history`` (the chain covers that)."""
EVENT_EXCLUDES: Final = frozenset({"digest", "mac"})
"""An event's digest covers every member but itself and its MAC."""

_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


_F = TypeVar("_F", bound=Callable[..., Any])
_HEX: Final = re.compile(r"^[0-9a-f]{64}$")


def _bad(zh: str, en: str) -> InvalidArgument:
    return InvalidArgument(_Pair(zh, en))


def _public(fn: _F) -> _F:
    """Bad input raises ``InvalidArgument``, however deep or malformed it is."""

    @functools.wraps(fn)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RecursionError:
            raise _bad("JSON 值嵌套过深", "the JSON value is nested too deeply") from None
        except UnicodeEncodeError:
            raise _bad(
                "文本含有无效的 Unicode 字符（孤立代理项）",
                "a string contains invalid Unicode (a lone surrogate)",
            ) from None

    return guarded  # type: ignore[return-value]


def number(value: float) -> str:
    """A float the way ECMAScript's ``Number.prototype.toString`` writes it (RFC 8785 §3.2.2.3)."""
    if not math.isfinite(value):
        raise _bad("非有限数（NaN、无穷）没有规范形式", "non-finite numbers have no canonical form")
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
        if abs(value) > MAX_SAFE_INTEGER:
            raise _bad(
                f"整数 {value} 超出 JSON 数字能精确表示的范围",
                f"integer {value} is outside the range JSON numbers keep exactly",
            )
        return str(value)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, str):
        return _ENCODER.encode(value)
    name = type(value).__name__
    raise _bad(f"{name} 不是 JSON 值", f"{name} is not a JSON value")


def _key(key: object) -> str:
    if not isinstance(key, str):
        name = type(key).__name__
        raise _bad(
            f"JSON 对象的键须为文本，而不是 {name}", f"JSON object keys are text, not {name}"
        )
    return key


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _jcs(value: Any) -> str:
    if isinstance(value, Mapping):
        items = sorted(((_key(k), v) for k, v in value.items()), key=lambda kv: _utf16_key(kv[0]))
        return "{" + ",".join(_ENCODER.encode(k) + ":" + _jcs(v) for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_jcs(v) for v in value) + "]"
    return _scalar(value)


@_public
def jcs(value: Any) -> str:
    """``value`` in RFC 8785 (JCS) form: sorted keys (by UTF-16 code units), no whitespace."""
    text = _jcs(value)
    text.encode("utf-8")  # refuse lone surrogates: they have no UTF-8 form
    return text


def _ref(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {REF_KEY: _node_digest(value, frozenset())}
    if isinstance(value, list | tuple):
        return [_ref(v) for v in value]
    return value


@_public
def ref(value: Any) -> Any:
    """``value`` as it appears inside its parent: objects become ``{"sha256": digest}``."""
    return _ref(value)


def _digest_members(members: Mapping[str, Any]) -> str:
    return hashlib.sha256(_jcs(members).encode("utf-8")).hexdigest()


@_public
def digest_members(members: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of an object whose members are already in their in-parent form."""
    if not isinstance(members, Mapping):
        raise _bad("需要 JSON 对象", f"expected a JSON object, not {type(members).__name__}")
    return _digest_members(members)


def _node_digest(obj: Mapping[str, Any], exclude: frozenset[str]) -> str:
    return _digest_members({_key(k): _ref(v) for k, v in obj.items() if k not in exclude})


@_public
def node_digest(obj: Mapping[str, Any], exclude: frozenset[str] = frozenset()) -> str:
    """The digest of one JSON object (members in ``exclude`` left out)."""
    if not isinstance(obj, Mapping):
        raise _bad("需要 JSON 对象", f"expected a JSON object, not {type(obj).__name__}")
    return _node_digest(obj, exclude)


def state_digest(meeting: Mapping[str, Any]) -> str:
    """The digest of a meeting's JSON with its history left out."""
    return node_digest(meeting, STATE_EXCLUDES)


def event_digest(event: Mapping[str, Any]) -> str:
    """The digest of an event's JSON, without its ``digest`` and ``mac``."""
    return node_digest(event, EVENT_EXCLUDES)


def mac(key: bytes, digest: str) -> str:
    """HMAC-SHA256 (hex) of an event digest's bytes (the 32 bytes, not the hex text) under ``key``."""
    if not isinstance(key, bytes | bytearray):
        raise _bad("密钥须为 bytes", f"the key must be bytes, not {type(key).__name__}")
    if not isinstance(digest, str) or not _HEX.match(digest):
        raise _bad("摘要须为 64 位小写十六进制", "a digest is 64 lower-case hex digits")
    return hmac.new(key, bytes.fromhex(digest), hashlib.sha256).hexdigest()
