"""Extraction throughput against jieba.lcut on the same text, in one run.

    .venv/bin/python bench/bench_extract.py [--shared ../shared] [--mb 2.0]

The corpus is real news text that the extraction rules were not written on:
the People's Daily 1998 NER test and dev splits and the CLUENER2020 train split
(from ``../shared/eval/ner``), grouped into articles of about 40 sentences,
at least ``--mb`` megabytes of UTF-8. Every sentence is distinct, so caches do
not flatter the figures. Both sides run in this process, one after the other,
on one core, ``--repeat`` times in alternation; each side's fastest pass is
reported (the usual way to read a timing on a shared, noisy machine, where
other work only ever adds time), and the ratio is what matters.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def read_bio(path: Path) -> list[str]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            cur.append(line.split(" ")[0] if " " in line.strip() else " ")
        elif cur:
            sents.append("".join(cur))
            cur = []
    if cur:
        sents.append("".join(cur))
    return sents


def corpus(shared: Path, mb: float) -> list[str]:
    ner = shared / "eval" / "ner"
    sents = read_bio(ner / "peoples_daily_1998_test.bio") + read_bio(ner / "train" / "peoples_daily_1998_dev.bio")
    for line in (ner / "train" / "cluener_train.json").read_text(encoding="utf-8").splitlines():
        sents.append(json.loads(line)["text"])
    arts, size = [], 0
    for i in range(0, len(sents), 40):
        a = "\n".join(sents[i:i + 40])
        arts.append(a)
        size += len(a.encode("utf-8"))
        if size >= mb * 1e6:
            break
    return arts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=3, help="alternating passes per side (default 3)")
    args = ap.parse_args()
    arts = corpus(args.shared, args.mb)
    total = sum(len(a.encode("utf-8")) for a in arts)

    from kg.mentions import _jieba, _tagger
    from kg.pipeline import extract_text

    jieba = _jieba()
    jieba.lcut("预热")
    _tagger()
    extract_text("预热。", "warm.txt")

    def jieba_pass() -> float:
        t = time.perf_counter()
        for a in arts:
            jieba.lcut(a)
        return time.perf_counter() - t

    def kg_pass() -> tuple[float, int]:
        t = time.perf_counter()
        n = 0
        for i, a in enumerate(arts):
            n += len(extract_text(a, f"a{i}.txt").entities)
        return time.perf_counter() - t, n

    jieba_times, kg_times = [], []
    for _ in range(max(1, args.repeat)):
        jieba_times.append(jieba_pass())
        t, n_ent = kg_pass()
        kg_times.append(t)
    t_jieba, t_kg = min(jieba_times), min(kg_times)
    print(f"passes: jieba {', '.join(f'{x:.1f}' for x in jieba_times)} s; "
          f"kg {', '.join(f'{x:.1f}' for x in kg_times)} s (fastest of each below)")
    print(f"corpus: {len(arts)} articles, {total / 1e6:.2f} MB UTF-8")
    print(f"jieba.lcut:     {total / 1e6 / t_jieba:6.2f} MB/s  ({t_jieba:.1f} s)")
    print(f"kg extraction:  {total / 1e6 / t_kg:6.2f} MB/s  ({t_kg:.1f} s, {n_ent} entities)")
    print(f"ratio kg/jieba: {t_jieba / t_kg:.2f}  (target >= 0.50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
