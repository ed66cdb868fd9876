"""Corpus builds: folders, parallel workers, bounded memory, progress, skipping."""

from __future__ import annotations

import fcntl
import os
import pickle
import pty
import struct
import subprocess
import sys
import termios
import time

import pytest

import kg.build as kb
from kg.build import build, collect_inputs, process_many, process_one
from kg.corpus import file_id
from kg.rdf import document_iri
from kg.store import open_store
from tests.conftest import DEV, ROOT, SAMPLE, run_kg


def quads(store_dir) -> set[str]:
    return {str(q) for q in open_store(store_dir, read_only=True)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """24 small articles made from the paragraphs of the shipped ones."""
    d = tmp_path_factory.mktemp("corpus")
    paras = []
    for f in sorted(DEV.glob("*.txt")):
        paras += [p for p in f.read_text(encoding="utf-8").split("\n") if len(p) > 40]
    for i in range(24):
        chosen = [paras[(i * 7 + k * 3) % len(paras)] for k in range(4)]
        (d / f"art-{i:03d}.txt").write_text(f"测试新闻{i}\n\n" + "\n".join(chosen) + "\n", encoding="utf-8")
    return d


def test_jobs_2_builds_the_same_store_as_jobs_1(tmp_path, corpus):
    r1 = build([corpus], store=str(tmp_path / "s1"), jobs=1)
    r2 = build([corpus], store=str(tmp_path / "s2"), jobs=2)
    assert r1.documents == r2.documents == 24
    assert r1.entities == r2.entities and r1.relations == r2.relations and r1.quotes == r2.quotes
    assert quads(tmp_path / "s1") == quads(tmp_path / "s2")


def test_workers_send_plain_text_not_rdflib_objects():
    r = process_one(SAMPLE)
    assert r.status == "built"
    assert all(isinstance(g, str) and isinstance(body, str) for g, body in r.graphs)
    assert len(pickle.dumps(r)) < 4 * sum(len(b.encode()) for _, b in r.graphs)
    assert r.graphs[0][0] == str(document_iri(file_id(SAMPLE)))


def test_in_flight_work_is_bounded_by_the_batch(monkeypatch, corpus):
    """However many files, only jobs * IN_FLIGHT_PER_JOB tasks are ever queued ahead."""
    submitted = []

    class Counting(kb.ProcessPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            submitted.append(len(args[0]))
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(kb, "ProcessPoolExecutor", Counting)
    files, _ = collect_inputs([corpus])
    jobs, chunk = 2, 2
    seen = 0
    for r in process_many(files, jobs=jobs, chunk=chunk):
        assert r.status == "built"
        seen += 1
        done_tasks = -(-seen // chunk)
        assert len(submitted) <= done_tasks + jobs * kb.IN_FLIGHT_PER_JOB
    assert seen == len(files) == 24 and sum(submitted) == 24


def test_unchanged_documents_are_skipped_without_extraction(tmp_path, corpus, monkeypatch):
    store = str(tmp_path / "s")
    build([corpus], store=store, jobs=2)
    before = quads(tmp_path / "s")
    # a changed article and a new one among unchanged ones
    (corpus / "art-005.txt").write_text("北京燃力能源科技有限公司与通州区签约新能源项目。\n", encoding="utf-8")
    calls = []
    import kg.pipeline

    real = kg.pipeline.extract_text
    monkeypatch.setattr(kg.pipeline, "extract_text", lambda text, name, lexicon=None: calls.append(name) or real(text, name, lexicon))
    r = build([corpus], store=store, jobs=1)
    assert (r.documents, r.skipped) == (1, 23)
    assert calls == ["art-005.txt"]
    after = quads(tmp_path / "s")
    assert after != before and any("北京燃力能源科技有限公司" in q for q in after)


def test_a_bad_file_is_reported_and_the_others_are_built(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("北京燃力能源科技有限公司与通州区签约新能源项目。\n", encoding="utf-8")
    (d / "bad.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    store = tmp_path / "s"
    r = run_kg("build", d, "--store", store, "--jobs", "2")
    assert r.returncode == 7, r.stderr
    assert b"bad.txt" in r.stderr and b"built 1 document" in r.stderr
    assert b"Traceback" not in r.stderr


def test_build_to_a_file_and_the_store_together(tmp_path):
    out = tmp_path / "x.nq"
    r = build([SAMPLE, DEV / "R1-jiangyin-zoomlion-base-signing.txt"], output=str(out),
              store=str(tmp_path / "s"), jobs=2)
    assert r.documents == 2
    from kg.store import load_file

    assert {str(q) for q in load_file(out)} == quads(tmp_path / "s")


def test_progress_bar_with_rate_and_eta_on_a_terminal(tmp_path, corpus):
    """On a TTY, stderr shows a tqdm bar: count/total, elapsed<remaining, rate."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a 120-column terminal
    env = dict(os.environ)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(tmp_path / "s"), "--force"],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(master)
    text = out.decode("utf-8", "replace")
    assert proc.returncode == 0, text
    assert "/24 [" in text  # n/total [elapsed<eta, rate]
    assert "<" in text and ("doc/s" in text or "s/doc" in text)
    assert "built 24 documents" in text


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, corpus):
    r = run_kg("build", corpus, "--store", tmp_path / "s", "--jobs", "2")
    assert r.returncode == 0, r.stderr
    assert b"doc/s" not in r.stderr and b"\r" not in r.stderr
    assert "\nbuilt 24 documents into" in "\n" + r.stderr.decode()


def test_bad_jobs_value_is_a_usage_error(tmp_path):
    r = run_kg("build", SAMPLE, "--jobs", "0", "--store", tmp_path / "s")
    assert r.returncode == 2 and b"--jobs" in r.stderr
