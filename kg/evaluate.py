"""``kg eval``: score extraction against gold annotations.

The system output is read back from the RDF kg writes (not from Python
objects), so the score is the score of what users get.

Matching rules:

* an entity matches when its type agrees and any of its names (label or
  alias) equals any gold name or alias after NFKC, removing whitespace and
  surrounding quotation marks; a second system entity matching the same gold
  entity is a false positive;
* a relation matches when its type agrees and both ends match (either
  direction for a symmetric relation such as ``signedWith``); the relation
  types scored are those the ontology marks ``kg:extracted`` (kg.schema);
* a quote matches when the speaker matches and one text contains the other
  with at least 60% of the longer one's length;
* gold items marked ``optional`` count neither way.

Scores are micro-averaged over all articles.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Dataset
from rdflib.namespace import SKOS

from .errors import InputError
from .rdf import KG


def scored_relations() -> tuple[str, ...]:
    """The relation types scored: those the ontology marks as extracted."""
    from .schema import schema

    return tuple(schema().extracted)


def _symmetric(rel: str) -> bool:
    from .schema import schema

    return schema().relations[rel].symmetric

QUOTE_OVERLAP = 0.6
_STRIP = "\"'“”‘’「」『』《》〈〉【】"


def norm(name: str) -> str:
    """Normalise a name for matching: NFKC, no whitespace, no surrounding quotes.

    >>> norm(" “北京 通州区” ")
    '北京通州区'
    """
    s = unicodedata.normalize("NFKC", name)
    s = re.sub(r"\s+", "", s)
    prev = None
    while prev != s:
        prev = s
        s = s.strip(_STRIP)
    return s


def quote_match(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return short in long_ and len(short) >= QUOTE_OVERLAP * len(long_)


@dataclass
class PRF:
    """Counts of true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: "PRF") -> "PRF":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


@dataclass
class SysEntity:
    iri: str
    type: str
    names: set[str]
    label: str


@dataclass
class DocResult:
    name: str
    part: str = ""  # the part of the split the article is in ("" outside it)
    scores: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    evidence_ok: int = 0
    evidence_total: int = 0


@dataclass
class Report:
    docs: list[DocResult]

    def total(self, key: str) -> PRF:
        out = PRF()
        for d in self.docs:
            if key in d.scores:
                out += d.scores[key]
        return out

    def group(self, prefix: str) -> PRF:
        out = PRF()
        for d in self.docs:
            for k, v in d.scores.items():
                if k.startswith(prefix):
                    out += v
        return out

    def keys(self) -> list[str]:
        ks = {k for d in self.docs for k in d.scores}
        return sorted(ks, key=lambda k: (k.split(":")[0] != "entity", k.split(":")[0], k))

    def parts(self) -> list[str]:
        """The parts of the split present, in split order ("" last)."""
        seen = list(dict.fromkeys(d.part for d in self.docs))
        return sorted(seen, key=lambda p: (p == "", PART_ORDER.index(p) if p in PART_ORDER else 99, p))

    def part(self, name: str) -> "Report":
        return Report([d for d in self.docs if d.part == name])

    def to_dict(self, with_parts: bool = True) -> dict:
        """The scores as plain data (what ``kg eval --json`` prints).

        >>> r = Report([DocResult("a.txt")]); r.docs[0].scores["quote"].tp = 1
        >>> r.to_dict()["quotes"]
        {'precision': 1.0, 'recall': 1.0, 'f1': 1.0, 'tp': 1, 'fp': 0, 'fn': 0}
        """
        out = {
            "documents": [d.name for d in self.docs],
            "entities": _prf_dict(self.group("entity:")),
            "relations": _prf_dict(self.group("relation:")),
            "quotes": _prf_dict(self.total("quote")),
            "by_type": {k: _prf_dict(self.total(k)) for k in self.keys()},
            "evidence": {"found": sum(d.evidence_ok for d in self.docs),
                         "total": sum(d.evidence_total for d in self.docs)},
        }
        if with_parts and any(d.part for d in self.docs):
            out["parts"] = {p or "outside the split": self.part(p).to_dict(with_parts=False) for p in self.parts()}
        return out


# The parts of a split file, in the order reports show them.
PART_ORDER = ("tune", "held-out")


