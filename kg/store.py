"""The embedded graph store: Oxigraph on disk (pyoxigraph).

One named graph per document, named by the document IRI. Putting a document
replaces its graph in one transaction, so rebuilding is idempotent and a
build killed half-way leaves every earlier document intact.

The default location is ``$KG_STORE`` or ``.kg/store`` in the current folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from .errors import InputError, StoreError

DEFAULT_STORE = ".kg/store"


def default_store_path() -> Path:
    return Path(os.environ.get("KG_STORE") or DEFAULT_STORE)


def to_ox(term):
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def dataset_quads(ds: Dataset) -> Iterable[ox.Quad]:
    for s, p, o, g in ds.quads((None, None, None, None)):
        graph = ox.DefaultGraph() if g is None or str(getattr(g, "identifier", g)).startswith("urn:x-rdflib:default") else to_ox(getattr(g, "identifier", g))
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)


def open_store(path: str | os.PathLike | None = None, read_only: bool = False) -> ox.Store:
    """Open (or create) the on-disk store."""
    p = Path(path) if path else default_store_path()
    try:
        if read_only:
            if not p.exists():
                raise StoreError(f"{p}: no store here (run 'kg build' first)")
            return ox.Store.read_only(str(p))
        p.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(p))
    except OSError as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            raise StoreError(f"{p}: the store is in use by another kg process (locked)") from None
        raise StoreError(f"{p}: cannot open the store ({msg})") from None


def put_dataset(store: ox.Store, ds: Dataset) -> None:
    """Replace each document graph of ``ds`` in the store.

    Each graph is dropped and re-inserted by one SPARQL update, which Oxigraph
    applies in one transaction: a reader or a crash sees the old graph or the
    new one, never half of it.
    """
    by_graph: dict = {}
    for q in dataset_quads(ds):
        by_graph.setdefault(q.graph_name, []).append(q)
    for graph, quads in by_graph.items():
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        if isinstance(graph, ox.DefaultGraph):
            store.update(f"INSERT DATA {{ {body} }}")
        else:
            store.update(f"DROP SILENT GRAPH {graph} ; INSERT DATA {{ GRAPH {graph} {{ {body} }} }}")
    store.flush()


def load_file(path: str | os.PathLike) -> ox.Store:
    """An in-memory store holding an RDF file (any format kg writes)."""
    from .formats import FORMATS

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise InputError(f"{p}: unknown RDF format '{p.suffix}'; use one of {', '.join(sorted(FORMATS))}")
    ox_fmt = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "json-ld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
    }[fmt.name]
    store = ox.Store()
    try:
        store.bulk_load(path=str(p), format=ox_fmt)
    except SyntaxError as exc:
        raise InputError(f"{p}: not valid {fmt.name}: {exc}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{p}: cannot read: {exc}") from None
    return store
