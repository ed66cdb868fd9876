"""``kg serve``'s SPARQL 1.1 Protocol endpoint: a small Python HTTP front over the store, read-only.

Every query is checked first (:func:`kg.guard.check_query`: size, nesting,
SERVICE unless ``--allow-service``), then evaluated by one of a few worker
processes (:class:`kg.guard.Worker`), each with the store opened read-only
(``pyoxigraph.Store.read_only``), under ``--timeout``. A query that runs too
long, or crashes the engine, costs its worker (killed and replaced) and gets
an error answer; the server goes on.

* ``GET /query?query=…``, ``POST /query`` with an ``application/sparql-query``
  body or an ``application/x-www-form-urlencoded`` ``query=…`` form;
* results by content negotiation (``Accept``): SELECT and ASK as SPARQL
  results JSON (the default), XML, CSV or TSV; CONSTRUCT and DESCRIBE as
  Turtle (the default), N-Triples or JSON-LD; written by kg's writers
  (:func:`kg.sparql.write_results`) as they are computed;
* errors as ``text/plain``, one line, the message ``kg query`` prints: 400 a
  refused or broken query, 406 no acceptable format, 503 ``--timeout``
  reached or every worker busy, 403 an update (read-only), 500 the engine
  crashed;
* the first :data:`BUFFER_BYTES` of an answer are held back, so that most
  errors still get their status; a longer answer is streamed, and one that
  fails after that is cut short (the connection closes).

The page at ``/`` is :func:`kg.server.query_page`.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import urllib.parse
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .errors import KgError, QueryError, StoreError, UsageError
from .guard import MAX_QUERY_BYTES, Worker, check_query

log = logging.getLogger("kg")

#: Answers up to this size are sent with their status after the query ended; longer ones are streamed.
BUFFER_BYTES = 1 << 20

SOLUTION_TYPES = [
    ("json", "application/sparql-results+json"),
    ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"),
    ("tsv", "text/tab-separated-values"),
]
GRAPH_TYPES = [
    ("ttl", "text/turtle"),
    ("nt", "application/n-triples"),
    ("jsonld", "application/ld+json"),
]
_ALIASES = {"application/json": "application/sparql-results+json"}


class NotAcceptable(UsageError):
    """No result format the client accepts (HTTP 406)."""


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        out.append((_ALIASES.get(fields[0].lower(), fields[0].lower()), q))
    return out


def negotiate(accept: str, graph: bool, fmt: str | None = None) -> tuple[str, str]:
    """The (kg format, media type) to answer with, for an ``Accept`` header and the kind of result.

    >>> negotiate("text/csv, */*;q=0.1", graph=False)
    ('csv', 'text/csv')
    >>> negotiate("application/sparql-results+json, text/turtle;q=0.8", graph=True)
    ('ttl', 'text/turtle')
    >>> negotiate("", graph=False)
    ('json', 'application/sparql-results+json')
    """
    types = GRAPH_TYPES if graph else SOLUTION_TYPES
    if fmt:
        for name, media in types:
            if name == fmt:
                return name, media
    ranges = _accept_ranges(accept or "*/*")
    best, best_q = None, 0.0
    for name, media in types:
        main = media.split("/")[0]
        q = max((q for r, q in ranges if r in (media, f"{main}/*", "*/*")), default=0.0)
        if q > best_q:
            best, best_q = (name, media), q
    if best is None:
        offered = ", ".join(m for _, m in types)
        raise NotAcceptable(f"no result format that the request accepts ({accept}); this query gives one of {offered}")
    return best


class WorkerPool:
    """Worker processes on one store; a killed or dead worker is replaced by a new one.

    Each worker opens the store read-only, which is a snapshot: when the
    store's files change (a ``kg build`` into it) and no process holds its
    write lock, :meth:`refresh` replaces the idle workers at once and the busy
    ones when they are done, so the next answers come from the store as it is now.
    """

    def __init__(self, source: tuple, size: int) -> None:
        self.source = source
        self.idle: queue.Queue = queue.Queue()
        self.workers: set[Worker] = set()
        self.lock = threading.Lock()
        self.generation = 0
        self.state = self._state()
        for _ in range(size):
            self._add()

    def _state(self) -> tuple | None:
        from .server import store_state

        if self.source[0] != "store":
            return None
        try:
            return store_state(Path(self.source[1]))
        except OSError:
            return None

    def refresh(self) -> None:
        """Reopen the store if it changed since the workers opened it."""
        from .server import writer_active

        state = self._state()
        if state is None or state == self.state or writer_active(Path(self.source[1])):
            return  # unchanged, or a build is writing: the last snapshot answers until it is done
        with self.lock:
            if state == self.state:
                return
            self.state = state
            self.generation += 1
        stale = []
        while True:
            try:
                stale.append(self.idle.get_nowait())
            except queue.Empty:
                break
        for w in stale:
            self.release(w)

    def _add(self) -> None:
        w = Worker(self.source)
        w.generation = self.generation
        with self.lock:
            self.workers.add(w)
        self.idle.put(w)

    def acquire(self, timeout: float | None) -> Worker | None:
        try:
            return self.idle.get(timeout=timeout)
        except queue.Empty:
            return None

    def release(self, worker: Worker) -> None:
        if worker.usable and worker.generation == self.generation:
            self.idle.put(worker)
            return
        worker.kill()
        with self.lock:
            self.workers.discard(worker)
        self._add()

    def close(self) -> None:
        with self.lock:
            workers = list(self.workers)
        for w in workers:
            w.kill()


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-serve"
    protocol_version = "HTTP/1.0"  # one request per connection: an answer ends when the connection closes

    # -- routing --------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - http.server's names
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/":
            page, csp = self.server.page
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.send_header("Content-Security-Policy", csp)
            self.end_headers()
            self.wfile.write(page)
            return None
        if url.path == "/query":
            return self._query(urllib.parse.parse_qs(url.query, keep_blank_values=True))
        if url.path == "/update":
            return self._read_only()
        return self._text(404, f"no such page: {url.path} (the SPARQL endpoint is /query)")

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/update":
            return self._read_only()
        if url.path != "/query":
            return self._text(404, f"no such endpoint: {url.path} (the SPARQL endpoint is /query)")
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return self._text(411, "a POST needs a Content-Length")
        if int(length) > 3 * MAX_QUERY_BYTES:  # (a form-encoded query is up to 3 times its size)
            return self._text(413, f"the request is {int(length):,} bytes; kg runs queries of at most "
                              f"{MAX_QUERY_BYTES:,} bytes")
        body = self.rfile.read(int(length))
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-query":
            params["query"] = [body.decode("utf-8", "replace")]
        elif ctype == "application/x-www-form-urlencoded":
            params.update(urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
        else:
            return self._text(415, f"send the query as application/sparql-query or a form, not {ctype or 'nothing'}")
        return self._query(params)

    def _read_only(self) -> None:
        self._text(403, "this endpoint is read-only: serve the store with kg serve --writable to take updates")

    # -- queries --------------------------------------------------------------

    def _query(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query") or []
        if len(queries) != 1 or not queries[0].strip():
            return self._text(400, "give one SPARQL query (query=…)")
        for p in ("default-graph-uri", "named-graph-uri"):
            if p in params:
                return self._text(400, f"{p} is not taken here: queries see the merge of the documents")
        sparql = queries[0]
        front = self.server
        try:
            check_query(sparql, allow_service=front.allow_service)
        except QueryError as exc:
            return self._text(400, str(exc))
        front.pool.refresh()
        worker = front.pool.acquire(front.timeout)
        if worker is None:
            return self._text(503, f"every query worker is busy (for {front.timeout:g} s); try again later")
        deadline = None if front.timeout is None else time.monotonic() + front.timeout
        sent = False
        try:
            worker.submit({"sparql": sparql, "accept": self.headers.get("Accept") or "*/*"})
            media, held, size = "application/octet-stream", [], 0
            for kind, data in worker.messages(deadline, front.timeout):
                if kind == "start":
                    media = data["media_type"]
                elif sent:
                    self.wfile.write(data)
                else:
                    held.append(data)
                    size += len(data)
                    if size >= BUFFER_BYTES:  # a long answer: stream it from here on
                        self.send_response(200)
                        self.send_header("Content-Type", media)
                        self.end_headers()
                        self.wfile.write(b"".join(held))
                        sent, held = True, []
            if not sent:
                self._send(200, b"".join(held), media)
        except KgError as exc:
            if sent:  # the status is gone: cut the answer short
                self.close_connection = True
                return
            self._text(_status(exc), str(exc))
        except OSError:  # the client went away: the worker may be half-way through an answer
            worker.kill()
        finally:
            front.pool.release(worker)

    # -- answers --------------------------------------------------------------

    def _send(self, status: int, body: bytes, media: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str) -> None:
        self._send(status, (" ".join(message.split()) + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        log.debug("%s %s", self.address_string(), format % args)


def _status(exc: KgError) -> int:
    """The HTTP status of an error met while answering (the worker sends kg's error classes by name)."""
    if type(exc).__name__ == "NotAcceptable":
        return 406
    if isinstance(exc, QueryError):
        text = str(exc)
        if text.startswith("the query ran longer than --timeout"):
            return 503
        return 500 if text.startswith(("the SPARQL engine crashed", "the query ran out of memory")) else 400
    return 400 if exc.exit_code == UsageError.exit_code else 500


class Front(ThreadingHTTPServer):
    """The HTTP server, with what its handlers share: the worker pool and the limits."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], pool: WorkerPool, timeout: float | None,
                 allow_service: bool) -> None:
        from .server import query_page

        self.pool = pool
        self.timeout = timeout
        self.allow_service = allow_service
        self.page = query_page(str(pool.source[1]), writable=False)
        if ":" in address[0]:
            import socket

            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)


def serve_front(store, host: str, port: int, timeout: float | None, allow_service: bool, workers: int = 2) -> int:
    """Run the read-only endpoint until Ctrl-C or SIGTERM; returns 0."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        multiprocessing.get_context("forkserver").set_forkserver_preload(["kg.guard", "kg.sparql", "kg.store"])
    pool = WorkerPool(("store", str(store)), workers)
    try:
        front = Front((host, port), pool, timeout, allow_service)
    except OSError as exc:
        pool.close()
        raise StoreError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another with --bind") from None
    try:
        front.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a server is stopped: not an error
    finally:
        front.server_close()
        pool.close()
    return 0
