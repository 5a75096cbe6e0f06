"""A progress bar on a terminal: rich if installed, else tqdm (``pip install 'meetingflow[progress]'``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["bar"]


@contextmanager
def bar(stream: TextIO, label: str) -> Iterator[Callable[[int, int | None], None]]:
    """A ``progress(done, total)`` callback drawing on ``stream``; raises ImportError without rich or tqdm."""
    try:
        from rich.console import Console  # noqa: PLC0415
        from rich.progress import (  # noqa: PLC0415
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )
    except ImportError:
        from tqdm import tqdm  # noqa: PLC0415

        with tqdm(desc=label, file=stream, unit="rec") as t:

            def step(done: int, total: int | None) -> None:
                t.total = total
                t.update(done - t.n)

            yield step
        return
    console = Console(file=stream)
    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as p:
        task = p.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:
            p.update(task, completed=done, total=total)

        yield update
