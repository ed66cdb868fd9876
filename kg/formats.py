"""RDF file formats, picked by file extension, behind one registry.

Quad formats (TriG, N-Quads) keep one named graph per document; triple
formats hold the union of all documents. Files are written atomically:
to a temporary file in the same folder, then renamed over the target.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

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


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers never see a partial file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


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
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{p}: not valid {fmt.name}: {msg}") from None
    return ds
