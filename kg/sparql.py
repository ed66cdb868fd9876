"""SPARQL over a graph file or a store, with kg's shipped named queries.

Queries run in Oxigraph (pyoxigraph), with the union of all document graphs
as the default graph, so a query need not name graphs. Results come back as a
:class:`Table` (variables and rows of plain strings, and the RDF terms behind
them) that renders as an aligned text table, or exactly in the W3C SPARQL 1.1
Query Results JSON, CSV and TSV formats (written by Oxigraph); CONSTRUCT and
DESCRIBE results as RDF (Turtle, N-Triples, JSON-LD, by :mod:`kg.formats`).
"""

from __future__ import annotations

import io
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError, QueryError, UsageError

PREFIXES = {
    "kg": "https://w3id.org/kg-news/ontology#",
    "kgid": "https://w3id.org/kg-news/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def named_queries() -> dict[str, str]:
    """Shipped queries by name (the file stem in ``kg/queries``)."""
    out = {}
    for f in resources.files("kg.queries").iterdir():
        if f.name.endswith(".rq"):
            out[f.name[:-3]] = f.read_text(encoding="utf-8")
    return dict(sorted(out.items()))


def describe_query(text: str) -> str:
    """The first comment line of a query: what it answers."""
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def resolve_query(query: str) -> str:
    """SPARQL text from a shipped query name, a ``.rq`` file path or the text itself."""
    shipped = named_queries()
    if query in shipped:
        return shipped[query]
    if query.endswith((".rq", ".sparql")):
        p = Path(query)
        if not p.is_file():
            raise UsageError(f"{query}: no such query file")
        from .textprep import read_query_file

        return read_query_file(p)  # a BOM dropped; GBK and UTF-16 files read too
    if not any(k in query.upper() for k in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        raise UsageError(f"'{query}' is neither SPARQL nor a shipped query; shipped: {', '.join(shipped)}")
    return query


#: ``--format`` values: SELECT and ASK results, and CONSTRUCT and DESCRIBE results.
RESULT_FORMATS = ("table", "json", "csv", "tsv")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")


@dataclass
class Table:
    """A query result: variable names and rows of strings (None for unbound).

    ``terms`` holds the RDF terms of the rows (pyoxigraph terms), ``boolean``
    the answer of an ASK query and ``triples`` the result of a CONSTRUCT or
    DESCRIBE query (then ``rows`` shows them as subject, predicate, object):
    what the standard formats are written from.
    """

    variables: list[str]
    rows: list[list[str | None]]
    terms: list[list] | None = field(default=None, repr=False)
    boolean: bool | None = field(default=None, repr=False)
    triples: list | None = field(default=None, repr=False)

    @property
    def is_graph(self) -> bool:
        """Whether this is the result of a CONSTRUCT or DESCRIBE query (RDF, not solutions)."""
        return self.triples is not None

    def to_text(self) -> str:
        """An aligned table that accounts for wide (CJK) characters."""
        if not self.variables:
            return ""
        cells = [self.variables] + [[c if c is not None else "" for c in r] for r in self.rows]
        cells = [[_one_line(c) for c in r] for r in cells]
        widths = [max(_width(r[i]) for r in cells) for i in range(len(self.variables))]
        lines = []
        for n, r in enumerate(cells):
            lines.append("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines)

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV (values only, CRLF line ends)."""
        return self.serialize("csv").decode("utf-8")

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV (terms in N-Triples syntax: languages, datatypes, ``<IRIs>``)."""
        return self.serialize("tsv").decode("utf-8")

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON: ``uri``/``literal``/``bnode`` with ``xml:lang`` and ``datatype``."""
        return self.serialize("json").decode("utf-8")

    def serialize(self, fmt: str) -> bytes:
        """The result in ``fmt``: ``json``, ``csv``, ``tsv`` (SELECT, ASK) or ``ttl``, ``nt``, ``jsonld`` (CONSTRUCT, DESCRIBE).

        Written by Oxigraph's own serializers for the W3C result formats and
        by :func:`kg.formats.write_rdf` for RDF.
        """
        if self.is_graph:
            if fmt not in GRAPH_FORMATS:
                raise UsageError(f"a CONSTRUCT or DESCRIBE query gives RDF: use --format {', '.join(GRAPH_FORMATS)}, "
                                 f"not {fmt}")
            from .formats import FORMATS, write_rdf

            buf = io.BytesIO()
            write_rdf(iter(self.triples), FORMATS["." + fmt], buf)
            return buf.getvalue()
        if fmt not in ("json", "csv", "tsv"):
            raise UsageError(f"a SELECT or ASK query gives solutions: use --format {', '.join(RESULT_FORMATS)}, not {fmt}")
        return _solutions(self).serialize(format=_QR_FORMATS[fmt])

    def _repr_html_(self) -> str:
        """Shown by Jupyter: an HTML table, every cell escaped."""
        import html

        head = "".join(f"<th>{html.escape(v)}</th>" for v in self.variables)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c or '')}</td>" for c in r) + "</tr>" for r in self.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table><p>{len(self.rows)} rows</p>"

    def render(self, fmt: str) -> str:
        if fmt == "table":
            return self.to_text()
        if fmt in RESULT_FORMATS or fmt in GRAPH_FORMATS:
            return self.serialize(fmt).decode("utf-8")
        raise UsageError(f"unknown result format '{fmt}'; use {', '.join(RESULT_FORMATS + GRAPH_FORMATS)}")


_QR_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
               "xml": ox.QueryResultsFormat.XML}  # (xml: for kg serve's clients)


def _solutions(table: Table):
    """The table's solutions (or ASK answer) as pyoxigraph results, for Oxigraph's serializers.

    The terms go through the SPARQL TSV format, which writes every term
    exactly (N-Triples syntax) and which Oxigraph reads back as the same terms.
    """
    if table.boolean is not None:
        return ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if table.boolean else b"false"),
                                      format=ox.QueryResultsFormat.JSON)
    terms = table.terms if table.terms is not None else [
        [None if c is None else ox.Literal(c) for c in r] for r in table.rows]
    lines = ["\t".join("?" + v for v in table.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in r) for r in terms]
    return ox.parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), format=ox.QueryResultsFormat.TSV)


def table_from_results(result) -> Table:
    """pyoxigraph results (solutions, an ASK answer or triples) -> a :class:`Table`."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        return Table(["answer"], [["true" if bool(result) else "false"]], boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        terms = [[sol[v] for v in variables] for sol in result]
        return Table(variables, [[term_text(t) for t in r] for r in terms], terms=terms)
    triples = list(result)
    rows = [[term_text(t.subject), term_text(t.predicate), term_text(t.object)] for t in triples]
    return Table(["subject", "predicate", "object"], rows, triples=triples)


MAX_CELL = 64  # display columns (a CJK character takes two)


def _one_line(s: str) -> str:
    s = " ".join(s.split())
    if _width(s) <= MAX_CELL:
        return s
    out, w = [], 0
    for c in s:
        cw = _width(c)
        if w + cw > MAX_CELL - 1:
            break
        out.append(c)
        w += cw
    return "".join(out) + "…"


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def term_text(t) -> str | None:
    if t is None:
        return None
    if isinstance(t, (ox.NamedNode, ox.Literal)):
        return t.value
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    return str(t)


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_params(sparql: str, params: dict[str, str] | None) -> str:
    r"""Bind query variables to plain literals with a ``VALUES`` block.

    Works with any SPARQL 1.1 engine (embedded or remote).

    >>> bind_params("SELECT ?x WHERE { ?x ?p ?name }", {"name": 'a"b'})
    'SELECT ?x WHERE { VALUES ?name { "a\\"b" } ?x ?p ?name }'
    """
    if not params:
        return sparql
    m = _WHERE.search(sparql)
    if not m:
        raise UsageError("--param needs a query with a WHERE clause")
    values = " ".join(f"VALUES ?{_check_var(k)} {{ {_literal(v)} }}" for k, v in params.items())
    return sparql[: m.end()] + " " + values + sparql[m.end():]


def _check_var(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise UsageError(f"'{name}' is not a SPARQL variable name")
    return name


def _literal(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def run(store: ox.Store, sparql: str, params: dict[str, str] | None = None, source: str | None = None) -> Table:
    """Run a query over the union of the store's graphs (a CONSTRUCT or DESCRIBE gives triples).

    A query that does not parse is a :class:`QueryError` with the parser's
    message, its line and column in the query as the user wrote it, and the
    text found there; ``source`` (a query name or ``.rq`` file) prefixes it.
    """
    where = f"{source}: " if source else ""
    with query_failures(where):
        return table_from_results(evaluate(store, sparql, params, source))


def evaluate(store: ox.Store, sparql: str, params: dict[str, str] | None = None, source: str | None = None):
    """The pyoxigraph results of a query over the union of the store's graphs (solutions, a boolean or triples).

    Solutions and triples are computed as they are read (see
    :func:`write_results`). Errors as in :func:`run`.
    """
    original = sparql
    bound = bind_params(sparql, params)
    where = f"{source}: " if source else ""
    try:
        return store.query(bound, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(where + syntax_error_message(str(exc), original, bound)) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"{where}query failed: {_one_line_message(str(exc))}") from None


@contextmanager
def query_failures(where: str = ""):
    """An evaluation error met while reading results (Oxigraph evaluates lazily) as a :class:`QueryError`."""
    try:
        yield
    except (BrokenPipeError, KgError):
        raise
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"{where}query failed: {_one_line_message(str(exc))}") from None


def is_graph_result(result) -> bool:
    """Whether pyoxigraph results are triples (CONSTRUCT, DESCRIBE) rather than solutions or a boolean."""
    return not isinstance(result, (bool, ox.QueryBoolean, ox.QuerySolutions))


def write_results(result, fmt: str | None, out) -> str:
    """Write pyoxigraph results to the binary stream ``out`` as they are computed; returns the format used.

    ``fmt`` is a ``--format`` value (None: ``table`` for solutions, ``ttl``
    for triples). SELECT results in ``json``, ``csv`` and ``tsv`` are
    streamed by Oxigraph's own writers (the W3C formats, as
    :meth:`Table.serialize`), Turtle and N-Triples by :func:`kg.formats.write_rdf`;
    a ``table`` keeps only its first :data:`TABLE_BUFFER_ROWS` rows to size its
    columns (see :func:`write_table`), JSON-LD the whole graph. The output
    ends with a newline, as kg query has always printed it.
    """
    graph = is_graph_result(result)
    fmt = fmt or ("ttl" if graph else "table")
    ends = _LastByte(out)
    if graph:
        if fmt == "table":
            raise UsageError("a CONSTRUCT or DESCRIBE query gives RDF: use --format ttl, nt or jsonld")
        if fmt not in GRAPH_FORMATS:
            raise UsageError(f"a CONSTRUCT or DESCRIBE query gives RDF: use --format {', '.join(GRAPH_FORMATS)}, "
                             f"not {fmt}")
        from .formats import FORMATS, write_rdf

        with query_failures():
            write_rdf(iter(result), FORMATS["." + fmt], ends)
    elif fmt == "table":
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            with query_failures():
                write_table(variables, ([term_text(sol[v]) for v in variables] for sol in result), ends)
        else:
            write_table(["answer"], iter([["true" if bool(result) else "false"]]), ends)
    elif fmt in _QR_FORMATS:
        with query_failures():
            result.serialize(ends, format=_QR_FORMATS[fmt])
    else:
        raise UsageError(f"a SELECT or ASK query gives solutions: use --format {', '.join(RESULT_FORMATS)}, not {fmt}")
    if ends.last != b"\n":
        out.write(b"\n")
    return fmt


class _LastByte:
    """A binary stream that remembers the last byte written through it."""

    def __init__(self, out) -> None:
        self.out = out
        self.last = b""

    def write(self, data) -> int:
        if data:
            self.last = bytes(data[-1:])
            self.out.write(data)
        return len(data)

    def flush(self) -> None:
        self.out.flush()


#: How many rows a ``table`` holds to size its columns; later rows are written as they come, with those widths.
TABLE_BUFFER_ROWS = 1000


def write_table(variables: list[str], rows, out, buffer_rows: int = TABLE_BUFFER_ROWS) -> int:
    """The aligned text table of :meth:`Table.to_text`, written as rows come; returns the number of rows.

    The first ``buffer_rows`` rows size the columns (exactly as ``to_text``
    for results that fit); the rows after them are written at once with those
    widths (a wider cell pushes the cells right of it), so memory stays bounded.
    """
    if not variables:
        for _ in rows:
            pass
        return 0
    head: list[list[str]] = []
    it = iter(rows)
    for r in it:
        head.append([_one_line(c if c is not None else "") for c in r])
        if len(head) >= buffer_rows:
            break
    cells = [[_one_line(v) for v in variables]] + head
    widths = [max(_width(r[i]) for r in cells) for i in range(len(variables))]

    def line(r) -> bytes:
        return ("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() + "\n").encode("utf-8")

    out.write(line(cells[0]) + ("  ".join("-" * w for w in widths) + "\n").encode("utf-8"))
    out.write(b"".join(line(r) for r in head))
    n = len(head)
    for r in it:
        out.write(line([_one_line(c if c is not None else "") for c in r]))
        n += 1
    out.write(f"({n} row{'s' if n != 1 else ''})".encode("utf-8"))
    return n


_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)


def syntax_error_message(message: str, sparql: str, bound: str | None = None) -> str:
    """Oxigraph's SPARQL parser message as one line: position, problem, text found there.

    ``bound`` is the query after :func:`bind_params`; positions in it are
    mapped back to ``sparql`` (the text the user wrote).

    >>> syntax_error_message("error at 2:7: expected one of BIND, [_]", "SELECT *\\nWHERE { ?s ?p }")
    "SPARQL syntax error at line 2, column 7: expected one of BIND, [_] (at '{ ?s ?p }')"
    """
    m = _POSITION.match(message.strip())
    if not m:
        return f"SPARQL syntax error: {_one_line_message(message)}"
    line, col, problem = int(m.group(1)), int(m.group(2)), m.group(3)
    text = bound if bound is not None else sparql
    offset = _offset_of(text, line, col)
    if bound is not None and bound != sparql:
        # bind_params inserted a VALUES block after "WHERE {": positions after it move back
        k = _common_prefix(sparql, bound)
        inserted = len(bound) - len(sparql)
        if offset >= k + inserted:
            offset -= inserted
        elif offset > k:
            offset = k
        line, col = _line_col(sparql, offset)
    problem = _tidy_expected(problem)
    if "Prefix not found" in problem:
        pm = re.search(r"([A-Za-z][\w.-]*)?:[^\s]*$", sparql[:offset].rstrip())
        if pm:
            known = ", ".join(sorted(PREFIXES))
            problem = f"unknown prefix '{pm.group(1) or ''}:' (declare it with PREFIX; predefined: {known})"
    rest = sparql[offset:].split("\n", 1)[0].strip()
    if not rest:
        found = "at the end of the query" if not sparql[offset:].strip() else "at the end of the line"
    else:
        found = f"at '{rest[:30]}{'…' if len(rest) > 30 else ''}'"
    return f"SPARQL syntax error at line {line}, column {col}: {problem} ({found})"


def _offset_of(text: str, line: int, col: int) -> int:
    """Character offset of a 1-based line and column."""
    lines = text.split("\n")
    line = max(1, min(line, len(lines)))
    return min(len(text), sum(len(ln) + 1 for ln in lines[: line - 1]) + max(0, col - 1))


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _split_top(s: str) -> list[str]:
    """Split a parser's list of expected tokens on the commas outside brackets."""
    out, depth, cur = [], 0, []
    for c in s:
        if c == "[":
            depth += 1
        elif c == "]":
            depth = max(0, depth - 1)
        if c == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
    if "".join(cur).strip():
        out.append("".join(cur).strip())
    return out


def _tidy_expected(problem: str) -> str:
    """One line; long character-class lists shortened to ``[…]``."""
    problem = _one_line_message(problem)
    m = re.match(r"expected one of (.*)", problem)
    if not m:
        return problem
    items = []
    for item in _split_top(m.group(1)):
        item = "[…]" if len(item) > 24 and item.startswith("[") else item
        if item not in items:
            items.append(item)
    return "expected one of " + ", ".join(items)


def _one_line_message(s: str) -> str:
    return " ".join(s.split())


def required_params(sparql: str) -> list[str]:
    """Parameters a shipped query declares with ``# param: NAME — what``."""
    out = []
    for line in sparql.splitlines():
        if line.startswith("# param:"):
            out.append(line.split(":", 1)[1].strip().split()[0])
    return out
