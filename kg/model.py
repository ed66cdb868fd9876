"""Plain data passed between the pipeline stages.

document -> sentences -> mentions -> entities / relations / quotes (with evidence).

All ``start``/``end`` offsets on :class:`Sentence`, :class:`Mention` and
:class:`Evidence` index the *clean* text of the document
(:attr:`Document.text`); :meth:`Document.raw_span` maps them back to the
decoded source text, which is what the RDF provenance records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .schema import ENTITY_ORDER as ENTITY_TYPES  # noqa: E402  (the types are declared in kg.schema)


@dataclass
class Document:
    """A decoded article and the clean text the extractors read.

    ``text`` is the clean text; ``to_raw[i]`` is the offset in ``raw`` of
    ``text[i]`` (with one extra entry for the end).
    """

    name: str
    raw: str
    text: str
    to_raw: list[int]
    title: str = ""
    bylines: list["Byline"] = field(default_factory=list)
    # what kg build knows about the document (kg.corpus): its id ("" means ``name``),
    # kg:fileName (None means ``name``; "" for a corpus row or standard input),
    # where it was read, and a corpus row's date, URL and outlet
    id: str = ""
    file_name: str | None = None
    source_path: str = ""
    issued: str = ""
    url: str = ""
    publisher: str = ""

    @property
    def doc_id(self) -> str:
        """The document's id: what its IRI is made from."""
        return self.id or self.name

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean-text span to the matching span of the source text."""
        if end <= start:
            r = self.to_raw[start]
            return r, r
        return self.to_raw[start], self.to_raw[end - 1] + 1


@dataclass(frozen=True)
class Byline:
    """A by-line or photo credit: ``本报记者 韩秉志`` / ``赵晶摄``."""

    start: int
    end: int
    name: str
    role: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class Mention:
    """A typed span of text that names something."""

    start: int
    end: int
    text: str
    type: str
    rule: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Entity:
    """One real thing, with all the ways the article names it."""

    key: str
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first_offset(self) -> int:
        return min((m.start for m in self.mentions), default=0)


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from (clean-text offsets)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Relation:
    type: str
    subject: str  # Entity.key
    object: str  # Entity.key
    evidence: Evidence
    rule: str = ""
    role: str = ""  # worksFor only: the title held


@dataclass(frozen=True)
class Quote:
    speaker: str  # Entity.key
    text: str
    start: int  # the quoted words
    end: int
    evidence: Evidence
    kind: str = "direct"  # or "indirect"
    rule: str = ""


@dataclass
class Extraction:
    """Everything the pipeline found in one document."""

    document: Document
    sentences: list[Sentence]
    entities: list[Entity]
    relations: list[Relation]
    quotes: list[Quote]

    def entity(self, key: str) -> Entity:
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)
