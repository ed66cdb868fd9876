"""RDF file formats, picked by file extension, behind one registry.

Quad formats (TriG, N-Quads) keep one named graph per document; triple
formats hold the union of all documents. Files are written atomically:
to a temporary file in the same folder, then renamed over the target.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rdflib import Dataset, Graph

from .errors import InputError, OutputError, UsageError


@dataclass(frozen=True)
class Format:
    name: str  # rdflib plugin name
    quads: bool
    media_type: str


FORMATS: dict[str, Format] = {
    ".ttl": Format("turtle", False, "text/turtle"),
    ".nt": Format("nt", False, "application/n-triples"),
    ".jsonld": Format("json-ld", False, "application/ld+json"),
    ".rdf": Format("xml", False, "application/rdf+xml"),
    ".trig": Format("trig", True, "application/trig"),
    ".nq": Format("nquads", True, "application/n-quads"),
}


#: ``--format`` names: the extensions without their dot.
FORMAT_NAMES = tuple(ext[1:] for ext in sorted(FORMATS))


def format_for(path: str | os.PathLike) -> Format:
    """The format for a file name, or a :class:`UsageError` naming the choices."""
    ext = Path(path).suffix.lower()
    fmt = FORMATS.get(ext)
    if fmt is None:
        choices = ", ".join(sorted(FORMATS))
        raise UsageError(f"{path}: unknown output format '{ext or '(none)'}'; use one of {choices}")
    return fmt


#: The prefixes of every RDF file kg writes (Turtle, TriG, RDF/XML, the JSON-LD
#: ``@context``). Not ``kgid:``: kg's instance IRIs have a ``/`` after it
#: (``id/company/…``), which a Turtle prefixed name can only hold escaped
#: (``kgid:company\/…``), so they are written in full.
WRITE_PREFIXES = {
    "kg": "https://w3id.org/kg-news/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
}
JSONLD_CONTEXT = dict(WRITE_PREFIXES)


def output_format(path: str | os.PathLike | None, name: str | None = None) -> Format:
    """The format to write: ``name`` (``--format``) if given, else Turtle for ``-`` (stdout), else the extension's."""
    if name:
        fmt = FORMATS.get("." + name.lower().lstrip("."))
        if fmt is None:
            raise UsageError(f"unknown RDF format '{name}'; use one of {', '.join(FORMAT_NAMES)}")
        return fmt
    if path is None or str(path) == "-":
        return FORMATS[".ttl"]
    return format_for(path)


def write_rdf(items: Iterable, fmt: Format, out: BinaryIO) -> int:
    """The one RDF writer: pyoxigraph triples (or quads, for TriG and N-Quads) to ``out``; returns how many.

    Every RDF file and stream kg writes goes through here (``kg build -o``,
    ``kg export``, CONSTRUCT results of ``kg query``, :func:`kg.write`), so they
    share :data:`WRITE_PREFIXES` and one style. Oxigraph writes the formats
    as it reads the triples; JSON-LD is compacted by rdflib with
    :data:`JSONLD_CONTEXT` (so it holds the whole graph in memory).
    """
    import pyoxigraph as ox

    from .store import OX_FORMATS

    counted = 0

    def counting(xs):
        nonlocal counted
        for x in xs:
            counted += 1
            yield x

    if fmt.name == "json-ld":
        nt = ox.serialize(counting(items), format=ox.RdfFormat.N_TRIPLES)
        g = Graph()
        g.parse(data=nt.decode("utf-8"), format="nt")
        for prefix, ns in WRITE_PREFIXES.items():
            g.bind(prefix, ns, override=True, replace=True)
        data = g.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True, encoding="utf-8")
        out.write(_stable_jsonld(data))
        return counted
    kw = {"prefixes": WRITE_PREFIXES} if fmt.name in ("turtle", "xml", "trig") else {}
    ox.serialize(counting(items), out, format=OX_FORMATS[fmt.name], **kw)
    return counted


