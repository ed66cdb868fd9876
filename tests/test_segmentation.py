"""kg segments with jieba-rs (rjieba) for speed; its words must be jieba's.

The organisation and person rules were written against ``jieba.lcut``; if the
two segmenters ever disagreed (a new rjieba with another dictionary, say), the
extraction would silently change, so the equality is checked on real text. One known difference, in HMM mode
only: jieba-rs keeps a run of Latin letters, digits and hyphens whole (RISC-V,
3-5) where jieba splits it (RISC / - / V); no rule depends on that, so the
Chinese words are compared there.
"""

from pathlib import Path

import pytest

from kg.mentions.common import is_cjk, tokens
from kg.words import cut


@pytest.fixture(scope="module")
def jieba():
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba imports pkg_resources
        import jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba

DATA = Path(__file__).resolve().parent.parent / "data"
TEXTS = [DATA / "zgc-forum-2024.txt", *sorted((DATA / "dev").glob("*.txt"))]


@pytest.mark.parametrize("hmm", [False, True])
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_words_equal_jieba(path, hmm, jieba):
    text = path.read_text(encoding="utf-8")
    ours, theirs = cut(text, hmm=hmm), jieba.lcut(text, HMM=hmm)
    if hmm:
        ours, theirs = ([w for w in ws if any(is_cjk(c) for c in w)] for ws in (ours, theirs))
    assert ours == theirs


def test_token_offsets_index_the_text():
    text = (DATA / "zgc-forum-2024.txt").read_text(encoding="utf-8")
    toks = tokens(text)
    assert toks[0][0] == 0 and toks[-1][1] == len(text)
    assert all(text[a:b] == w for a, b, w in toks)
    assert all(x[1] == y[0] for x, y in zip(toks, toks[1:]))


def test_lone_surrogates_keep_offsets():
    """A Python str may hold lone surrogates (surrogateescape decoding); jieba-rs
    cannot, so kg substitutes them and the words still index the text."""
    from kg.pipeline import extract_text
    from kg.words import tokenize

    text = "北京大学\udcff教授王小明说\ud800今天很好。"
    toks = tokenize(text)
    assert all(text[a:b] == w for w, a, b in toks) and toks[-1][2] == len(text)
    names = {e.name for e in extract_text(text, "t.txt").entities}
    assert "北京大学" in names


def test_kgs_reading_of_jiebas_dictionary_is_jiebas(jieba):
    import jieba.posseg

    from kg import dictionary

    jieba.dt.initialize()
    jieba.posseg.dt.initialize()
    assert dictionary.frequencies() == jieba.dt.FREQ
    assert dictionary.tags() == jieba.posseg.dt.word_tag_tab
