"""Document ids (paths from the input root, corpus rows, stdin), corpus formats, and stores of the old scheme."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.errors import InputError
from kg.rdf import document_iri
from kg.sparql import resolve_query, run
from kg.store import open_store
from tests.conftest import ROOT, run_kg

KG = "https://w3id.org/kg-news/ontology#"
DCT = "http://purl.org/dc/terms/"
A = "北京燃力能源科技有限公司与通州区签约新能源项目。\n"
B = "深圳光子晶体科技有限公司与南山区签约光子芯片项目。\n"
C = "新硅联合半导体有限公司获得总冠军，北京通嘉宏瑞科技有限公司获得季军。\n"
OLD_STORE = ROOT / "tests" / "fixtures" / "old-store-7b941a6.nq"
OLD_TEXTS = {"a/1.txt": A, "report.txt": C}  # what the fixture's store was built from


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def quads(store) -> set[str]:
    return {str(q) for q in open_store(store, read_only=True)}


def documents(store) -> dict[str, str]:
    """id (or, for old-scheme documents, file name) -> SHA-256, one entry per document graph."""
    st = open_store(store, read_only=True)
    out = {}
    for sol in st.query(f"""SELECT ?d ?key ?sha WHERE {{ GRAPH ?d {{ ?d a <{KG}Document> ; <{KG}sha256> ?sha .
                                OPTIONAL {{ ?d <{DCT}identifier> ?id }} OPTIONAL {{ ?d <{KG}fileName> ?f }}
                                BIND(COALESCE(?id, CONCAT("old:", ?f)) AS ?key) }} }}"""):
        assert sol["key"].value not in out, "two document graphs with one id"
        out[sol["key"].value] = sol["sha"].value
    return out


def labels(store) -> set[str]:
    st = open_store(store, read_only=True)
    return {s["l"].value for s in st.query("SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }")}


def merge_is_the_union(store) -> bool:
    st = open_store(store, read_only=True)
    merged = {q.triple for q in st.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    return merged == {q.triple for q in st.document_quads()}


# ---------------------------------------------------------------------------
# ids from paths


def test_same_file_name_in_two_folders_after_one_build_and_after_two(tmp_path):
    write(tmp_path / "a" / "1.txt", A)
    write(tmp_path / "b" / "1.txt", B)
    one = run_kg("build", "a/1.txt", "b/1.txt", "--store", "s1", cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    assert set(documents(tmp_path / "s1")) == {"a/1.txt", "b/1.txt"}
    assert b"built 2 documents" in one.stderr and b"store:     2 documents" in one.stderr

    for f in ("a/1.txt", "b/1.txt"):  # two builds into one store
        r = run_kg("build", f, "--store", "s2", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
    assert set(documents(tmp_path / "s2")) == {"a/1.txt", "b/1.txt"}
    assert b"store:     2 documents" in r.stderr
    assert {"北京燃力能源科技有限公司", "深圳光子晶体科技有限公司"} <= labels(tmp_path / "s2")
    assert quads(tmp_path / "s1") == quads(tmp_path / "s2")

    # the two folders as folder arguments: ids start with each folder's name
    r = run_kg("build", "a", "b", "--store", "s3", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert set(documents(tmp_path / "s3")) == {"a/1.txt", "b/1.txt"}


def test_dated_layouts_and_two_extensions_keep_every_document(tmp_path, monkeypatch):
    news = tmp_path / "corpus" / "news"
    files = {
        "2024/06/12/1.txt": A, "2024/06/13/1.txt": B, "2024/06/13/index.html": f"<html><body><p>{C}</p></body></html>",
        "2024/07/12/index.html": "<html><body><p>中关村科学城公司与海淀区签约。</p></body></html>",
        "report.txt": "北京大学物理学院研发了新一代全光纤激光器。\n", "report.html": f"<p>{B}</p>",
    }
    for rel, text in files.items():
        write(news / rel, text)
    store = tmp_path / "s"
    monkeypatch.chdir(tmp_path / "corpus")
    r = build(["news"], store=str(store))
    assert r.documents == 6 and r.stored == 6
    assert set(documents(store)) == {f"news/{rel}" for rel in files}
    # a file alone has the id it has in its folder
    one = run_kg("build", "news/2024/06/13/index.html", "--store", store, cwd=tmp_path / "corpus")
    assert b"built 0 documents (1 unchanged, skipped)" in one.stderr
    # the same files from another current folder: recognised by where they are, nothing new, nothing extracted
    again = run_kg("build", "corpus/news", "--store", store, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert b"built 0 documents (6 unchanged, skipped)" in again.stderr and b"store:     6 documents" in again.stderr


def test_a_changed_file_built_from_another_folder_is_refused_or_moved(tmp_path):
    write(tmp_path / "corpus" / "news" / "1.txt", A)
    assert run_kg("build", "news", "--store", "../s", cwd=tmp_path / "corpus").returncode == 0
    before = quads(tmp_path / "s")
    write(tmp_path / "corpus" / "news" / "1.txt", B)
    r = run_kg("build", "corpus/news", "--store", "s", cwd=tmp_path)
    assert r.returncode == 3 and b"corpus/news/1.txt: this file is in the store as 'news/1.txt'" in r.stderr
    assert quads(tmp_path / "s") == before
    r = run_kg("build", "corpus/news", "--store", "s", "--force", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert b"store:     1 document (1 moved to their new ids)" in r.stderr
    assert set(documents(tmp_path / "s")) == {"corpus/news/1.txt"} and "深圳光子晶体科技有限公司" in labels(tmp_path / "s")
    assert merge_is_the_union(tmp_path / "s")


def test_a_changed_text_at_the_same_id_replaces_that_document_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(3):
        write(tmp_path / "news" / f"{i}.txt", [A, B, C][i])
    store = tmp_path / "s"
    build([str(tmp_path / "news")], store=str(store))
    before = documents(store)
    write(tmp_path / "news" / "1.txt", "中关村科学城公司与海淀区签约。\n")
    r = build([str(tmp_path / "news")], store=str(store))
    assert (r.documents, r.skipped, r.stored) == (1, 2, 3)
    after = documents(store)
    assert set(after) == set(before) and after["news/1.txt"] != before["news/1.txt"]
    assert {k: v for k, v in after.items() if k != "news/1.txt"} == {k: v for k, v in before.items() if k != "news/1.txt"}
    assert "深圳光子晶体科技有限公司" not in labels(store) and "中关村科学城公司" in labels(store)
    assert merge_is_the_union(store)


def test_two_documents_with_one_id_in_one_build_are_an_error_and_nothing_is_written(tmp_path):
    write(tmp_path / "a" / "1.txt", A)
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "a/1.txt", "text": B}) + "\n", encoding="utf-8")
    r = run_kg("build", "a", "c.jsonl", "--store", "s", cwd=tmp_path)
    assert r.returncode == 3
    err = r.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("kg: c.jsonl: line 1: has the id 'a/1.txt' of a/1.txt"), err
    assert not (tmp_path / "s").exists()


def test_another_file_with_a_stored_id_is_refused_not_replacing_it(tmp_path):
    write(tmp_path / "x" / "news" / "1.txt", A)
    write(tmp_path / "y" / "news" / "1.txt", B)
    assert run_kg("build", "news", "--store", "../s", cwd=tmp_path / "x").returncode == 0
    before = quads(tmp_path / "s")
    r = run_kg("build", "news", "--store", "../s", cwd=tmp_path / "y")
    assert r.returncode == 3, r.stderr
    assert b"holds another document with the id 'news/1.txt'" in r.stderr and b"Traceback" not in r.stderr
    assert quads(tmp_path / "s") == before
    # under another prefix it is a document of its own
    r = run_kg("build", "news", "--id-prefix", "y", "--store", "../s", cwd=tmp_path / "y")
    assert r.returncode == 0, r.stderr
    assert set(documents(tmp_path / "s")) == {"news/1.txt", "y/news/1.txt"}
    # --force: the user asks for the replacement
    r = run_kg("build", "news", "--force", "--store", "../s", cwd=tmp_path / "y")
    assert r.returncode == 0, r.stderr
    assert documents(tmp_path / "s")["news/1.txt"] == documents(tmp_path / "s")["y/news/1.txt"]


def test_document_iris_are_one_per_id():
    ids = ["news/1.txt", "news/1.html", "新闻/1.txt", "/srv/news/1.txt", "a//b", "..", "%2E%2E", "a b", "1"]
    iris = [str(document_iri(i)) for i in ids]
    assert len(set(iris)) == len(ids)
    assert all(i.isascii() and " " not in i for i in iris)
    assert all("/doc/" not in i for i in iris)  # never an IRI of the old scheme


# ---------------------------------------------------------------------------
# corpora and stdin

ROWS = [
    {"id": "kjrb-001", "title": "燃力能源签约通州", "text": A, "date": "2024-06-12",
     "url": "https://news.example.com/1.html", "source": "示例科技日报"},
    {"id": "kjrb-002", "title": "光子芯片", "text": B, "date": "2024-06-13T09:30:00+08:00",
     "url": "https://news.example.com/2.html", "source": "示例科技日报"},
    {"id": 3, "title": "创新大赛", "text": C, "date": "2024年7月1日", "url": "https://finance.example.org/3.html"},
    {"id": "kjrb-004", "text": "中关村科学城公司与海淀区签约。", "date": "2024/07/02"},
    {"id": "kjrb-005", "title": "没有日期", "text": "北京大学物理学院研发了新一代全光纤激光器。"},
]


def jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_jsonl_corpus_gives_one_document_per_row_with_date_url_and_outlet(tmp_path):
    corpus = jsonl(tmp_path / "corpus.jsonl", ROWS)
    store = tmp_path / "s"
    r = build([str(corpus)], store=str(store))
    assert (r.documents, r.stored) == (5, 5)
    assert set(documents(store)) == {"kjrb-001", "kjrb-002", "3", "kjrb-004", "kjrb-005"}
    st = open_store(store, read_only=True)
    t = run(st, """SELECT ?id ?issued ?url ?pub WHERE { ?d a kg:Document ; dcterms:identifier ?id ; dcterms:issued ?issued
                   OPTIONAL { ?d schema:url ?url } OPTIONAL { ?d schema:publisher ?pub }
                   FILTER(?issued >= "2024-06-13"^^xsd:date || ?issued >= "2024-06-13T00:00:00+08:00"^^xsd:dateTime) }
                   ORDER BY ?id""")
    assert t.rows == [
        ["3", "2024-07-01", "https://finance.example.org/3.html", None],
        ["kjrb-002", "2024-06-13T09:30:00+08:00", "https://news.example.com/2.html", "示例科技日报"],
        ["kjrb-004", "2024-07-02", None, None],
    ]
    types = {s["t"].value for s in st.query(f"SELECT DISTINCT ?t WHERE {{ ?d <{DCT}issued> ?i BIND(DATATYPE(?i) AS ?t) }}",
                                               use_default_graph_as_union=True)}
    assert types == {"http://www.w3.org/2001/XMLSchema#date", "http://www.w3.org/2001/XMLSchema#dateTime"}
    title = next(iter(st.query(f'SELECT ?t WHERE {{ ?d <{DCT}identifier> "kjrb-001" ; <{DCT}title> ?t }}')))["t"]
    assert (title.value, title.language) == ("燃力能源签约通州", "zh")
    # rows have no file name; their document is found by id
    assert not list(st.query(f"SELECT ?f WHERE {{ ?d <{KG}fileName> ?f }}"))
    # the shipped query, with and without a period
    by_date = run(st, resolve_query("documents-by-date"))
    assert [row[:2] for row in by_date.rows] == [["2024-07-02", "kjrb-004"], ["2024-07-01", "3"],
                                                 ["2024-06-13", "kjrb-002"], ["2024-06-12", "kjrb-001"]]
    june = run(st, resolve_query("documents-by-date"), {"from": "2024-06-01", "to": "2024-06-30"})
    assert [row[1] for row in june.rows] == ["kjrb-002", "kjrb-001"]
    del st
    v = run_kg("validate", "--store", store)
    assert v.returncode == 0, v.stdout + v.stderr


def test_rebuilding_a_corpus_skips_unchanged_rows_and_replaces_changed_ones(tmp_path):
    corpus = jsonl(tmp_path / "corpus.jsonl", ROWS)
    store = tmp_path / "s"
    build([str(corpus)], store=str(store))
    before = documents(store)
    rows = [dict(r) for r in ROWS]
    rows[1]["text"] = "中关村科学城公司与朝阳区签约。"
    jsonl(corpus, rows)
    r = build([str(corpus)], store=str(store), jobs=2)
    assert (r.documents, r.skipped, r.stored) == (1, 4, 5)
    after = documents(store)
    assert set(after) == set(before) and after["kjrb-002"] != before["kjrb-002"]
    assert "深圳光子晶体科技有限公司" not in labels(store) and merge_is_the_union(store)
    # the same ids from another corpus file are other documents: refused, unless under a prefix
    other = jsonl(tmp_path / "other.jsonl", [{"id": "kjrb-001", "text": B}])
    r = run_kg("build", other, "--store", store)
    assert r.returncode == 3 and b"holds another document with the id 'kjrb-001'" in r.stderr
    assert run_kg("build", other, "--store", store, "--id-prefix", "other").returncode == 0
    assert "other/kjrb-001" in documents(store) and documents(store)["kjrb-001"] == after["kjrb-001"]


def test_a_csv_corpus_with_a_bom_and_multi_line_texts(tmp_path):
    corpus = tmp_path / "corpus.csv"
    corpus.write_text('\ufeffid,title,text,date,url,source,extra\n'
                      f'c1,标题一,"{A.strip()}\n第二段，“引号”。",2024-06-12,https://a.example/1,示例日报,x\n'
                      f'c2,,{B.strip()},,,,\n', encoding="utf-8")
    store = tmp_path / "s"
    r = run_kg("build", corpus, "--store", store)
    assert r.returncode == 0, r.stderr
    assert set(documents(store)) == {"c1", "c2"}
    st = open_store(store, read_only=True)
    t = run(st, 'SELECT ?n ?date ?pub WHERE { ?d dcterms:identifier "c1" ; kg:charCount ?n ; dcterms:issued ?date ; '
                'schema:publisher ?pub }')
    assert t.rows == [[str(len(A.strip() + "\n第二段，“引号”。")), "2024-06-12", "示例日报"]]


@pytest.mark.parametrize("content, message", [
    ('{"id": "1", "text": "甲"}\n{"id": "2", "text": "乙",}\n', "corpus.jsonl: line 2: not valid JSON"),
    ('{"id": "1", "text": "甲"}\n\n{"id": "2"}\n', "corpus.jsonl: line 3: no 'text'"),
    ('{"title": "甲", "text": "甲"}\n', "corpus.jsonl: line 1: no 'id'"),
    ('{"id": "1", "text": "甲"}\n{"id": "2", "text": "乙"}\n{"id": "1", "text": "丙"}\n',
     "corpus.jsonl: line 3: duplicate id '1' (first on line 1)"),
    ('{"id": 1, "text": "甲"}\n{"id": "1", "text": "乙"}\n', "corpus.jsonl: line 2: duplicate id '1' (first on line 1)"),
    ('{"id": "1", "text": "甲", "date": "昨天"}\n', "corpus.jsonl: line 1: date '昨天' is not a date"),
    ('{"id": "1", "text": "甲", "date": "2024-02-30"}\n', "corpus.jsonl: line 1: date '2024-02-30' is not a date"),
    ('{"id": "1", "text": "甲", "url": "javascript:alert(1)"}\n', "corpus.jsonl: line 1: url 'javascript:alert(1)'"),
    ('{"id": "1", "text": ["甲"]}\n', "corpus.jsonl: line 1: 'text' must be a string"),
    ('["甲"]\n', "corpus.jsonl: line 1: not a JSON object"),
    ("\n\n", "corpus.jsonl: no rows in this corpus"),
])
def test_bad_jsonl_rows_are_one_line_errors_and_nothing_is_built(tmp_path, content, message):
    (tmp_path / "corpus.jsonl").write_text(content, encoding="utf-8")
    write(tmp_path / "good.txt", A)
    r = run_kg("build", "good.txt", "corpus.jsonl", "--store", "s", cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 3, err
    assert err.startswith(f"kg: {message}") and err.count("\n") == 1, err
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("content, message", [
    ("id,title\n1,甲\n", "corpus.csv: no 'text' column"),
    ("id,text\n1,甲\n2,\n", "corpus.csv: line 3: no 'text'"),
    ("id,text\n1,甲\n,乙\n", "corpus.csv: line 3: no 'id'"),
    ("id,text\n1,甲\n1,乙\n", "corpus.csv: line 3: duplicate id '1' (first on line 2)"),
])
def test_bad_csv_rows_are_one_line_errors(tmp_path, content, message):
    (tmp_path / "corpus.csv").write_text(content, encoding="utf-8")
    r = run_kg("build", "corpus.csv", "--store", "s", cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 3 and err.startswith(f"kg: {message}") and err.count("\n") == 1, err


def test_two_corpora_sharing_an_id_in_one_build_are_an_error(tmp_path):
    jsonl(tmp_path / "a.jsonl", [{"id": "1", "text": A}])
    jsonl(tmp_path / "b.jsonl", [{"id": "1", "text": B}])
    with pytest.raises(InputError, match="b.jsonl: line 1: has the id '1' of .*a.jsonl: line 1"):
        build([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")], store=str(tmp_path / "s"))
    assert not (tmp_path / "s").exists()


def test_an_article_on_stdin(tmp_path):
    store = tmp_path / "s"
    r = run_kg("build", "-", "--id", "wire/2024-06-12/7", "--store", store, input=A.encode("gb18030"))
    assert r.returncode == 0, r.stderr
    r = run_kg("build", "-", "--store", store, input=B.encode("utf-8"))
    assert r.returncode == 0, r.stderr
    docs = documents(store)
    import hashlib

    assert set(docs) == {"wire/2024-06-12/7", "stdin-" + hashlib.sha256(B.encode()).hexdigest()[:16]}
    assert "北京燃力能源科技有限公司" in labels(store)
    again = run_kg("build", "-", "--store", store, input=B.encode("utf-8"))  # the same text: the same id
    assert b"built 0 documents (1 unchanged, skipped)" in again.stderr
    r = run_kg("build", "-", "--id", "wire/2024-06-12/7", "--store", store, input=C.encode())  # a new version
    assert r.returncode == 0 and documents(store)["wire/2024-06-12/7"] != docs["wire/2024-06-12/7"]
    assert len(documents(store)) == 2
    for args, code, text in [(["-", "--store", store], 3, b"standard input: no text"),
                             ([tmp_path, "--id", "x"], 2, b"--id names the article read from standard input")]:
        r = run_kg("build", *args, input=b"")
        assert r.returncode == code and r.stderr.startswith(b"kg: " + text) and r.stderr.count(b"\n") == 1


# ---------------------------------------------------------------------------
# stores of the old scheme (file-name ids)


@pytest.fixture
def old_store(tmp_path):
    """An on-disk store exactly as kg 7b941a6 left it (tests/fixtures/old-store-7b941a6.nq), and its texts."""
    store = tmp_path / "old-store"
    st = ox.Store(str(store))
    st.load(path=str(OLD_STORE), format=ox.RdfFormat.N_QUADS)
    st.flush()
    del st
    for rel, text in OLD_TEXTS.items():
        write(tmp_path / rel, text)
    return store


def test_an_old_store_is_read_and_its_documents_are_recognised_not_duplicated(tmp_path, old_store):
    original = quads(old_store)
    assert {q for q in original if "/id/doc/" in q} and not any("/id/document/" in q for q in original)
    st = open_store(old_store, read_only=True)
    t = run(st, resolve_query("companies-districts"))
    assert [r[:2] for r in t.rows] == [["北京燃力能源科技有限公司", "通州区"]]
    assert {r[3] for r in run(st, resolve_query("award-winners")).rows} == {"report.txt"}
    del st
    old_shas = documents(old_store)
    assert set(old_shas) == {"old:1.txt", "old:report.txt"}

    # the same files built the new way: recognised by file name and text, left as they are
    r = run_kg("build", "a/1.txt", "report.txt", "--store", old_store, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert b"built 0 documents (2 unchanged, skipped)" in r.stderr and b"store:     2 documents" in r.stderr
    assert quads(old_store) == original

    # another article with the old document's file name: a document of its own; the old one is kept
    write(tmp_path / "b" / "1.txt", B)
    r = run_kg("build", "b/1.txt", "--store", old_store, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert b"from an earlier kg, with another text" in r.stderr
    assert original < quads(old_store)
    assert set(documents(old_store)) == {"old:1.txt", "old:report.txt", "b/1.txt"}

    # --force moves the old documents to their ids: nothing lost, nothing twice
    r = run_kg("build", "a/1.txt", "report.txt", "--force", "--store", old_store, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert b"store:     3 documents (2 moved to their new ids)" in r.stderr
    docs = documents(old_store)
    assert set(docs) == {"a/1.txt", "report.txt", "b/1.txt"}
    assert (docs["a/1.txt"], docs["report.txt"]) == (old_shas["old:1.txt"], old_shas["old:report.txt"])
    assert not any("/id/doc/" in q for q in quads(old_store))
    assert {"北京燃力能源科技有限公司", "深圳光子晶体科技有限公司", "新硅联合半导体有限公司"} <= labels(old_store)
    assert merge_is_the_union(old_store)
    v = run_kg("validate", "--store", old_store)
    assert v.returncode == 0, v.stdout + v.stderr


def test_an_old_store_validates_and_exports_as_it_is(tmp_path, old_store):
    v = run_kg("validate", "--store", old_store)
    assert v.returncode == 0, v.stdout + v.stderr
    r = run_kg("export", "--store", old_store, "-o", tmp_path / "x.nq")
    assert r.returncode == 0, r.stderr
    assert len(list(ox.parse(path=str(tmp_path / "x.nq"), format=ox.RdfFormat.N_QUADS))) == len(
        list(open_store(old_store, read_only=True).document_quads()))


def test_a_list_after_a_colon_keeps_one_entry_a_line():
    from kg.textprep import prepare

    doc = prepare("获奖名单如下：\n第五届星河工业奖（企业）\n长江电子股份有限公司（大奖）\n黄河食品有限公司（表彰奖）\n", "t.txt")
    assert doc.text.split("\n")[1:] == ["第五届星河工业奖（企业）", "长江电子股份有限公司（大奖）", "黄河食品有限公司（表彰奖）"]
