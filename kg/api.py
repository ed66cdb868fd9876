"""Convenience functions for notebooks and scripts."""

from __future__ import annotations

import os

from .sparql import Table, resolve_query, run
from .store import load_file


def query(sparql_or_name: str, data: str | os.PathLike | None = None, **params: str) -> Table:
    """Run SPARQL text, a ``.rq`` file or a shipped query name over an RDF
    file, or a store (a store folder; ``None``: the default store, as ``kg query``).

    Keyword arguments bind query variables (``query("entity", "kg.ttl", name="燃力能源")``).
    """
    from pathlib import Path

    from .store import default_store_path, open_store

    if data is None or Path(data).is_dir():
        source = open_store(Path(data) if data is not None else default_store_path(), read_only=True)
    else:
        source = load_file(data)
    return run(source, resolve_query(sparql_or_name), params)
