"""``kg build``: articles -> extractions -> RDF in a file, the store or an endpoint.

Inputs are files or folders (searched recursively for article files), JSONL
or CSV corpora (one document per row) and ``-`` (one article on standard
input); :mod:`kg.corpus` reads them and gives every document its id. One bad
article file is reported and skipped; the others are built, and the exit code
says that some failed. Two documents with one id, or a bad corpus row, stop
the build before anything is written.

Corpus builds: with ``jobs > 1`` the articles are extracted in worker
processes, a few at a time per task, and only a bounded number of tasks is
in flight, so memory depends on the batch, not on the corpus. Workers send
back plain N-Triples text; the parent process alone writes the store (one
writer per store), each document in its own transaction. A document whose
id and text (SHA-256) are already in the store is skipped without being
extracted (``force`` rebuilds it anyway).

Stores written before documents had ids (document IRIs ``id/doc/<file
stem>``, no ``dcterms:identifier``) keep their documents as they are: a file
whose name and text match such a document is skipped as unchanged; with
``force`` it is rebuilt under its id and the old document is then removed
(so nothing is lost or counted twice). A file with that name but another
text is built under its own id and the old document is kept, with a warning.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import Source, article_files, file_id
from .errors import InputError, KgError, PartialFailure, Terminated, UsageError
from .processes import die_with_parent
from .model import Extraction

log = logging.getLogger("kg")

KG_NS = "https://w3id.org/kg-news/ontology#"
DCTERMS_NS = "http://purl.org/dc/terms/"
CHUNK = 8  # articles per worker task
IN_FLIGHT_PER_JOB = 3  # tasks queued per worker process


def collect_inputs(inputs: Iterable[str | os.PathLike]) -> tuple[list[Path], list[str]]:
    """Article files named directly or found in folders, and problems found."""
    files: list[Path] = []
    problems: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            reported = len(problems)
            found = article_files(p, problems)
            if not found and len(problems) == reported:
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
    # distinct nodes and triples by type (an entity named in two articles is one node, counted once)
    entities: dict[str, set[str]] = field(default_factory=dict)
    relations: dict[str, set[str]] = field(default_factory=dict)
    quotes: int = 0
    triples: int = 0
    target: str = ""
    stored: int | None = None  # documents the store holds after the build
    migrated: int = 0  # documents (old-scheme, or stored under another id) moved to their id by --force

    def add(self, x: Extraction) -> None:
        entities, relations = graph_keys(x)
        self.add_counts(entities, relations, len(x.quotes))

    def add_counts(self, entities: dict[str, list[str]], relations: dict[str, list[str]], quotes: int,
                   triples: int = 0) -> None:
        self.documents += 1
        for mine, theirs in ((self.entities, entities), (self.relations, relations)):
            for t, keys in theirs.items():
                mine.setdefault(t, set()).update(keys)
        self.quotes += quotes
        self.triples += triples

    def summary(self) -> str:
        ents = ", ".join(f"{len(n)} {t}" for t, n in sorted(self.entities.items()))
        rels = ", ".join(f"{len(n)} {t}" for t, n in sorted(self.relations.items()))
        lines = [
            f"built {self.documents} document{'s' if self.documents != 1 else ''}"
            + (f" ({self.skipped} unchanged, skipped)" if self.skipped else "")
            + (f" into {self.target}" if self.target else ""),
        ]

        if self.documents or not self.skipped:
            lines += [
                f"  entities:  {sum(map(len, self.entities.values()))} ({ents or 'none'})",
                f"  relations: {sum(map(len, self.relations.values()))} ({rels or 'none'})",
                f"  quotes:    {self.quotes}",
            ]
        if self.stored is not None:
            lines.append(f"  store:     {self.stored} document{'s' if self.stored != 1 else ''}"
                         + (f" ({self.migrated} moved to their new ids)" if self.migrated else ""))
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

    path: str  # how messages name the document (Source.origin)
    status: str  # "built", "skipped" or "failed"
    message: str = ""
    id: str = ""
    drop: list[str] = field(default_factory=list)  # old-scheme graphs this document replaces
    warning: str = ""
    notes: list[str] = field(default_factory=list)  # warnings from reading the file (bad bytes replaced)
    unchanged: bool = False  # in the store already: built for an output file only
    graphs: list[tuple[str, str]] = field(default_factory=list)  # (graph IRI, N-Triples)
    entities: dict[str, list[str]] = field(default_factory=dict)  # type -> entity IRIs
    relations: dict[str, list[str]] = field(default_factory=dict)  # type -> "subject object" IRIs
    quotes: int = 0
    triples: int = 0


def graph_keys(x: Extraction, iri: dict | None = None) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The entity IRIs and relation triples of an extraction, by type: what
    the build summary counts (distinct across documents); ``iri``: its
    :func:`kg.rdf.entity_iris`, when the caller has them."""
    from .rdf import entity_iris, symmetric_relations

    iri = iri if iri is not None else entity_iris(x)
    entities: dict[str, list[str]] = {}
    for e in x.entities:
        entities.setdefault(e.type, []).append(str(iri[e.key]))
    symmetric = symmetric_relations()
    relations: dict[str, list[str]] = {}
    for r in x.relations:
        pair = [str(iri[r.subject]), str(iri[r.object])]
        if r.type in symmetric:
            pair.sort()
        relations.setdefault(r.type, []).append(" ".join(pair))
    return entities, relations


