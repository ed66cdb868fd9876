"""A SPARQL 1.1 server as the store: Oxigraph server, Apache Jena Fuseki, GraphDB, ...

kg speaks the W3C protocols itself (urllib; not rdflib's SPARQLUpdateStore,
which wraps updates that already name a GRAPH a second time and re-sends
failed edits):

* queries: SPARQL 1.1 Protocol, ``POST`` with an ``application/sparql-query``
  body to the query endpoint (the URL given with ``--endpoint``);
* writes: SPARQL 1.1 Update, ``POST`` with an ``application/sparql-update``
  body to the update endpoint. Each document is the update of
  :func:`kg.store.replace_graph_update`: its named graph is replaced and the
  default graph keeps the merge of all documents (every triple once), as in
  the embedded store; a few documents go in one request.

The update endpoint is derived from the query endpoint unless given with
``--update-endpoint``: ``…/query`` → ``…/update`` (Oxigraph, Fuseki),
GraphDB's ``…/repositories/ID`` → ``…/repositories/ID/statements``, anything
else is used for both (e.g. ``…/sparql``). Protocol parameters in the query
endpoint URL (``?default-graph-uri=…``) are kept for queries only.

Queries read the server's default graph, which holds the merge. ``user:password@``
in a URL is sent as HTTP Basic authentication; loopback servers are reached
without any HTTP proxy.
"""

from __future__ import annotations

import base64
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import QueryError, StoreError, UsageError
from .sparql import PREFIXES, Table, bind_params, table_from_results

log = logging.getLogger("kg")

RESULTS_ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.8, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/rdf+xml;q=0.5"
)
DEFAULT_TIMEOUT = 120.0
BATCH_BYTES = 1_000_000  # SPARQL Update request size (documents are never split)
LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}


@dataclass
class _Url:
    url: str  # without credentials
    auth: str | None  # "Basic …" header value
    shown: str  # for messages

    @property
    def loopback(self) -> bool:
        return (urllib.parse.urlsplit(self.url).hostname or "") in LOOPBACK


def _parse_url(url: str, what: str = "endpoint") -> _Url:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"'{url}' is not an http(s) URL of a SPARQL {what}")
    auth = None
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, netloc = netloc.rsplit("@", 1)
        user, _, password = userinfo.partition(":")
        token = f"{urllib.parse.unquote(user)}:{urllib.parse.unquote(password)}"
        auth = "Basic " + base64.b64encode(token.encode("utf-8")).decode("ascii")
    clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return _Url(clean, auth, clean)


def derive_update_endpoint(query_url: str) -> str:
    """The SPARQL Update endpoint that usually goes with a query endpoint.

    >>> derive_update_endpoint("http://localhost:7878/query")
    'http://localhost:7878/update'
    >>> derive_update_endpoint("http://localhost:3030/news/query")
    'http://localhost:3030/news/update'
    >>> derive_update_endpoint("http://localhost:7200/repositories/news")
    'http://localhost:7200/repositories/news/statements'
    >>> derive_update_endpoint("http://localhost:8890/sparql")
    'http://localhost:8890/sparql'
    >>> derive_update_endpoint("http://h/repositories/news?default-graph-uri=x")
    'http://h/repositories/news/statements'
    """
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path
    if path.endswith("/query"):
        path = path[: -len("query")] + "update"
    elif len(path.strip("/").split("/")) >= 2 and path.strip("/").split("/")[-2] == "repositories":
        path = path.rstrip("/") + "/statements"
    # query-only protocol parameters do not go to the update endpoint
    kept = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
            if k not in ("default-graph-uri", "named-graph-uri", "union-default-graph")]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, urllib.parse.urlencode(kept), parts.fragment))


