"""Batch audit: check many meetings, on one core or on any ``concurrent.futures.Executor``.

Iterable in, iterator out, in input order, with constant memory in the number of records: at
most ``window`` chunks are in flight. Work is sent as JSON text in chunks — a pickled record
costs about twice its parse to ship, and JSON is what arrives from storage anyway — and each
chunk is parsed and checked where it runs: a local process pool
(:class:`concurrent.futures.ProcessPoolExecutor`), a Dask cluster (a ``distributed.Client``,
whose chunks are scattered to the workers first, or its ``get_executor()``) or anything else
with ``submit``. A record that
does not parse is a result with its position and the path of every problem, and the run goes
on. Results are data (:class:`AuditResult`), one JSON line each, and an :class:`AuditSummary`.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import pickle
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs

from meetingflow.errors import ErrorEntry, InvalidArgument, MeetingflowError
from meetingflow.i18n import Text
from meetingflow.portfolio.sources import Item
from meetingflow.report import Severity

if TYPE_CHECKING:
    from meetingflow.flow import Flow
    from meetingflow.records import Meeting
    from meetingflow.report import Report

__all__ = [
    "CHUNK_SIZE",
    "POOL_CHUNK_SIZE",
    "AuditError",
    "AuditResult",
    "AuditSummary",
    "ClusterClient",
    "Progress",
    "audit",
    "audit_chunk",
]

CHUNK_SIZE: Final = 32
"""Records per chunk on a cluster: large enough that a scheduler's cost per task is small."""

POOL_CHUNK_SIZE: Final = 16
"""Records per chunk on a local process pool, whose cost per chunk is a pipe write: smaller
chunks leave less work on one worker while the other waits at the end."""

CLUSTER_WINDOW: Final = 64
"""Chunks in flight on an executor whose size is unknown (a Dask or Ray cluster)."""

Progress = Callable[[int, "int | None"], None]
"""``progress(done, total)``: records finished so far, and the total when known."""


