"""Messy input and faults: clear one-line errors, nothing lost, nothing half-written.

Every case a user meets with real article folders (missing paths, binary
files, GBK downloads, saved web pages, empty files, pathological texts,
broken RDF, malformed SPARQL, a busy store, an unreachable endpoint, a build
killed half-way) is run as the user runs it, through ``python -m kg``, and
checked for the exact exit code, a ``kg: <file>: <problem>`` line, no
traceback, and the output or store left as it was.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.textprep import decode, html_to_text, looks_like_html, read_text
from tests.conftest import ROOT, run_kg

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = (FIXTURES / "article-bom.txt").read_bytes()[3:].decode("utf-8")  # the text every article fixture holds
KG = "https://w3id.org/kg-news/ontology#"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def kg_lines(stderr: bytes) -> list[str]:
    """The ``kg: …`` lines of stderr (the build summary lines are not errors).

    The notice that the optional statistical tagger model is missing is an
    environment notice, not an error of the case under test.
    """
    return [
        ln for ln in stderr.decode("utf-8").splitlines()
        if ln.startswith("kg: ") and "statistical name tagger unavailable" not in ln
    ]


def assert_clean_failure(r, code: int, line: str | re.Pattern):
    """Exit code, exactly one error line (equal to or matching ``line``), no traceback."""
    err = r.stderr.decode("utf-8")
    assert r.returncode == code, err
    assert "Traceback" not in err
    lines = kg_lines(r.stderr)
    assert len(lines) == 1, f"expected one error line, got: {lines}"
    if isinstance(line, str):
        assert lines[0] == line
    else:
        assert line.fullmatch(lines[0]), lines[0]


def graphs_in(rdf_file: Path) -> set[str]:
    from kg.store import load_file

    return {g.value for g in load_file(rdf_file).named_graphs()}


@contextmanager
def time_limit(seconds: float, what: str):
    """Fail (instead of hanging) when the block takes longer than ``seconds``."""

    def expired(signum, frame):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    timed_out = False
    try:
        yield
    except TimeoutError:
        timed_out = True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    if timed_out:  # outside the handler: the interrupted frames are not part of the report
        pytest.fail(f"{what} took more than {seconds} s (not linear time)", pytrace=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------
# paths


def test_a_missing_path_is_one_line_and_exit_3(tmp_path):
    out = tmp_path / "out.ttl"
    r = run_kg("build", tmp_path / "nothing.txt", "-o", out)
    assert_clean_failure(r, 3, f"kg: {tmp_path / 'nothing.txt'}: no such file or folder")
    assert not out.exists()


def test_a_folder_with_no_articles_is_one_line_and_exit_3(tmp_path):
    d = tmp_path / "downloads"
    d.mkdir()
    (d / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    (d / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(100))
    r = run_kg("build", d, "-o", tmp_path / "out.ttl")
    assert_clean_failure(r, 3, f"kg: {d}: no article files (.txt, .html) in this folder")
    assert not (tmp_path / "out.ttl").exists()


def test_a_folder_whose_only_article_is_binary_fails_naming_the_file(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "scan.txt").write_bytes(PNG)
    r = run_kg("build", d, "-o", tmp_path / "out.ttl")
    assert r.returncode == 3
    assert kg_lines(r.stderr) == [f"kg: {d / 'scan.txt'}: binary file (PNG image), not text"]
    assert b"Traceback" not in r.stderr


# ---------------------------------------------------------------------------
# a folder of messy files: each bad one reported and skipped, the others built


@pytest.fixture(scope="module")
def messy_build(tmp_path_factory):
    d = tmp_path_factory.mktemp("messy")
    src = d / "articles"
    src.mkdir()
    for f in ("article-gbk.txt", "article-bom.txt", "article-crlf.txt", "article-utf16.txt",
              "saved-page.html", "saved-page-gbk.htm"):
        (src / f).write_bytes((FIXTURES / f).read_bytes())
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.txt").write_bytes(b" \r\n\t\n\xe3\x80\x80\n")
    (src / "photo.txt").write_bytes(PNG)
    (src / "noise.txt").write_bytes(os.urandom(4096) + b"\x00")
    (src / "spam.txt").write_text("有限公司" * 20_000 + "\n" + "“" * 2_000 + "\n" + "<a " * 5_000, encoding="utf-8")
    out = d / "out.trig"
    r = run_kg("build", src, "-o", out)
    return src, out, r


def test_one_bad_file_is_reported_and_skipped_the_others_built(messy_build):
    src, out, r = messy_build
    assert r.returncode == 7, r.stderr.decode()
    assert b"Traceback" not in r.stderr
    assert kg_lines(r.stderr) == [
        f"kg: {src / 'noise.txt'}: binary file (contains NUL bytes), not text",
        f"kg: {src / 'photo.txt'}: binary file (PNG image), not text",
    ]
    err = r.stderr.decode()
    assert "built 9 documents" in err and "failed:    2 file(s)" in err
    names = {g.rsplit("/", 1)[-1].rsplit(".", 1)[0] for g in graphs_in(out)}  # ids are paths: <src>/article-gbk.txt
    assert names == {"article-gbk", "article-bom", "article-crlf", "article-utf16", "saved-page",
                     "saved-page-gbk", "empty", "blank", "spam"}


def test_the_partial_build_output_is_valid(messy_build):
    from kg.validate import validate

    _, out, _ = messy_build
    report = validate(out)
    assert report.conforms, report.render()


def test_every_encoding_gives_the_same_entities(messy_build):
    _, out, _ = messy_build
    from kg.store import load_file

    st = load_file(out)
    rows = st.query(
        f"SELECT ?g ?name WHERE {{ GRAPH ?g {{ ?e a ?t ; <http://www.w3.org/2000/01/rdf-schema#label> ?name "
        f"FILTER(?t IN (<{KG}Company>, <{KG}Person>, <{KG}District>)) }} }}"
    )
    by_doc: dict[str, set[str]] = {}
    for row in rows:
        by_doc.setdefault(row["g"].value.rsplit("/", 1)[-1].rsplit(".", 1)[0], set()).add(row["name"].value)
    expected = {"北京燃力能源科技有限公司", "通州区", "李国文", "张伟"}
    for doc in ("article-gbk", "article-bom", "article-crlf", "article-utf16", "saved-page", "saved-page-gbk"):
        assert by_doc.get(doc) == expected, doc


# ---------------------------------------------------------------------------
# encodings and formats, at the library level


def test_gbk_and_gb18030_text_is_decoded():
    assert read_text(FIXTURES / "article-gbk.txt") == ARTICLE
    assert decode("中关村论坛𠀀".encode("gb18030")) == "中关村论坛𠀀"  # a character outside GBK


def test_utf8_with_bom_loses_the_bom_and_keeps_offsets():
    from kg.pipeline import extract_file

    text = read_text(FIXTURES / "article-bom.txt")
    assert text == ARTICLE and not text.startswith("\ufeff")
    x = extract_file(FIXTURES / "article-bom.txt")
    assert x.document.raw == ARTICLE  # offsets count from the first character after the BOM
    assert x.relations and x.quotes
    for ev in [r.evidence for r in x.relations] + [q.evidence for q in x.quotes]:
        s, e = x.document.raw_span(ev.start, ev.end)
        assert ARTICLE[s:e] == ev.text


def test_crlf_line_ends_give_the_same_facts_with_offsets_into_the_crlf_text():
    from kg.pipeline import extract_file
    from kg.rdf import to_dataset

    crlf = extract_file(FIXTURES / "article-crlf.txt")
    lf = extract_file(FIXTURES / "article-bom.txt")
    assert "\r\n" in crlf.document.raw
    assert sorted((e.type, e.name) for e in crlf.entities) == sorted((e.type, e.name) for e in lf.entities)
    assert [(r.type, r.subject, r.object) for r in crlf.relations] == [(r.type, r.subject, r.object) for r in lf.relations]
    assert [q.text for q in crlf.quotes] == [q.text for q in lf.quotes]
    ds = to_dataset([crlf])
    raw = crlf.document.raw
    evidence = list(ds.query(
        "SELECT ?t ?s ?e WHERE { GRAPH ?g { ?n <%sevidenceText> ?t ; <%sstartOffset> ?s ; <%sendOffset> ?e } }"
        % (KG, KG, KG)))
    assert evidence
    for t, s, e in evidence:
        assert raw[int(s):int(e)] == str(t)


def test_utf16_with_and_without_bom():
    assert read_text(FIXTURES / "article-utf16.txt") == ARTICLE
    assert decode(ARTICLE.encode("utf-16-le")) == ARTICLE
    assert decode(ARTICLE.encode("utf-16-be")) == ARTICLE


def test_a_utf8_download_cut_short_stays_utf8():
    text = (ARTICLE * 20).rstrip()  # ends with a Chinese character
    data = text.encode("utf-8")
    assert decode(data[:-1]) == text[:-1] + "\ufffd"
    one_bad_byte = data[:300] + b"\xff" + data[300:]
    assert decode(one_bad_byte).count("\ufffd") == 1 and "北京燃力能源科技有限公司" in decode(one_bad_byte)


@pytest.mark.parametrize(
    "data, kind",
    [
        (PNG, "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(50), "ZIP archive or Office document"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"\x7fELF\x02\x01\x01" + bytes(50), "executable"),
        (bytes(range(256)) * 8, "contains NUL bytes"),
        (b"\x01\x02\x03\x04\x05abc" * 100, "control bytes"),
    ],
)
def test_binary_files_are_refused_with_their_name(tmp_path, data, kind):
    f = tmp_path / "dropped-in.txt"
    f.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_text(f)
    assert str(exc.value) == f"{f}: binary file ({kind}), not text"


def test_the_binary_check_reads_only_the_head_of_a_big_file(tmp_path, monkeypatch):
    f = tmp_path / "movie.txt"
    f.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(5_000_000))
    t0 = time.perf_counter()
    with pytest.raises(InputError, match=r"binary file \(video\)"):
        read_text(f)
    assert time.perf_counter() - t0 < 1


def test_empty_and_blank_files_give_an_empty_graph(tmp_path):
    from kg.pipeline import extract_file

    for name, data in (("empty.txt", b""), ("blank.txt", b"  \r\n\n\t\xe3\x80\x80\n"), ("bom-only.txt", b"\xef\xbb\xbf")):
        f = tmp_path / name
        f.write_bytes(data)
        x = extract_file(f)
        assert (x.entities, x.relations, x.quotes) == ([], [], []), name


def test_an_empty_file_builds_a_document_node_and_exit_0(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    out = tmp_path / "empty.ttl"
    r = run_kg("build", f, "-o", out)
    assert r.returncode == 0, r.stderr
    assert kg_lines(r.stderr) == []
    assert b"built 1 document" in r.stderr and b"entities:  0 (none)" in r.stderr
    from kg.store import load_file

    rows = list(load_file(out).query(f"SELECT ?d ?n WHERE {{ ?d a <{KG}Document> ; <{KG}charCount> ?n }}"))
    assert len(rows) == 1 and rows[0]["n"].value == "0"


# ---------------------------------------------------------------------------
# HTML pages


def test_a_saved_web_page_is_reduced_to_its_text():
    text = read_text(FIXTURES / "saved-page.html")
    assert text.startswith("燃力能源落户通州_新闻中心\n\n")
    assert "3月28日，北京燃力能源科技有限公司与通州区签约，新能源项目正式落地。" in text.split("\n")
    assert "北京燃力能源科技有限公司总经理李国文表示：“拥抱新能源，挺进新蓝海。”" in text.split("\n")
    for dropped in ("<", "广告", "脚本", "font-family", "这段注释不是正文", "请启用JavaScript", "saved from url", "&gt;"):
        assert dropped not in text, dropped
    assert "首页 > 新闻" in text  # character references decoded once: &gt; -> >


def test_a_gbk_web_page_is_decoded_and_reduced():
    assert read_text(FIXTURES / "saved-page-gbk.htm") == read_text(FIXTURES / "saved-page.html")


def test_html_sniffing():
    assert looks_like_html("\ufeff  <!-- saved from url=(0014)about:internet -->\n<!DOCTYPE html><html>")
    assert looks_like_html('<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">')
    assert looks_like_html("<meta charset='gbk'><p>正文</p>")
    assert not looks_like_html("北京燃力能源 <html> 标签不是网页开头")
    assert not looks_like_html("<新闻>北京燃力能源")


def test_character_references_are_decoded_exactly_once():
    assert html_to_text("<html><body><p>&amp;lt;b&amp;gt; &ldquo;好&rdquo; &#x4E2D;&#20851;</p></body></html>") == "&lt;b&gt; “好” 中关"


def test_broken_html_keeps_its_text():
    assert html_to_text("<html><head><title>标题</title><body><p>正文一<p>正文二") == "标题\n\n正文一\n正文二"
    assert html_to_text("<html><body><p>a < b 和 c<1 d</p>") == "a < b 和 c<1 d"
    assert html_to_text("<html><body><p title='x>y'>正文</p>") == "正文"
    assert html_to_text("<html><body><script>var s = '</p>'; // <p>不是正文") == ""


@pytest.mark.parametrize(
    "page",
    [
        "<html><body>" + "<a " * 100_000,  # took 107 s with html.parser
        "<html><body>" + "<!--" * 100_000,
        "<html><body>" + "<p>中" * 100_000,
        "<html><body><a href='" + "x" * 400_000,
        "<html><body>" + "<a title=\"" * 100_000,
        "<html><body>" + "&#x" * 100_000,
        "<html><body>" + "<script>" * 50_000,
        "<html><body>" + "</" * 200_000,
    ],
    ids=["open-tags", "comments", "paragraphs", "open-quote", "open-quotes", "char-refs", "scripts", "end-tags"],
)
def test_pathological_html_takes_linear_time(page):
    with time_limit(5, "html_to_text"):
        html_to_text(page)


# ---------------------------------------------------------------------------
# pathological texts: linear time, no regex backtracking blow-up


def _extract(text: str):
    from kg.pipeline import extract_text

    return extract_text(text, "pathological.txt")


def test_a_multi_megabyte_line_without_punctuation_takes_linear_time():
    unit = "中关村论坛在北京举行科技企业发展新质生产力"
    small = unit * (500_000 // len(unit.encode()))  # 0.5 MB of UTF-8
    big = small * 4  # 2 MB, one line
    with time_limit(60, "a 0.5 MB line"):
        t0 = time.perf_counter()
        _extract(small)
        t_small = time.perf_counter() - t0
    with time_limit(120, "a 2 MB line"):
        t0 = time.perf_counter()
        _extract(big)
        t_big = time.perf_counter() - t0
    # linear: 4x the text, about 4x the time; quadratic would be 16x
    assert t_big < 8 * t_small + 1, (t_small, t_big)


@pytest.mark.parametrize(
    "text",
    [
        "有限公司" * 20_000,
        "“" * 20_000,
        "“张伟说" * 10_000,
        "北京燃力能源科技有限公司与通州区签约，" * 8_000,
        "（" * 20_000 + "）" * 3,
        "《" * 20_000,
        "本报记者 " * 10_000,
        "a" * 500_000,
    ],
    ids=["有限公司x20000", "unmatched-quotes", "quote-said", "one-long-sentence", "brackets", "book-marks",
         "bylines", "ascii"],
)
def test_pathological_repetitions_take_linear_time(text):
    with time_limit(10, f"extracting {text[:8]!r}×{len(text)}"):
        _extract(text)


# ---------------------------------------------------------------------------
# output


def test_an_unknown_output_extension_is_a_usage_error_before_any_work(tmp_path):
    out = tmp_path / "report.docx"
    store = tmp_path / "store"
    r = run_kg("build", FIXTURES / "article-bom.txt", "-o", out, "--store", store)
    assert_clean_failure(
        r, 2, f"kg: {out}: unknown output format '.docx'; use one of .jsonld, .nq, .nt, .rdf, .trig, .ttl")
    assert not out.exists() and not store.exists()


def test_an_unwritable_output_path_is_exit_6_and_leaves_nothing(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    out = blocker / "out.ttl"
    r = run_kg("build", FIXTURES / "article-bom.txt", "-o", out)
    assert_clean_failure(r, 6, f"kg: {out}: cannot write: {blocker} is a file, not a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_an_output_path_that_is_a_folder_is_an_output_error(tmp_path):
    from kg.errors import OutputError
    from kg.formats import write_atomic

    folder = tmp_path / "out.ttl"
    folder.mkdir()
    with pytest.raises(OutputError) as exc:
        write_atomic(folder, b"data")
    assert str(exc.value) == f"{folder}: cannot write: it is a folder" and exc.value.exit_code == 6
    assert list(folder.iterdir()) == []


def test_export_is_atomic_with_usual_permissions_and_one_line_errors(tmp_path):
    store = tmp_path / "store"
    assert run_kg("build", FIXTURES / "article-bom.txt", "--store", store).returncode == 0
    out = tmp_path / "export.ttl"
    r = run_kg("export", "--store", store, "-o", out)
    assert r.returncode == 0, r.stderr
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask, oct(out.stat().st_mode)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    r = run_kg("export", "--store", store, "-o", blocker / "x.ttl")
    assert_clean_failure(r, 6, f"kg: {blocker / 'x.ttl'}: cannot write: {blocker} is a file, not a folder")


def test_a_failed_build_leaves_the_previous_output_untouched(tmp_path):
    out = tmp_path / "kg.ttl"
    ok = run_kg("build", FIXTURES / "article-bom.txt", "-o", out)
    assert ok.returncode == 0
    before = out.read_bytes()
    scan = tmp_path / "scan.txt"
    scan.write_bytes(PNG)
    r = run_kg("build", scan, "-o", out)
    assert r.returncode == 3
    assert kg_lines(r.stderr) == [f"kg: {scan}: binary file (PNG image), not text"]
    assert out.read_bytes() == before, "a build where every input failed replaced the output"


def test_write_atomic_leaves_no_temporary_file_when_interrupted(tmp_path, monkeypatch):
    from kg import formats

    out = tmp_path / "kg.ttl"
    out.write_bytes(b"old")

    def boom(*a):
        raise KeyboardInterrupt

    monkeypatch.setattr(formats.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        formats.write_atomic(out, b"new")
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]


def test_a_full_disk_is_an_output_error_and_leaves_the_old_file(tmp_path, monkeypatch):
    import errno

    from kg import formats
    from kg.errors import OutputError

    out = tmp_path / "kg.ttl"
    out.write_bytes(b"old")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(formats.os, "fsync", full)
    with pytest.raises(OutputError) as exc:
        formats.write_atomic(out, b"new")
    assert str(exc.value) == f"{out}: cannot write (No space left on device)"
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]


def test_main_turns_stray_errors_into_one_line(monkeypatch, capsys):
    import errno

    from kg import cli

    def no_space(args):
        raise OSError(errno.ENOSPC, "No space left on device", "/data/store/000012.sst")

    def bug(args):
        raise ValueError("something\nunexpected")

    monkeypatch.setattr(cli, "cmd_export", no_space)
    assert cli.main(["export", "-o", "x.ttl"]) == 6
    assert capsys.readouterr().err == "kg: /data/store/000012.sst: cannot write (No space left on device)\n"
    monkeypatch.setattr(cli, "cmd_export", bug)
    assert cli.main(["export", "-o", "x.ttl"]) == 1
    assert capsys.readouterr().err == (
        "kg: internal error: ValueError: something unexpected (run with --debug for the traceback)\n")
    with pytest.raises(ValueError):
        cli.main(["export", "-o", "x.ttl", "--debug"])


def test_written_files_get_the_usual_permissions(tmp_path):
    from kg.formats import write_atomic

    out = tmp_path / "kg.ttl"
    write_atomic(out, b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
    os.chmod(out, 0o640)
    write_atomic(out, b"y")
    assert out.stat().st_mode & 0o777 == 0o640


# ---------------------------------------------------------------------------
# RDF and SPARQL given to query / viz / stats / validate


def test_malformed_sparql_shows_the_parsers_message_with_line_and_column(tmp_path, sample_ttl):
    r = run_kg("query", "SELECT ?x WHERE { ?x foo:bar ?o }", "--data", sample_ttl)
    assert_clean_failure(
        r, 4,
        "kg: SPARQL syntax error at line 1, column 29: unknown prefix 'foo:' (declare it with PREFIX; "
        "predefined: dcterms, kg, kgid, owl, prov, rdf, rdfs, schema, skos, xsd) (at '?o }')")
    r = run_kg("query", "SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x = ) }", "--data", sample_ttl)
    assert_clean_failure(r, 4, re.compile(r"kg: SPARQL syntax error at line 3, column \d+: expected .+"))


def test_a_malformed_rq_file_is_named_in_the_message(sample_ttl):
    rq = FIXTURES / "malformed.rq"
    r = run_kg("query", rq, "--data", sample_ttl)
    assert_clean_failure(r, 4, re.compile(re.escape(f"kg: {rq}: SPARQL syntax error at line ") + r"\d+, column \d+: .+"))


def test_sparql_positions_are_those_of_the_query_as_written_when_params_are_bound(sample_ttl):
    r = run_kg("query", "SELECT ?x WHERE { ?x ?p ?name . FILTER(?x = ) }", "--data", sample_ttl, "--param", "name=通州区")
    assert_clean_failure(r, 4, re.compile(r"kg: SPARQL syntax error at line 1, column 48: .+"))


@pytest.mark.parametrize("command", [["query", "SELECT * WHERE { ?s ?p ?o }", "--data"], ["viz"], ["stats"], ["validate"]])
def test_broken_turtle_is_one_line_naming_the_file_and_the_line(tmp_path, command):
    broken = FIXTURES / "broken.ttl"
    args = [*command, broken]
    if command == ["viz"]:
        args += ["-o", tmp_path / "graph.html"]
    r = run_kg(*args)
    assert_clean_failure(
        r, 3, f"kg: {broken}: not valid turtle: Parser error at line 54 between columns 16 and 21: "
        "Unexpected end of file (broken.ttl, line 54)")
    assert not (tmp_path / "graph.html").exists()


def test_other_broken_rdf_formats_are_one_line_naming_the_file(tmp_path):
    from kg.formats import read

    cases = {
        "x.nt": b'<http://a> <http://b> "x" \n',
        "x.jsonld": b'{"@context": ',
        "x.nq": b'<http://a> <http://b> "x" <http://g> \n',
        "x.trig": b"GRAPH <g> { <a> <b> ",
    }
    for name, data in cases.items():
        f = tmp_path / name
        f.write_bytes(data)
        with pytest.raises(InputError) as exc:
            read(f)
        msg = str(exc.value)
        assert msg.startswith(f"{f}: not valid ") and "\n" not in msg and ("line" in msg or "column" in msg), msg


# ---------------------------------------------------------------------------
# the store and the endpoint


def test_a_locked_store_is_exit_5_and_keeps_its_documents(tmp_path):
    store = tmp_path / "store"
    first = run_kg("build", FIXTURES / "article-bom.txt", "--store", store)
    assert first.returncode == 0, first.stderr
    holder = ox.Store(str(store))  # another writer holds the store
    try:
        r = run_kg("build", FIXTURES / "article-gbk.txt", "--store", store)
        assert r.returncode == 5
        lines = kg_lines(r.stderr)
        assert len(lines) == 1 and lines[0].startswith(f"kg: {store}: the store is in use by another process")
        assert b"Traceback" not in r.stderr
        # readers still work while the writer holds it
        q = run_kg("query", "SELECT ?f WHERE { ?d kg:fileName ?f }", "--store", store, "--format", "csv")
        assert q.returncode == 0 and q.stdout.decode().split() == ["f", "article-bom.txt"]
    finally:
        del holder
    q = run_kg("query", "SELECT ?f WHERE { ?d kg:fileName ?f }", "--store", store, "--format", "csv")
    assert q.stdout.decode().split() == ["f", "article-bom.txt"]


def test_an_unreachable_endpoint_is_exit_5_and_nothing_is_written(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/query"
    out = tmp_path / "also.ttl"
    r = run_kg("build", FIXTURES / "article-bom.txt", "--endpoint", url, "-o", out)
    assert r.returncode == 5
    lines = kg_lines(r.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"kg: {url}: cannot reach the SPARQL endpoint")
    assert b"Traceback" not in r.stderr
    assert not out.exists()
    q = run_kg("query", "quotes", "--endpoint", url)
    assert q.returncode == 5 and kg_lines(q.stderr)[0].startswith(f"kg: {url}: ")


def doc_graphs(store: Path) -> dict[str, int]:
    st = ox.Store.read_only(str(store))
    return {g.value: len(list(st.quads_for_pattern(None, None, None, g))) for g in st.named_graphs()}


def test_a_build_killed_at_any_moment_keeps_every_earlier_document(tmp_path):
    """SIGKILL in the middle of a build: every document graph in the store is complete, and the next build works."""
    from functools import lru_cache

    from kg.build import process_one

    def text(i: int) -> str:
        return ARTICLE + f"\n第{i}篇。\n"

    @lru_cache(maxsize=None)
    def expected(i: int) -> int:
        return process_one(src / f"a{i:03d}.txt").triples  # what kg build writes for it

    def check_complete(graphs: dict[str, int]) -> None:
        for g, count in graphs.items():
            i = int(g.rsplit("/a", 1)[-1].removesuffix(".txt"))
            assert count == expected(i), f"document {g} is incomplete after the kill: {count} of {expected(i)} quads"

    src = tmp_path / "articles"
    src.mkdir()
    n = 200  # enough that the kill lands mid-build however fast extraction gets
    for i in range(n):
        (src / f"a{i:03d}.txt").write_text(text(i), encoding="utf-8")
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(src), "--store", str(store)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None and seen < 8:
        try:
            seen = len(doc_graphs(store))
        except (OSError, ValueError, RuntimeError):  # the store is still being created
            seen = 0
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    graphs = doc_graphs(store)
    assert seen <= len(graphs) < n, "the kill did not land in the middle of the build"
    check_complete(graphs)
    # the store is still usable: the next build adds the missing documents
    r = run_kg("build", src, "--store", store)
    assert r.returncode == 0, r.stderr
    graphs = doc_graphs(store)
    assert len(graphs) == n
    check_complete(graphs)


# ---------------------------------------------------------------------------
# tracebacks only with --debug


def test_no_traceback_unless_debug(tmp_path):
    missing = tmp_path / "nothing.txt"
    r = run_kg("build", missing, "-o", tmp_path / "x.ttl")
    assert r.returncode == 3 and b"Traceback" not in r.stderr
    for args in (["--debug", "build", missing, "-o", tmp_path / "x.ttl"], ["build", missing, "-o", tmp_path / "x.ttl", "--debug"]):
        r = run_kg(*args)
        assert r.returncode != 0
        assert b"Traceback (most recent call last)" in r.stderr and b"InputError" in r.stderr