def _prf_dict(s: PRF) -> dict:
    return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
            "tp": s.tp, "fp": s.fp, "fn": s.fn}


def read_split(path: str | Path) -> dict[str, str]:
    """Article stem -> part, from a split file such as ``data/eval-split.json``
    (``{"tune": [stems], "held-out": [stems]}``)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable split file: {exc}") from None
    parts = {k: v for k, v in data.items() if isinstance(v, list)} if isinstance(data, dict) else {}
    if not parts:
        raise InputError(f"{path}: a split file maps part names to lists of article names")
    out: dict[str, str] = {}
    for part, stems in parts.items():
        for stem in stems:
            if stem in out:
                raise InputError(f"{path}: {stem} is in both {out[stem]} and {part}")
            out[str(stem)] = part
    return out


def _system_view(ds: Dataset):
    """Entities, relations and quotes as kg wrote them, read from the RDF."""
    from .rdf import union_graph

    g = union_graph(ds)
    ents: dict[str, SysEntity] = {}
    types = {"Person", "Company", "Institution", "District", "Achievement", "Award", "Event", "Place"}
    for s, _, t in g.triples((None, RDF.type, None)):
        local = str(t).split("#")[-1]
        if str(t).startswith(str(KG)) and local in types:
            labels = [str(o) for o in g.objects(s, RDFS.label)]
            alts = [str(o) for o in g.objects(s, SKOS.altLabel)]
            ents[str(s)] = SysEntity(str(s), local, {norm(n) for n in labels + alts if norm(n)}, labels[0] if labels else "")
    rels = []
    scored = scored_relations()
    for rt in scored:
        for s, _, o in g.triples((None, KG[rt], None)):
            if str(s) in ents and str(o) in ents:
                pair = (str(s), str(o))
                if _symmetric(rt):  # stated both ways in the RDF: one prediction
                    pair = tuple(sorted(pair))
                rels.append((rt, *pair))
    quotes = []
    for q in g.subjects(RDF.type, KG.Quote):
        sp = g.value(q, KG.speaker)
        tx = g.value(q, KG.text)
        if sp is not None and tx is not None and str(sp) in ents:
            quotes.append((str(sp), str(tx)))
    evidence = []
    for st in g.subjects(RDF.type, RDF.Statement):
        pred = g.value(st, RDF.predicate)
        if pred is not None and str(pred).split("#")[-1] in scored:
            evidence.append(str(g.value(st, KG.evidenceText) or ""))
    return ents, sorted(set(rels)), sorted(quotes), evidence


def _names_of(g: dict) -> set[str]:
    """A gold entity's name and aliases, normalised (:func:`norm`)."""
    return {norm(n) for n in [g["name"], *g.get("aliases", [])] if norm(n)}


def _match_entities(sys_ents: dict[str, SysEntity], gold: list[dict], res: DocResult) -> None:
    gold_names = {g["id"]: _names_of(g) for g in gold}
    taken: set[str] = set()
    for e in sorted(sys_ents.values(), key=lambda e: (e.type, e.label)):
        cands = [g for g in gold if g["type"] == e.type and gold_names[g["id"]] & e.names]
        key = f"entity:{e.type}"
        free_required = [g for g in cands if not g.get("optional") and g["id"] not in taken]
        free_optional = [g for g in cands if g.get("optional") and g["id"] not in taken]
        if free_required:
            taken.add(free_required[0]["id"])
            res.scores[key].tp += 1
        elif free_optional:
            taken.add(free_optional[0]["id"])
        elif cands:
            res.scores[key].fp += 1
            res.false_positives.append(f"{e.type} {e.label} (duplicate of {cands[0]['name']})")
        else:
            res.scores[key].fp += 1
            res.false_positives.append(f"{e.type} {e.label}")
    for g in gold:
        if not g.get("optional") and g["id"] not in taken:
            res.scores[f"entity:{g['type']}"].fn += 1
            res.misses.append(f"{g['type']} {g['name']}")


def _ends_match(e: SysEntity, g: dict, gold_names) -> bool:
    return e.type == g["type"] and bool(e.names & gold_names[g["id"]])


