"""The embedded graph store: Oxigraph on disk (pyoxigraph).

Layout (the same on a SPARQL server written by ``kg build --endpoint``):

* one named graph per document, named by the document IRI; putting a
  document replaces its graph in one transaction, so rebuilding is idempotent
  and a build killed half-way leaves every earlier document intact;
* the default graph holds the merge of all document graphs: every triple once,
  however many documents state it. Entities are named by IRIs that do not
  depend on the document, so the same company in two articles is one node.
  Queries read this merge. (Oxigraph 0.5's own union of named graphs repeats a
  triple once per graph that holds it -- oxigraph/oxigraph#1919 -- so a query
  joining an entity's label, type and relations over many articles would
  multiply its rows by the number of articles at each join.)

:class:`KgStore` wraps ``pyoxigraph.Store`` so that a query asking for the
union of the graphs (``use_default_graph_as_union=True``) reads the merge
instead, which is the same set of triples, each once.

The default location is ``$KG_STORE`` or ``.kg/store`` in the current folder.
One process at a time may write a store (Oxigraph keeps a lock file); any
number may read it with :func:`open_store` ``(read_only=True)``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from .errors import InputError, StoreError

DEFAULT_STORE = ".kg/store"
KG_NS = "https://w3id.org/kg-news/ontology#"

# Documents in the store, by file name and text hash: what `kg build` may skip.
# Standard SPARQL 1.1 (also sent to remote endpoints); the document's graph is
# named by the document IRI.
KNOWN_DOCUMENTS_QUERY = f"""SELECT ?name ?sha WHERE {{
  GRAPH ?d {{ ?d a <{KG_NS}Document> ; <{KG_NS}fileName> ?name ; <{KG_NS}sha256> ?sha }}
}}"""


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


def _is_default(g) -> bool:
    return g is None or str(getattr(g, "identifier", g)).startswith("urn:x-rdflib:default")


def dataset_quads(ds: Dataset) -> Iterable[ox.Quad]:
    for s, p, o, g in ds.quads((None, None, None, None)):
        graph = ox.DefaultGraph() if _is_default(g) else to_ox(getattr(g, "identifier", g))
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)


def dataset_graphs(ds: Dataset) -> list[tuple[str, str]]:
    """The dataset as ``(graph IRI, N-Triples text)`` pairs ("" is the default graph).

    Plain strings: cheap to pickle from a worker process and to send to a
    server, and valid both as an N-Triples document and inside SPARQL
    ``INSERT DATA``.
    """
    by_graph: dict[str, dict[str, None]] = {}
    for q in dataset_quads(ds):
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        by_graph.setdefault(g, {})[f"{q.subject} {q.predicate} {q.object} ."] = None
    return [(g, "\n".join(lines) + "\n") for g, lines in by_graph.items()]


def extraction_graphs(x, iri=None) -> list[tuple[str, str]]:
    """``dataset_graphs(to_dataset([x]))`` for one extraction, without the
    rdflib dataset in between (the build's path: a third of its time went
    into building one only to read it back): the same N-Triples lines, each once.
    ``iri``: the extraction's :func:`kg.rdf.entity_iris`, when the caller has them."""
    from .rdf import document_iri, extraction_triples

    lines: dict[str, None] = {}
    nt: dict = {}  # term -> its N-Triples form: IRIs and many literals recur within a document

    def term(t) -> str:
        out = nt.get(t)
        if out is None:
            out = nt[t] = str(to_ox(t))
        return out

    for s, p, o in extraction_triples(x, iri):
        lines[f"{term(s)} {term(p)} {term(o)} ."] = None
    return [(str(document_iri(x.document.doc_id)), "\n".join(lines) + "\n")]


def replace_graph_update(graph: str, ntriples: str) -> str:
    """One SPARQL 1.1 update that replaces a document graph and keeps the merge right.

    Triples only the old version of the graph stated leave the default graph
    (the merge); the graph is dropped and re-inserted; its triples are added
    to the merge. Standard SPARQL 1.1, for the embedded store and for servers.
    """
    if not graph:
        return f"INSERT DATA {{\n{ntriples}}}"
    g = f"<{graph}>"
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }} ;\n"
        f"DROP SILENT GRAPH {g} ;\n"
        f"INSERT DATA {{ GRAPH {g} {{\n{ntriples}}} }} ;\n"
        f"INSERT DATA {{\n{ntriples}}}"
    )


