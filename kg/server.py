"""``kg serve``: the store as a local SPARQL 1.1 endpoint, with kg's query page.

This runs the Oxigraph server (the ``oxigraph`` program from the ``oxigraph``
Python package, the same engine and on-disk format as pyoxigraph) over the
store folder, behind a small HTTP front in this process:

* read-only by default (``oxigraph serve-read-only``); ``--writable`` accepts
  SPARQL updates (``oxigraph serve``), so that
  ``kg build --endpoint http://HOST:PORT/query`` can add articles while the
  endpoint is up;
* queries read the default graph, which in a kg store is the merge of the
  document graphs (see :mod:`kg.store`), as ``kg query`` does;
* bound to 127.0.0.1 unless ``--bind`` says otherwise.

Endpoints: ``/`` kg's query page (``kg/static/query.html``: the shipped
queries and prefixes, offline), ``/query`` SPARQL queries, ``/update`` SPARQL
updates (with ``--writable`` only); every path but ``/`` goes to Oxigraph.

Live answers (:class:`LiveBackend`): a read-only Oxigraph server keeps the
snapshot of the store it opened, so a ``kg build`` into the store while it is
served would stay invisible. Before each request the front compares the
store folder's files (names, sizes, times; not ``LOCK`` or the ``LOG*``
files) with those of the snapshot being served; when they differ and no
process holds the store's write lock, it starts a new read-only Oxigraph on
the store, waits until it answers, sends this and later requests to it, and
stops the old one once its requests are done. While a build is writing, the
last snapshot answers; the first request after the build sees its result.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import http.server
import ipaddress
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from importlib import resources
from pathlib import Path

from .errors import StoreError, UsageError


def find_oxigraph() -> str:
    """The ``oxigraph`` server program next to this Python, or on PATH."""
    exe = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    here = Path(sys.executable).parent / exe
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError(
        "kg serve needs the Oxigraph server program: install it with "
        f"'{Path(sys.executable).parent / 'pip'} install \"oxigraph>=0.5.13,<0.6\"' (kg's [serve] extra: "
        "pip install 'kg-news[serve]')"
    )


def parse_bind(bind: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[v6]:PORT``, ``:PORT`` or ``PORT``) -> (host, port).

    >>> parse_bind("127.0.0.1:7878"), parse_bind("8000"), parse_bind("[::1]:7878")
    (('127.0.0.1', 7878), ('127.0.0.1', 8000), ('::1', 7878))
    """
    b = bind.strip()
    if b.startswith("["):
        host, _, rest = b[1:].partition("]")
        port = rest.lstrip(":")
    elif ":" in b:
        host, _, port = b.rpartition(":")
    else:
        host, port = "", b
    host = host or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--bind takes HOST:PORT, e.g. 127.0.0.1:7878, not '{bind}'")
    return host, int(port)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise StoreError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another with --bind") from None


def _writer_active(store: Path) -> bool:
    """Whether another process holds the store's write lock (kg build, a writable server)."""
    lock = store / "LOCK"
    if not lock.exists():
        return False
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: let Oxigraph report it
        return False
    try:
        with open(lock, "rb+") as fh:
            try:
                fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.lockf(fh, fcntl.LOCK_UN)
    except OSError:
        return False
    return False


def server_command(store: Path, host: str, port: int, writable: bool, binary: str | None = None) -> list[str]:
    binary = binary or find_oxigraph()
    mode = "serve" if writable else "serve-read-only"
    addr = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    # no --union-default-graph: the default graph already is the merge of the document graphs
    return [binary, mode, "--location", str(store), "--bind", addr]


