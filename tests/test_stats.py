"""``kg stats`` and the entity graph it shares with ``kg viz`` (kg.graphview)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, run_kg

KG = "https://w3id.org/kg-news/ontology#"
PREFIXES = f"""@prefix kg: <{KG}> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix x: <https://example.org/> .
"""

# a star (one company, four employees), a signing stated in both directions, a lone award
SMALL = PREFIXES + """
x:d a kg:Document ; kg:fileName "a.txt" ; dcterms:title "标题"@zh .
x:c a kg:Company ; rdfs:label "星辰公司"@zh ; skos:altLabel "星辰"@zh , "星辰公司"@zh ; kg:mentionedIn x:d .
x:p1 a kg:Person ; rdfs:label "张一"@zh ; kg:worksFor x:c .
x:p2 a kg:Person ; rdfs:label "张二"@zh ; kg:worksFor x:c .
x:p3 a kg:Person ; rdfs:label "张三"@zh ; kg:worksFor x:c .
x:p4 a kg:Person ; rdfs:label "张四"@zh , "Zhang Si"@en ; kg:worksFor x:c .
x:a1 a kg:Affiliation ; kg:member x:p1 ; kg:organization x:c ; kg:role "总经理"@zh .
x:q1 a kg:Quote ; kg:speaker x:p1 ; kg:text "你好。"@zh ; kg:quoteKind "direct" ; kg:sourceDocument x:d .
x:c2 a kg:Company ; rdfs:label "月亮公司"@zh ; kg:signedWith x:t .
x:t a kg:District ; rdfs:label "通州区"@zh ; kg:signedWith x:c2 .
x:s1 a rdf:Statement ; rdf:subject x:c2 ; rdf:predicate kg:signedWith ; rdf:object x:t ;
    kg:evidenceText "月亮公司与通州区签约。" ; kg:startOffset 3 ; kg:endOffset 14 ; kg:sourceDocument x:d .
