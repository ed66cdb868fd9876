"""Encode an :class:`~kg.model.Extraction` as RDF under the kg ontology.

IRIs are deterministic and ASCII-safe:

* entities: ``id/<type>/<hash of type and name>``, so the same company named in
  two articles is one node when both are loaded together;
* documents: ``id/document/<document id>`` (percent-encoded), the id being
  the file's path from its input root, a corpus row's id or ``--id``
  (:mod:`kg.corpus`), so rebuilding a document replaces its graph and two
  documents never share one; stores written before ids existed name documents
  ``id/doc/<file stem>`` (:func:`legacy_document_iri`), a namespace no new
  document uses;
* statements, quotes and affiliations: hashes of what they say and where.

Every ``signedWith`` / ``won`` / ``developed`` / ``worksFor`` triple is also
described by an ``rdf:Statement`` carrying ``kg:evidenceText`` (exactly
``source[startOffset:endOffset]``), the offsets and ``kg:sourceDocument``.
A symmetric relation (``signedWith``) is stated in both directions, so that
``?district kg:signedWith ?company`` finds it too; its one statement keeps the
direction the text gave.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import quote
from collections.abc import Iterable

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .model import Extraction
from .textprep import sha256_text

KG = Namespace("https://w3id.org/kg-news/ontology#")
ID = Namespace("https://w3id.org/kg-news/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")

PREFIXES = {
    "kg": KG,
    "kgid": ID,
    "rdfs": RDFS,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "xsd": XSD,
    "prov": PROV,
    "schema": SCHEMA,
}


def symmetric_relations() -> frozenset[str]:
    """Relations declared ``owl:SymmetricProperty`` in ontology/kg.ttl (read
    by kg.schema): both directions are stated."""
    from .schema import schema

    return frozenset(n for n, r in schema().relations.items() if r.symmetric)


def _h(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def entity_iri(type_: str, name: str, *qualifiers: str) -> URIRef:
    """The IRI of an entity of this type and name (and qualifiers, see
    :func:`entity_iris`), the same in every document.

    >>> str(entity_iri("Company", "北京燃力能源科技有限公司"))
    'https://w3id.org/kg-news/id/company/5e477f6ca3e1c8f5'
    """
    return ID[f"{type_.lower()}/{_h(type_, name, *qualifiers)}"]


# an award name this short is a rank (亚军, 一等奖, 金奖), not a prize of its own
_GENERIC_AWARD_LEN = 4


def entity_iris(x: Extraction) -> dict[str, URIRef]:
    """Entity key -> IRI for one extraction: what makes two mentions in two
    articles one node.

    * organisations: type and name without its legal form (某某科技有限公司
      in one article and 某某科技 in another are one node; every surface form
      is an altLabel, and each article's name for it an rdfs:label);
    * districts, achievements: type and name;
    * awards: qualified by the contest they belong to, read from the longest
      name the article gives them (第七届某某大赛亚军): the 亚军 of one contest is
      not the 亚军 of another; a short rank with no contest named stays inside
      its document;
    * people: qualified by the organisations they work for (two 王伟 of two
      companies are two people; the same 王伟 of one company, named in two
      articles, is one); a person with no organisation stays inside its
      document, since a name alone is no evidence of one person.
    """
    doc_id = x.document.doc_id
    names = {e.key: e.name for e in x.entities}
    orgs: dict[str, set[str]] = {}
    for r in x.relations:
        if r.type == "worksFor" and r.object in names:
            orgs.setdefault(r.subject, set()).add(organisation_key(names[r.object]))
    out = {}
    for e in x.entities:
        if e.type == "Award":
            parts = (award_label(e),)
            if parts[0] == e.name and len(e.name) <= _GENERIC_AWARD_LEN:
                parts += (doc_id,)
        elif e.type == "Person":
            parts = (e.name, *sorted(orgs[e.key])) if e.key in orgs else (e.name, doc_id)
        elif e.type in ("Company", "Institution"):
            parts = (organisation_key(e.name),)
        else:
            parts = (e.name,)
        out[e.key] = entity_iri(e.type, *parts)
    return out


def organisation_key(name: str) -> str:
    """What identifies an organisation across articles: its name without a
    legal-form ending (kg/resources/identity_legal_forms.txt).

    >>> organisation_key("星河科技股份有限公司"), organisation_key("星河科技")
    ('星河科技', '星河科技')
    """
    for form in _identity_legal_forms():
        if name.endswith(form) and len(name) > len(form) + 1:
            return name[: -len(form)]
    return name


@lru_cache(maxsize=1)
def _identity_legal_forms() -> tuple[str, ...]:
    """identity_legal_forms.txt, longest first (asked once per organisation of every document)."""
    from . import lexicon

    return tuple(sorted(lexicon.words("identity_legal_forms.txt"), key=len, reverse=True))


def award_label(e) -> str:
    """An award's label: a short rank (亚军, 一等奖) with its contest, the
    longest of its names that ends with the rank (某某大赛亚军); any other
    award by its name.

    >>> from kg.model import Entity
    >>> award_label(Entity("a1", "Award", "亚军", {"某某大赛亚军", "第二届某某大赛亚军"}))
    '第二届某某大赛亚军'
    """
    if len(e.name) > _GENERIC_AWARD_LEN:
        return e.name
    longer = [a for a in e.aliases if a.endswith(e.name) and len(a) > len(e.name)]
    return max(longer, key=lambda a: (len(a), a)) if longer else e.name


def document_iri(doc_id: str) -> URIRef:
    """The IRI of a document, from its id: one IRI per id, and one id per IRI.

    >>> str(document_iri("data/zgc-forum-2024.txt"))
    'https://w3id.org/kg-news/id/document/data/zgc-forum-2024.txt'
    >>> str(document_iri("新闻/1.txt"))
    'https://w3id.org/kg-news/id/document/%E6%96%B0%E9%97%BB/1.txt'
    >>> str(document_iri("/srv/news/1.txt"))
    'https://w3id.org/kg-news/id/document/%2Fsrv/news/1.txt'
    >>> str(document_iri("news/../1.txt"))
    'https://w3id.org/kg-news/id/document/news%2F%2E%2E%2F1%2Etxt'
    """
    def plain(i: str) -> bool:
        return all(seg not in ("", ".", "..") for seg in i.split("/"))

    if plain(doc_id):
        return ID["document/" + quote(doc_id, safe="/")]
    if doc_id.startswith("/") and plain(doc_id[1:]):  # an absolute path
        return ID["document/%2F" + quote(doc_id[1:], safe="/")]
    # a path segment IRI resolution would remove ("", ".", ".."): one opaque segment instead
    return ID["document/" + quote(doc_id, safe="").replace(".", "%2E")]


def legacy_document_iri(file_name: str) -> URIRef:
    """The IRI an earlier kg gave a document, from its file name alone (stores built before ids).

    >>> str(legacy_document_iri("zgc-forum-2024.txt"))
    'https://w3id.org/kg-news/id/doc/zgc-forum-2024'
    """
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", file_name)
    if re.fullmatch(r"[A-Za-z0-9._-]{1,80}", stem):
        return ID[f"doc/{stem}"]
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:40]
    return ID[f"doc/{slug + '-' if slug else ''}{_h(stem)}"]


def bind_prefixes(g: Graph) -> None:
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True)


def extraction_triples(x: Extraction, iri: dict[str, URIRef] | None = None) -> Iterable[tuple]:
    """All triples for one extraction (to go in the document's named graph);
    ``iri``: its :func:`entity_iris`, when the caller has them already."""
    doc = x.document
    d = document_iri(doc.doc_id)
    zh = "zh"
    yield d, RDF.type, KG.Document
    yield d, DCTERMS.identifier, Literal(doc.doc_id)
    file_name = doc.name if doc.file_name is None else doc.file_name
    if file_name:
        yield d, KG.fileName, Literal(file_name)
    if doc.source_path:
        yield d, KG.sourcePath, Literal(doc.source_path)
    yield d, KG.sha256, Literal(sha256_text(doc.raw))
    yield d, KG.charCount, Literal(len(doc.raw), datatype=XSD.integer)
    if doc.title:
        yield d, DCTERMS.title, Literal(doc.title, lang=zh)
    if doc.issued:
        yield d, DCTERMS.issued, Literal(doc.issued, datatype=XSD.dateTime if "T" in doc.issued else XSD.date)
    if doc.url:
        yield d, SCHEMA.url, URIRef(doc.url)
    if doc.publisher:
        yield d, SCHEMA.publisher, Literal(doc.publisher)

    iri = iri if iri is not None else entity_iris(x)
    for e in x.entities:
        s = iri[e.key]
        yield s, RDF.type, KG[e.type]
        label = award_label(e) if e.type == "Award" else e.name
        yield s, RDFS.label, Literal(label, lang=zh)
        for a in sorted((e.aliases | {e.name}) - {label}):
            yield s, SKOS.altLabel, Literal(a, lang=zh)
        yield s, KG.mentionedIn, d

    names = {e.name: e for e in x.entities if e.type == "Person"}
    for b in doc.bylines:
        if b.name in names:
            yield d, KG.author, iri[names[b.name].key]

    def provenance(node, start: int, end: int, rule: str):
        rs, re_ = doc.raw_span(start, end)
        yield node, KG.evidenceText, Literal(doc.raw[rs:re_])
        yield node, KG.startOffset, Literal(rs, datatype=XSD.integer)
        yield node, KG.endOffset, Literal(re_, datatype=XSD.integer)
        yield node, KG.sourceDocument, d
        if rule:
            yield node, KG.extractedBy, Literal(rule)

    symmetric = symmetric_relations()
    for r in x.relations:
        s, o, p = iri[r.subject], iri[r.object], KG[r.type]
        yield s, p, o
        if r.type in symmetric:
            yield o, p, s  # queryable from both sides; the statement below keeps the direction it was read in
        st = ID[f"stmt/{_h(str(d), r.type, str(s), str(o))}"]
        yield st, RDF.type, RDF.Statement
        yield st, RDF.subject, s
        yield st, RDF.predicate, p
        yield st, RDF.object, o
        yield from provenance(st, r.evidence.start, r.evidence.end, r.rule)
        if r.type == "worksFor":
            aff = ID[f"affiliation/{_h(str(s), str(o), r.role)}"]
            yield aff, RDF.type, KG.Affiliation
            yield aff, KG.member, s
            yield aff, KG.organization, o
            if r.role:
                yield aff, KG.role, Literal(r.role, lang=zh)

    for q in x.quotes:
        sp = iri[q.speaker]
        node = ID[f"quote/{_h(str(d), str(q.start), str(q.end))}"]
        yield d, KG.quoted, sp
        yield node, RDF.type, KG.Quote
        yield node, KG.speaker, sp
        yield node, KG.text, Literal(q.text, lang=zh)
        yield node, KG.quoteKind, Literal(q.kind)
        yield from provenance(node, q.evidence.start, q.evidence.end, q.rule)


def to_dataset(extractions: Iterable[Extraction], dataset: Dataset | None = None) -> Dataset:
    """One named graph per document (the graph name is the document IRI).

    Two extractions with the same document id are an :class:`~kg.errors.InputError`
    (one would replace the other); a document already in ``dataset`` is replaced.
    """
    from .errors import InputError

    ds = dataset if dataset is not None else Dataset()
    bind_prefixes(ds)
    seen: set[str] = set()
    for x in extractions:
        if x.document.doc_id in seen:
            raise InputError(f"two documents have the id '{x.document.doc_id}'")
        seen.add(x.document.doc_id)
        g = ds.graph(document_iri(x.document.doc_id))
        g.remove((None, None, None))
        for t in extraction_triples(x):
            g.add(t)
    return ds


def union_graph(ds: Dataset) -> Graph:
    """All documents' triples in one graph (for triple formats)."""
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
