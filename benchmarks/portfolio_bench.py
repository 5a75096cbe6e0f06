"""Benchmarks of issue #10 (across meetings); writes benchmarks/RESULTS-portfolio.md.

Run:  python benchmarks/portfolio_bench.py           (about four minutes on 2 cores)
      python benchmarks/portfolio_bench.py --quick   (a smaller run, to try it out)

Every target is a ratio against a baseline measured in the same run, so a noisy shared
machine moves both sides alike; each timing is the best of REPEATS runs, interleaved with its
baseline. Fixed data, no randomness: the same meeting (30 members, in rectification) for
every record; synthetic portfolios built by a deterministic loop.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import meetingflow as mf
from meetingflow import testing
from meetingflow.portfolio import Portfolio, evaluate, figures
from meetingflow.portfolio.audit import AuditSummary, audit

HERE = Path(__file__).parent
CST = timezone(timedelta(hours=8))


def best(fn: Callable[[], object], repeats: int) -> float:
    """Best wall time of ``repeats`` calls."""
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return min(out)


def interleaved(fns: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Best time of each function, the functions run in turn ``repeats`` times."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeats):
        for k, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t)
    return {k: min(v) for k, v in times.items()}


# --- throughput ------------------------------------------------------------------------------------


def throughput(n: int, repeats: int) -> dict[str, Any]:
    meeting = testing.build("rectification", testing.Blueprint(members=30))
    raw = meeting.model_dump_json()
    raws = [raw] * n
    at = testing.example_at("rectification")
    flow = mf.default_flow()

    def baseline() -> None:
        for r in raws:
            flow.check(flow.parse(r), at=at)

    def serial() -> None:
        for _ in audit(raws, at=at):
            pass

    def pool() -> None:
        for _ in audit(raws, at=at, jobs=2):
            pass

    found = interleaved({"baseline": baseline, "serial": serial, "pool2": pool}, repeats)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        found["dask2"] = float("nan")
    else:
        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            executor = client.get_executor()
            for _ in audit(raws[:200], at=at, executor=executor):  # warm the workers
                pass

            def dask() -> None:
                for _ in audit(raws, at=at, executor=executor, chunk_size=64):
                    pass

            found["dask2"] = best(dask, repeats)
    found["bytes"] = len(raw)
    found["n"] = n
    return found


# --- memory -----------------------------------------------------------------------------------------

_MEMORY = """
import resource, sys
from meetingflow import testing
from meetingflow.portfolio.audit import AuditSummary, audit
n = int(sys.argv[1])
raw = testing.build("preparation", testing.Blueprint(members=4, committee=1, cadres=0, probationary=0)).model_dump_json()
at = testing.example_at("preparation")
def records():
    for i in range(n):
        if i % 1000 == 999:
            yield "{not json"                    # an invalid record now and then
        else:
            yield raw.replace('"mt-2021-branch-1"', f'"mt-{i:07d}"', 1)   # a new string each time, like reading
summary = AuditSummary()
for r in audit(records(), at=at):
    summary.add(r)
    r.to_json()
assert summary.records == n
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def memory(small: int, large: int) -> dict[str, int]:
    out = {}
    for n in (small, large):
        done = subprocess.run([sys.executable, "-c", _MEMORY, str(n)], check=True, capture_output=True, text=True)
        out[str(n)] = int(done.stdout.strip().splitlines()[-1])
    return out


# --- portfolio rules and figures -----------------------------------------------------------------------


def synthetic(branches: int) -> str:
    """A group with ``branches`` branches (20 per secondary organization), as JSON text."""
    orgs: list[dict[str, Any]] = [{"id": "G", "name": "集团党委", "level": "group_committee"}]
    meetings: list[dict[str, Any]] = []
    logs: list[dict[str, Any]] = []
    guidance: list[dict[str, Any]] = []
    scope = []
    for b in range(branches):
        sid = f"S{b // 20:05d}"
        if b % 20 == 0:
            orgs.append({"id": sid, "name": f"二级党组织{sid}", "level": "secondary_org", "parent_id": "G"})
            if b % 40 == 0:
                guidance.append({"org_id": sid, "by_org": "G", "on": "2021-06-10", "campaign_id": "C"})
        bid = f"B{b:06d}"
        scope.append(bid)
        orgs.append({"id": bid, "name": f"第{b}党支部", "parent_id": sid})
        held = (date(2021, 6, 20) + timedelta(days=b % 30)).isoformat()
        meetings.append(
            {
                "id": f"{bid}-2021", "org_id": bid, "campaign_id": "C", "meeting_year": 2021, "held_on": held,
                "attendance": {"expected": 17, "present": 16, "on_leave": 1},
                "problems": {"closed_claimed": 4, "closed_verified": 3, "open_due_on": ["2021-09-10"]},
                "talks": 30,
            }
        )  # fmt: skip
        for y in (2019, 2020):
            meetings.append({"id": f"{bid}-{y}", "org_id": bid, "kind": "annual", "meeting_year": y, "held_on": f"{y}-12-{10 + b % 20}"})
        for k in range(2):
            entries = [{"on": f"2021-{mo:02d}-15"} for mo in range(1, 10) if (b + k) % 7 or mo < 3]
            logs.append({"member_id": f"m{k}", "org_id": bid, "since": "2021-01-01", "entries": entries})
    campaign = {
        "id": "C", "issuer_org": "G", "issued_on": "2021-06-01", "meeting_year": 2021, "scope_org_ids": scope,
        "timetable": [{"stage": "review", "due_on": "2021-07-15"}, {"stage": "rectification", "due_on": "2021-09-30"}],
    }  # fmt: skip
    data = {"id": "g", "name": "集团", "organizations": orgs, "campaigns": [campaign], "meetings": meetings, "guidance": guidance, "attendance": logs}
    return json.dumps(data, ensure_ascii=False)