def _nquads(graph: str, ntriples: str) -> str:
    """The graph's triples as N-Quads in the graph and in the default graph."""
    suffix = f"<{graph}> .\n"
    # split on "\n" only: str.splitlines() also breaks at U+0085, U+2028 and the like, which
    # N-Triples leaves unescaped inside literals
    return "".join(line[:-1] + suffix for line in ntriples.split("\n") if line) + ntriples


MERGE_UPDATE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


class KgStore:
    """A ``pyoxigraph.Store`` whose default graph is the merge of its document graphs.

    Everything is delegated to the Oxigraph store, except that queries asking
    for the union of all graphs read the default graph (the merge, each
    triple once) when the store keeps it (``merged``).
    """

    def __init__(self, store: ox.Store, merged: bool, path: Path | None = None) -> None:
        self.store = store
        self.merged = merged
        self.path = path

    def query(self, query, *args, **kwargs):
        if self.merged and kwargs.get("use_default_graph_as_union"):
            kwargs["use_default_graph_as_union"] = False
        return self.store.query(query, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.store, name)

    def __iter__(self):
        return iter(self.store)

    def __len__(self) -> int:
        return len(self.store)

    def __contains__(self, quad) -> bool:
        return quad in self.store

    def __repr__(self) -> str:
        return f"<KgStore {self.path or 'in memory'}{'' if self.merged else ' (no merge)'}>"

    def document_quads(self):
        """The quads of the document graphs (not the merge)."""
        return (q for q in self.store if not isinstance(q.graph_name, ox.DefaultGraph))

    def merge_triples(self):
        """Every triple once: the merge (or, in a store without one, the deduplicated union)."""
        if self.merged:
            return (q.triple for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        sols = self.store.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return (ox.Triple(sol["s"], sol["p"], sol["o"]) for sol in sols)


def _has_default_triples(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def _has_named_graphs(store: ox.Store) -> bool:
    return next(iter(store.named_graphs()), None) is not None


def open_store(path: str | os.PathLike | None = None, read_only: bool = False) -> KgStore:
    """Open (or create) the on-disk store.

    A store another process is writing is reported as a :class:`StoreError`
    (Oxigraph allows one writer per folder). A store written by an earlier kg
    (document graphs without the merge) gets its merge when opened for writing.
    """
    p = Path(path) if path else default_store_path()
    try:
        if read_only:
            if not p.is_dir() or not any(p.iterdir()):
                raise StoreError(f"{p}: no store here (run 'kg build' first)")
            st = _open_read_only(p)
            return KgStore(st, _has_default_triples(st) or not _has_named_graphs(st), p)
        check_writable_store(p)
        p.mkdir(parents=True, exist_ok=True)
        st = ox.Store(str(p))
        if _has_named_graphs(st) and not _has_default_triples(st):
            st.update(MERGE_UPDATE)
        return KgStore(st, True, p)
    except (OSError, RuntimeError) as exc:  # pyoxigraph reports some I/O problems as RuntimeError
        msg = str(exc)
        if "lock" in msg.lower():
            raise StoreError(
                f"{p}: the store is in use by another process that writes it (kg build or kg serve --writable); "
                "wait for it to finish, or write through its endpoint with --endpoint"
            ) from None
        if "corruption" in msg.lower():
            raise _damaged(p, msg) from None
        if isinstance(exc, OSError) and "no space left" in msg.lower():
            raise store_write_error(p, exc) from None
        raise StoreError(f"{p}: cannot open the store ({msg})") from None


STORE_MARKER = "CURRENT"  # RocksDB's pointer to its manifest: every store folder has one


def _damaged(p: Path, why: str) -> StoreError:
    return StoreError(
        f"{p}: the store is damaged ({' '.join(why.split())[:200]}); it was left as it is: "
        "restore it from a backup, or build into a new --store"
    )


def _open_read_only(p: Path) -> ox.Store:
    """Open a store folder read-only (this writes nothing); damage is a :class:`StoreError`."""
    if not (p / STORE_MARKER).is_file():
        raise _damaged(p, f"no {STORE_MARKER} file") if _looks_like_store(p) else StoreError(
            f"{p}: not a kg store (no {STORE_MARKER} file); give --store a store folder, an empty folder or a new path")
    try:
        st = ox.Store.read_only(str(p))
        _has_named_graphs(st)  # one read: the newest table files answer
        return st
    except (OSError, RuntimeError, ValueError) as exc:
        msg = str(exc)
        if isinstance(exc, PermissionError) or "permission denied" in msg.lower():
            raise StoreError(f"{p}: cannot read the store (permission denied)") from None
        raise _damaged(p, msg) from None


def _looks_like_store(p: Path) -> bool:
    names = {f.name for f in p.iterdir()}
    return bool(names & {"IDENTITY", "LOCK", "LOG"}) or any(
        n.startswith(("MANIFEST-", "OPTIONS-")) or n.endswith((".sst", ".log")) for n in names)


def check_readable_store(p: Path) -> None:
    """A :class:`StoreError` unless the folder holds a store that opens cleanly (nothing is written)."""
    st = _open_read_only(p)
    del st


def check_writable_store(p: Path) -> None:
    """Refuse to write a folder that is not a store that opens cleanly.

    Oxigraph (RocksDB) opened for writing "repairs" what it finds: without a
    ``CURRENT`` file it starts a new, empty store and later deletes the old
    data files. So a folder is written only if it is missing, empty, or a
    store that opens cleanly read-only first (which writes nothing); anything
    else is a :class:`StoreError` and the folder is left byte for byte as it is.
    """
    if not p.exists():
        return
    if not p.is_dir():
        raise StoreError(f"{p}: is a file, not a store folder")
    if not any(p.iterdir()):
        return
    st = _open_read_only(p)  # raises if damaged
    del st  # closed: the folder is opened for writing next


def put_graph(store: KgStore | ox.Store, graph: str, ntriples: str) -> None:
    """Replace one document graph by N-Triples text, in one transaction, and update the merge."""
    st = store.store if isinstance(store, KgStore) else store
    try:
        if graph and not st.contains_named_graph(ox.NamedNode(graph)):
            # a new document: one load of its graph and its merge triples (faster than an update)
            st.load(_nquads(graph, ntriples), format=ox.RdfFormat.N_QUADS)
        else:
            st.update(replace_graph_update(graph, ntriples))
    except SyntaxError as exc:  # a bug in the RDF we made, not a user error
        raise RuntimeError(f"cannot store graph <{graph}>: {exc}") from exc
    except OSError as exc:
        raise store_write_error(getattr(store, "path", None), exc) from None


def store_write_error(path: Path | None, exc: OSError) -> StoreError:
    """A :class:`StoreError` (exit 5) for a failed write of the store: a full disk, a read-only file system….

    Oxigraph (RocksDB) reports a full disk as ``OSError("IO error: No space
    left on device: While appending to file: …")``: the message keeps its
    reason, once.
    """
    import errno

    msg = " ".join(str(exc).split())
    for code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
        reason = os.strerror(code)
        if exc.errno == code or reason.lower() in msg.lower():
            msg = reason[0].lower() + reason[1:]
            break
    else:
        msg = msg.removeprefix("IO error: ")[:200]
    where = f"{path}: " if path else ""
    return StoreError(f"{where}cannot write the store ({msg}); free some space or fix the folder, "
                      "then run the build again")


def put_dataset(store: KgStore | ox.Store, ds: Dataset) -> None:
    """Replace each document graph of ``ds`` in the store (see :func:`put_graph`)."""
    for graph, body in dataset_graphs(ds):
        put_graph(store, graph, body)
    store.flush()


def known_documents(store: ox.Store) -> dict[str, set[str]]:
    """File name -> SHA-256 of the text of each document in the store."""
    out: dict[str, set[str]] = {}
    for sol in store.query(KNOWN_DOCUMENTS_QUERY):
        out.setdefault(sol["name"].value, set()).add(sol["sha"].value)
    return out


def load_file(path: str | os.PathLike) -> KgStore:
    """An in-memory store holding an RDF file (any format kg writes), with its merge."""
    from .formats import FORMATS

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise InputError(f"{p}: unknown RDF format '{p.suffix}'; use one of {', '.join(sorted(FORMATS))}")
    store = ox.Store()
    try:
        store.bulk_load(path=str(p), format=OX_FORMATS[fmt.name])
    except SyntaxError as exc:
        raise InputError(f"{p}: not valid {fmt.name}: {exc}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{p}: cannot read: {exc}") from None
    if fmt.quads and _has_named_graphs(store):
        store.update(MERGE_UPDATE)
    return KgStore(store, True, None)


# kg.formats names -> Oxigraph formats
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