def serve_cli(args) -> int:
    from .store import check_readable_store, check_writable_store, default_store_path

    store = Path(args.store) if args.store else default_store_path()
    host, port = parse_bind(args.bind)
    if args.writable:
        check_writable_store(store)  # a damaged store is reported, never "repaired" into an empty one
        store.mkdir(parents=True, exist_ok=True)
    elif not store.is_dir() or not any(store.iterdir()):
        raise StoreError(f"{store}: no store here (run 'kg build' first, or serve an empty one with --writable)")
    else:
        check_readable_store(store)
    if _writer_active(store):
        raise StoreError(f"{store}: the store is in use by another process that writes it (kg build?); "
                         "serve it when that is done")
    binary = find_oxigraph()
    _check_port_free(host, port)
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    lines = [
        f"kg: serving {store} ({'writable' if args.writable else 'read-only'}) at {base}/  (query page)",
        f"kg: SPARQL endpoint {base}/query" + (f", updates {base}/update" if args.writable else ""),
        f"kg: kg query NAME --endpoint {base}/query" + (f"   kg build FILES --endpoint {base}/query" if args.writable else ""),
    ]
    if not args.writable:
        lines.append("kg: a kg build into this store is answered from the next request on")
    if not _is_loopback(host):
        lines.append(f"kg: warning: {host} is reachable from other machines"
                     + ("; anyone who can reach it can change the store" if args.writable else ""))
    lines.append("kg: Ctrl-C to stop")
    quiet = getattr(args, "quiet", False)
    backend = LiveBackend(store, args.writable, binary, quiet=quiet)
    backend.start()
    page, csp = query_page(str(store), args.writable)
    try:
        front = make_front(host, port, backend, page, csp)
    except OSError as exc:
        backend.close()
        raise StoreError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another with --bind") from None
    if not quiet:
        print("\n".join(lines), file=sys.stderr, flush=True)
    return run_front(front, backend)


# ---------------------------------------------------------------------------
# the query page

def query_page(store_label: str, writable: bool) -> tuple[bytes, str]:
    """The page at ``/`` (kg/static/query.html) with kg's shipped queries and prefixes, and its CSP.

    Each shipped query is offered under its first comment line; its
    ``# param:`` lines become input fields. The Content-Security-Policy
    allows the page's one script (by hash) and requests to this server only.
    """
    from .sparql import PREFIXES, describe_query, named_queries
    from .viz import json_for_script

    queries = []
    for name, text in named_queries().items():
        params = []
        for line in text.splitlines():
            if line.startswith("# param:"):
                spec = line.split(":", 1)[1].strip()
                pname, _, rest = spec.partition(" ")
                params.append({"name": pname, "help": rest.strip(" —-") or pname})
        queries.append({"name": name, "label": describe_query(text), "text": text, "params": params})
    config = {"store": store_label, "writable": writable, "prefixes": PREFIXES, "queries": queries}
    html = resources.files("kg.static").joinpath("query.html").read_text(encoding="utf-8")
    html = html.replace("%%CONFIG%%", json_for_script(config), 1)
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(x.encode("utf-8")).digest()).decode("ascii") + "'"
                      for x in scripts)
    csp = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; connect-src 'self'; "
           "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    return html.encode("utf-8"), csp


# ---------------------------------------------------------------------------
# live answers: an Oxigraph server per snapshot of the store

