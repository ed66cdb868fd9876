"""Build throughput, parallel speed-up and peak memory of ``kg build`` on a >= 5 MB corpus.

    python bench/bench_build.py                  # makes /tmp/kg-bench/corpus (5.5 MB) if missing
    python bench/bench_build.py --corpus DIR --jobs 1 2 4

For each ``--jobs N`` it runs the real command line, ``kg -q build CORPUS
--store S --jobs N``, into a fresh store, and measures the wall time, the CPU
time and the peak resident memory of the whole process tree (the parent and
its worker processes, sampled from /proc every 20 ms). The baseline is
``jieba.lcut`` over the same texts in one process (dictionary loading not
counted). A last run builds the same corpus again into the ``--jobs 1``
store: every document is unchanged and skipped.

The machine may be shared. Before each build the script measures the
"machine parallelism" -- what two CPU-bound processes get at that moment
(2.00 = two idle cores) -- and prints it with the load average; ratios are
taken within one run of this script. ``--repeat N`` interleaves N runs per
``--jobs`` value and reports the repeat with the median speed-up (and every
repeat's); ``--wait-idle S`` waits up to S seconds for a quiet machine before
each run:

    python bench/bench_build.py --repeat 3 --wait-idle 300
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from make_corpus import corpus_bytes, make_corpus  # noqa: E402

CLK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


# ---------------------------------------------------------------------------
# process-tree sampling (Linux /proc)

def _proc_table() -> dict[int, tuple[int, int, int]]:
    """pid -> (parent pid, rss bytes, cpu ticks) for every process we can read."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as fh:
                stat = fh.read().decode("utf-8", "replace")
        except OSError:
            continue
        rest = stat[stat.rindex(")") + 2:].split()
        # fields after the name: state(0) ppid(1) ... utime(11) stime(12) ... rss(21)
        out[int(d)] = (int(rest[1]), int(rest[21]) * PAGE, int(rest[11]) + int(rest[12]))
    return out


def _tree(root: int, table: dict) -> list[int]:
    kids: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        kids.setdefault(ppid, []).append(pid)
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        if p in table:
            out.append(p)
        todo.extend(kids.get(p, []))
    return out


def _busy_ticks() -> int:
    """CPU ticks all processes of this machine have used (/proc/stat: everything but idle and iowait)."""
    with open("/proc/stat") as fh:
        f = [int(x) for x in fh.readline().split()[1:]]
    return sum(f) - f[3] - f[4]


