#!/usr/bin/env python3
"""Check kg on FinRE (relations in financial news; ../shared/eval/re/finre).

FinRE gives, per sentence, pairs of organisations (head, tail) and the
relation between them. Two checks, sentence by sentence, with what kg
extracts (kg.pipeline.extract_text):

* company names: the share of heads and tails that kg finds as a Company or
  Institution (its name or one of its aliases equals the FinRE string);
* signings: for pairs FinRE labels 签约 (signing), 合作 (co-operation) and
  合资 (joint venture), and for pairs of any other label (收购, 持股, 纠纷…),
  how often kg states ``signedWith`` between them, among the pairs whose
  two names kg found. 签约 pairs should be found; other labels should not.

The tagger is trained on FinRE *train* (scripts/train_ner.py --finre):
report on dev or test.

Example:
  .venv/bin/python scripts/eval_finre.py                       # dev, first 400 sentences
  .venv/bin/python scripts/eval_finre.py --split test --limit 0
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.pipeline import extract_text  # noqa: E402

FINRE = ROOT.parent / "shared" / "eval" / "re" / "finre"
SIGNING_LIKE = ("签约", "合作", "合资")


def read(path: Path, limit: int) -> dict[str, dict[frozenset, str]]:
    """Sentence -> {pair of names: relation} (the first ``limit`` sentences; 0 for all)."""
    by_text: dict[str, dict[frozenset, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            pairs = by_text.get(r["text"])
            if pairs is None:
                if limit and len(by_text) >= limit:
                    break
                pairs = by_text[r["text"]] = {}
            pair = frozenset((r["head"], r["tail"]))
            if len(pair) == 2 and (pairs.get(pair, "unknown") == "unknown"):
                pairs[pair] = r["relation"]
    return by_text


def evaluate(path: Path, limit: int) -> dict:
    names_total = names_found = 0
    signed = Counter()  # (label group, stated) over pairs whose names kg found
    for text, pairs in read(path, limit).items():
        x = extract_text(text, "finre.txt")
        key_of = {}
        for e in x.entities:
            if e.type in ("Company", "Institution"):
                for n in (e.name, *e.aliases):
                    key_of.setdefault(n, e.key)
        stated = {frozenset((r.subject, r.object)) for r in x.relations if r.type == "signedWith"}
        for n in {n for p in pairs for n in p}:
            names_total += 1
            names_found += n in key_of
        for pair, rel in pairs.items():
            a, b = tuple(pair)
            if a in key_of and b in key_of:
                group = rel if rel in SIGNING_LIKE else "other"
                signed[(group, frozenset((key_of[a], key_of[b])) in stated)] += 1
    return {
        "company_names": {"found": names_found, "total": names_total,
                          "recall": round(names_found / names_total, 4) if names_total else 0.0},
        "signedWith_among_found_pairs": {
            g: {"stated": signed[(g, True)], "pairs": signed[(g, True)] + signed[(g, False)]}
            for g in (*SIGNING_LIKE, "other")},
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=("dev", "test", "train"))
    ap.add_argument("--limit", type=int, default=400, help="first N sentences (0: all)")
    ap.add_argument("--finre", default=str(FINRE), help="the FinRE folder")
    args = ap.parse_args(argv)
    path = Path(args.finre) / f"{args.split}.jsonl"
    if not path.is_file():
        print(f"eval_finre: {path}: no such file", file=sys.stderr)
        return 3
    res = evaluate(path, args.limit)
    c = res["company_names"]
    print(f"FinRE {args.split} ({'all' if not args.limit else args.limit} sentences): "
          f"company names found {c['found']}/{c['total']} = {c['recall']:.3f}")
    for g, v in res["signedWith_among_found_pairs"].items():
        print(f"  pairs labelled {g:5}  kg states signedWith for {v['stated']}/{v['pairs']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
