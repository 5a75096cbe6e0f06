"""Batch audit: streaming, in order, errors with position and path, any executor."""

from __future__ import annotations

import io
import json
import sys
import types
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import meetingflow as mf
from meetingflow import testing
from meetingflow.errors import InvalidArgument
from meetingflow.portfolio.audit import AuditSummary, audit
from meetingflow.portfolio.sources import Item, read_paths, read_stream

AT = testing.example_at("rectification")


@pytest.fixture(scope="module")
def good() -> str:
    return testing.build("rectification").model_dump_json()


@pytest.fixture(scope="module")
def flawed() -> str:
    return testing.example("critique", flawed=True).model_dump_json()


def bad_id(raw: str) -> str:
    return raw.replace('"id":"m02"', '"id":" m02"', 1)


def outline(results: list) -> list[tuple[int, str | None, bool, tuple[str, ...]]]:
    return [
        (r.position, r.meeting_id, r.valid, r.report.rule_ids if r.report else r.error.paths)
        for r in results
    ]


def test_invalid_record_in_the_middle_is_reported_and_the_run_goes_on(good: str) -> None:
    records = [good, good, bad_id(good), "{broken", good]
    results = list(audit(records, at=AT))
    assert [r.position for r in results] == [0, 1, 2, 3, 4]
    assert [r.valid for r in results] == [True, True, False, False, True]
    assert "roster[1].id" in results[2].error.paths and results[2].error.code == "invalid-record"
    assert results[3].error.entries[0].type == "json_invalid"
    summary = AuditSummary()
    for r in results:
        summary.add(r)
    assert summary.to_dict()["invalid"] == 2 and summary.exit_code() == 2
    line = json.loads(results[2].to_json("zh"))
    assert line["ok"] is False and line["error"]["errors"][0]["path"] == "roster[1].id"


def test_findings_and_exit_codes(good: str, flawed: str) -> None:
    from meetingflow.report import Severity

    clean = AuditSummary()
    for r in audit([good], at=AT):
        clean.add(r)
    assert (clean.clean, clean.exit_code(), clean.exit_code(Severity.WARNING)) == (1, 0, 0)
    found = AuditSummary()
    for r in audit([good, flawed], at=testing.example_at("critique")):
        found.add(r)
    assert (
        found.exit_code() == 1
        and found.with_errors == 1
        and found.findings["CRIT-SUBSTANTIVE"] >= 1
    )


def test_meetings_and_texts_in_and_bad_arguments(good: str) -> None:
    m = mf.Meeting.model_validate_json(good)
    results = list(audit([m, good.encode()], at=AT))
    assert [r.meeting_id for r in results] == [m.id, m.id]
    with pytest.raises(InvalidArgument):
        list(audit([42], at=AT))  # type: ignore[list-item]
    with pytest.raises(InvalidArgument):
        list(audit([good], at=datetime(2021, 6, 25)))
    with pytest.raises(InvalidArgument):
        list(audit([good], at=AT, chunk_size=0))


