"""Latency of kg's named queries: the on-disk Oxigraph store vs rdflib's in-memory engine.

    python bench/bench_queries.py                    # uses /tmp/kg-bench/store-j1 from bench_build.py
    python bench/bench_queries.py --store DIR

Both engines get the same data (the store, exported as N-Quads and parsed
into an rdflib ``Dataset`` with the union of the graphs as default graph) and
the same SPARQL text (the shipped ``kg/queries/*.rq``, with ``entity`` bound
to one name). Oxigraph runs each query until 1 s or 20 runs have passed and
reports the median; rdflib runs in a child process with a time limit per
query. The answers are compared (same rows, as strings).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

PARAMS = {"entity": {"name": "燃力能源"}}

RDFLIB_CHILD = r"""
import json, sys, time
from rdflib import Dataset, Literal, URIRef, BNode
t = time.perf_counter()
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
print(json.dumps({"load_s": time.perf_counter() - t, "quads": sum(1 for _ in ds.quads((None, None, None, None)))}),
      flush=True)
queries = json.loads(sys.stdin.read())

def text(v):
    if v is None:
        return None
    if isinstance(v, BNode):
        return "_:" + str(v)
    return str(v)

for name, sparql in queries.items():
    times, rows = [], None
    while len(times) < 3 and sum(times) < 2.0:
        t = time.perf_counter()
        res = ds.query(sparql)
        rows = [[text(r[v]) for v in res.vars] for r in res]
        times.append(time.perf_counter() - t)
    print(json.dumps({"name": name, "median_s": sorted(times)[len(times) // 2], "runs": len(times), "rows": rows}),
          flush=True)
"""


def comparable(sparql: str, variables: list[str], rows: list) -> list:
    """Rows as sorted JSON, without the columns of SAMPLE() aggregates (any member of a group is right)."""
    import re

    sampled = set(re.findall(r"SAMPLE\s*\([^)]*\)\s+AS\s+\?(\w+)", sparql, re.I))
    keep = [i for i, v in enumerate(variables) if v not in sampled]
    return sorted(json.dumps([row[i] for i in keep], ensure_ascii=False) for row in rows)


def oxigraph_latencies(store_dir: Path, queries: dict[str, str]) -> dict:
    from kg.sparql import run
    from kg.store import open_store

    st = open_store(store_dir, read_only=True)
    out = {}
    for name, sparql in queries.items():
        table = run(st, sparql)  # warm-up
        times = []
        t_end = time.perf_counter() + 1.0
        while len(times) < 20 and (len(times) < 3 or time.perf_counter() < t_end):
            t = time.perf_counter()
            table = run(st, sparql)
            times.append(time.perf_counter() - t)
        out[name] = {"median_s": statistics.median(times), "runs": len(times), "rows": table.rows,
                     "variables": table.variables}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=Path("/tmp/kg-bench/store-j1"))
    ap.add_argument("--timeout", type=float, default=600, help="seconds for rdflib, loading included (default 600)")
    ap.add_argument("--json", type=Path, default=ROOT / "out" / "bench" / "queries.json")
    args = ap.parse_args(argv)

    from kg.build import export_store
    from kg.sparql import bind_params, named_queries
    from kg.store import open_store

    if not args.store.is_dir():
        raise SystemExit(f"{args.store}: no store; run bench/bench_build.py first (or give --store)")
    queries = {n: bind_params(q, PARAMS.get(n)) for n, q in named_queries().items()}
    quads = len(open_store(args.store, read_only=True))
    nq = args.store.parent / (args.store.name + ".nq")
    export_store(str(args.store), str(nq))
    print(f"store {args.store}: {quads} quads")

    ox_res = oxigraph_latencies(args.store, queries)

    rd_res: dict = {}
    proc = subprocess.Popen([sys.executable, "-c", RDFLIB_CHILD, str(nq)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, encoding="utf-8")
    proc.stdin.write(json.dumps(queries))
    proc.stdin.close()
    deadline = time.monotonic() + args.timeout
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    load = None
    while time.monotonic() < deadline and len(rd_res) < len(queries):
        if not sel.select(timeout=max(0.1, deadline - time.monotonic())):
            continue
        line = proc.stdout.readline()
        if not line:
            break
        msg = json.loads(line)
        if "load_s" in msg:
            load = msg
            print(f"rdflib: parsed {msg['quads']} quads in {msg['load_s']:.1f} s")
        else:
            rd_res[msg["name"]] = msg
    if proc.poll() is None:
        proc.kill()
    proc.wait()

    print()
    print(f"{'query':22} {'rows':>6} {'oxigraph (disk)':>16} {'rdflib (memory)':>16} {'ratio':>8}  same answers")
    results = {"store": str(args.store), "quads": quads, "rdflib_load": load, "queries": {}}
    for name in queries:
        o = ox_res[name]
        r = rd_res.get(name)
        same = None
        if r is not None:
            same = comparable(queries[name], o["variables"], o["rows"]) == comparable(queries[name], o["variables"], r["rows"])
            ratio = r["median_s"] / o["median_s"]
            rd = f"{r['median_s'] * 1000:13.1f} ms"
        else:
            ratio, rd = None, f"> {args.timeout:.0f} s".rjust(16)
        results["queries"][name] = {"rows": len(o["rows"]), "oxigraph_s": o["median_s"], "oxigraph_runs": o["runs"],
                                    "rdflib_s": r and r["median_s"], "rdflib_runs": r and r["runs"],
                                    "ratio": ratio, "same_answers": same}
        print(f"{name:22} {len(o['rows']):6d} {o['median_s'] * 1000:13.1f} ms {rd} "
              f"{(f'{ratio:7.0f}x' if ratio else '       ?')}  {same if same is not None else '?'}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"(figures in {args.json})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
