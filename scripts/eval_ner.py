#!/usr/bin/env python3
"""Evaluate kg.ner_model.tag on the held-out NER test sets.

Entity-level exact match (start, end and type must all agree):
  * People's Daily 1998 test split: PER, ORG, LOC.
  * CLUENER2020 dev split: name -> PER; company + government -> ORG
    (and a second ORG row that also counts organization).  LOC is not scored
    on CLUENER because its 'address' labels are fine-grained addresses.
  * Company names: CLUENER dev 'company' alone, and the CFSC financial-news
    test split's 'Corporate' (../shared/eval/ner/extra, test-only): kg's
    Company mentions, or the tagger's ORG spans (it does not type them).

Two systems are scored on the same sentences:
  * crf: the shipped statistical tagger alone (kg.ner_model.tag);
  * kg:  what kg itself extracts (kg.pipeline.extract_text, every mention of
         a Person -> PER, of a Company or Institution -> ORG), i.e. rules,
         lexicons and the tagger together, sentence by sentence.
kg's District is county-level divisions only, so LOC is scored for crf only.

Also reports throughput (characters per second, single process).

Example:
  .venv/bin/python scripts/eval_ner.py              # both systems
  .venv/bin/python scripts/eval_ner.py --system kg
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import ner_model  # noqa: E402
from train_ner import read_bio as read_bio_tags  # noqa: E402  (scripts/ is on the path)

DEFAULT_PD_TEST = str(ROOT.parent / "shared" / "eval" / "ner") + "/peoples_daily_1998_test.bio"
DEFAULT_CLUENER_DEV = str(ROOT.parent / "shared" / "eval" / "ner") + "/cluener_dev.json"
DEFAULT_CFSC = str(ROOT.parent / "shared" / "eval" / "ner") + "/extra/cfsc_test.bio"


def read_bio(path):
    """(text, gold spans) per sentence of a "char TAG" BIO file (read as for training)."""
    out = []
    for text, tags in read_bio_tags(path):
        spans = []
        ner_model._decode(tags, 0, spans)
        out.append((text, spans))
    return out


def read_cluener(path, mapping):
    """(text, gold spans) per CLUENER line, keeping only mapped types."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            spans = set()
            for typ, mentions in (d.get("label") or {}).items():
                lab = mapping.get(typ)
                if lab is None:
                    continue
                for occ in mentions.values():
                    for s, e in occ:
                        spans.add((s, e + 1, lab))
            out.append((d["text"], sorted(spans)))
    return out


def evaluate(sents, preds, types):
    tp, fp, fn = Counter(), Counter(), Counter()
    for (text, gold), pred in zip(sents, preds):
        g = {s for s in gold if s[2] in types}
        p = {s for s in pred if s[2] in types}
        for s in p:
            (tp if s in g else fp)[s[2]] += 1
        for s in g - p:
            fn[s[2]] += 1
    rows = {}
    for t in types:
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows[t] = (p, r, f, tp[t] + fn[t])
    return rows


KG_LABELS = {"Person": "PER", "Company": "ORG", "Institution": "ORG"}


def as_company(preds, system):
    """Company spans as COM: kg's Company mentions (kept apart from its
    Institutions by the ``COM`` label kg_spans gives them), or all of the
    tagger's ORG spans (it does not tell companies from institutions)."""
    return [[(s, e, "COM") for s, e, lab in p if lab == ("COM" if system == "kg" else "ORG")] for p in preds]


def kg_spans(text):
    """Spans of what kg extracts from ``text``, as (start, end, PER|ORG) on ``text``."""
    from kg.pipeline import extract_text

    x = extract_text(text, "sentence.txt")
    spans = set()
    for e in x.entities:
        lab = KG_LABELS.get(e.type)
        if lab is None:
            continue
        for m in e.mentions:
            s, t = x.document.raw_span(m.start, m.end)
            spans.add((s, t, lab))
            if e.type == "Company":
                spans.add((s, t, "COM"))
    return sorted(spans)


