"""The ``kg`` command line: thin wrappers over the library functions.

Data goes to stdout, messages to stderr. Errors a user can cause print one
line ``kg: …`` and exit with the code of their kind (see :mod:`kg.errors`);
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from . import __version__
from .errors import KgError, QueryError, Terminated, UsageError

log = logging.getLogger("kg")

EPILOG = """exit codes: 0 ok, 1 internal error, 2 usage, 3 bad input, 4 bad query (also one refused,
timed out or out of memory), 5 store or endpoint problem, 6 cannot write output, 7 some inputs
failed, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM)"""


RDF_FORMAT_NAMES = ("ttl", "nt", "jsonld", "rdf", "trig", "nq")


def _add_store(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        metavar="DIR",
        help="on-disk Oxigraph store (default: $KG_STORE or .kg/store)",
    )


# ---------------------------------------------------------------------------
# commands

def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .userlex import UserLexicon, config_lexicons

    lexicon = UserLexicon.read([*config_lexicons(), *(args.lexicon or [])])

    report = build(
        args.inputs,
        output=args.output,
        store=args.store,
        use_store=args.output is None or args.store is not None,
        jobs=args.jobs,
        endpoint=args.endpoint,
        update_endpoint=args.update_endpoint,
        force=args.force,
        output_format=args.format,
        doc_id=args.id,
        id_prefix=args.id_prefix,
        stdin=sys.stdin.buffer if "-" in args.inputs else None,
        encoding=args.encoding,
        lexicon=lexicon or None,
    )
    if not args.quiet:
        print(report.summary(), file=sys.stderr)
    return report.exit_code()


def cmd_query(args: argparse.Namespace) -> int:
    from .guard import check_timeout, run_query
    from .sparql import describe_query, named_queries, required_params, resolve_query

    if args.list:
        for name, text in named_queries().items():
            print(f"{name:22} {describe_query(text)}")
        return 0
    if not args.query:
        raise UsageError("give a SPARQL query, a .rq file or a shipped query name (kg query --list)")
    timeout = check_timeout(args.timeout)
    sparql = resolve_query(args.query)
    params = dict(_parse_param(p) for p in args.param)
    missing = [p for p in required_params(sparql) if p not in params]
    if missing:
        raise UsageError(f"this query needs --param {missing[0]}=VALUE")
    if args.endpoint:
        source: tuple = ("endpoint", args.endpoint)
    elif args.data:
        source = ("data", args.data)
    else:
        from .store import default_store_path

        source = ("store", str(args.store or default_store_path()))
    from .formats import output_stream, output_target

    if args.output and args.output != "-":
        output_target(args.output)  # a folder, a read-only file: refused before the query runs
    # the worker evaluates and writes as the rows come; a file given with -o is replaced only when all is written
    with output_stream(args.output or "-") as out:
        run_query(source, sparql, out, params=params, fmt=args.format, timeout=timeout,
                  allow_service=args.allow_service)
    return 0


def _parse_param(s: str) -> tuple[str, str]:
    if "=" not in s:
        raise UsageError(f"--param takes NAME=VALUE, not '{s}'")
    k, v = s.split("=", 1)
    return k.strip().lstrip("?$"), v


def cmd_export(args: argparse.Namespace) -> int:
    from .build import export_store
    from .exports import export_store_graph, graph_export_format
    from .formats import output_format

    graph_fmt = graph_export_format(args.output, args.format)
    if graph_fmt:
        nodes, edges = export_store_graph(args.store, graph_fmt, args.output)
        if not args.quiet:
            shown = "stdout" if args.output == "-" else args.output
            files = " (nodes.csv, relationships.csv)" if graph_fmt == "neo4j" else ""
            print(f"exported {nodes} entities and {edges} relations to {shown}{files}", file=sys.stderr)
        return 0
    n = export_store(args.store, args.output, args.format)
    what = "quads (one graph per document)" if output_format(args.output, args.format).quads else "triples"
    if not args.quiet:
        shown = "stdout" if args.output == "-" else args.output
        print(f"exported {n} {what} to {shown}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, merging, render_merging, render_report

    if args.merging:
        scores = merging(args.gold)
        sys.stdout.write(json.dumps(scores, ensure_ascii=False, indent=1) + "\n" if args.json
                         else render_merging(scores) + "\n")
        return 0
    report = evaluate(args.gold, split=args.split)
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(render_report(report, details=not args.summary))
    return 0


def cmd_viz(args: argparse.Namespace) -> int:
    from .viz import visualize_cli

    return visualize_cli(args)


def cmd_stats(args: argparse.Namespace) -> int:
    from .stats import stats_cli

    return stats_cli(args)


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_cli

    return validate_cli(args)


def cmd_serve(args: argparse.Namespace) -> int:
    from .server import serve_cli

    return serve_cli(args)


# ---------------------------------------------------------------------------

def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Build knowledge graphs from Chinese news articles: extract entities, relations and "
        "quotes with evidence, store them as RDF, query them with SPARQL, export and visualise them.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    parser.add_argument("-q", "--quiet", action="store_true", help="only print errors on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("build", help="extract articles into the store or an RDF file",
                       description="Extract entities, relations and quotes from article files (or folders of "
                       "them), JSONL/CSV corpora or stdin, and write them to the store (default) or to an RDF "
                       "file (-o). Each document's id is its path from the current folder, a corpus row's id, "
                       "or --id (README, Document ids).", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="article files (.txt, .html), folders of them, JSONL/CSV corpora (.jsonl, .csv: one article "
                   "per row with id, title, text and optional date, url, source), or - for one article on stdin")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="write an RDF file ('-': stdout); the extension picks the format: .ttl .nt .jsonld .rdf .trig .nq")
    p.add_argument("--format", choices=RDF_FORMAT_NAMES, metavar="FORMAT",
                   help="the format of -o whatever its extension (default: from the extension; Turtle for '-'): "
                   + " ".join(RDF_FORMAT_NAMES))
    _add_store(p)
    p.add_argument("--endpoint", metavar="URL",
                   help="write to a SPARQL 1.1 server instead: its query endpoint, e.g. http://localhost:7878/query")
    p.add_argument("--update-endpoint", metavar="URL",
                   help="its SPARQL Update endpoint (default: derived from --endpoint, …/query -> …/update)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="parallel extraction processes (default 1; try the number of CPU cores)")
    p.add_argument("--lexicon", action="append", metavar="FILE",
                   help="a user lexicon, lines name<TAB>type[<TAB>alias…] (type - never outputs the name); "
                   "repeatable; a kg.toml here may list more (lexicons = [\"names.tsv\"]). Documents already "
                   "stored keep their graph: add --force to rebuild them with it")
    p.add_argument("--force", action="store_true",
                   help="rebuild documents already in the store with the same text (default: skip them), and let a "
                   "document replace one of the same id read from another file")
    p.add_argument("--id", metavar="ID",
                   help="the id of the article read from stdin (-); default: stdin- and 16 hex digits of its SHA-256")
    p.add_argument("--id-prefix", metavar="PREFIX",
                   help="put PREFIX/ before every document id of this build (e.g. two corpora with the same ids)")
    p.add_argument("--encoding", metavar="NAME",
                   help="the encoding of the article files and stdin, e.g. big5, gb18030, latin-1 (default: detected: "
                   "UTF-8 with or without BOM, UTF-16, GB18030/GBK or Big5; a file kg cannot tell is refused)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("query", help="run a SPARQL query or a shipped named query",
                       description="Run SPARQL over an RDF file (--data), the store (default) or a SPARQL "
                       "endpoint. QUERY is SPARQL text, a .rq file or a shipped query name (see --list).",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="?", metavar="QUERY")
    p.add_argument("--data", metavar="FILE", help="query this RDF file instead of the store")
    _add_store(p)
    p.add_argument("--endpoint", metavar="URL", help="query this SPARQL 1.1 endpoint instead")
    p.add_argument("--format", choices=("table", "json", "csv", "tsv", "ttl", "nt", "jsonld"), default=None,
                   help="SELECT/ASK: table (default), json, csv, tsv (the W3C SPARQL 1.1 result formats); "
                   "CONSTRUCT/DESCRIBE: ttl (default), nt, jsonld")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a query variable, e.g. --param name=燃力能源 for the 'entity' query")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the results to FILE (replaced only when the query succeeds) instead of stdout")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="stop a query that runs longer (default 60; 0: no limit); exit code 4")
    p.add_argument("--allow-service", action="store_true",
                   help="let SERVICE clauses send parts of the query to other SPARQL servers (refused by default)")
    p.add_argument("--list", action="store_true", help="list the shipped named queries")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("export", help="write the store to an RDF file, GraphML, GEXF or Neo4j CSV",
                       description="Export the whole store to one RDF file ('-o -': stdout); --format or the "
                       "extension picks the format (.trig and .nq keep one graph per document, the others hold "
                       "their union). graph.graphml and graph.gexf (Gephi, Cytoscape) and --format neo4j -o DIR "
                       "(nodes.csv and relationships.csv for neo4j-admin database import full) hold the entities "
                       "and relations, with their evidence.")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--format", choices=RDF_FORMAT_NAMES + ("graphml", "gexf", "neo4j"), metavar="FORMAT",
                   help="output format whatever the extension (default: from the extension; Turtle for '-'): "
                   + " ".join(RDF_FORMAT_NAMES + ("graphml", "gexf", "neo4j")))
    _add_store(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("eval", help="score extraction against gold annotations",
                       description="Extract each article next to a gold file (X.txt beside X.gold.json) and "
                       "report precision, recall and F1 per entity type, relation type and for quotes, "
                       "micro-averaged, with misses and false positives.")
    p.add_argument("gold", nargs="+", metavar="GOLD", help="gold folders or .gold.json files")
    p.add_argument("--summary", action="store_true", help="only the score table, no error lists")
    p.add_argument("--json", action="store_true", help="the scores as JSON on stdout (overall and per part)")
    p.add_argument("--split", metavar="FILE",
                   help="a split file ({\"tune\": [names], \"held-out\": [names]}, e.g. data/eval-split.json): "
                   "score each part apart, so a training score is never read as a held-out one")
    p.add_argument("--merging", action="store_true",
                   help="instead: pairwise precision and recall of merging entities across the articles "
                   "(gold: same type and a shared name in two gold files)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("viz", help="draw the graph as an interactive offline HTML page",
                       description="Draw entities and relations as one self-contained HTML file that works offline "
                       "(no network request at all): colour and shape by type, size by PageRank, tooltips with "
                       "aliases, roles, quotes and each relation's evidence sentence; search, filters and "
                       "neighbourhood highlighting.")
    p.add_argument("graph", nargs="?", metavar="GRAPH_FILE", help="RDF file (default: the store)")
    _add_store(p)
    p.add_argument("-o", "--output", default="graph.html", metavar="HTML", help="the page to write (default graph.html)")
    p.add_argument("--max-nodes", type=int, default=None, metavar="N",
                   help="at most N entities: the whole neighbourhoods of the most central ones (PageRank), so "
                   "the relations between them stay; the page says what was left out")
    p.add_argument("--entity", metavar="NAME",
                   help="draw one entity's neighbourhood: NAME is its name or an alias")
    p.add_argument("--hops", type=int, default=None, metavar="K",
                   help="with --entity: the entities up to K relations away (default 1)")
    p.add_argument("--show-isolated", action="store_true",
                   help="also draw the entities without relations from the start (the page hides them, "
                   "counted, behind a toggle)")
    p.set_defaults(func=cmd_viz)

    p = sub.add_parser("stats", help="counts, central entities and communities",
                       description="Counts by entity and relation type, the most central entities (PageRank) and "
                       "communities (Louvain, networkx), as tables on stdout.")
    p.add_argument("graph", nargs="?", metavar="GRAPH_FILE", help="RDF file (default: the store)")
    _add_store(p)
    p.add_argument("--top", type=int, default=10, metavar="N",
                   help="how many central entities and communities to list (default 10)")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("validate", help="check a graph against the SHACL shapes",
                       description="Validate a graph file or the store against ontology/shapes.ttl (pyshacl).")
    p.add_argument("graph", nargs="?", metavar="GRAPH_FILE", help="RDF file (default: the store)")
    _add_store(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("serve", help="serve the store as a local SPARQL endpoint",
                       description="Serve the store over the SPARQL 1.1 Protocol at /query, with kg's query page "
                       "at / (the shipped queries and prefixes; offline). Queries see the union of the document "
                       "graphs as the store is now: a kg build into it shows from the next request on. Read-only "
                       "(the default), kg answers itself: each query is checked (at most 1 MB, nested at most 200 "
                       "deep, no SERVICE unless --allow-service), stopped after --timeout, and evaluated by a worker "
                       "process (a query that crashes the engine costs that worker, not the server). --writable "
                       "runs Oxigraph's own server (the 'oxigraph' program of the [serve] extra), with --timeout "
                       "only. Stop it with Ctrl-C.")
    _add_store(p)
    p.add_argument("--bind", default="127.0.0.1:7878", metavar="HOST:PORT",
                   help="address (default 127.0.0.1:7878: this machine only)")
    p.add_argument("--writable", action="store_true",
                   help="accept SPARQL updates (read-only by default); "
                   "then build into it with kg build --endpoint http://HOST:PORT/query")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="stop a query that runs longer (default 60; 0: no limit): HTTP 503")
    p.add_argument("--allow-service", action="store_true",
                   help="let SERVICE clauses send parts of queries to other SPARQL servers (refused by default: "
                   "HTTP 400)")
    p.set_defaults(func=cmd_serve)
    return parser


_GLOBAL_FLAGS = ("--debug", "-q", "--quiet")


def _global_flags_first(argv: list[str]) -> list[str]:
    """``kg build x.txt --debug`` means ``kg --debug build x.txt``: move the global flags forward."""
    if "--" in argv:
        cut = argv.index("--")
        head, tail = argv[:cut], argv[cut:]
    else:
        head, tail = argv, []
    flags = [a for a in head if a in _GLOBAL_FLAGS]
    return flags + [a for a in head if a not in _GLOBAL_FLAGS] + tail


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _on_sigterm(signum, frame):
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure a user can cause is one ``kg: …`` line and an exit code.

    Exit codes (kg.errors, README "Exit codes"): 0 ok, 1 internal error,
    2 usage, 3 bad input, 4 bad query, 5 store or endpoint, 6 cannot write
    the output, 7 some inputs failed; 130 interrupted, 143 terminated (SIGTERM). ``--debug`` (anywhere
    on the line) shows the traceback instead of the one line.
    """
    parser = make_parser()
    argv = _global_flags_first(list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else (logging.ERROR if args.quiet else logging.INFO),
        format="kg: %(message)s",
        stream=sys.stderr,
    )
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    import signal

    try:
        previous_sigterm = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # main() called from a thread other than the main one: no signal handlers there
        previous_sigterm = None
    try:
        return args.func(args)
    except KgError as exc:
        if args.debug:
            raise
        message = _one_line(exc)
        query_file = getattr(args, "query", None) if args.command == "query" else None
        if (isinstance(exc, QueryError) and query_file and query_file.endswith((".rq", ".sparql"))
                and not message.startswith(query_file)):
            message = f"{query_file}: {message}"  # name the .rq file the query came from
        print(f"kg: {message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        # a build keeps every document it wrote; any other command leaves its output as it was
        print("kg: terminated (SIGTERM); the documents written so far are kept" if args.command == "build"
              else "kg: terminated", file=sys.stderr)
        return Terminated.exit_code
    except BrokenPipeError:
        # the reader went away (kg query … | head): not an error
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except OSError as exc:
        if args.debug:
            raise
        import errno

        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            from .errors import OutputError

            print(f"kg: {where}cannot write ({_one_line(exc.strerror or exc)})", file=sys.stderr)
            return OutputError.exit_code
        print(f"kg: internal error: {where}{type(exc).__name__}: {_one_line(exc.strerror or exc)}"
              " (run with --debug for the traceback)", file=sys.stderr)
        return 1
    except MemoryError:
        if args.command == "query":
            from .guard import _OUT_OF_MEMORY

            print(f"kg: {_OUT_OF_MEMORY}", file=sys.stderr)
            return QueryError.exit_code
        print("kg: out of memory (run with --debug for the traceback)", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: say so in one line unless debugging
        if args.debug:
            raise
        print(f"kg: internal error: {type(exc).__name__}: {_one_line(exc)} (run with --debug for the traceback)",
              file=sys.stderr)
        return 1
    finally:
        if previous_sigterm is not None:
            signal.signal(signal.SIGTERM, previous_sigterm)


if __name__ == "__main__":
    sys.exit(main())
