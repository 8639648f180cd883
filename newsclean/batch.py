"""Batch cleaning of scrape dumps: JSON Lines files and trees of text files, streamed in chunks.

The main process reads inputs into chunks (consecutive raw lines of one file, or a few
whole text files), an engine cleans them somewhere (here, in worker processes, or on a
Dask cluster), and the main process writes the results back in input order.  The
cleaning function, `clean_chunk`, is importable and picklable and needs nothing set up
first, so every engine runs the same code and gives the same bytes.

Memory stays bounded: at most `Engine.window` chunks are in flight, whatever the size
of the dump; nothing reads a whole file (text documents excepted, being one document).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from multiprocessing.connection import wait as wait_for_ready
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, Protocol

from newsclean import _default_cleaner
from newsclean.custom import RuleConfig
from newsclean.io import (
    READ_ERRORS,
    STDIN,
    DecodeErrors,
    FieldError,
    InputError,
    Record,
    atomic_output,
    cleaned_record,
    decode,
    decompressed,
    display_name,
    dumps_line,
    expand_inputs,
    get_field,
    open_binary,
    open_raw,
    parse_record,
)
from newsclean.pipeline import Cleaner
from newsclean.result import Result
from newsclean.structure import Mode

OnError = Literal["keep", "skip", "fail"]
Kind = Literal["jsonl", "text"]

CHUNK_BYTES = 1 << 20  # about half a second of work for one core: big enough to hide the hand-over cost
CHUNK_LINES = 10_000  # so that a dump of tiny records still goes in pieces
TOP_RULES = 10
FALLBACK_EXAMPLES = 10
DEFAULT_GLOB: dict[Kind, str] = {"jsonl": "*.jsonl*", "text": "*.txt"}
DEFAULT_URL_FIELD = "url"  # where a record's URL is, for rules that are for a site
# The plain counts of Stats: added up field by field, written to --stats as they are.
_COUNTS = (
    "records_in",
    "records_out",
    "cleaned",
    "blank",
    "passed_through",
    "skipped",
    "errors",
    "bytes_in",
    "bytes_out",
    "fallbacks",
    "outputs_resumed",
)


# --- what a worker is given and gives back -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """How each record or document is cleaned and written; travels with every chunk, so it must pickle."""

    text_field: str = "text"
    title_field: str | None = "title"
    output_field: str | None = None
    id_field: str | None = None
    url_field: str | None = None
    annotate: bool = False
    on_error: OnError = "keep"
    title: bool = True  # text documents: the headline above the body, as `newsclean FILE` prints it
    rules: RuleConfig = field(default_factory=RuleConfig)  # rule files, --disable and --only
    site: str | None = None  # --site: the site of documents and records without a URL, for site rules
    errors: DecodeErrors = "strict"  # bytes that are not text: an error, or U+FFFD ("replace")
    language: str | None = None  # --lang: the packs to use, instead of the language guessed per document
    mode: Mode = Mode.BALANCED  # --mode: how far beyond direct phrase hits the cleaning goes


@dataclass(slots=True)
class Stats:
    """Counts that add up across chunks, and so across workers and machines.

    Every record read is counted once in `records_in` and lands in exactly one of
    cleaned, blank, passed_through (bad, kept unchanged) and skipped (bad, dropped on
    request); all but the skipped ones are in `records_out`.
    """

    records_in: int = 0
    records_out: int = 0
    cleaned: int = 0
    blank: int = 0
    passed_through: int = 0
    skipped: int = 0
    errors: int = 0  # bad records and inputs that could not be read
    bytes_in: int = 0
    bytes_out: int = 0
    removed_chars: Counter[str] = field(default_factory=Counter)
    rule_chars: Counter[str] = field(default_factory=Counter)
    fallbacks: int = 0
    fallback_examples: list[dict[str, Any]] = field(default_factory=list)
    outputs_resumed: int = 0  # outputs already complete, skipped by --resume
    seconds: float = 0.0

    def count_result(self, result: Result, where: str, record_id: Any = None, url: Any = None) -> None:
        self.cleaned += 1
        self.removed_chars.update(result.stats["removed_chars"])
        for removal in result.removed:
            self.rule_chars[removal.rule] += len(removal.text)
        if result.stats["fallback"]:
            self.fallbacks += 1
            if len(self.fallback_examples) < FALLBACK_EXAMPLES:
                example = {"where": where, "id": record_id, "url": url, "reason": result.stats["fallback"]}
                self.fallback_examples.append({key: value for key, value in example.items() if value is not None})

    def add(self, other: Stats) -> None:
        """Adds another chunk's counts; in input order, so the examples are the first ones."""
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.removed_chars.update(other.removed_chars)
        self.rule_chars.update(other.rule_chars)
        room = FALLBACK_EXAMPLES - len(self.fallback_examples)
        self.fallback_examples.extend(other.fallback_examples[:room])

    def top_rules(self) -> list[tuple[str, int]]:
        """The rules that removed most characters; ties by name, so that every run lists the same."""
        return sorted(self.rule_chars.items(), key=lambda item: (-item[1], item[0]))[:TOP_RULES]

    def to_dict(self) -> dict[str, Any]:
        return {
            **{name: getattr(self, name) for name in _COUNTS},
            "removed_chars": dict(sorted(self.removed_chars.items())),
            "top_rules": [{"rule": rule, "chars": chars} for rule, chars in self.top_rules()],
            "fallback_examples": self.fallback_examples,
            "seconds": round(self.seconds, 3),
        }


