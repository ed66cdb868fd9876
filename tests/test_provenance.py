"""Every relation and quote carries its evidence, exactly as it stands in the source."""

from __future__ import annotations

from rdflib import RDF, URIRef

from kg.rdf import KG, entity_iri, to_dataset
from kg.textprep import sha256_text
from tests.conftest import SAMPLE


def _union(ds):
    from kg.rdf import union_graph

    return union_graph(ds)


def test_every_relation_triple_is_reified_with_evidence(sample_dataset):
    g = _union(sample_dataset)
    raw = SAMPLE.read_text(encoding="utf-8")
    rels = [(s, p, o) for p in (KG.signedWith, KG.won, KG.developed, KG.worksFor) for s, o in g.subject_objects(p)]
    assert len(rels) >= 10
    for s, p, o in rels:
        stmts = [st for st in g.subjects(RDF.subject, s) if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g]
        if p == KG.signedWith:  # symmetric: stated both ways, reified in the direction the text gave
            stmts += [st for st in g.subjects(RDF.subject, o) if (st, RDF.predicate, p) in g and (st, RDF.object, s) in g]
        assert stmts, (s, p, o)
        st = stmts[0]
        assert (st, RDF.type, RDF.Statement) in g
        start, end = int(g.value(st, KG.startOffset)), int(g.value(st, KG.endOffset))
        assert raw[start:end] == str(g.value(st, KG.evidenceText))
        assert g.value(st, KG.sourceDocument) is not None


def test_every_quote_has_speaker_text_and_evidence(sample_dataset):
    g = _union(sample_dataset)
    raw = SAMPLE.read_text(encoding="utf-8")
    quotes = list(g.subjects(RDF.type, KG.Quote))
    assert len(quotes) >= 8
    for q in quotes:
        assert g.value(q, KG.speaker) is not None
        words = str(g.value(q, KG.text))
        start, end = int(g.value(q, KG.startOffset)), int(g.value(q, KG.endOffset))
        evidence = str(g.value(q, KG.evidenceText))
        assert raw[start:end] == evidence
        # the quoted words are inside the evidence (modulo layout line breaks)
        assert words.replace("\n", "")[:10] in evidence.replace("\n", "")


def test_document_has_title_file_name_and_sha256(sample_dataset):
    g = _union(sample_dataset)
    docs = list(g.subjects(RDF.type, KG.Document))
    assert len(docs) == 1
    d = docs[0]
    assert str(g.value(d, KG.fileName)) == "zgc-forum-2024.txt"
    assert str(g.value(d, KG.sha256)) == sha256_text(SAMPLE.read_text(encoding="utf-8"))
    assert str(g.value(d, URIRef("http://purl.org/dc/terms/title"))) == "北京邀约世界共享机遇"


def test_iris_are_ascii_and_deterministic(sample_extraction):
    ds1 = to_dataset([sample_extraction])
    from kg.pipeline import extract_file
    from rdflib.compare import isomorphic

    ds2 = to_dataset([extract_file(SAMPLE)])
    g1, g2 = _union(ds1), _union(ds2)
    assert isomorphic(g1, g2)
    assert set(g1) == set(g2)  # same IRIs, not just the same shape
    for s, p, o in g1:
        for t in (s, p, o):
            if isinstance(t, URIRef):
                assert str(t).isascii(), t


def test_entity_iris_are_shared_across_documents():
    assert entity_iri("District", "通州区") == entity_iri("District", "通州区")
    assert entity_iri("District", "通州区") != entity_iri("Company", "通州区")
