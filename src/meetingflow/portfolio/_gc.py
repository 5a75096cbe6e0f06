"""Pausing the cyclic garbage collector around work on one large portfolio.

A portfolio is one large acyclic tree. Every collection that its many allocations trigger
walks the whole growing heap again, so parsing, the rules and the figures grew faster than
the data (10× the organizations: 18× the parse time). Reference counting still frees
everything acyclic while the collector is paused; it is restored exactly as it was found,
an error included, and a host that had disabled it keeps it disabled.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = ["collector_paused", "paused"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the ``with`` block, then as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collector_paused(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """``fn`` run with the collector paused (see the module)."""

    @functools.wraps(fn)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with paused():
            return fn(*args, **kwargs)

    return run