def test_directories_json_lines_arrays_and_unreadable_files(tmp_path: Path, good: str) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.json").write_text(good, encoding="utf-8")
    (tmp_path / "a" / "many.jsonl").write_text(
        f"{good}\n\n{bad_id(good)}\n{good}\n", encoding="utf-8"
    )
    (tmp_path / "a" / "array.json").write_text(f"[{good}, {good}]", encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text("ignored", encoding="utf-8")
    items = list(read_paths([str(tmp_path / "a"), str(tmp_path / "missing.json")]))
    assert [i.where.rsplit("/", 1)[-1] for i in items] == [
        "array.json[0]", "array.json[1]", "many.jsonl:1", "many.jsonl:3", "many.jsonl:4", "one.json", "missing.json",
    ]  # fmt: skip
    assert [i.position for i in items] == list(range(7)) and items[-1].error is not None
    results = list(audit(items, at=AT))
    assert [r.valid for r in results] == [True, True, True, False, True, True, False]
    assert results[3].where.endswith("many.jsonl:3") and results[3].error.paths == ("roster[1].id",)
    assert results[6].error.code == "unreadable"


def test_stdin_json_lines_or_one_document(good: str) -> None:
    lines = io.BytesIO(f"{good}\n{good}\n".encode())
    items = list(read_paths(["-"], stdin=lines))
    assert [(i.source, i.line) for i in items] == [("<stdin>", 1), ("<stdin>", 2)]
    pretty = json.dumps(json.loads(good), indent=2).encode()
    assert [i.line for i in read_paths(["-"], stdin=io.BytesIO(pretty))] == [None]
    assert list(read_stream(io.BytesIO(b"\n\n"))) == []


def test_a_process_pool_gives_the_serial_results(good: str, flawed: str) -> None:
    records = [good, flawed, bad_id(good)] * 5
    at = testing.example_at("critique")
    serial = outline(list(audit(records, at=at)))
    assert outline(list(audit(records, at=at, jobs=2, chunk_size=2))) == serial
    with ProcessPoolExecutor(2) as ex:
        assert outline(list(audit(records, at=at, executor=ex, chunk_size=4, window=2))) == serial
    with ThreadPoolExecutor(2) as ex:
        assert outline(list(audit(records, at=at, executor=ex, chunk_size=3))) == serial


def test_a_custom_flow_travels_to_the_workers() -> None:
    from meetingflow.extensions import appraisal

    flow = mf.default_flow(extensions=[appraisal.TRACK])
    raw = testing.example("rectification", appraisal=True).model_dump_json()
    at = testing.example_at("rectification")
    serial = outline(list(audit([raw] * 3, at=at, flow=flow)))
    assert serial[0][2] is True
    assert outline(list(audit([raw] * 3, at=at, flow=flow, jobs=2, chunk_size=1))) == serial
    # the default flow refuses the appraisal section: reported, not raised
    assert not next(iter(audit([raw], at=at))).valid


def test_progress_and_bounded_lookahead(good: str) -> None:
    pulled = 0

    def source() -> Iterator[str]:
        nonlocal pulled
        for _ in range(40):
            pulled += 1
            yield good

    seen: list[tuple[int, int | None]] = []
    with ThreadPoolExecutor(1) as ex:
        results = audit(
            source(),
            at=AT,
            executor=ex,
            chunk_size=2,
            window=3,
            progress=lambda d, t: seen.append((d, t)),
            total=40,
        )
        first = next(results)
        assert (
            first.position == 0 and pulled <= 3 * 2 + 2
        )  # at most the window (plus one chunk) read ahead
        rest = list(results)
    assert len(rest) == 39 and seen[-1] == (40, 40)
    seen.clear()
    list(audit([good] * 3, at=AT, progress=lambda d, t: seen.append((d, t))))
    assert seen[-1] == (3, None)


def test_item_where() -> None:
    assert Item(0, "a.jsonl", 3).where == "a.jsonl:3"
    assert Item(0, "a.json", None, index=2).where == "a.json[2]"
    assert Item(0, "a.json", None).where == "a.json"


@pytest.mark.cluster
def test_a_local_dask_cluster(good: str) -> None:
    distributed = pytest.importorskip("distributed")
    records = [good, bad_id(good)] * 4
    serial = outline(list(audit(records, at=AT)))
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert (
            outline(list(audit(records, at=AT, executor=client.get_executor(), chunk_size=2)))
            == serial
        )
        # the client itself: chunks are scattered to the workers, then checked there
        assert outline(list(audit(records, at=AT, executor=client, chunk_size=2))) == serial


class _FakeClient:
    """A client with Dask's shape, run on threads: records what the audit asks of it."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(2)
        self.scattered: list[Any] = []
        self.kwargs: list[dict[str, Any]] = []

    def scatter(self, data: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.scattered.append(data)
        return ("ref", len(self.scattered) - 1)

    def submit(self, func: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.kwargs.append(kwargs)
        resolved = [
            self.scattered[a[1]] if isinstance(a, tuple) and a[:1] == ("ref",) else a for a in args
        ]
        return self.pool.submit(func, *resolved)


def test_a_cluster_client_gets_chunks_as_scattered_data(
    good: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [good, bad_id(good)] * 3
    client = _FakeClient()
    # only a distributed.Client is scattered to; anything else with submit is an Executor
    assert outline(list(audit(records, at=AT, executor=client, chunk_size=4))) == outline(
        list(audit(records, at=AT))
    )
    assert client.scattered == [] and client.kwargs == [{}, {}]
    client.kwargs.clear()
    monkeypatch.setitem(sys.modules, "distributed", types.SimpleNamespace(Client=_FakeClient))
    try:
        got = outline(list(audit(records, at=AT, executor=client, chunk_size=4)))
    finally:
        client.pool.shutdown()
    assert got == outline(list(audit(records, at=AT)))
    assert [len(t.items) for t in client.scattered] == [4, 2]
    assert client.kwargs == [{"pure": False}] * 2  # no hashing of the chunk into a key


def test_a_chunk_has_a_cheap_content_token(good: str) -> None:
    """Dask names a pure task by this token: equal chunks share it, any change moves it."""
    from meetingflow.portfolio.audit import _items, _Task

    a = _Task(tuple(_items([good, good])), AT, None, None)
    assert (
        a.__dask_tokenize__()
        == _Task(tuple(_items([good, good])), AT, None, None).__dask_tokenize__()
    )
    lone = _Task(tuple(_items([good, "\ud800{"])), AT, None, None)  # a lone surrogate
    assert len(lone.__dask_tokenize__()) == 128  # hashed, not raised: the record fails alone
    for other in (
        _Task(tuple(_items([good, bad_id(good)])), AT, None, None),
        _Task(tuple(_items([good])), AT, None, None),
        _Task(tuple(_items([good, good])), AT, "close", None),
        _Task(tuple(_items([good, good])), AT, None, b"flow"),
    ):
        assert other.__dask_tokenize__() != a.__dask_tokenize__()
