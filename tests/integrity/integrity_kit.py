"""Shared helpers of the integrity tests: JSON walking, mutations, outcome classes.

Imported by the test modules of this folder (pytest puts the folder on ``sys.path``).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any, Final

import meetingflow as mf
from meetingflow import errors

KEY: Final = b"integrity-tests-key-0123456789ab"
"""The host's HMAC key in these tests (32 bytes)."""
OTHER_KEY: Final = b"someone-elses-key-0123456789abcd"

Path = tuple[str | int, ...]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_HEX = re.compile(r"^[0-9a-f]{64}$")


def leaves(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every scalar of a JSON value with its path (objects' members, arrays' entries)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, (*path, i))
    else:
        yield path, value


def arrays(value: Any, path: Path = ()) -> Iterator[tuple[Path, list[Any]]]:
    """Every non-empty JSON array with its path."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from arrays(v, (*path, k))
    elif isinstance(value, list):
        if value:
            yield path, value
        for i, v in enumerate(value):
            yield from arrays(v, (*path, i))


def get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def put(data: Any, path: Path, value: Any) -> Any:
    """A deep copy of ``data`` with the value at ``path`` replaced."""
    out = copy.deepcopy(data)
    get(out, path[:-1])[path[-1]] = value
    return out


def changed(value: Any) -> Any:
    """A different JSON value of the same shape where one exists (a valid date stays a date)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value + 0.5
    if value is None:
        return "x"
    assert isinstance(value, str)
    if _HEX.match(value):
        return value[:-1] + ("0" if value[-1] != "0" else "1")
    if _DAY.match(value):
        return (date.fromisoformat(value) + timedelta(days=1)).isoformat()
    if _INSTANT.match(value):
        moved = datetime.fromisoformat(value.replace("Z", "+00:00")) + timedelta(minutes=1)
        return moved.isoformat()
    return value + "改" if value else "x"


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


Outcome = str
"""``tampered`` (verify raised HistoryTampered), ``refused`` (parsing raised InvalidRecord),
``accepted`` (the edit went unnoticed), or ``crash: <type>`` (anything else)."""


def outcome(flow: mf.Flow, data: Any, *, anchor: str | None = None) -> Outcome:
    """What happens when a host loads ``data`` (JSON) with ``flow`` and verifies it."""
    try:
        meeting = flow.parse(json.dumps(data, ensure_ascii=False))
    except errors.InvalidRecord:
        return "refused"
    except Exception as error:
        return f"crash: {type(error).__name__}: {error}"
    try:
        flow.verify(meeting, anchor=anchor)
    except errors.HistoryTampered:
        return "tampered"
    except Exception as error:
        return f"crash: {type(error).__name__}: {error}"
    return "accepted"


def raises_only_meetingflow_errors(call: Callable[[], object]) -> BaseException | None:
    """Run ``call``; return the exception if it is not a MeetingflowError, else ``None``."""
    try:
        call()
    except errors.MeetingflowError:
        return None
    except Exception as error:
        return error
    return None
