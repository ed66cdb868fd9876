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


# ---------------------------------------------------------------------------
# one writer for `kg build -o`, `kg export` and kg.write

@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, sample_dataset):
    from kg.store import open_store, put_dataset

    path = tmp_path_factory.mktemp("store") / "store"
    st = open_store(path)
    put_dataset(st, sample_dataset)
    del st  # release the write lock
    return path


def _triples(path, fmt_name):
    g = Dataset()
    g.parse(path, format=fmt_name)
    out = Graph()
    for s, p, o, _ in g.quads((None, None, None, None)):
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_build_output_and_export_are_written_by_the_same_writer(tmp_path, sample_dataset, sample_store, ext):
    from tests.conftest import run_kg

    written = tmp_path / f"w{ext}"
    write(sample_dataset, written)  # what `kg build -o` writes (same function)
    exported = tmp_path / f"e{ext}"
    r = run_kg("export", "--store", sample_store, "-o", exported)
    assert r.returncode == 0, r.stderr
    assert written.read_bytes() == exported.read_bytes()
    got = _triples(exported, FORMATS[ext].name)
    expected = union_graph(sample_dataset)
    assert len(got) == len(expected) and isomorphic(got, expected)


def test_turtle_uses_the_shared_prefixes_and_no_escaped_slashes(tmp_path, sample_dataset):
    from kg.formats import WRITE_PREFIXES

    out = tmp_path / "x.ttl"
    write(sample_dataset, out)
    text = out.read_text(encoding="utf-8")
    declared = dict(
        (line.split()[1].rstrip(":"), line.split()[2].strip("<>")) for line in text.splitlines() if line.startswith("@prefix")
    )
    assert declared == WRITE_PREFIXES
    assert "\\/" not in text
    assert "rdfs:label" in text and "kg:mentionedIn" in text


def test_json_ld_always_has_the_compact_context(tmp_path, sample_dataset, sample_store):
    import json

    from kg.formats import JSONLD_CONTEXT
    from tests.conftest import run_kg

    out = tmp_path / "x.jsonld"
    r = run_kg("export", "--store", sample_store, "-o", out)
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == JSONLD_CONTEXT
    first = doc["@graph"][0]
    assert first["@type"].startswith("kg:") and "rdfs:label" in first
    assert not any(k.startswith("http") for node in doc["@graph"] for k in node)


@pytest.mark.parametrize("name", ["nt", "jsonld", "trig", "ttl"])
def test_export_to_stdout_with_a_format_flag(sample_dataset, sample_store, name, tmp_path):
    from tests.conftest import run_kg

    r = run_kg("export", "--store", sample_store, "-o", "-", "--format", name)
    assert r.returncode == 0, r.stderr
    assert b"to stdout" in r.stderr
    f = tmp_path / f"x.{name}"
    f.write_bytes(r.stdout)
    got = _triples(f, FORMATS["." + name].name)
    assert len(got) == len(union_graph(sample_dataset))


def test_export_format_flag_wins_over_the_extension(tmp_path, sample_dataset, sample_store):
    from tests.conftest import run_kg

    out = tmp_path / "graph.ttl"
    r = run_kg("export", "--store", sample_store, "-o", out, "--format", "nt")
    assert r.returncode == 0, r.stderr
    got = Graph().parse(out, format="nt")  # N-Triples, whatever the name says
    assert len(got) == len(union_graph(sample_dataset))
    assert not out.read_text(encoding="utf-8").startswith("@prefix")


def test_export_to_stdout_defaults_to_turtle(sample_store):
    from tests.conftest import run_kg

    r = run_kg("export", "--store", sample_store, "-o", "-")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"@prefix")
    assert len(Graph().parse(data=r.stdout.decode("utf-8"), format="turtle")) > 500


def test_build_to_stdout(tmp_path):
    from tests.conftest import SAMPLE, run_kg

    r = run_kg("build", SAMPLE, "-o", "-", "--format", "nt")
    assert r.returncode == 0, r.stderr
    assert b"built 1 document into stdout" in r.stderr
    g = Graph().parse(data=r.stdout.decode("utf-8"), format="nt")
    assert len(g) > 500


def test_unknown_format_name_is_a_usage_error():
    from kg.formats import output_format

    with pytest.raises(UsageError, match="unknown RDF format 'docx'"):
        output_format("x.ttl", "docx")