x:w a kg:Award ; rdfs:label "金奖"@zh .
"""


@pytest.fixture()
def small(tmp_path) -> Path:
    p = tmp_path / "small.ttl"
    p.write_text(SMALL, encoding="utf-8")
    return p


def sections(text: str) -> dict[str, list[list[str]]]:
    """The tables of the report: title line -> rows of cells (split on 2+ spaces)."""
    out: dict[str, list[list[str]]] = {}
    for block in text.strip().split("\n\n")[1:]:
        lines = block.splitlines()
        out[lines[0]] = [re.split(r"\s{2,}", line.strip()) for line in lines[3:]] if len(lines) > 2 else []
    return out


def find(secs: dict, prefix: str) -> list[list[str]]:
    return next(rows for title, rows in secs.items() if title.startswith(prefix))


# ---------------------------------------------------------------------------
# kg.graphview

def test_entity_graph_attributes(small):
    from kg.graphview import load_graph

    G = load_graph(str(small))
    assert G.number_of_nodes() == 8  # documents, quotes, affiliations and statements are not entities
    c = "https://example.org/c"
    assert G.nodes[c]["label"] == "星辰公司" and G.nodes[c]["type"] == "Company"
    assert G.nodes[c]["aliases"] == ["星辰"]  # the name itself is not an alias
    assert G.nodes[c]["docs"] == ["a.txt"]
    p1 = G.nodes["https://example.org/p1"]
    assert p1["affiliations"] == [{"role": "总经理", "org": c, "org_label": "星辰公司"}]
    assert p1["quotes"][0]["text"] == "你好。" and p1["quotes"][0]["doc"] == "a.txt"
    assert G.nodes["https://example.org/p4"]["label"] == "张四"  # the @zh label
    # a symmetric relation stated both ways is one edge, with its evidence
    sign = [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == "signedWith"]
    assert len(sign) == 1
    d = sign[0][2]
    assert d["label_zh"] == "签约" and d["symmetric"]
    assert d["evidence"] == [{"text": "月亮公司与通州区签约。", "start": 3, "end": 14, "doc": "a.txt", "title": "标题"}]
    works = G.get_edge_data("https://example.org/p1", c)["worksFor"]
    assert works["label_zh"] == "任职于" and works["roles"] == ["总经理"]
    assert G.graph == {"documents": 1, "quotes": 1}


def test_pagerank_of_a_star_matches_the_closed_form():
    import networkx as nx

    from kg.graphview import pagerank

    k, a = 4, 0.85
    G = nx.star_graph(k)  # hub 0, leaves 1..k
    pr = pagerank(G, alpha=a)
    n = k + 1
    leaf = (1 + a / k) / (n * (1 + a))
    assert pr[1] == pytest.approx(leaf, rel=1e-6)
    assert pr[0] == pytest.approx(1 - k * leaf, rel=1e-6)
    # isolated nodes share evenly and everything sums to 1
    G.add_nodes_from(["x", "y"])
    pr = pagerank(G)
    assert sum(pr.values()) == pytest.approx(1.0)
    assert pr["x"] == pytest.approx(pr["y"]) and pr[0] > pr[1] > pr["x"]


def test_communities_leave_out_isolated_entities(small):
    from kg.graphview import communities, load_graph

    G = load_graph(str(small))
    cs = communities(G)
    assert [len(c) for c in cs] == [5, 2]


# ---------------------------------------------------------------------------
# kg stats

def test_stats_of_a_small_graph(small):
    r = run_kg("stats", small)
    assert r.returncode == 0, r.stderr.decode()
    out = r.stdout.decode("utf-8")
    assert out.splitlines()[0] == "small.ttl: 8 entities, 5 relations, 1 quote, 1 document"
    secs = sections(out)
    assert find(secs, "entities by type") == [["Person", "人物", "4"], ["Company", "企业", "2"], ["Award", "奖项", "1"],
                                              ["District", "行政区", "1"], ["total", "8"]]
    assert find(secs, "relations by type") == [["worksFor", "任职于", "4"], ["signedWith", "签约", "1"], ["total", "5"]]
    central = find(secs, "most central")
    assert central[0][:4] == ["1", "星辰公司", "Company", "4"]
    comm_title = next(t for t in secs if t.startswith("communities"))
    assert "2 with two or more entities" in comm_title and "1 entity without relations" in comm_title
    comm = find(secs, "communities")
    assert comm[0][:3] == ["1", "5", "4"] and comm[0][3].startswith("星辰公司、")
    assert comm[1][:3] == ["2", "2", "1"]


def test_stats_counts_agree_with_sparql_on_the_sample(sample_ttl):
    from kg.sparql import run
    from kg.store import load_file

    store = load_file(sample_ttl)
    want_types = {t.rsplit("#", 1)[1]: int(n) for t, n in run(store, """
        SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?t ; rdfs:label ?l .
          FILTER(?t IN (kg:Person, kg:Company, kg:Institution, kg:District, kg:Achievement, kg:Award)) } GROUP BY ?t""").rows}
    want_rels = {p.rsplit("#", 1)[1]: int(n) for p, n in run(store, """
        SELECT ?p (COUNT(*) AS ?n) WHERE { ?st a rdf:Statement ; rdf:predicate ?p } GROUP BY ?p""").rows}
    r = run_kg("stats", sample_ttl, "--top", "3")
    assert r.returncode == 0, r.stderr.decode()
    secs = sections(r.stdout.decode("utf-8"))
    got_types = {row[0]: int(row[-1]) for row in find(secs, "entities by type") if row[0] != "total"}
    got_rels = {row[0]: int(row[-1]) for row in find(secs, "relations by type") if row[0] != "total"}
    assert got_types == want_types
    assert got_rels == want_rels
    assert len(find(secs, "most central")) == 3
    assert len(find(secs, "communities")) <= 3


def test_stats_reads_the_store(tmp_path, sample_ttl):
    store = tmp_path / "store"
    assert run_kg("build", SAMPLE, "--store", store).returncode == 0
    a = run_kg("stats", "--store", store)
    b = run_kg("stats", sample_ttl)
    assert a.returncode == 0, a.stderr.decode()
    # the same report, apart from the name of the source on the first line
    assert a.stdout.split(b"\n", 1)[1] == b.stdout.split(b"\n", 1)[1]


@pytest.mark.parametrize("args, code", [(["--top", "0"], 2), (["--store", "elsewhere"], 2)])
def test_stats_usage_errors(small, args, code):
    r = run_kg("stats", small, *args)
    assert r.returncode == code and r.stderr.startswith(b"kg: ") and r.stderr.count(b"\n") == 1


def test_stats_input_errors(tmp_path):
    r = run_kg("stats", tmp_path / "missing.ttl")
    assert r.returncode == 3 and b"no such file" in r.stderr
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    assert run_kg("stats", bad).returncode == 3
    r = run_kg("stats", "--store", tmp_path / "nostore")
    assert r.returncode == 5
