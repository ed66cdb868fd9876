"""`kg query --format json|csv|tsv|table` follows the W3C SPARQL 1.1 result formats; CONSTRUCT gives RDF."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result

from kg.errors import UsageError
from kg.sparql import run
from kg.store import load_file
from tests.conftest import run_kg

EX = "http://example.org/"

# every kind of term a result can hold
TRICKY = f"""@prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:label "北京燃力能源"@zh ; ex:offset 1204 ; ex:homepage "http://example.org/not-an-iri" ;
     ex:note "a, \\"quoted\\"\\tand\\nmultiline" ; ex:knows _:b1 ; ex:ratio "0.5"^^xsd:decimal .
_:b1 ex:label "anonymous" .
"""
QUERY = f"""SELECT ?s ?p ?o ?missing WHERE {{ ?s ?p ?o OPTIONAL {{ ?s <{EX}nothing> ?missing }} }}"""


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    p = tmp_path_factory.mktemp("results") / "tricky.ttl"
    p.write_text(TRICKY, encoding="utf-8")
    return p


def expected_rows(tricky) -> set[tuple]:
    """The solutions, as rdflib terms, from rdflib's own SPARQL engine (blank nodes as one marker)."""
    g = Graph().parse(tricky, format="turtle")
    rows = set()
    for r in g.query(QUERY):
        rows.add(tuple("_:" if isinstance(t, BNode) else t for t in r))
    return rows


def parsed_rows(data: bytes, fmt: str) -> set[tuple]:
    res = Result.parse(io.BytesIO(data), format=fmt)
    names = [Variable(v) for v in ("s", "p", "o", "missing")]
    assert [str(v) for v in res.vars] == ["s", "p", "o", "missing"]
    return {tuple("_:" if isinstance(b.get(v), BNode) else b.get(v) for v in names) for b in res.bindings}


def test_json_is_the_w3c_format_with_languages_datatypes_and_blank_nodes(tricky):
    r = run_kg("query", QUERY, "--data", tricky, "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["head"]["vars"] == ["s", "p", "o", "missing"]
    values = {b["p"]["value"].rsplit("/", 1)[-1]: b["o"] for b in doc["results"]["bindings"] if b["s"]["type"] == "uri"}
    assert values["label"] == {"type": "literal", "value": "北京燃力能源", "xml:lang": "zh"}
    assert values["offset"] == {"type": "literal", "value": "1204", "datatype": str(XSD.integer)}
    assert values["homepage"] == {"type": "literal", "value": "http://example.org/not-an-iri"}  # a literal stays one
    assert values["ratio"]["datatype"] == str(XSD.decimal)
    assert values["knows"]["type"] == "bnode"
    assert all("missing" not in b for b in doc["results"]["bindings"])  # unbound: left out
    # rdflib's parser of the format reads back exactly the solutions rdflib's engine finds
    assert parsed_rows(r.stdout, "json") == expected_rows(tricky)


def test_tsv_round_trips_every_term(tricky):
    r = run_kg("query", QUERY, "--data", tricky, "--format", "tsv")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode("utf-8").split("\n")
    assert lines[0] == "?s\t?p\t?o\t?missing"
    assert '"北京燃力能源"@zh' in r.stdout.decode("utf-8")
    assert parsed_rows(r.stdout, "tsv") == expected_rows(tricky)


def test_csv_is_the_w3c_format(tricky):
    r = run_kg("query", QUERY, "--data", tricky, "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"s,p,o,missing\r\n")  # CRLF line ends, as the format says
    rows = list(csv.reader(io.StringIO(r.stdout.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "p", "o", "missing"]
    body = {(s, p, o, m) for s, p, o, m in rows[1:]}
    assert (f"{EX}a", f"{EX}note", 'a, "quoted"\tand\nmultiline', "") in body  # quoted and escaped
    assert (f"{EX}a", f"{EX}label", "北京燃力能源", "") in body  # values only, by the format
    assert any(s.startswith("_:") for s, *_ in body)
    assert len(rows) - 1 == len(expected_rows(tricky))


def test_ask_is_a_boolean_in_every_format(tricky):
    yes = f"ASK {{ <{EX}a> ?p ?o }}"
    no = f"ASK {{ <{EX}nobody> ?p ?o }}"
    r = run_kg("query", yes, "--data", tricky, "--format", "json")
    assert json.loads(r.stdout) == {"head": {}, "boolean": True}
    assert Result.parse(io.BytesIO(r.stdout), format="json").askAnswer is True
    assert json.loads(run_kg("query", no, "--data", tricky, "--format", "json").stdout)["boolean"] is False
    assert run_kg("query", yes, "--data", tricky, "--format", "tsv").stdout.strip() == b"true"
    assert run_kg("query", no, "--data", tricky).stdout.splitlines()[2] == b"false"


def test_construct_and_describe_give_rdf(tricky):
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    ref = Graph().parse(tricky, format="turtle")
    r = run_kg("query", q, "--data", tricky)  # Turtle by default
    assert r.returncode == 0, r.stderr
    from rdflib.compare import isomorphic

    for fmt, parser in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        r = run_kg("query", q, "--data", tricky, "--format", fmt)
        assert r.returncode == 0, r.stderr
        g = Graph().parse(data=r.stdout.decode("utf-8"), format=parser)
        assert len(g) == len(ref) and isomorphic(g, ref), fmt
    r = run_kg("query", f"DESCRIBE <{EX}a>", "--data", tricky)
    g = Graph().parse(data=r.stdout.decode("utf-8"), format="turtle")
    assert (URIRef(EX + "a"), URIRef(EX + "label"), Literal("北京燃力能源", lang="zh")) in g


def test_a_format_of_the_wrong_kind_is_a_one_line_usage_error(tricky):
    r = run_kg("query", "CONSTRUCT WHERE { ?s ?p ?o }", "--data", tricky, "--format", "csv")
    assert r.returncode == 2 and r.stdout == b""
    assert r.stderr.decode().count("\n") == 1 and "use --format ttl, nt, jsonld" in r.stderr.decode()
    r = run_kg("query", "SELECT * WHERE { ?s ?p ?o }", "--data", tricky, "--format", "ttl")
    assert r.returncode == 2 and b"Traceback" not in r.stderr and b"--format table, json, csv, tsv" in r.stderr


def test_the_table_keeps_the_terms_for_the_python_api(tricky):
    st = load_file(tricky)
    t = run(st, QUERY)
    # byte for byte what Oxigraph writes for the same query on the same store
    assert t.to_json() == st.query(QUERY).serialize(format=ox.QueryResultsFormat.JSON).decode()
    assert t.to_tsv() == st.query(QUERY).serialize(format=ox.QueryResultsFormat.TSV).decode()
    assert t.to_csv() == st.query(QUERY).serialize(format=ox.QueryResultsFormat.CSV).decode()
    with pytest.raises(UsageError):
        t.serialize("ttl")
