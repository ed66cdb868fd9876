"""Every RDF format kg writes parses back to the same graph."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.formats import FORMATS, format_for, read, write
from kg.errors import UsageError
from kg.rdf import union_graph
from tests.conftest import SAMPLE


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_round_trip_gives_the_same_triples(tmp_path, sample_dataset, ext):
    out = tmp_path / f"kg{ext}"
    write(sample_dataset, out)
    back = read(out)
    expected = union_graph(sample_dataset)
    got = Graph()
    for s, p, o, _ in back.quads((None, None, None, None)):
        got.add((s, p, o))
    assert len(got) == len(expected) > 500
    assert isomorphic(got, expected)


@pytest.mark.parametrize("ext", [e for e, f in FORMATS.items() if f.quads])
def test_quad_formats_keep_one_named_graph_per_document(tmp_path, sample_dataset, ext):
    out = tmp_path / f"kg{ext}"
    write(sample_dataset, out)
    back = Dataset()
    back.parse(out, format=FORMATS[ext].name)
    names = {str(g.identifier) for g in back.graphs() if len(g)}
    from kg.corpus import file_id
    from kg.rdf import document_iri

    assert names == {str(document_iri(file_id(SAMPLE)))}


def test_unknown_extension_is_a_usage_error():
    with pytest.raises(UsageError, match=r"unknown output format '\.xyz'"):
        format_for("out.xyz")


def test_write_is_atomic_and_leaves_no_temporary_files(tmp_path, sample_dataset):
    out = tmp_path / "kg.ttl"
    out.write_text("previous content")
    write(sample_dataset, out)
    assert out.read_text(encoding="utf-8").startswith("@prefix")
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]
