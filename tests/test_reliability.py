"""Damaged stores, hostile queries, odd outputs and inputs, killed builds (issue #16).

Built like ``tests/test_bad_input.py``: every case runs the real command line
(``python -m kg``) against a real store (and a real ``oxigraph serve`` on
127.0.0.1), and checks the exit code, the one ``kg: …`` line, and that
nothing stored was lost or replaced.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
from pathlib import Path

import pytest

from tests.conftest import DEV, SAMPLE, run_kg
from tests.test_bad_input import assert_clean_failure, kg_lines

SECOND = DEV / "R1-jiangyin-zoomlion-base-signing.txt"


def folder_hashes(folder: Path) -> dict[str, str]:
    """Every file of a folder (recursively) by relative path -> SHA-256 of its bytes."""
    return {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*")) if f.is_file()
    }


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> Path:
    """A store holding the sample article (copy it before damaging it)."""
    store = tmp_path_factory.mktemp("reliability") / "store"
    r = run_kg("build", SAMPLE, "--store", store)
    assert r.returncode == 0, r.stderr.decode()
    return store


def _garble_a_table_file(store: Path) -> None:
    sst = max(store.glob("*.sst"), key=lambda f: f.stat().st_size)
    data = bytearray(sst.read_bytes())
    for i in range(100, len(data) - 200, 97):
        data[i] ^= 0x5A
    sst.write_bytes(bytes(data))


DAMAGE = {
    "CURRENT removed": lambda s: (s / "CURRENT").unlink(),
    "CURRENT emptied": lambda s: (s / "CURRENT").write_bytes(b""),
    "a table file garbled": _garble_a_table_file,
    "a table file removed": lambda s: max(s.glob("*.sst"), key=lambda f: f.stat().st_size).unlink(),
}


# ---------------------------------------------------------------------------
# 1. a damaged store is never written


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_store_is_reported_and_left_byte_for_byte_as_it_was(tmp_path, built_store, damage):
    store = tmp_path / "store"
    shutil.copytree(built_store, store)
    DAMAGE[damage](store)
    before = folder_hashes(store)
    for _ in range(2):  # the second build used to delete the old data files
        r = run_kg("build", SECOND, "--store", store)
        assert_clean_failure(r, 5, re.compile(re.escape(f"kg: {store}: the store is damaged (") + ".*"))
        assert "restore it from a backup, or build into a new --store" in kg_lines(r.stderr)[0]
        assert folder_hashes(store) == before


def test_a_folder_that_is_not_a_store_is_not_written(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("买菜\n", encoding="utf-8")
    before = folder_hashes(folder)
    r = run_kg("build", SECOND, "--store", folder)
    assert_clean_failure(r, 5, f"kg: {folder}: not a kg store (no CURRENT file); "
                         "give --store a store folder, an empty folder or a new path")
    assert folder_hashes(folder) == before


def test_a_store_is_created_in_an_empty_or_missing_folder(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for store in (empty, tmp_path / "new" / "store"):
        r = run_kg("build", SECOND, "--store", store)
        assert r.returncode == 0, r.stderr.decode()
        assert (store / "CURRENT").is_file()


def test_kg_serve_writable_refuses_a_damaged_store(tmp_path, built_store):
    store = tmp_path / "store"
    shutil.copytree(built_store, store)
    (store / "CURRENT").unlink()
    before = folder_hashes(store)
    with socket.socket() as busy:  # should the check not happen, the server cannot start either
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        r = run_kg("serve", "--store", store, "--writable", "--bind", f"127.0.0.1:{busy.getsockname()[1]}")
    assert_clean_failure(r, 5, f"kg: {store}: the store is damaged (no CURRENT file); it was left as it is: "
                         "restore it from a backup, or build into a new --store")
    assert folder_hashes(store) == before
