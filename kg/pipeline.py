"""The extraction pipeline, stage by stage.

    text -> Document (textprep) -> sentences -> mentions -> entities (resolve)
         -> relations + quotes -> Extraction

Each stage is a plain function of the previous stages' output; this module
only wires them. Extraction is deterministic: the same text gives the same
result.
"""

from __future__ import annotations

from pathlib import Path

from .mentions import find_mentions
from .model import Extraction
from .quotes import find_quotes
from .relations import find_relations
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
    doc = prepare(text, name)
    sentences = split_sentences(doc)
    mentions = find_mentions(doc, sentences)
    entities, _ = resolve(doc, mentions)
    relations = find_relations(doc.text, sentences, entities)
    quotes = find_quotes(doc.text, sentences, entities)
    return Extraction(doc, sentences, entities, relations, quotes)


def extract_file(path: str | Path) -> Extraction:
    """Read (any supported encoding, or HTML) and extract one article file."""
    path = Path(path)
    return extract_text(read_text(path), path.name)
