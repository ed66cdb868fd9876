"""A learned relation classifier over candidate pairs of entity mentions.

Every pair of mentions in one sentence whose types fit a relation's domain
and range (see :func:`signatures`, from the ontology) is a candidate. A candidate is described
by sparse indicator features -- the two types and their order, the trigger
words of the relation and where they stand (before, between, after the
pair), the punctuation and coordination between the two, how far apart they
are, how many other entities stand between them, and whether the rule
extractors in :mod:`kg.relations` proposed the pair -- and scored by a
logistic regression per relation type. The rules are thus one feature among
others: the model learns how far to trust each of them.

The weights (``kg/resources/relations.model.json``) are trained by
``scripts/train_relations.py`` on the tune part of the visible gold articles
(``data/eval-split.json``); nothing is learned at run time and scoring is
deterministic.

>>> sorted(signatures())
['developed', 'signedWith', 'won']
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import lexicon
from .model import Entity, Evidence, Mention, Relation, Sentence
from .schema import schema

MODEL_PATH = Path(__file__).resolve().parent / "resources" / "relations.model.json"


def signatures() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]]:
    """relation -> (subject types, object types, symmetric), for every
    relation type the ontology marks as extracted (:mod:`kg.schema`)."""
    return {name: (r.domain, r.range, r.symmetric) for name, r in schema().extracted.items()}


# the longest stretch of text a candidate pair may span
MAX_GAP = 120

_PUNCT_CLASSES = (("，", "comma"), (",", "comma"), ("、", "enum"), ("；", "semi"), (";", "semi"),
                  ("：", "colon"), (":", "colon"))
_COORD = re.compile("与|和|同|跟|及|以及|携手|联合")


@dataclass(frozen=True)
class Candidate:
    """A pair of mentions in one sentence that may stand in ``type``."""

    type: str
    subject: Entity
    object: Entity
    subject_mention: Mention
    object_mention: Mention
    sentence: Sentence
    features: tuple[str, ...]


def _bin(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


@lru_cache(maxsize=None)
def _trigger_pattern(rel: str) -> re.Pattern | None:
    trig = lexicon.triggers()
    words = tuple(trig.get(rel, ())) + tuple(trig.get(rel + "-weak", ()))
    return lexicon.any_of(tuple(sorted(set(words), key=len, reverse=True))) if words else None


def _triggers_in(rel: str, text: str, start: int, end: int) -> list[str]:
    pat = _trigger_pattern(rel)
    if pat is None or start >= end:
        return []
    return [m.group() for m in pat.finditer(text, start, end)]


def pair_features(rel: str, text: str, sent: Sentence, a: Mention, b: Mention, n_between: int,
                  same_type_between: int, proposed: bool) -> tuple[str, ...]:
    """The indicator features of the candidate (``a`` the subject, ``b`` the object)."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    gap = text[first.end:second.start]
    f = ["bias", f"types={a.type}>{b.type}", f"order={'sub-first' if a is first else 'obj-first'}"]
    f.append(f"dist={_bin(len(gap), (0, 1, 3, 8, 20, 40))}")
    f.append(f"between={_bin(n_between, (0, 1, 3))}")
    if same_type_between:
        f.append(f"same-type-between={_bin(same_type_between, (1, 3))}")
    if len(gap) <= 3:
        f.append(f"gap={gap}")
    for ch, name in _PUNCT_CLASSES:
        if ch in gap:
            f.append(f"gap-has={name}")
    if "。" in gap or "！" in gap or "？" in gap:
        f.append("gap-has=stop")
    if _COORD.search(gap):
        f.append("gap-has=coord")
    if "分别" in text[sent.start:sent.end] or "分获" in text[sent.start:sent.end]:
        f.append("sent-has=respectively")
    for where, (s, e) in (("before", (sent.start, first.start)), ("between", (first.end, second.start)),
                          ("after", (second.end, sent.end))):
        trig = _triggers_in(rel, text, s, e)
        if trig:
            f.append(f"trig@{where}")
            for w in sorted(set(trig)):
                f.append(f"trig={w}@{where}")
    # the characters right around the pair
    f.append(f"pre-first={text[max(sent.start, first.start - 1):first.start]}")
    f.append(f"post-second={text[second.end:min(sent.end, second.end + 1)]}")
    f.append(f"post-first={text[first.end:min(second.start, first.end + 1)]}")
    if proposed:
        f.append("rule")
        f.append(f"rule+types={a.type}>{b.type}")
    return tuple(f)


