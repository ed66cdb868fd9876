"""SHACL validation of kg graphs against ``ontology/shapes.ttl`` (pyshacl).

The shapes check what every graph kg writes must satisfy: each entity has
one Chinese label and is mentioned in a document; relations link the kinds
of things the ontology says they link; every reified statement and quote
carries its evidence text, with offsets that lie inside the source document
and span exactly that text; every quote has a speaker and words; and every
``kg:`` term used is declared in the ontology.

:func:`validate` checks an rdflib graph or dataset (or an RDF file) and
returns a :class:`ValidationReport`; :func:`validate_cli` is ``kg validate``.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef

from .errors import InputError

SH = Namespace("http://www.w3.org/ns/shacl#")
KG_NS = "https://w3id.org/kg-news/ontology#"
ID_NS = "https://w3id.org/kg-news/id/"

_SHORT = [
    ("kg:", KG_NS),
    ("kgid:", ID_NS),
    ("rdf:", str(RDF)),
    ("rdfs:", str(RDFS)),
    ("skos:", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms:", "http://purl.org/dc/terms/"),
    ("xsd:", "http://www.w3.org/2001/XMLSchema#"),
    ("sh:", str(SH)),
]


@dataclass(frozen=True)
class Violation:
    """One SHACL result, in words."""

    focus: str  # the node that fails, shortened (kgid:company/…)
    label: str  # its rdfs:label or kg:fileName, when it has one
    path: str  # the property, shortened, or "" for node-level constraints
    value: str  # the offending value, or ""
    message: str
    severity: str = "Violation"
    constraint: str = ""  # e.g. MinCountConstraintComponent

    def render(self) -> str:
        who = self.focus + (f" ({self.label})" if self.label else "")
        where = f" {self.path}" if self.path else ""
        val = f" [value: {self.value}]" if self.value and self.value not in self.message else ""
        sev = "" if self.severity == "Violation" else f"{self.severity}: "
        return f"{sev}{who}{where}: {self.message}{val}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    def render(self) -> str:
        """One line per violation, sorted, for humans."""
        return "\n".join(v.render() for v in self.violations)

    def __bool__(self) -> bool:  # ``if validate(g): …``
        return self.conforms


@functools.lru_cache(maxsize=1)
def _shapes() -> Graph:
    from .paths import ontology_path

    g = Graph()
    g.parse(ontology_path("shapes.ttl"), format="turtle")
    return g


@functools.lru_cache(maxsize=1)
def _ontology() -> Graph:
    from .paths import ontology_path

    g = Graph()
    g.parse(ontology_path("kg.ttl"), format="turtle")
    return g


def _as_graph(graph) -> Graph:
    """An rdflib Graph holding the union of the input's triples."""
    if isinstance(graph, (str, os.PathLike)):
        return _file_graph(graph)
    if isinstance(graph, Dataset):
        g = Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    if isinstance(graph, Graph):
        return graph
    raise TypeError(f"cannot validate a {type(graph).__name__}; give an rdflib Graph, Dataset or a file path")


def _short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        for prefix, ns in _SHORT:
            if s.startswith(ns):
                return prefix + s[len(ns):]
        return f"<{s}>"
    if isinstance(term, BNode):
        return "_:" + str(term)
    if isinstance(term, Literal):
        text = str(term)
        if len(text) > 40:
            text = text[:39] + "…"
        text = " ".join(text.split())
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f'"{text}"^^{_short(term.datatype)}'
        return f'"{text}"'
    return str(term)


def _shorten_iris(text: str) -> str:
    """IRIs in a message, written the way kg writes them (kg:won, kgid:company/…)."""
    for prefix, ns in _SHORT:
        text = text.replace(f"<{ns}", f"<{prefix}").replace(ns, prefix)
    return text.replace("<kg:", "kg:").replace("<kgid:", "kgid:").replace("<rdf:", "rdf:")


_LABELS = [RDFS.label, URIRef(KG_NS + "fileName"), URIRef(KG_NS + "text"), URIRef(KG_NS + "evidenceText")]


