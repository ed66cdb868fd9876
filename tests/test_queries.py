"""The shipped named queries answer what they promise on the sample article."""

from __future__ import annotations

import pytest

from kg.errors import QueryError, UsageError
from kg.sparql import bind_params, named_queries, resolve_query, run
from kg.store import load_file


@pytest.fixture(scope="module")
def store(sample_ttl):
    return load_file(sample_ttl)


def rows(store, query_name, **params):
    t = run(store, resolve_query(query_name), params)
    return [dict(zip(t.variables, r)) for r in t.rows]


def test_all_named_queries_are_shipped():
    assert set(named_queries()) >= {"companies-districts", "award-winners", "developers", "quotes", "entity"}


def test_companies_and_the_districts_they_signed_with(store):
    got = {(r["company"], r["district"]) for r in rows(store, "companies-districts")}
    assert ("北京燃力能源科技有限公司", "通州区") in got
    assert all(r["evidence"] for r in rows(store, "companies-districts"))


def test_award_winners(store):
    # a rank (亚军) is labelled with its contest, so two contests' runners-up never read alike
    got = {(r["winner"], r["award"]) for r in rows(store, "award-winners")}
    assert {
        ("新硅联合半导体有限公司", "第七届中国国际前沿科技大赛总冠军"),
        ("博睿康科技（北京）有限公司", "第七届中国国际前沿科技大赛亚军"),
        ("深圳光子晶体科技有限公司", "第七届中国国际前沿科技大赛亚军"),
        ("北京智谱华章科技有限公司", "第七届中国国际前沿科技大赛季军"),
        ("北京通嘉宏瑞科技有限公司", "第七届中国国际前沿科技大赛季军"),
        ("上海鲲游光电科技有限公司", "第七届中国国际前沿科技大赛季军"),
    } <= got


def test_who_developed_which_achievement(store):
    got = {(r["developer"], r["achievement"]) for r in rows(store, "developers")}
    assert ("北京通用人工智能研究院", "通通") in got
    assert ("北京大学物理学院", "转角菱方氮化硼光学晶体") in got


def test_who_said_what_with_role_and_organisation(store):
    got = rows(store, "quotes")
    li = [r for r in got if r["speaker"] == "李国文" and r["words"] == "拥抱新能源，挺进新蓝海。"]
    assert li and li[0]["role"] == "总经理" and li[0]["organization"] == "北京燃力能源科技有限公司"
    assert {"卢彦", "姚宏波", "王习习", "刘开辉", "顾静飞", "陈浩"} <= {r["speaker"] for r in got}


def test_everything_about_one_entity_by_alias(store):
    got = rows(store, "entity", name="燃力能源")
    assert {r["entity"] for r in got} == {"北京燃力能源科技有限公司"}
    props = {(r["property"], r["value"]) for r in got}
    assert ("signedWith", "通州区") in props
    assert ("^worksFor", "李国文") in props


def test_a_query_that_needs_a_parameter_says_so(tmp_path):
    from tests.conftest import run_kg

    r = run_kg("query", "entity", "--data", tmp_path / "missing.ttl")
    assert r.returncode == 2
    assert b"--param name=VALUE" in r.stderr


def test_parameters_are_escaped_as_literals(store):
    assert rows(store, "entity", name='x" } ; DROP ALL ; {') == []
    assert 'VALUES ?name { "a\\"b" }' in bind_params("SELECT * WHERE { ?s ?p ?name }", {"name": 'a"b'})


def test_malformed_sparql_reports_the_parser_message(store):
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        run(store, "SELECT ?x WHERE { ?x ?p }")


def test_unknown_query_name_lists_the_shipped_ones():
    with pytest.raises(UsageError, match="companies-districts"):
        resolve_query("no-such-query")


def test_ask_and_construct_queries_answer_too(store):
    prefix = "PREFIX kg: <https://w3id.org/kg-news/ontology#> "
    assert run(store, prefix + "ASK { ?c kg:signedWith ?d }").rows == [["true"]]
    assert run(store, prefix + "ASK { ?c kg:signedWith ?c }").rows == [["false"]]
    t = run(store, prefix + "CONSTRUCT { ?a kg:signedWith ?b } WHERE { ?a kg:signedWith ?b }")
    assert t.variables == ["subject", "predicate", "object"]
    assert t.rows and all(r[1].endswith("#signedWith") for r in t.rows)


def test_a_symmetric_relation_is_found_from_both_sides_and_counted_once(store, sample_ttl):
    from kg.graphview import build_graph

    q = """SELECT ?company WHERE { ?d a kg:District ; rdfs:label "通州区"@zh ; kg:signedWith ?c .
                                   ?c rdfs:label ?company }"""
    assert run(store, q).rows == [["北京燃力能源科技有限公司"]]  # plain SPARQL from the district's side
    assert len(rows(store, "companies-districts")) == 1
    props = [(r["property"], r["value"]) for r in rows(store, "entity", name="通州区")]
    assert props.count(("signedWith", "北京燃力能源科技有限公司")) == 1
    assert ("^signedWith", "北京燃力能源科技有限公司") not in props
    statements = run(store, "SELECT ?st WHERE { ?st rdf:predicate kg:signedWith }").rows
    G = build_graph(store)
    assert len([k for _, _, k in G.edges(keys=True) if k == "signedWith"]) == len(statements) == 1


def test_the_inverse_is_stated_for_exactly_the_ontologys_symmetric_properties():
    from kg.graphview import ontology
    from kg.rdf import symmetric_relations

    assert symmetric_relations() == {p for p, d in ontology()["properties"].items() if d["symmetric"]}


def test_kg_query_in_python_reads_an_rdf_file_and_a_store(sample_ttl, tmp_path, monkeypatch):
    import kg
    from tests.conftest import SAMPLE, run_kg

    store = tmp_path / "s"
    r = run_kg("build", SAMPLE, "--store", store)
    assert r.returncode == 0, r.stderr.decode()
    from_file = kg.query("companies-districts", sample_ttl).rows
    assert from_file and kg.query("companies-districts", store).rows == from_file
    monkeypatch.setenv("KG_STORE", str(store))
    assert kg.query("companies-districts").rows == from_file  # the default store, as kg query