def run_measured(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``; wall time, peak RSS (sum over the tree and largest process), CPU seconds.

    ``others_cpu_s`` is the CPU time other processes of the machine used
    meanwhile: a run with little of it was measured on a quiet machine.
    """
    busy0 = _busy_ticks()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_sum = peak_one = 0
    cpu: dict[int, int] = {}
    while proc.poll() is None:
        table = _proc_table()
        pids = _tree(proc.pid, table)
        rss = [table[p][1] for p in pids]
        if rss:
            peak_sum = max(peak_sum, sum(rss))
            peak_one = max(peak_one, max(rss))
        for p in pids:
            cpu[p] = max(cpu.get(p, 0), table[p][2])
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    busy = (_busy_ticks() - busy0) / CLK
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode(errors='replace')}")
    return {
        "wall_s": wall,
        "cpu_s": sum(cpu.values()) / CLK,
        "others_cpu_s": max(0.0, busy - sum(cpu.values()) / CLK),
        "peak_rss_tree_mb": peak_sum / 1e6,
        "peak_rss_max_process_mb": peak_one / 1e6,
        "stderr": err.decode("utf-8", "replace"),
    }


JIEBA = r"""
import json, sys, time
from pathlib import Path
import jieba
jieba.setLogLevel(60)
t = time.perf_counter(); jieba.initialize(); init = time.perf_counter() - t
texts = [f.read_text(encoding="utf-8") for f in sorted(Path(sys.argv[1]).rglob("*.txt"))]
t = time.perf_counter(); c = time.process_time()
n = sum(len(jieba.lcut(x)) for x in texts)
print(json.dumps({"wall_s": time.perf_counter() - t, "cpu_s": time.process_time() - c, "init_s": init, "tokens": n}))
"""


BURN = "import time; t = time.process_time()\nwhile time.process_time() - t < 1.5: sum(i * i for i in range(10000))"


def parallel_capacity() -> float:
    """How many CPUs this machine gives two CPU-bound processes right now (2.0 = two idle cores).

    The same fixed amount of pure-Python work runs in one process, then in two
    processes at once; capacity = 2 * (time of one) / (time of the pair).
    """
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", BURN], check=True)
    one = time.perf_counter() - t
    t = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(2)]
    for p in procs:
        p.wait()
    two = time.perf_counter() - t
    return 2 * one / two


def wait_idle(limit_s: float, threshold: float = 0.5) -> None:
    """Wait (at most ``limit_s``) for the 1-minute load average to drop below ``threshold``."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and os.getloadavg()[0] >= threshold:
        time.sleep(5)


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/kg-bench/corpus"))
    ap.add_argument("--mb", type=float, default=5.5, help="corpus size when it has to be made (default 5.5)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"), help="where the stores go")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=1, help="runs per --jobs value, interleaved; the best counts")
    ap.add_argument("--wait-idle", type=float, default=0, metavar="S",
                    help="before each run, wait up to S seconds for the load average to drop below 0.5")
    ap.add_argument("--json", type=Path, default=ROOT / "out" / "bench" / "build.json")
    args = ap.parse_args(argv)

    if not args.corpus.is_dir() or not any(args.corpus.rglob("*.txt")):
        n, total = make_corpus(args.corpus, args.mb)
        print(f"made {n} articles, {total / 1e6:.2f} MB in {args.corpus}", file=sys.stderr)
    files, nbytes = corpus_bytes(args.corpus)
    mb = nbytes / 1e6
    print(f"corpus: {args.corpus}: {files} articles, {mb:.2f} MB; {os.cpu_count()} CPUs; load average {load()}")
    print("(machine parallelism: what two CPU-bound processes get right now; 2.00 = two idle cores)")
    results: dict = {"corpus": str(args.corpus), "articles": files, "megabytes": mb, "cpus": os.cpu_count(),
                     "runs": {}}

    wait_idle(args.wait_idle)
    r = subprocess.run([sys.executable, "-c", JIEBA, str(args.corpus)], capture_output=True, check=True, cwd=ROOT)
    jb = json.loads(r.stdout)
    results["jieba"] = jb
    print(f"jieba.lcut, 1 process:         {jb['wall_s']:6.2f} s  {mb / jb['wall_s']:6.3f} MB/s"
          f"  (+ {jb['init_s']:.2f} s dictionary load, not counted)")

    stores = {}
    pairs = []  # one dict of runs per repeat
    for rep in range(args.repeat):
        runs = {}
        for jobs in args.jobs:
            store = args.work / f"store-j{jobs}"
            if store.exists():
                shutil.rmtree(store)
            wait_idle(args.wait_idle)
            cap = parallel_capacity()
            before = load()
            m = run_measured([sys.executable, "-m", "kg", "-q", "build", str(args.corpus), "--store", str(store),
                              "--jobs", str(jobs)])
            stores[jobs] = store
            m.pop("stderr")
            m["machine_parallelism_before"] = cap
            m["load_before"] = before
            runs[jobs] = m
            print(f"kg build --jobs {jobs}:              {m['wall_s']:6.2f} s  {mb / m['wall_s']:6.3f} MB/s"
                  f"  {files / m['wall_s']:6.1f} docs/s  cpu {m['cpu_s']:5.1f} s"
                  f"  peak RSS {m['peak_rss_tree_mb']:4.0f} MB (all processes), {m['peak_rss_max_process_mb']:.0f} MB "
                  f"(largest)  [others used {m['others_cpu_s']:4.1f} cpu-s meanwhile; before: load {before}, "
                  f"machine parallelism {cap:.2f}]")
        pairs.append(runs)
    results["repeats"] = [{f"jobs{j}": m for j, m in runs.items()} for runs in pairs]

    # the figures of the repeat whose speed-up is the median one (the machine's speed drifts between runs)
    def ratio(runs, jobs):
        return runs[1]["wall_s"] / runs[jobs]["wall_s"]

    other = next((j for j in args.jobs if j != 1), None)
    if 1 in args.jobs and other is not None:
        ranked = sorted(pairs, key=lambda r: ratio(r, other))
        chosen = ranked[(len(ranked) - 1) // 2]
    else:
        chosen = pairs[-1]
    results["runs"] = {f"jobs{j}": m for j, m in chosen.items()}
    if len(pairs) > 1:
        print(f"(figures below: repeat {pairs.index(chosen) + 1} of {len(pairs)}, the median speed-up)")
    base = chosen.get(1)
    if base:
        for jobs, m in chosen.items():
            if jobs != 1:
                m["speedup_vs_jobs1"] = ratio(chosen, jobs)
                every = [ratio(r, jobs) for r in pairs]
                results[f"speedups_jobs{jobs}"] = every
                print(f"speed-up --jobs {jobs} over --jobs 1: {m['speedup_vs_jobs1']:.2f}x"
                      + (f"  (every repeat: {', '.join(f'{x:.2f}x' for x in every)})" if len(pairs) > 1 else ""))
        print(f"kg build --jobs 1 vs jieba.lcut: {base['wall_s'] / jb['wall_s']:.2f}x the time of segmentation alone")
        # without -q, so that the summary says how many documents were skipped
        m = run_measured([sys.executable, "-m", "kg", "build", str(args.corpus), "--store", str(stores[1])])
        skipped = "unchanged, skipped" in m.pop("stderr")
        results["rebuild_unchanged"] = m
        print(f"kg build again (all unchanged): {m['wall_s']:6.2f} s  (skipped: {skipped})")

    # the stores hold the same graph whatever the number of jobs
    import pyoxigraph as ox

    sizes = {j: len(ox.Store.read_only(str(s))) for j, s in stores.items()}
    results["quads"] = sizes
    print(f"quads in the store: {sizes}" + ("" if len(set(sizes.values())) == 1 else "  <-- DIFFERENT"))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"(figures in {args.json})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
