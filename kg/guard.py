"""Guards around a SPARQL query: cheap checks first, then evaluation in a worker process with a time limit.

Used by ``kg query`` (embedded store, ``--data`` file or ``--endpoint``) and
by ``kg serve`` (:mod:`kg.endpoint`).

:func:`check_query`, before any evaluation: a query over
:data:`MAX_QUERY_BYTES` or nesting ``{ }``, ``( )``, ``[ ]`` deeper than
:data:`MAX_DEPTH` (outside strings, IRIs and comments) is refused, and so is
``SERVICE`` (it makes the engine send part of the query, with whatever it
holds, to any URL) unless ``--allow-service`` is given.

:func:`run_query` evaluates in a worker process and streams the result back
as it is written. Why a process and not a thread (measured with pyoxigraph
0.5.13 on this project's 2-core machine):

* Oxigraph's parser and evaluator recurse. 3,000 nested groups, 10,000
  ``||`` operands, a chain of 10,000 ``UNION`` or ``/``, 10,000 triple patterns
  all overflow the stack and kill the process with SIGSEGV. The depth check
  refuses the commonest form, not all of them: in a worker such a crash
  is one ``kg:`` line and exit 4 (for ``kg serve``, one failed request), not
  the death of kg. The worker evaluates in a thread with a
  :data:`WORKER_STACK` stack (reserved, only touched as used), so most of
  these run instead (slowly: the time limit bounds them).
* pyoxigraph does release the GIL while it evaluates, so a thread would let
  the main thread wait with a timeout and see Ctrl-C; but a thread cannot be
  stopped: a runaway query would go on using a core and memory (for ever, in
  a server). A process is killed (SIGKILL), and its memory is freed.
* The cost is small: ``kg query`` forks (a few milliseconds; the parent has
  opened no store yet and runs no other thread), ``kg serve`` starts its
  workers once, each with the store opened read-only, and replaces a worker
  only when one is killed.

The worker sends ``D`` + bytes (output) and ``J`` + JSON (start, done, error)
messages over a pipe; its stderr goes to a file, read only when it dies, so
that Rust's own last words (``memory allocation of … failed``) become one
``kg:`` line.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import tempfile
import threading
import time
from collections.abc import Iterator

from .errors import KgError, QueryError
from .processes import die_with_parent

#: Queries larger than this (UTF-8 bytes) are refused.
MAX_QUERY_BYTES = 1_000_000
#: Deeper nesting of ``{ }``, ``( )`` and ``[ ]`` is refused (Oxigraph crashes at about 2,500).
MAX_DEPTH = 200
#: ``--timeout`` default, in seconds (0: no limit).
DEFAULT_TIMEOUT = 60.0
#: The stack of the thread that evaluates in a worker.
WORKER_STACK = 256 << 20
#: Output is sent from the worker in pieces of this size.
CHUNK = 64 << 10

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<word>[\w.:%\\\-?$@]+)
    """,
    re.X | re.S,
)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_query(sparql: str, allow_service: bool = False, max_bytes: int = MAX_QUERY_BYTES,
                max_depth: int = MAX_DEPTH) -> None:
    """Refuse, with a one-line :class:`QueryError`, a query that is too big, nests too deep or uses SERVICE.

    Brackets, and the word SERVICE, count outside strings, IRIs and comments;
    ``?service``, ``ex:service`` or ``"service"`` are not the keyword.

    >>> check_query("SELECT * WHERE { ?s ?p ?o }")
    >>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: the query has SERVICE (line 1, column 18), which sends part of it to another server; refused unless kg is run with --allow-service
    """
    size = len(sparql.encode("utf-8"))
    if size > max_bytes:
        raise QueryError(f"the query is {size:,} bytes; kg runs queries of at most {max_bytes:,} bytes")
    depth = 0
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            if depth > max_depth:
                line, col = _line_col(sparql, m.start())
                raise QueryError(f"the query nests {{ }}, ( ) or [ ] more than {max_depth} deep (at line {line}, "
                                 f"column {col}); kg refuses it, as a deeper query can crash the SPARQL engine")
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "word" and not allow_service and m.group().strip(".").upper() == "SERVICE":
            line, col = _line_col(sparql, m.start() + m.group().index(m.group().strip(".")))
            raise QueryError(f"the query has SERVICE (line {line}, column {col}), which sends part of it to another "
                             "server; refused unless kg is run with --allow-service")


