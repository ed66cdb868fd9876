"""Property-based tests: whatever the text, kg builds a graph that parses and conforms.

Texts are drawn from arbitrary Unicode mixed with what real articles hold
and what breaks naive code: Chinese names, company and district names,
speech verbs, quotation marks (matched and not), brackets, emoji, control
characters, CR/LF, full-width forms and HTML. Set ``CI=1`` for the
derandomized profile (the same examples on every run).
"""

from __future__ import annotations

import os

import pyoxigraph as ox
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import InputError, QueryError, UsageError

settings.register_profile(
    "ci", derandomize=True, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

KG = "https://w3id.org/kg-news/ontology#"

FRAGMENTS = [
    # names and the words around them
    "北京燃力能源科技有限公司", "燃力能源", "通州区", "海淀区", "中关村", "北京大学物理学院", "李国文", "张伟",
    "总经理", "董事长", "教授", "表示", "说", "指出", "认为", "介绍", "与", "签约", "签署", "获得", "荣获", "一等奖",
    "研发", "推出", "成功研发了", "新一代全光纤激光器", "本报记者", "摄", "据", "介绍，", "他说", "她表示",
    "有限公司", "集团", "研究院", "委员会", "第七届", "大赛", "总冠军",
    # punctuation, quotes and brackets, matched or not
    "。", "，", "、", "：", "；", "！", "？", "……", "——", "“", "”", "‘", "’", "「", "」", "『", "』",
    "（", "）", "(", ")", "《", "》", "【", "】", "<", ">", "\"", "'",
    # layout and odd characters
    "\n", "\n\n", "\r\n", "\r", "\t", " ", "\u3000", "\xa0", "\ufeff", "\u200b", "\u2028", "\x00", "\x07", "\x1b", "\x7f",
    "Ａ１２３", "ＡＢＣ", "😀", "👩‍🔬", "🇨🇳", "\U00020000", "é", "\u0301", "\ufffd",
    # HTML
    "<p>", "</p>", "<br>", "<script>alert('“x”')</script>", "&amp;", "&ldquo;", "&#x4E2D;", "<!--", "-->",
    "<html><body>", "<a href=\"x\">",
]

texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)),
    max_size=60,
).map("".join)


def _dataset_quads(ds):
    from kg.store import dataset_quads

    return list(dataset_quads(ds))


@settings(max_examples=30)
@given(texts)
# characters that str.splitlines() treats as line breaks but N-Triples keeps inside a literal
@example("0\x850")
@example("标题\u2028正文\u2029。\x1c\x1d\x1e")
def test_any_text_builds_a_graph_that_parses_back_and_conforms(text):
    from kg.formats import FORMATS, serialize
    from kg.pipeline import extract_text
    from kg.rdf import to_dataset
    from kg.validate import validate

    x = extract_text(text, "property.txt")
    ds = to_dataset([x])
    # provenance: the evidence is exactly the source text between the offsets
    raw = x.document.raw
    for ev in [r.evidence for r in x.relations] + [q.evidence for q in x.quotes]:
        s, e = x.document.raw_span(ev.start, ev.end)
        assert 0 <= s <= e <= len(raw)
    # every format parses back, with the same number of quads
    n = len(_dataset_quads(ds))
    for ext in (".nq", ".ttl"):
        data = serialize(ds, FORMATS[ext])
        fmt = ox.RdfFormat.N_QUADS if ext == ".nq" else ox.RdfFormat.TURTLE
        back = list(ox.parse(data, format=fmt))
        assert len(back) == n
    report = validate(ds)
    assert report.conforms, report.render()


@settings(max_examples=150)
@given(texts)
def test_any_text_is_extracted_without_crashing(text):
    from kg.pipeline import extract_text

    x = extract_text(text, "t.txt")
    raw = x.document.raw
    for ev in [r.evidence for r in x.relations] + [q.evidence for q in x.quotes]:
        s, e = x.document.raw_span(ev.start, ev.end)
        assert 0 <= s <= e <= len(raw)
        assert ev.text.strip() == "" or raw[s:e].strip() != ""
    for e in x.entities:
        assert e.name.strip(), e


