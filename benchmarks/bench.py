"""Core benchmarks: first use, check and fire against parsing, and scaling with the branch's size.

Run ``python benchmarks/bench.py`` (``--quick`` for fewer repeats); it rewrites
``benchmarks/RESULTS.md``. Every figure is a ratio against a baseline measured in the same
run (medians), because these machines are shared and noisy. Whole-process figures run with
the package's bytecode compiled first, as any installed package has it (some sandboxes set
PYTHONDONTWRITEBYTECODE, which would otherwise make every import compile the sources).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import meetingflow as mf
from meetingflow import testing
from meetingflow.rules import RulePack
from meetingflow.testing import Blueprint

HERE = Path(__file__).parent
SRC = Path(mf.__file__).parent


def median_us(fn: Callable[[], object], repeat: int, number: int = 1) -> float:
    """Median microseconds per call over ``repeat`` rounds of ``number`` calls."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds) * 1e6


def process_ms(code: str, runs: int, env: dict[str, str]) -> float:
    """Median wall milliseconds of a whole Python process running ``code``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def paired(code_a: str, code_b: str, runs: int, env: dict[str, str]) -> tuple[float, float, float]:
    """A and B in turn; returns the medians of A, B and of the pairwise ratio A/B."""
    a_times, b_times, ratios = [], [], []
    for _ in range(runs):
        a = process_ms(code_a, 1, env)
        b = process_ms(code_b, 1, env)
        a_times.append(a)
        b_times.append(b)
        ratios.append(a / b)
    return statistics.median(a_times), statistics.median(b_times), statistics.median(ratios)


def instructions(code: str, env: dict[str, str]) -> int | None:
    """Instructions executed by a whole process (valgrind's callgrind): immune to a noisy machine."""
    if shutil.which("valgrind") is None:
        return None
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            code,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    ).stderr
    for line in out.splitlines():
        if "Collected" in line:
            return int(line.rsplit(":", 1)[1])
    return None


DEPS = "import transitions, pydantic, attrs"
FIRST_USE = "import meetingflow; meetingflow.default_flow()"
FIRST_CHECK = (
    "import meetingflow; from meetingflow import testing; m = testing.example('rectification');"
    " meetingflow.default_flow().check(m, at=testing.example_at('rectification'))"
)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--quick", action="store_true")
    opts = args.parse_args()
    repeat = 7 if opts.quick else 25
    runs = 7 if opts.quick else 21

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(SRC)],
        check=True,
        env=env,
        capture_output=True,
    )

    rows: list[tuple[str, str, str, str]] = []

    def row(measure: str, ratio: float, target: float | None, detail: str) -> None:
        ok = "" if target is None else (" ✅" if ratio <= target else " ❌")
        rows.append(
            (measure, f"{ratio:.2f}x", f"≤ {target:.2f}x" if target else "—", ok + " " + detail)
        )

    # First use, whole processes.
    a, b, r = paired(FIRST_USE, DEPS, runs, env)
    row(
        "`import meetingflow; default_flow()` / `import transitions, pydantic, attrs`",
        r,
        1.5,
        f"{a:.0f} ms vs {b:.0f} ms (paired medians)",
    )
    ia, ib = instructions(FIRST_USE, env), instructions(DEPS, env)
    if ia and ib:
        row(
            "the same, in instructions executed (callgrind)",
            ia / ib,
            1.5,
            f"{ia / 1e6:.0f} M vs {ib / 1e6:.0f} M",
        )
    a2, b2, r2 = paired(FIRST_CHECK, DEPS, max(5, runs // 3), env)
    row(
        "first parse-free check of the example (builds records and every rule) / deps import",
        r2,
        None,
        f"{a2:.0f} ms vs {b2:.0f} ms",
    )

    # In-process: check and fire against parsing, 30 and 300 members.
    flow = mf.default_flow()
    off = mf.default_flow(pack=RulePack("none"))
    figures: dict[int, dict[str, float]] = {}
    for n in (30, 300):
        bp = Blueprint(members=n, committee=2, cadres=1, probationary=1)
        meeting = testing.build("rectification", bp)
        raw = meeting.model_dump_json()
        at = datetime(2021, 8, 20, 10, tzinfo=testing.CST)
        flow.check(meeting, at=at)
        parse = median_us(lambda raw=raw: flow.parse(raw), repeat)  # type: ignore[misc]
        dump = median_us(lambda m=meeting: m.model_dump_json(), repeat)  # type: ignore[misc]
        check = median_us(lambda m=meeting, at=at: flow.check(m, at=at), repeat)  # type: ignore[misc]
        fire = median_us(lambda m=meeting, at=at: off.fire(m, "close", actor="s01", at=at), repeat)  # type: ignore[misc]
        figures[n] = {"parse": parse, "dump": dump, "check": check, "fire": fire}
    f30, f300 = figures[30], figures[300]
    row(
        "full `check` (all rules, 30 members, rectification) / parse",
        f30["check"] / f30["parse"],
        1.0,
        f"{f30['check']:.0f} µs vs {f30['parse']:.0f} µs",
    )
    row(
        "`fire` (rules off, verified meeting, 30 members) / (parse + dump)",
        f30["fire"] / (f30["parse"] + f30["dump"]),
        0.5,
        f"{f30['fire']:.0f} µs vs {f30['parse'] + f30['dump']:.0f} µs",
    )
    row("`check` 300 members / 30 members", f300["check"] / f30["check"], 12.0, "10× the members")
    row("`fire` 300 members / 30 members", f300["fire"] / f30["fire"], 12.0, "10× the members")

    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results",
        "",
        f"Recorded {when} by `python benchmarks/bench.py` on Python {platform.python_version()}, {platform.machine()},"
        f" {os.cpu_count()} cores; pydantic {__import__('pydantic').VERSION}, transitions {__import__('transitions').__version__}.",
        "Ratios are medians measured against a baseline in the same run; the machine is shared.",
        "",
        "| measure | ratio | target | detail |",
        "|---|---|---|---|",
        *(f"| {m} | {r_} | {t} |{d} |" for m, r_, t, d in rows),
        "",
        "Raw medians (µs): "
        + "; ".join(
            f"{n} members: " + ", ".join(f"{k} {v:.0f}" for k, v in figs.items())
            for n, figs in figures.items()
        ),
        "",
        "Building the default flow loads the rule mechanism, the catalogue and `transitions`, but no",
        "record model: pydantic builds those when the first meeting arrives (the third row shows that",
        "cost). Integrity costs (recording into large meetings, verifying parsed records) and hostile",
        "input are in `RESULTS-integrity.md`; audits across meetings in `RESULTS-portfolio.md`.",
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