def timeout_message(seconds: float) -> str:
    return (f"the query ran longer than --timeout {seconds:g} s and was stopped "
            "(give a larger --timeout, or --timeout 0 for no limit)")


def check_timeout(seconds: float) -> float | None:
    """``--timeout`` as a number of seconds, or None for no limit."""
    from .errors import UsageError

    if seconds is None:
        return DEFAULT_TIMEOUT
    if seconds < 0 or seconds != seconds:
        raise UsageError(f"--timeout takes a number of seconds (0: no limit), not {seconds:g}")
    return float(seconds) or None


# ---------------------------------------------------------------------------
# the worker


class _ParentGone(BaseException):
    """The pipe to the parent is closed: stop quietly."""


class _Sender:
    """A binary stream that sends what is written to it in pieces of :data:`CHUNK` bytes."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.buf = bytearray()

    def write(self, data) -> int:
        self.buf += data
        if len(self.buf) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buf:
            self.send(b"D" + bytes(self.buf))
            self.buf.clear()

    def send(self, message: bytes) -> None:
        try:
            self.conn.send_bytes(message)
        except (OSError, EOFError):
            raise _ParentGone from None

    def message(self, **fields) -> None:
        self.flush()
        self.send(b"J" + json.dumps(fields, ensure_ascii=False).encode("utf-8"))


def _open_source(source: tuple):
    kind, where = source[0], source[1]
    if kind == "store":
        from .store import open_store

        return open_store(where, read_only=True)
    if kind == "data":
        from .store import load_file

        return load_file(where)
    from .remote import RemoteStore

    return RemoteStore(where, timeout=source[2] if len(source) > 2 and source[2] else 3600.0)


def _evaluate(target, job: dict, out: _Sender) -> None:
    """One job: the query's results written to ``out`` (in the format asked, or negotiated from ``accept``)."""
    from .sparql import evaluate, is_graph_result, write_results

    sparql, params = job["sparql"], job.get("params") or None
    if hasattr(target, "raw_query"):  # a SPARQL server
        from .remote import prefix_declarations
        from .sparql import bind_params

        result = target.raw_query(prefix_declarations(bind_params(sparql, params)))
    else:
        result = evaluate(target, sparql, params, job.get("source"))
    fmt = job.get("format")
    if job.get("accept") is not None:
        from .endpoint import negotiate

        fmt, media_type = negotiate(job["accept"], is_graph_result(result), fmt)
        out.message(type="start", format=fmt, media_type=media_type)
    write_results(result, fmt, out)


def _run_job(target, job: dict, out: _Sender) -> None:
    """Evaluate one job and say how it ended (``done`` or ``error`` with the kg error class and message)."""
    try:
        _evaluate(target, job, out)
        out.message(type="done")
    except _ParentGone:
        raise
    except KgError as exc:
        out.message(type="error", error=type(exc).__name__, code=exc.exit_code,
                    message=" ".join(str(exc).split()))
    except MemoryError:
        out.message(type="error", error="QueryError", code=QueryError.exit_code, message=_OUT_OF_MEMORY)
    except Exception as exc:  # noqa: BLE001 - a bug: one line, exit 1, as kg.cli.main says it
        out.message(type="error", error="KgError", code=1,
                    message=f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())} "
                            "(run with --debug for the traceback)")


_OUT_OF_MEMORY = "the query ran out of memory and was stopped; ask for less (LIMIT, fewer joins or groups)"


