"""The extraction pipeline, stage by stage.

    text -> Document (textprep) -> sentences -> mentions -> entities (resolve)
         -> relations (rules propose, kg.relmodel decides) + quotes -> Extraction

Each stage is a plain function of the previous stages' output; this module
only wires them. Extraction is deterministic: the same text gives the same
result.

A text longer than :data:`WINDOW` characters (about 300 KB of Chinese; news
articles are a few KB) is extracted window by window (:func:`windows`: cut
at paragraph ends, outside quotations when possible) and the results are put
together with their offsets into the whole text: several stages cost more
than linear time in the length of one text (a 10 MB article took 64 s, a
50 MB one 1,049 s and 3.1 GB), the windows keep the cost linear. Entities
found in two windows are one entity (same type and name); a short form is
resolved to a full name within its window.
"""

from __future__ import annotations

import dataclasses
from array import array
from pathlib import Path

from .mentions import find_mentions
from .mentions.districts import division_level, zone_suffixes
from .model import Document, Entity, Extraction, Relation
from .quotes import find_quotes
from .relations import find_relations
from .relmodel import classify
from .resolve import resolve
from .sentences import split_sentences
from .textprep import prepare, read_text
from .userlex import UserLexicon, apply_to_entities, with_user_mentions


def extract_text(text: str, name: str = "document.txt", lexicon: UserLexicon | None = None) -> Extraction:
    """Extract entities, relations and quotes from one article's text.

    >>> x = extract_text("北京燃力能源科技有限公司与通州区签约新能源项目。", "t.txt")
    >>> sorted((e.type, e.name) for e in x.entities)
    [('Company', '北京燃力能源科技有限公司'), ('District', '通州区')]
    >>> [(r.type, r.subject, r.object) for r in x.relations]
    [('signedWith', 'Company:北京燃力能源科技有限公司', 'District:通州区')]

    ``lexicon``: a user lexicon (:mod:`kg.userlex`) of names to find, and to never output.
    """
    spans = windows(text)
    if len(spans) == 1:
        return _extract_one(text, name, lexicon)
    return _combine(text, name, [(s, _extract_one(text[s:e], name, lexicon)) for s, e in spans])


def _extract_one(text: str, name: str, lexicon: UserLexicon | None = None) -> Extraction:
    doc, sentences, entities, rule_relations = analyse(text, name, lexicon)
    relations = classify(doc.text, sentences, entities, rule_relations)
    entities = prune(entities, relations)
    quotes = find_quotes(doc.text, sentences, entities)
    return Extraction(doc, sentences, entities, relations, quotes)


#: the longest text extracted in one piece, in characters (about 300 KB of Chinese in UTF-8)
WINDOW = 100_000
_SENTENCE_END = frozenset("。！？!?；;…")
_CLOSING = frozenset("”’」』）)》】")