@dataclass(slots=True)
class ChunkResult:
    """One output per input item, in order (None: skipped, or not reached after a failure)."""

    outputs: list[bytes | None] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # "FILE:LINE: reason", in input order
    stats: Stats = field(default_factory=Stats)
    failed: bool = False  # stopped at a bad item under --on-error fail

    def bad(self, message: str, raw: bytes, policy: OnError) -> None:
        """Applies the --on-error policy to an item that could not be cleaned."""
        self.stats.errors += 1
        if policy == "fail":
            self.messages.append(f"{message} (stopping: --on-error fail)")
            self.failed = True
        elif policy == "skip":
            self.messages.append(f"{message} (skipped)")
            self.stats.skipped += 1
            self.outputs.append(None)
        else:
            self.messages.append(f"{message} (passed through unchanged)")
            self.stats.passed_through += 1
            self.output(raw)

    def output(self, data: bytes) -> None:
        self.outputs.append(data)
        self.stats.records_out += 1
        self.stats.bytes_out += len(data)


def _never() -> bool:
    """A run that is never stopped: a chunk cleaned in this process, or by an engine that cancels on its own."""
    return False


@dataclass(frozen=True, slots=True)
class LineChunk:
    """Consecutive raw lines of one JSON Lines input; `first_line` numbers the first of them."""

    name: str
    first_line: int
    lines: list[bytes]

    def __len__(self) -> int:
        return len(self.lines)

    def clean(self, cleaner: Cleaner, options: CleanOptions, stopped: Callable[[], bool] = _never) -> ChunkResult:
        chunk = ChunkResult()
        for number, raw in enumerate(self.lines, self.first_line):
            if stopped():
                break
            chunk.stats.records_in += 1
            chunk.stats.bytes_in += len(raw)
            record = parse_record(self.name, number, raw, options.text_field, options.errors)
            if record.data is None and record.error is None:
                chunk.stats.blank += 1
                chunk.output(raw)
                continue
            error = record.error if record.error is not None else _clean_record(cleaner, record, options, chunk)
            if error is None:
                continue
            record_id = _field(record.data, options.id_field)
            named = f" (id {record_id})" if record_id is not None else ""
            line = raw if raw.endswith(b"\n") else raw + b"\n"
            chunk.bad(f"{self.name}:{number}: {error}{named}", line, options.on_error)
            if chunk.failed:
                break
        return chunk


def _field(data: dict[str, Any] | None, name: str | None) -> Any:
    return get_field(data, name) if data is not None and name else None


