"""The distribution: a name of our own, its licence, its URLs, the extras kg's commands need."""

from __future__ import annotations

import importlib.metadata as md

import pytest

from kg.errors import StoreError
from tests.conftest import ROOT

try:
    import tomllib
except ImportError:  # Python 3.10
    from pip._vendor import tomli as tomllib

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_distribution_has_a_name_of_its_own_and_the_command_stays_kg():
    assert PROJECT["name"] == "kg-news"  # "kg" on PyPI is another project
    assert PROJECT["scripts"] == {"kg": "kg.cli:main"}
    dist = md.distribution("kg-news")  # what is installed is this project
    assert [ep.value for ep in dist.entry_points if ep.name == "kg" and ep.group == "console_scripts"] == ["kg.cli:main"]


def test_the_licence_file_matches_the_declared_licence():
    assert PROJECT["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n") and "Permission is hereby granted, free of charge" in text


def test_project_urls():
    assert set(PROJECT["urls"]) == {"Homepage", "Documentation", "Issues"}
    assert not any("pypi" in u for u in PROJECT["urls"].values())


def test_kg_serve_needs_only_the_serve_extra(monkeypatch):
    from kg import server

    assert [r for r in PROJECT["optional-dependencies"]["serve"] if r.startswith("oxigraph")]
    monkeypatch.setattr(server.sys, "executable", "/nonexistent/python")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(StoreError, match=r"kg-news\[serve\]"):
        server.find_oxigraph()
