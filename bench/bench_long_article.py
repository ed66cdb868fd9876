"""One long article: seconds and peak memory of ``kg build`` for 1, 2 and 4 MB.

    .venv/bin/python bench/bench_long_article.py [--mb 1 2 4] [--articles data/dev]

The article is the development articles (``--articles``: a folder of .txt)
concatenated again and again, one blank line between two, into one UTF-8 file
of the size asked. Each size runs ``python -m kg build FILE -o OUT.nt`` in a
fresh process (reading, extraction, RDF, writing the file); its wall time and
peak resident memory (``wait4``) are printed, with seconds per MB, so that
linear cost shows as a flat last column. The start-up (dictionaries and
tagger, about 3 s and 300 MB) is in every figure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def long_article(folder: Path, mb: float) -> str:
    unit = "\n\n".join(f.read_text(encoding="utf-8").strip() for f in sorted(folder.glob("*.txt")))
    copies = max(1, round(mb * 1_000_000 / len(unit.encode("utf-8"))))
    return "\n\n".join([unit] * copies) + "\n"


def run(path: Path, out: Path) -> tuple[float, int, int]:
    """Wall seconds, peak RSS (bytes) and exit code of kg build on ``path``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "-q", "build", str(path), "-o", str(out)], cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, usage.ru_maxrss * 1024, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[1, 2, 4])
    ap.add_argument("--articles", type=Path, default=ROOT / "data" / "dev")
    args = ap.parse_args()
    print(f"{'MB':>5}  {'chars':>9}  {'seconds':>8}  {'peak RSS':>9}  {'s per MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            text = long_article(args.articles, mb)
            path = Path(tmp) / f"long-{mb:g}mb.txt"
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size / 1_000_000
            seconds, rss, code = run(path, Path(tmp) / "out.nt")
            if code:
                print(f"kg build failed on {mb:g} MB (exit {code})", file=sys.stderr)
                return 1
            print(f"{size:5.2f}  {len(text):9,}  {seconds:8.1f}  {rss / 2**20:6.0f} MB  {seconds / size:8.1f}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
