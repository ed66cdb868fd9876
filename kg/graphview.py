"""The entity graph of a kg RDF graph, as networkx, for ``kg viz`` and ``kg stats``.

One node per entity (anything typed with a kg class other than
``kg:Document``, ``kg:Quote`` and ``kg:Affiliation``), keyed by its IRI, with:

* ``label`` — the Chinese name (``rdfs:label`` in ``@zh``, else any label);
* ``type`` — the kg class local name (``Person``, ``Company`` …), the most
  specific one when an entity has several;
* ``aliases`` — the ``skos:altLabel`` values;
* ``affiliations`` — ``{"role", "org", "org_label"}`` from ``kg:Affiliation``;
* ``quotes`` — ``{"text", "kind", "doc", "title", "evidence"}`` from ``kg:Quote``
  (for people);
* ``docs`` — file names of the documents the entity is mentioned in.

One edge per relation between two entities (any ``kg:`` property whose
subject and object are both entities), keyed by the property local name,
with ``relation``, ``label_zh``, ``label_en``, ``symmetric``, ``roles``
(the titles held, for ``worksFor``) and ``evidence``: the ``rdf:Statement``
reifications' ``{"text", "start", "end", "doc", "title"}``. A symmetric
relation stated in both directions is one edge.

Everything is read with SPARQL (Oxigraph), which stays fast on big graphs.
"""

from __future__ import annotations

import functools
from collections import defaultdict

import networkx as nx
import pyoxigraph as ox

from .errors import InputError, UsageError
from .sparql import run

KG = "https://w3id.org/kg-news/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"

#: kg classes whose instances are not entities (they describe entities).
NOT_ENTITIES = ("Document", "Quote", "Affiliation")


def local(iri: str) -> str:
    return iri[len(KG):] if iri.startswith(KG) else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------
# the ontology: labels of classes and properties, class depth, symmetry

@functools.lru_cache(maxsize=1)
def ontology() -> dict:
    """Labels (zh, en) of kg classes and properties from the shipped ontology.

    Returns ``{"classes": {local: {"zh", "en", "depth"}}, "properties":
    {local: {"zh", "en", "symmetric"}}}``.
    """
    from .paths import ontology_path

    text = ontology_path("kg.ttl").read_bytes()
    store = ox.Store()
    store.load(text, format=ox.RdfFormat.TURTLE)
    q = f"""
    SELECT ?x ?kind ?label ?lang WHERE {{
      ?x a ?kind . FILTER(?kind IN (<{OWL}Class>, <{OWL}ObjectProperty>, <{OWL}DatatypeProperty>))
      FILTER(STRSTARTS(STR(?x), "{KG}"))
      OPTIONAL {{ ?x <{RDFS}label> ?label BIND(LANG(?label) AS ?lang) }}
    }}"""
    classes: dict[str, dict] = {}
    props: dict[str, dict] = {}
    for x, kind, label, lang in run(store, q).rows:
        name = local(x)
        target = classes if kind.endswith("Class") else props
        entry = target.setdefault(name, {"zh": name, "en": name})
        if label and lang in ("zh", "en"):
            entry[lang] = label
    sym = run(store, f"SELECT ?p WHERE {{ ?p a <{OWL}SymmetricProperty> }}").rows
    for p in props.values():
        p["symmetric"] = False
    for (p,) in sym:
        if local(p) in props:
            props[local(p)]["symmetric"] = True
    parents = defaultdict(set)
    for c, sup in run(store, f"SELECT ?c ?s WHERE {{ ?c <{RDFS}subClassOf> ?s }}").rows:
        if c.startswith(KG) and sup.startswith(KG):
            parents[local(c)].add(local(sup))

    def depth(c: str, seen: frozenset = frozenset()) -> int:
        ps = [p for p in parents.get(c, ()) if p not in seen]
        return 1 + max((depth(p, seen | {c}) for p in ps), default=0)

    for name, entry in classes.items():
        entry["depth"] = depth(name)
    return {"classes": classes, "properties": props}


def type_labels(t: str) -> tuple[str, str]:
    c = ontology()["classes"].get(t)
    return (c["zh"], c["en"]) if c else (t, t)


def relation_labels(r: str) -> tuple[str, str]:
    p = ontology()["properties"].get(r)
    return (p["zh"], p["en"]) if p else (r, r)


# ---------------------------------------------------------------------------
# reading

def open_source(graph: str | None, store: str | None) -> ox.Store:
    """The store to read: an RDF file, or the on-disk store (default)."""
    if graph and store:
        raise UsageError("give either GRAPH_FILE or --store, not both")
    if graph:
        from .store import load_file

        return load_file(graph)
    from .store import open_store

    return open_store(store, read_only=True)


def _pick_label(cands: list[tuple[str, str]]) -> str | None:
    """The @zh label, else a plain one, else any; of several (a node named
    differently by two articles: 某某科技, 某某科技有限公司) the longest, the fullest name."""
    for want in ("zh", ""):
        xs = [l for l, lang in cands if (lang or "").lower().split("-")[0] == want]
        if xs:
            return max(xs, key=lambda l: (len(l), l))
    return min((l for l, _ in cands), default=None)