def _clean_record(cleaner: Cleaner, record: Record, options: CleanOptions, chunk: ChunkResult) -> str | None:
    """Cleans one good record into `chunk`; returns why it could not be, if so.

    Any exception is caught: a bug met on one record must not cost the other million, and
    it is reported with the record's file and line so that it can be reproduced.
    """
    assert record.data is not None and record.text is not None
    where = f"{record.name}:{record.line}"
    try:
        site = _site(cleaner, record, options)
        result = cleaner.clean(record.text, source=where, site=site, language=options.language, mode=options.mode)
        data = cleaned_record(
            record,
            result,
            options.text_field,
            options.title_field,
            output_field=options.output_field,
            annotate=options.annotate,
        )
        # A lone surrogate (a "\ud800" escape in the input) goes out as the same escape, not as an error.
        line = dumps_line(data).encode("utf-8", "backslashreplace")
    except FieldError as error:
        return str(error)
    except Exception as error:  # see the docstring
        return f"internal error while cleaning: {type(error).__name__}: {error}"
    chunk.stats.count_result(
        result, where, _field(record.data, options.id_field), _field(record.data, options.url_field)
    )
    chunk.messages += [f"{where}: {warning}" for warning in result.stats.get("warnings", ())]
    chunk.output(line)
    return None


@dataclass(frozen=True, slots=True)
class DocumentChunk:
    """A few whole text documents (the bytes of one file each), with their names for messages."""

    names: list[str]
    documents: list[bytes]

    def __len__(self) -> int:
        return len(self.documents)

    def clean(self, cleaner: Cleaner, options: CleanOptions, stopped: Callable[[], bool] = _never) -> ChunkResult:
        chunk = ChunkResult()
        for name, data in zip(self.names, self.documents, strict=True):
            if stopped():
                break
            chunk.stats.records_in += 1
            chunk.stats.bytes_in += len(data)
            try:
                text = decode(data, name, errors=options.errors)
                result = cleaner.clean(
                    text, source=name, site=options.site, language=options.language, mode=options.mode
                )
            except InputError as error:
                chunk.bad(str(error), data, options.on_error)
                if chunk.failed:
                    break
                continue
            chunk.stats.count_result(result, name)
            chunk.output(result.render(title=options.title).encode("utf-8"))
        return chunk


Chunk = LineChunk | DocumentChunk


def clean_chunk(chunk: Chunk, options: CleanOptions) -> ChunkResult:
    """Cleans a chunk with this process's Cleaner (compiled on first use); what every engine runs."""
    return chunk.clean(cleaner_for(options.rules), options, _run_stopped.is_set if _run_stopped else _never)


@lru_cache(maxsize=2)
def cleaner_for(rules: RuleConfig) -> Cleaner:
    """This process's Cleaner for a run's rules, kept for the run's later chunks."""
    return builtin_or_new_cleaner(rules)


def builtin_or_new_cleaner(rules: RuleConfig) -> Cleaner:
    """The process's built-in Cleaner (compiled once) unless rule files or a selection are given, read anew."""
    return _default_cleaner() if rules == RuleConfig() else Cleaner(config=rules)


def _site(cleaner: Cleaner, record: Record, options: CleanOptions) -> str | None:
    """The record's URL (--url-field, "url" by default), else --site; looked up only if some rule has a site."""
    if not cleaner.custom.has_sites:
        return None
    url = _field(record.data, options.url_field or DEFAULT_URL_FIELD)
    return url if isinstance(url, str) and url.strip() else options.site


def clean_records(
    lines: Sequence[bytes], options: CleanOptions | None = None, *, name: str = "<records>", first_line: int = 1
) -> list[bytes]:
    """JSON Lines in, JSON Lines out, exactly as `newsclean --jsonl` writes them: for Spark, datatrove and the like.

    Bad lines are handled by `options.on_error`; under "fail" a ValueError names the first one.
    """
    result = clean_chunk(LineChunk(name, first_line, list(lines)), options or CleanOptions())
    if result.failed:
        raise ValueError(result.messages[-1])
    return [line for line in result.outputs if line is not None]


# --- engines -------------------------------------------------------------------------------------


class Engine(AbstractContextManager["Engine"], Protocol):
    """Somewhere to clean chunks: `submit` returns a function that waits for the chunk's result."""

    window: int  # how many chunks may be in flight at once

    def submit(self, chunk: Chunk, options: CleanOptions) -> Callable[[], ChunkResult]: ...


class EngineUnavailable(Exception):
    """An engine whose packages are not installed; `str()` says what to install."""


# In a local worker process: set by the main process when the run has failed or been interrupted.
# A chunk stopped part-way is never written: only a run that is ending stops its chunks.
_run_stopped: EventType | None = None


