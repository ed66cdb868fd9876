#!/usr/bin/env python3
"""Train the relation classifier shipped as kg/resources/relations.model.json.

Training data: the *tune* part of data/eval-split.json, read from the gold
folders (default ../shared/eval/dev and ../shared/eval/train). Each article is
run through kg's stages up to the rule relations (kg.pipeline.analyse); every
candidate pair (kg.relmodel.candidates) is labelled 1 when it matches a gold
relation (the matching rules of kg eval), 0 otherwise; candidates matching
only an optional gold relation are left out. One L2-regularised logistic
regression per relation type, trained by full-batch gradient descent from
zero weights: deterministic. The held-out part is never read.

--cv reports leave-one-article-out scores on the tune part (per entity
pair, the unit kg outputs) for a grid of L2 strengths and of the two
thresholds (keep a rule relation, add a pair the rules missed), and does not
write the model.

Examples:
  .venv/bin/python scripts/train_relations.py          # writes the model
  .venv/bin/python scripts/train_relations.py --cv     # choose --l2 / --keep / --add
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluate import norm, read_split  # noqa: E402
from kg.pipeline import analyse  # noqa: E402
from kg.relmodel import MODEL_PATH, RelationModel, candidates, fit_weights as fit, signatures  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
DEFAULT_GOLD = f"{SHARED / 'dev'},{SHARED / 'train'}"
DEFAULT_L2 = 1.0
DEFAULT_KEEP = 0.2
DEFAULT_ADD = 0.9


def labelled_candidates(gold_path: Path):
    """[(relation, features, label, pair key, proposed)] for one gold article."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt").read_text(encoding="utf-8")
    doc, sentences, entities, rules = analyse(text, "a.txt")
    sigs = signatures()
    proposed = {(r.type, r.subject, r.object) for r in rules}
    names = {g["id"]: ({norm(n) for n in [g["name"], *g.get("aliases", [])]}, g["type"]) for g in gold["entities"]}

    def matches(ent, gid):
        ns, t = names.get(gid, (set(), ""))
        return t == ent.type and bool(ns & ({norm(ent.name)} | {norm(a) for a in ent.aliases}))

    def key(rel, a, b):
        return (rel, *sorted((a, b))) if sigs[rel][2] else (rel, a, b)

    prop_keys = {key(*k) for k in proposed if k[0] in sigs}
    out = []
    for c in candidates(doc.text, sentences, entities, proposed):
        label, optional_only = 0, False
        for r in gold["relations"]:
            if r["type"] != c.type or "object" not in r:
                continue
            fwd = matches(c.subject, r["subject"]) and matches(c.object, r["object"])
            back = sigs[c.type][2] and matches(c.subject, r["object"]) and matches(c.object, r["subject"])
            if fwd or back:
                if r.get("optional"):
                    optional_only = True
                else:
                    label = 1
        if label == 0 and optional_only:
            continue
        k = key(c.type, c.subject.key, c.object.key)
        out.append((c.type, c.features, label, k, k in prop_keys))
    return out


def train_model(per_doc, l2: float, keep: float, add: float) -> RelationModel:
    weights = {}
    for rel in signatures():
        rows = [(feats, lab) for doc in per_doc for r, feats, lab, _, _ in doc if r == rel]
        weights[rel] = fit(rows, l2) if rows and any(lab for _, lab in rows) else {"bias": -5.0}
    return RelationModel(weights, keep, add)


def pair_scores(model: RelationModel, doc) -> dict:
    """pair key -> (best probability, label, proposed by the rules)."""
    out = {}
    for r, feats, lab, k, prop in doc:
        w = model.weights[r]
        p = 1 / (1 + np.exp(-sum(w.get(f, 0.0) for f in feats)))
        old = out.get(k)
        out[k] = (max(p, old[0]) if old else p, lab or (old[1] if old else 0), prop)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=DEFAULT_GOLD, help="comma-separated gold folders")
    ap.add_argument("--split", default=str(ROOT / "data" / "eval-split.json"))
    ap.add_argument("--extra", default="", help="comma-separated gold folders whose every article is training data "
                    "(articles you annotated yourself; never the held-out part)")
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--l2", type=float, default=DEFAULT_L2)
    ap.add_argument("--keep", type=float, default=DEFAULT_KEEP, help="keep a rule relation from this probability up")
    ap.add_argument("--add", type=float, default=DEFAULT_ADD, help="add a pair the rules missed from this probability up")
    ap.add_argument("--cv", action="store_true", help="leave-one-article-out on the tune part; writes nothing")
    args = ap.parse_args(argv)

    part = read_split(args.split)
    files = [gf for folder in args.gold.split(",") for gf in sorted(Path(folder).glob("*.gold.json"))
             if part.get(gf.name[: -len(".gold.json")]) == "tune"]
    held_out = {n for n, p in part.items() if p != "tune"}
    extra = [gf for folder in filter(None, args.extra.split(",")) for gf in sorted(Path(folder).glob("*.gold.json"))]
    if any(gf.name[: -len(".gold.json")] in held_out for gf in extra):
        print("--extra holds a held-out article", file=sys.stderr)
        return 2
    files += extra
    if not files:
        print("no tune articles found", file=sys.stderr)
        return 2
    per_doc = [labelled_candidates(gf) for gf in files]
    pos = Counter(r for d in per_doc for r, _, lab, _, _ in d if lab)
    neg = Counter(r for d in per_doc for r, _, lab, _, _ in d if not lab)
    print(f"{len(files)} tune articles; candidates: " +
          ", ".join(f"{r} {pos[r]}+/{neg[r]}-" for r in signatures()), flush=True)

    if args.cv:
        grid = [(k, a) for k in (0.0, 0.1, 0.2, 0.3, 0.5) for a in (0.5, 0.7, 0.9, 1.01)]
        for l2 in (0.3, 1.0, 3.0):
            scored = []
            for k in range(len(per_doc)):
                model = train_model(per_doc[:k] + per_doc[k + 1:], l2, 0.5, 0.5)
                scored.extend(pair_scores(model, per_doc[k]).values())
            for keep, add in grid:
                take = [(lab, (p >= keep) if prop else (p >= add)) for p, lab, prop in scored]
                tp = sum(1 for lab, t in take if t and lab)
                fp = sum(1 for lab, t in take if t and not lab)
                fn = sum(1 for lab, t in take if not t and lab)
                f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
                print(f"l2={l2:<4} keep={keep:<4} add={add:<5} pairs P/R/F1 "
                      f"{tp / max(1, tp + fp):.3f} {tp / max(1, tp + fn):.3f} {f1:.3f}", flush=True)
        return 0

    model = train_model(per_doc, args.l2, args.keep, args.add)
    model.save(args.out, {"trained_on": [gf.name[: -len(".gold.json")] for gf in files],
                          "l2": args.l2})
    print(f"wrote {args.out} ({sum(len(w) for w in model.weights.values())} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
