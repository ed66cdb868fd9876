"""``kg viz``: the page is self-contained, complete, explains every edge and runs nothing from the data.

The browser tests drive Debian's Chromium (/usr/bin/chromium, installed by
``make test``) with Playwright; every request that is not ``file:`` is
aborted and counted. They fail, not skip, when Chromium is missing.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE, run_kg

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KG = "https://w3id.org/kg-news/ontology#"
ENTITY_CLASSES = ("Person", "Company", "Institution", "District", "Achievement", "Award", "Event", "Place")

PAYLOAD = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
ARTICLE = (f"北京燃力能源科技有限公司总经理李国文表示：“{PAYLOAD}拥抱新能源。”\n"
           "北京燃力能源科技有限公司与通州区签约新能源项目。\n")


# ---------------------------------------------------------------------------
# helpers

def sparql(path: Path, q: str) -> list[list[str]]:
    """Ask the RDF file directly (not through kg.graphview)."""
    from kg.sparql import run
    from kg.store import load_file

    return run(load_file(path), q).rows


def entity_labels(path: Path) -> dict[str, str]:
    classes = ", ".join(f"kg:{c}" for c in ENTITY_CLASSES)
    rows = sparql(path, f"""SELECT ?e ?l WHERE {{ ?e a ?t ; rdfs:label ?l .
        FILTER(?t IN ({classes}) && LANG(?l) = "zh") }}""")
    return {e: label for e, label in rows}


def relation_count(path: Path) -> int:
    """Relations between entities; a symmetric one (stated both ways) counts once."""
    from kg.rdf import symmetric_relations

    classes = ", ".join(f"kg:{c}" for c in ENTITY_CLASSES)
    once = "".join(f" && !(?p = kg:{r} && STR(?s) > STR(?o))" for r in sorted(symmetric_relations()))
    rows = sparql(path, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
        ?s ?p ?o . ?s a ?ts . ?o a ?to .
        FILTER(STRSTARTS(STR(?p), STR(kg:)) && ?ts IN ({classes}) && ?to IN ({classes}){once}) }} }}""")
    return int(rows[0][0])


# A synthetic graph (made-up names): eight related entities and three without relations.
SYN_ENTITIES = {
    "xh": ("Company", "星河新材料股份有限公司", ["星河新材"]),
    "yf": ("Company", "远帆科技有限公司", []),
    "ks": ("District", "昆山市", []),
    "lj": ("District", "临江区", []),
    "zm": ("Person", "张明", []),
    "lh": ("Person", "李华", []),
    "js": ("Award", "金穗奖", []),
    "qh": ("Achievement", "轻质合金", []),
    "bl": ("Institution", "白鹭研究院", []),  # the last three have no relation
    "wq": ("Person", "王强", []),
    "ch": ("District", "长河区", []),
}
SYN_RELATIONS = [
    ("xh", "signedWith", "ks", "星河新材料股份有限公司与昆山市签约新材料项目。"),
    ("xh", "signedWith", "yf", "星河新材料股份有限公司与远帆科技有限公司签署合作协议。"),
    ("yf", "signedWith", "lj", "远帆科技有限公司与临江区签约。"),
    ("zm", "worksFor", "xh", "星河新材料股份有限公司总经理张明出席。"),
    ("lh", "worksFor", "yf", "远帆科技有限公司董事长李华介绍。"),
    ("yf", "won", "js", "远帆科技有限公司获得金穗奖。"),
    ("xh", "developed", "qh", "星河新材料股份有限公司研发的轻质合金亮相。"),
]
SYN_RELATED = {k for s, _, o, _ in SYN_RELATIONS for k in (s, o)}