def candidates(text: str, sentences: list[Sentence], entities: list[Entity],
               proposed: set[tuple[str, str, str]]) -> list[Candidate]:
    """Every typed pair of mentions in one sentence, with its features."""
    from .relations import MentionIndex

    index = MentionIndex(entities)
    out: list[Candidate] = []
    for sent in sentences:
        ms = index.between(sent.start, sent.end)
        if len(ms) < 2:
            continue
        for rel, (sub_types, obj_types, symmetric) in signatures().items():
            for i, (ma, ea) in enumerate(ms):
                if ea.type not in sub_types:
                    continue
                for j, (mb, eb) in enumerate(ms):
                    if i == j or ea is eb or eb.type not in obj_types:
                        continue
                    if symmetric and j < i and ea.type in obj_types and eb.type in sub_types:
                        continue  # one candidate per unordered pair
                    lo, hi = (i, j) if i < j else (j, i)
                    first, second = ms[lo][0], ms[hi][0]
                    if second.start - first.end > MAX_GAP:
                        continue
                    inner = ms[lo + 1:hi]
                    same = sum(1 for m, e in inner if e.type in (ea.type, eb.type))
                    key = (rel, ea.key, eb.key)
                    was_proposed = key in proposed or (symmetric and (rel, eb.key, ea.key) in proposed)
                    feats = pair_features(rel, text, sent, ma, mb, len(inner), same, was_proposed)
                    out.append(Candidate(rel, ea, eb, ma, mb, sent, feats))
    return out


class RelationModel:
    """Logistic-regression weights per relation type, and two thresholds: a
    pair the rules proposed is kept from ``keep`` up, a pair they did not
    propose is added from ``add`` up."""

    def __init__(self, weights: dict[str, dict[str, float]], keep: float = 0.5, add: float = 0.5):
        self.weights = weights
        self.keep = keep
        self.add = add

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> "RelationModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data.get("keep", 0.5), data.get("add", 0.5))

    def save(self, path: str | Path, meta: dict | None = None) -> None:
        data = {"about": "relation classifier weights, trained by scripts/train_relations.py",
                **(meta or {}), "keep": self.keep, "add": self.add,
                "weights": {r: dict(sorted(w.items())) for r, w in sorted(self.weights.items())}}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n",
                              encoding="utf-8")

    def probability(self, c: Candidate) -> float:
        w = self.weights.get(c.type, {})
        z = sum(w.get(f, 0.0) for f in c.features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fit_weights(rows: list[tuple[tuple[str, ...], int]], l2: float = 1.0, epochs: int = 3000,
                min_count: int = 2) -> dict[str, float]:
    """Logistic regression on indicator features (``rows`` of (features,
    label 0/1)): feature -> weight. Full-batch gradient descent from zero
    weights, so the same rows give the same weights; features seen fewer
    than ``min_count`` times are left out (``bias`` always stays).

    >>> w = fit_weights([(("bias", "trig"), 1), (("bias",), 0)] * 3, l2=0.1)
    >>> w["trig"] > 0 > w["bias"]
    True
    """
    import numpy as np

    counts: dict[str, int] = {}
    for feats, _ in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, k in counts.items() if k >= min_count or f == "bias")
    col = {f: i for i, f in enumerate(vocab)}
    X = np.zeros((len(rows), len(vocab)))
    y = np.array([lab for _, lab in rows], dtype=float)
    for i, (feats, _) in enumerate(rows):
        for f in feats:
            if f in col:
                X[i, col[f]] = 1.0
    w = np.zeros(len(vocab))
    reg = np.full(len(vocab), l2)
    if "bias" in col:
        reg[col["bias"]] = 0.0
    n = max(1, len(rows))
    for _ in range(epochs):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w, -30, 30)))
        w -= 0.5 * (X.T @ (p - y) / n + reg * w / n)
    return {f: round(float(w[col[f]]), 5) for f in vocab if abs(w[col[f]]) >= 1e-4}


@lru_cache(maxsize=1)
def shipped_model() -> RelationModel | None:
    """The shipped model, or None when its file is missing."""
    try:
        return RelationModel.load()
    except (OSError, ValueError, KeyError):
        return None


def classify(text: str, sentences: list[Sentence], entities: list[Entity], rule_relations: list[Relation],
             model: RelationModel | None = None) -> list[Relation]:
    """The relations of the learned types, decided pair by pair: a rule
    relation stays when its best candidate scores at least ``keep`` (or when
    no candidate covers it: the rules also read across sentences), and a pair
    the rules missed is added, with its best sentence as evidence, from
    ``add`` up."""
    model = model or shipped_model()
    if model is None:
        return rule_relations
    sigs = signatures()

    def unordered(rel: str, a: str, b: str) -> tuple[str, str, str]:
        return (rel, *sorted((a, b))) if sigs.get(rel, ((), (), False))[2] else (rel, a, b)

    proposed = {unordered(r.type, r.subject, r.object) for r in rule_relations}
    best: dict[tuple[str, str, str], tuple[float, Candidate]] = {}
    for c in candidates(text, sentences, entities, {(r.type, r.subject, r.object) for r in rule_relations}):
        key = unordered(c.type, c.subject.key, c.object.key)
        p = model.probability(c)
        if key not in best or p > best[key][0]:
            best[key] = (p, c)
    out = []
    for r in rule_relations:
        key = unordered(r.type, r.subject, r.object)
        if r.type not in sigs or key not in best or best[key][0] >= model.keep:
            out.append(r)
    for key, (p, c) in sorted(best.items(), key=lambda kv: (kv[1][1].sentence.start, kv[0])):
        if key in proposed or p < model.add:
            continue
        s = c.sentence
        out.append(Relation(c.type, c.subject.key, c.object.key, Evidence(s.start, s.end, s.text), f"model:{p:.2f}"))
    return out