def scaling(small: int, large: int, repeats: int) -> dict[str, dict[str, float]]:
    at = datetime(2021, 9, 15, 10, tzinfo=CST)
    out: dict[str, dict[str, float]] = {}
    for n in (small, large):
        raw = synthetic(n)
        parse = best(lambda raw=raw: Portfolio.model_validate_json(raw), repeats)
        times = []
        for _ in range(repeats):
            p = Portfolio.model_validate_json(raw)  # a fresh object: nothing cached from the last run
            t = time.perf_counter()
            evaluate(p, at=at)
            figures(p, at=at)
            times.append(time.perf_counter() - t)
        out[str(n)] = {"parse": parse, "rules_figures": min(times), "bytes": len(raw)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    n, repeats = (1000, 1) if args.quick else (10_000, 2)
    mem = (200, 5000) if args.quick else (1000, 100_000)
    orgs = (100, 1000) if args.quick else (1000, 10_000)
    started = time.perf_counter()
    tp = throughput(n, repeats)
    sc = scaling(*orgs, repeats=3)
    rss = memory(*mem)
    took = time.perf_counter() - started
    base_rate = tp["n"] / tp["baseline"]
    rows = [
        ("batch audit, one core: overhead over parse + check", tp["serial"] / tp["baseline"] - 1, "≤ 10%", tp["serial"] / tp["baseline"] - 1 <= 0.10, "pct"),
        (f"process pool of 2 vs parse + check in one process ({n:,} meetings)", tp["baseline"] / tp["pool2"], "≥ 1.85×", tp["baseline"] / tp["pool2"] >= 1.85, "x"),
        ("process pool of 2 vs the batch audit in one process", tp["serial"] / tp["pool2"], "≥ 1.85×", tp["serial"] / tp["pool2"] >= 1.85, "x"),
        ("local Dask cluster of 2 workers vs parse + check in one process", tp["baseline"] / tp["dask2"], "≥ 1.6×", tp["baseline"] / tp["dask2"] >= 1.6, "x"),
        (f"peak RSS, {mem[1]:,} records streamed / {mem[0]:,}", rss[str(mem[1])] / rss[str(mem[0])], "≤ 1.2×", rss[str(mem[1])] / rss[str(mem[0])] <= 1.2, "x"),
        (
            f"portfolio rules + figures, {orgs[1]:,} / {orgs[0]:,} branches",
            sc[str(orgs[1])]["rules_figures"] / sc[str(orgs[0])]["rules_figures"], "≤ 12×",
            sc[str(orgs[1])]["rules_figures"] / sc[str(orgs[0])]["rules_figures"] <= 12, "x",
        ),
        (f"portfolio parse, {orgs[1]:,} / {orgs[0]:,} branches", sc[str(orgs[1])]["parse"] / sc[str(orgs[0])]["parse"], "(≤ 12×)", sc[str(orgs[1])]["parse"] / sc[str(orgs[0])]["parse"] <= 12, "x"),
    ]  # fmt: skip
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results: across meetings (issue #10)",
        "",
        f"Recorded {stamp} by `python benchmarks/portfolio_bench.py{' --quick' if args.quick else ''}` on Python"
        f" {platform.python_version()}, {platform.machine()}, {_cpus()} CPUs, in {took:.0f} s. Best of {repeats} interleaved runs.",
        "",
        f"Records: one 30-member meeting in rectification, {tp['bytes'] / 1024:.0f} KiB of JSON; parse + check in one process runs at"
        f" {base_rate:.0f} meetings/s.",
        "",
        "| measure | result | target | |",
        "|---|---|---|---|",
    ]
    for name, value, target, ok, kind in rows:
        shown = f"{value * 100:+.1f}%" if kind == "pct" else f"{value:.2f}×"
        lines.append(f"| {name} | {shown} | {target} | {'✅' if ok else '❌'} |")
    lines += [
        "",
        "Raw times (seconds):",
        "",
        "| run | seconds |",
        "|---|---|",
        *(f"| {k} | {tp[k]:.2f} |" for k in ("baseline", "serial", "pool2", "dask2")),
        *(f"| portfolio of {k} branches: parse / rules + figures | {v['parse']:.3f} / {v['rules_figures']:.3f} |" for k, v in sc.items()),
        *(f"| peak RSS of {k} records streamed (KiB) | {v} |" for k, v in rss.items()),
        "",
    ]
    (HERE / ("RESULTS-portfolio-quick.md" if args.quick else "RESULTS-portfolio.md")).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    raise SystemExit(main())