@dataclass
class Stored:
    """The documents a store holds, as one query finds them (:data:`DOCUMENTS_QUERY`)."""

    by_id: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)  # id -> (SHA-256s, source paths)
    legacy: dict[str, dict[str, str]] = field(default_factory=dict)  # old scheme: file name -> {SHA-256: graph}
    by_path: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # source path -> {id: (SHA-256, graph)}

    @classmethod
    def from_solutions(cls, solutions) -> "Stored":
        out = cls()
        for sol in solutions:
            sha, doc_id, name, src = (sol[v] for v in ("sha", "id", "name", "src"))
            if doc_id is not None:
                shas, places = out.by_id.setdefault(doc_id.value, (set(), set()))
                shas.add(sha.value)
                places.add(src.value if src is not None else "")
                if src is not None and name is not None:  # an article file (not a corpus row)
                    out.by_path.setdefault(src.value, {})[doc_id.value] = (sha.value, sol["d"].value)
            elif name is not None:
                out.legacy.setdefault(name.value, {})[sha.value] = sol["d"].value
        return out

    def __bool__(self) -> bool:
        return bool(self.by_id or self.legacy)


# Every document graph's document: its id (none in stores of the old scheme), file name,
# text hash and where it was read. Standard SPARQL 1.1 (also sent to servers).
DOCUMENTS_QUERY = f"""SELECT ?d ?id ?name ?sha ?src WHERE {{
  GRAPH ?d {{ ?d a <{KG_NS}Document> ; <{KG_NS}sha256> ?sha .
    OPTIONAL {{ ?d <{DCTERMS_NS}identifier> ?id }}
    OPTIONAL {{ ?d <{KG_NS}fileName> ?name }}
    OPTIONAL {{ ?d <{KG_NS}sourcePath> ?src }} }}
}}"""

COUNT_DOCUMENTS_QUERY = f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH ?d {{ ?d a <{KG_NS}Document> }} }}"


def drop_graph_update(graph: str) -> str:
    """Remove one document graph and the triples of the merge only it stated (standard SPARQL 1.1)."""
    g = f"<{graph}>"
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }} ;\n"
            f"DROP SILENT GRAPH {g}")


def _decide(src: Source, sha: str, stored: Stored, force: bool) -> tuple[str, str, list[str]]:
    """What to do with a document given the store: ("skipped" | "built" | "failed", message, graphs to drop)."""
    old = stored.legacy.get(src.file_name, {}) if src.file_name else {}
    entry = stored.by_id.get(src.id)
    if entry is not None:
        shas, places = entry
        if not force and sha in shas:
            return "skipped", "", []
        if not force and src.location not in places:
            place = sorted(places)[0] or "standard input"
            return "failed", (
                f"{src.origin}: the store holds another document with the id '{src.id}' (read from {place}); "
                "it is kept: build this input with --id-prefix, or with --force to replace that document"), []
        return "built", "", [old[sha]] if force and sha in old else []
    elsewhere = {i: v for i, v in stored.by_path.get(src.location, {}).items() if i != src.id} \
        if src.file_name and src.text is None else {}
    if elsewhere:  # this very file, stored under another id (built from another current folder)
        if force:
            return "built", "", [graph for _, graph in elsewhere.values()]
        if sha in {s for s, _ in elsewhere.values()}:
            return "skipped", "", []
        return "failed", (
            f"{src.origin}: this file is in the store as '{sorted(elsewhere)[0]}' (built from another current folder); "
            "build it from that folder, or with --force to move it to the id " f"'{src.id}'"), []
    if sha in old:
        return ("built", "", [old[sha]]) if force else ("skipped", "", [])
    if old:
        return "built", (f"{src.origin}: the store also holds a document of the same file name from an earlier kg, "
                         f"with another text ({sorted(old.values())[0]}); it is kept as it is"), []
    return "built", "", []


