"""Damaged stores, hostile queries, odd outputs and inputs, killed builds (issue #16).

Built like ``tests/test_bad_input.py``: every case runs the real command line
(``python -m kg``) against a real store (and a real ``oxigraph serve`` on
127.0.0.1), and checks the exit code, the one ``kg: …`` line, and that
nothing stored was lost or replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DEV, ROOT, SAMPLE, run_kg
from tests.test_bad_input import doc_graphs, assert_clean_failure, free_port, kg_lines

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


# 2. encodings: the right characters or a clear refusal, never wrong characters with exit 0
#
# Synthetic articles: no name in them comes from an evaluation article.

SIMPLIFIED = ("星河新材料股份有限公司与昆山市签约，双方将共建新材料产业园。\n"
              "星河新材料股份有限公司董事长周明远表示：“这是我们发展的新起点。”\n")
TRADITIONAL = ("星河新材料股份有限公司與昆山市簽約，雙方將共建新材料產業園。\n"
               "星河新材料股份有限公司董事長周明遠表示：「這是我們發展的新起點。」\n")
FRENCH = "Le conseil municipal a approuvé le budget de l'année. Les élèves étudient à l'école.\n"
KG = "https://w3id.org/kg-news/ontology#"


def document_hashes(rdf_file: Path) -> dict[str, str]:
    """File name -> the kg:sha256 of the text kg decoded (the SHA-256 of its UTF-8)."""
    from kg.store import load_file

    rows = load_file(rdf_file).query(f"SELECT ?f ?sha WHERE {{ ?d <{KG}fileName> ?f ; <{KG}sha256> ?sha }}")
    return {r["f"].value: r["sha"].value for r in rows}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_chinese_in_gb18030_big5_and_utf16_comes_out_as_the_right_characters(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    texts = {"gb18030.txt": (SIMPLIFIED * 3, "gb18030"), "gbk.txt": (SIMPLIFIED, "gbk"),
             "big5.txt": (TRADITIONAL * 3, "big5"), "big5-short.txt": (TRADITIONAL.split("\n")[0], "big5"),
             "utf16.txt": (SIMPLIFIED, "utf-16")}
    for name, (text, enc) in texts.items():
        (src / name).write_bytes(text.encode(enc))
    out = tmp_path / "out.trig"
    r = run_kg("build", src, "-o", out)
    assert r.returncode == 0, r.stderr.decode()
    assert kg_lines(r.stderr) == []
    assert document_hashes(out) == {name: sha(text) for name, (text, _) in texts.items()}


def test_latin1_is_refused_with_a_hint_and_read_right_with_encoding(tmp_path):
    f = tmp_path / "note.txt"
    f.write_bytes(FRENCH.encode("latin-1"))
    out = tmp_path / "out.ttl"
    r = run_kg("build", f, "-o", out)
    assert_clean_failure(r, 3, f"kg: {f}: cannot tell the text encoding (not UTF-8, GB18030/GBK, Big5 or UTF-16); "
                         "give it with --encoding NAME (e.g. --encoding latin-1)")
    assert not out.exists()
    r = run_kg("build", f, "-o", out, "--encoding", "latin-1")
    assert r.returncode == 0 and kg_lines(r.stderr) == [], r.stderr.decode()
    assert document_hashes(out) == {"note.txt": sha(FRENCH)}


def test_encoding_names_the_encoding_of_every_file_and_of_stdin(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(TRADITIONAL.encode("big5"))
    (src / "b.txt").write_bytes(b"\xef\xbb\xbf" + TRADITIONAL.encode("utf-8"))
    out = tmp_path / "out.ttl"
    r = run_kg("build", src / "a.txt", "-o", out, "--encoding", "big5")
    assert r.returncode == 0, r.stderr.decode()
    assert document_hashes(out) == {"a.txt": sha(TRADITIONAL)}
    r = run_kg("build", src / "b.txt", "-o", out, "--encoding", "utf-8")  # its BOM is dropped
    assert r.returncode == 0 and document_hashes(out) == {"b.txt": sha(TRADITIONAL)}
    r = run_kg("build", "-", "--id", "x", "-o", out, "--encoding", "big5", input=TRADITIONAL.encode("big5"))
    assert r.returncode == 0, r.stderr.decode()
    store = tmp_path / "store"
    r = run_kg("build", src, "--encoding", "no-such-encoding", "--store", store)
    assert_clean_failure(r, 2, "kg: --encoding: unknown encoding 'no-such-encoding' "
                         "(e.g. utf-8, gb18030, big5, latin-1)")
    assert not store.exists()


def _damaged(text: str, count: int, seed: int = 7) -> tuple[bytes, int]:
    """UTF-8 ``text`` with ``count`` 0xFF bytes put between characters; and the offset of the first."""
    import random

    rng = random.Random(seed)
    at = sorted(rng.sample(range(1, len(text)), count))
    parts, last = [], 0
    for i in at:
        parts.append(text[last:i].encode("utf-8"))
        last = i
    parts.append(text[last:].encode("utf-8"))
    return b"\xff".join(parts), len(parts[0])


def test_a_few_bad_bytes_are_replaced_and_reported_and_the_article_built(tmp_path):
    text = SIMPLIFIED * 200  # 60 KB
    data, first = _damaged(text, 300)
    assert 300 * 100 <= len(data)  # under 1% of the file
    f = tmp_path / "damaged.txt"
    f.write_bytes(data)
    store = tmp_path / "store"
    r = run_kg("build", f, "--store", store)
    assert r.returncode == 0, r.stderr.decode()
    assert kg_lines(r.stderr) == [f"kg: {f}: 300 bytes not valid UTF-8 replaced by U+FFFD (the first at byte {first})"]
    rows = run_kg("query", "SELECT ?n WHERE { ?c a kg:Company ; rdfs:label ?n }", "--store", store, "--format", "csv")
    assert "星河新材料股份有限公司" in rows.stdout.decode().split()[1:]  # (and names a U+FFFD fell into)


def test_a_damaged_or_mostly_invalid_utf8_file_is_refused_and_builds_with_encoding_utf8(tmp_path):
    text = SIMPLIFIED * 20  # 6 KB: 300 bad bytes are 5% of it
    f = tmp_path / "damaged.txt"
    data, first = _damaged(text, 300)
    f.write_bytes(data)
    out = tmp_path / "out.ttl"
    r = run_kg("build", f, "-o", out)
    assert_clean_failure(r, 3, f"kg: {f}: damaged UTF-8 text: 300 bytes ({100 * 300 / len(data):.1f}% of the file) "
                         f"are not UTF-8, the first at byte {first}; kg replaces at most 1%: build it with "
                         "--encoding utf-8 to replace them all with U+FFFD")
    r = run_kg("build", f, "-o", out, "--encoding", "utf-8")
    assert r.returncode == 0, r.stderr.decode()
    assert kg_lines(r.stderr) == [f"kg: {f}: 300 bytes not valid utf-8 replaced by U+FFFD (the first at byte {first})"]
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(0x80, 0x100)) * 40)
    r = run_kg("build", noise, "-o", tmp_path / "noise.ttl")
    assert_clean_failure(r, 3, re.compile(re.escape(f"kg: {noise}: ") + "(cannot tell the text encoding|binary file).*"))


def test_rq_files_with_a_bom_or_in_gbk_are_read(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(SIMPLIFIED, encoding="utf-8")
    data = tmp_path / "a.ttl"
    assert run_kg("build", article, "-o", data).returncode == 0
    query = "# 新材料企业\nSELECT ?n WHERE { ?c a kg:Company ; rdfs:label ?n FILTER(CONTAINS(?n, \"新材料\")) }\n"
    for name, raw in (("bom.rq", b"\xef\xbb\xbf" + query.encode("utf-8")), ("gbk.rq", query.encode("gbk")),
                      ("utf16.rq", query.encode("utf-16"))):
        rq = tmp_path / name
        rq.write_bytes(raw)
        r = run_kg("query", rq, "--data", data, "--format", "csv")
        assert r.returncode == 0, (name, r.stderr.decode())
        assert r.stdout.decode().split() == ["n", "星河新材料股份有限公司"], name
    binary = tmp_path / "binary.rq"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    r = run_kg("query", binary, "--data", data)
    assert_clean_failure(r, 3, f"kg: {binary}: binary file (PNG image), not text")


# ---------------------------------------------------------------------------
# 3. what a folder holds but kg cannot read is named, one line each, and the build is partial (exit 7)


def stored_ids(store: Path) -> set[str]:
    r = run_kg("query", "SELECT ?id WHERE { ?d a kg:Document ; dcterms:identifier ?id }", "--store", store,
               "--format", "csv")
    assert r.returncode == 0, r.stderr.decode()
    return set(r.stdout.decode("utf-8").split()[1:])


@pytest.fixture
def store_with_one_document(tmp_path) -> Path:
    """A store that already holds a document, which no build below may lose."""
    first = tmp_path / "earlier.txt"
    first.write_text(SIMPLIFIED, encoding="utf-8")
    store = tmp_path / "store"
    r = run_kg("build", first, "--store", store, cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    return store


def _articles(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        (folder / n).write_text(SIMPLIFIED.replace("昆山市", "嘉定区"), encoding="utf-8")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder; the tests below (a folder too deep "
                    "to list, broken links) take the same path as root")
def test_an_unreadable_subfolder_is_reported_and_the_rest_built(tmp_path, store_with_one_document):
    _articles(tmp_path / "news", "1.txt")
    _articles(tmp_path / "news" / "locked", "2.txt")
    (tmp_path / "news" / "locked").chmod(0)
    try:
        r = run_kg("build", "news", "--store", store_with_one_document, cwd=tmp_path)
    finally:
        (tmp_path / "news" / "locked").chmod(0o755)
    assert r.returncode == 7, r.stderr.decode()
    assert kg_lines(r.stderr) == [
        "kg: news/locked: cannot read this folder (permission denied); the articles in it are not built"]
    assert "failed:    1 file(s)" in r.stderr.decode()
    assert stored_ids(store_with_one_document) == {"earlier.txt", "news/1.txt"}


def test_a_folder_too_deep_to_list_is_reported_and_the_rest_built(tmp_path, store_with_one_document):
    """A real condition that stops root too: a folder whose path is longer than PATH_MAX (4096 bytes)."""
    _articles(tmp_path / "news", "1.txt")
    fd = os.open(tmp_path / "news", os.O_RDONLY)
    parts = []
    try:
        for i in range(18):  # 18 names of 253 characters: over 4096 bytes
            parts.append(f"d{i:02d}" + "x" * 250)
            os.mkdir(parts[-1], dir_fd=fd)
            deeper = os.open(parts[-1], os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = deeper
        out = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, SIMPLIFIED.encode("utf-8"))
        os.close(out)
    finally:
        os.close(fd)
    r = run_kg("build", "news", "--store", store_with_one_document, cwd=tmp_path)
    assert r.returncode == 7, r.stderr.decode()
    lines = kg_lines(r.stderr)
    assert len(lines) == 1 and b"Traceback" not in r.stderr, lines
    assert re.fullmatch(r"kg: news/(d\d\dx{250}/)+d\d\dx{250}: cannot read this folder \(File name too long\); "
                        r"the articles in it are not built", lines[0]), lines[0][-200:]
    assert stored_ids(store_with_one_document) == {"earlier.txt", "news/1.txt"}


def test_broken_links_are_reported_one_line_each(tmp_path, store_with_one_document):
    _articles(tmp_path / "news", "1.txt")
    (tmp_path / "news" / "2.txt").symlink_to(tmp_path / "moved-away.txt")
    (tmp_path / "news" / "3.txt").symlink_to("3.txt")  # a link to itself
    (tmp_path / "news" / "photo.jpg").symlink_to(tmp_path / "gone.jpg")  # not an article: not a problem
    r = run_kg("build", "news", "--store", store_with_one_document, cwd=tmp_path)
    assert r.returncode == 7, r.stderr.decode()
    assert kg_lines(r.stderr) == [f"kg: news/2.txt: broken link (to {tmp_path / 'moved-away.txt'}), not built",
                                  "kg: news/3.txt: broken link (to 3.txt), not built"]
    assert "failed:    2 file(s)" in r.stderr.decode()
    assert stored_ids(store_with_one_document) == {"earlier.txt", "news/1.txt"}
    r = run_kg("build", "news/2.txt", "--store", store_with_one_document, cwd=tmp_path)
    assert_clean_failure(r, 3, f"kg: news/2.txt: broken link (to {tmp_path / 'moved-away.txt'}), not built")


def test_a_file_name_that_is_not_utf8_is_built_under_an_escaped_id(tmp_path, store_with_one_document):
    _articles(tmp_path / "news", "1.txt")
    with open(os.path.join(os.fsencode(tmp_path / "news"), b"\xff\xfe.txt"), "wb") as fh:
        fh.write(SIMPLIFIED.encode("utf-8"))
    r = run_kg("build", "news", "--store", store_with_one_document, cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert kg_lines(r.stderr) == []
    assert stored_ids(store_with_one_document) == {"earlier.txt", "news/1.txt", "news/\\xff\\xfe.txt"}
    names = run_kg("query", "SELECT ?f WHERE { ?d kg:fileName ?f }", "--store", store_with_one_document,
                   "--format", "csv")
    assert sorted(names.stdout.decode("utf-8").split()[1:]) == ["1.txt", "\\xff\\xfe.txt", "earlier.txt"]
    again = run_kg("build", "news", "--store", store_with_one_document, cwd=tmp_path)  # the same id again
    assert again.returncode == 0 and b"2 unchanged, skipped" in again.stderr, again.stderr.decode()


# ---------------------------------------------------------------------------
# 4. kg build --jobs 2 killed or terminated: no process of it stays behind, the store is intact


def _proc_stat(pid: int) -> tuple[int, str, int] | None:
    """(parent pid, state, start time) of a process from /proc, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return int(fields[1]), fields[0].decode(), int(fields[19])


