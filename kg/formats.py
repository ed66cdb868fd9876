"""RDF file formats, picked by file extension, behind one registry.

Quad formats (TriG, N-Quads) keep one named graph per document; triple
formats hold the union of all documents. Files are written atomically:
to a temporary file in the same folder, then renamed over the target.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
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


def format_for(path: str | os.PathLike) -> Format:
    """The format for a file name, or a :class:`UsageError` naming the choices."""
    ext = Path(path).suffix.lower()
    fmt = FORMATS.get(ext)
    if fmt is None:
        choices = ", ".join(sorted(FORMATS))
        raise UsageError(f"{path}: unknown output format '{ext or '(none)'}'; use one of {choices}")
    return fmt


JSONLD_CONTEXT = {
    "kg": "https://w3id.org/kg-news/ontology#",
    "kgid": "https://w3id.org/kg-news/id/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def serialize(ds: Dataset, fmt: Format) -> bytes:
    from .rdf import union_graph

    if fmt.quads:
        target: Graph = ds
    else:
        target = union_graph(ds)
    kwargs = {"context": JSONLD_CONTEXT} if fmt.name == "json-ld" else {}
    data = target.serialize(format=fmt.name, encoding="utf-8", **kwargs)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, so that readers never see a partial file.

    ``with atomic_output("out.nq") as fh: fh.write(…)`` writes to a temporary
    file in the same folder; when the block ends normally the file is flushed
    to disk and renamed over ``path``. On an error, an interrupt or a crash
    ``path`` keeps its old content (or stays absent) and the temporary file is
    removed. The new file gets the mode of the file it replaces, or the usual
    one for new files (0666 minus the umask) rather than mkstemp's 0600.
    Problems are an :class:`OutputError` naming ``path``.
    """
    path = Path(path)
    if path.is_symlink():  # write through a link, do not replace the link itself
        path = path.resolve()
    if path.is_dir():
        raise OutputError(f"{path}: cannot write: it is a folder")
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


def write(ds: Dataset, path: str | os.PathLike) -> None:
    """Serialise the dataset to ``path`` in the format its extension names."""
    fmt = format_for(path)
    write_atomic(path, serialize(ds, fmt))


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
