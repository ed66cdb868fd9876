"""The README's walkthrough "Adding a relation type" stays true: a relation
type is an ontology entry (domain, range, ``kg:extracted``), its trigger words
and labelled examples; candidates, the classifier, the RDF and the scoring
take it from there without edits elsewhere."""

from __future__ import annotations

import pytest

from kg import lexicon, relmodel, schema as schema_mod
from kg.paths import ontology_path
from kg.pipeline import analyse

NEW_TYPE = """
kg:investedIn a owl:ObjectProperty ;
    kg:extracted true ;
    rdfs:label "invested in"@en , "投资"@zh ;
    rdfs:domain kg:Company ;
    rdfs:range kg:Company .
"""


@pytest.fixture
def with_invested_in(monkeypatch):
    ttl = ontology_path("kg.ttl").read_bytes() + NEW_TYPE.encode()
    new = schema_mod.Schema.from_turtle(ttl)
    monkeypatch.setattr(schema_mod, "schema", lambda: new)
    monkeypatch.setattr(relmodel, "schema", lambda: new)
    triggers = dict(lexicon.triggers())
    triggers["investedIn"] = ("入股", "注资")
    monkeypatch.setattr(lexicon, "triggers", lambda: triggers)
    relmodel._trigger_pattern.cache_clear()
    yield new
    relmodel._trigger_pattern.cache_clear()


def _candidates(text):
    doc, sentences, entities, rules = analyse(text, "t.txt")
    return doc, sentences, entities, rules, relmodel.candidates(doc.text, sentences, entities, set())


TRAIN = [
    ("星河新材料股份有限公司宣布入股了远山矿业有限公司，持股百分之二十。", 1),
    ("北辰建设集团有限公司宣布注资了东岳电子科技有限公司。", 1),
    ("星河新材料股份有限公司与远山矿业有限公司的代表出席了会议。", 0),
    ("北辰建设集团有限公司和东岳电子科技有限公司参加展会。", 0),
]


def test_a_new_relation_type_is_an_ontology_entry_trigger_words_and_examples(with_invested_in):
    sch = with_invested_in
    assert sch.relations["investedIn"].domain == ("Company",)
    assert "investedIn" in relmodel.signatures()
    from kg.evaluate import scored_relations

    assert "investedIn" in scored_relations()

    rows = []
    for text, label in TRAIN:
        *_, cands = _candidates(text)
        ours = [c for c in cands if c.type == "investedIn"]
        assert ours, text  # pairs of the domain and range types become candidates
        # the investor is named first: the pair read the other way round is a negative
        rows += [(c.features, label if c.subject_mention.start < c.object_mention.start else 0) for c in ours]
    weights = relmodel.fit_weights(rows, l2=0.1, min_count=1)
    model = relmodel.RelationModel({**{r: {"bias": -9.0} for r in relmodel.signatures()}, "investedIn": weights},
                                   keep=0.5, add=0.5)

    doc, sentences, entities, rules, _ = _candidates("东岳电子科技有限公司近日入股了南海港务有限公司。")
    found = relmodel.classify(doc.text, sentences, entities, rules, model)
    names = {e.key: e.name for e in entities}
    assert [(r.type, names[r.subject], names[r.object]) for r in found if r.type == "investedIn"] == [
        ("investedIn", "东岳电子科技有限公司", "南海港务有限公司")]
    doc, sentences, entities, rules, _ = _candidates("东岳电子科技有限公司与南海港务有限公司出席论坛。")
    assert not [r for r in relmodel.classify(doc.text, sentences, entities, rules, model) if r.type == "investedIn"]