def store_state(store: Path) -> tuple:
    """What changes when the store is written: its files' names, sizes and modification times.

    ``LOCK`` and RocksDB's ``LOG*`` files are left out (they change without
    new data); a file that vanishes while the folder is read is skipped.
    """
    out = []
    with os.scandir(store) as entries:
        for e in entries:
            if e.name == "LOCK" or e.name.startswith("LOG"):
                continue
            try:
                st = e.stat()
            except FileNotFoundError:
                continue
            out.append((e.name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(out))


def _free_loopback_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: no orphan server if kg is killed
    except Exception:
        pass


_spawner = None


def _spawn(cmd: list[str]) -> subprocess.Popen:
    """Start a server process from one long-lived thread: Linux sends PR_SET_PDEATHSIG's signal
    when the thread that started the child ends, and request threads end after each request."""
    global _spawner
    if _spawner is None:
        from concurrent.futures import ThreadPoolExecutor

        _spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-serve-spawn")
    linux = sys.platform.startswith("linux")
    return _spawner.submit(subprocess.Popen, cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, preexec_fn=_die_with_parent if linux else None).result()


class _Oxigraph:
    """One ``oxigraph`` server process on a private loopback port."""

    def __init__(self, store: Path, writable: bool, binary: str, quiet: bool) -> None:
        self.port = _free_loopback_port()
        cmd = server_command(store, "127.0.0.1", self.port, writable, binary)
        self.proc = _spawn(cmd)
        self.users = 0
        self.retired = False
        self._err: list[str] = []
        threading.Thread(target=self._drain, args=(quiet,), daemon=True).start()

    def _drain(self, quiet: bool) -> None:
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            self._err.append(line)
            if line and not line.startswith("Listening for requests") and not quiet:
                print(f"kg: oxigraph: {line}", file=sys.stderr, flush=True)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                time.sleep(0.05)  # let the drain thread read what it said
                said = " ".join(x for x in self._err if x)[:300]
                raise StoreError(f"the oxigraph server stopped at once (exit {self.proc.returncode})"
                                 + (f": {said}" if said else ""))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise StoreError(f"the oxigraph server did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


class LiveBackend:
    """The Oxigraph server that answers now: read-only, a new one after each change of the store.

    :meth:`acquire` returns the server for one request (starting a new one
    first if the store changed and nobody is writing it); :meth:`release`
    gives it back, and a replaced server stops when its last request is done.
    With ``writable`` there is one server, which makes the changes itself.
    """

    def __init__(self, store: Path, writable: bool, binary: str, quiet: bool = False) -> None:
        self.store, self.writable, self.binary, self.quiet = store, writable, binary, quiet
        self.current: _Oxigraph | None = None
        self.state: tuple = ()
        self.failed: tuple | None = None  # a state whose server would not start: not tried again
        self.lock = threading.Lock()

    def _open(self) -> _Oxigraph:
        server = _Oxigraph(self.store, self.writable, self.binary, self.quiet)
        try:
            server.wait_ready()
        except BaseException:
            server.stop()
            raise
        return server

    def start(self) -> None:
        self.state = () if self.writable else store_state(self.store)
        self.current = self._open()

    def acquire(self) -> _Oxigraph:
        with self.lock:
            if not self.writable:
                try:
                    state = store_state(self.store)
                except OSError:  # the folder is gone or unreadable: the snapshot answers
                    state = self.state
                # the lock is probed only when the files changed (the probe holds it for an instant)
                if state != self.state and state != self.failed and not _writer_active(self.store):
                    try:
                        fresh = self._open()
                    except StoreError as exc:
                        self.failed = state
                        if not self.quiet:
                            print(f"kg: the store changed but cannot be reopened, the earlier state answers: {exc}",
                                  file=sys.stderr, flush=True)
                    else:
                        old, self.current, self.state = self.current, fresh, state
                        old.retired = True
                        if old.users == 0:
                            threading.Thread(target=old.stop, daemon=True).start()
            server = self.current
            server.users += 1
            return server

    def release(self, server: _Oxigraph) -> None:
        with self.lock:
            server.users -= 1
            done = server.retired and server.users == 0
        if done:
            threading.Thread(target=server.stop, daemon=True).start()

    def close(self) -> None:
        with self.lock:
            if self.current is not None:
                self.current.stop()


# ---------------------------------------------------------------------------
# the HTTP front: the page, and everything else to Oxigraph

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
               "trailers", "transfer-encoding", "upgrade", "host"}


def make_front(host: str, port: int, backend: LiveBackend, page: bytes, csp: str) -> http.server.ThreadingHTTPServer:
    """The HTTP server of ``kg serve`` on ``host:port`` (not started)."""

    class Front(http.server.BaseHTTPRequestHandler):
        server_version = "kg-serve"

        def log_message(self, format, *args):  # noqa: A002 - no access log
            pass

        def _page(self, head: bool) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.send_header("Content-Security-Policy", csp)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(page)

        def _body(self) -> bytes | None:
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                parts = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline().strip():
                            pass
                        return b"".join(parts)
                    parts.append(self.rfile.read(size))
                    self.rfile.readline()
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else None

        def _forward(self) -> None:
            body = self._body()
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            server = backend.acquire()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", server.port)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    resp = conn.getresponse()
                    self.send_response_only(resp.status, resp.reason)
                    for k, v in resp.getheaders():
                        if k.lower() not in _HOP_BY_HOP:
                            self.send_header(k, v)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    if self.command != "HEAD":
                        while True:
                            chunk = resp.read(65536)
                            if not chunk:
                                break
                            self.wfile.write(chunk)
                finally:
                    conn.close()
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                try:
                    self.send_error(502, f"the oxigraph server did not answer ({exc})")
                except OSError:
                    pass
            finally:
                backend.release(server)
            self.close_connection = True

        def do_GET(self):  # noqa: N802
            if self.path == "/" or self.path.startswith("/?"):
                self._page(head=False)
            else:
                self._forward()

        def do_HEAD(self):  # noqa: N802
            if self.path == "/" or self.path.startswith("/?"):
                self._page(head=True)
            else:
                self._forward()

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _forward  # noqa: N815

    class Server(http.server.ThreadingHTTPServer):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        daemon_threads = True

    return Server((host, port), Front)


def run_front(front: http.server.ThreadingHTTPServer, backend: LiveBackend) -> int:
    """Serve until Ctrl-C or SIGTERM; then stop the Oxigraph servers."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        front.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        front.server_close()
        backend.close()
    return 0
