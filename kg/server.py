"""``kg serve``: the store as a local SPARQL 1.1 endpoint, with a query page.

* read-only by default: kg's own HTTP front (:mod:`kg.endpoint`, started by
  :func:`serve_read_only`) checks every query (:func:`kg.guard.check_query`:
  size, nesting, SERVICE unless ``--allow-service``), bounds it by
  ``--timeout`` and evaluates it in worker processes on the store opened
  read-only, so that no query can crash or hang the server; when the store's
  files change (a ``kg build`` into it, :func:`store_state`), the workers
  reopen it, so answers are what the store holds now; the page at ``/`` is
  kg's (:func:`query_page`: the shipped queries and prefixes, offline);
* ``--writable`` accepts SPARQL updates: it becomes the Oxigraph server
  (``oxigraph serve``, from the ``oxigraph`` Python package, the same engine
  and on-disk format as pyoxigraph; :func:`exec_oxigraph`), so that
  ``kg build --endpoint http://HOST:PORT/query`` can add articles while the
  endpoint is up; there only ``--timeout`` applies (``--timeout-s``);
* queries read the default graph, which in a kg store is the merge of the
  document graphs (see :mod:`kg.store`), as ``kg query`` does;
* bound to 127.0.0.1 unless ``--bind`` says otherwise.

Endpoints: ``/`` query page, ``/query`` SPARQL queries, ``/update``
SPARQL updates (with ``--writable`` only).
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import os
import re
import shutil
import socket
import subprocess
import sys
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


def writer_active(store: Path) -> bool:
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


def server_command(store: Path, host: str, port: int, writable: bool, binary: str | None = None,
                   timeout: float | None = None) -> list[str]:
    binary = binary or find_oxigraph()
    mode = "serve" if writable else "serve-read-only"
    addr = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    # no --union-default-graph: the default graph already is the merge of the document graphs
    limit = ["--timeout-s", f"{max(1, round(timeout))}"] if timeout else []
    return [binary, mode, "--location", str(store), "--bind", addr, *limit]


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
    if writer_active(store):
        raise StoreError(f"{store}: the store is in use by another process that writes it (kg build?); "
                         "serve it when that is done")
    from .guard import check_timeout

    timeout = check_timeout(getattr(args, "timeout", None))
    allow_service = getattr(args, "allow_service", False)
    cmd = server_command(store, host, port, args.writable, timeout=timeout) if args.writable else None
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
    if args.writable:
        lines.append("kg: warning: --writable runs Oxigraph's own server: queries are not checked "
                     "(size, nesting, SERVICE); only --timeout applies")
    lines.append("kg: Ctrl-C to stop")
    if not getattr(args, "quiet", False):
        print("\n".join(lines), file=sys.stderr, flush=True)
    sys.stdout.flush()
    if not args.writable:
        return serve_read_only(store, host, port, timeout, allow_service)
    return exec_oxigraph(cmd)


def serve_read_only(store: Path, host: str, port: int, timeout: float | None, allow_service: bool) -> int:
    """The read-only endpoint: kg's own HTTP front (:mod:`kg.endpoint`), which checks every query,
    refuses SERVICE unless ``allow_service``, bounds it by ``timeout`` and evaluates it in a worker process."""
    from .endpoint import serve_front

    return serve_front(store, host, port, timeout, allow_service)


def exec_oxigraph(cmd: list[str]) -> int:
    """``--writable``: become the Oxigraph server (it takes the SPARQL updates of ``kg build --endpoint``)."""
    if os.name == "posix":
        # become the server: signals (Ctrl-C, kill) reach it directly
        os.execv(cmd[0], cmd)
    try:  # pragma: no cover - non-POSIX
        return subprocess.call(cmd)
    except KeyboardInterrupt:  # pragma: no cover
        return 0


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