def _start_worker(rules: RuleConfig, stopped: EventType) -> None:
    """Pool initializer: this worker's Cleaner and the run's stop flag; Ctrl-C is for the main process to handle.

    Its rule sets compile on first use, one per language the worker meets, as in a run
    with one job: preparing every language first cost each worker 7-8 s (nine packs and
    the all-packs set), where a dump in one language needs about 0.8 s of it.
    """
    global _run_stopped
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _run_stopped = stopped
    cleaner_for(rules)


class _Held:
    """The first chunk, held back until a second one shows that starting workers is worth it."""

    def __init__(self, chunk: Chunk, options: CleanOptions) -> None:
        self.chunk, self.options = chunk, options
        self.sent: Callable[[], ChunkResult] | None = None

    def result(self) -> ChunkResult:
        return self.sent() if self.sent else clean_chunk(self.chunk, self.options)


STOP_GRACE = 3.0  # seconds a stopped run waits for its workers to end their records


class LocalEngine:
    """Worker processes on this machine, each with its Cleaner built once; in-process for one job.

    Workers are started only when there is a second chunk: each compiles the rule packs
    it needs, which a small input would wait for without gaining anything.  They are spawned, not
    forked, so that no lock held by another thread (a progress bar's, say) is copied.
    A process pool from concurrent.futures rather than multiprocessing.Pool: a worker
    that dies (killed for memory, say) fails the run instead of hanging it.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.window = 2 * jobs if jobs > 1 else 1  # a chunk queued behind each busy worker
        self._pool: ProcessPoolExecutor | None = None
        self._stopped: EventType | None = None
        self._held: _Held | None = None

    def submit(self, chunk: Chunk, options: CleanOptions) -> Callable[[], ChunkResult]:
        if self.jobs == 1:
            result = clean_chunk(chunk, options)
            return lambda: result
        if self._held is None:
            self._held = _Held(chunk, options)
            return self._held.result
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._stopped = context.Event()
            self._pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=context,
                initializer=_start_worker,
                initargs=(self._held.options.rules, self._stopped),
            )
            self._held.sent = self._pool.submit(clean_chunk, self._held.chunk, self._held.options).result
        return self._pool.submit(clean_chunk, chunk, options).result

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pool is None:
            return
        if kind is None:
            self._pool.shutdown(wait=True)
            return
        # On an error (Ctrl-C, a closed pipe, a full disk) the results are not wanted: chunks not
        # started are dropped, and the running ones stop at their next record.  Without stopping
        # them, the pool's exit handler would wait for every chunk in flight: Ctrl-C took 7 to 21 s.
        # Workers are asked, not killed: one killed while it sends a result leaves half a message
        # in the pool's result pipe, and the pool's thread waits for the rest of it forever (the
        # run printed its error and hung at exit, about one run in ten).  Only a worker that does
        # not stop within STOP_GRACE (stuck inside one record) is killed.  The pool's own thread
        # reaps the workers: joining them here too raced it for each exit status.
        assert self._stopped is not None
        self._stopped.set()
        workers = list((self._pool._processes or {}).values())  # the pool has no public way before 3.14
        self._pool.shutdown(wait=False, cancel_futures=True)
        running = {worker.sentinel: worker for worker in workers}
        deadline = time.monotonic() + STOP_GRACE
        while running and (left := deadline - time.monotonic()) > 0:
            for ended in wait_for_ready(list(running), left):
                del running[ended]
        for worker in running.values():
            worker.terminate()


def open_engine(name: str, jobs: int, scheduler: str | None = None) -> Engine:
    """The engine called `name` ("local" or "dask"); Dask is imported only when asked for."""
    if name == "dask":
        try:
            from newsclean.engines.dask import DaskEngine
        except ImportError as error:
            raise EngineUnavailable(f"the Dask engine needs: pip install 'newsclean[dask]' ({error})") from error
        return DaskEngine(scheduler, jobs)
    return LocalEngine(jobs)


# --- a job ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchJob:
    """What to clean and where the results go.

    JSON Lines: all inputs to `output` (stdout when None), or each input file to the same
    relative path under `output_dir`.  Text files: each to `output_dir`, mirrored.
    Directories among the inputs are walked for files matching `glob`.
    """

    inputs: tuple[str, ...]
    kind: Kind = "jsonl"
    options: CleanOptions = CleanOptions()
    output: str | None = None
    output_dir: str | None = None
    glob: str | None = None
    resume: bool = False
    chunk_bytes: int = CHUNK_BYTES

    def __post_init__(self) -> None:
        if self.output and self.output_dir:
            raise ValueError("give an output file or an output folder, not both")
        if self.kind == "text" and not self.output_dir:
            raise ValueError("text files are cleaned into an output folder (--output-dir)")
        if self.output_dir and STDIN in self.inputs:
            raise ValueError("standard input has no name to write under an output folder; use -o FILE")
        if self.resume and not (self.output_dir or (self.output and self.output != STDIN)):
            raise ValueError("--resume needs outputs to check: -o FILE or --output-dir")

    def files(self) -> Iterator[tuple[str, str]]:
        return expand_inputs(self.inputs, self.glob or DEFAULT_GLOB[self.kind])


class BatchFailed(Exception):
    """A bad record or input under --on-error fail; it has been reported, and `stats` counts what was done."""

    def __init__(self, stats: Stats) -> None:
        super().__init__("stopped at the first error (--on-error fail)")
        self.stats = stats


def input_size(job: BatchJob) -> int | None:
    """Bytes to read, as stored (compressed or not), for a progress bar's ETA; None when stdin is read."""
    total = 0
    for path, _ in job.files():
        if path == STDIN:
            return None
        total += os.path.getsize(path) if os.path.isfile(path) else 0
    return total


