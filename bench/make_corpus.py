"""Make a synthetic news corpus of a given size from the repository's own articles.

The paragraphs of ``data/*.txt`` and ``data/dev/*.txt`` are recombined,
deterministically (seeded), into many articles of 6 to 14 paragraphs each, in
folders of 500 files. The corpus is not committed: generate it into ``out/`` or
``/tmp``.

    python bench/make_corpus.py /tmp/kg-bench/corpus --mb 5.5
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "data", ROOT / "data" / "dev"]
PER_FOLDER = 500


def paragraphs() -> list[str]:
    out: list[str] = []
    for d in SOURCES:
        for f in sorted(d.glob("*.txt")):
            for line in f.read_text(encoding="utf-8").split("\n"):
                line = line.strip()
                if line:
                    out.append(line)
    return list(dict.fromkeys(out))  # the same article in two folders counts once


def make_corpus(out: Path, megabytes: float = 5.5, seed: int = 0) -> tuple[int, int]:
    """Write articles into ``out`` (emptied first) until it holds ``megabytes`` MB of UTF-8.

    Returns (number of files, bytes).
    """
    paras = paragraphs()
    body = [p for p in paras if len(p) >= 40]
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    target = int(megabytes * 1_000_000)
    total = n = 0
    while total < target:
        chosen = rng.sample(body, rng.randint(6, min(14, len(body))))
        title = chosen[0].split("，")[0].split("。")[0][:24]
        text = title + "\n\n" + "\n".join(chosen) + "\n"
        folder = out / f"{n // PER_FOLDER:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        (folder / f"article-{n:05d}.txt").write_bytes(data)
        total += len(data)
        n += 1
    return n, total


def corpus_bytes(d: Path) -> tuple[int, int]:
    files = sorted(d.rglob("*.txt"))
    return len(files), sum(f.stat().st_size for f in files)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to (re)create")
    ap.add_argument("--mb", type=float, default=5.5, help="size in MB of UTF-8 text (default 5.5)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    n, total = make_corpus(args.out, args.mb, args.seed)
    print(f"{n} articles, {total / 1e6:.2f} MB in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