class ClusterClient(Protocol):
    """What :func:`audit` uses of a ``distributed.Client`` passed as its executor: chunks are
    scattered to workers as data, and tasks only name them (on a local cluster the client's
    CPU per record fell by about 40%; inside a task, a chunk goes through the scheduler)."""

    def submit(self, func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Start ``func(*args)`` on the cluster; returns a future."""

    def scatter(self, data: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Send ``data`` to a worker; returns a future that names it."""


@attrs.frozen(slots=True)
class AuditError:
    """Why a record could not be checked: the error's code, message and every bad path."""

    code: str
    detail: Text
    entries: tuple[ErrorEntry, ...] = ()

    @classmethod
    def of(cls, error: MeetingflowError) -> AuditError:
        """Plain data from a meetingflow error (errors themselves do not travel between processes)."""
        return cls(
            error.code,
            Text(error.message("zh"), error.message("en")),
            tuple(getattr(error, "entries", ())),
        )

    @property
    def paths(self) -> tuple[str, ...]:
        """The path of every problem."""
        return tuple(e.path for e in self.entries)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """``{"code", "detail", "errors": [{"path", "type", "message"}]}``."""
        return {
            "code": self.code,
            "detail": self.detail.in_(lang),
            "errors": [e.to_dict(lang) for e in self.entries],
        }


@attrs.frozen(slots=True)
class AuditResult:
    """One record's outcome: its report, or why it could not be checked."""

    position: int
    source: str
    line: int | None = None
    index: int | None = None
    meeting_id: str | None = None
    report: Report | None = None
    error: AuditError | None = None

    @property
    def where(self) -> str:
        """``file:line``, ``file[index]`` or the file."""
        return Item(self.position, self.source, self.line, index=self.index).where

    @property
    def valid(self) -> bool:
        """The record parsed and was checked."""
        return self.report is not None

    def failed(self, fail_on: Severity = Severity.ERROR) -> bool:
        """Invalid, or has findings of ``fail_on`` severity or worse."""
        if self.report is None:
            return True
        if fail_on is Severity.WARNING:
            return bool(self.report.findings)
        return bool(self.report.errors) or not self.report.ok

    def to_dict(self, lang: str | None = "en") -> dict[str, Any]:
        """One JSON-ready object: where, which meeting, and the report or the error."""
        out: dict[str, Any] = {
            "position": self.position,
            "source": self.source,
            "line": self.line,
            "index": self.index,
        }
        out["meeting_id"] = self.meeting_id
        if self.report is not None:
            out["ok"] = self.report.ok and not self.report.errors
            out["report"] = self.report.to_dict(lang)
        else:
            assert self.error is not None
            out["ok"] = False
            out["error"] = self.error.to_dict(lang or "en")
        return out

    def to_json(self, lang: str | None = "en") -> str:
        """One line of JSON Lines."""
        return json.dumps(self.to_dict(lang), ensure_ascii=False)


@attrs.define(slots=True)
class AuditSummary:
    """Counts over a run, added to one result at a time (a local tally, never shared)."""

    records: int = 0
    invalid: int = 0
    clean: int = 0
    with_errors: int = 0
    with_warnings: int = 0
    findings: Counter[str] = attrs.field(factory=Counter)
    """Findings by rule ID."""

    def add(self, result: AuditResult) -> AuditResult:
        """Count ``result``; returns it, so that ``map(summary.add, results)`` streams."""
        self.records += 1
        report = result.report
        if report is None:
            self.invalid += 1
            return result
        errors = bool(report.errors) or not report.ok
        self.with_errors += errors
        self.with_warnings += bool(report.warnings)
        self.clean += not report.findings
        self.findings.update(f.rule_id for f in report.findings)
        return result

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """0 clean, 1 findings, 2 bad input (an invalid or unreadable record)."""
        if self.invalid:
            return 2
        failing = self.with_errors if fail_on is Severity.ERROR else self.records - self.clean
        return 1 if failing else 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "records": self.records,
            "invalid": self.invalid,
            "clean": self.clean,
            "with_errors": self.with_errors,
            "with_warnings": self.with_warnings,
            "findings": dict(sorted(self.findings.items())),
        }