def synthetic_graph(path: Path) -> Path:
    """The synthetic graph as Turtle, each relation with its evidence sentence."""
    def lit(x):
        return json.dumps(x, ensure_ascii=False)

    lines = [f"@prefix kg: <{KG}> .", "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             "@prefix dcterms: <http://purl.org/dc/terms/> .", "@prefix x: <https://example.org/syn/> .",
             'x:d a kg:Document ; kg:fileName "synthetic.txt" ; dcterms:title "合成新闻"@zh .']
    for key, (t, label, aliases) in SYN_ENTITIES.items():
        alts = "".join(f" ; skos:altLabel {lit(a)}@zh" for a in aliases)
        lines.append(f"x:{key} a kg:{t} ; rdfs:label {lit(label)}@zh{alts} ; kg:mentionedIn x:d .")
    offset = 0
    for i, (s_, p_, o_, text) in enumerate(SYN_RELATIONS):
        lines.append(f"x:{s_} kg:{p_} x:{o_} .")
        lines.append(f"x:st{i} a rdf:Statement ; rdf:subject x:{s_} ; rdf:predicate kg:{p_} ; rdf:object x:{o_} ; "
                     f"kg:evidenceText {lit(text)} ; kg:startOffset {offset} ; kg:endOffset {offset + len(text)} ; "
                     "kg:sourceDocument x:d .")
        offset += len(text) + 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def label_of(key: str) -> str:
    return SYN_ENTITIES[key][1]


