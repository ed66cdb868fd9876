#!/usr/bin/env python3
"""kg's organisations on a sample of MSRA NER *train* sentences (training data:
reading its errors is allowed), against MSRA's ORG labels, for error analysis.

Prints kg's organisation precision and recall on the sample (exact spans),
its false positives by the rule that found them, and a sample of false
positives and misses. MSRA's conventions differ from the articles' golds
(it does not label 政府 after a country, for one), so the figures are a
guide to generic errors, not a score.

  .venv/bin/python scripts/check_msra_orgs.py                 # 2,500 sentences, seed 7
  .venv/bin/python scripts/check_msra_orgs.py --seed 11 --show 40
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_ner import read_bio  # noqa: E402

from kg.pipeline import extract_text  # noqa: E402

MSRA = ROOT.parent / "shared" / "eval" / "ner" / "train" / "msra_train.bio"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--msra", default=str(MSRA), help="MSRA NER train BIO file")
    ap.add_argument("--sample", type=int, default=2500, help="sentences sampled")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", type=int, default=20, help="false positives and misses printed, each")
    args = ap.parse_args(argv)
    if not Path(args.msra).is_file():
        print(f"check_msra_orgs.py: {args.msra}: no such file", file=sys.stderr)
        return 2
    sents = read_bio(args.msra)
    random.seed(args.seed)
    sents = random.sample(sents, min(args.sample, len(sents)))
    tp = fp = fn = 0
    rules: Counter = Counter()
    false, missed = [], []
    for text, spans in sents:
        gold = {(s, e) for s, e, lab in spans if lab == "ORG"}
        x = extract_text(text, "sentence.txt")
        pred = {}
        for ent in x.entities:
            if ent.type in ("Company", "Institution"):
                for m in ent.mentions:
                    pred[x.document.raw_span(m.start, m.end)] = m.rule
        for span, rule in pred.items():
            if span in gold:
                tp += 1
            else:
                fp += 1
                rules[rule] += 1
                false.append((rule, text[span[0]:span[1]]))
        for span in gold - set(pred):
            fn += 1
            missed.append(text[span[0]:span[1]])
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    print(f"kg organisations on {len(sents)} MSRA train sentences: P {p:.3f} R {r:.3f} ({tp} right, {fp} false, {fn} missed)")
    print("false positives by rule: " + ", ".join(f"{k} {v}" for k, v in rules.most_common()))
    rng = random.Random(1)
    for rule, name in rng.sample(false, min(args.show, len(false))):
        print(f"  false  {rule:<16} {name}")
    for name in rng.sample(missed, min(args.show, len(missed))):
        print(f"  miss   {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