@attrs.frozen(slots=True)
class _Task:
    """A chunk of work as it travels: JSON texts with their places, and how to check them."""

    items: tuple[tuple[int, str, int | None, int | None, str | bytes, Text | None], ...]
    at: datetime
    trigger: str | None
    flow: bytes | None
    """The pickled flow (``None``: the default flow, built where the work runs)."""

    def __dask_tokenize__(self) -> str:
        """A content digest for Dask's task key: without it Dask pickles the whole chunk only
        to hash it (measured: a third of the client's CPU on a local cluster)."""
        h = hashlib.blake2b(repr((self.at, self.trigger, len(self.items))).encode())
        h.update(self.flow or b"")
        for position, source, line, index, text, unreadable in self.items:
            h.update(repr((position, source, line, index, unreadable)).encode())
            h.update(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
        return h.hexdigest()


@functools.lru_cache(maxsize=8)
def _flow_from(blob: bytes | None) -> Flow:
    """The flow a task names, built once per worker process and reused for every chunk."""
    if blob is None:
        from meetingflow.flow import default_flow  # noqa: PLC0415

        return default_flow()
    flow: Flow = pickle.loads(blob)  # the blob comes from this library's own audit, not from input
    return flow


def _one(
    flow: Flow,
    at: datetime,
    trigger: str | None,
    item: tuple[int, str, int | None, int | None, str | bytes, Text | None],
) -> AuditResult:
    position, source, line, index, text, unreadable = item
    if unreadable is not None:
        return AuditResult(
            position, source, line, index, error=AuditError("unreadable", unreadable)
        )
    try:
        meeting = flow.parse(text)
        report = flow.check(meeting, at=at, trigger=trigger)
    except MeetingflowError as error:
        return AuditResult(position, source, line, index, error=AuditError.of(error))
    return AuditResult(position, source, line, index, meeting.id, report)


def audit_chunk(task: _Task) -> list[AuditResult]:
    """Parse and check one chunk (runs in the worker)."""
    flow = _flow_from(task.flow)
    return [_one(flow, task.at, task.trigger, item) for item in task.items]


def _items(
    records: Iterable[Item | str | bytes | Meeting],
) -> Iterator[tuple[int, str, int | None, int | None, str | bytes, Text | None]]:
    from meetingflow.records import Meeting  # noqa: PLC0415

    for n, r in enumerate(records):
        if isinstance(r, Item):
            yield (r.position, r.source, r.line, r.index, r.text, r.error)
        elif isinstance(r, str | bytes | bytearray):
            yield (n, "<input>", None, n, bytes(r) if isinstance(r, bytearray) else r, None)
        elif isinstance(r, Meeting):
            yield (n, "<input>", None, n, r.model_dump_json(), None)
        else:
            raise InvalidArgument(
                Text(
                    f"第 {n} 项不是会议记录（{type(r).__name__}）",
                    f"record {n} is not a meeting record (got {type(r).__name__})",
                )
            )


def _chunks(items: Iterator[Any], size: int) -> Iterator[tuple[Any, ...]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield tuple(chunk)
            chunk = []
    if chunk:
        yield tuple(chunk)


def audit(
    records: Iterable[Item | str | bytes | Meeting],
    *,
    at: datetime,
    flow: Flow | None = None,
    trigger: str | None = None,
    executor: Executor | ClusterClient | None = None,
    jobs: int | None = None,
    chunk_size: int | None = None,
    window: int | None = None,
    progress: Progress | None = None,
    total: int | None = None,
) -> Iterator[AuditResult]:
    """Check every record at ``at``; yields one :class:`AuditResult` per record, in input order.

    ``records`` are JSON texts, :class:`~meetingflow.portfolio.sources.Item` values from
    :func:`~meetingflow.portfolio.sources.read_paths`, or meetings. Without ``executor`` the
    work runs here, unless ``jobs`` > 1 asks for a local process pool of that many workers
    (closed at the end). ``executor`` may also be a ``distributed.Client`` (see
    :class:`ClusterClient`). Records travel in chunks of ``chunk_size``
    (:data:`POOL_CHUNK_SIZE` on a local process pool, :data:`CHUNK_SIZE` elsewhere). At most ``window`` chunks are in flight: four per worker of a
    process pool, :data:`CLUSTER_WINDOW` on other executors (a cluster's scheduler needs work
    waiting to keep its workers busy).
    """
    from meetingflow.flow import Flow  # noqa: PLC0415
    from meetingflow.flow.arguments import aware  # noqa: PLC0415

    at = aware(at)  # arguments are checked now, the work starts on the first next()
    if (
        (chunk_size is not None and chunk_size < 1)
        or (window is not None and window < 1)
        or (jobs is not None and jobs < 1)
    ):
        raise InvalidArgument(
            Text(
                "chunk_size、window 和 jobs 须为正整数",
                "chunk_size, window and jobs must be positive",
            )
        )
    if flow is not None and not isinstance(flow, Flow):
        raise InvalidArgument(
            Text(
                "flow 须为 meetingflow 的 Flow",
                f"flow must be a meetingflow Flow, not {type(flow).__name__}",
            )
        )
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise InvalidArgument(
            Text(
                "executor 须有 submit（concurrent.futures.Executor 或 distributed.Client）",
                "executor must have submit (a concurrent.futures.Executor or a"
                f" distributed.Client), not {type(executor).__name__}",
            )
        )
    return _run(records, at, flow, trigger, executor, jobs, chunk_size, window, progress, total)


def _run(
    records: Iterable[Item | str | bytes | Meeting],
    at: datetime,
    flow: Flow | None,
    trigger: str | None,
    executor: Executor | ClusterClient | None,
    jobs: int | None,
    chunk_size: int | None,
    window: int | None,
    progress: Progress | None,
    total: int | None,
) -> Iterator[AuditResult]:
    local = executor is None or isinstance(executor, ProcessPoolExecutor)
    size = chunk_size or (POOL_CHUNK_SIZE if local else CHUNK_SIZE)
    blob = None if flow is None or flow is _default() else pickle.dumps(flow)
    own: Executor | None = None
    if executor is None and jobs is not None and jobs > 1:
        own = executor = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start)
    try:
        if executor is None:
            yield from _serial(
                _items(records),
                _flow_from(blob) if flow is None else flow,
                at,
                trigger,
                progress,
                total,
            )
        else:
            workers = jobs or getattr(executor, "_max_workers", None)
            # a local pool starts a chunk the moment one is submitted; a cluster's scheduler
            # needs many chunks waiting to keep every worker busy (measured: 8 → 1.1×, 64 → 1.75×)
            default = 4 * workers if workers else CLUSTER_WINDOW
            yield from _parallel(
                map(_as_bytes, _items(records)),
                _submitter(executor),
                _Task((), at, trigger, blob),
                size,
                window or default,
                progress,
                total,
            )
    finally:
        if own is not None:
            own.shutdown(wait=True, cancel_futures=True)


def _as_bytes(item: tuple[Any, ...]) -> tuple[Any, ...]:
    """Text as UTF-8 for the trip: pickle copies bytes, but encodes a string (more slowly than
    ``encode``) for the parser to decode and encode again. Unencodable text fails where parsed."""
    text = item[4]
    if isinstance(text, str):
        try:
            return (*item[:4], text.encode(), *item[5:])
        except UnicodeEncodeError:
            return item
    return item


def _submitter(executor: Executor | ClusterClient) -> Callable[[_Task], Future[list[AuditResult]]]:
    """How a chunk starts: as data scattered first on a Dask client, inside the call elsewhere."""
    dask, scatter = sys.modules.get("distributed"), getattr(executor, "scatter", None)
    submit: Callable[..., Future[list[AuditResult]]] = executor.submit
    if dask is not None and isinstance(executor, dask.Client) and callable(scatter):
        # pure=False: each chunk is new work, never worth the cost of hashing it into a key
        return lambda task: submit(audit_chunk, scatter(task, hash=False), pure=False)
    return lambda task: submit(audit_chunk, task)


def _worker_start() -> None:
    """In each worker of our own pool: freeze what the fork inherited, so that the garbage
    collector never walks (and copies) the parent's objects again."""
    gc.freeze()


def _default() -> Flow:
    from meetingflow.flow import default_flow  # noqa: PLC0415

    return default_flow()


def _serial(
    items: Iterator[Any],
    flow: Flow,
    at: datetime,
    trigger: str | None,
    progress: Progress | None,
    total: int | None,
) -> Iterator[AuditResult]:
    done = 0
    for item in items:
        yield _one(flow, at, trigger, item)
        done += 1
        if progress is not None and done % CHUNK_SIZE == 0:
            progress(done, total)
    if progress is not None:
        progress(done, total)


def _parallel(
    items: Iterator[Any],
    submit: Callable[[_Task], Future[list[AuditResult]]],
    template: _Task,
    size: int,
    window: int,
    progress: Progress | None,
    total: int | None,
) -> Iterator[AuditResult]:
    pending: deque[Future[list[AuditResult]]] = deque()
    done = 0
    try:
        for chunk in _chunks(items, size):
            pending.append(submit(attrs.evolve(template, items=chunk)))
            while len(pending) >= window:
                results = pending.popleft().result()
                done += len(results)
                yield from results
                if progress is not None:
                    progress(done, total)
        while pending:
            results = pending.popleft().result()
            done += len(results)
            yield from results
            if progress is not None:
                progress(done, total)
    finally:
        for f in pending:
            f.cancel()
