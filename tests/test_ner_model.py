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


def test_features_shape_and_tag_rows_agree():
    text = "新华社北京5月23日电 国务院总理朱镕基说，美国总统克林顿１２３ABC\x00😀"
    feats = ner_model.features(text)
    assert len(feats) == len(text)
    assert all(isinstance(f, list) and f and all(isinstance(x, str) for x in f) for f in feats)
    assert feats == [list(r) for r in ner_model._rows(text)]
    assert ner_model.features("") == []


def test_word_tags_aligned():
    for text in ("", "a", "中华人民共和国成立了", "\ud800\U0001F600北京大学x"):
        assert len(ner_model._seg_tags(text)) == len(text)


def test_word_pos_classes():
    text = "国务院总理朱镕基在北京会见了邓小平"
    tags, classes = ner_model._segment(text)
    assert len(tags) == len(classes) == len(text)
    assert classes[text.index("国务院")] == "O"
    assert classes[text.index("北京")] == "L"
    assert classes[text.index("邓小平") : text.index("邓小平") + 3] == ["R"] * 3
    feats = ner_model.features(text)
    assert "p0=RB3" in feats[text.index("邓小平")]


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


def test_feature_keys_match_feature_strings():
    """The keys tag() computes with numpy are the keys of features()' strings."""
    for text in ("国务院总理朱镕基在北京会见了邓小平和欧阳明，司马光说", "Ａ１😀\ud800 <s>x</s>", "王"):
        _, dense, extra_pos, extra_keys = ner_model._keys(text, [(0, len(text))])
        for i, feats in enumerate(ner_model.features(text)):
            got = sorted(dense[i].tolist() + extra_keys[extra_pos == i].tolist())
            assert got == sorted(ner_model.attr_key(f) for f in feats)
