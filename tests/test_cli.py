"""The command line as users type it."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from tests.conftest import SAMPLE, run_kg

COMMANDS = ["build", "query", "export", "eval", "viz", "stats", "validate", "serve"]


def test_top_level_help_lists_every_command():
    r = run_kg("--help")
    assert r.returncode == 0
    for c in COMMANDS:
        assert c.encode() in r.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    r = run_kg(command, "--help")
    assert r.returncode == 0, r.stderr
    assert b"usage: kg " + command.encode() in r.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    outs = {}
    for ext in (".ttl", ".nt", ".jsonld", ".trig"):
        out = d / f"x{ext}"
        r = run_kg("build", SAMPLE, "-o", out)
        assert r.returncode == 0, r.stderr
        outs[ext] = out
    return outs


def test_build_prints_a_summary_on_stderr_and_nothing_on_stdout(tmp_path):
    r = run_kg("build", SAMPLE, "-o", tmp_path / "x.ttl")
    assert r.returncode == 0
    assert r.stdout == b""
    assert b"built 1 document" in r.stderr and b"entities:" in r.stderr


def test_quiet_build_and_export_print_nothing(tmp_path):
    store = tmp_path / "store"
    r = run_kg("-q", "build", SAMPLE, "--store", store)
    assert r.returncode == 0 and r.stdout == b"" and r.stderr == b"", r.stderr
    r = run_kg("export", "--store", store, "-o", tmp_path / "x.ttl", "--quiet")
    assert r.returncode == 0 and r.stdout == b"" and r.stderr == b"", r.stderr
    assert (tmp_path / "x.ttl").stat().st_size > 0


def test_every_output_format_gives_the_same_triples(built):
    from kg.formats import read

    graphs = {}
    for ext, path in built.items():
        g = Graph()
        for s, p, o, _ in read(path).quads((None, None, None, None)):
            g.add((s, p, o))
        graphs[ext] = g
    ref = graphs[".ttl"]
    for ext, g in graphs.items():
        assert len(g) == len(ref), ext
        assert isomorphic(g, ref), ext


@pytest.mark.parametrize("ext", [".ttl", ".nt", ".jsonld", ".trig"])
def test_query_counts_triples_in_every_format(built, ext):
    r = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE {?s ?p ?o}", "--data", built[ext], "--format", "json")
    assert r.returncode == 0, r.stderr
    n = int(json.loads(r.stdout)["results"]["bindings"][0]["n"]["value"])
    g = Graph()
    g.parse(built[".nt"], format="nt")
    assert n == len(g)


def test_query_formats(built):
    table = run_kg("query", "award-winners", "--data", built[".ttl"])
    assert "新硅联合半导体有限公司".encode() in table.stdout and b"rows)" in table.stdout
    csv_out = run_kg("query", "award-winners", "--data", built[".ttl"], "--format", "csv")
    assert csv_out.stdout.splitlines()[0] == b"winner,type,award,article"
    js = json.loads(run_kg("query", "award-winners", "--data", built[".ttl"], "--format", "json").stdout)
    assert js["head"]["vars"] == ["winner", "type", "award", "article"]


def test_query_from_a_rq_file(built, tmp_path):
    rq = tmp_path / "people.rq"
    rq.write_text("SELECT ?n WHERE { ?p a kg:Person ; rdfs:label ?n } ORDER BY ?n", encoding="utf-8")
    r = run_kg("query", rq, "--data", built[".ttl"], "--format", "csv")
    assert r.returncode == 0
    assert "李国文".encode() in r.stdout


def test_unknown_output_extension_is_a_clear_error(tmp_path):
    r = run_kg("build", SAMPLE, "-o", tmp_path / "x.xyz")
    assert r.returncode == 2
    assert r.stderr.decode().strip().startswith("kg: ")
    assert "unknown output format '.xyz'" in r.stderr.decode()
    assert b"Traceback" not in r.stderr
    assert not (tmp_path / "x.xyz").exists()


def test_list_named_queries():
    r = run_kg("query", "--list")
    assert r.returncode == 0
    assert b"companies-districts" in r.stdout and b"entity" in r.stdout
