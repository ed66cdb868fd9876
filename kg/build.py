"""``kg build``: articles -> extractions -> RDF in a file, the store or an endpoint.

Inputs are files or folders (searched recursively for article files). One bad
file is reported and skipped; the others are built, and the exit code says
that some failed. Each document goes to the store in its own transaction.
"""

from __future__ import annotations

import logging
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from .errors import InputError, KgError, PartialFailure, UsageError
from .model import Extraction

log = logging.getLogger("kg")

ARTICLE_EXTENSIONS = {".txt", ".text", ".html", ".htm"}


def collect_inputs(inputs: Iterable[str | os.PathLike]) -> tuple[list[Path], list[str]]:
    """Article files named directly or found in folders, and problems found."""
    files: list[Path] = []
    problems: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in ARTICLE_EXTENSIONS and not f.name.startswith(".")
            )
            if not found:
                problems.append(f"{p}: no article files (.txt, .html) in this folder")
            files.extend(found)
        elif p.is_file():
            files.append(p)
        elif p.exists():
            problems.append(f"{p}: not a regular file")
        else:
            problems.append(f"{p}: no such file or folder")
    # the same file named twice is built once
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, problems


@dataclass
class BuildReport:
    documents: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    quotes: int = 0
    target: str = ""

    def add(self, x: Extraction) -> None:
        self.documents += 1
        self.entities.update(e.type for e in x.entities)
        self.relations.update(r.type for r in x.relations)
        self.quotes += len(x.quotes)

    def summary(self) -> str:
        ents = ", ".join(f"{n} {t}" for t, n in sorted(self.entities.items()))
        rels = ", ".join(f"{n} {t}" for t, n in sorted(self.relations.items()))
        lines = [
            f"built {self.documents} document{'s' if self.documents != 1 else ''}"
            + (f" ({self.skipped} unchanged, skipped)" if self.skipped else "")
            + (f" into {self.target}" if self.target else ""),
            f"  entities:  {sum(self.entities.values())} ({ents or 'none'})",
            f"  relations: {sum(self.relations.values())} ({rels or 'none'})",
            f"  quotes:    {self.quotes}",
        ]
        if self.failures:
            lines.append(f"  failed:    {len(self.failures)} file(s)")
        return "\n".join(lines)

    def exit_code(self) -> int:
        if self.failures:
            return PartialFailure.exit_code if self.documents or self.skipped else InputError.exit_code
        return 0


def _extract_one(path: Path) -> Extraction | str:
    """Worker: an extraction, or the one-line problem with this file."""
    from .pipeline import extract_file

    try:
        return extract_file(path)
    except KgError as exc:
        return str(exc)
    except RecursionError:
        return f"{path}: too deeply nested to process"


def extract_many(files: list[Path], jobs: int = 1) -> Iterator[tuple[Path, Extraction | str]]:
    """Extractions in input order, in worker processes when ``jobs > 1``."""
    if jobs <= 1 or len(files) < 2:
        for f in files:
            yield f, _extract_one(f)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for f, result in zip(files, pool.map(_extract_one, files, chunksize=max(1, min(16, len(files) // (jobs * 4) or 1)))):
            yield f, result


def _progress(iterable, total: int):
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return iterable
    return tqdm(iterable, total=total, unit="doc", file=sys.stderr, disable=None if total > 1 else True, leave=False)


def build(
    inputs: list[str],
    output: str | None = None,
    store: str | None = None,
    use_store: bool = True,
    jobs: int = 1,
    endpoint: str | None = None,
) -> BuildReport:
    """Build the inputs into an RDF file, the store, and/or an endpoint."""
    from .formats import format_for, write
    from .rdf import to_dataset

    if jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    if output:
        format_for(output)  # fail before any work on an unknown extension
    files, problems = collect_inputs(inputs)
    report = BuildReport(failures=list(problems))
    for p in problems:
        log.error(p)
    if not files:
        raise InputError(problems[0] if len(problems) == 1 else "no article files to build")

    ox_store = None
    if endpoint:
        from .remote import RemoteStore

        remote = RemoteStore(endpoint)
        remote.check()
    else:
        remote = None
        if use_store:
            from .store import default_store_path, open_store

            ox_store = open_store(store)
            report.target = str(store or default_store_path())

    collected = Dataset() if output else None
    for path, result in _progress(extract_many(files, jobs), len(files)):
        if isinstance(result, str):
            log.error(result)
            report.failures.append(result)
            continue
        ds = to_dataset([result])
        if ox_store is not None:
            from .store import put_dataset

            put_dataset(ox_store, ds)
        if remote is not None:
            remote.put_dataset(ds)
        if collected is not None:
            to_dataset([result], collected)
        report.add(result)

    if output and collected is not None:
        write(collected, output)
        report.target = output if not report.target else f"{report.target} and {output}"
    if remote is not None:
        report.target = endpoint
    return report


def export_store(store: str | None, output: str) -> int:
    """Write the whole store to ``output``; returns the number of quads."""
    from .formats import format_for, write_atomic
    import pyoxigraph as ox

    from .store import open_store

    fmt = format_for(output)
    st = open_store(store, read_only=True)
    ox_fmt = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "json-ld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
    }[fmt.name]
    from .query import PREFIXES

    if fmt.quads:
        data = st.dump(format=ox_fmt, prefixes=PREFIXES if fmt.name == "trig" else None)
        n = len(st)
    else:
        quads = [ox.Quad(q.subject, q.predicate, q.object) for q in st]
        tmp = ox.Store()
        tmp.extend(quads)
        n = len(tmp)
        kw = {"prefixes": PREFIXES} if fmt.name in ("turtle", "xml", "json-ld") else {}
        data = tmp.dump(format=ox_fmt, from_graph=ox.DefaultGraph(), **kw)
    write_atomic(output, data)
    return n