def _score_doc(ds: Dataset, gold: dict, name: str, raw_text: str) -> DocResult:
    res = DocResult(name)
    ents, rels, quotes, evidence = _system_view(ds)
    gold_ents = gold["entities"]
    by_id = {g["id"]: g for g in gold_ents}
    gold_names = {g["id"]: _names_of(g) for g in gold_ents}
    _match_entities(ents, gold_ents, res)

    # relations
    gold_rels = [r for r in gold["relations"] if r["type"] in scored_relations()]
    used: set[int] = set()
    for rt, s, o in rels:
        key = f"relation:{rt}"
        se, oe = ents[s], ents[o]
        hit = None
        for i, gr in enumerate(gold_rels):
            if gr["type"] != rt:
                continue
            gs, go = by_id.get(gr["subject"]), by_id.get(gr.get("object"))
            if gs is None or go is None:
                continue
            fwd = _ends_match(se, gs, gold_names) and _ends_match(oe, go, gold_names)
            back = _symmetric(rt) and _ends_match(se, go, gold_names) and _ends_match(oe, gs, gold_names)
            if fwd or back:
                if i not in used:
                    hit = i
                    break
                hit = -1 if hit is None else hit
        if hit is not None and hit >= 0:
            used.add(hit)
            if not gold_rels[hit].get("optional"):
                res.scores[key].tp += 1
        else:
            res.scores[key].fp += 1
            res.false_positives.append(f"{rt} {se.label} -> {oe.label}")
    for i, gr in enumerate(gold_rels):
        if i not in used and not gr.get("optional"):
            res.scores[f"relation:{gr['type']}"].fn += 1
            res.misses.append(f"{gr['type']} {by_id[gr['subject']]['name']} -> {by_id[gr['object']]['name']}")

    # quotes
    gold_q = [r for r in gold["relations"] if r["type"] == "quoted"]
    used_q: set[int] = set()
    for sp, text in quotes:
        se = ents[sp]
        hit = None
        for i, gq in enumerate(gold_q):
            gs = by_id.get(gq["subject"])
            if gs is None or not _ends_match(se, gs, gold_names) or not quote_match(text, gq.get("quote", "")):
                continue
            if i not in used_q:
                hit = i
                break
        if hit is not None:
            used_q.add(hit)
            if not gold_q[hit].get("optional"):
                res.scores["quote"].tp += 1
        else:
            res.scores["quote"].fp += 1
            res.false_positives.append(f"quote {se.label}: {text[:40]}")
    for i, gq in enumerate(gold_q):
        if i not in used_q and not gq.get("optional"):
            res.scores["quote"].fn += 1
            res.misses.append(f"quote {by_id[gq['subject']]['name']}: {gq.get('quote', '')[:40]}")

    res.evidence_total = len(evidence)
    res.evidence_ok = sum(1 for ev in evidence if ev and ev in raw_text)
    return res


def gold_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.glob("*.gold.json")))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"{p}: no such gold file or folder")
    if not out:
        raise InputError("no .gold.json files found")
    return out


def _article_for(gold_file: Path, gold: dict) -> Path:
    """The article a gold file scores: the file named beside it by its stem
    (``X.gold.json`` -> ``X.txt``), else the one its ``document`` field names."""
    beside = gold_file.with_name(gold_file.name[: -len(".gold.json")] + ".txt")
    if beside.is_file() or "document" not in gold:
        return beside
    return gold_file.parent / gold["document"]


def extracted_gold(paths: list[str]):
    """For each gold file: (gold file, gold, article path, article text, the RDF kg makes of it)."""
    from .pipeline import extract_text
    from .rdf import to_dataset
    from .textprep import read_text

    for gf in gold_files(paths):
        try:
            gold = json.loads(gf.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"{gf}: not a readable gold file: {exc}") from None
        article = _article_for(gf, gold)
        text = read_text(article)
        yield gf, gold, article, text, to_dataset([extract_text(text, article.name)])


def evaluate(paths: list[str], split: str | Path | None = None) -> Report:
    """Extract each gold file's article and score it; with ``split``, each
    article is labelled with the part of the split it is in."""
    parts = read_split(split) if split else {}
    docs = []
    for gf, gold, article, text, ds in extracted_gold(paths):
        res = _score_doc(ds, gold, article.name, text)
        res.part = parts.get(gf.name[: -len(".gold.json")], "")
        docs.append(res)
    return Report(docs)