def viz(*args) -> subprocess.CompletedProcess:
    r = run_kg("viz", *map(str, args))
    assert r.returncode == 0, r.stderr.decode()
    return r


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make test' (or 'make browser') to install Debian's chromium")
    fc = shutil.which("fc-match")
    if not fc or "NotoSansCJK" not in subprocess.run([fc, "Noto Sans CJK SC"], capture_output=True, text=True).stdout:
        pytest.fail("the CJK fonts are missing: run 'make test' (or 'make browser') to install fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A page opened from a file, with every non-file request blocked and counted."""

    def __init__(self, browser, html: Path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._guard)
        self.page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) or r.url in self.blocked
                     else self.blocked.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        # any Content-Security-Policy violation means something tried to run or load
        self.page.add_init_script("""window.__csp = [];
            document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));""")
        self.page.goto(html.resolve().as_uri())
        self.page.wait_for_function("() => window.__kgReady === true", timeout=60_000)

    def _guard(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def drawn_node_ids(self) -> list[str]:
        return self.js("kgView.network.body.nodeIndices.slice()")

    def drawn_labels(self) -> set[str]:
        return set(self.js("kgView.network.body.nodeIndices.map(id => kgView.network.body.nodes[id].options.label)"))

    def node_id(self, label: str) -> str:
        return self.js("l => kgView.data.nodes.find(n => n.label === l).id", label)

    def tooltip_visible(self) -> bool:
        return self.js("""() => { const t = document.querySelector('div.vis-tooltip');
            return !!t && t.style.visibility === 'visible'; }""")

    def drawn_edge_ids(self) -> list[str]:
        return self.js("kgView.network.body.edgeIndices.filter(id => kgView.network.body.edges[id].connected)")

    def point(self, kind: str, id_: str) -> tuple[float, float]:
        """Where a node or the middle of an edge is on the screen."""
        return tuple(self.js("""([kind, id]) => {
            const net = kgView.network, box = net.body.container.getBoundingClientRect();
            let p;
            if (kind === 'node') { p = net.getPositions([id])[id]; }
            else { const e = net.body.edges[id]; p = e.edgeType.getPoint(0.5); }
            const d = net.canvasToDOM(p);
            return [box.left + d.x, box.top + d.y];
        }""", [kind, id_]))

    def hover(self, kind: str, id_: str) -> str:
        """Rest the mouse on a node or edge until its tooltip shows; the tooltip's text."""
        self.page.mouse.move(5, 5)
        x, y = self.point(kind, id_)
        self.page.mouse.move(x, y, steps=2)
        self.page.wait_for_function("""() => { const t = document.querySelector('div.vis-tooltip');
            return t && t.style.visibility === 'visible' && t.textContent.length > 0; }""", timeout=5_000)
        return self.js("document.querySelector('div.vis-tooltip').textContent")

    def close(self):
        self.page.close()


# ---------------------------------------------------------------------------
# the page as a file: no browser needed

def test_json_in_the_page_cannot_end_its_script_element():
    from kg.viz import json_for_script

    s = json_for_script({"a": "</script><!-- & \u2028\u2029 >"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s and "\u2029" not in s
    assert json.loads(s) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_page_is_one_utf8_file_with_no_external_reference_and_opaque_ids(sample_ttl, tmp_path):
    out = tmp_path / "graph.html"
    r = viz(sample_ttl, "-o", out)
    assert re.search(rb"wrote .*graph.html: \d+ entities, \d+ relations", r.stderr)
    html = out.read_bytes().decode("utf-8")  # strictly UTF-8
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    # nothing loaded from elsewhere: no src/href attributes, no stylesheet links, no CDN
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", html, re.I)
    for cdn in ("bootstrap", "jsdelivr", "unpkg", "cdnjs", "tom-select"):
        assert cdn not in html.lower()
    # node ids are opaque: no entity IRI anywhere in the page
    assert "w3id.org/kg-news/id/" not in html
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1))
    assert all(re.fullmatch(r"n\d+", n["id"]) for n in data["nodes"])
    assert all(re.fullmatch(r"e\d+", e["id"]) for e in data["edges"])
    # the Content-Security-Policy allows exactly the page's two inline scripts
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2
    for s in scripts:
        digest = base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_vis_network_is_the_published_file_and_pyvis_is_not_needed(sample_ttl, tmp_path):
    from kg.viz import VIS_SHA256, VIS_VERSION

    base = ROOT / "kg" / "templates" / "vis-network"
    for name, digest in VIS_SHA256.items():
        data = (base / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, f"{name} is not the published vis-network {VIS_VERSION}"
    assert f"@version {VIS_VERSION}" in (base / "vis-network.min.js").read_text("utf-8")[:400]
    assert (base / "LICENSE-MIT").is_file() and (base / "LICENSE-APACHE-2.0").is_file()
    # kg viz runs with pyvis made unimportable
    out = tmp_path / "g.html"
    code = ("import sys; sys.modules['pyvis'] = None; from kg.cli import main; "
            f"sys.exit(main(['viz', {str(sample_ttl)!r}, '-o', {str(out)!r}]))")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert r.returncode == 0, r.stderr.decode()
    page = out.read_text("utf-8")
    assert f"@version {VIS_VERSION}" in page and "sourceMappingURL" not in page


def test_viz_reads_the_store_too(tmp_path):
    store = tmp_path / "store"
    r = run_kg("build", SAMPLE, "--store", store)
    assert r.returncode == 0, r.stderr.decode()
    out = tmp_path / "g.html"
    viz("--store", store, "-o", out)
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', out.read_text("utf-8"), re.S).group(1))
    assert data["counts"]["entities"] == len(data["nodes"]) > 0


@pytest.mark.parametrize("args, code, message", [
    (["--max-nodes", "0"], 2, b"--max-nodes"),
    (["--store", "x"], 2, b"not both"),
])
def test_usage_errors(sample_ttl, tmp_path, args, code, message):
    r = run_kg("viz", sample_ttl, "-o", tmp_path / "g.html", *args)
    assert r.returncode == code and message in r.stderr and r.stderr.count(b"\n") == 1


def test_input_errors(tmp_path):
    r = run_kg("viz", tmp_path / "missing.ttl", "-o", tmp_path / "g.html")
    assert r.returncode == 3 and b"no such file" in r.stderr
    empty = tmp_path / "empty.ttl"
    empty.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8")
    r = run_kg("viz", empty, "-o", tmp_path / "g.html")
    assert r.returncode == 3 and b"no kg entities" in r.stderr
    assert not (tmp_path / "g.html").exists()
    r = run_kg("viz", "--store", tmp_path / "nostore", "-o", tmp_path / "g.html")
    assert r.returncode == 5


def test_output_folder_is_an_error(sample_ttl, tmp_path):
    r = run_kg("viz", sample_ttl, "-o", tmp_path)
    assert r.returncode == 6 and b"folder" in r.stderr


# ---------------------------------------------------------------------------
# in the browser

def test_sample_article_graph_in_chromium(browser, sample_ttl, tmp_path):
    out = tmp_path / "graph.html"
    viz(sample_ttl, "-o", out, "--show-isolated")
    labels = entity_labels(sample_ttl)
    n_rel = relation_count(sample_ttl)
    p = Page(browser, out)
    try:
        # one drawn node per entity of the graph, one drawn edge per relation
        ids = p.drawn_node_ids()
        assert len(ids) == len(labels) > 0
        assert len(p.drawn_edge_ids()) == n_rel
        # a node's label is its Chinese name
        drawn = p.js("kgView.network.body.nodeIndices.map(id => kgView.network.body.nodes[id].options.label)")
        assert sorted(drawn) == sorted(labels.values())
        assert "北京燃力能源科技有限公司" in drawn
        # edges are labelled with the ontology's Chinese labels
        edge_labels = set(p.js("kgView.network.body.edgeIndices.map(id => kgView.network.body.edges[id].options.label)"))
        assert edge_labels <= {"签约", "获得", "研发", "任职于"} and "签约" in edge_labels

        # hovering the signing explains it: the evidence sentence and the source article
        sign = p.js("kgView.data.edges.find(e => e.rel === 'signedWith').id")
        tip = p.hover("edge", sign)
        assert "签约" in tip and "通州区" in tip and "zgc-forum-2024.txt" in tip
        ev = sparql(sample_ttl, """SELECT ?t WHERE { ?s rdf:predicate kg:signedWith ; kg:evidenceText ?t }""")[0][0]
        assert ev in tip
        # hovering a person shows the type, role, organisation and quotes
        li = p.js("kgView.data.nodes.find(n => n.label === '李国文').id")
        tip = p.hover("node", li)
        assert "人物" in tip and "总经理" in tip and "北京燃力能源科技有限公司" in tip and "拥抱新能源" in tip

        # search by alias selects and explains the entity
        p.page.fill("#search", "燃力能源")
        p.page.press("#search", "Enter")
        sel = p.js("kgView.network.getSelectedNodes()")
        assert [p.js(f"kgView.network.body.nodes['{sel[0]}'].options.label")] == ["北京燃力能源科技有限公司"]
        assert "北京燃力能源科技有限公司" in p.page.text_content("#details")

        # filters: hide the people, then the signings
        n_people = sum(1 for t in sparql(sample_ttl, "SELECT ?e WHERE { ?e a kg:Person }"))
        p.page.click("#types input[value=Person]")
        assert len(p.drawn_node_ids()) == len(labels) - n_people
        p.page.click("#types input[value=Person]")
        assert len(p.drawn_node_ids()) == len(labels)
        p.page.click("#relations input[value=signedWith]")
        assert len(p.drawn_edge_ids()) == n_rel - 1
        p.page.click("#relations input[value=signedWith]")
        assert len(p.drawn_edge_ids()) == n_rel

        # a click on a node highlights its neighbourhood and shows its details
        p.page.click("#fit")
        p.page.wait_for_timeout(400)
        x, y = p.point("node", li)
        p.page.mouse.click(x, y)
        assert p.js("kgView.network.getSelectedNodes()") == [li]
        assert "李国文" in p.page.text_content("#details")

        p.page.click("#fit")
        p.page.wait_for_timeout(400)
        box = p.page.locator("#graph").bounding_box()
        p.page.mouse.move(box["x"] + 3, box["y"] + box["height"] - 3)  # off every node: no tooltip
        p.page.wait_for_timeout(200)
        p.page.screenshot(path=str(tmp_path / "sample-graph.png"))
        assert (tmp_path / "sample-graph.png").stat().st_size > 20_000
        assert p.blocked == []
        assert p.js("window.__csp") == []
        assert p.errors == []
    finally:
        p.close()


def test_script_in_an_article_is_shown_as_text_and_never_runs(browser, tmp_path):
    article = tmp_path / "xss.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    ttl = tmp_path / "xss.ttl"
    r = run_kg("build", article, "-o", ttl)
    assert r.returncode == 0, r.stderr.decode()
    quotes = [t for (t,) in sparql(ttl, "SELECT ?t WHERE { ?q a kg:Quote ; kg:text ?t }")]
    assert any(PAYLOAD in q for q in quotes), "the quote with the payload must be in the graph for this test to mean anything"
    out = tmp_path / "xss.html"
    viz(ttl, "-o", out, "--show-isolated")  # every entity drawn, so that each one is hovered
    assert PAYLOAD not in out.read_text("utf-8")
    _assert_nothing_runs(browser, out, tmp_path, expect_text=PAYLOAD)


def test_hostile_names_titles_roles_and_file_names_are_text(browser, tmp_path):
    """Every text field of the graph at once, straight in RDF (whatever the extractor makes of articles)."""
    bad = '<img src=x onerror="window.__pwned=3"></script><script>window.__pwned=4</script>%%KG_JS%%\u2028'
    ttl = tmp_path / "hostile.ttl"

    def lit(s):
        return json.dumps(s, ensure_ascii=False)

    ttl.write_text(f"""@prefix kg: <{KG}> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix x: <https://example.org/a'onmouseover=window.__pwned=5;/> .
x:p a kg:Person ; rdfs:label {lit("张三" + bad)}@zh ; skos:altLabel {lit("别名" + bad)}@zh ; kg:mentionedIn x:d ; kg:worksFor x:c .
x:c a kg:Company ; rdfs:label {lit(bad + "公司")}@zh ; kg:mentionedIn x:d .
x:d a kg:Document ; kg:fileName {lit(bad + ".txt")} ; dcterms:title {lit("标题" + bad)}@zh .
x:a a kg:Affiliation ; kg:member x:p ; kg:organization x:c ; kg:role {lit("总经理" + bad)}@zh .
x:q a kg:Quote ; kg:speaker x:p ; kg:text {lit("引语" + bad)}@zh ; kg:quoteKind {lit(bad)} ; kg:sourceDocument x:d .
x:s a rdf:Statement ; rdf:subject x:p ; rdf:predicate kg:worksFor ; rdf:object x:c ;
    kg:evidenceText {lit("证据" + bad)} ; kg:startOffset 0 ; kg:endOffset 9 ; kg:sourceDocument x:d .
""", encoding="utf-8")
    out = tmp_path / "hostile.html"
    viz(ttl, "-o", out, "--show-isolated")
    html = out.read_text("utf-8")
    assert "<img" not in html and "<script>window.__pwned" not in html
    assert "example.org" not in html  # ids are opaque
    _assert_nothing_runs(browser, out, tmp_path, expect_text="window.__pwned=4</script>%%KG_JS%%")


def _assert_nothing_runs(browser, html: Path, tmp_path: Path, expect_text: str) -> None:
    p = Page(browser, html)
    try:
        nodes = p.js("kgView.data.nodes.map(n => n.id)")
        edges = p.js("kgView.data.edges.map(e => e.id)")
        assert len(p.drawn_node_ids()) == len(nodes) and nodes
        shown = []
        for n in nodes:
            shown.append(p.hover("node", n))
        for e in edges:
            shown.append(p.hover("edge", e))
        # the words are displayed, as text
        assert any(expect_text in t for t in shown)
        # vis-network's popup event for every item, and every tooltip in the live document at once
        p.js("""() => {
            const net = kgView.network;
            kgView.nodes.getIds().forEach(id => net.emit('showPopup', id));
            kgView.edges.getIds().forEach(id => net.emit('showPopup', id));
            kgView.nodes.get().concat(kgView.edges.get()).forEach(x => document.body.appendChild(x.title.cloneNode(true)));
        }""")
        # click everything too: the details panel
        for n in nodes:
            p.js("id => kgView.select(id, false)", n)
        p.page.wait_for_timeout(500)  # an <img onerror> would have fired by now
        assert p.js("typeof window.__pwned") == "undefined"
        assert p.js("document.querySelectorAll('img').length") == 0
        assert p.js("document.scripts.length") == 3  # the data, vis-network, kg
        assert p.js("window.__csp") == []
        assert p.blocked == []
        assert p.errors == []
        p.page.screenshot(path=str(tmp_path / "hostile.png"))
    finally:
        p.close()


def _bench():
    spec = importlib.util.spec_from_file_location("bench_viz", ROOT / "bench" / "bench_viz.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_max_nodes_keeps_whole_neighbourhoods_of_the_most_central_and_says_what_was_left_out(browser, tmp_path):
    graph = tmp_path / "big.nq"
    graph.write_text(_bench().generate(600, seed=3), encoding="utf-8")
    out = tmp_path / "big.html"
    r = viz(graph, "-o", out, "--max-nodes", "80")
    from kg.graphview import load_graph, ranking, undirected

    G = load_graph(str(graph))
    U = undirected(G)
    order = ranking(G)
    label = lambda n: G.nodes[n]["label"]  # noqa: E731
    p = Page(browser, out)
    try:
        ids = p.drawn_node_ids()
        drawn = {p.js(f"kgView.network.body.nodes['{i}'].options.label") for i in ids}
        by_label = {label(n): n for n in G}
        kept = {by_label[x] for x in drawn}
        assert 0 < len(kept) <= 80
        # the most central entity comes with every entity it has a relation with
        top = order[0]
        assert top in kept and set(U[top]) <= kept
        # every drawn entity has a drawn relation, and every relation between drawn entities is drawn
        assert p.js("kgView.network.body.nodeIndices.every(id => kgView.network.getConnectedEdges(id).length > 0)")
        among = G.subgraph(kept).number_of_edges()
        assert len(p.drawn_edge_ids()) == among
        # far more of them than between the 80 most central entities alone (bare hubs)
        assert among > 2 * G.subgraph(order[:80]).number_of_edges()
        left = G.number_of_nodes() - len(kept)
        assert f"{left} entities and {G.number_of_edges() - among} relations left out".encode() in r.stderr
        note = p.page.text_content("#omitted")
        assert p.page.is_visible("#omitted") and f"{len(kept)} of 600" in note and str(left) in note
        assert p.blocked == [] and p.errors == []
    finally:
        p.close()


def test_max_nodes_passes_over_a_neighbourhood_that_does_not_fit_whole():
    import networkx as nx

    from kg.viz import select_top

    G = nx.MultiDiGraph()
    for n in "abcdefghijxyz":
        G.add_node(n)
    for leaf in "bcdef":  # a: five relations
        G.add_edge("a", leaf, key="worksFor")
    for leaf in "hij":  # g: three
        G.add_edge("g", leaf, key="worksFor")
    G.add_edge("x", "y", key="signedWith")  # x: one
    order = list("agxbcdefhijyz")
    kept, seeds = select_top(G, order, 9)
    # a's neighbourhood (6) fits, g's (4) does not fit in what is left (3), x's (2) does,
    # and z, without relations, takes the last place
    assert (set(kept), seeds) == (set("abcdefxyz"), ["a", "x"])
    kept, seeds = select_top(G, order, 4)  # the first neighbourhood alone is too big: its most central part
    assert (kept, seeds) == (list("abcd"), ["a"])
    kept, _ = select_top(G, order, 13)  # room for everything: the entity without relations too
    assert set(kept) == set(G)


def test_a_3000_entity_graph_is_drawn_and_frozen_quickly(browser, tmp_path):
    """The benchmark's graph (bench/bench_viz.py), with a loose bound: the figures are in the README."""
    import time

    graph = tmp_path / "big.nq"
    graph.write_text(_bench().generate(3000), encoding="utf-8")
    out = tmp_path / "big.html"
    viz(graph, "-o", out, "--show-isolated")
    t = time.perf_counter()
    p = Page(browser, out)
    ready = time.perf_counter() - t
    try:
        assert len(p.drawn_node_ids()) == 3000
        assert p.js("kgView.network.physics.physicsEnabled") is False  # frozen
        assert p.blocked == [] and p.errors == []
        assert ready < 15, f"{ready:.1f} s until drawn and frozen"
    finally:
        p.close()


# ---------------------------------------------------------------------------
# corpora: entities without relations, the side panel, one entity's neighbourhood

def test_entities_without_relations_are_hidden_counted_and_shown_by_the_toggle(browser, tmp_path):
    ttl = synthetic_graph(tmp_path / "syn.ttl")
    lone = [k for k in SYN_ENTITIES if k not in SYN_RELATED]
    out = tmp_path / "g.html"
    r = viz(ttl, "-o", out)
    assert f"{len(SYN_RELATED)} entities, {len(SYN_RELATIONS)} relations".encode() in r.stderr
    assert f"{len(lone)} entities without relations hidden".encode() in r.stderr
    related = {label_of(k) for k in SYN_RELATED}
    everything = {label_of(k) for k in SYN_ENTITIES}
    p = Page(browser, out)
    try:
        assert p.drawn_labels() == related
        assert f"{len(related)} 个实体" in p.page.text_content("#summary")
        note = p.page.text_content("#isolated")
        assert p.page.is_visible("#isolated") and f"{len(lone)} entities without relations are hidden" in note
        # the view is fitted to what is drawn: every drawn entity is on the screen
        box = p.page.locator("#graph").bounding_box()
        for i in p.drawn_node_ids():
            x, y = p.point("node", i)
            assert box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"]
        p.page.click("#show-isolated")
        assert p.drawn_labels() == everything
        assert f"{len(everything)} 个实体" in p.page.text_content("#summary")
        assert len(p.drawn_edge_ids()) == len(SYN_RELATIONS)
        p.page.click("#show-isolated")
        assert p.drawn_labels() == related
        assert p.blocked == [] and p.errors == []
    finally:
        p.close()
    # --show-isolated draws them from the start
    r = viz(ttl, "-o", out, "--show-isolated")
    assert b"hidden" not in r.stderr
    p = Page(browser, out)
    try:
        assert p.drawn_labels() == everything
        assert p.js("document.getElementById('show-isolated').checked") is True
    finally:
        p.close()


def test_the_side_panel_lists_the_relations_of_a_clicked_entity_with_their_evidence(browser, tmp_path):
    ttl = synthetic_graph(tmp_path / "syn.ttl")
    out = tmp_path / "g.html"
    viz(ttl, "-o", out)
    mine = [(s_, o_, text) for s_, _, o_, text in SYN_RELATIONS if "xh" in (s_, o_)]
    p = Page(browser, out)
    try:
        hub = p.node_id(label_of("xh"))
        x, y = p.point("node", hub)
        p.page.mouse.click(x, y)
        assert p.js("kgView.network.getSelectedNodes()") == [hub]
        panel = p.page.text_content("#details")
        assert f"关系 Relations ({len(mine)})" in panel
        for _, _, text in mine:
            assert text in panel  # every evidence sentence
        assert "synthetic.txt" in panel
        others = {label_of(o_ if s_ == "xh" else s_) for s_, o_, _ in mine}
        buttons = p.page.locator("#details li.kg-rel button.kg-link").all_text_contents()
        assert sorted(buttons) == sorted(others)
        # a relation's other entity is a link to its own details
        p.page.locator("#details button.kg-link", has_text=label_of("zm")).click()
        assert p.js("kgView.network.getSelectedNodes()") == [p.node_id(label_of("zm"))]
        assert "关系 Relations (1)" in p.page.text_content("#details")
        assert p.blocked == [] and p.errors == []
    finally:
        p.close()


def test_a_tooltip_goes_when_the_pointer_leaves_the_graph(browser, tmp_path):
    ttl = synthetic_graph(tmp_path / "syn.ttl")
    out = tmp_path / "g.html"
    viz(ttl, "-o", out)
    p = Page(browser, out)
    try:
        hub = p.node_id(label_of("xh"))
        assert label_of("xh") in p.hover("node", hub)
        side = p.page.locator("#side").bounding_box()
        p.page.mouse.move(side["x"] + 20, side["y"] + side["height"] - 20)  # onto the side panel, in one step
        p.page.wait_for_function("""() => document.querySelector('div.vis-tooltip').style.visibility !== 'visible'""",
                                 timeout=5_000)
        # a pointer that only passes over a node: its tooltip, due after a delay, never shows
        x, y = p.point("node", hub)
        p.page.mouse.move(x, y)
        p.page.mouse.move(side["x"] + 20, side["y"] + 20)
        p.page.wait_for_timeout(4 * p.js("kgView.network.interactionHandler.options.tooltipDelay"))
        assert not p.tooltip_visible()
        assert p.errors == []
    finally:
        p.close()


def test_entity_and_hops_draw_one_entitys_neighbourhood(browser, tmp_path):
    ttl = synthetic_graph(tmp_path / "syn.ttl")
    out = tmp_path / "g.html"

    def around(key: str, hops: int) -> set[str]:
        near, frontier = {key}, {key}
        for _ in range(hops):
            frontier = {o_ if s_ in frontier else s_ for s_, _, o_, _ in SYN_RELATIONS
                        if s_ in frontier or o_ in frontier} - near
            near |= frontier
        return {label_of(k) for k in near}

    r = viz(ttl, "-o", out, "--entity", " 星河新材 ")  # an alias, spaces around it; one hop by default
    assert label_of("xh").encode() in r.stderr and b"hidden" not in r.stderr
    p = Page(browser, out)
    try:
        assert p.drawn_labels() == around("xh", 1)
        # the entity is selected and its details are open
        assert p.js("kgView.network.getSelectedNodes()") == [p.node_id(label_of("xh"))]
        assert label_of("xh") in p.page.text_content("#details")
        assert label_of("xh") in p.page.text_content("#view")
    finally:
        p.close()
    viz(ttl, "-o", out, "--entity", label_of("zm"), "--hops", "2")
    p = Page(browser, out)
    try:
        assert p.drawn_labels() == around("zm", 2) != around("zm", 1)
        assert p.blocked == [] and p.errors == []
    finally:
        p.close()


@pytest.mark.parametrize("args, message", [
    (["--entity", "星河"], "close matches: 星河新材料股份有限公司 (星河新材)"),
    (["--entity", "无此实体"], "no close match"),
    (["--entity", "昆山市", "--hops", "0"], "--hops must be at least 1"),
    (["--hops", "2"], "--hops goes with --entity"),
])
def test_an_unknown_entity_or_bad_hops_is_a_usage_error(tmp_path, args, message):
    ttl = synthetic_graph(tmp_path / "syn.ttl")
    r = run_kg("viz", ttl, "-o", tmp_path / "g.html", *args)
    err = r.stderr.decode()
    assert r.returncode == 2 and err.startswith("kg: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "g.html").exists()


def test_visualize_returns_a_small_object_that_shows_itself(tmp_path):
    import kg

    ttl = synthetic_graph(tmp_path / "syn.ttl")
    out = tmp_path / "g.html"
    page = kg.visualize(kg.load_graph(ttl), out)
    assert not isinstance(page, dict)
    text = repr(page)
    assert len(text) < 300 and str(out) in text
    assert f"{len(SYN_RELATED)} entities" in text and "without relations hidden" in text
    assert page.path == out and page.counts["shown"] == len(SYN_ENTITIES)
    assert page.drawn == len(SYN_RELATED)
    shown = page._repr_html_()
    assert shown.count("<iframe srcdoc=") == 1 and "<script" not in shown  # the page is escaped inside srcdoc
    import html

    assert html.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1)) == out.read_text("utf-8")
    # a file name does as well as a graph, and the other options are there too
    small = kg.visualize(str(ttl), tmp_path / "k.html", entity=label_of("ks"))
    assert small.drawn == 2 and label_of("ks") in repr(small)
