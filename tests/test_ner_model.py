"""Tests for kg.ner_model (the shipped character-level CRF NER model)."""

import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg import ner_model  # noqa: E402

def _check_spans(text, spans):
    assert spans == sorted(spans)
    prev_end = 0
    for s, e, label in spans:
        assert label in ("PER", "ORG", "LOC")
        assert isinstance(s, int) and isinstance(e, int)
        assert 0 <= s < e <= len(text)
        assert s >= prev_end, "spans must not overlap"
        prev_end = e


def test_empty_string():
    assert ner_model.tag("") == []


def test_whitespace_only():
    assert ner_model.tag("   \n\t ") == []


def test_person_in_clear_sentence():
    text = "北京大学物理学院刘开辉教授表示"
    spans = ner_model.tag(text)
    _check_spans(text, spans)
    per = [text[s:e] for s, e, lab in spans if lab == "PER"]
    assert per == ["刘开辉"]


def test_offsets_are_exact():
    text = "新华社北京5月23日电  国务院总理朱镕基今天在人民大会堂会见了美国总统克林顿。"
    spans = ner_model.tag(text)
    _check_spans(text, spans)
    found = {(text[s:e], lab) for s, e, lab in spans}
    assert ("朱镕基", "PER") in found
    assert ("克林顿", "PER") in found
    # offsets in a longer text are shifted exactly by the prefix length
    prefix = "前言。\n"
    spans2 = ner_model.tag(prefix + text)
    shifted = [(s - len(prefix), e - len(prefix), lab) for s, e, lab in spans2]
    assert shifted == spans


def test_odd_unicode_does_not_crash():
    text = "😀 王小明\x00\x07在\ud800上海\u200b工作\U0001F600。\r\nABC公司，１２３"
    spans = ner_model.tag(text)
    _check_spans(text, spans)


def test_long_line_without_punctuation():
    unit = "张伟在上海的华为公司工作" "他说今天天气很好"
    text = (unit * (200_000 // len(unit) + 1))[:200_000]
    t0 = time.perf_counter()
    spans = ner_model.tag(text)
    elapsed = time.perf_counter() - t0
    _check_spans(text, spans)
    assert spans, "expected some entities in the repeated text"
    assert elapsed < 60


def test_chunks_cover_text_and_respect_limit():
    text = ("甲" * 1234) + "。" + ("乙，" * 700) + "丙"
    chunks = ner_model._chunks(text)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(text)
    for (s1, e1), (s2, _) in zip(chunks, chunks[1:]):
        assert e1 == s2
    assert all(0 < e - s <= ner_model.MAX_CHUNK for s, e in chunks)


def test_deterministic():
    text = "国际足联主席布拉特昨天抵达北京，与中国足协负责人会谈。"
    first = ner_model.tag(text)
    for _ in range(3):
        assert ner_model.tag(text) == first


def test_rejects_non_str():
    with pytest.raises(TypeError):
        ner_model.tag(None)


def test_features_shape():
    text = "新华社北京5月23日电 国务院总理朱镕基说，美国总统克林顿１２３ABC\x00😀"
    feats = ner_model.features(text)
    assert len(feats) == len(text)
    assert all(isinstance(f, list) and len(f) >= len(ner_model._TEMPLATES) - 2 for f in feats)
    assert all(ner_model.attr_key(x) >= 1 << 56 for f in feats for x in f)
    assert ner_model.features("") == []


def _has(feats, template, value):
    return format(ner_model._TID[template] | value, "x") in feats


def test_word_features():
    """Word position and POS class come from jieba's words and dictionary."""
    text = "国务院总理朱镕基在北京会见了邓小平"
    feats = ner_model.features(text)
    P, S = ner_model._PC_ID, ner_model._SEG_ID
    i = text.index("邓小平")
    assert _has(feats[i], "p0", P["R"] << 5 | S["B3"])  # a person's name, 3 characters
    assert _has(feats[i + 2], "p0", P["R"] << 5 | S["E3"])
    assert _has(feats[text.index("北京")], "p0", P["L"] << 5 | S["B2"])
    assert _has(feats[text.index("国务院")], "p0", P["O"] << 5 | S["B3"])


def test_name_candidate_and_surname_features():
    text = "记者欧阳明说"
    feats = ner_model.features(text)
    assert _has(feats[2], "s0", 2) and _has(feats[3], "s0", 3)  # 欧阳, a two-character surname
    assert _has(feats[0], "s0", 0)
    assert any(ner_model.attr_key(x) >> 56 == _TEMPLATES.index("nc") + 1 for x in feats[2])


_TEMPLATES = ner_model._TEMPLATES


def test_pieces_do_not_see_each_other():
    """Tagging decodes all sentences of a text together; each sentence's
    features must be those it has alone (as in training)."""
    a, b = "朱镕基说。", "克林顿今天抵达北京。"
    text = a + b
    _, both, pos, keys = ner_model._keys(text, [(0, len(a)), (len(a), len(text))])
    _, alone, pos_b, keys_b = ner_model._keys(b, [(0, len(b))])
    assert (both[len(a):] == alone).all()
    assert sorted(zip((pos[pos >= len(a)] - len(a)).tolist(), keys[pos >= len(a)].tolist())) == sorted(
        zip(pos_b.tolist(), keys_b.tolist()))


def _crfsuite_spans(text):
    """What CRFsuite's own tagger finds with the same model and features."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(ner_model.MODEL_PATH))
    spans = []
    for s, e in ner_model._chunks(text):
        if text[s:e].strip():
            ner_model._decode(tagger.tag(ner_model.features(text[s:e])), s, spans)
    tagger.close()
    return [sp for sp in spans if sp[2] in ner_model.LABELS]


def test_numpy_tagger_equals_crfsuite():
    """tag() decodes with numpy (kg.crf); it must find CRFsuite's own path."""
    text = (ROOT / "data" / "zgc-forum-2024.txt").read_text(encoding="utf-8")
    text += "\n😀 王小明\x00在\ud800上海工作\U0001F600。\r\n<s>王</s>" + "甲" * 600 + "。"
    assert ner_model.tag(text) == _crfsuite_spans(text)


def test_blocks_do_not_change_the_spans(monkeypatch):
    """A huge text is tagged block by block (bounded memory); same spans."""
    text = (ROOT / "data" / "zgc-forum-2024.txt").read_text(encoding="utf-8")
    whole = ner_model.tag(text)
    monkeypatch.setattr(ner_model, "BLOCK", 300)
    assert ner_model.tag(text) == whole
