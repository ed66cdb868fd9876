"""Damaged stores, hostile queries, odd outputs and inputs, killed builds (issue #16).

Built like ``tests/test_bad_input.py``: every case runs the real command line
(``python -m kg``) against a real store (and a real ``oxigraph serve`` on
127.0.0.1), and checks the exit code, the one ``kg: …`` line, and that
nothing stored was lost or replaced.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DEV, ROOT, SAMPLE, run_kg
from tests.test_bad_input import assert_clean_failure, free_port, kg_lines

SECOND = DEV / "R1-jiangyin-zoomlion-base-signing.txt"


def folder_hashes(folder: Path) -> dict[str, str]:
    """Every file of a folder (recursively) by relative path -> SHA-256 of its bytes."""
    return {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*")) if f.is_file()
    }


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> Path:
    """A store holding the sample article (copy it before damaging it)."""
    store = tmp_path_factory.mktemp("reliability") / "store"
    r = run_kg("build", SAMPLE, "--store", store)
    assert r.returncode == 0, r.stderr.decode()
    return store


def _garble_a_table_file(store: Path) -> None:
    sst = max(store.glob("*.sst"), key=lambda f: f.stat().st_size)
    data = bytearray(sst.read_bytes())
    for i in range(100, len(data) - 200, 97):
        data[i] ^= 0x5A
    sst.write_bytes(bytes(data))


DAMAGE = {
    "CURRENT removed": lambda s: (s / "CURRENT").unlink(),
    "CURRENT emptied": lambda s: (s / "CURRENT").write_bytes(b""),
    "a table file garbled": _garble_a_table_file,
    "a table file removed": lambda s: max(s.glob("*.sst"), key=lambda f: f.stat().st_size).unlink(),
}


# ---------------------------------------------------------------------------
# 1. a damaged store is never written


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_store_is_reported_and_left_byte_for_byte_as_it_was(tmp_path, built_store, damage):
    store = tmp_path / "store"
    shutil.copytree(built_store, store)
    DAMAGE[damage](store)
    before = folder_hashes(store)
    for _ in range(2):  # the second build used to delete the old data files
        r = run_kg("build", SECOND, "--store", store)
        assert_clean_failure(r, 5, re.compile(re.escape(f"kg: {store}: the store is damaged (") + ".*"))
        assert "restore it from a backup, or build into a new --store" in kg_lines(r.stderr)[0]
        assert folder_hashes(store) == before


def test_a_folder_that_is_not_a_store_is_not_written(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("买菜\n", encoding="utf-8")
    before = folder_hashes(folder)
    r = run_kg("build", SECOND, "--store", folder)
    assert_clean_failure(r, 5, f"kg: {folder}: not a kg store (no CURRENT file); "
                         "give --store a store folder, an empty folder or a new path")
    assert folder_hashes(folder) == before


def test_a_store_is_created_in_an_empty_or_missing_folder(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for store in (empty, tmp_path / "new" / "store"):
        r = run_kg("build", SECOND, "--store", store)
        assert r.returncode == 0, r.stderr.decode()
        assert (store / "CURRENT").is_file()


def test_kg_serve_writable_refuses_a_damaged_store(tmp_path, built_store):
    store = tmp_path / "store"
    shutil.copytree(built_store, store)
    (store / "CURRENT").unlink()
    before = folder_hashes(store)
    with socket.socket() as busy:  # should the check not happen, the server cannot start either
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        r = run_kg("serve", "--store", store, "--writable", "--bind", f"127.0.0.1:{busy.getsockname()[1]}")
    assert_clean_failure(r, 5, f"kg: {store}: the store is damaged (no CURRENT file); it was left as it is: "
                         "restore it from a backup, or build into a new --store")
    assert folder_hashes(store) == before


# ---------------------------------------------------------------------------
# 5. -o writes what it should and replaces nothing else (kg.formats.output_target)


def _no_temporary_files(*folders: Path) -> bool:
    return not [f for d in folders for f in d.iterdir() if f.name.endswith(".tmp")]


@pytest.mark.parametrize("command", ["build", "export", "viz", "query"])
def test_o_refuses_a_read_only_file_instead_of_replacing_it(tmp_path, built_store, command):
    out = tmp_path / ("graph.html" if command == "viz" else "kg.ttl")
    out.write_bytes(b"keep me\n")
    out.chmod(0o444)
    args = {"build": ("build", SECOND, "-o", out),
            "export": ("export", "--store", built_store, "-o", out),
            "viz": ("viz", "--store", built_store, "-o", out),
            "query": ("query", "companies-districts", "--store", built_store, "-o", out)}[command]
    r = run_kg(*args)
    assert_clean_failure(r, 6, f"kg: {out}: cannot write: the file is read-only (mode 0444); "
                         "make it writable (chmod u+w) or choose another output")
    assert out.read_bytes() == b"keep me\n"
    assert out.stat().st_mode & 0o777 == 0o444
    assert _no_temporary_files(tmp_path)


def test_o_on_a_fifo_writes_into_it_and_leaves_the_fifo(tmp_path, built_store):
    import threading

    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.open("rb").read()), daemon=True)
    reader.start()
    r = run_kg("export", "--store", built_store, "-o", fifo)
    assert r.returncode == 0, r.stderr.decode()
    assert fifo.is_fifo(), "the FIFO was replaced by a regular file"
    reader.join(60)
    assert got and got[0].count(b" .\n") > 100  # the N-Triples came through the FIFO
    assert _no_temporary_files(tmp_path)


def test_o_on_a_character_device_writes_to_it_even_through_a_link(tmp_path, built_store):
    import stat

    device = tmp_path / "null.nt"
    try:  # a null device of our own first: were it replaced, no real device is harmed
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("cannot create a device node here (not root)")
    link = tmp_path / "out.ttl"
    link.symlink_to(device)
    for target in (device, link):
        r = run_kg("export", "--store", built_store, "-o", target)
        assert r.returncode == 0, r.stderr.decode()
        assert stat.S_ISCHR(device.stat().st_mode), f"-o {target} replaced the device by a regular file"
        assert link.is_symlink() and os.readlink(link) == str(device)
    assert _no_temporary_files(tmp_path)
    # and the real /dev/null, through a link (safe now that the device node above was written as a stream)
    link.unlink()
    link.symlink_to("/dev/null")
    r = run_kg("export", "--store", built_store, "-o", link)
    assert r.returncode == 0, r.stderr.decode()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and link.is_symlink()


def test_o_on_a_link_to_a_file_replaces_the_target_and_keeps_the_link(tmp_path, built_store):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "kg.nt"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    link = tmp_path / "kg.nt"
    link.symlink_to(target)
    r = run_kg("export", "--store", built_store, "-o", link)
    assert r.returncode == 0, r.stderr.decode()
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes().count(b" .\n") > 100
    assert target.stat().st_mode & 0o777 == 0o640
    assert _no_temporary_files(tmp_path, elsewhere)


# ---------------------------------------------------------------------------
# 4. resource errors: a full disk, memory, SIGTERM


def _on_a_small_disk(disk: Path, size: str, *args) -> subprocess.CompletedProcess:
    """``kg ARGS`` in a private mount namespace where ``disk`` is a tmpfs of ``size``: a disk that fills up."""
    import sys

    script = f'mount -t tmpfs -o size={size} tmpfs "{disk}" && exec "$0" -m kg "$@"'
    return subprocess.run(["unshare", "-rm", "sh", "-c", script, sys.executable, *map(str, args)],
                          cwd=ROOT, capture_output=True, timeout=600)


def test_a_full_disk_while_building_the_store_is_exit_5_naming_the_store(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {disk}"],
                           capture_output=True) if shutil.which("unshare") else None
    if probe is None or probe.returncode != 0:
        pytest.skip("cannot mount a small file system here (unshare -rm)")
    store = disk / "store"
    r = _on_a_small_disk(disk, "256k", "build", SAMPLE, "--store", store)
    assert_clean_failure(r, 5, f"kg: {store}: cannot write the store (no space left on device); "
                         "free some space or fix the folder, then run the build again")


def _big_store(path: Path, n: int) -> Path:
    """A store of ``n`` synthetic statements in one document graph and the merge (slow enough to export)."""
    import pyoxigraph as ox

    st = ox.Store(str(path))
    note = ox.NamedNode("https://w3id.org/kg-news/ontology#note")
    doc = ox.NamedNode("https://w3id.org/kg-news/id/doc/synthetic")

    def quads():
        for i in range(n):
            s, o = ox.NamedNode(f"https://w3id.org/kg-news/id/thing/{i}"), ox.Literal(f"value {i}")
            yield ox.Quad(s, note, o, doc)
            yield ox.Quad(s, note, o, ox.DefaultGraph())

    st.bulk_extend(quads())
    st.flush()
    del st
    return path


def test_sigterm_during_export_leaves_no_temporary_file(tmp_path):
    import signal
    import sys
    import time

    store = _big_store(tmp_path / "store", 300_000)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "kg.nt"
    p = subprocess.Popen([sys.executable, "-m", "kg", "export", "--store", store, "-o", out],
                         cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not any(f.name.endswith(".tmp") for f in out_dir.iterdir()):  # the export is writing
        assert p.poll() is None, "the export ended before it could be stopped: make the store bigger"
        assert time.monotonic() < deadline, "the export never started writing"
        time.sleep(0.02)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 143, err.decode()
    assert kg_lines(err) == ["kg: terminated"]
    assert "Traceback" not in err.decode()
    assert list(out_dir.iterdir()) == []  # neither the hidden .tmp file nor a half-written kg.nt


def test_a_query_out_of_memory_is_one_line_and_exit_4(built_store):
    import resource
    import sys

    def limit_memory():  # 1.5 GB of address space: the sort below needs far more
        resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))

    q = "SELECT ?a ?b ?c WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f } ORDER BY ?a"
    r = subprocess.run([sys.executable, "-m", "kg", "query", q, "--store", built_store, "--format", "csv"],
                       cwd=ROOT, capture_output=True, timeout=600, preexec_fn=limit_memory)
    assert_clean_failure(r, 4, "kg: the query ran out of memory and was stopped; "
                         "ask for less (LIMIT, fewer joins or groups)")


# ---------------------------------------------------------------------------
# 1. a query cannot crash kg


def test_a_query_nested_5000_deep_is_refused_in_one_line(tmp_path, built_store):
    deep = tmp_path / "deep.rq"
    deep.write_text("SELECT * WHERE { " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000 + " }\n", encoding="utf-8")
    r = run_kg("query", deep, "--store", built_store)
    assert_clean_failure(r, 4, f"kg: {deep}: the query nests {{ }}, ( ) or [ ] more than 200 deep (at line 1, "
                         "column 416); kg refuses it, as a deeper query can crash the SPARQL engine")
    # brackets inside strings, IRIs and comments do not count; 200 deep is allowed
    ok = ("SELECT * WHERE { " + "{ " * 198 + '?s ?p ?o FILTER(?o != "((((((((((") # ((((((((((\n'
          + " }" * 198 + " } LIMIT 1")
    r = run_kg("query", ok, "--store", built_store, "--format", "csv")
    assert r.returncode == 0, r.stderr.decode()


def test_a_query_over_1_mb_is_refused(tmp_path, built_store):
    big = tmp_path / "big.rq"
    big.write_text("SELECT * WHERE { ?s ?p ?o } " + "#" * 1_000_000, encoding="utf-8")
    r = run_kg("query", big, "--store", built_store)
    assert_clean_failure(r, 4, f"kg: {big}: the query is 1,000,028 bytes; kg runs queries of at most 1,000,000 bytes")


def test_a_query_that_crashes_the_engine_is_one_line_and_exit_4(tmp_path, built_store):
    # 900,000 nested negations: not brackets, under 1 MB, and a stack overflow in Oxigraph's parser
    crash = tmp_path / "negations.rq"
    crash.write_text("SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 900_000 + "true) }", encoding="utf-8")
    r = run_kg("query", crash, "--store", built_store)
    assert_clean_failure(r, 4, f"kg: {crash}: the SPARQL engine crashed on this query (signal SIGSEGV); "
                         "it is probably too long or too deeply nested: simplify it")


# ---------------------------------------------------------------------------
# 2. queries do not reach out


class Listener:
    """A loopback TCP listener that records every request it receives (and answers none)."""

    def __init__(self) -> None:
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self.stopped = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    self.received.append(conn.recv(65536))
                except OSError:
                    self.received.append(b"")

    def close(self) -> None:
        self.stopped = True
        self.thread.join(5)
        self.sock.close()


def test_service_is_refused_unless_allowed(built_store):
    listener = Listener()
    try:
        q = f"SELECT * WHERE {{ ?s ?p ?o . SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?x }} }}"
        for text in (q, q.replace("SERVICE", "service"), q.replace(" . SERVICE", " .SERVICE")):
            r = run_kg("query", text, "--store", built_store)
            assert_clean_failure(r, 4, re.compile(r"kg: the query has SERVICE \(line 1, column \d+\), which sends "
                                                  r"part of it to another server; refused unless kg is run with "
                                                  r"--allow-service"))
        assert listener.received == []
        # a variable, a prefixed name or a string named service is not the keyword
        r = run_kg("query", 'SELECT ?service WHERE { ?service ?p "SERVICE" } LIMIT 1', "--store", built_store)
        assert r.returncode == 0, r.stderr.decode()
        # with the flag the request is made: the listener above would have seen one
        r = run_kg("query", q, "--store", built_store, "--allow-service", "--timeout", "30")
        assert r.returncode == 4  # the listener answers nothing
        assert listener.received and listener.received[0].startswith(b"POST /sparql")
    finally:
        listener.close()


# ---------------------------------------------------------------------------
# 3. a query is bounded: --timeout, Ctrl-C, rows streamed

ENDLESS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 600^4 rows of the sample store
ENDLESS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_timeout_stops_a_query_with_exit_4(tmp_path, built_store):
    import time

    out = tmp_path / "n.csv"
    out.write_bytes(b"old\n")
    start = time.monotonic()
    r = run_kg("query", ENDLESS_COUNT, "--store", built_store, "--timeout", "2", "-o", out, "--format", "csv")
    assert_clean_failure(r, 4, "kg: the query ran longer than --timeout 2 s and was stopped "
                         "(give a larger --timeout, or --timeout 0 for no limit)")
    assert time.monotonic() - start < 60
    assert out.read_bytes() == b"old\n" and _no_temporary_files(tmp_path)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
def test_rows_are_streamed_and_ctrl_c_stops_the_query_with_exit_130(built_store, fmt):
    import signal
    import sys

    from tests.test_bad_input import time_limit

    p = subprocess.Popen([sys.executable, "-m", "kg", "query", ENDLESS, "--store", built_store, "--format", fmt],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        with time_limit(120, "the first rows of an endless query"):  # collected in memory, they never came
            got = b""
            while got.count(b"\n") < 5 and len(got) < 100_000:
                got += p.stdout.read1(65536)
        assert b"https://w3id.org/kg-news/" in got
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 130, err.decode()
    assert kg_lines(err) == ["kg: interrupted"]
    with pytest.raises(ProcessLookupError):  # the worker evaluating the query went with it
        os.killpg(p.pid, 0)


def test_a_reader_that_goes_away_stops_the_query(built_store):
    import sys

    p = subprocess.Popen(f'"{sys.executable}" -m kg query "{ENDLESS}" --store "{built_store}" --format csv | head -3',
                         shell=True, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0 and out.count(b"\n") == 3
    assert kg_lines(err) == []


# ---------------------------------------------------------------------------
# 1-3 for kg serve: a real kg serve on 127.0.0.1


def _post(base: str, query: str, accept: str = "*/*", timeout: float = 120) -> tuple[int, str, bytes]:
    """POST a query to kg serve: (status, content type, body)."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(base + "/query", data=query.encode("utf-8"), method="POST",
                                 headers={"Content-Type": "application/sparql-query", "Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


@pytest.fixture
def kg_serve(built_store):
    """Start ``kg serve`` on a free loopback port; yields a function of the extra flags -> base URL."""
    from tests.test_remote import start_kg_serve, stop

    procs = []

    def start(*extra):
        port = free_port()
        procs.append(start_kg_serve(built_store, port, *extra))
        return f"http://127.0.0.1:{port}"

    yield start
    for p in procs:
        stop(p)


def _alive(base: str) -> bool:
    status, _, body = _post(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")
    return status == 200 and body.startswith(b"n\r\n")


def test_kg_serve_refuses_a_deep_query_and_survives_one_that_crashes_the_engine(kg_serve):
    base = kg_serve()
    deep = "SELECT * WHERE { " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000 + " }"
    status, ctype, body = _post(base, deep)
    assert (status, ctype) == (400, "text/plain; charset=utf-8")
    assert body == (b"the query nests { }, ( ) or [ ] more than 200 deep (at line 1, column 416); kg refuses it, "
                    b"as a deeper query can crash the SPARQL engine\n")
    assert _alive(base)
    status, _, body = _post(base, "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 900_000 + "true) }")
    assert status == 500 and body.startswith(b"the SPARQL engine crashed on this query (signal SIGSEGV)")
    assert _alive(base)  # the worker that crashed was replaced; the server went on
    status, _, body = _post(base, "SELECT * WHERE { ?s ?p ?o } " + "#" * 1_000_000)
    assert status == 400 and body.startswith(b"the query is 1,000,028 bytes")


def test_kg_serve_refuses_service_unless_allowed(kg_serve):
    listener = Listener()
    try:
        q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        status, _, body = _post(kg_serve(), q)
        assert status == 400
        assert body == (b"the query has SERVICE (line 1, column 18), which sends part of it to another server; "
                        b"refused unless kg is run with --allow-service\n")
        assert listener.received == []
        status, _, _ = _post(kg_serve("--allow-service"), q)
        assert listener.received and listener.received[0].startswith(b"POST /sparql")
    finally:
        listener.close()


def test_kg_serve_stops_a_query_at_its_timeout_and_goes_on(kg_serve):
    import time

    base = kg_serve("--timeout", "2")
    start = time.monotonic()
    status, _, body = _post(base, ENDLESS_COUNT)
    assert status == 503
    assert body == (b"the query ran longer than --timeout 2 s and was stopped "
                    b"(give a larger --timeout, or --timeout 0 for no limit)\n")
    assert time.monotonic() - start < 60
    assert _alive(base)


@pytest.mark.parametrize("accept, media, start", [
    ("application/sparql-results+json", "application/sparql-results+json", b'{"head":{"vars":["l"]}'),
    ("application/json", "application/sparql-results+json", b'{"head":{"vars":["l"]}'),
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<?xml"),
    ("text/csv", "text/csv", b"l\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", b"?l\n"),
    ("text/html,*/*;q=0.8", "application/sparql-results+json", b'{"head"'),
])
def test_kg_serve_answers_solutions_in_the_format_asked(kg_serve, accept, media, start):
    status, ctype, body = _post(kg_serve(), "SELECT ?l WHERE { ?e rdfs:label ?l } LIMIT 3", accept)
    assert (status, ctype) == (200, media) and body.startswith(start), body[:200]


def test_kg_serve_answers_graphs_in_the_format_asked_and_406_otherwise(kg_serve):
    import json

    base = kg_serve()
    q = "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e rdfs:label ?l } LIMIT 3"
    status, ctype, body = _post(base, q, "text/turtle")
    assert (status, ctype) == (200, "text/turtle") and b"rdfs:label" in body
    status, ctype, body = _post(base, q, "application/n-triples")
    assert (status, ctype) == (200, "application/n-triples") and body.count(b" .\n") == 3
    status, ctype, body = _post(base, q, "application/ld+json")
    assert (status, ctype) == (200, "application/ld+json") and json.loads(body)
    status, ctype, body = _post(base, q, "text/csv")
    assert status == 406 and body.startswith(b"no result format that the request accepts (text/csv)")