def windows(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` spans covering ``text``, each at most ``size``
    characters (default :data:`WINDOW`) and, but for the last, more than half of it.

    A window ends, by preference, at the end of a paragraph (a line ending a
    sentence; text cleaning never joins it to the next line) after which no
    quotation is open, then at the end of a paragraph, then after a sentence,
    and only then anywhere.

    >>> windows("第一段。\\n第二段。\\n第三段。\\n", size=12)
    [(0, 10), (10, 15)]
    >>> windows("短文。")
    [(0, 3)]
    """
    size = size or WINDOW
    out = []
    start, n = 0, len(text)
    while n - start > size:
        end = _window_end(text, start, start + size)
        out.append((start, end))
        start = end
    out.append((start, n))
    return out


def _window_end(text: str, start: int, limit: int) -> int:
    """Where the window from ``start`` ends, at ``limit`` at the latest and after the half of it."""
    low = start + (limit - start) // 2
    paragraph_end = -1
    depth = text.count("“", start, limit) - text.count("”", start, limit)  # quotations open at ``limit``
    upto = limit
    pos = text.rfind("\n", low, limit)
    while pos >= 0:
        depth -= text.count("“", pos, upto) - text.count("”", pos, upto)
        upto = pos
        line_end = pos
        while line_end > start and text[line_end - 1] in " \t\r\u3000":
            line_end -= 1
        last = text[line_end - 1] if line_end > start else ""
        ends_sentence = last in _SENTENCE_END or (
            last in _CLOSING and line_end - 2 >= start and text[line_end - 2] in _SENTENCE_END)
        if ends_sentence:
            if depth <= 0:
                return pos + 1
            if paragraph_end < 0:
                paragraph_end = pos + 1
        pos = text.rfind("\n", low, pos)
    if paragraph_end > 0:
        return paragraph_end
    for i in range(limit - 1, low - 1, -1):  # after the last sentence, then anywhere
        if text[i] in _SENTENCE_END:
            j = i + 1
            while j < limit and text[j] in _CLOSING:
                j += 1
            return j
    return limit


def _combine(text: str, name: str, parts: list[tuple[int, Extraction]]) -> Extraction:
    """One extraction of ``text`` from those of its windows (each with its start in ``text``).

    The clean text is the windows' clean texts, one line break between two;
    every offset is moved to it, every raw offset to ``text``. An entity of
    several windows is one entity; a relation read in several windows is kept
    once, with the evidence of the first (kg.relations does so in a window).
    """
    from .rdf import symmetric_relations

    clean: list[str] = []
    to_raw = array("q")  # 8 bytes an offset (a list of ints takes about 36)
    sentences, relations, quotes, bylines = [], [], [], []
    entities: dict[str, Entity] = {}
    seen: set[tuple[str, ...]] = set()
    symmetric = symmetric_relations()
    paragraphs = 0
    for raw_start, x in parts:
        d = x.document
        if not d.text:
            continue
        if clean:
            clean.append("\n")
            to_raw.append(max(raw_start - 1, 0))
        base = len(to_raw)
        clean.append(d.text)
        to_raw.extend(r + raw_start for r in d.to_raw[:-1])

        def shift(item, base=base):
            return dataclasses.replace(item, start=item.start + base, end=item.end + base)

        sentences.extend(dataclasses.replace(shift(s), paragraph=s.paragraph + paragraphs) for s in x.sentences)
        paragraphs = max((s.paragraph for s in sentences), default=-1) + 1
        bylines.extend(shift(b) for b in d.bylines)
        for r in x.relations:  # one relation per (type, subject, object), as in each window: the first evidence wins
            k = (r.type, *sorted((r.subject, r.object))) if r.type in symmetric else (r.type, r.subject, r.object)
            if k not in seen:
                seen.add(k)
                relations.append(dataclasses.replace(r, evidence=shift(r.evidence)))
        quotes.extend(dataclasses.replace(shift(q), evidence=shift(q.evidence)) for q in x.quotes)
        for e in x.entities:
            merged = entities.get(e.key)
            if merged is None:
                merged = entities[e.key] = Entity(e.key, e.type, e.name)
            merged.aliases |= e.aliases
            merged.mentions.extend(shift(m) for m in e.mentions)
    to_raw.append(len(text))
    first = parts[0][1].document
    doc = Document(name=name, raw=text, text="".join(clean), to_raw=to_raw, title=first.title, bylines=bylines)
    return Extraction(doc, sentences, list(entities.values()), relations, quotes)


def analyse(text: str, name: str = "document.txt", lexicon: UserLexicon | None = None):
    """The stages before the relation classifier: the document, its
    sentences, its entities and the relations the rules propose."""
    doc = prepare(text, name)
    sentences = split_sentences(doc)
    mentions = find_mentions(doc, sentences)
    if lexicon:
        mentions = with_user_mentions(mentions, lexicon.mentions(doc.text))
    entities, _ = resolve(doc, mentions)
    if lexicon:
        entities = apply_to_entities(lexicon, entities)
    return doc, sentences, entities, find_relations(doc.text, sentences, entities)


def prune(entities: list[Entity], relations: list[Relation]) -> list[Entity]:
    """Drop provinces and prefecture-level cities that are only where things happen.

    County-level divisions (海淀区, 江阴市) are districts in their own right,
    and so are new areas whatever their level (雄安新区), like the zones;
    a province or a prefecture-level city is a District only when it acts,
    as a party to a relation.
    """
    acting = {r.subject for r in relations} | {r.object for r in relations}
    out = []
    for e in entities:
        if (e.type == "District" and e.key not in acting and division_level(e.name) in ("province", "prefecture")
                and not zone_suffixes().ends_with(e.name, len(e.name))):  # (雄安新区: a new area, a zone, kept like one)
            continue
        out.append(e)
    return out


def extract_file(path: str | Path, doc_id: str | None = None, encoding: str | None = None,
                 lexicon: UserLexicon | None = None) -> Extraction:
    """Read (any supported encoding, or HTML) and extract one article file.

    The document's id is ``doc_id``, by default what ``kg build FILE`` gives
    it: the file's path from the current folder (:func:`kg.corpus.file_id`).
    ``encoding`` names the file's encoding (default: detected, :func:`kg.textprep.decode`).
    """
    from .corpus import file_id

    path = Path(path)
    x = extract_text(read_text(path, encoding), path.name, lexicon)
    x.document.id = doc_id if doc_id is not None else file_id(path)
    return x
