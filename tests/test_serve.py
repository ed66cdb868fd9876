"""kg serve answers with what is in the store now, and its own query page works offline.

A real ``kg serve`` on 127.0.0.1 and a free port, over a store built from two
synthetic articles (made-up names); the page is driven in Debian's Chromium
with every request that does not go to that server aborted and counted.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.remote import query_endpoint
from kg.sparql import describe_query, named_queries, run
from kg.store import open_store
from tests.conftest import ROOT, run_kg
from tests.test_remote import free_port, start_kg_serve, stop
from tests.test_viz import browser  # noqa: F401 - the Chromium fixture


ARTICLES = {
    "a1.txt": "星河新材料股份有限公司与昆山市签约新材料项目。\n",
    "a2.txt": "宏远电子股份有限公司与苏州市签约新材料项目。\n",
}
SIGNINGS = named_queries()["companies-districts"]
DOCUMENTS = "SELECT ?d WHERE { ?d a kg:Document }"


def articles(tmp_path: Path) -> list[Path]:
    out = []
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        out.append(tmp_path / name)
    return out


def build(store: Path, article: Path) -> None:
    r = run_kg("build", article, "--store", store)  # another process, as a user would
    assert r.returncode == 0, r.stderr.decode()


def answers(store: Path, base: str, query: str) -> tuple[list, list]:
    """(the embedded store's rows, the server's rows), sorted."""
    local = run(open_store(store, read_only=True), query).rows
    remote = query_endpoint(base + "/query", query).rows
    return sorted(map(tuple, local)), sorted(map(tuple, remote))


def query_workers(pid: int) -> list[int]:
    """The processes kg serve started (its query workers), recursively."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for f in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                kids = [int(x) for x in f.read_text().split()]
            except OSError:
                continue
            out += kids
            todo += kids
    return out


@contextmanager
def served(tmp_path: Path, article: Path):
    """A store holding ``article`` and ``kg serve`` on it: (store, server process, base URL)."""
    store = tmp_path / "s"
    build(store, article)
    port = free_port()
    proc = start_kg_serve(store, port)
    try:
        yield store, proc, f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


def test_kg_serve_answers_with_what_is_in_the_store_now(tmp_path):
    first, second = articles(tmp_path)
    with served(tmp_path, first) as (store, proc, base):
        local, remote = answers(store, base, SIGNINGS)
        assert remote == local and len(local) == 1
        assert len(query_endpoint(base + "/query", DOCUMENTS).rows) == 1
        build(store, second)  # while the server runs
        local2, remote2 = answers(store, base, SIGNINGS)
        assert remote2 == local2 and set(local) < set(local2)
        assert len(query_endpoint(base + "/query", DOCUMENTS).rows) == 2
        # still read-only
        req = urllib.request.Request(base + "/update", data=b"DROP ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(req, timeout=10)
        assert answers(store, base, SIGNINGS)[1] == local2
        workers = query_workers(proc.pid)
        assert workers  # the store is read by worker processes of kg serve
    assert all(_gone_soon(k) for k in workers)  # stopping kg serve stops its workers


def _gone_soon(pid: int) -> bool:
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return not Path(f"/proc/{pid}").exists()


def test_the_query_page_has_no_address_but_its_own():
    page = (ROOT / "kg" / "static" / "query.html").read_text("utf-8")
    assert not re.search(r"https?:|//[a-z0-9]", page, re.I)
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", page, re.I)


def test_the_query_page_offers_the_shipped_queries_and_runs_them_offline(browser, tmp_path):  # noqa: F811
    first, _ = articles(tmp_path)
    with served(tmp_path, first) as (store, _proc, base):
        _offers_the_shipped_queries(browser, store, base)


def _offers_the_shipped_queries(browser, store: Path, base: str) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    left: list[str] = []
    errors: list[str] = []

    def guard(route):
        if route.request.url.startswith(base + "/"):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.add_init_script("""window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));""")
    try:
        page.goto(base + "/")
        # every shipped query, under its first comment line
        options = page.eval_on_selector_all("#shipped option", "os => os.filter(o => o.value).map(o => [o.value, o.textContent])")
        assert {v: t for v, t in options} == {n: f"{n} — {describe_query(q)}" for n, q in named_queries().items()}
        # the prefixes kg predefines are listed
        from kg.sparql import PREFIXES

        listed = page.text_content("#prefix-list")
        assert all(f"PREFIX {p}: <{iri}>" in listed for p, iri in PREFIXES.items())

        def run_in_page() -> list[list[str]]:
            page.click("#run")
            page.wait_for_function("() => !document.getElementById('run').disabled")
            return page.eval_on_selector_all(
                "#result-table tbody tr", "rs => rs.map(r => [...r.cells].map(c => c.childNodes[0] ? c.childNodes[0].textContent : ''))")

        page.select_option("#shipped", "companies-districts")
        assert page.input_value("#query") == SIGNINGS
        rows = run_in_page()
        local = run(open_store(store, read_only=True), SIGNINGS).rows
        assert sorted(rows) == sorted([[c or "" for c in r] for r in local]) and rows
        assert page.text_content("#status").startswith(f"{len(local)} 行")

        # a query with a parameter: its input field binds it
        page.select_option("#shipped", "entity")
        name = run(open_store(store, read_only=True), "SELECT ?l WHERE { ?c a kg:Company ; rdfs:label ?l }").rows[0][0]
        page.fill("#params input[name=name]", name)
        rows = run_in_page()
        assert rows and all(r[0] == name for r in rows)

        # a query of one's own, with kg's prefixes undeclared, and an error shown as the server said it
        page.fill("#query", "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }")
        assert run_in_page() == [["1"]]
        page.fill("#query", "SELECT ?x WHERE { ?x }")
        page.click("#run")
        page.wait_for_function("() => document.getElementById('status').className === 'error'")
        assert "HTTP 400" in page.text_content("#status")

        assert left == []  # nothing left 127.0.0.1
        assert page.evaluate("window.__csp") == []
        assert [e for e in errors if "400" not in e] == []  # the browser logs the failed request itself
    finally:
        page.close()