def _worker_main(conn, source: tuple, stderr_path: str) -> None:
    """A worker process: open ``source`` once, then run the jobs received on ``conn`` until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the worker
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()
    try:
        fd = os.open(stderr_path, os.O_WRONLY | os.O_APPEND)
        os.dup2(fd, 2)
        os.close(fd)
    except OSError:
        pass
    out = _Sender(conn)
    state: dict = {}

    def opener():
        try:
            state["target"] = _open_source(source)
        except KgError as exc:
            state["error"] = exc

    def run(job):
        try:
            _run_job(state["target"], job, out)
        except _ParentGone:
            state["gone"] = True

    threading.stack_size(WORKER_STACK)
    _in_thread(opener)
    while True:
        try:
            job = json.loads(conn.recv_bytes())
        except (OSError, EOFError):
            return
        if "error" in state:
            exc = state["error"]
            try:
                out.message(type="error", error=type(exc).__name__, code=exc.exit_code,
                            message=" ".join(str(exc).split()))
            except _ParentGone:
                return
            continue
        _in_thread(run, job)
        if state.get("gone"):
            return


def _in_thread(fn, *args) -> None:
    t = threading.Thread(target=fn, args=args, daemon=True)
    t.start()
    t.join()


# ---------------------------------------------------------------------------
# the parent side


def _context(single_threaded: bool):
    """fork for ``kg query`` (nothing open yet, one thread: a few ms); forkserver (or spawn) in a server."""
    methods = multiprocessing.get_all_start_methods()
    if single_threaded and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class Worker:
    """A worker process that evaluates queries on one source (a store, an RDF file or an endpoint)."""

    def __init__(self, source: tuple, single_threaded: bool = False) -> None:
        ctx = _context(single_threaded)
        fd, self.stderr_path = tempfile.mkstemp(prefix="kg-query-", suffix=".err")
        os.close(fd)
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, source, self.stderr_path), daemon=True)
        self.process.start()
        child.close()

    def submit(self, job: dict) -> None:
        self.conn.send_bytes(json.dumps(job, ensure_ascii=False).encode("utf-8"))

    def messages(self, deadline: float | None, timeout: float | None) -> Iterator[tuple[str, object]]:
        """``("data", bytes)``, ``("start", dict)`` … until ``done``; a :class:`KgError` for an error, a
        crash or the deadline (then the worker is killed)."""
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not self.conn.poll(wait):
                self.kill()
                raise QueryError(timeout_message(timeout or 0))
            try:
                message = self.conn.recv_bytes()
            except (EOFError, OSError):
                raise self._died() from None
            if message[:1] == b"D":
                yield "data", message[1:]
                continue
            info = json.loads(message[1:])
            if info["type"] == "done":
                return
            if info["type"] == "error":
                from . import errors

                cls = getattr(errors, info["error"], None)
                if not (isinstance(cls, type) and issubclass(cls, KgError)):
                    cls = type(info["error"], (KgError,), {"exit_code": info.get("code", 1)})
                raise cls(info["message"])
            yield info["type"], info

    def _died(self) -> KgError:
        self.process.join(5)
        code = self.process.exitcode
        try:
            with open(self.stderr_path, "rb") as fh:
                fh.seek(max(0, os.path.getsize(self.stderr_path) - 4000))
                last_words = fh.read().decode("utf-8", "replace")
        except OSError:
            last_words = ""
        self.kill()
        if "memory allocation" in last_words or code == -signal.SIGKILL:
            return QueryError(_OUT_OF_MEMORY)
        how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit status {code}"
        return QueryError(f"the SPARQL engine crashed on this query ({how}); it is probably too long or too "
                          "deeply nested: simplify it")

    @property
    def usable(self) -> bool:
        """Whether the worker can take another job (it was not killed, and did not die)."""
        return not self.conn.closed and self.process.is_alive()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)
        if not self.conn.closed:
            self.conn.close()
        try:
            os.unlink(self.stderr_path)
        except OSError:
            pass

    def close(self) -> None:
        """Let the worker end (its pipe closes) and wait a moment; kill it if it does not."""
        try:
            self.conn.close()
        except OSError:
            pass
        self.process.join(2)
        self.kill()


def run_query(source: tuple, sparql: str, out, params: dict[str, str] | None = None, fmt: str | None = None,
              timeout: float | None = DEFAULT_TIMEOUT, allow_service: bool = False, where: str | None = None) -> None:
    """``kg query``: check the query, evaluate it in a worker, and write the results to ``out`` as they come.

    ``source``: ``("store", path)``, ``("data", rdf_file)`` or ``("endpoint", url)``.
    ``timeout`` (seconds, None: none) bounds opening the source and the whole
    evaluation; past it the worker is killed and a :class:`QueryError` says
    ``--timeout``. Ctrl-C (KeyboardInterrupt) and SIGTERM kill the worker too.
    """
    check_query(sparql, allow_service=allow_service or source[0] == "endpoint")
    if source[0] == "endpoint":
        source = (source[0], source[1], timeout)
    deadline = None if timeout is None else time.monotonic() + timeout
    worker = Worker(source, single_threaded=True)
    try:
        worker.submit({"sparql": sparql, "params": params or {}, "format": fmt, "source": where})
        for kind, data in worker.messages(deadline, timeout):
            if kind == "data":
                out.write(data)
                out.flush()
    finally:
        worker.kill()
