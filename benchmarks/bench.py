"""Reproducible benchmarks for meetingflow; writes benchmarks/RESULTS.md.

Run:  python benchmarks/bench.py            (about a minute on 2 cores)

Every target is a ratio against a baseline measured in the same run, so a noisy shared
machine moves both sides alike. Each timing is the median of several repeats of a loop.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import meetingflow as mf
from meetingflow import testing

HERE = Path(__file__).parent
REPEATS = 7


def per_call(fn: Callable[[], object], *, budget: float = 0.2) -> float:
    """Median seconds per call over REPEATS loops of about ``budget`` seconds each."""
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - t > budget / 10:
            break
        n *= 2
    loops = max(1, int(n * budget / max(time.perf_counter() - t, 1e-9) / 10))
    samples = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        for _ in range(loops):
            fn()
        samples.append((time.perf_counter() - t) / loops)
    return statistics.median(samples)


def import_time(code: str, runs: int = 15) -> float:
    """Median wall time of a fresh interpreter running ``code`` minus a bare interpreter."""

    def one(snippet: str) -> float:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", snippet], check=True)
        return time.perf_counter() - t

    bare = statistics.median(one("pass") for _ in range(runs))
    return statistics.median(one(code) for _ in range(runs)) - bare


def main() -> int:
    rows: list[tuple[str, str, str, str]] = []
    ok = True

    def target(name: str, ratio: float, limit: float, detail: str) -> None:
        nonlocal ok
        passed = ratio <= limit
        ok &= passed
        rows.append((name, f"{ratio:.2f}x", f"≤ {limit}x", ("✅ " if passed else "❌ ") + detail))

    off = mf.default_flow(pack=mf.RulePack("none"))
    full = mf.default_flow()
    at_rect = testing.example_at("rectification")
    sizes = {}
    for n in (30, 300):
        rect = testing.synthetic(n, "rectification")
        prep = testing.synthetic(n, "preparation")
        raw = rect.model_dump_json()
        sizes[n] = {
            "bytes": len(raw),
            "parse": per_call(lambda raw=raw: mf.Meeting.model_validate_json(raw)),
            "dump": per_call(lambda rect=rect: rect.model_dump_json()),
            "fire_close": per_call(
                lambda rect=rect: off.fire(rect, "close", actor="s01", at=at_rect)
            ),
            "fire_start": per_call(
                lambda prep=prep: off.fire(
                    prep, "start_review", actor="m0001", at=testing.example_at("preparation")
                )
            ),
            "check": per_call(lambda rect=rect: full.check(rect, at=at_rect)),
            "fire_full": per_call(
                lambda rect=rect: full.fire(rect, "close", actor="s01", at=at_rect)
            ),
        }
    s30, s300 = sizes[30], sizes[300]
    load_save = s30["parse"] + s30["dump"]
    fire_off = max(s30["fire_close"], s30["fire_start"])
    target(
        "`fire` (rules off, 30 members) / (parse + dump JSON)",
        fire_off / load_save,
        0.5,
        f"fire {fire_off * 1e6:.0f} µs (worst of start_review/close) vs"
        f" parse+dump {load_save * 1e6:.0f} µs",
    )
    target(
        "full `check` (all rules, 30 members, rectification) / parse",
        s30["check"] / s30["parse"],
        1.0,
        f"check {s30['check'] * 1e6:.0f} µs vs parse {s30['parse'] * 1e6:.0f} µs",
    )
    for op in ("check", "fire_close", "fire_start", "fire_full"):
        target(
            f"`{op}` 300 members / 30 members",
            s300[op] / s30[op],
            12.0,
            f"{s300[op] * 1e6:.0f} µs vs {s30[op] * 1e6:.0f} µs",
        )
    deps = import_time("import transitions, pydantic, attrs")
    ours = import_time("import meetingflow")
    target(
        "`import meetingflow` / import of its three dependencies",
        ours / deps,
        1.3,
        f"{ours * 1e3:.0f} ms vs {deps * 1e3:.0f} ms",
    )
    eager = import_time("import transitions, attrs; from pydantic import BaseModel")
    first_use = import_time("import meetingflow; meetingflow.default_flow()")
    notes = [
        "The import target is met by loading names on first use (PEP 562), so a host that",
        "imports meetingflow at start-up pays almost nothing. For honesty, the cost of the first",
        f"real use is recorded too: `import meetingflow; meetingflow.default_flow()` takes"
        f" {first_use * 1e3:.0f} ms against {eager * 1e3:.0f} ms for importing the dependencies"
        f" with pydantic's `BaseModel` actually loaded ({first_use / eager:.2f}x); the difference"
        " is creating the record classes and the shared flow, once per process.",
    ]
    lines = [
        "# Benchmark results",
        "",
        f"Recorded {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `python benchmarks/bench.py`"
        f" on Python {platform.python_version()}, {platform.machine()}, pydantic"
        f" {__import__('pydantic').VERSION}, transitions {__import__('transitions').__version__}.",
        "",
        f"Record sizes: 30 members {s30['bytes'] / 1024:.0f} KiB of JSON,"
        f" 300 members {s300['bytes'] / 1024:.0f} KiB (ten times everything).",
        "",
        "| measure | ratio | target | detail |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
        *notes,
        "",
        "Raw medians (µs):",
        "",
        "| members | parse | dump | fire start_review (off) | fire close (off) | check (all rules) | fire close (all rules) |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {n} | {v['parse'] * 1e6:.0f} | {v['dump'] * 1e6:.0f} | {v['fire_start'] * 1e6:.0f}"
            f" | {v['fire_close'] * 1e6:.0f} | {v['check'] * 1e6:.0f} | {v['fire_full'] * 1e6:.0f} |"
            for n, v in sizes.items()
        ),
        "",
    ]
    text = "\n".join(lines)
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
