"""One node per real thing across articles (kg.rdf.entity_iris): awards
qualified by their contest, people by their organisation, organisations by
name. Synthetic articles; each is extracted and encoded for real."""

from __future__ import annotations

from rdflib import RDF, RDFS

from kg.pipeline import extract_text
from kg.rdf import KG, to_dataset, union_graph


def graph_of(*articles: tuple[str, str]):
    """The merged graph of several articles, each (document id, text)."""
    xs = []
    for doc_id, text in articles:
        x = extract_text(text, name=doc_id.rsplit("/", 1)[-1])
        x.document.id = doc_id
        xs.append(x)
    return union_graph(to_dataset(xs))


def nodes(g, type_: str, label: str | None = None) -> set:
    out = set()
    for s in g.subjects(RDF.type, KG[type_]):
        names = {str(o) for o in g.objects(s, RDFS.label)}
        if label is None or label in names:
            out.add(s)
    return out


def assert_one_node_in_both(g, type_: str, label: str) -> None:
    found = nodes(g, type_, label)
    assert len(found) == 1
    assert len(set(g.objects(next(iter(found)), KG.mentionedIn))) == 2


CONTEST_A = "在第三届星河创新大赛中，星河科技有限公司获得亚军。"
CONTEST_B = "在首届蓝海材料挑战赛中，远航材料股份有限公司获得亚军。"


def test_the_runner_up_of_two_contests_is_two_awards_whose_labels_say_which():
    g = graph_of(("a/1.txt", CONTEST_A), ("b/1.txt", CONTEST_B))
    awards = nodes(g, "Award")
    assert len(awards) == 2
    labels = {str(o) for a in awards for o in g.objects(a, RDFS.label)}
    assert labels == {"第三届星河创新大赛亚军", "首届蓝海材料挑战赛亚军"}


def test_the_same_contest_award_named_in_two_articles_is_one_node():
    g = graph_of(("a/1.txt", CONTEST_A), ("b/2.txt", CONTEST_A.replace("星河科技有限公司", "远航材料股份有限公司")))
    assert len(nodes(g, "Award")) == 1
    assert len(set(g.subjects(KG.won, None))) == 2


def test_a_bare_rank_with_no_contest_stays_inside_its_article():
    g = graph_of(("a/1.txt", "星河科技有限公司获得亚军。"), ("b/1.txt", "远航材料股份有限公司获得亚军。"))
    assert len(nodes(g, "Award", "亚军")) == 2


def test_two_people_of_one_name_at_two_companies_stay_two_people():
    g = graph_of(
        ("a/1.txt", "星河科技有限公司总经理王伟表示，公司将扩大投资。"),
        ("b/1.txt", "远航材料股份有限公司董事长王伟表示，新工厂年内投产。"),
    )
    assert len(nodes(g, "Person", "王伟")) == 2


def test_one_person_of_one_company_named_in_two_articles_is_one_person():
    g = graph_of(
        ("a/1.txt", "星河科技有限公司总经理王伟表示，公司将扩大投资。"),
        ("b/1.txt", "星河科技有限公司总经理王伟说，新产品下月上市。"),
    )
    assert_one_node_in_both(g, "Person", "王伟")


def test_a_name_alone_is_no_evidence_of_one_person():
    g = graph_of(("a/1.txt", "王伟表示，项目进展顺利。"), ("b/1.txt", "王伟表示，明年将继续投资。"))
    assert len(nodes(g, "Person", "王伟")) == 2


def test_one_company_named_in_two_articles_is_one_node_mentioned_in_both():
    g = graph_of(
        ("a/1.txt", "星河科技有限公司与海淀区签约。"),
        ("b/1.txt", "星河科技有限公司发布了新一代芯片。"),
    )
    assert_one_node_in_both(g, "Company", "星河科技有限公司")


def test_the_build_summary_counts_a_node_named_in_two_articles_once(tmp_path):
    from tests.conftest import run_kg

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "1.txt").write_text("星河科技有限公司与海淀区签约。", encoding="utf-8")
    (tmp_path / "b" / "1.txt").write_text("星河科技有限公司与海淀区签约。远航材料股份有限公司与朝阳区签约。", encoding="utf-8")
    r = run_kg("build", tmp_path / "a", tmp_path / "b", "--store", tmp_path / "s")
    assert r.returncode == 0, r.stderr.decode()
    summary = r.stdout.decode() + r.stderr.decode()
    assert "entities:  4 (2 Company, 2 District)" in summary
    assert "relations: 2 (2 signedWith)" in summary