@dataclass(eq=False, slots=True)
class _Unit:
    """Inputs whose records go, in order, to one output (stdout when `destination` is None)."""

    sources: list[str]
    destination: Path | None


@dataclass(eq=False, slots=True)
class _Task:
    """One step of the ordered stream: a chunk to clean, and where its results go.

    `target` is the JSON Lines output unit, or one destination per text document.
    `position` is how many bytes of input (as stored) had been read, for the progress bar;
    `error` an input that could not be read, reported when its turn comes.
    """

    target: _Unit | list[Path]
    chunk: Chunk | None = None
    position: int = 0
    error: str | None = None


Progress = Callable[[Stats, int], None]


def run(
    job: BatchJob,
    engine: Engine,
    *,
    report: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
    progress: Progress | None = None,
    stdout: IO[bytes] | None = None,
) -> Stats:
    """Runs the job on the engine; messages ("FILE:LINE: reason") go to `report`, in input order.

    Raises BatchFailed under --on-error fail; output files are then left unwritten.
    """
    batch = _Batch(job, engine, report, progress, stdout or sys.stdout.buffer)
    started = time.perf_counter()
    try:
        if job.kind == "jsonl":
            batch.write_records()
        else:
            batch.write_documents()
    finally:
        batch.stats.seconds = time.perf_counter() - started
    return batch.stats


