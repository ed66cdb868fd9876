"""One schema for every stage: entity types, relation types, their domains,
ranges and symmetry, read from the ontology (``ontology/kg.ttl``).

Extraction (the candidate pairs of :mod:`kg.relmodel`), scoring
(:mod:`kg.evaluate`) and the graph views read the types from here, so that
adding a relation type is an ontology entry, its trigger words in
``kg/resources/triggers.tsv`` and, where rules find it, one extractor.

A relation is *extracted* (proposed, classified and scored) when the
ontology marks it with ``kg:extracted true``; classes named by a domain or a
range (``kg:Agent``, ``kg:Party``) expand to the entity types under them.

>>> s = schema()
>>> s.entity_types
('Person', 'Company', 'Institution', 'District', 'Achievement', 'Award')
>>> r = s.relations["signedWith"]
>>> r.symmetric, r.domain
(True, ('Company', 'Institution', 'District'))
>>> s.relations["won"].domain, s.relations["won"].range
(('Person', 'Company', 'Institution'), ('Award',))
>>> sorted(s.extracted)
['developed', 'signedWith', 'won']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

KG = "https://w3id.org/kg-news/ontology#"
OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# the entity types kg extracts, in the order reports list them
ENTITY_ORDER = ("Person", "Company", "Institution", "District", "Achievement", "Award")


@dataclass(frozen=True)
class RelationType:
    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    symmetric: bool
    label_zh: str = ""


@dataclass(frozen=True)
class Schema:
    entity_types: tuple[str, ...]
    relations: dict[str, RelationType]
    extracted_names: frozenset[str] = frozenset()

    @property
    def extracted(self) -> dict[str, RelationType]:
        """The relation types extraction finds and ``kg eval`` scores."""
        return {k: v for k, v in self.relations.items() if k in self.extracted_names}

    @classmethod
    def from_turtle(cls, data: bytes) -> "Schema":
        """The schema an ontology in Turtle declares."""
        import pyoxigraph as ox

        store = ox.Store()
        store.load(data, format=ox.RdfFormat.TURTLE)
        return _read(store)


def _objects(store, s: str, p: str) -> list:
    import pyoxigraph as ox

    return [q.object for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)]


def _local(node) -> str:
    return node.value.rsplit("#", 1)[-1]


def _extracted_names(store) -> frozenset[str]:
    import pyoxigraph as ox

    return frozenset(_local(q.subject) for q in store.quads_for_pattern(None, ox.NamedNode(KG + "extracted"), None)
                     if q.object.value == "true")


def _expand(store, cls, leaves: tuple[str, ...]) -> tuple[str, ...]:
    """The entity types a class stands for: itself, its subclasses, or the members of its union."""
    import pyoxigraph as ox

    name = _local(cls)
    if name in leaves:
        return (name,)
    out: list[str] = []
    for lst in _objects(store, cls.value, OWL + "unionOf"):
        node = lst
        while isinstance(node, (ox.BlankNode, ox.NamedNode)) and node.value != RDF + "nil":
            first = _objects(store, node.value, RDF + "first") if isinstance(node, ox.NamedNode) else \
                [q.object for q in store.quads_for_pattern(node, ox.NamedNode(RDF + "first"), None)]
            rest = [q.object for q in store.quads_for_pattern(node, ox.NamedNode(RDF + "rest"), None)]
            for f in first:
                out.extend(_expand(store, f, leaves))
            node = rest[0] if rest else None
    for q in store.quads_for_pattern(None, ox.NamedNode(RDFS + "subClassOf"), cls):
        out.extend(_expand(store, q.subject, leaves))
    return tuple(t for t in leaves if t in out)


@lru_cache(maxsize=1)
def schema() -> Schema:
    """The schema of the shipped ontology (read once)."""
    from .paths import ontology_path

    return Schema.from_turtle(ontology_path("kg.ttl").read_bytes())


def _read(store) -> Schema:
    import pyoxigraph as ox

    relations = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "ObjectProperty")):
        prop = q.subject
        if not prop.value.startswith(KG):
            continue
        dom = _objects(store, prop.value, RDFS + "domain")
        rng = _objects(store, prop.value, RDFS + "range")
        if not dom or not rng:
            continue
        sym = any(o.value == OWL + "SymmetricProperty" for o in _objects(store, prop.value, RDF + "type"))
        zh = next((o.value for o in _objects(store, prop.value, RDFS + "label") if getattr(o, "language", "") == "zh"), "")
        relations[_local(prop)] = RelationType(_local(prop), _expand(store, dom[0], ENTITY_ORDER),
                                               _expand(store, rng[0], ENTITY_ORDER), sym, zh)
    return Schema(ENTITY_ORDER, dict(sorted(relations.items())), _extracted_names(store))