@settings(max_examples=200)
@given(st.binary(max_size=3000))
def test_any_bytes_decode_or_are_refused_with_the_file_name(data):
    from kg.textprep import decode

    try:
        text = decode(data, "input.bin")
    except InputError as exc:
        assert str(exc).startswith("input.bin: ")
        return
    assert isinstance(text, str)


@settings(max_examples=100)
@given(texts, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_any_encoded_text_reads_back(tmp_path_factory, text, encoding):
    from kg.textprep import read_text

    text = text.replace("\x00", "")  # a NUL byte marks a binary file
    data = text.encode(encoding, errors="ignore")
    f = tmp_path_factory.mktemp("enc") / "a.txt"
    f.write_bytes(data)
    try:
        back = read_text(f)
    except InputError as exc:
        assert str(exc).startswith(f"{f}: ")
        return
    assert isinstance(back, str)
    if encoding == "utf-8" and text.isprintable() and "<" not in text:
        assert back == text


@settings(max_examples=150)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="<>/!-?=\"'& abp中", max_size=6)), max_size=40).map("".join))
def test_any_html_is_reduced_without_crashing(page):
    from kg.textprep import html_to_text

    text = html_to_text("<html><body>" + page)
    # no tag survives (a '<' with no '>' after it is text; character references are decoded once)
    assert "<script>" not in text and "</script>" not in text and "<p>" not in text and "<br>" not in text
    # a well-formed script element never leaks, whatever comes before it (the page's own
    # fragments may legitimately turn into text: "<!<script>" is a bogus comment in HTML5)
    assert "alert('y')" not in html_to_text("<html><body>" + page + "><p>x</p><script>alert('y')</script>")


@settings(max_examples=100)
@given(st.text(max_size=80))
def test_any_query_text_is_answered_or_refused_in_one_line(query):
    from kg.sparql import run

    store = ox.Store()
    try:
        run(store, query)
    except (QueryError, UsageError) as exc:
        assert "\n" not in str(exc)


@given(st.lists(st.sampled_from(["海", "淀", "区", "海淀", "海淀区", "。", "大学", "学"]), max_size=30),
       st.lists(st.integers(0, 40), max_size=8), st.booleans())
def test_gazetteer_windows_find_what_each_window_finds_alone(pieces, cuts, overlapping):
    from kg.gazetteer import Gazetteer

    g = Gazetteer(["海淀区", "海淀", "淀区", "区", "大学", "学"])
    text = "".join(pieces)
    bounds = sorted({0, len(text), *(c for c in cuts if c <= len(text))})
    windows = list(zip(bounds, bounds[1:]))
    got = g.finditer_windows(text, windows, overlapping)
    assert got == [g.finditer_windows(text[a:b], [(0, b - a)], overlapping)[0] for a, b in windows]


# 70 two-character keys with 70 distinct first characters, and one-character
# keys: enough first characters for the filter by character pairs
_MANY_FIRSTS = [chr(0x4E00 + i) + chr(0x4E80 + i % 3) for i in range(70)] + ["\U00020000", "区"]


@given(st.text(alphabet=[chr(0x4E00 + i) for i in range(0, 80, 7)] + ["\u4e80", "\u4e81", "区", "\U00020000", "\ud800", "。"],
               max_size=40), st.booleans())
def test_gazetteer_with_many_first_characters_finds_the_longest_key_at_each_position(text, overlapping):
    from kg.gazetteer import Gazetteer

    g = Gazetteer(_MANY_FIRSTS)
    keys = set(_MANY_FIRSTS)
    expected, floor = [], 0
    for i in range(len(text)):
        k = next((text[i:i + n] for n in (2, 1) if text[i:i + n] in keys and i + n <= len(text)), None)
        if k and i >= floor:
            expected.append((i, i + len(k), k))
            floor = i if overlapping else i + len(k)
    assert g.finditer(text, overlapping) == expected
