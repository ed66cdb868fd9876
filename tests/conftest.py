"""Shared fixtures: the sample article, built once per test session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "zgc-forum-2024.txt"
DEV = ROOT / "data" / "dev"


@pytest.fixture(scope="session")
def sample_extraction():
    from kg.pipeline import extract_file

    return extract_file(SAMPLE)


@pytest.fixture(scope="session")
def sample_dataset(sample_extraction):
    from kg.rdf import to_dataset

    return to_dataset([sample_extraction])


@pytest.fixture(scope="session")
def sample_ttl(tmp_path_factory, sample_dataset):
    from kg.formats import write

    out = tmp_path_factory.mktemp("sample") / "kg.ttl"
    write(sample_dataset, out)
    return out


def run_kg(*args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None):
    """Run the real command line (python -m kg) and capture its output."""
    import os

    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        cwd=cwd or ROOT,
        env=e,
        input=input,
        capture_output=True,
        timeout=600,
    )
