"""Benchmark of ``kg viz`` on a big graph, in headless Chromium.

Generates a synthetic graph in kg's RDF shape (seeded, so every run draws the
same graph): entities of every type with Chinese names and aliases, the four
relations with their ``rdf:Statement`` evidence, affiliations with roles,
quotes, one named graph per document. Then it runs ``kg viz`` on it and opens
the page in Debian's Chromium (Playwright, every non-``file:`` request
blocked and counted) and measures:

* ``kg viz``: the command's wall time (reading the RDF, layout data, writing);
* ``ready``: from navigation start until the graph has been laid out,
  frozen and drawn (the page sets ``window.__kgReady``);
* ``click``: highlighting a node's neighbourhood, until the next frame;
* ``search``: a name typed in the search box and Enter (select, highlight,
  start focusing), until the next frame.

    .venv/bin/python bench/bench_viz.py                 # 3,000 entities, 3 runs
    .venv/bin/python bench/bench_viz.py --nodes 6000 --runs 1 --keep out/bench
    .venv/bin/python bench/bench_viz.py --screenshots docs    # the README's pictures
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = "https://w3id.org/kg-news/ontology#"
ID = "https://w3id.org/kg-news/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文海波宏志红玉兰晓东新春鹏辉飞"
CITY = ["北京", "上海", "深圳", "杭州", "苏州", "南京", "武汉", "成都", "西安", "合肥", "广州", "天津", "重庆", "长沙", "青岛"]
WORDS = ["智能", "光电", "能源", "数据", "芯片", "生物", "材料", "精密", "量子", "云计算", "机器人", "新药", "汽车", "航天",
         "环境", "信息", "网络", "软件", "医疗", "装备", "电池", "通信", "光学", "半导体", "储能", "低碳", "算力"]
CO_END = ["科技有限公司", "技术股份有限公司", "集团有限公司", "信息技术有限公司", "电子有限公司"]
INST_END = ["研究院", "大学", "研究所", "实验室", "委员会", "协会", "中心"]
DIST_END = ["区", "县", "市"]
ACH = ["系统", "平台", "芯片", "算法", "装置", "处理器", "大模型", "疫苗", "材料", "机器人"]
AWARDS = ["冠军", "亚军", "季军", "一等奖", "二等奖", "金奖", "创新奖", "优秀奖", "最佳应用奖", "特等奖"]
ROLES = ["总经理", "董事长", "首席科学家", "教授", "院长", "主任", "副总裁", "研究员", "党委书记", "秘书长"]
FILLER = "围绕产业发展推动创新合作加快形成新质生产力持续优化营商环境促进成果转化服务企业高质量发展"

# shares of each type among the entities
MIX = [("Person", 0.30), ("Company", 0.30), ("Institution", 0.14), ("District", 0.06),
       ("Achievement", 0.14), ("Award", 0.06)]


def _h(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _lit(s: str, lang: str | None = None) -> str:
    esc = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{esc}"@{lang}' if lang else f'"{esc}"'


def _int(i: int) -> str:
    return f'"{i}"^^<{XSD}integer>'


def _name(rng: random.Random, t: str) -> str:
    if t == "Person":
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    if t == "Company":
        return rng.choice(CITY) + "".join(rng.sample(WORDS, 2)) + rng.choice(CO_END)
    if t == "Institution":
        return rng.choice(CITY) + rng.choice(WORDS) + rng.choice(INST_END)
    if t == "District":
        return "".join(rng.choice(GIVEN + SURNAMES) for _ in range(2)) + rng.choice(DIST_END)
    if t == "Achievement":
        return "".join(rng.sample(WORDS, 2)) + rng.choice(ACH)
    return rng.choice(WORDS) + "大赛" + rng.choice(AWARDS)


def _sentence(rng: random.Random, *names: str) -> str:
    start = rng.randrange(0, len(FILLER) - 12)
    return "".join(names[:1]) + FILLER[start:start + rng.randint(6, 12)] + "，" + "与".join(names[1:]) + "表示将继续合作。"


def generate(n_entities: int = 3000, seed: int = 7, n_docs: int | None = None) -> str:
    """N-Quads of a synthetic kg graph with ``n_entities`` entities (one named graph per document)."""
    rng = random.Random(seed)
    n_docs = n_docs or max(1, n_entities // 15)
    out: list[str] = []

    def quad(s: str, p: str, o: str, g: str) -> None:
        out.append(f"<{s}> <{p}> {o} <{g}> .")

    docs = [f"{ID}doc/bench-{i:05d}" for i in range(n_docs)]
    for i, d in enumerate(docs):
        quad(d, RDF + "type", f"<{KG}Document>", d)
        quad(d, KG + "fileName", _lit(f"bench-{i:05d}.txt"), d)
        quad(d, DCT + "title", _lit(rng.choice(CITY) + rng.choice(WORDS) + "产业发展大会召开", "zh"), d)

    ents: dict[str, list[tuple[str, str]]] = {t: [] for t, _ in MIX}
    seen = set()
    for t, share in MIX:
        k = max(1, round(n_entities * share))
        while len(ents[t]) < k:
            name = _name(rng, t)
            if (t, name) in seen:
                name += str(len(ents[t]))
            seen.add((t, name))
            ents[t].append((f"{ID}{t.lower()}/{_h(t, name)}", name))
    # exact count
    total = sum(len(v) for v in ents.values())
    while total > n_entities:
        for t, _ in MIX:
            if total > n_entities and len(ents[t]) > 1:
                ents[t].pop()
                total -= 1
    home: dict[str, str] = {}
    for t, items in ents.items():
        for iri, name in items:
            d = rng.choice(docs)
            home[iri] = d
            quad(iri, RDF + "type", f"<{KG}{t}>", d)
            quad(iri, RDFS + "label", _lit(name, "zh"), d)
            quad(iri, KG + "mentionedIn", f"<{d}>", d)
            if t in ("Company", "Institution") and len(name) > 6 and rng.random() < 0.5:
                quad(iri, SKOS + "altLabel", _lit(name[2:-4] if t == "Company" else name[2:], "zh"), d)

    # preferential attachment: a few hubs, many leaves
    def pick(t: str) -> tuple[str, str]:
        items = ents[t]
        return items[min(len(items) - 1, int(len(items) * rng.random() ** 2.5))]

    names = {iri: name for items in ents.values() for iri, name in items}
    offset = [0]

    def relation(s: str, p: str, o: str) -> None:
        d = home[s]
        quad(s, KG + p, f"<{o}>", d)
        st = f"{ID}stmt/{_h(d, p, s, o)}"
        text = _sentence(rng, names[s], names[o])
        quad(st, RDF + "type", f"<{RDF}Statement>", d)
        quad(st, RDF + "subject", f"<{s}>", d)
        quad(st, RDF + "predicate", f"<{KG}{p}>", d)
        quad(st, RDF + "object", f"<{o}>", d)
        quad(st, KG + "evidenceText", _lit(text), d)
        quad(st, KG + "startOffset", _int(offset[0]), d)
        quad(st, KG + "endOffset", _int(offset[0] + len(text)), d)
        quad(st, KG + "sourceDocument", f"<{d}>", d)
        offset[0] += len(text) + 1

    orgs = ["Company"] * 3 + ["Institution"]
    for iri, name in ents["Person"]:
        if rng.random() < 0.8:
            org = pick(rng.choice(orgs))[0]
            relation(iri, "worksFor", org)
            aff = f"{ID}affiliation/{_h(iri, org)}"
            d = home[iri]
            quad(aff, RDF + "type", f"<{KG}Affiliation>", d)
            quad(aff, KG + "member", f"<{iri}>", d)
            quad(aff, KG + "organization", f"<{org}>", d)
            quad(aff, KG + "role", _lit(rng.choice(ROLES), "zh"), d)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            d = home[iri]
            q = f"{ID}quote/{_h(iri, str(len(out)))}"
            text = FILLER[rng.randrange(0, 20):][: rng.randint(12, 30)] + "。"
            quad(d, KG + "quoted", f"<{iri}>", d)
            quad(q, RDF + "type", f"<{KG}Quote>", d)
            quad(q, KG + "speaker", f"<{iri}>", d)
            quad(q, KG + "text", _lit(text, "zh"), d)
            quad(q, KG + "quoteKind", _lit(rng.choice(("direct", "indirect"))), d)
            quad(q, KG + "evidenceText", _lit(name + "表示：“" + text + "”"), d)
            quad(q, KG + "sourceDocument", f"<{d}>", d)
    for iri, _ in ents["Company"]:
        if rng.random() < 0.45:
            relation(iri, "signedWith", pick(rng.choice(("District", "District", "Company")))[0])
        if rng.random() < 0.25:
            relation(iri, "won", pick("Award")[0])
    for iri, _ in ents["Achievement"]:
        relation(pick(rng.choice(("Company", "Institution")))[0], "developed", iri)
    for iri, _ in ents["Institution"]:
        if rng.random() < 0.3:
            relation(iri, "won", pick("Award")[0])
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------

def measure(html: Path) -> dict:
    """Open the page in headless Chromium; times in ms and the counts seen."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            blocked: list[str] = []

            def guard(route):
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            t0 = time.perf_counter()
            page.goto(html.resolve().as_uri())
            page.wait_for_function("() => window.__kgReady === true", timeout=120_000, polling=20)
            ready = (time.perf_counter() - t0) * 1000
            nav = page.evaluate("performance.now()")  # ms since navigation start, in the page
            drawn = page.evaluate("kgView.network.body.nodeIndices.length")
            # a click on the most central node: highlight its neighbourhood, until the next frame
            click = page.evaluate("""() => new Promise(done => {
                const t = performance.now();
                kgView.select('n0', false);
                requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t)));
            })""")
            # a search for the least central entity by name, Enter: select, highlight, focus
            search = page.evaluate("""() => new Promise(done => {
                const box = document.getElementById('search');
                box.value = kgView.data.nodes[kgView.data.nodes.length - 1].label;
                const t = performance.now();
                box.dispatchEvent(new Event('input'));
                box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
                requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t)));
            })""")
            return {"ready_ms": ready, "ready_in_page_ms": nav, "layout_ms": page.evaluate("window.__kgLayoutMs"),
                    "click_ms": click, "search_ms": search, "drawn": drawn, "blocked": len(blocked)}
        finally:
            browser.close()


