"""The embedded store: one graph per document, idempotent rebuilds, merging by IRI."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg.build import build, export_store
from kg.errors import StoreError
from kg.store import known_documents, open_store
from tests.conftest import DEV, SAMPLE, run_kg

SECOND = DEV / "R1-jiangyin-zoomlion-base-signing.txt"
KG = "https://w3id.org/kg-news/ontology#"


def quads(store_dir) -> set[str]:
    st = open_store(store_dir, read_only=True)
    return {str(q) for q in st}


def graphs(store_dir) -> set[str]:
    return {g.value for g in open_store(store_dir, read_only=True).named_graphs()}


def count(store_dir, sparql: str) -> int:
    st = open_store(store_dir, read_only=True)
    sol = next(iter(st.query(sparql, use_default_graph_as_union=True)))
    return int(sol[0].value)


def test_rebuilding_an_article_is_idempotent(tmp_path):
    store = tmp_path / "store"
    r1 = build([SAMPLE], store=str(store))
    first = quads(store)
    assert r1.documents == 1 and len(first) > 500

    r2 = build([SAMPLE], store=str(store))  # unchanged: skipped, not extracted
    assert (r2.documents, r2.skipped) == (0, 1)
    assert quads(store) == first

    r3 = build([SAMPLE], store=str(store), force=True)  # re-extracted: its graph replaced
    assert (r3.documents, r3.skipped) == (1, 0)
    assert quads(store) == first
    assert len(graphs(store)) == 1


def test_a_second_article_adds_its_own_graph(tmp_path):
    store = tmp_path / "store"
    build([SAMPLE], store=str(store))
    one = quads(store)
    build([SECOND], store=str(store))
    two = quads(store)
    assert one < two  # the first article's triples are all still there
    assert len(graphs(store)) == 2
    assert {"zgc-forum-2024.txt", SECOND.name} == set(known_documents(open_store(store, read_only=True)))


def test_entities_shared_by_two_articles_merge_by_iri(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "a.txt").write_text("北京燃力能源科技有限公司与通州区签约新能源项目。\n", encoding="utf-8")
    (arts / "b.txt").write_text("通州区与北京燃力能源科技有限公司签约，共建新能源产业园。\n", encoding="utf-8")
    store = tmp_path / "store"
    report = build([arts], store=str(store))
    assert report.documents == 2
    st = open_store(store, read_only=True)
    rows = list(st.query(
        f"""SELECT ?e (COUNT(DISTINCT ?d) AS ?docs) (COUNT(DISTINCT ?g) AS ?graphs) WHERE {{
              GRAPH ?g {{ ?e a <{KG}Company> ; <http://www.w3.org/2000/01/rdf-schema#label> "北京燃力能源科技有限公司"@zh ;
                         <{KG}mentionedIn> ?d }} }} GROUP BY ?e"""))
    # one node, stated in both document graphs, mentioned in both documents
    assert len(rows) == 1
    assert int(rows[0]["docs"].value) == 2 and int(rows[0]["graphs"].value) == 2


def test_a_changed_article_replaces_its_graph(tmp_path):
    art = tmp_path / "news.txt"
    art.write_text("北京燃力能源科技有限公司与通州区签约新能源项目。\n", encoding="utf-8")
    store = tmp_path / "store"
    build([art], store=str(store))
    before = quads(store)
    assert any("北京燃力能源科技有限公司" in q for q in before)

    art.write_text("深圳光子晶体科技有限公司与南山区签约光子芯片项目。\n", encoding="utf-8")
    r = build([art], store=str(store))
    assert (r.documents, r.skipped) == (1, 0)  # a new SHA-256: not skipped
    after = quads(store)
    assert not any("北京燃力能源科技有限公司" in q for q in after)  # the old graph is gone
    assert any("深圳光子晶体科技有限公司" in q for q in after)
    assert len(graphs(store)) == 1
    shas = known_documents(open_store(store, read_only=True))["news.txt"]
    assert len(shas) == 1


def test_the_store_grows_article_by_article_without_duplicates(tmp_path):
    store = tmp_path / "store"
    files = sorted(DEV.glob("*.txt"))
    for f in files:
        build([f], store=str(store))
    one_by_one = quads(store)
    store2 = tmp_path / "store2"
    build([DEV], store=str(store2))
    assert quads(store2) == one_by_one
    # building the whole folder again changes nothing and extracts nothing
    r = build([DEV], store=str(store))
    assert r.documents == 0 and r.skipped == len(files)
    assert quads(store) == one_by_one
    assert count(store, f"SELECT (COUNT(?d) AS ?n) WHERE {{ ?d a <{KG}Document> }}") == len(files)


def test_a_store_another_process_writes_is_a_one_line_error(tmp_path):
    store = tmp_path / "store"
    holder = ox.Store(str(store))  # this test process holds the write lock
    try:
        r = run_kg("build", SAMPLE, "--store", store)
        assert r.returncode == 5
        err = r.stderr.decode()
        assert err.startswith("kg: ") and "in use by another process" in err
        assert len(err.strip().splitlines()) == 1
        with pytest.raises(StoreError, match="in use"):
            open_store(store)
    finally:
        del holder


def test_reading_a_missing_store_says_to_build_first(tmp_path):
    with pytest.raises(StoreError, match="run 'kg build' first"):
        open_store(tmp_path / "nothing", read_only=True)


def test_kg_store_environment_variable_and_cli_round_trip(tmp_path):
    store = tmp_path / "envstore"
    env = {"KG_STORE": str(store)}
    r = run_kg("build", SAMPLE, env=env)
    assert r.returncode == 0, r.stderr
    assert f"into {store}".encode() in r.stderr
    q = run_kg("query", "companies-districts", "--format", "csv", env=env)
    assert q.returncode == 0, q.stderr
    assert "北京燃力能源科技有限公司,通州区".encode() in q.stdout
    again = run_kg("build", SAMPLE, env=env)
    assert b"built 0 documents (1 unchanged, skipped)" in again.stderr


def test_the_default_graph_keeps_the_merge_of_the_documents(tmp_path):
    """Each triple once however many documents state it, and stale triples leave."""
    from kg.sparql import run

    arts = tmp_path / "articles"
    arts.mkdir()
    for i in range(5):  # five articles naming the same company and district
        (arts / f"a{i}.txt").write_text(f"第{i}条。北京燃力能源科技有限公司与通州区签约新能源项目。\n", encoding="utf-8")
    store = tmp_path / "store"
    build([arts], store=str(store))
    st = open_store(store, read_only=True)
    label = '<http://www.w3.org/2000/01/rdf-schema#label> "北京燃力能源科技有限公司"@zh'
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?e {label} }} }}") == 5
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?e {label} }}") == 1
    # a join over label, type and relation gives one row, not 5 x 5 x 5
    t = run(st, f"SELECT ?e ?d WHERE {{ ?e {label} ; a kg:Company ; kg:signedWith ?d }}")
    assert len(t.rows) == 1
    del st
    # the triple stays in the merge while one document still states it, then leaves
    for i in range(4):
        (arts / f"a{i}.txt").write_text("深圳光子晶体科技有限公司与南山区签约。\n", encoding="utf-8")
    build([arts], store=str(store))
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?e {label} }}") == 1
    (arts / "a4.txt").write_text("深圳光子晶体科技有限公司与南山区签约。\n", encoding="utf-8")
    build([arts], store=str(store))
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?e {label} }}") == 0
    st = open_store(store, read_only=True)
    merged = {q.triple for q in st.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert merged == {q.triple for q in st.document_quads()}


@pytest.mark.parametrize("ext", [".nq", ".trig", ".ttl", ".nt"])
def test_export_writes_what_the_store_holds(tmp_path, ext):
    store = tmp_path / "store"
    build([SAMPLE, SECOND], store=str(store))
    out = tmp_path / f"kg{ext}"
    n = export_store(str(store), str(out))
    ds = Dataset()
    ds.parse(out, format={".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt"}[ext])
    st = open_store(store, read_only=True)
    if ext in (".nq", ".trig"):  # the document graphs
        assert n == len(list(st.document_quads())) == len(ds)
        assert len({g for *_, g in ds.quads((None, None, None, None))}) == 2
    else:  # their merge
        distinct = {q.triple for q in st.document_quads()}
        assert n == len(distinct) == len(ds)
    assert not list(tmp_path.glob(".kg*.tmp"))


def test_export_cli_reads_the_store(tmp_path):
    store = tmp_path / "store"
    build([SAMPLE], store=str(store))
    r = run_kg("export", "--store", store, "-o", tmp_path / "x.nq")
    assert r.returncode == 0, r.stderr
    n = len(list(open_store(store, read_only=True).document_quads()))
    assert f"exported {n} quads (one graph per document) to".encode() in r.stderr
    r = run_kg("export", "--store", store, "-o", tmp_path / "x.ttl")
    distinct = {q.triple for q in open_store(store, read_only=True).document_quads()}
    assert f"exported {len(distinct)} triples to".encode() in r.stderr
