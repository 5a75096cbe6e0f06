"""What every command needs: the flow the options ask for, reading files, parsing times."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from meetingflow.errors import InvalidArgument
from meetingflow.i18n import Text

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Meeting

__all__ = ["aware_time", "load", "locale_lang", "read", "requested_lang", "selected_flow"]


def locale_lang() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "zh"


def requested_lang(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return locale_lang()


def selected_flow(args: argparse.Namespace) -> Flow:
    from meetingflow.flow import default_flow  # noqa: PLC0415 - the CLI loads what it uses

    if getattr(args, "flow", None):
        from meetingflow.spec import load_flow  # noqa: PLC0415

        return load_flow(args.flow)
    if getattr(args, "appraisal", False):
        from meetingflow.extensions import appraisal  # noqa: PLC0415

        return default_flow(extensions=[appraisal.TRACK])
    return default_flow()


def read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise InvalidArgument(
            Text(f"无法读取 {path}：{error.strerror}", f"cannot read {path}: {error.strerror}")
        ) from None


def load(path: str, flow: Flow) -> Meeting:
    return flow.parse(read(path))


def aware_time(text: str) -> datetime:
    from meetingflow.flow.arguments import aware  # noqa: PLC0415

    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidArgument(
            Text(f"时间 {text!r} 不是 ISO 8601 格式", f"{text!r} is not an ISO 8601 time")
        ) from None
    return aware(value, "--at")