def _descendants(pid: int) -> dict[int, int]:
    """Every process below ``pid``: pid -> start time (to tell a reused pid)."""
    parent_of = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _proc_stat(int(entry))
            if st is not None:
                parent_of[int(entry)] = (st[0], st[2])
    out, todo = {}, [pid]
    while todo:
        p = todo.pop()
        for child, (parent, start) in parent_of.items():
            if parent == p and child not in out:
                out[child] = start
                todo.append(child)
    return out


def _still_running(procs: dict[int, int]) -> list[int]:
    alive = []
    for pid, start in procs.items():
        st = _proc_stat(pid)
        if st is not None and st[2] == start and st[1] != "Z":  # a zombie has ended
            alive.append(pid)
    return alive


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """The development articles, 30 copies each; and the quads kg writes for each text."""
    from kg.build import process_one

    folder = tmp_path_factory.mktemp("jobs") / "articles"
    folder.mkdir()
    expected = {}
    for f in sorted(DEV.glob("*.txt")):
        expected[f.name] = process_one(f).triples
        for i in range(30):
            (folder / f"{i:02d}-{f.name}").write_bytes(f.read_bytes())
    return folder, expected


def _start_and_stop(tmp_path: Path, folder: Path, sig: int):
    """Start kg build --jobs 2, wait for its workers and a few stored documents, send ``sig``."""
    store = tmp_path / "store"
    err = open(tmp_path / "stderr", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(folder), "--jobs", "2", "--store", str(store)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 120
    procs: dict[int, int] = {}
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        procs.update(_descendants(proc.pid))
        workers = [p for p in procs if (_proc_stat(p) or (0,))[0] in procs]  # forked by the forkserver
        if len(workers) >= 2:
            try:
                stored = len(doc_graphs(store))
            except (OSError, ValueError, RuntimeError):
                stored = 0
            if stored >= 4:
                break
        time.sleep(0.1)
    procs.update(_descendants(proc.pid))
    assert proc.poll() is None, "the build ended before it could be stopped"
    proc.send_signal(sig)
    code = proc.wait(timeout=60)
    err.close()
    return store, procs, code, (tmp_path / "stderr").read_bytes()


def _check_store(store: Path, expected: dict[str, int], complete: bool = False) -> int:
    graphs = doc_graphs(store)
    for g, count in graphs.items():
        name = g.rsplit("/", 1)[-1].split("-", 1)[1]
        assert count == expected[name], f"{g} is incomplete: {count} of {expected[name]} quads"
    assert not complete or len(graphs) == 30 * len(expected)
    return len(graphs)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_stopped_parallel_build_leaves_no_process_behind_and_the_store_intact(tmp_path, many_articles, sig):
    folder, expected = many_articles
    store, procs, code, err = _start_and_stop(tmp_path, folder, sig)
    deadline = time.monotonic() + 20
    while _still_running(procs) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _still_running(procs)
    for pid in left:  # do not leave them to the next tests
        os.kill(pid, signal.SIGKILL)
    assert len(procs) >= 3, procs  # the forkserver and two workers at least
    assert not left, f"still running 20 s after the build was stopped: {left}"
    if sig == signal.SIGTERM:
        assert code == 143, err.decode()
        assert kg_lines(err) == ["kg: terminated (SIGTERM); the documents written so far are kept"]
    else:
        assert code == -signal.SIGKILL
    built = _check_store(store, expected)
    assert 4 <= built < 30 * len(expected)
    r = run_kg("build", folder, "--jobs", "2", "--store", store)  # the next build adds the rest
    assert r.returncode == 0, r.stderr.decode()
    _check_store(store, expected, complete=True)


# ---------------------------------------------------------------------------
# 5. one very long article is extracted window by window: the extraction of its parts, offsets into the whole


def _long_article(n: int = 3000, seed: int = 11) -> str:
    """``n`` short synthetic reports in one text (about 210,000 characters for 3,000)."""
    import random

    prefix = "青禾 云岭 星河 金穗 银杉 赤松 白鹭 紫荆 碧波 翠竹 丹霞 远航 启明 恒川 瑞峰".split()
    trade = "新材料 智能科技 生物医药 新能源 光电 半导体 环保科技 数据科技".split()
    place = "滨湖区 江宁区 嘉定区 余杭区 昆山市 南山区 武侯区 天河区".split()
    given = "海涛 明远 思源 建华 晓东 志强 文博 雨桐 子涵 国栋".split()
    rng = random.Random(seed)
    out = []
    for i in range(n):
        company = f"{rng.choice(prefix)}{rng.choice(trade)}股份有限公司"
        who = rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(given)
        out.append(f"第{i}篇\n{company}与{rng.choice(place)}签约，双方将共建产业园。\n"
                   f"{company}董事长{who}表示：“这是我们发展的新起点。”\n")
    return "\n".join(out)


def _facts(x, shift: int = 0):
    """What an extraction says, with raw offsets (moved by ``shift``): entities, mentions, relations, quotes."""
    doc = x.document

    def raw(start, end):
        s, e = doc.raw_span(start, end)
        return s + shift, e + shift

    return (
        {e.key for e in x.entities},
        {(e.key, *raw(m.start, m.end)) for e in x.entities for m in e.mentions},
        {(r.type, r.subject, r.object, r.role, *raw(r.evidence.start, r.evidence.end)) for r in x.relations},
        {(q.speaker, q.text, *raw(q.start, q.end), *raw(q.evidence.start, q.evidence.end)) for q in x.quotes},
    )


def test_a_long_text_gives_the_extraction_of_its_windows_with_offsets_into_the_whole():
    from kg.pipeline import WINDOW, extract_text, windows

    text = _long_article()
    spans = windows(text)
    assert len(spans) >= 3 and spans[0][0] == 0 and spans[-1][1] == len(text)
    for (s, e), (s2, _) in zip(spans, spans[1:]):
        assert e == s2 and WINDOW // 2 < e - s <= WINDOW
        assert text[e - 1] == "\n" and text[e - 2] in "。”", text[e - 5:e + 5]  # at the end of a paragraph
    whole = extract_text(text, "long.txt")
    parts = [_facts(extract_text(text[s:e], "long.txt"), s) for s, e in spans]
    got = _facts(whole)
    for i, what in ((0, "entities"), (1, "mentions"), (3, "quotes")):
        assert got[i] == set().union(*(p[i] for p in parts)), what
    # a relation read in several windows is kept once, with its first evidence (as within a window)
    first: dict[tuple, tuple] = {}
    for facts in parts:
        for fact in facts[2]:
            key = (fact[0], *sorted(fact[1:3])) if fact[0] == "signedWith" else fact[:3]
            first.setdefault(key, fact)
    assert got[2] == set(first.values())
    assert len(got[2]) > 1000 and len(got[3]) == 3000  # every report's quote
    doc = whole.document
    for e in whole.entities:  # offsets into the clean text and into the text as given
        for m in e.mentions:
            assert doc.text[m.start:m.end] == m.text
            s, t = doc.raw_span(m.start, m.end)
            assert text[s:t] == m.text
    for q in whole.quotes:
        s, t = doc.raw_span(q.start, q.end)
        assert text[s:t] == q.text


def test_windows_end_at_paragraphs_outside_quotations_and_cut_a_line_only_when_they_must():
    from kg.pipeline import windows

    text = "甲说：“第一段。\n第二段。\n第三段。”\n乙。\n" * 4
    spans = windows(text, size=26)
    assert len(spans) > 2
    for _, e in spans[:-1]:  # at the end of a paragraph, never inside the quotation
        assert text[e - 1] == "\n" and text.count("“", 0, e) == text.count("”", 0, e), text[:e]
    quoted = "“" + "第一段。\n" * 20 + "”\n"  # a quotation longer than the window: at a paragraph all the same
    assert all(quoted[e - 2:e] == "。\n" for _, e in windows(quoted, size=30)[:-1])
    line = "一句话。" * 50  # one line: after a sentence
    assert all(line[e - 1] == "。" for _, e in windows(line, size=30)[:-1])
    solid = "字" * 100  # no sentence at all: anywhere, at the size
    assert windows(solid, size=30) == [(0, 30), (30, 60), (60, 90), (90, 100)]


def test_kg_build_of_a_long_article_writes_offsets_into_its_text(tmp_path, store_with_one_document):
    text = _long_article()
    f = tmp_path / "long.txt"
    f.write_text(text, encoding="utf-8")
    r = run_kg("build", f, "--store", store_with_one_document, cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert stored_ids(store_with_one_document) == {"earlier.txt", "long.txt"}
    q = ("SELECT ?n ?t ?s ?e WHERE { ?d dcterms:identifier 'long.txt' . "
         "?n kg:sourceDocument ?d ; kg:evidenceText ?t ; kg:startOffset ?s ; kg:endOffset ?e }")
    r = run_kg("query", q, "--store", store_with_one_document, "--format", "json")
    by_node: dict[str, list] = {}
    for row in json.loads(r.stdout)["results"]["bindings"]:
        by_node.setdefault(row["n"]["value"], []).append(row)
    assert len(by_node) > 3000 and all(len(rows) == 1 for rows in by_node.values())  # one evidence each
    for (row,) in by_node.values():
        assert text[int(row["s"]["value"]):int(row["e"]["value"])] == row["t"]["value"]
    v = run_kg("validate", "--store", store_with_one_document)  # one evidence per statement, offsets in the text
    assert v.returncode == 0, v.stderr.decode()[-500:]
