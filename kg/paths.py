"""Where kg finds the ontology files, in a checkout and in an installed wheel."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def ontology_path(name: str = "kg.ttl") -> Path:
    """Path of a file of ``ontology/`` (kg.ttl, shapes.ttl)."""
    checkout = Path(__file__).resolve().parent.parent / "ontology" / name
    if checkout.is_file():
        return checkout
    # a wheel install maps ontology/ to the kg.ontology package
    return Path(str(resources.files("kg.ontology").joinpath(name)))
