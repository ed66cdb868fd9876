"""SHACL validation: kg's own output conforms, and each shape catches what it is for."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.validate import validate
from tests.conftest import run_kg

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"
KG = Namespace("https://w3id.org/kg-news/ontology#")
ID = Namespace("https://w3id.org/kg-news/id/")
INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture(scope="module")
def small_graph() -> Graph:
    """The graph of a small article: a company, a district, two people, a quote, two relations."""
    from kg.pipeline import extract_file
    from kg.rdf import to_dataset, union_graph

    g = union_graph(to_dataset([extract_file(FIXTURES / "article-bom.txt")]))
    assert set(g.objects(None, RDF.type)) >= {KG.Company, KG.District, KG.Person, KG.Quote, RDF.Statement}
    return g


def copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def one(g: Graph, cls) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def messages(report) -> str:
    return report.render()


# ---------------------------------------------------------------------------
# kg's own output conforms


def test_the_sample_articles_graph_conforms(sample_dataset):
    report = validate(sample_dataset)
    assert report.conforms, report.render()
    assert report.violations == [] and report.triples > 500


def test_the_sample_turtle_file_conforms_on_the_command_line(sample_ttl):
    r = run_kg("validate", sample_ttl)
    assert r.returncode == 0, r.stderr
    assert r.stdout == b""
    err = r.stderr.decode()
    assert err.startswith(f"kg: {sample_ttl}: conforms to the kg shapes") and len(err.strip().splitlines()) == 1


def test_the_store_conforms_on_the_command_line(tmp_path):
    store = tmp_path / "store"
    b = run_kg("build", FIXTURES / "article-gbk.txt", FIXTURES / "saved-page.html", "--store", store)
    assert b.returncode == 0, b.stderr
    r = run_kg("validate", "--store", store)
    assert r.returncode == 0, r.stdout + r.stderr
    assert b"conforms" in r.stderr


def test_an_empty_articles_graph_conforms():
    from kg.pipeline import extract_text
    from kg.rdf import to_dataset

    assert validate(to_dataset([extract_text("", "empty.txt")])).conforms


# ---------------------------------------------------------------------------
# each shape catches its violation


def test_an_entity_needs_exactly_one_chinese_label(small_graph):
    g = copy(small_graph)
    company = one(g, KG.Company)
    person = one(g, KG.Person)
    district = one(g, KG.District)
    g.add((company, RDFS.label, Literal("Beijing Ranli Energy", lang="en")))
    g.remove((person, RDFS.label, None))
    g.set((district, RDFS.label, Literal("通州区")))  # no language tag
    report = validate(g)
    assert not report.conforms
    bad = {v.focus for v in report.violations if v.path == "rdfs:label"}
    assert {company, person, district} == {ID[f[len("kgid:"):]] for f in bad}
    assert "exactly one non-empty Chinese (@zh) rdfs:label" in messages(report)
    assert '"Beijing Ranli Energy"@en' in messages(report)


def test_an_entity_must_be_mentioned_in_a_document(small_graph):
    g = copy(small_graph)
    company = one(g, KG.Company)
    g.remove((company, KG.mentionedIn, None))
    report = validate(g)
    assert not report.conforms
    assert "kg:mentionedIn at least one kg:Document" in messages(report)


@pytest.mark.parametrize(
    "subject_cls, prop, object_cls, expected",
    [
        (KG.Company, KG.signedWith, KG.Person, "its object must be a Company, an Institution or a District"),
        (KG.Person, KG.signedWith, KG.Company, "its subject must be a Company, an Institution or a District"),
        (KG.District, KG.won, KG.Company, "the subject of kg:won and kg:developed must be an agent"),
        (KG.Company, KG.won, KG.District, "the object of kg:won must be a kg:Award"),
        (KG.Company, KG.developed, KG.Person, "the object of kg:developed must be a kg:Achievement"),
        (KG.Company, KG.worksFor, KG.Company, "the subject of kg:worksFor must be a kg:Person"),
        (KG.Person, KG.worksFor, KG.District, "the object of kg:worksFor / kg:organization must be a Company"),
    ],
)
def test_relation_domains_and_ranges(small_graph, subject_cls, prop, object_cls, expected):
    g = copy(small_graph)
    g.add((one(g, subject_cls), prop, one(g, object_cls)))
    report = validate(g)
    assert not report.conforms
    assert expected in messages(report), messages(report)


def test_a_statement_needs_its_evidence(small_graph):
    g = copy(small_graph)
    st = one(g, RDF.Statement)
    g.remove((st, KG.evidenceText, None))
    g.remove((st, KG.sourceDocument, None))
    report = validate(g)
    assert not report.conforms
    text = messages(report)
    assert "kg:evidenceText: needs exactly one non-empty kg:evidenceText" in text
    assert "kg:sourceDocument: needs exactly one kg:sourceDocument" in text


def test_offsets_must_lie_inside_the_document(small_graph):
    g = copy(small_graph)
    st = one(g, RDF.Statement)
    doc = g.value(st, KG.sourceDocument)
    chars = int(g.value(doc, KG.charCount))
    g.set((st, KG.endOffset, Literal(chars + 5, datatype=INTEGER)))
    report = validate(g)
    assert not report.conforms
    assert f"run past the end of the source document ({chars} characters)" in messages(report)


def test_start_must_not_be_after_end_and_offsets_not_negative(small_graph):
    g = copy(small_graph)
    q = one(g, KG.Quote)
    g.set((q, KG.startOffset, Literal(-1, datatype=INTEGER)))
    st = one(g, RDF.Statement)
    end = int(g.value(st, KG.endOffset))
    g.set((st, KG.startOffset, Literal(end + 1, datatype=INTEGER)))
    report = validate(g)
    assert not report.conforms
    text = messages(report)
    assert "needs exactly one kg:startOffset (an integer >= 0)" in text
    assert "kg:startOffset must not be after kg:endOffset" in text


def test_evidence_text_must_span_the_offsets(small_graph):
    g = copy(small_graph)
    st = one(g, RDF.Statement)
    text = str(g.value(st, KG.evidenceText))
    g.set((st, KG.evidenceText, Literal(text + "多")))
    report = validate(g)
    assert not report.conforms
    assert f"kg:evidenceText has {len(text) + 1} characters but the offsets" in messages(report)


def test_a_statement_must_describe_an_asserted_triple(small_graph):
    g = copy(small_graph)
    st = one(g, RDF.Statement)
    g.remove((g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)))
    report = validate(g)
    assert not report.conforms
    assert "describes a triple the graph does not assert" in messages(report)


def test_every_quote_has_a_speaker_and_text(small_graph):
    g = copy(small_graph)
    q = one(g, KG.Quote)
    g.remove((q, KG.speaker, None))
    g.remove((q, KG.text, None))
    report = validate(g)
    assert not report.conforms
    text = messages(report)
    assert "a quote needs exactly one kg:speaker, a kg:Person" in text
    assert "a quote needs exactly one non-empty kg:text" in text


def test_a_quotes_speaker_must_be_a_person(small_graph):
    g = copy(small_graph)
    q = one(g, KG.Quote)
    g.set((q, KG.speaker, one(g, KG.Company)))
    report = validate(g)
    assert not report.conforms
    assert "kg:speaker" in messages(report)


def test_terms_the_ontology_does_not_declare(small_graph):
    g = copy(small_graph)
    company = one(g, KG.Company)
    g.add((company, KG.foundedIn, Literal("2020")))
    g.add((company, RDF.type, KG.Startup))
    report = validate(g)
    assert not report.conforms
    text = messages(report)
    assert "uses kg:foundedIn, which the kg ontology does not declare" in text
    assert "uses kg:Startup, which the kg ontology does not declare" in text


def test_a_document_needs_its_file_name_hash_and_size(small_graph):
    g = copy(small_graph)
    doc = one(g, KG.Document)
    g.remove((doc, KG.charCount, None))
    g.set((doc, KG.sha256, Literal("not a hash")))
    report = validate(g)
    assert not report.conforms
    text = messages(report)
    assert "exactly one kg:charCount" in text and "exactly one kg:sha256" in text


# ---------------------------------------------------------------------------
# the command line


def test_violations_are_printed_one_per_line_with_exit_code_3(tmp_path, small_graph):
    g = copy(small_graph)
    g.remove((one(g, KG.Quote), KG.speaker, None))
    g.remove((one(g, KG.Person), RDFS.label, None))
    bad = tmp_path / "bad.ttl"
    g.serialize(bad, format="turtle")
    r = run_kg("validate", bad)
    assert r.returncode == 3
    out = r.stdout.decode().strip().splitlines()
    assert len(out) == 2
    assert any(line.startswith("kgid:quote/") and "kg:speaker: a quote needs exactly one kg:speaker" in line for line in out)
    assert any(line.startswith("kgid:person/") and "rdfs:label:" in line for line in out)
    err = r.stderr.decode()
    assert err == f"kg: {bad}: does not conform to the kg shapes: 2 violations ({len(g)} triples checked)\n"
    assert "Traceback" not in err


def test_validate_a_broken_or_missing_file(tmp_path):
    r = run_kg("validate", FIXTURES / "broken.ttl")
    assert r.returncode == 3
    err = r.stderr.decode()
    assert err.startswith(f"kg: {FIXTURES / 'broken.ttl'}: not valid turtle: Parser error at line 54")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    r = run_kg("validate", tmp_path / "nothing.ttl")
    assert r.returncode == 3 and r.stderr.decode() == f"kg: {tmp_path / 'nothing.ttl'}: no such file\n"


def test_validate_a_missing_store(tmp_path):
    r = run_kg("validate", "--store", tmp_path / "nostore")
    assert r.returncode == 5
    assert r.stderr.decode() == f"kg: {tmp_path / 'nostore'}: no store here (run 'kg build' first)\n"


def test_validate_a_file_and_a_store_at_once_is_a_usage_error(tmp_path, sample_ttl):
    r = run_kg("validate", sample_ttl, "--store", tmp_path)
    assert r.returncode == 2 and r.stderr == b"kg: give a graph file or --store, not both\n"


def test_validate_takes_a_path_a_graph_or_a_dataset(sample_ttl, sample_dataset):
    from kg.rdf import union_graph

    assert validate(sample_ttl).conforms
    assert validate(union_graph(sample_dataset)).conforms
    assert validate(sample_dataset).triples == len(union_graph(sample_dataset))