def _label_of(data: Graph, node) -> str:
    """A few words that tell the user which node this is."""
    if node is None or isinstance(node, Literal):
        return ""
    for p in _LABELS:
        v = data.value(node, p)
        if v is not None:
            text = " ".join(str(v).split())
            return text if len(text) <= 30 else text[:29] + "…"
    return ""


def _path_text(results: Graph, path) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _short(path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _short(inverse)
    return "(complex path)"


def validate(graph, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate a graph (rdflib Graph, Dataset, or an RDF file path) against kg's shapes.

    A dataset is validated as the union of its graphs, which is what queries see.

    >>> from rdflib import Graph
    >>> validate(Graph()).conforms
    True
    """
    from pyshacl import validate as shacl_validate

    data = _as_graph(graph)
    conforms, results, _text = shacl_validate(
        data,
        shacl_graph=shapes if shapes is not None else _shapes(),
        ont_graph=_ontology(),
        inference="none",
        advanced=True,
        abort_on_first=False,
        allow_warnings=True,
        meta_shacl=False,
    )
    violations = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        severity = results.value(r, SH.resultSeverity)
        component = results.value(r, SH.sourceConstraintComponent)
        msgs = sorted(str(m) for m in results.objects(r, SH.resultMessage))
        value = results.value(r, SH.value)
        violations.append(
            Violation(
                focus=_short(focus),
                label=_label_of(data, focus),
                path=_path_text(results, results.value(r, SH.resultPath)),
                value="" if value is None or value == focus else _short(value),
                message=_shorten_iris(msgs[0]) if msgs else "does not conform to its shape",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
                constraint=str(component).rsplit("#", 1)[-1] if component is not None else "",
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message, v.value))
    return ValidationReport(bool(conforms), violations, len(data))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _to_rdflib(term, where: str):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # "x" and "x"^^xsd:string are one term in RDF 1.1
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise InputError(f"{where}: unexpected RDF term {term!r}")


def _oxigraph_graph(store, where: str) -> Graph:
    """The union of an Oxigraph store's graphs as an rdflib Graph."""
    g = Graph()
    for q in store:
        g.add((_to_rdflib(q.subject, where), _to_rdflib(q.predicate, where), _to_rdflib(q.object, where)))
    return g


def _store_graph(store_dir: str | None) -> tuple[Graph, str]:
    """The union of the on-disk store's graphs, and the store's name for messages."""
    from .store import default_store_path, open_store

    name = str(store_dir or default_store_path())
    return _oxigraph_graph(open_store(store_dir, read_only=True), name), name


def _file_graph(path: str) -> Graph:
    """An RDF file (any format kg writes), parsed by Oxigraph for its precise error messages."""
    from .store import load_file

    return _oxigraph_graph(load_file(path), str(path))


def validate_cli(args: argparse.Namespace) -> int:
    """``kg validate [GRAPH_FILE | --store DIR]``.

    Violations go to stdout, one per line; the verdict goes to stderr. Exit
    code 0 when the graph conforms, 3 (bad input) when it does not.
    """
    graph_file = getattr(args, "graph", None)
    if graph_file and getattr(args, "store", None):
        from .errors import UsageError

        raise UsageError("give a graph file or --store, not both")
    if graph_file:
        name = str(graph_file)
        data = _file_graph(graph_file)
    else:
        data, name = _store_graph(getattr(args, "store", None))
    report = validate(data)
    quiet = getattr(args, "quiet", False)
    if report.conforms:
        if not quiet:
            print(f"kg: {name}: conforms to the kg shapes ({report.triples} triples checked)", file=sys.stderr)
        return 0
    out = report.render()
    sys.stdout.write(out + "\n")
    n = sum(1 for v in report.violations if v.severity == "Violation") or len(report.violations)
    print(
        f"kg: {name}: does not conform to the kg shapes: {n} violation{'s' if n != 1 else ''}"
        f" ({report.triples} triples checked)",
        file=sys.stderr,
    )
    return InputError.exit_code
