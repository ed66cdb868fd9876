"""The extraction pipeline, stage by stage.

    text -> Document (textprep) -> sentences -> mentions -> entities (resolve)
         -> relations (rules propose, kg.relmodel decides) + quotes -> Extraction

Each stage is a plain function of the previous stages' output; this module
only wires them. Extraction is deterministic: the same text gives the same
result.
"""

from __future__ import annotations

from pathlib import Path

from .mentions import division_level, find_mentions
from .model import Entity, Extraction, Relation
from .quotes import find_quotes
from .relations import find_relations
from .relmodel import classify
from .resolve import resolve
from .sentences import split_sentences
from .textprep import prepare, read_text


def extract_text(text: str, name: str = "document.txt") -> Extraction:
    """Extract entities, relations and quotes from one article's text.

    >>> x = extract_text("北京燃力能源科技有限公司与通州区签约新能源项目。", "t.txt")
    >>> sorted((e.type, e.name) for e in x.entities)
    [('Company', '北京燃力能源科技有限公司'), ('District', '通州区')]
    >>> [(r.type, r.subject, r.object) for r in x.relations]
    [('signedWith', 'Company:北京燃力能源科技有限公司', 'District:通州区')]
    """
    doc, sentences, entities, rule_relations = analyse(text, name)
    relations = classify(doc.text, sentences, entities, rule_relations)
    entities = prune(entities, relations)
    quotes = find_quotes(doc.text, sentences, entities)
    return Extraction(doc, sentences, entities, relations, quotes)


def analyse(text: str, name: str = "document.txt"):
    """The stages before the relation classifier: the document, its
    sentences, its entities and the relations the rules propose."""
    doc = prepare(text, name)
    sentences = split_sentences(doc)
    mentions = find_mentions(doc, sentences)
    entities, _ = resolve(doc, mentions)
    return doc, sentences, entities, find_relations(doc.text, sentences, entities)


def prune(entities: list[Entity], relations: list[Relation]) -> list[Entity]:
    """Drop provinces and prefecture-level cities that are only where things happen.

    County-level divisions (海淀区, 江阴市) are districts in their own right;
    a province or a prefecture-level city is a District only when it acts,
    as a party to a relation.
    """
    acting = {r.subject for r in relations} | {r.object for r in relations}
    out = []
    for e in entities:
        if e.type == "District" and e.key not in acting and division_level(e.name) in ("province", "prefecture"):
            continue
        out.append(e)
    return out


def extract_file(path: str | Path, doc_id: str | None = None, encoding: str | None = None) -> Extraction:
    """Read (any supported encoding, or HTML) and extract one article file.

    The document's id is ``doc_id``, by default what ``kg build FILE`` gives
    it: the file's path from the current folder (:func:`kg.corpus.file_id`).
    ``encoding`` names the file's encoding (default: detected, :func:`kg.textprep.decode`).
    """
    from .corpus import file_id

    path = Path(path)
    x = extract_text(read_text(path, encoding), path.name)
    x.document.id = doc_id if doc_id is not None else file_id(path)
    return x
