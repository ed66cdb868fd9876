"""``kg viz``: the entity graph as one self-contained, offline HTML page.

The page carries everything it needs: vis-network (the published files,
kept in ``kg/templates/vis-network``), its stylesheet, kg's own script and
style, and the data as JSON in a ``<script type="application/json">`` block.
It makes no network request at all; a Content-Security-Policy allows only its
own two scripts (by hash) and forbids every fetch, so nothing from the data
can execute even if it got into the markup (it does not: the data is JSON
with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the script puts text
into the page with ``textContent`` only). Node and edge ids are opaque (``n0``, ``e0`` …).

Layout: kg computes the positions itself (each connected component
force-directed on its own, in O(n) per iteration, then the components packed
on a spiral around the biggest), vis-network's physics polishes them for a
bounded number of iterations (none above 6,000 entities), then physics is
switched off so the drawing stays still and fast. The page sets
``window.__kgReady`` once the frozen graph has been drawn.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import json
import math
import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path

import networkx as nx

from .errors import UsageError
from .formats import output_target, write_atomic
from .graphview import load_graph, pagerank, ranking, relation_labels, type_labels

VIS_VERSION = "9.1.2"
#: the published files of vis-network 9.1.2 in kg/templates/vis-network (see SOURCE.md there)
VIS_SHA256 = {
    "vis-network.min.js": "6e30a2350474cdf92a0932c6d55b8adcb91929066817ed3eec7b87907a4612f3",
    "vis-network.min.css": "2e82d445ad5878ea881652470ce632601f8f55f1b99e6ebecdff8614600e6d0e",
}

#: colour and vis-network shape of each entity type (others: grey dots)
STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#e15759", "dot"),
    "Company": ("#4e79a7", "square"),
    "Institution": ("#59a14f", "hexagon"),
    "District": ("#f28e2b", "triangle"),
    "Place": ("#9c755f", "triangleDown"),
    "Achievement": ("#b07aa1", "star"),
    "Award": ("#d4a017", "diamond"),
    "Event": ("#76b7b2", "triangleDown"),
}
OTHER_STYLE = ("#8d99a6", "dot")
TYPE_ORDER = list(STYLES)

#: colour of each relation's edges (others: grey)
REL_COLOURS = {
    "signedWith": "#f28e2b",
    "won": "#c79a00",
    "developed": "#9467bd",
    "worksFor": "#5f7f99",
}
OTHER_REL_COLOUR = "#9aa5b1"

BIG = 400  # nodes: above this the page uses the cheaper layout settings
MAX_OMITTED_NAMES = 300  # left-out names listed in the page


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet: the published files, kept in kg/templates/vis-network."""
    base = resources.files("kg.templates").joinpath("vis-network")
    js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = base.joinpath("vis-network.min.css").read_text(encoding="utf-8")
    # the source map is not in the page (the browser would look for it only with its developer tools open)
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    return js, css


def _template(name: str) -> str:
    return resources.files("kg.templates").joinpath(name).read_text(encoding="utf-8")