def _gold_matches(sys_ents: dict[str, SysEntity], gold: list[dict]) -> dict[str, str]:
    """Gold entity id -> the IRI of the system entity that matches it (same
    rules as the scores: type and a shared name), for the required gold entities found."""
    out: dict[str, str] = {}
    for g in gold:
        if g.get("optional"):
            continue
        names = _names_of(g)
        hits = sorted(e.iri for e in sys_ents.values() if e.type == g["type"] and e.names & names)
        if hits:
            out[g["id"]] = hits[0]
    return out


def merging(paths: list[str]) -> dict:
    """Pairwise precision and recall of merging entities across articles.

    The gold clusters are read from the gold files: two gold entities of two
    articles are one real thing when their types agree and they share a name
    or alias (the visible gold has no homonyms; homonyms are tested on
    synthetic articles in tests/test_identity.py). Over every pair of found
    gold entities from two different articles: a predicted merge is the pair
    sharing one IRI when all articles are encoded together.
    """
    found: list[tuple[str, str, set[str], str]] = []  # (article, type, gold names, IRI)
    for gf, gold, _, _, ds in extracted_gold(paths):
        ents = _system_view(ds)[0]
        by_id = {g["id"]: g for g in gold["entities"]}
        for gid, iri in _gold_matches(ents, gold["entities"]).items():
            g = by_id[gid]
            found.append((str(gf), g["type"], _names_of(g), iri))
    by_type: dict[str, PRF] = defaultdict(PRF)
    for i, (da, ta, na, ia) in enumerate(found):
        for db, tb, nb, ib in found[i + 1:]:
            if da == db or ta != tb:
                continue
            same, merged = bool(na & nb), ia == ib
            s = by_type[ta]
            if same and merged:
                s.tp += 1
            elif merged:
                s.fp += 1
            elif same:
                s.fn += 1
    total = PRF()
    for s in by_type.values():
        total += s
    return {"pairs": _prf_dict(total), "by_type": {t: _prf_dict(s) for t, s in sorted(by_type.items())}}


def render_merging(scores: dict) -> str:
    """The merging scores as a table."""
    lines = [f"{'merging across articles (pairs)':<32}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"]
    rows = [*scores["by_type"].items(), ("ALL", scores["pairs"])]
    for name, s in rows:
        lines.append(f"{name:<32}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    return "\n".join(lines)


PART_TITLES = {
    "tune": "tune part (rules written and models trained on it: a training score)",
    "held-out": "held-out part (never tuned or trained on)",
    "": "outside the split",
}


def render_report(report: Report, details: bool = True) -> str:
    """The score table; when the articles come from several parts of a
    split, one table per part, then the error lists."""
    parts = report.parts()
    if parts == [""] or not parts:
        return _render_table(report) + (_render_details(report) if details else "")
    out = []
    for p in parts:
        sub = report.part(p)
        out.append(f"== {PART_TITLES.get(p, p)}: {len(sub.docs)} articles\n")
        out.append(_render_table(sub))
        out.append("\n")
    if details:
        out.append(_render_details(report).lstrip("\n"))
    return "".join(out)


def _render_table(report: Report) -> str:
    lines = [f"{'':24} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]

    def row(label: str, s: PRF) -> str:
        return f"{label:24} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}"

    for k in report.keys():
        lines.append(row(k, report.total(k)))
    lines.append("")
    lines.append(row("ENTITIES (micro)", report.group("entity:")))
    lines.append(row("RELATIONS (micro)", report.group("relation:")))
    lines.append(row("QUOTES", report.total("quote")))
    ev_ok = sum(d.evidence_ok for d in report.docs)
    ev_total = sum(d.evidence_total for d in report.docs)
    if ev_total:
        lines.append(f"evidence text found in the article: {ev_ok}/{ev_total} relation statements ({ev_ok / ev_total:.1%})")
    return "\n".join(lines) + "\n"


def _render_details(report: Report) -> str:
    lines = []
    for d in report.docs:
        lines.append("")
        lines.append(f"== {d.name}" + (f"  [{d.part}]" if d.part else ""))
        for m in d.misses:
            lines.append(f"  miss  {m}")
        for f in d.false_positives:
            lines.append(f"  false {f}")
    return "\n".join(lines) + "\n"
