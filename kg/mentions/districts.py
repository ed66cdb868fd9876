"""Districts: administrative divisions named in full (海淀区, 江阴市) and
development zones named after a place (合肥高新区, 江阴临港新城).
"""

from __future__ import annotations

import bisect
from functools import lru_cache

from .. import lexicon
from ..gazetteer import Gazetteer
from ..model import Document, Mention, Sentence
from .common import PUNCT, division_names, is_cjk, jieba_tags, org_endings, place_names, token_ends, tokens, word_freq


def district_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Administrative divisions named in full (海淀区, 江阴市, 宜昌市)."""
    text = doc.text
    out = []
    starts = [sent.start for sent in sentences]
    for s, e, name in division_names().finditer(text):
        # 江阴市长 is "mayor of 江阴", still the city; 市委 etc. is an organ (kept apart)
        if _common_noun_division(name) and not any(
                text.endswith(d.parent, 0, s) for d in lexicon.divisions()[name] if d.parent):
            continue  # 城区, 矿区: divisions so named, but alone an ordinary word (not after their city)
        if name[:-1] in ("代", "副") and text.startswith("长", e):
            continue  # 代县长, 副市长: a title, not the county 代县
        if len(name) == 2 and text.startswith("级", e):
            continue  # 乡镇和县级部门: a level of government, not the county 和县
        if _starts_inside_a_word(sentences, starts, s):
            continue  # 华东|区域: the county 东区 is not named here
        out.append(Mention(s, e, name, "District", "district-lexicon"))
    out.extend(zone_mentions(doc, sentences))
    return _without_leading_divisions(out)


def _without_leading_divisions(ms: list[Mention]) -> list[Mention]:
    """A province or a city right before a division inside it (浙江省|嘉兴市,
    嘉兴市|南湖区) says where that division is: the division is named, not
    the one before it."""
    starts = {m.start for m in ms}
    return [m for m in ms if not (m.end in starts and division_level(m.text) in ("province", "prefecture"))]


def _starts_inside_a_word(sentences: list[Sentence], starts: list[int], s: int) -> bool:
    """Whether jieba's segmentation of the sentence holding ``s`` (``starts``:
    the sentences' starts) puts ``s`` inside a word (华东|区域 for the county 东区)."""
    k = bisect.bisect_right(starts, s) - 1
    if k < 0:
        return False
    sent = sentences[k]
    ends = token_ends(sent.text)
    i = bisect.bisect_right(ends, s - sent.start)
    toks = tokens(sent.text)
    return i < len(toks) and toks[i][0] < s - sent.start


def _common_noun_division(name: str) -> bool:
    """A division whose name is also a frequent common noun in jieba's dictionary (城区, 矿区)."""
    return jieba_tags().get(name) == "n" and word_freq().get(name, 0) >= 300


def zone_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Development zones and new towns named after a place: 合肥高新区,
    苏州工业园区, 江阴临港新城 (a place, at most one more word, the ending)."""
    out = []
    places = place_names()
    tags = jieba_tags()
    windows = [(sent.start, sent.end) for sent in sentences]
    for sent, found in zip(sentences, zone_suffixes().finditer_windows(doc.text, windows)):
        st, base = sent.text, sent.start
        for s, e, suf in found:
            longer = zone_suffixes().ends_with(st, e)
            if longer and len(longer) > len(suf):
                continue
            start = _place_before(st, s, places)
            toks = tokens(st)
            k = bisect.bisect_left(token_ends(st), s)  # the word just before the ending
            if start is None and k < len(toks) and toks[k][1] == s:
                a, b, w = toks[k]  # one more word between the place and the ending (临港)
                if 2 <= len(w) <= 4 and all(is_cjk(c) for c in w) and tags.get(w, "nz")[:1] in ("n", "j", "s") and tags.get(w, "nz") != "n":
                    start = _place_before(st, a, places)
            if start is None and _unknown_place_word(st, s):
                start = s - 2  # 滨沭经开区: a place name the national lexicon lacks (a town, a new area)
            if start is None:
                continue
            outer = _place_before(st, start, places) if start > 1 else None
            if outer is not None:
                start = outer  # 武汉 + 东湖 + 新技术开发区
            out.append(Mention(base + start, base + e, st[start:e], "District", "zone"))
    return out


def _unknown_place_word(text: str, s: int) -> bool:
    """Whether the two characters before a zone's ending at ``s`` are a name
    jieba does not know as a word (a place missing from the lexicon:
    滨沭|经开区), standing at a clause's start or after a place, a one-character
    function word or an organisation's ending, not inside a longer phrase."""
    w = text[s - 2:s]
    if s < 2 or not all(is_cjk(c) for c in w) or w in word_freq() or any(c in _FUNCTION_CHARS for c in w):
        return False
    a = s - 2
    if a == 0 or text[a - 1] in PUNCT:
        return True
    return text[a - 1] in PLACE_END_CHARS or text[a - 1] in _FUNCTION_CHARS or org_endings().ends_with(text, a) is not None


_FUNCTION_CHARS = "与和及在由向对从将把被为是的了"
PLACE_END_CHARS = "省市县区州旗"


def _place_before(text: str, end: int, places: Gazetteer) -> int | None:
    """Start of the longest place name that ends exactly at ``end``."""
    for k in range(max(0, end - 8), end - 1):
        name = places.match_at(text, k)
        if name and k + len(name) == end:
            return k
        # a longer match that overshoots may hide a shorter one ending here
        if name and k + len(name) > end and text[k:end] in places:
            return k
    return None


@lru_cache(maxsize=None)
def zone_suffixes() -> Gazetteer:
    return Gazetteer(lexicon.words("zone_suffixes.txt"))


def division_level(name: str) -> str:
    ds = lexicon.divisions().get(name)
    return ds[0].level if ds else ""