def screenshots(folder: Path) -> list[Path]:
    """The README's pictures of the sample article's graph: an edge explained, a neighbourhood."""
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ttl, html = Path(tmp) / "zgc.ttl", Path(tmp) / "graph.html"
        for cmd in (["build", "data/zgc-forum-2024.txt", "-o", str(ttl)], ["viz", str(ttl), "-o", str(html)]):
            subprocess.run([sys.executable, "-m", "kg", *cmd], cwd=ROOT, check=True, capture_output=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(html.resolve().as_uri())
            page.wait_for_function("() => window.__kgReady === true")
            # hover the signing: its evidence sentence and article
            pos = page.evaluate("""() => {
                const net = kgView.network, id = kgView.data.edges.find(e => e.rel === 'signedWith').id;
                const box = net.body.container.getBoundingClientRect();
                const d = net.canvasToDOM(net.body.edges[id].edgeType.getPoint(0.5));
                return [box.left + d.x, box.top + d.y];
            }""")
            page.mouse.move(*pos, steps=3)
            page.wait_for_function("() => { const t = document.querySelector('div.vis-tooltip'); return !!t && t.style.visibility === 'visible'; }")
            out = [folder / "graph.png", folder / "graph-neighbourhood.png"]
            page.screenshot(path=str(out[0]))
            # search, select: the neighbourhood of the most connected entity
            box = page.locator("#graph").bounding_box()
            page.mouse.move(box["x"] + 3, box["y"] + box["height"] - 3)
            page.fill("#search", page.evaluate("kgView.data.nodes[0].label"))
            page.press("#search", "Enter")
            page.wait_for_timeout(800)
            page.screenshot(path=str(out[1]))
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=3000, help="entities in the synthetic graph (default 3000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=3, help="page loads to time (default 3; the median is reported)")
    ap.add_argument("--max-nodes", type=int, default=None, help="pass --max-nodes to kg viz")
    ap.add_argument("--keep", metavar="DIR", help="keep the graph and the page in DIR")
    ap.add_argument("--screenshots", metavar="DIR", help="instead, draw the sample article and save the README's pictures in DIR")
    args = ap.parse_args(argv)
    if args.screenshots:
        for f in screenshots(Path(args.screenshots)):
            print(f)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        graph = work / f"bench-{args.nodes}.nq"
        t = time.perf_counter()
        graph.write_text(generate(args.nodes, args.seed), encoding="utf-8")
        gen = time.perf_counter() - t
        html = work / f"bench-{args.nodes}.html"
        # every entity drawn, those without relations too (the page hides them by default)
        cmd = [sys.executable, "-m", "kg", "viz", str(graph), "-o", str(html), "--show-isolated"]
        if args.max_nodes:
            cmd += ["--max-nodes", str(args.max_nodes)]
        t = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        viz = time.perf_counter() - t
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        print(f"graph: {args.nodes} entities, {graph.stat().st_size / 1e6:.1f} MB N-Quads (generated in {gen:.1f} s)")
        print(proc.stderr.strip())
        print(f"kg viz: {viz:.2f} s, page {html.stat().st_size / 1e6:.2f} MB")
        runs = [measure(html) for _ in range(args.runs)]
        for i, r in enumerate(runs, 1):
            print(f"run {i}: ready {r['ready_ms']:.0f} ms (layout {r['layout_ms']} ms in the page), "
                  f"click {r['click_ms']:.0f} ms, search {r['search_ms']:.0f} ms, "
                  f"{r['drawn']} nodes drawn, {r['blocked']} blocked requests")
        med = {k: statistics.median(r[k] for r in runs) for k in ("ready_ms", "click_ms", "search_ms")}
        print(f"median of {len(runs)}: ready {med['ready_ms'] / 1000:.2f} s, click {med['click_ms']:.0f} ms, "
              f"search {med['search_ms']:.0f} ms")
        ok = med["ready_ms"] < 5000 and all(r["blocked"] == 0 for r in runs)
        print("OK: usable within 5 s, no network request" if ok else "SLOW or network requests: see above")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
