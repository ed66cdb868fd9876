"""The ontology parses, keeps its contract names, and covers what the data uses."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph

from kg.paths import ontology_path
from kg.rdf import KG

CONTRACT_CLASSES = ["Person", "Company", "Institution", "District", "Achievement", "Award", "Quote", "Document", "Affiliation"]
CONTRACT_PROPERTIES = ["signedWith", "won", "developed", "quoted", "speaker", "text", "worksFor", "role",
                       "evidenceText", "startOffset", "endOffset", "sourceDocument", "fileName", "sha256"]


@pytest.fixture(scope="module")
def onto():
    g = Graph()
    g.parse(ontology_path("kg.ttl"), format="turtle")
    return g


@pytest.mark.parametrize("name", CONTRACT_CLASSES)
def test_contract_classes_are_declared_with_labels(onto, name):
    c = KG[name]
    assert (c, RDF.type, OWL.Class) in onto
    langs = {l.language for l in onto.objects(c, RDFS.label)}
    assert {"en", "zh"} <= langs
    assert onto.value(c, RDFS.comment) is not None or onto.value(c, RDFS.subClassOf) is not None


@pytest.mark.parametrize("name", CONTRACT_PROPERTIES)
def test_contract_properties_are_declared(onto, name):
    p = KG[name]
    kinds = set(onto.objects(p, RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}
    assert {l.language for l in onto.objects(p, RDFS.label)} >= {"en", "zh"}


def test_signed_with_is_symmetric(onto):
    assert (KG.signedWith, RDF.type, OWL.SymmetricProperty) in onto


def test_classes_align_with_standard_vocabularies(onto):
    supers = {str(o) for c in CONTRACT_CLASSES for o in onto.transitive_objects(KG[c], RDFS.subClassOf)}
    assert "https://schema.org/Person" in supers
    assert "http://www.w3.org/ns/org#Organization" in supers
    assert "http://www.w3.org/ns/prov#Entity" in supers


def test_every_class_and_property_the_data_uses_is_declared(onto, sample_dataset):
    declared = set(onto.subjects(RDF.type, OWL.Class)) | set(onto.subjects(RDF.type, OWL.ObjectProperty)) \
        | set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    used_classes = {o for _, _, o, _ in sample_dataset.quads((None, RDF.type, None, None)) if str(o).startswith(str(KG))}
    used_props = {p for _, p, _, _ in sample_dataset.quads((None, None, None, None)) if str(p).startswith(str(KG))}
    assert used_classes and used_props
    assert used_classes - declared == set()
    assert used_props - declared == set()


def test_sample_uses_all_seven_core_classes_and_four_relations(sample_dataset):
    classes = {str(o).split("#")[1] for _, _, o, _ in sample_dataset.quads((None, RDF.type, None, None)) if str(o).startswith(str(KG))}
    assert {"Person", "Company", "Institution", "District", "Achievement", "Award", "Quote"} <= classes
    props = {str(p).split("#")[1] for _, p, _, _ in sample_dataset.quads((None, None, None, None)) if str(p).startswith(str(KG))}
    assert {"signedWith", "won", "developed", "quoted", "speaker", "text", "worksFor"} <= props
