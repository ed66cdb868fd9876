"""``kg export`` to the graph tools: GraphML and GEXF (Gephi, Cytoscape, yEd), Neo4j import CSV.

All three are written from the entity graph of :mod:`kg.graphview` (the
graph ``kg viz`` and ``kg stats`` use), flattened to plain values:

* nodes: one per entity, id = its IRI, with ``label`` (the Chinese name),
  ``type`` (``Person``, ``Company`` …), ``aliases`` and ``documents``
  (``|``-separated in GraphML/GEXF, arrays in Neo4j);
* edges: one per relation (a symmetric ``signedWith`` stated both ways is
  one edge), with ``relation`` (``signedWith`` …), ``label`` (签约 …), the
  ``evidence`` sentence of its first statement with its ``document`` and
  ``startOffset``/``endOffset`` (-1 when unknown), ``evidenceCount`` (how
  many statements), ``roles`` for ``worksFor`` and ``symmetric``.

GraphML and GEXF are written by networkx; Neo4j gets ``nodes.csv`` and
``relationships.csv`` with the headers ``neo4j-admin database import full``
reads (``id:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, typed
columns such as ``startOffset:int`` and ``aliases:string[]``).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import networkx as nx

from .errors import OutputError, UsageError

#: ``kg export --format`` names of the graph-tool formats, and the extensions that pick them.
GRAPH_EXPORTS = {"graphml": ".graphml", "gexf": ".gexf", "neo4j": None}
SEP = "|"  # between the values of a list in GraphML and GEXF attributes
ARRAY_SEP = ";"  # neo4j-admin's default array delimiter


def graph_export_format(path: str | None, name: str | None) -> str | None:
    """``graphml``, ``gexf`` or ``neo4j`` when that is what ``--format`` or the extension asks for, else None."""
    if name:
        return name if name in GRAPH_EXPORTS else None
    ext = Path(path).suffix.lower() if path and path != "-" else ""
    for fmt, e in GRAPH_EXPORTS.items():
        if e and e == ext:
            return fmt
    return None


def flat_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The entity graph with plain (string, int, bool) attributes only, as GraphML and GEXF need."""
    H = nx.MultiDiGraph()
    for n, d in sorted(G.nodes(data=True)):
        H.add_node(n, label=d["label"], type=d["type"], aliases=SEP.join(d.get("aliases", [])),
                   documents=SEP.join(d.get("docs", [])))
    for i, (u, v, k, d) in enumerate(sorted(G.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1]))):
        evs = d.get("evidence") or []
        first = evs[0] if evs else {}
        H.add_edge(u, v, key=f"e{i}", relation=k, label=d.get("label_zh", k),
                   evidence=first.get("text", ""), document=first.get("doc", ""),
                   startOffset=first.get("start") if first.get("start") is not None else -1,
                   endOffset=first.get("end") if first.get("end") is not None else -1,
                   evidenceCount=len(evs), roles=SEP.join(d.get("roles", [])),
                   symmetric=bool(d.get("symmetric")))
    return H


def _graphml(G: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(flat_graph(G), buf, encoding="utf-8")
    return buf.getvalue()


def _gexf(G: nx.MultiDiGraph) -> bytes:
    H = flat_graph(G)
    for u, v, k in H.edges(keys=True):
        H.edges[u, v, k]["id"] = k  # GEXF edge ids: unique, the edge keys
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8")
    return buf.getvalue()


def _csv(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _array(values) -> str:
    # the array delimiter cannot be escaped in neo4j-admin's CSV: a value holding it gets a full-width one
    return ARRAY_SEP.join(str(v).replace(ARRAY_SEP, "；") for v in values)


def neo4j_files(G: nx.MultiDiGraph) -> dict[str, bytes]:
    """``nodes.csv`` and ``relationships.csv`` for ``neo4j-admin database import full``."""
    nodes = [[n, d["label"], "Entity" + ARRAY_SEP + d["type"], _array(d.get("aliases", [])), _array(d.get("docs", []))]
             for n, d in sorted(G.nodes(data=True))]
    rels = []
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1])):
        evs = d.get("evidence") or []
        first = evs[0] if evs else {}
        rels.append([u, v, k, d.get("label_zh", k), first.get("text", ""), first.get("doc", ""),
                     "" if first.get("start") is None else first["start"],
                     "" if first.get("end") is None else first["end"], len(evs), _array(d.get("roles", []))])
    return {
        "nodes.csv": _csv(["id:ID", "name", ":LABEL", "aliases:string[]", "documents:string[]"], nodes),
        "relationships.csv": _csv([":START_ID", ":END_ID", ":TYPE", "label", "evidence", "document", "startOffset:int",
                                   "endOffset:int", "evidenceCount:int", "roles:string[]"], rels),
    }


def export_graph(G: nx.MultiDiGraph, fmt: str, output: str) -> None:
    """Write the entity graph as GraphML, GEXF (a file, or ``-`` for stdout) or Neo4j CSVs (a folder)."""
    from .formats import output_stream, write_atomic

    if fmt == "neo4j":
        if output == "-":
            raise UsageError("--format neo4j writes two files: give a folder with -o DIR, not '-'")
        out = Path(output)
        if out.exists() and not out.is_dir():
            raise OutputError(f"{out}: cannot write: --format neo4j writes a folder (nodes.csv, relationships.csv)")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{out}: cannot write ({exc.strerror or exc})") from None
        for name, data in neo4j_files(G).items():
            write_atomic(out / name, data)
        return
    data = _graphml(G) if fmt == "graphml" else _gexf(G)
    with output_stream(output) as fh:
        fh.write(data)


def export_store_graph(store: str | None, fmt: str, output: str | os.PathLike) -> tuple[int, int]:
    """``kg export`` to a graph tool: the store's entity graph; returns (entities, relations)."""
    from .graphview import build_graph
    from .store import open_store

    G = build_graph(open_store(store, read_only=True))
    export_graph(G, fmt, str(output))
    return G.number_of_nodes(), G.number_of_edges()