def _term_key(t) -> tuple:
    """IRIs, then blank nodes, then literals; by value (then language or datatype)."""
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return (0 if t.value == _RDF_TYPE else 1, t.value, "")
    if isinstance(t, ox.BlankNode):
        return (2, t.value, "")
    if isinstance(t, ox.Literal):
        return (3, t.value, t.language or t.datatype.value)
    return (4, str(t), "")


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def ordered_items(store, quads: bool) -> Iterator:
    """The store's merge as triples (or its document graphs as quads), in a stable order.

    Graphs, subjects, predicates (``rdf:type`` first) and objects sorted, so that
    the same graph is always written the same way, whichever store holds it,
    and Turtle groups each subject's statements. Only the subjects are held in
    memory, not the triples.
    """
    import pyoxigraph as ox

    st = getattr(store, "store", store)  # a KgStore's pyoxigraph store
    if quads:
        for g in sorted(st.named_graphs(), key=_term_key):
            subjects = {q.subject for q in st.quads_for_pattern(None, None, None, g)}
            for s in sorted(subjects, key=_term_key):
                qs = sorted(st.quads_for_pattern(s, None, None, g), key=lambda q: (_term_key(q.predicate), _term_key(q.object)))
                yield from qs
        return
    merged = getattr(store, "merged", False)
    graph = ox.DefaultGraph() if merged else None  # a store without the merge: the union, each triple once
    subjects = {q.subject for q in st.quads_for_pattern(None, None, None, graph)}
    for s in sorted(subjects, key=_term_key):
        pos = {(q.predicate, q.object) for q in st.quads_for_pattern(s, None, None, graph)}
        for p, o in sorted(pos, key=lambda x: (_term_key(x[0]), _term_key(x[1]))):
            yield ox.Triple(s, p, o)


def _stable_jsonld(data: bytes | str) -> bytes:
    """rdflib's JSON-LD with its nodes sorted by ``@id`` and each property's values sorted (they are sets)."""
    import json

    doc = json.loads(data)
    nodes = doc.get("@graph") if isinstance(doc, dict) else None
    if isinstance(nodes, list):
        for node in nodes:
            for k, v in node.items():
                if isinstance(v, list) and k != "@list":
                    node[k] = sorted(v, key=lambda x: json.dumps(x, ensure_ascii=False, sort_keys=True))
        nodes.sort(key=lambda n: (str(n.get("@id", "")), json.dumps(n, ensure_ascii=False, sort_keys=True)))
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_store(store, fmt: Format, path: str | os.PathLike) -> int:
    """Write a :class:`kg.store.KgStore` to ``path`` (``-``: stdout); returns the triples (or quads) written.

    Quad formats get the document graphs, one per document; triple formats
    their merge (a triple two documents state, once); both in the order of
    :func:`ordered_items`.
    """
    with output_stream(path) as fh:
        return write_rdf(ordered_items(store, fmt.quads), fmt, fh)


def dataset_store(ds: Dataset):
    """An in-memory :class:`kg.store.KgStore` holding ``ds`` (with its merge), to write like a store."""
    import pyoxigraph as ox

    from .store import KgStore, put_dataset

    st = KgStore(ox.Store(), True, None)
    put_dataset(st, ds)
    return st


def serialize(ds: Dataset, fmt: Format) -> bytes:
    """The dataset in ``fmt``, as :func:`write` writes it."""
    import io

    st = dataset_store(ds)
    buf = io.BytesIO()
    write_rdf(ordered_items(st, fmt.quads), fmt, buf)
    return buf.getvalue()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def output_target(path: str | os.PathLike) -> tuple[Path, bool]:
    """Where ``-o path`` writes, and whether as a stream: a :class:`OutputError` if it must not be written.

    * a symlink is followed: its target is written (replaced atomically in the
      target's folder) and the link stays a link, as the shell's ``>`` leaves it;
    * a FIFO or a character device (``/dev/null``, ``/dev/stdout``, a terminal),
      directly or through a link, is written to as a stream: it is never
      replaced by a regular file;
    * a read-only file (no write bit, e.g. mode 0444) is refused, even for
      root, rather than replaced; so are folders, block devices and sockets.
    """
    path = Path(path)
    if path.is_symlink():  # write through a link, do not replace the link itself
        path = Path(os.path.realpath(path))
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if st is None:
        parent = next((d for d in path.parents if d.exists()), None)
        if parent is not None and not parent.is_dir():
            raise OutputError(f"{path}: cannot write: {parent} is a file, not a folder")
        return path, False
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise OutputError(f"{path}: cannot write: it is a folder")
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return path, True
    if not stat.S_ISREG(mode):
        kind = "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
        raise OutputError(f"{path}: cannot write: it is {kind}")
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise OutputError(f"{path}: cannot write: the file is read-only (mode {stat.S_IMODE(mode):04o}); "
                          "make it writable (chmod u+w) or choose another output")
    return path, False


@contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, so that readers never see a partial file.

    ``with atomic_output("out.nq") as fh: fh.write(…)`` writes to a temporary
    file in the same folder; when the block ends normally the file is flushed
    to disk and renamed over ``path``. On an error, an interrupt, a SIGTERM
    (``kg.cli`` turns it into an exception) or a crash ``path`` keeps its old
    content (or stays absent) and the temporary file is removed. The new file
    gets the mode of the file it replaces, or the usual one for new files
    (0666 minus the umask) rather than mkstemp's 0600. What is written where
    (links, FIFOs, devices, read-only files) is :func:`output_target`'s
    choice. Problems are an :class:`OutputError` naming ``path``.
    """
    path, streamed = output_target(path)
    if streamed:
        try:
            with open(path, "wb") as fh:
                yield fh
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        return
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"{path}: cannot write: {parent} is a file, not a folder")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
            os.chmod(tmp, mode)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        raise


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_output`)."""
    with atomic_output(path) as fh:
        fh.write(data)


@contextmanager
def output_stream(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary stream for ``path``: stdout for ``-``, else an atomic file (see :func:`atomic_output`)."""
    if str(path) == "-":
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with atomic_output(path) as fh:
        yield fh


def write(ds: Dataset, path: str | os.PathLike, format: str | None = None) -> None:
    """Serialise the dataset to ``path`` (``-``: stdout) in ``format`` (``ttl``, ``nt`` …) or the one its extension names."""
    fmt = output_format(path, format)
    write_store(dataset_store(ds), fmt, path)


def read(path: str | os.PathLike) -> Dataset:
    """Parse an RDF file of any registered format into a dataset."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not an RDF file")
    ext = p.suffix.lower()
    fmt = FORMATS.get(ext)
    if fmt is None:
        raise InputError(f"{p}: unknown RDF format '{ext}'; use one of {', '.join(sorted(FORMATS))}")
    ds = Dataset()
    try:
        if fmt.quads:
            ds.parse(p, format=fmt.name)
        else:
            ds.default_graph.parse(p, format=fmt.name) if hasattr(ds, "default_graph") else ds.parse(p, format=fmt.name)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise InputError(f"{p}: not valid {fmt.name}: {_syntax_problem(p, fmt, exc)}") from None
    return ds


_OX_FORMATS = {
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
    "json-ld": "JSON_LD",
    "xml": "RDF_XML",
    "trig": "TRIG",
    "nquads": "N_QUADS",
}


def _syntax_problem(p: Path, fmt: Format, exc: Exception) -> str:
    """One line saying where the file is broken.

    rdflib's messages span several lines and often lack the column, so the
    file is parsed again with Oxigraph, whose message gives line and column;
    rdflib's own message, on one line, is the fallback.
    """
    try:
        import pyoxigraph as ox

        for _ in ox.parse(path=str(p), format=getattr(ox.RdfFormat, _OX_FORMATS[fmt.name])):
            pass
    except SyntaxError as ox_exc:
        return " ".join(str(ox_exc).split())
    except Exception:  # noqa: BLE001 - only looking for a better message
        pass
    why = getattr(exc, "_why", None)  # rdflib's notation3 BadSyntax
    if why is not None and getattr(exc, "lines", None) is not None:
        return f"line {exc.lines + 1}: {why}"
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
