"""``kg build``: articles -> extractions -> RDF in a file, the store or an endpoint.

Inputs are files or folders (searched recursively for article files). One bad
file is reported and skipped; the others are built, and the exit code says
that some failed.

Corpus builds: with ``jobs > 1`` the articles are extracted in worker
processes, a few at a time per task, and only a bounded number of tasks is
in flight, so memory depends on the batch, not on the corpus. Workers send
back plain N-Triples text; the parent process alone writes the store (one
writer per store), each document in its own transaction. A document whose
file name and text (SHA-256) are already in the store is skipped without
being extracted (``force`` rebuilds it anyway).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import traceback
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, KgError, PartialFailure, UsageError
from .model import Extraction

log = logging.getLogger("kg")

ARTICLE_EXTENSIONS = {".txt", ".text", ".html", ".htm"}
CHUNK = 8  # articles per worker task
IN_FLIGHT_PER_JOB = 3  # tasks queued per worker process


def collect_inputs(inputs: Iterable[str | os.PathLike]) -> tuple[list[Path], list[str]]:
    """Article files named directly or found in folders, and problems found."""
    files: list[Path] = []
    problems: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in ARTICLE_EXTENSIONS and not f.name.startswith(".")
            )
            if not found:
                problems.append(f"{p}: no article files (.txt, .html) in this folder")
            files.extend(found)
        elif p.is_file():
            files.append(p)
        elif p.exists():
            problems.append(f"{p}: not a regular file")
        else:
            problems.append(f"{p}: no such file or folder")
    # the same file named twice is built once
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, problems


@dataclass
class BuildReport:
    documents: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    quotes: int = 0
    triples: int = 0
    target: str = ""

    def add(self, x: Extraction) -> None:
        self.add_counts(Counter(e.type for e in x.entities), Counter(r.type for r in x.relations), len(x.quotes))

    def add_counts(self, entities: dict, relations: dict, quotes: int, triples: int = 0) -> None:
        self.documents += 1
        self.entities.update(entities)
        self.relations.update(relations)
        self.quotes += quotes
        self.triples += triples

    def summary(self) -> str:
        ents = ", ".join(f"{n} {t}" for t, n in sorted(self.entities.items()))
        rels = ", ".join(f"{n} {t}" for t, n in sorted(self.relations.items()))
        lines = [
            f"built {self.documents} document{'s' if self.documents != 1 else ''}"
            + (f" ({self.skipped} unchanged, skipped)" if self.skipped else "")
            + (f" into {self.target}" if self.target else ""),
        ]
        if self.documents or not self.skipped:
            lines += [
                f"  entities:  {sum(self.entities.values())} ({ents or 'none'})",
                f"  relations: {sum(self.relations.values())} ({rels or 'none'})",
                f"  quotes:    {self.quotes}",
            ]
        if self.failures:
            lines.append(f"  failed:    {len(self.failures)} file(s)")
        return "\n".join(lines)

    def exit_code(self) -> int:
        if self.failures:
            return PartialFailure.exit_code if self.documents or self.skipped else InputError.exit_code
        return 0


# ---------------------------------------------------------------------------
# the work on one article (in a worker process or in this one)

@dataclass
class DocResult:
    """What a worker sends back for one article: plain data, cheap to pickle."""

    path: str
    status: str  # "built", "skipped" or "failed"
    message: str = ""
    graphs: list[tuple[str, str]] = field(default_factory=list)  # (graph IRI, N-Triples)
    entities: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    quotes: int = 0
    triples: int = 0


_KNOWN: dict[str, set[str]] = {}


def _unchanged(path: Path, known: dict[str, set[str]]) -> bool:
    shas = known.get(path.name)
    if not shas:
        return False
    from .textprep import read_text, sha256_text

    return sha256_text(read_text(path)) in shas


def process_one(path: str | Path, known: dict[str, set[str]] | None = None) -> DocResult:
    """Extract one article into N-Triples, or say why not, or that it is unchanged."""
    from .pipeline import extract_file
    from .rdf import to_dataset
    from .store import dataset_graphs

    p = Path(path)
    try:
        if known and _unchanged(p, known):
            return DocResult(str(p), "skipped")
        x = extract_file(p)
        graphs = dataset_graphs(to_dataset([x]))
    except KgError as exc:
        return DocResult(str(p), "failed", str(exc))
    except RecursionError:
        return DocResult(str(p), "failed", f"{p}: too deeply nested to process")
    except MemoryError:
        return DocResult(str(p), "failed", f"{p}: too large to process in memory")
    except Exception as exc:  # a bug: report this file and go on with the others
        detail = "\n" + traceback.format_exc() if log.isEnabledFor(logging.DEBUG) else " (run with --debug for the traceback)"
        return DocResult(str(p), "failed", f"{p}: internal error: {type(exc).__name__}: {exc}{detail}")
    return DocResult(
        str(p), "built",
        graphs=graphs,
        entities=dict(Counter(e.type for e in x.entities)),
        relations=dict(Counter(r.type for r in x.relations)),
        quotes=len(x.quotes),
        triples=sum(body.count("\n") for _, body in graphs),
    )


def _init_worker(known: dict[str, set[str]], log_level: int) -> None:
    # Ctrl-C goes to the whole process group: the parent stops the build,
    # workers finish their task quietly instead of printing tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=log_level, format="kg: %(message)s", stream=sys.stderr)
    global _KNOWN
    _KNOWN = known


def _process_chunk(paths: list[str]) -> list[DocResult]:
    return [process_one(p, _KNOWN) for p in paths]


def _pool_context():
    methods = multiprocessing.get_all_start_methods()
    # never fork a parent that holds an open store (RocksDB threads)
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["kg.build", "kg.pipeline", "kg.rdf", "kg.store"])
    return ctx


def process_many(files: list[Path], jobs: int = 1, known: dict[str, set[str]] | None = None,
                 chunk: int = CHUNK) -> Iterator[DocResult]:
    """Results in input order; with ``jobs > 1`` from worker processes.

    At most ``jobs * IN_FLIGHT_PER_JOB`` tasks of ``chunk`` articles are
    queued or unread at any time, so memory is bounded by the batch.
    """
    known = known or {}
    if jobs <= 1 or len(files) < 2:
        for f in files:
            yield process_one(f, known)
        return
    chunk = max(1, min(chunk, -(-len(files) // (jobs * 2))))
    tasks = iter([[str(f) for f in files[i:i + chunk]] for i in range(0, len(files), chunk)])
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context(), initializer=_init_worker,
                               initargs=(known, log.getEffectiveLevel()))
    pending: deque = deque()
    try:
        for t in tasks:
            pending.append(pool.submit(_process_chunk, t))
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                break
        while pending:
            results = pending.popleft().result()
            nxt = next(tasks, None)
            if nxt is not None:
                pending.append(pool.submit(_process_chunk, nxt))
            yield from results
    except BrokenProcessPool:
        raise KgError("a worker process died (out of memory, or killed); the documents written so far are kept, "
                      "rerun the same command to build the rest") from None
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------------------
# targets

FLUSH_QUADS = 50_000  # write the store's memory buffers to disk this often: bounds memory, and is faster


class _LocalTarget:
    def __init__(self, store) -> None:
        self.store = store
        self.unflushed = 0

    def known_documents(self) -> dict[str, set[str]]:
        from .store import known_documents

        return known_documents(self.store)

    def put_graph(self, graph: str, body: str) -> None:
        from .store import put_graph

        put_graph(self.store, graph, body)
        self.unflushed += body.count("\n")
        if self.unflushed >= FLUSH_QUADS:
            self.store.flush()
            self.unflushed = 0

    def close(self) -> None:
        self.store.flush()


class _FileTarget:
    """An in-memory store for ``kg build -o``, written at the end by the same writer as ``kg export``."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        from .store import KgStore

        self.store = KgStore(ox.Store(), True, None)

    def put_graph(self, graph: str, body: str) -> None:
        from .store import put_graph

        put_graph(self.store, graph, body)