class _Batch:
    """The main process's side of a job: reads chunks, hands them over, writes results in order."""

    def __init__(
        self, job: BatchJob, engine: Engine, report: Callable[[str], None], progress: Progress | None, out: IO[bytes]
    ) -> None:
        self.job, self.engine, self.report, self.progress, self.out = job, engine, report, progress, out
        self.stats = Stats()
        self.consumed = 0  # bytes of input read, as stored, before the current file

    # JSON Lines ----------------------------------------------------------------------------------
    def write_records(self) -> None:
        for unit, steps in groupby(self._ordered(self._record_tasks()), key=lambda step: step[0].target):
            assert isinstance(unit, _Unit)
            destination = atomic_output(unit.destination) if unit.destination else nullcontext(self.out)
            with destination as out:
                for task, result in steps:
                    if result is not None:
                        out.write(b"".join(line for line in result.outputs if line is not None))
                    self._account(task, result)

    def _units(self) -> Iterator[_Unit]:
        if self.job.output_dir is None:
            output = Path(self.job.output) if self.job.output and self.job.output != STDIN else None
            yield _Unit([path for path, _ in self.job.files()], output)
            return
        for path, relative in self.job.files():
            yield _Unit([path], Path(self.job.output_dir, relative))

    def _record_tasks(self) -> Iterator[_Task]:
        for unit in self._units():
            if self._resumed(unit.destination, unit.sources):
                continue
            yield _Task(unit, position=self.consumed)  # opens the output, even for inputs without a line
            for path in unit.sources:
                yield from self._line_tasks(unit, path)

    def _line_tasks(self, unit: _Unit, path: str) -> Iterator[_Task]:
        name = display_name(path)
        try:
            raw = open_raw(path)
        except InputError as problem:
            yield _Task(unit, position=self.consumed, error=str(problem))
            return
        position = raw.tell if raw.seekable() else lambda: 0
        lines: list[bytes] = []
        size, first, error = 0, 1, None
        with raw:  # the decompressor, if any, reads from it and is dropped with it
            try:
                for number, line in enumerate(decompressed(raw), 1):
                    lines.append(line)
                    size += len(line)
                    if size >= self.job.chunk_bytes or len(lines) >= CHUNK_LINES:
                        yield _Task(unit, LineChunk(name, first, lines), self.consumed + position())
                        lines, size, first = [], 0, number + 1
            except READ_ERRORS as problem:
                error = f"{name}: cannot read: {problem}"
            end = self.consumed + position()
        yield _Task(unit, LineChunk(name, first, lines) if lines else None, end, error)
        self.consumed = end

    # text documents ------------------------------------------------------------------------------
    def write_documents(self) -> None:
        assert self.job.output_dir is not None
        for task, result in self._ordered(self._document_tasks()):
            if result is not None:
                assert isinstance(task.target, list)
                for destination, document in zip(task.target, result.outputs, strict=False):
                    if document is not None:
                        with atomic_output(destination) as out:
                            out.write(document)
            self._account(task, result)

    def _document_tasks(self) -> Iterator[_Task]:
        assert self.job.output_dir is not None
        chunk, destinations, size = DocumentChunk([], []), list[Path](), 0
        for path, relative in self.job.files():
            destination = Path(self.job.output_dir, relative)
            if self._resumed(destination, [path]):
                continue
            try:
                with open_binary(path) as stream:
                    document = stream.read()
            except InputError as problem:
                error: str | None = str(problem)
            except READ_ERRORS as problem:
                error = f"{path}: cannot read: {problem}"
            else:
                error = None
            self.consumed += os.path.getsize(path) if os.path.isfile(path) else 0
            if error is not None:  # reported in its turn, after the documents before it
                yield _Task(destinations, chunk, self.consumed, error)
                chunk, destinations, size = DocumentChunk([], []), [], 0
                continue
            chunk.names.append(path)
            chunk.documents.append(document)
            destinations.append(destination)
            size += len(document)
            if size >= self.job.chunk_bytes or len(destinations) >= CHUNK_LINES:
                yield _Task(destinations, chunk, self.consumed)
                chunk, destinations, size = DocumentChunk([], []), [], 0
        yield _Task(destinations, chunk, self.consumed)

    # shared --------------------------------------------------------------------------------------
    def _resumed(self, destination: Path | None, sources: Iterable[str]) -> bool:
        """With --resume, an output that exists is complete (outputs appear only when finished): skip it."""
        if not (self.job.resume and destination is not None and destination.exists()):
            return False
        self.stats.outputs_resumed += 1
        self.consumed += sum(os.path.getsize(path) for path in sources if os.path.isfile(path))
        return True

    def _ordered(self, tasks: Iterator[_Task]) -> Iterator[tuple[_Task, ChunkResult | None]]:
        """Hands chunks to the engine at most `window` ahead of the one being written; results in input order."""
        pending: deque[tuple[_Task, Callable[[], ChunkResult | None]]] = deque()
        for task in tasks:
            pending.append((task, self.engine.submit(task.chunk, self.job.options) if task.chunk else _nothing))
            if len(pending) > self.engine.window:
                task, result = pending.popleft()
                yield task, result()
        while pending:
            task, result = pending.popleft()
            yield task, result()

    def _account(self, task: _Task, result: ChunkResult | None) -> None:
        """Counts, reports and shows a finished step; stops the job at an error under --on-error fail."""
        failed = False
        if result is not None:
            self.stats.add(result.stats)
            for message in result.messages:
                self.report(message)
            failed = result.failed
        if task.error is not None:
            self.stats.errors += 1
            self.report(task.error)
            failed = self.job.options.on_error == "fail"
        if self.progress is not None:
            self.progress(self.stats, task.position)
        if failed:
            raise BatchFailed(self.stats)


def _nothing() -> None:
    return None