def json_for_script(data) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028, U+2029.

    >>> json_for_script({"q": "</script><b>&"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


# ---------------------------------------------------------------------------

def _neighbours(G: nx.MultiDiGraph) -> dict:
    """Each entity's related entities, whatever the direction of the relation."""
    nb: dict = {n: set() for n in G}
    for u, v in G.edges():
        if u != v:
            nb[u].add(v)
            nb[v].add(u)
    return nb


def select_top(G: nx.MultiDiGraph, order: list, max_nodes: int) -> tuple[list, list]:
    """``--max-nodes``: the neighbourhoods of the most central entities, each whole.

    Going down the ranking, an entity's ego network (itself and every entity
    it has a relation with) is kept when all of it still fits in
    ``max_nodes``; one that does not fit is passed over, and smaller ones
    further down may still fit. So every kept entity comes with its
    relations to the others, rather than a set of hubs without the nodes
    between them. Only when the most central entity's own neighbourhood is
    bigger than ``max_nodes`` is it cut: that entity and its most central
    neighbours. Entities without relations fill what room is left.
    Returns the kept entities (in ranking order) and the entities whose
    neighbourhoods were kept (the seeds).
    """
    nb = _neighbours(G)
    rank = {n: i for i, n in enumerate(order)}
    kept: set = set()
    seeds: list = []
    for s in order:
        if len(kept) >= max_nodes:
            break
        if not nb[s]:
            continue
        new = [n for n in [s] + sorted(nb[s], key=rank.__getitem__) if n not in kept]
        if not new:  # already there with all its neighbours
            continue
        if len(kept) + len(new) <= max_nodes:
            kept.update(new)
            seeds.append(s)
        elif not kept:  # the first neighbourhood alone is too big: its most central part
            kept.update(new[:max_nodes])
            seeds.append(s)
            break
    for n in order:  # room left: entities without relations, most central first
        if len(kept) >= max_nodes:
            break
        if not nb[n]:
            kept.add(n)
    return [n for n in order if n in kept], seeds


def select_around(G: nx.MultiDiGraph, order: list, centres: list, hops: int,
                  max_nodes: int | None = None) -> tuple[list, dict]:
    """``--entity NAME --hops K``: the entities at most ``hops`` relations away from ``centres``.

    With ``max_nodes``, the nearest are kept first (then the most central).
    Returns the kept entities (nearest first) and each one's distance.
    """
    nb = _neighbours(G)
    rank = {n: i for i, n in enumerate(order)}
    dist = {c: 0 for c in centres}
    frontier = list(centres)
    for d in range(1, hops + 1):
        nxt = []
        for u in frontier:
            for v in nb[u]:
                if v not in dist:
                    dist[v] = d
                    nxt.append(v)
        frontier = nxt
    kept = sorted(dist, key=lambda n: (dist[n], rank[n]))
    if max_nodes is not None:
        kept = kept[:max(max_nodes, len(centres))]
    return kept, {n: dist[n] for n in kept}


def _norm_name(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).casefold().split())


def find_entities(G: nx.MultiDiGraph, name: str, where: str = "the graph") -> list:
    """The entities called ``name`` (a label or an alias; NFKC, case and spaces ignored).

    None: a :class:`UsageError` naming the closest names there are.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="星河新材料股份有限公司", aliases=["星河新材"])
    >>> G.add_node("b", label="昆山市", aliases=[])
    >>> find_entities(G, " 星河新材 ")
    ['a']
    >>> find_entities(G, "星河")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: no entity named '星河' in the graph; close matches: 星河新材料股份有限公司 (星河新材)
    """
    want = _norm_name(name)
    if not want:
        raise UsageError("--entity needs a name")
    by_label = [n for n in G if _norm_name(G.nodes[n]["label"]) == want]
    if by_label:
        return by_label
    by_alias = [n for n in G if any(_norm_name(a) == want for a in G.nodes[n]["aliases"])]
    if by_alias:
        return by_alias
    raise UsageError(f"no entity named '{name.strip()}' in {where}; " + _close_matches(G, name))


MAX_SUGGESTIONS = 5


def _close_matches(G: nx.MultiDiGraph, name: str) -> str:
    want = _norm_name(name)
    names: dict[str, list] = {}  # normalised name -> [(node, the name as written)]
    for n in G:
        for x in [G.nodes[n]["label"]] + list(G.nodes[n]["aliases"]):
            names.setdefault(_norm_name(x), []).append((n, x))
    pr = pagerank(G)
    # a name that contains the one asked for, or is contained in it; then names that look alike
    inside = sorted((k for k in names if len(k) >= 2 and (want in k or k in want)),
                    key=lambda k: (-max(pr[n] for n, _ in names[k]), k))
    alike = difflib.get_close_matches(want, list(names), n=MAX_SUGGESTIONS, cutoff=0.5)
    shown: list[str] = []
    seen: set = set()
    for k in inside + alike:
        for node, written in sorted(names[k], key=lambda x: -pr[x[0]]):
            if node in seen or len(shown) == MAX_SUGGESTIONS:
                continue
            seen.add(node)
            label = G.nodes[node]["label"]
            shown.append(label if written == label else f"{label} ({written})")
    if not shown:
        return "no close match (kg stats lists the most central entities)"
    return "close matches: " + ", ".join(shown)


def page_data(G: nx.MultiDiGraph, max_nodes: int | None = None, source: str = "",
              show_isolated: bool = False, centres: list | None = None, hops: int = 1) -> dict:
    """What the page shows, as plain JSON-able data (opaque ids, text only).

    The whole graph; with ``max_nodes`` the neighbourhoods of the most
    central entities (:func:`select_top`); with ``centres`` (entity keys)
    the entities at most ``hops`` relations from them (:func:`select_around`).
    Entities without a relation in the page are in the data but hidden
    until the page's toggle shows them, unless ``show_isolated`` (or
    there is no relation at all).
    """
    pr = pagerank(G)
    order = ranking(G, pr)
    rank = {n: i + 1 for i, n in enumerate(order)}
    seeds: list = []
    dist: dict = {}
    if centres:
        keep, dist = select_around(G, order, centres, hops, max_nodes)
        mode = "entity"
    elif max_nodes is not None and max_nodes < len(order):
        keep, seeds = select_top(G, order, max_nodes)
        mode = "top"
    else:
        keep, mode = order, "all"
    kept = set(keep)
    H = G.subgraph(kept)
    focus = set(centres or ())
    lone = {n for n in kept if n not in focus and H.degree(n) == 0}  # no relation drawn
    hide_isolated = not show_isolated and H.number_of_edges() > 0

    ids = {n: f"n{i}" for i, n in enumerate(sorted(kept, key=lambda n: rank[n]))}
    pos = layout(H, [n for n in order if n in kept])
    shown_pr = [pr[n] for n in kept]
    lo, hi = min(shown_pr), max(shown_pr)
    deg = dict(G.degree())

    def size(n) -> float:
        f = (pr[n] - lo) / (hi - lo) if hi > lo else 0.0
        return round(10 + 28 * math.sqrt(f), 1)

    nodes = []
    for n in sorted(kept, key=lambda n: rank[n]):
        a = G.nodes[n]
        nodes.append({
            "id": ids[n],
            "label": a["label"],
            "type": a["type"],
            "size": size(n),
            "x": pos[n][0],
            "y": pos[n][1],
            "aliases": a["aliases"],
            "aff": [[x["role"], x["org_label"]] for x in a["affiliations"]],
            "quotes": [{"text": q["text"], "kind": q["kind"], "doc": q["doc"], "title": q["title"]} for q in a["quotes"]],
            "docs": a["docs"],
            "rank": rank[n],
            "deg": deg[n],
            "iso": n in lone,
            **({"hops": dist[n]} if n in dist else {}),
        })

    edges = []
    pair_count: dict[tuple, int] = {}
    for u, v, k, d in sorted(H.edges(keys=True, data=True), key=lambda e: (ids[e[0]], ids[e[1]], e[2])):
        pair = tuple(sorted((ids[u], ids[v])))
        i = pair_count.get(pair, 0)
        pair_count[pair] = i + 1
        edges.append({
            "id": f"e{len(edges)}",
            "from": ids[u],
            "to": ids[v],
            "rel": k,
            "roles": d["roles"],
            "ev": [{"text": e["text"], "doc": e["doc"], "title": e["title"], "start": e["start"], "end": e["end"]}
                   for e in d["evidence"]],
            # parallel edges between one pair bend apart
            "curve": 0 if i == 0 else round(0.15 * ((i + 1) // 2) * (1 if i % 2 else -1), 2),
        })

    def type_entry(t: str, count: int, shown: int) -> dict:
        zh, en = type_labels(t)
        colour, shape = STYLES.get(t, OTHER_STYLE)
        return {"key": t, "zh": zh, "en": en, "color": colour, "shape": shape, "count": count, "shown": shown}

    all_types: dict[str, int] = {}
    shown_types: dict[str, int] = {}
    for n, a in G.nodes(data=True):
        all_types[a["type"]] = all_types.get(a["type"], 0) + 1
        if n in kept:
            shown_types[a["type"]] = shown_types.get(a["type"], 0) + 1
    type_key = lambda t: (TYPE_ORDER.index(t) if t in TYPE_ORDER else len(TYPE_ORDER), t)  # noqa: E731
    types = [type_entry(t, all_types[t], shown_types.get(t, 0)) for t in sorted(all_types, key=type_key)]

    all_rels: dict[str, int] = {}
    for _, _, k in G.edges(keys=True):
        all_rels[k] = all_rels.get(k, 0) + 1
    shown_rels: dict[str, int] = {}
    for e in edges:
        shown_rels[e["rel"]] = shown_rels.get(e["rel"], 0) + 1
    relations = []
    for r in sorted(all_rels):
        zh, en = relation_labels(r)
        sym = any(d.get("symmetric") for _, _, k, d in G.edges(keys=True, data=True) if k == r)
        relations.append({"key": r, "zh": zh, "en": en, "count": all_rels[r], "shown": shown_rels.get(r, 0),
                          "symmetric": sym, "color": REL_COLOURS.get(r, OTHER_REL_COLOUR)})

    left_out = [n for n in order if n not in kept]
    omitted = None
    if left_out:
        by_type: dict[str, int] = {}
        for n in left_out:
            by_type[G.nodes[n]["type"]] = by_type.get(G.nodes[n]["type"], 0) + 1
        omitted = {
            "count": len(left_out),
            "relations": G.number_of_edges() - H.number_of_edges(),
            "byType": [{"key": t, "zh": type_labels(t)[0], "en": type_labels(t)[1], "count": by_type[t]}
                       for t in sorted(by_type, key=type_key)],
            "names": [G.nodes[n]["label"] for n in left_out[:MAX_OMITTED_NAMES]],
            "more": max(0, len(left_out) - MAX_OMITTED_NAMES),
        }

    # the layout budget goes by what is drawn when the page opens
    n = len(nodes) - (len(lone) if hide_isolated else 0)
    big = n > BIG
    return {
        "source": source,
        "counts": {"entities": G.number_of_nodes(), "shown": len(nodes), "relations": G.number_of_edges(),
                   "shownRelations": len(edges), "documents": G.graph.get("documents", 0),
                   "quotes": G.graph.get("quotes", 0), "isolated": len(lone)},
        "hideIsolated": hide_isolated,
        "view": {
            "mode": mode,
            "maxNodes": max_nodes,
            "hops": hops if mode == "entity" else None,
            "centres": [G.nodes[c]["label"] for c in (centres or [])],
            "seeds": len(seeds),
        },
        "focus": [ids[c] for c in (centres or []) if c in ids],
        "types": types,
        "relations": relations,
        "nodes": nodes,
        "edges": edges,
        "omitted": omitted,
        "layout": {
            "big": big,
            # stabilisation budget: generous for small graphs, bounded for big ones
            # (each iteration costs about 10 µs a node in headless Chromium here; the
            # layout computed above needs little polishing, none on huge graphs)
            "iterations": 300 if n <= 150 else (150 if not big else (120_000 // n if n <= 6000 else 0)),
        },
    }


def render_html(data: dict, title: str = "kg") -> str:
    """The whole page as one string."""
    vis_js, vis_css = _vis_assets()
    kg_js = _template("viz.js")
    kg_css = _template("viz.css")
    for name, text, closer in (("vis-network.min.js", vis_js, "</script"), ("viz.js", kg_js, "</script"),
                               ("vis-network.css", vis_css, "</style"), ("viz.css", kg_css, "</style")):
        if closer in text.lower():  # would end the element early
            raise RuntimeError(f"{name} contains '{closer}'; it cannot be inlined")
    values = {
        "TITLE": html.escape(title, quote=True),
        "SCRIPT_HASHES": " ".join((_csp_hash(vis_js), _csp_hash(kg_js))),
        "VIS_CSS": vis_css,
        "KG_CSS": kg_css,
        "DATA": json_for_script(data),
        "VIS_JS": vis_js,
        "KG_JS": kg_js,
    }
    # one pass, so nothing substituted is substituted again
    return re.sub(r"%%([A-Z_]+)%%", lambda m: values[m.group(1)], _template("viz.html"))


class VizPage:
    """What :func:`visualize` wrote: the page's path and what it shows.

    Small on purpose: its ``repr`` is one line, and in Jupyter it displays
    as that line and the page itself in an iframe. ``data`` holds the
    page's data (nodes, edges and counts) for scripts that want it.
    """

    def __init__(self, path: Path, data: dict) -> None:
        self.path = Path(path)
        self.data = data

    @property
    def counts(self) -> dict:
        return dict(self.data["counts"])

    @property
    def drawn(self) -> int:
        """Entities drawn when the page opens (without the hidden ones that have no relation)."""
        c = self.data["counts"]
        return c["shown"] - (c["isolated"] if self.data["hideIsolated"] else 0)

    def summary(self) -> str:
        """One line: what the page shows and what it leaves out or hides (``kg viz`` prints it)."""
        c, view = self.data["counts"], self.data["view"]
        what = f"{_plural(self.drawn, 'entity', 'entities')}, {_plural(c['shownRelations'], 'relation')}"
        if view["mode"] == "entity":
            centre = "、".join(view["centres"])
            what = f"the {view['hops']}-hop neighbourhood of {centre}: {what}"
        out = [what]
        if view["mode"] == "top":
            out.append(f"the whole neighbourhoods of {_plural(view['seeds'], 'central entity', 'central entities')}"
                       f" (--max-nodes {view['maxNodes']}: {c['entities'] - c['shown']} entities and "
                       f"{c['relations'] - c['shownRelations']} relations left out)")
        elif view["mode"] == "entity" and c["entities"] > c["shown"] and view["maxNodes"] is not None \
                and c["shown"] >= view["maxNodes"]:
            out.append(f"cut to the {c['shown']} nearest by --max-nodes {view['maxNodes']}")
        if self.data["hideIsolated"] and c["isolated"]:
            out.append(f"{_plural(c['isolated'], 'entity', 'entities')} without relations hidden "
                       "(shown by the page's toggle or --show-isolated)")
        return "; ".join(out)

    def __repr__(self) -> str:
        return f"<kg viz page {str(self.path)!r}: {self.summary()}>"

    def _repr_html_(self) -> str:
        """Jupyter: the summary, then the page in an iframe (its own document, as offline as the file)."""
        page = self.path.read_text(encoding="utf-8")
        return (f'<div><div style="font-size:12px;color:#52606d">{html.escape(str(self.path))}: '
                f"{html.escape(self.summary())}</div>"
                f'<iframe srcdoc="{html.escape(page, quote=True)}" '
                'style="width:100%;height:620px;border:1px solid #ccc"></iframe></div>')


def visualize(G, output: str | Path, max_nodes: int | None = None, source: str = "",
              show_isolated: bool = False, entity: str | None = None, hops: int = 1) -> VizPage:
    """Write the interactive page for ``G`` to ``output`` (UTF-8, atomically).

    ``G`` is the graph of :func:`kg.load_graph` (or an RDF file, loaded
    with it). ``max_nodes`` keeps the whole neighbourhoods of the most
    central entities; ``entity`` (a name or an alias) draws the entities
    within ``hops`` relations of it; ``show_isolated`` draws the entities
    without relations from the start (the page hides them until asked).
    Returns a :class:`VizPage`: the path and what the page shows.
    """
    if not isinstance(G, nx.Graph):
        G = load_graph(str(G))
    if max_nodes is not None and max_nodes < 1:
        raise UsageError(f"--max-nodes must be at least 1, not {max_nodes}")
    if hops < 1:
        raise UsageError(f"--hops must be at least 1, not {hops}")
    centres = find_entities(G, entity, source or "the graph") if entity is not None else None
    data = page_data(G, max_nodes=max_nodes, source=source, show_isolated=show_isolated,
                     centres=centres, hops=hops)
    title = f"kg 知识图谱 — {source}" if source else "kg 知识图谱"
    if centres:
        title += " — " + "、".join(data["view"]["centres"])
    write_atomic(output, render_html(data, title).encode("utf-8"))
    return VizPage(Path(output), data)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def visualize_cli(args) -> int:
    max_nodes = getattr(args, "max_nodes", None)
    if max_nodes is not None and max_nodes < 1:
        raise UsageError(f"--max-nodes must be at least 1, not {max_nodes}")
    entity = getattr(args, "entity", None)
    hops = getattr(args, "hops", None)
    if hops is not None and entity is None:
        raise UsageError("--hops goes with --entity NAME")
    if hops is not None and hops < 1:
        raise UsageError(f"--hops must be at least 1, not {hops}")
    out = Path(args.output)
    output_target(out)  # fail before the work (a folder, a read-only file): kg.formats.write_atomic would after it
    G = load_graph(args.graph, args.store)
    if args.graph:
        source = Path(args.graph).name
    else:
        from .store import default_store_path

        source = str(args.store or default_store_path())
    page = visualize(G, out, max_nodes=max_nodes, source=source, show_isolated=getattr(args, "show_isolated", False),
                     entity=entity, hops=hops or 1)
    if not getattr(args, "quiet", False):
        print(f"wrote {out}: {page.summary()}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------
# layout: computed here, so the browser only polishes it

def _fr_layout(adj: list[list[int]], rng, iterations: int) -> tuple[list[float], list[float]]:
    """Fruchterman-Reingold with grid-cell repulsion (ideal edge length 1), in plain Python.

    Repulsion only acts within twice the ideal length (the grid variant of the
    original paper), so an iteration costs O(n) rather than O(n²).
    """
    n = len(adj)
    side = math.sqrt(n)
    xs = [rng.uniform(0, side) for _ in range(n)]
    ys = [rng.uniform(0, side) for _ in range(n)]
    cell = 2.0
    cutoff2 = cell * cell
    temp = max(0.5, side / 4)
    cool = temp / (iterations + 1)
    edges = [(i, j) for i in range(n) for j in adj[i] if i < j]
    for _ in range(iterations):
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(n):
            grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
        dx = [0.0] * n
        dy = [0.0] * n
        for (cx, cy), members in grid.items():
            near = []
            for ox in (-1, 0, 1):
                for oy in (-1, 0, 1):
                    near.extend(grid.get((cx + ox, cy + oy), ()))
            pts = [(xs[j], ys[j]) for j in near]
            for i in members:
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for xj, yj in pts:
                    ddx = xi - xj
                    ddy = yi - yj
                    d2 = ddx * ddx + ddy * ddy
                    if 0.0 < d2 < cutoff2:  # 0: the node itself
                        fx += ddx / d2
                        fy += ddy / d2
                dx[i] += fx
                dy[i] += fy
        for i, j in edges:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            d = math.sqrt(ddx * ddx + ddy * ddy)
            dx[i] -= ddx * d
            dy[i] -= ddy * d
            dx[j] += ddx * d
            dy[j] += ddy * d
        for i in range(n):
            d = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if d > 0:
                step = min(d, temp) / d
                xs[i] += dx[i] * step
                ys[i] += dy[i] * step
        temp -= cool
    return xs, ys


def layout(G: nx.MultiDiGraph, order: list, scale: float = 120.0, seed: int = 7) -> dict:
    """Positions (pixels) of the nodes of ``G``: each connected component laid out
    on its own (force-directed), then the components packed on a spiral, the
    biggest in the middle. Deterministic for a given graph."""
    import random

    H = nx.Graph()
    H.add_nodes_from(order)
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    rank = {n: i for i, n in enumerate(order)}
    comps = sorted((sorted(c, key=rank.__getitem__) for c in nx.connected_components(H)),
                   key=lambda c: (-len(c), rank[c[0]]))
    rng = random.Random(seed)
    shapes = []  # (nodes, xs, ys, radius) centred on 0, 0
    for comp in comps:
        s = len(comp)
        if s == 1:
            shapes.append((comp, [0.0], [0.0], 0.6))
            continue
        idx = {n: i for i, n in enumerate(comp)}
        adj = [[idx[m] for m in H[n]] for n in comp]
        if s == 2:
            shapes.append((comp, [-0.5, 0.5], [0.0, 0.0], 1.3))
            continue
        # each iteration is O(s): fewer of them for big components (the browser polishes)
        xs, ys = _fr_layout(adj, rng, iterations=max(25, min(80, 30_000 // s)))
        cx, cy = sum(xs) / s, sum(ys) / s
        xs = [x - cx for x in xs]
        ys = [y - cy for y in ys]
        r = max(math.sqrt(x * x + y * y) for x, y in zip(xs, ys)) + 0.8
        shapes.append((comp, xs, ys, r))

    # pack the circles along a spiral around the first (largest) one
    placed: list[tuple[float, float, float]] = []
    grid: dict[tuple[int, int], list[int]] = {}
    cell = 2.0
    gap = 0.3
    pos = {}

    def free(x: float, y: float, r: float) -> bool:
        for gx in range(int((x - r - gap) // cell) - 1, int((x + r + gap) // cell) + 2):
            for gy in range(int((y - r - gap) // cell) - 1, int((y + r + gap) // cell) + 2):
                for k in grid.get((gx, gy), ()):
                    px, py, pr = placed[k]
                    if (x - px) ** 2 + (y - py) ** 2 < (r + pr + gap) ** 2:
                        return False
        return True

    t = 0.0
    rad = 0.0
    for comp, xs, ys, r in shapes:
        if not placed:
            x = y = 0.0
            rad = r + gap
        else:
            rad = max(rad, placed[0][2] + r + gap)
            while True:
                x, y = rad * math.cos(t), rad * math.sin(t)
                ok = free(x, y, r)
                # advance along the spiral: one diameter of arc, one diameter per turn outwards
                dt = (2 * r + gap) / rad
                t += dt
                rad += (2 * r + gap) * dt / (2 * math.pi)
                if ok:
                    break
        k = len(placed)
        placed.append((x, y, r))
        for gx in range(int((x - r) // cell), int((x + r) // cell) + 1):
            for gy in range(int((y - r) // cell), int((y + r) // cell) + 1):
                grid.setdefault((gx, gy), []).append(k)
        for n, nx_, ny_ in zip(comp, xs, ys):
            pos[n] = (round((x + nx_) * scale, 1), round((y + ny_) * scale, 1))
    return pos