_KNOWN: Stored = Stored()
_FORCE = False
_ALL = False
_LEXICON = None  # the user lexicon (kg.userlex), in a worker


def _as_source(item) -> Source:
    if isinstance(item, Source):
        return item
    from .corpus import _file_source

    p = Path(item)
    return _file_source(p, file_id(p))


def process_one(item: Source | str | Path, known: Stored | None = None, force: bool = False,
                everything: bool = False, lexicon=None) -> DocResult:
    """Extract one document into N-Triples, or say why not, or that it is unchanged.

    With ``everything`` (an output file is written too) an unchanged document is
    extracted all the same and marked ``unchanged``: for the file, not the store.
    """
    from . import pipeline
    from .rdf import entity_iris
    from .store import extraction_graphs
    from .textprep import read_text, sha256_text

    src = _as_source(item)
    where = src.origin
    drop: list[str] = []
    warning = ""
    notes: list[str] = []
    unchanged = False
    try:
        text = src.text
        if text is None:  # an article file, read once
            text = read_text(Path(src.path), src.encoding, notes)
        if known:
            status, message, drop = _decide(src, sha256_text(text), known, force)
            if status == "skipped" and not everything:
                return DocResult(where, "skipped", id=src.id, notes=notes)
            unchanged = status == "skipped"
            if status == "failed":
                return DocResult(where, "failed", message, id=src.id, notes=notes)
            warning = message
        x = pipeline.extract_text(text, src.file_name if src.text is None else src.id, lexicon)
        d = x.document
        d.id, d.file_name, d.source_path = src.id, src.file_name, src.location
        d.issued, d.url, d.publisher = src.issued, src.url, src.publisher or d.publisher  # a row's outlet, else the dateline's
        if src.title:
            d.title = src.title
        iri = entity_iris(x)  # once, for the graph and for the summary's counts
        graphs = extraction_graphs(x, iri)
        entities, relations = graph_keys(x, iri)
    except KgError as exc:
        return DocResult(where, "failed", str(exc), id=src.id)
    except RecursionError:
        return DocResult(where, "failed", f"{where}: too deeply nested to process", id=src.id)
    except MemoryError:
        return DocResult(where, "failed", f"{where}: too large to process in memory", id=src.id)
    except Exception as exc:  # a bug: report this file and go on with the others
        detail = "\n" + traceback.format_exc() if log.isEnabledFor(logging.DEBUG) else " (run with --debug for the traceback)"
        return DocResult(where, "failed", f"{where}: internal error: {type(exc).__name__}: {exc}{detail}", id=src.id)
    return DocResult(
        where, "built", id=src.id, drop=drop, warning=warning, notes=notes, unchanged=unchanged,
        graphs=graphs,
        entities=entities,
        relations=relations,
        quotes=len(x.quotes),
        triples=sum(body.count("\n") for _, body in graphs),
    )


def _watch_parent(pid: int) -> None:
    """End this worker as soon as the kg process ``pid`` ends, whatever killed it.

    The worker's parent is the forkserver (which dies with kg, :mod:`kg._lifeline`,
    and this worker with it, by :func:`kg.processes.die_with_parent`); a pidfd on kg itself
    covers the rest, in a thread that only waits.
    """
    import select
    import threading

    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:  # already gone
        os.kill(os.getpid(), signal.SIGKILL)
        return
    except (AttributeError, OSError):  # pragma: no cover - before Linux 5.3, or not Linux
        return

    def wait() -> None:
        select.select([fd], [], [])
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=wait, name="kg-parent-watch", daemon=True).start()


def _init_worker(known: Stored, force: bool, everything: bool, log_level: int, parent: int = 0,
                 lexicon=None) -> None:
    # Ctrl-C goes to the whole process group: the parent stops the build (and
    # ends the workers) instead of each worker printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    if parent:
        _watch_parent(parent)
    logging.basicConfig(level=log_level, format="kg: %(message)s", stream=sys.stderr)
    global _KNOWN, _FORCE, _ALL, _LEXICON
    _KNOWN, _FORCE, _ALL, _LEXICON = known, force, everything, lexicon


def _process_chunk(items: list[Source]) -> list[DocResult]:
    return [process_one(s, _KNOWN, _FORCE, _ALL, _LEXICON) for s in items]


