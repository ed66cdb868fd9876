"""Where kg finds the ontology files (in a checkout and in an installed wheel), and keeps its caches."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def ontology_path(name: str = "kg.ttl") -> Path:
    """Path of a file of ``ontology/`` (kg.ttl, shapes.ttl)."""
    checkout = Path(__file__).resolve().parent.parent / "ontology" / name
    if checkout.is_file():
        return checkout
    # a wheel install maps ontology/ to the kg.ontology package
    return Path(str(resources.files("kg.ontology").joinpath(name)))


def cache_dir() -> Path:
    """Where kg keeps what it derives from its resources, never anything it needs:
    ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``."""
    base = os.environ.get("KG_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "kg")
    return Path(base)


def write_cache(path: Path, data: bytes) -> None:
    """Write a cache file whole (a temporary file, then a rename) or not at all:
    a cache that cannot be written is only slower, never an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass
