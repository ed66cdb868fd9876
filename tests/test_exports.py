"""`kg export` to GraphML, GEXF and Neo4j import CSV: parsed back, they hold the entity graph with its evidence."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest

from kg.graphview import build_graph
from kg.store import load_file
from tests.conftest import SAMPLE, run_kg


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, sample_dataset):
    from kg.store import open_store, put_dataset

    path = tmp_path_factory.mktemp("exports") / "store"
    st = open_store(path)
    put_dataset(st, sample_dataset)
    del st
    return path


@pytest.fixture(scope="module")
def entity_graph(sample_ttl):
    return build_graph(load_file(sample_ttl))


def _check_graph(H, G):
    assert set(H.nodes) == set(G.nodes)
    for n, d in G.nodes(data=True):
        assert H.nodes[n]["label"] == d["label"] and H.nodes[n]["type"] == d["type"]
    assert H.number_of_edges() == G.number_of_edges() >= 20
    got = {(u, v, d["relation"]) for u, v, d in H.edges(data=True)}
    assert got == {(u, v, k) for u, v, k in G.edges(keys=True)}
    raw = SAMPLE.read_text(encoding="utf-8")
    for u, v, d in H.edges(data=True):
        assert d["evidence"] and raw[int(d["startOffset"]):int(d["endOffset"])] == d["evidence"]
        assert d["document"] == "zgc-forum-2024.txt"
    sign = [d for _, _, d in H.edges(data=True) if d["relation"] == "signedWith"]
    assert len(sign) == 1 and sign[0]["label"] == "签约"  # the symmetric relation once, with its Chinese label


@pytest.mark.parametrize("ext,reader", [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf)])
def test_graphml_and_gexf_hold_entities_and_relations_with_evidence(tmp_path, sample_store, entity_graph, ext, reader):
    out = tmp_path / f"graph{ext}"
    r = run_kg("export", "--store", sample_store, "-o", out)
    assert r.returncode == 0, r.stderr
    assert f"exported {entity_graph.number_of_nodes()} entities and {entity_graph.number_of_edges()} relations".encode() in r.stderr
    _check_graph(reader(out), entity_graph)
    assert "北京燃力能源科技有限公司".encode() in out.read_bytes()  # UTF-8, not character references


def test_graphml_to_stdout_with_the_format_flag(sample_store, entity_graph):
    r = run_kg("export", "--store", sample_store, "-o", "-", "--format", "graphml")
    assert r.returncode == 0, r.stderr
    _check_graph(nx.read_graphml(io.BytesIO(r.stdout)), entity_graph)


def test_neo4j_import_csv(tmp_path, sample_store, entity_graph):
    out = tmp_path / "neo"
    r = run_kg("export", "--store", sample_store, "--format", "neo4j", "-o", out)
    assert r.returncode == 0, r.stderr
    with open(out / "nodes.csv", newline="", encoding="utf-8") as fh:
        nodes = list(csv.DictReader(fh))
    with open(out / "relationships.csv", newline="", encoding="utf-8") as fh:
        rels = list(csv.DictReader(fh))
    assert list(nodes[0]) == ["id:ID", "name", ":LABEL", "aliases:string[]", "documents:string[]"]
    assert list(rels[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {n["id:ID"] for n in nodes} == set(entity_graph.nodes)
    by_id = {n["id:ID"]: n for n in nodes}
    assert all(by_id[n][":LABEL"] == "Entity;" + d["type"] for n, d in entity_graph.nodes(data=True))
    company = next(n for n in nodes if n["name"] == "北京燃力能源科技有限公司")
    assert "燃力能源" in company["aliases:string[]"].split(";")
    assert len(rels) == entity_graph.number_of_edges()
    assert all(r[":START_ID"] in by_id and r[":END_ID"] in by_id for r in rels)  # no dangling relationship
    assert {r[":TYPE"] for r in rels} == {"signedWith", "won", "developed", "worksFor"}
    assert all(r["evidence"] and int(r["startOffset:int"]) < int(r["endOffset:int"]) for r in rels)
    assert any(r["roles:string[]"] == "总经理" for r in rels if r[":TYPE"] == "worksFor")


def test_neo4j_needs_a_folder(tmp_path, sample_store):
    r = run_kg("export", "--store", sample_store, "--format", "neo4j", "-o", "-")
    assert r.returncode == 2 and r.stderr.decode().count("\n") == 1 and b"-o DIR" in r.stderr
    f = tmp_path / "file"
    f.write_text("x")
    r = run_kg("export", "--store", sample_store, "--format", "neo4j", "-o", f)
    assert r.returncode == 6 and b"writes a folder" in r.stderr and b"Traceback" not in r.stderr