def build_graph(store: ox.Store) -> nx.MultiDiGraph:
    """The entity graph of everything in ``store`` (union of its named graphs)."""
    onto = ontology()
    classes = onto["classes"]
    excluded = ", ".join(f"<{KG}{c}>" for c in NOT_ENTITIES)

    types: dict[str, list[str]] = defaultdict(list)
    for e, t in run(store, f"""
        SELECT DISTINCT ?e ?t WHERE {{
          ?e a ?t . FILTER(STRSTARTS(STR(?t), "{KG}") && ?t NOT IN ({excluded}))
        }}""").rows:
        types[e].append(local(t))

    labels: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e, label, lang in run(store, f"""
        SELECT DISTINCT ?e ?l ?lang WHERE {{
          ?e a ?t ; <{RDFS}label> ?l . BIND(LANG(?l) AS ?lang)
          FILTER(STRSTARTS(STR(?t), "{KG}") && ?t NOT IN ({excluded}))
        }}""").rows:
        labels[e].append((label, lang or ""))

    G = nx.MultiDiGraph()
    for e in sorted(types):
        ts = types[e]
        t = max(ts, key=lambda x: (classes.get(x, {}).get("depth", 0), x))
        G.add_node(e, label=_pick_label(labels.get(e, [])) or local(e), type=t,
                   aliases=[], affiliations=[], quotes=[], docs=[])

    aliases = defaultdict(set)
    for e, alt in run(store, "SELECT DISTINCT ?e ?a WHERE { ?e skos:altLabel ?a }").rows:
        if e in G and alt:
            aliases[e].add(alt)
    for e, xs in aliases.items():
        G.nodes[e]["aliases"] = sorted(xs - {G.nodes[e]["label"]})

    docs = defaultdict(set)
    for e, name in run(store, """
        SELECT DISTINCT ?e ?name WHERE { ?e kg:mentionedIn ?d . OPTIONAL { ?d kg:fileName ?f }
          OPTIONAL { ?d dcterms:identifier ?i } BIND(COALESCE(?f, ?i, STR(?d)) AS ?name) }""").rows:
        if e in G:
            docs[e].add(name)
    for e, xs in docs.items():
        G.nodes[e]["docs"] = sorted(xs)

    roles = defaultdict(set)  # (member, org) -> roles
    for m, org, role in run(store, """
        SELECT DISTINCT ?m ?o ?role WHERE { ?a a kg:Affiliation ; kg:member ?m ; kg:organization ?o .
          OPTIONAL { ?a kg:role ?role } }""").rows:
        if m not in G:
            continue
        roles[(m, org)].add(role or "")
    for (m, org), rs in sorted(roles.items()):
        org_label = G.nodes[org]["label"] if org in G else local(org)
        for r in sorted(rs - {""}) or [""]:
            G.nodes[m]["affiliations"].append({"role": r, "org": org, "org_label": org_label})

    quotes = defaultdict(list)
    for q, sp, text, kind, ev, start, d, f, title in run(store, """
        SELECT DISTINCT ?q ?sp ?text ?kind ?ev ?start ?d ?f ?title WHERE {
          ?q a kg:Quote ; kg:speaker ?sp .
          OPTIONAL { ?q kg:text ?text } OPTIONAL { ?q kg:quoteKind ?kind }
          OPTIONAL { ?q kg:evidenceText ?ev } OPTIONAL { ?q kg:startOffset ?start }
          OPTIONAL { ?q kg:sourceDocument ?d OPTIONAL { ?d kg:fileName ?fn } OPTIONAL { ?d dcterms:identifier ?i }
            BIND(COALESCE(?fn, ?i) AS ?f) OPTIONAL { ?d dcterms:title ?title } }
        }""").rows:
        if sp in G:
            quotes[sp].append((f or d or "", _int(start), q, {
                "text": text or ev or "", "kind": kind or "", "doc": f or d or "",
                "title": title or "", "evidence": ev or ""}))
    for sp, qs in quotes.items():
        seen = set()
        for *_, item in sorted(qs, key=lambda x: (x[0], x[1] if x[1] is not None else -1, x[2])):
            if (item["doc"], item["text"]) in seen:
                continue
            seen.add((item["doc"], item["text"]))
            G.nodes[sp]["quotes"].append(item)

    props = onto["properties"]
    edges: dict[tuple[str, str, str], dict] = {}
    for s, p, o in run(store, f"""
        SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o . FILTER(isIRI(?o) && STRSTARTS(STR(?p), "{KG}")) }}""").rows:
        if s not in G or o not in G or s == o:
            continue
        key = _edge_key(s, local(p), o)
        # a symmetric relation is stated both ways: its edge goes the key's way, whichever came first
        edges.setdefault(key, {"s": key[0], "o": key[2]})

    evidence = defaultdict(list)
    for s, p, o, text, start, end, d, f, title in run(store, """
        SELECT DISTINCT ?s ?p ?o ?text ?start ?end ?d ?f ?title WHERE {
          ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
          OPTIONAL { ?st kg:evidenceText ?text } OPTIONAL { ?st kg:startOffset ?start }
          OPTIONAL { ?st kg:endOffset ?end }
          OPTIONAL { ?st kg:sourceDocument ?d OPTIONAL { ?d kg:fileName ?fn } OPTIONAL { ?d dcterms:identifier ?i }
            BIND(COALESCE(?fn, ?i) AS ?f) OPTIONAL { ?d dcterms:title ?title } }
        }""").rows:
        key = _edge_key(s, local(p), o)
        if key in edges:
            evidence[key].append({"text": text or "", "start": _int(start), "end": _int(end),
                                  "doc": f or d or "", "title": title or ""})

    for key in sorted(edges):
        s, o = edges[key]["s"], edges[key]["o"]
        rel = key[1]
        zh, en = relation_labels(rel)
        evs = sorted(evidence.get(key, []), key=lambda x: (x["doc"], x["start"] if x["start"] is not None else -1))
        G.add_edge(s, o, key=rel, relation=rel, label_zh=zh, label_en=en,
                   symmetric=bool(props.get(rel, {}).get("symmetric")),
                   roles=sorted(roles.get((s, o), set()) - {""}) if rel == "worksFor" else [],
                   evidence=evs)

    G.graph["documents"] = _int(run(store, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }").rows[0][0]) or 0
    G.graph["quotes"] = sum(len(G.nodes[n]["quotes"]) for n in G)
    return G


def _edge_key(s: str, rel: str, o: str) -> tuple[str, str, str]:
    """Symmetric relations are keyed by the ordered pair, so both directions are one edge."""
    if ontology()["properties"].get(rel, {}).get("symmetric") and o < s:
        s, o = o, s
    return (s, rel, o)


def _int(x: str | None) -> int | None:
    try:
        return int(x) if x is not None else None
    except ValueError:
        return None


def load_graph(graph: str | None = None, store: str | None = None) -> nx.MultiDiGraph:
    """The entity graph of an RDF file or of the store; an InputError when it has no entities."""
    G = build_graph(open_source(graph, store))
    if G.number_of_nodes() == 0:
        where = graph or store or "the store"
        raise InputError(f"{where}: no kg entities in this graph (was it written by 'kg build'?)")
    return G


# ---------------------------------------------------------------------------
# centrality and communities

def undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected graph; an edge's weight is the number of relations between the pair."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v in G.edges():
        if u == v:
            continue
        if H.has_edge(u, v):
            H[u][v]["weight"] += 1
        else:
            H.add_edge(u, v, weight=1)
    return H


def pagerank(G: nx.Graph | nx.MultiDiGraph, alpha: float = 0.85, tol: float = 1e-9, max_iter: int = 200) -> dict:
    """PageRank of the undirected entity graph, by power iteration (no scipy needed).

    An edge's weight is the number of relations between the pair. Isolated
    nodes spread their rank uniformly, so every node gets at least
    ``(1 - alpha) / n`` and the ranks sum to 1.
    """
    H = G if isinstance(G, nx.Graph) and not G.is_directed() and not G.is_multigraph() else undirected(G)
    nodes = list(H)
    n = len(nodes)
    if n == 0:
        return {}
    index = {u: i for i, u in enumerate(nodes)}
    # plain lists: neighbours with the share of each one's rank that flows in
    nbrs: list[list[tuple[int, float]]] = []
    strength = [sum(d.get("weight", 1) for d in H[u].values()) for u in nodes]
    for u in nodes:
        nbrs.append([(index[v], d.get("weight", 1) / strength[index[v]]) for v, d in H[u].items()])
    dangling = [i for i in range(n) if strength[i] == 0]
    x = [1.0 / n] * n
    base = (1 - alpha) / n
    for _ in range(max_iter):
        spread = alpha * sum(x[i] for i in dangling) / n + base
        new = [alpha * sum(x[j] * w for j, w in nb) + spread for nb in nbrs]
        err = sum(abs(a - b) for a, b in zip(new, x))
        x = new
        if err < n * tol:
            break
    return {u: x[i] for i, u in enumerate(nodes)}


def ranking(G: nx.MultiDiGraph, pr: dict | None = None) -> list[str]:
    """Entities from the most to the least central: PageRank, then degree, then name."""
    pr = pr if pr is not None else pagerank(G)
    deg = dict(G.degree())
    return sorted(G, key=lambda n: (-pr[n], -deg[n], G.nodes[n]["label"], n))


def communities(G: nx.MultiDiGraph, seed: int = 42) -> list[set]:
    """Louvain communities of the undirected graph (networkx), largest first; isolated entities left out."""
    H = undirected(G)
    H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    if H.number_of_nodes() == 0:
        return []
    cs = nx.community.louvain_communities(H, weight="weight", seed=seed)
    return sorted(cs, key=lambda c: (-len(c), min(G.nodes[n]["label"] for n in c)))
