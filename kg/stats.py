"""``kg stats``: what is in a graph, as plain-text tables on stdout.

Counts of entities by type and of relations by type, the most central
entities (PageRank over the relation graph, with their number of relations)
and the communities networkx finds (Louvain, seeded so the output is stable).
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import networkx as nx

from .errors import UsageError
from .graphview import communities, load_graph, pagerank, ranking, relation_labels, type_labels

MEMBERS_WIDTH = 60  # display columns for the member list of a community


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _clip(s: str, width: int) -> str:
    if _width(s) <= width:
        return s
    out, w = [], 0
    for c in s:
        if w + _width(c) > width - 1:
            break
        out.append(c)
        w += _width(c)
    return "".join(out) + "…"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def table(header: list[str], rows: list[list], right: set[int] = frozenset()) -> str:
    """An aligned text table (CJK characters count two columns); columns in ``right`` are right-aligned."""
    cells = [header] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]

    def line(r: list[str]) -> str:
        parts = []
        for i, (c, w) in enumerate(zip(r, widths)):
            pad = " " * (w - _width(c))
            parts.append(pad + c if i in right else c + pad)
        return "  ".join(parts).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def report(G: nx.MultiDiGraph, top: int = 10, source: str = "") -> str:
    """The whole report as text."""
    n_ent, n_rel = G.number_of_nodes(), G.number_of_edges()
    docs, quotes = G.graph.get("documents", 0), G.graph.get("quotes", 0)
    parts = [f"{source + ': ' if source else ''}{plural(n_ent, 'entity', 'entities')}, {plural(n_rel, 'relation')}, "
             f"{plural(quotes, 'quote')}, {plural(docs, 'document')}"]

    by_type: dict[str, int] = {}
    for _, t in G.nodes(data="type"):
        by_type[t] = by_type.get(t, 0) + 1
    rows = [[t, type_labels(t)[0], c] for t, c in sorted(by_type.items(), key=lambda x: (-x[1], x[0]))]
    rows.append(["total", "", n_ent])
    parts.append("entities by type\n" + table(["type", "类型", "count"], rows, right={2}))

    by_rel: dict[str, int] = {}
    for _, _, k in G.edges(keys=True):
        by_rel[k] = by_rel.get(k, 0) + 1
    rows = [[r, relation_labels(r)[0], c] for r, c in sorted(by_rel.items(), key=lambda x: (-x[1], x[0]))]
    rows.append(["total", "", n_rel])
    parts.append("relations by type\n" + table(["relation", "关系", "count"], rows, right={2}))

    pr = pagerank(G)
    order = ranking(G, pr)
    deg = dict(G.degree())
    rows = [[i + 1, G.nodes[n]["label"], G.nodes[n]["type"], deg[n], f"{pr[n]:.4f}"]
            for i, n in enumerate(order[:top])]
    parts.append(f"most central entities (PageRank over the relations; top {min(top, n_ent)} of {n_ent})\n"
                 + table(["rank", "entity", "type", "relations", "pagerank"], rows, right={0, 3, 4}))

    comms = communities(G)
    isolated = sum(1 for n in G if deg[n] == 0)
    rank = {n: i for i, n in enumerate(order)}
    rows = []
    for i, c in enumerate(comms[:top]):
        members = sorted(c, key=rank.__getitem__)
        inside = sum(1 for u, v in G.edges() if u in c and v in c)
        rows.append([i + 1, len(c), inside, _clip("、".join(G.nodes[m]["label"] for m in members), MEMBERS_WIDTH)])
    head = (f"communities (Louvain, networkx): {len(comms)} with two or more entities"
            f"{f', the {len(rows)} largest shown' if len(comms) > len(rows) else ''}; "
            f"{plural(isolated, 'entity', 'entities')} without relations")
    if rows:
        parts.append(head + "\n" + table(["#", "size", "relations", "members (most central first)"], rows, right={0, 1, 2}))
    else:
        parts.append(head)
    return "\n\n".join(parts) + "\n"


def stats_cli(args) -> int:
    top = getattr(args, "top", 10)
    if top is None or top < 1:
        raise UsageError(f"--top must be at least 1, not {top}")
    G = load_graph(args.graph, args.store)
    source = Path(args.graph).name if args.graph else ""
    sys.stdout.write(report(G, top=top, source=source))
    return 0