def prefix_declarations(sparql: str) -> str:
    """kg's predefined prefixes as PREFIX lines before the query.

    The embedded store predefines them; a server does not. A query that
    declares a prefix itself keeps its own (a later declaration wins).
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items()) + sparql


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace").strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("<"):
            return line[:300]
    return text[:300]


class RemoteStore:
    """kg's store on a SPARQL 1.1 server."""

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.query_url = _parse_url(endpoint)
        upd = update_endpoint or derive_update_endpoint(self.query_url.url)
        self.update_url = _parse_url(upd, "update endpoint")
        if self.update_url.auth is None and update_endpoint is None:
            self.update_url.auth = self.query_url.auth
        self.timeout = timeout
        self.server = ""  # the Server header of the query endpoint, once checked
        self._checked = False
        self._pending: list[str] = []
        self._pending_bytes = 0
        self.requests = 0

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url.shown!r})"

    # -- HTTP ---------------------------------------------------------------

    def _send(self, target: _Url, method: str, url: str, body: bytes | None, headers: dict[str, str],
              what: str) -> tuple[int, dict[str, str], bytes]:
        headers = dict(headers)
        headers.setdefault("User-Agent", "kg (https://w3id.org/kg-news)")
        if target.auth:
            headers["Authorization"] = target.auth
        req = urllib.request.Request(url, data=body, headers=headers, method=method)
        # a loopback server is never reached through an HTTP proxy
        handlers = [urllib.request.ProxyHandler({})] if target.loopback else []
        opener = urllib.request.build_opener(*handlers)
        self.requests += 1
        try:
            with opener.open(req, timeout=self.timeout) as resp:
                return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
        except urllib.error.HTTPError as exc:
            data = exc.read() if exc.fp else b""
            hdrs = {k.lower(): v for k, v in (exc.headers or {}).items()}
            return exc.code, hdrs, data
        except urllib.error.URLError as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"{target.shown}: cannot reach the SPARQL {what} ({reason})") from None
        except (TimeoutError, ConnectionError, OSError) as exc:
            raise StoreError(f"{target.shown}: cannot reach the SPARQL {what} ({exc})") from None

    def _fail(self, target: _Url, status: int, body: bytes, what: str) -> None:
        msg = _first_line(body)
        if status in (401, 403):
            raise StoreError(f"{target.shown}: not allowed (HTTP {status}){': ' + msg if msg else ''}; "
                             "give credentials as http://user:password@host/…")
        raise StoreError(f"{target.shown}: the {what} answered HTTP {status}{': ' + msg if msg else ''}")

    # -- checks -------------------------------------------------------------

    def check(self, write: bool = False) -> None:
        """Fail with a :class:`StoreError` naming the URL unless the server answers.

        With ``write``, also that the update endpoint accepts an (empty)
        update; nothing is changed on the server.
        """
        status, headers, body = self._send(
            self.query_url, "POST", self.query_url.url, b"ASK {}",
            {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": RESULTS_ACCEPT}, "endpoint")
        if status != 200:
            if status in (400, 404, 405, 415):
                raise StoreError(f"{self.query_url.shown}: not a SPARQL query endpoint (HTTP {status} to an ASK query)")
            self._fail(self.query_url, status, body, "query endpoint")
        self.server = headers.get("server", "")
        self._checked = True
        if not write:
            return
        status, _, body = self._send(
            self.update_url, "POST", self.update_url.url, b"INSERT DATA { }",
            {"Content-Type": "application/sparql-update; charset=utf-8"}, "update endpoint")
        if status not in (200, 204):
            if status in (400, 403, 404, 405, 415):
                raise StoreError(
                    f"{self.update_url.shown}: does not accept SPARQL updates (HTTP {status}"
                    f"{': ' + _first_line(body) if _first_line(body) else ''}); "
                    "give the server's update endpoint with --update-endpoint")
            self._fail(self.update_url, status, body, "update endpoint")

    # -- queries ------------------------------------------------------------

    def raw_query(self, sparql: str):
        """Run a query; pyoxigraph results (solutions, boolean or triples)."""
        if not self._checked:
            self.check()
        url = self.query_url.url
        status, headers, body = self._send(
            self.query_url, "POST", url, sparql.encode("utf-8"),
            {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": RESULTS_ACCEPT}, "endpoint")
        if status == 400:
            raise QueryError(f"{self.query_url.shown} rejected the query: {_first_line(body)}")
        if status != 200:
            self._fail(self.query_url, status, body, "query endpoint")
        ctype = headers.get("content-type", "application/sparql-results+json").split(";")[0].strip().lower()
        try:
            rf = ox.QueryResultsFormat.from_media_type(ctype)
            if rf is not None:
                return ox.parse_query_results(body, format=rf)
            gf = ox.RdfFormat.from_media_type(ctype)
            if gf is not None:
                return list(ox.parse(body, format=gf))
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.query_url.shown}: unreadable {ctype} results: {exc}") from None
        raise StoreError(f"{self.query_url.shown}: answered with {ctype or 'no content type'}, not SPARQL results")

    def query(self, sparql: str, params: dict[str, str] | None = None) -> Table:
        """Like :func:`kg.sparql.run`, on the server: same prefixes, same Table."""
        return table_from_results(self.raw_query(prefix_declarations(bind_params(sparql, params))))

    def known_documents(self) -> dict[str, set[str]]:
        from .store import KNOWN_DOCUMENTS_QUERY

        out: dict[str, set[str]] = {}
        for sol in self.raw_query(KNOWN_DOCUMENTS_QUERY):
            out.setdefault(sol["name"].value, set()).add(sol["sha"].value)
        return out

    # -- writes -------------------------------------------------------------

    def update(self, text: str) -> None:
        status, _, body = self._send(
            self.update_url, "POST", self.update_url.url, text.encode("utf-8"),
            {"Content-Type": "application/sparql-update; charset=utf-8"}, "update endpoint")
        if status not in (200, 204):
            self._fail(self.update_url, status, body, "update endpoint")

    def put_graph(self, graph: str, ntriples: str) -> None:
        """Replace one document graph (queued; sent by :meth:`flush` or when the batch is full)."""
        from .store import replace_graph_update

        op = replace_graph_update(graph, ntriples)
        self._pending.append(op)
        self._pending_bytes += len(op)
        if self._pending_bytes >= BATCH_BYTES:
            self.flush()

    def put_dataset(self, ds) -> None:
        from .store import dataset_graphs

        for graph, body in dataset_graphs(ds):
            self.put_graph(graph, body)
        self.flush()

    def flush(self) -> None:
        if self._pending:
            text = " ;\n".join(self._pending)
            self._pending, self._pending_bytes = [], 0
            self.update(text)

    close = flush


def query_endpoint(url: str, sparql: str, params: dict[str, str] | None = None) -> Table:
    """``kg query --endpoint URL``: run a query on a SPARQL 1.1 server."""
    return RemoteStore(url).query(sparql, params)

