"""Reading records at the edge: JSON files, JSON Lines, directories and standard input.

The only module of the package that touches files. It yields each record's raw JSON text
with where it came from — never a parsed record — so that parsing happens where the work is
done (a worker process, a cluster) and memory stays flat however many records stream by: a
JSON Lines file or stream is read line by line. A file or line that cannot be read becomes
an :class:`Item` with an ``error``, and the reading goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Final

import attrs

from meetingflow.i18n import Text

__all__ = ["LINE_SUFFIXES", "SUFFIXES", "Item", "read_paths", "read_stream"]

LINE_SUFFIXES: Final = (".jsonl", ".ndjson")
"""Files read as JSON Lines: one record per line."""
SUFFIXES: Final = (".json", *LINE_SUFFIXES)
"""Files a directory is searched for."""
STDIN: Final = "<stdin>"


@attrs.frozen(slots=True)
class Item:
    """One record to audit: its raw JSON, where it came from, or why it could not be read."""

    position: int
    """Its place in the run, from 0."""
    source: str
    """The file it came from (``<stdin>`` for standard input)."""
    line: int | None
    """Its line in a JSON Lines source (from 1)."""
    text: str | bytes = ""
    error: Text | None = None
    """Why it could not be read (it is then reported, and the run goes on)."""
    index: int | None = None
    """Its index in a JSON array (from 0)."""

    @property
    def where(self) -> str:
        """``file:line``, ``file[index]`` or the file alone."""
        if self.line is not None:
            return f"{self.source}:{self.line}"
        if self.index is not None:
            return f"{self.source}[{self.index}]"
        return self.source


def _unreadable(source: str, error: OSError) -> Text:
    reason = error.strerror or type(error).__name__
    return Text(f"无法读取 {source}：{reason}", f"cannot read {source}: {reason}")


Read = tuple[int | None, int | None, "str | bytes"]
"""``(line, index, text)`` of one record."""


def _lines(stream: IO[bytes], first: bytes, skipped: int) -> Iterator[Read]:
    number = skipped + 1
    yield number, None, first
    for raw in stream:
        number += 1
        if raw.strip():
            yield number, None, raw


def _document(data: bytes) -> Iterator[Read]:
    """One JSON document: a record, or an array of records (each re-serialized)."""
    if data.lstrip().startswith(b"["):
        try:
            values = json.loads(data)
        except (ValueError, RecursionError):
            yield None, None, data  # the parser reports where it is broken
            return
        if isinstance(values, list):
            for i, value in enumerate(values):
                yield None, i, json.dumps(value, ensure_ascii=False)
            return
    yield None, None, data


def read_stream(stream: IO[bytes], *, lines: bool | None = None) -> Iterator[Read]:
    """``(line, index, text)`` of each record in a byte stream, read lazily.

    With ``lines=None`` the stream is JSON Lines when its first non-empty line is a whole JSON
    value; otherwise it is one document (a record or an array of records).
    """
    first = b""
    skipped = 0
    for raw in stream:
        if raw.strip():
            first = raw
            break
        skipped += 1
    if not first:
        return
    if lines is None:
        try:
            json.loads(first)
            lines = True
        except (ValueError, RecursionError):
            lines = False
    if lines:
        yield from _lines(stream, first, skipped)
    else:
        yield from _document(first + stream.read())


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for found in sorted(path.rglob("*")):
            if (
                found.is_file()
                and found.suffix.lower() in SUFFIXES
                and not found.name.startswith(".")
            ):
                yield found
    else:
        yield path


def read_paths(
    paths: Iterable[str], *, stdin: IO[bytes] | None = None, start: int = 0
) -> Iterator[Item]:
    """Every record under ``paths`` (files, directories, ``-`` for standard input), in order."""
    position = start
    for given in paths:
        if given == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            for line, index, text in read_stream(stream):
                yield Item(position, STDIN, line, text, index=index)
                position += 1
            continue
        root = Path(given)
        if not root.exists():
            yield Item(
                position,
                given,
                None,
                error=Text(f"没有文件或目录 {given}", f"no such file or directory: {given}"),
            )
            position += 1
            continue
        for file in _files(root):
            name = str(file)
            try:
                with file.open("rb") as stream:
                    mode = (
                        True
                        if file.suffix.lower() in LINE_SUFFIXES
                        else (False if file.suffix.lower() == ".json" else None)
                    )
                    for line, index, text in read_stream(stream, lines=mode):
                        yield Item(position, name, line, text, index=index)
                        position += 1
            except OSError as error:
                yield Item(position, name, None, error=_unreadable(name, error))
                position += 1
