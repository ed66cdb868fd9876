"""Convenience functions for notebooks and scripts."""

from __future__ import annotations

import os

from .sparql import Table, resolve_query, run
from .store import load_file


def query(sparql_or_name: str, data: str | os.PathLike, **params: str) -> Table:
    """Run SPARQL text, a ``.rq`` file or a shipped query name over an RDF file.

    Keyword arguments bind query variables (``query("entity", "kg.ttl", name="燃力能源")``).
    """
    return run(load_file(data), resolve_query(sparql_or_name), params)
