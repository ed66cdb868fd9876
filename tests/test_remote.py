"""A real SPARQL 1.1 server as the store: Oxigraph server on loopback, and kg serve."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.errors import StoreError
from kg.sparql import named_queries, run
from kg.remote import RemoteStore, derive_update_endpoint, query_endpoint
from kg.store import open_store
from tests.conftest import DEV, SAMPLE, run_kg

SECOND = DEV / "R1-jiangyin-zoomlion-base-signing.txt"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
if not OXIGRAPH.exists():
    OXIGRAPH = Path(shutil.which("oxigraph") or OXIGRAPH)
pytestmark = pytest.mark.skipif(not OXIGRAPH.exists(), reason="the oxigraph server (pip install oxigraph) is missing")

NAMED = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
DEFAULT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # the server's default graph: the merge
PARAMS = {"entity": {"name": "燃力能源"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up in {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def server(tmp_path):
    """A plain read-write Oxigraph server, as a user would start it."""
    port = free_port()
    proc = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(tmp_path / "server-data"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/", proc)
        yield base
    finally:
        stop(proc)


def remote_quads(base: str) -> set[tuple]:
    """The document graphs' quads and the default graph's triples (graph "")."""
    r = RemoteStore(base + "/query")
    named = {tuple(str(sol[v]) for v in ("s", "p", "o", "g")) for sol in r.raw_query(NAMED)}
    default = {(str(sol["s"]), str(sol["p"]), str(sol["o"]), "") for sol in r.raw_query(DEFAULT)}
    return named | default


def local_quads(store) -> set[tuple]:
    return {(str(q.subject), str(q.predicate), str(q.object),
             "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name))
            for q in open_store(store, read_only=True)}


def named_answers(query) -> dict[str, list]:
    out = {}
    for name, text in named_queries().items():
        t = query(text, PARAMS.get(name))
        out[name] = (t.variables, sorted(map(tuple, t.rows), key=str))
    return out


def test_update_endpoint_conventions():
    assert derive_update_endpoint("http://h:7878/query") == "http://h:7878/update"
    assert derive_update_endpoint("http://h:3030/news/query") == "http://h:3030/news/update"
    assert derive_update_endpoint("http://h:7200/repositories/news") == "http://h:7200/repositories/news/statements"
    assert derive_update_endpoint("http://h:8890/sparql") == "http://h:8890/sparql"


def test_building_into_a_server_stores_the_same_triples_as_the_embedded_store(tmp_path, server):
    local = tmp_path / "local"
    build([SAMPLE, SECOND], store=str(local))
    r = build([SAMPLE, SECOND], endpoint=server + "/query")
    assert r.documents == 2
    got = remote_quads(server)
    assert got == local_quads(local) and len(got) > 500
    assert any(g == "" for *_, g in got)  # the merge is there too

    # rebuilding through the endpoint is idempotent, and skips unchanged articles
    again = build([SAMPLE, SECOND], endpoint=server + "/query")
    assert (again.documents, again.skipped) == (0, 2)
    forced = build([SAMPLE], endpoint=server + "/query", force=True)
    assert forced.documents == 1
    assert remote_quads(server) == got


def test_named_queries_answer_the_same_on_the_server_and_embedded(tmp_path, server):
    local = tmp_path / "local"
    build([SAMPLE, SECOND], store=str(local))
    build([SAMPLE, SECOND], endpoint=server + "/query")
    st = open_store(local, read_only=True)
    embedded = named_answers(lambda q, p: run(st, q, p))
    remote = named_answers(lambda q, p: query_endpoint(server + "/query", q, p))
    assert remote == embedded
    assert embedded["companies-districts"][1] and embedded["quotes"][1] and embedded["entity"][1]


def test_kg_query_endpoint_on_the_command_line(server):
    build([SAMPLE], endpoint=server + "/query")
    r = run_kg("query", "companies-districts", "--endpoint", server + "/query", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)["results"]["bindings"]
    assert ("北京燃力能源科技有限公司", "通州区") in {(b["company"]["value"], b["district"]["value"]) for b in rows}
    assert rows[0]["company"]["xml:lang"] == "zh"  # the server's terms, languages kept
    r = run_kg("query", "CONSTRUCT { ?c kg:signedWith ?d } WHERE { ?c kg:signedWith ?d }",
               "--endpoint", server + "/query", "--format", "nt")
    assert r.returncode == 0 and r.stdout.count(b"signedWith>") >= 1
    # predefined prefixes and --param work as on the embedded store
    r = run_kg("query", "SELECT ?n WHERE { ?p a kg:Person ; rdfs:label ?n } ORDER BY ?n",
               "--endpoint", server + "/query", "--format", "csv")
    assert r.returncode == 0 and "李国文".encode() in r.stdout
    r = run_kg("query", "entity", "--param", "name=燃力能源", "--endpoint", server + "/query")
    assert r.returncode == 0 and "通州区".encode() in r.stdout
    r = run_kg("query", "SELECT ?x WHERE { ?x ?p }", "--endpoint", server + "/query")
    assert r.returncode == 4 and r.stderr.startswith(b"kg: ")


def test_an_unreachable_endpoint_is_reported_before_any_work(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/query"
    t0 = time.monotonic()
    r = run_kg("build", SAMPLE, "--endpoint", url)
    assert r.returncode == 5
    err = r.stderr.decode()
    assert err.startswith(f"kg: {url}: cannot reach") and len(err.strip().splitlines()) == 1
    q = run_kg("query", "quotes", "--endpoint", url)
    assert q.returncode == 5 and url.encode() in q.stderr
    with pytest.raises(StoreError, match="cannot reach"):
        RemoteStore(url).check(write=True)
    assert time.monotonic() - t0 < 30


def test_a_read_only_endpoint_is_reported_before_any_work(tmp_path, server):
    build([SAMPLE], store=str(tmp_path / "s"))
    port = free_port()
    proc = subprocess.Popen(
        [str(OXIGRAPH), "serve-read-only", "--location", str(tmp_path / "s"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(f"http://127.0.0.1:{port}/", proc)
        with pytest.raises(StoreError, match="update"):
            build([SECOND], endpoint=f"http://127.0.0.1:{port}/query")
    finally:
        stop(proc)


# ---------------------------------------------------------------------------
# kg serve

def start_kg_serve(store, port, *extra):
    env = dict(os.environ)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--bind", f"127.0.0.1:{port}", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wait_for(f"http://127.0.0.1:{port}/", proc)
    return proc


def test_kg_serve_answers_like_the_store_and_is_read_only(tmp_path):
    store = tmp_path / "s"
    build([SAMPLE, SECOND], store=str(store))
    port = free_port()
    proc = start_kg_serve(store, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with urllib.request.urlopen(base + "/", timeout=5) as resp:
            page = resp.read().decode()
        assert "<form" in page and "SPARQL" in page  # the query page of kg.endpoint.query_page
        st = open_store(store, read_only=True)
        embedded = named_answers(lambda q, p: run(st, q, p))
        remote = named_answers(lambda q, p: query_endpoint(base + "/query", q, p))
        assert remote == embedded
        before = remote_quads(base)
        req = urllib.request.Request(base + "/update", data=b"DROP ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(req, timeout=5)
        assert remote_quads(base) == before and len(before) > 500
    finally:
        stop(proc)
    assert proc.returncode is not None


def test_kg_serve_writable_takes_builds_through_its_endpoint(tmp_path):
    store = tmp_path / "s"
    port = free_port()
    proc = start_kg_serve(store, port, "--writable")
    base = f"http://127.0.0.1:{port}"
    try:
        # the server holds the store: a direct build says so, a build through the endpoint works
        direct = run_kg("build", SAMPLE, "--store", store)
        assert direct.returncode == 5 and b"in use" in direct.stderr
        r = run_kg("build", SAMPLE, SECOND, "--endpoint", base + "/query")
        assert r.returncode == 0, r.stderr
        assert f"built 2 documents into {base}/query".encode() in r.stderr
        n = query_endpoint(base + "/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert int(n.rows[0][0]) > 500
    finally:
        stop(proc)
    local = tmp_path / "local"
    build([SAMPLE, SECOND], store=str(local))
    assert local_quads(store) == local_quads(local)


def test_kg_serve_of_a_missing_store_or_a_busy_port_is_a_clear_error(tmp_path):
    r = run_kg("serve", "--store", tmp_path / "none")
    assert r.returncode == 5 and b"run 'kg build' first" in r.stderr
    store = tmp_path / "s"
    build([SAMPLE], store=str(store))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = run_kg("serve", "--store", store, "--bind", f"127.0.0.1:{port}")
    assert r.returncode == 5 and b"cannot listen" in r.stderr


def test_kg_serve_without_the_oxigraph_program_says_how_to_install_it(tmp_path, monkeypatch):
    from kg import server

    monkeypatch.setattr(server.sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(StoreError, match="pip.* install .*oxigraph"):
        server.find_oxigraph()