def _pool_context():
    methods = multiprocessing.get_all_start_methods()
    # never fork a parent that holds an open store (RocksDB threads)
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        os.environ["KG_BUILD_PID"] = str(os.getpid())  # kg._lifeline: the forkserver dies with this process
        ctx.set_forkserver_preload(["kg._lifeline", "kg.build", "kg.corpus", "kg.pipeline", "kg.rdf", "kg.store"])
    return ctx


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers at once (they hold nothing but the task they extract)."""
    for p in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            p.kill()
        except (OSError, ValueError, AttributeError):
            pass
    # Work around CPython's ProcessPoolExecutor (3.11): a worker killed while it writes a
    # result leaves part of a message in the result pipe, the pool's manager thread then
    # waits in recv() for the rest forever, and shutdown(wait=True) with it (seen as a
    # SIGTERM'd build that never exits). Closing the parent's copy of the pipe's write end
    # (the workers' copies die with them) turns that wait into end-of-file: the manager
    # thread sees a broken pool and ends.
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        try:
            writer.close()
        except OSError:
            pass


def process_many(items: Iterable[Source | Path], jobs: int = 1, known: Stored | None = None,
                 chunk: int = CHUNK, total: int | None = None, force: bool = False,
                 everything: bool = False, lexicon=None) -> Iterator[DocResult]:
    """Results in input order; with ``jobs > 1`` from worker processes.

    ``items`` (sources, or article paths) are read as the work goes on; at
    most ``jobs * IN_FLIGHT_PER_JOB`` tasks of ``chunk`` documents are queued
    or unread at any time, so memory is bounded by the batch.
    """
    known = known or Stored()
    if total is None:
        items = list(items)
        total = len(items)
    if jobs <= 1 or total < 2:
        for item in items:
            yield process_one(item, known, force, everything, lexicon)
        return
    chunk = max(1, min(chunk, -(-total // (jobs * 2))))

    def chunks() -> Iterator[list[Source]]:
        batch: list[Source] = []
        for item in items:
            batch.append(_as_source(item))
            if len(batch) == chunk:
                yield batch
                batch = []
        if batch:
            yield batch

    tasks = chunks()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context(), initializer=_init_worker,
                               initargs=(known, force, everything, log.getEffectiveLevel(), os.getpid(), lexicon))
    pending: deque = deque()
    finished = False
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
        finished = True
    except BrokenProcessPool:
        raise KgError("a worker process died (out of memory, or killed); the documents written so far are kept, "
                      "rerun the same command to build the rest") from None
    finally:
        for f in pending:
            f.cancel()
        if not finished:  # stopped (SIGTERM, Ctrl-C, an error, the caller stopped reading): no task is worth waiting for
            _stop_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)


# ---------------------------------------------------------------------------
# targets

FLUSH_QUADS = 50_000  # write the store's memory buffers to disk this often: bounds memory, and is faster


class _LocalTarget:
    def __init__(self, store) -> None:
        self.store = store
        self.unflushed = 0

    def stored(self) -> Stored:
        return Stored.from_solutions(self.store.query(DOCUMENTS_QUERY))

    def count_documents(self) -> int:
        return int(next(iter(self.store.query(COUNT_DOCUMENTS_QUERY)))["n"].value)

    def drop_graph(self, graph: str) -> None:
        self.store.update(drop_graph_update(graph))

    def put_graph(self, graph: str, body: str) -> None:
        from .store import put_graph

        put_graph(self.store, graph, body)
        self.unflushed += body.count("\n")
        if self.unflushed >= FLUSH_QUADS:
            self.close()
            self.unflushed = 0

    def close(self) -> None:
        from .store import store_write_error

        try:
            self.store.flush()
        except OSError as exc:  # a full disk: exit 5 naming the store, not an internal error
            raise store_write_error(getattr(self.store, "path", None), exc) from None


class _RemoteTarget:
    """A SPARQL server written through :class:`kg.remote.RemoteStore`."""

    def __init__(self, remote) -> None:
        self.remote = remote

    def stored(self) -> Stored:
        return Stored.from_solutions(self.remote.raw_query(DOCUMENTS_QUERY))

    def count_documents(self) -> int:
        self.remote.flush()
        return int(next(iter(self.remote.raw_query(COUNT_DOCUMENTS_QUERY)))["n"].value)

    def drop_graph(self, graph: str) -> None:
        self.remote.flush()  # the document that replaces it is written first
        self.remote.update(drop_graph_update(graph))

    def put_graph(self, graph: str, body: str) -> None:
        self.remote.put_graph(graph, body)

    def close(self) -> None:
        self.remote.close()


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


@contextmanager
def _sigterm_stops_the_build():
    """SIGTERM raises :class:`kg.errors.Terminated` in the main thread, so that the
    workers are ended and the store closed (it used to leave them running, and the
    store unflushed). Only when nobody else handles SIGTERM; a second SIGTERM kills
    at once (each document is in the store in one transaction: nothing half-written)."""
    import threading

    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise Terminated()

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@_sigterm_stops_the_build()
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
    doc_id: str | None = None,
    id_prefix: str | None = None,
    stdin=None,
    encoding: str | None = None,
    lexicon=None,
) -> BuildReport:
    """Build the inputs into an RDF file, the store, and/or an endpoint.

    Inputs are article files, folders, JSONL/CSV corpora and ``-`` (the
    article read from ``stdin``, a binary stream, with the id ``doc_id``);
    :mod:`kg.corpus` gives each document its id (``id_prefix/`` before each).
    Documents already in the target store (same id, same SHA-256 of the
    text) are skipped unless ``force``; nothing is skipped when writing a file.
    ``output`` ``-`` is stdout; ``output_format`` (``ttl``, ``nt`` …) overrides its extension.
    ``encoding`` is the encoding of the article files and standard input (default: detected).
    ``lexicon``: a user lexicon (:class:`kg.userlex.UserLexicon`) for every document.
    """
    from .formats import output_format as pick_format, output_target, write_store
    from .corpus import plan_inputs

    if jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    out_fmt = pick_format(output, output_format) if output else None  # fail before any work on an unknown format
    if output and output != "-":
        output_target(output)  # nor on an output that must not be written (a folder, a read-only file)
    if update_endpoint and not endpoint:
        raise UsageError("--update-endpoint goes with --endpoint")
    if encoding is not None:
        from .textprep import check_encoding

        check_encoding(encoding)  # a UsageError before any work
    if "-" in [str(i) for i in inputs] and stdin is not None and getattr(stdin, "isatty", lambda: False)():
        log.info("reading one article from standard input (end it with Ctrl-D)")
    plan = plan_inputs(inputs, stdin=stdin, doc_id=doc_id, id_prefix=id_prefix, encoding=encoding)
    problems = plan.problems
    report = BuildReport(failures=list(problems))
    if not plan.total and len(problems) == 1:
        raise InputError(problems[0])
    for p in problems:
        log.error(p)
    if not plan.total:
        raise InputError("no article files to build")

    targets: list = []
    store_target = None
    if endpoint:
        from .remote import RemoteStore

        remote = RemoteStore(endpoint, update_endpoint=update_endpoint)
        remote.check(write=True)  # before anything is extracted or written
        store_target = _RemoteTarget(remote)
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

    # what the store holds: to skip unchanged documents, refuse clashes and recognise old-scheme documents
    known = store_target.stored() if store_target is not None else Stored()

    bar = _progress(plan.total)
    redirect = nullcontext()
    if bar is not None and not bar.disable:
        from tqdm.contrib.logging import logging_redirect_tqdm

        redirect = logging_redirect_tqdm(loggers=[logging.getLogger()])  # error lines above the bar, not through it
    completed = False
    results = process_many(plan.sources(), jobs, known, total=plan.total, force=force,
                           everything=file_target is not None, lexicon=lexicon)
    try:
        with redirect:
            for result in results:
                for note in result.notes:
                    log.warning(note)
                if result.status == "failed":
                    log.error(result.message)
                    report.failures.append(result.message)
                elif result.status == "skipped":
                    report.skipped += 1
                else:
                    if result.warning:
                        log.warning(result.warning)
                    for graph, body in result.graphs:
                        for t in targets:
                            if not (result.unchanged and t is store_target):
                                t.put_graph(graph, body)
                    for graph in result.drop:  # after the document that replaces it is written
                        store_target.drop_graph(graph)
                        report.migrated += 1
                    report.add_counts(result.entities, result.relations, result.quotes, result.triples)
                if bar is not None:
                    bar.update(1)
        if store_target is not None:
            store_target.close()
            report.stored = store_target.count_documents()
        completed = True
    finally:
        results.close()  # stopped early (SIGTERM, Ctrl-C, an error): the workers are ended now
        if bar is not None:
            bar.close()
        if store_target is not None:
            try:
                store_target.close()
            except (KgError, OSError):
                if completed:
                    raise
                # the build already failed (e.g. the disk is full): that first error is the one reported

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
    from .formats import output_format as pick_format, output_target, write_store
    from .store import open_store

    fmt = pick_format(output, output_format)
    if output != "-":
        output_target(output)
    st = open_store(store, read_only=True)
    return write_store(st, fmt, output)