def _progress(total: int):
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    quiet = not log.isEnabledFor(logging.INFO)
    size = {}
    try:
        if os.get_terminal_size(sys.stderr.fileno()).columns == 0:  # a terminal without a size
            size = {"ncols": 100, "nrows": 20}
    except (OSError, ValueError, AttributeError):
        pass
    # disable=None: shown on a terminal only
    return tqdm(total=total, unit="doc", file=sys.stderr, disable=True if (quiet or total <= 1) else None,
                leave=False, mininterval=0.5, smoothing=0.05, **size)


def build(
    inputs: list[str],
    output: str | None = None,
    store: str | None = None,
    use_store: bool = True,
    jobs: int = 1,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    force: bool = False,
    output_format: str | None = None,
) -> BuildReport:
    """Build the inputs into an RDF file, the store, and/or an endpoint.

    Documents already in the target store (same file name, same SHA-256 of the
    text) are skipped unless ``force``; nothing is skipped when writing a file.
    ``output`` ``-`` is stdout; ``output_format`` (``ttl``, ``nt`` …) overrides its extension.
    """
    from .formats import output_format as pick_format, write_store

    if jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    out_fmt = pick_format(output, output_format) if output else None  # fail before any work on an unknown format
    if update_endpoint and not endpoint:
        raise UsageError("--update-endpoint goes with --endpoint")
    files, problems = collect_inputs(inputs)
    report = BuildReport(failures=list(problems))
    if not files and len(problems) == 1:
        raise InputError(problems[0])
    for p in problems:
        log.error(p)
    if not files:
        raise InputError("no article files to build")
    by_name: dict[str, Path] = {}
    for f in files:
        if f.name in by_name:
            # the document IRI comes from the file name
            log.warning("%s has the same file name as %s: it replaces that document", f, by_name[f.name])
        by_name[f.name] = f

    targets: list = []
    store_target = None
    if endpoint:
        from .remote import RemoteStore

        remote = RemoteStore(endpoint, update_endpoint=update_endpoint)
        remote.check(write=True)  # before anything is extracted or written
        store_target = remote
        report.target = remote.query_url.shown
    elif use_store:
        from .store import default_store_path, open_store

        store_target = _LocalTarget(open_store(store))
        report.target = str(store or default_store_path())
    if store_target is not None:
        targets.append(store_target)
    file_target = _FileTarget() if output else None
    if file_target is not None:
        targets.append(file_target)

    known = store_target.known_documents() if store_target is not None and not force and not output else {}

    bar = _progress(len(files))
    redirect = nullcontext()
    if bar is not None and not bar.disable:
        from tqdm.contrib.logging import logging_redirect_tqdm

        redirect = logging_redirect_tqdm(loggers=[logging.getLogger()])  # error lines above the bar, not through it
    try:
        with redirect:
            for result in process_many(files, jobs, known):
                if result.status == "failed":
                    log.error(result.message)
                    report.failures.append(result.message)
                elif result.status == "skipped":
                    report.skipped += 1
                else:
                    for graph, body in result.graphs:
                        for t in targets:
                            t.put_graph(graph, body)
                    report.add_counts(result.entities, result.relations, result.quotes, result.triples)
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        if store_target is not None:
            store_target.close()

    if file_target is not None and (report.documents or not report.failures):
        # (a build where every input failed leaves an earlier output alone)
        write_store(file_target.store, out_fmt, output)
        shown = "stdout" if output == "-" else output
        report.target = shown if not report.target else f"{report.target} and {shown}"
    return report


# ---------------------------------------------------------------------------

def export_store(store: str | None, output: str, output_format: str | None = None) -> int:
    """Write the whole store to ``output`` (``-``: stdout); returns the number of quads (or triples) written.

    Quad formats (.trig, .nq) get the document graphs, one per document;
    triple formats get their merge (a triple stated by two documents once).
    ``output_format`` (``ttl``, ``nt`` …) overrides the extension. The
    writer is :func:`kg.formats.write_store`, the one ``kg build -o`` uses; a
    file is streamed through :func:`kg.formats.atomic_output`: readers never
    see half of it.
    """
    from .formats import output_format as pick_format, write_store
    from .store import open_store

    fmt = pick_format(output, output_format)
    st = open_store(store, read_only=True)
    return write_store(st, fmt, output)