def tag_all(sents, system="crf"):
    tag = ner_model.tag if system == "crf" else kg_spans
    t0 = time.perf_counter()
    preds = [tag(text) for text, _ in sents]
    dt = time.perf_counter() - t0
    return preds, dt


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--pd-test", default=DEFAULT_PD_TEST, help="People's Daily BIO test file")
    ap.add_argument("--cluener-dev", default=DEFAULT_CLUENER_DEV, help="CLUENER dev JSON lines")
    ap.add_argument("--cfsc", default=DEFAULT_CFSC, help="CFSC financial-news BIO test file ('' to skip)")
    ap.add_argument("--errors", metavar="FILE", help="write PD test PER/ORG errors to FILE")
    ap.add_argument("--system", choices=("crf", "kg", "both"), default="both",
                    help="score the tagger alone, kg's extraction, or both (default)")
    ap.add_argument("--model", metavar="FILE",
                    help="score this model (with the given_name_chars.txt beside it) instead of the shipped one")
    args = ap.parse_args(argv)
    if args.model:
        ner_model.MODEL_PATH = Path(args.model)
        ner_model.GIVEN_CHARS_PATH = Path(args.model).parent / ner_model.GIVEN_CHARS_PATH.name

    pd = read_bio(args.pd_test)
    base_map = {"name": "PER", "company": "ORG", "government": "ORG"}
    cl = read_cluener(args.cluener_dev, base_map)
    cl2 = read_cluener(args.cluener_dev, dict(base_map, organization="ORG"))
    cl_com = read_cluener(args.cluener_dev, {"company": "COM"})
    cfsc = [(t, [(a, b, "COM") for a, b, lab in sp if lab == "Corporate"]) for t, sp in read_bio(args.cfsc)] \
        if args.cfsc else []
    systems = ("crf", "kg") if args.system == "both" else (args.system,)

    print(f"{'system':<4} {'dataset':<34} {'type':<4} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6}")
    speeds = []
    for system in systems:
        kg_spans("预热") if system == "kg" else ner_model.tag("预热")  # load models outside the timing
        rows = []

        def add(name, scores):
            for t, (p, r, f, n) in scores.items():
                rows.append(f"{system:<4} {name:<34} {t:<4} {p:7.4f} {r:7.4f} {f:7.4f} {n:6d}")

        types = ("PER", "ORG", "LOC") if system == "crf" else ("PER", "ORG")
        preds, dt = tag_all(pd, system)
        chars = sum(len(t) for t, _ in pd)
        add("People's Daily 1998 test", evaluate(pd, preds, types))
        if args.errors:
            with open(f"{args.errors}.{system}", "w", encoding="utf-8") as fh:
                for (text, gold), pred in zip(pd, preds):
                    g = {x for x in gold if x[2] in ("PER", "ORG")}
                    p = {x for x in pred if x[2] in ("PER", "ORG")}
                    for x in sorted(g ^ p):
                        kind = "FN" if x in g else "FP"
                        ctx = text[max(0, x[0] - 10): x[1] + 10]
                        fh.write(f"{kind} {x[2]} {text[x[0]:x[1]]}\t{ctx}\n")
        cpreds, cdt = tag_all(cl, system)
        chars += sum(len(t) for t, _ in cl)
        add("CLUENER dev (company+government)", evaluate(cl, cpreds, ("PER", "ORG")))
        add("CLUENER dev (+organization)", evaluate(cl2, cpreds, ("ORG",)))
        add("CLUENER dev (company only)", evaluate(cl_com, as_company(cpreds, system), ("COM",)))
        if cfsc:
            fpreds, fdt = tag_all(cfsc, system)
            chars += sum(len(t) for t, _ in cfsc)
            cdt += fdt
            add("CFSC financial news test (Corporate)", evaluate(cfsc, as_company(fpreds, system), ("COM",)))
        print("\n".join(rows), flush=True)
        speeds.append(f"{system}: {chars / (dt + cdt):,.0f} chars/s ({chars} chars in {dt + cdt:.1f} s, sentence by sentence)")
    print()
    print("\n".join(speeds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
