"""Mentions: typed spans of the clean text that name people, organisations,
districts, awards and achievements.

Each finder is a small function ``(doc, sentences) -> list[Mention]`` driven by
generic lexicons (``kg/resources``) and the structure of Chinese names:

* districts by the national lexicon of administrative divisions;
* organisations by their endings (…有限公司, …研究院, …大学, …管委会) with the
  left edge found by stop words, plus the shipped statistical tagger;
* people by by-lines, titles around names (总经理李国文, 刘开辉教授), speech
  verbs (卢彦介绍) and the statistical tagger, all checked against surnames;
* awards by rankings and prize words after a "won" verb;
* achievements by what is developed / released / built, named products in
  quotes, and lists of results.

:func:`find_mentions` runs them all and settles overlaps.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache
from itertools import accumulate

from . import dictionary, lexicon
from .words import cut as jieba_cut
from .gazetteer import Gazetteer
from .model import Document, Mention, Sentence

CJK = r"\u4e00-\u9fff"
PUNCT = set("，。、；：？！,.;:?!“”‘’「」『』（）()《》【】—…·\n ")
OPEN_Q = "“「『‘"
CLOSE_Q = "”」』’"


# ---------------------------------------------------------------------------
# lexicons, compiled once

@lru_cache(maxsize=None)
def _surnames() -> frozenset[str]:
    return lexicon.words("surnames.txt")


@lru_cache(maxsize=None)
def _titles() -> Gazetteer:
    return Gazetteer(lexicon.words("titles.txt"))


@lru_cache(maxsize=None)
def _followers() -> Gazetteer:
    return Gazetteer(lexicon.words("name_followers.txt") | lexicon.words("speech_verbs.txt") | lexicon.words("titles.txt"))


@lru_cache(maxsize=None)
def _speech() -> Gazetteer:
    return Gazetteer(lexicon.words("speech_verbs.txt"))


@lru_cache(maxsize=None)
def _suffixes() -> Gazetteer:
    return Gazetteer(lexicon.org_suffixes())


@lru_cache(maxsize=None)
def _left_stops() -> Gazetteer:
    return Gazetteer(lexicon.words("org_left_stops.txt"))


@lru_cache(maxsize=None)
def _districts() -> Gazetteer:
    return Gazetteer(lexicon.divisions())


@lru_cache(maxsize=None)
def _award_words() -> Gazetteer:
    return Gazetteer(lexicon.words("award_words.txt"))


@lru_cache(maxsize=None)
def _achievement_heads() -> tuple[str, ...]:
    return tuple(sorted(lexicon.words("achievement_heads.txt"), key=len, reverse=True))


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def surname_of(name: str) -> str | None:
    """The surname a Chinese personal name starts with, if any.

    >>> surname_of("欧阳修"), surname_of("李国文"), surname_of("的确")
    ('欧阳', '李', None)
    """
    sn = _surnames()
    if len(name) >= 3 and name[:2] in sn:
        return name[:2]
    if name[:1] in sn:
        return name[:1]
    return None


@lru_cache(maxsize=1 << 15)
def plausible_name(name: str) -> bool:
    """A 2-4 character Chinese name that starts with a surname (a pure
    function of the name, asked often: cached)."""
    if not 2 <= len(name) <= 4 or not all(is_cjk(c) for c in name):
        return False
    s = surname_of(name)
    if s is None or len(name) - len(s) < 1 or len(name) - len(s) > 2:
        return False
    if name in lexicon.words("titles.txt") or name in lexicon.words("name_stopwords.txt"):
        return False
    if _place_names().match_at(name, 0) == name:
        return False  # 江阴, 海淀: places, not people
    if name[-1] in "着了过的地得们等说和与及在是为":
        return False
    head = name[:2] if len(name) >= 3 else name
    tag = _jieba_tags().get(head)
    if tag is not None and not tag.startswith("nr") and _freq().get(head, 0) >= 500:
        return False  # 许多人, 高度: a common word, not a surname and given name
    if (len(name) == 2 and tag is not None and tag[:1] in ("v", "a", "d", "p", "c")
            and _freq().get(name, 0) >= 100):
        return False  # 应邀, 马上: a verb or an adverb (2 of 1,166 two-character names in MSRA train are)
    rest = name[len(s):]
    tag = _jieba_tags().get(rest)
    if (len(rest) == 2 and tag is not None and tag[:1] in ("d", "m", "p", "c", "v", "a")
            and _freq().get(rest, 0) >= (500 if tag[:1] in ("d", "p", "c") else 2000)):
        return False  # 曾多次, 袁再次, 曾先后: a surname-like character before a frequent adverb or verb
    if rest in _titles():
        return False  # 范处长, 任组长: a surname and a title, not a full name
    if s in lexicon.words("surname_function_chars.txt") and len(rest) == 2 and _freq().get(rest, 0) >= 50:
        return False  # 曾撰文, 向东部: a function word before an ordinary word
    return True


# ---------------------------------------------------------------------------
# districts

def district_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Administrative divisions named in full (海淀区, 江阴市, 宜昌市)."""
    text = doc.text
    out = []
    for s, e, name in _districts().finditer(text):
        # 江阴市长 is "mayor of 江阴", still the city; 市委 etc. is an organ (kept apart)
        if _common_noun_division(name) and not any(
                text.endswith(d.parent, 0, s) for d in lexicon.divisions()[name] if d.parent):
            continue  # 城区, 矿区: divisions so named, but alone an ordinary word (not after their city)
        if name[:-1] in ("代", "副") and text.startswith("长", e):
            continue  # 代县长, 副市长: a title, not the county 代县
        out.append(Mention(s, e, name, "District", "district-lexicon"))
    out.extend(zone_mentions(doc, sentences))
    return out


def _common_noun_division(name: str) -> bool:
    """A division whose name is also a frequent common noun in jieba's dictionary (城区, 矿区)."""
    return _jieba_tags().get(name) == "n" and _freq().get(name, 0) >= 300


def zone_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Development zones and new towns named after a place: 合肥高新区,
    苏州工业园区, 江阴临港新城 (a place, at most one more word, the ending)."""
    out = []
    places = _place_names()
    tags = _jieba_tags()
    windows = [(sent.start, sent.end) for sent in sentences]
    for sent, found in zip(sentences, _zone_suffixes().finditer_windows(doc.text, windows)):
        st, base = sent.text, sent.start
        for s, e, suf in found:
            longer = _zone_suffixes().ends_with(st, e)
            if longer and len(longer) > len(suf):
                continue
            start = _place_before(st, s, places)
            toks = _tokens(st)
            k = bisect.bisect_left(_token_ends(st), s)  # the word just before the ending
            if start is None and k < len(toks) and toks[k][1] == s:
                a, b, w = toks[k]  # one more word between the place and the ending (临港)
                if 2 <= len(w) <= 4 and all(is_cjk(c) for c in w) and tags.get(w, "nz")[:1] in ("n", "j", "s") and tags.get(w, "nz") != "n":
                    start = _place_before(st, a, places)
            if start is None:
                continue
            outer = _place_before(st, start, places) if start > 1 else None
            if outer is not None:
                start = outer  # 武汉 + 东湖 + 新技术开发区
            out.append(Mention(base + start, base + e, st[start:e], "District", "zone"))
    return out


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
def _zone_suffixes() -> Gazetteer:
    return Gazetteer(lexicon.words("zone_suffixes.txt"))


def division_level(name: str) -> str:
    ds = lexicon.divisions().get(name)
    return ds[0].level if ds else ""


# ---------------------------------------------------------------------------
# organisations

MAX_ORG = 32


STOP_TAGS = ("p", "c", "u", "r", "d")
CLASSIFIERS = ("家", "个", "所", "名", "位", "座", "批", "项", "种", "些")
NUMERALS = set("一二三四五六七八九十百千万两几数多0123456789")
SINGLE_VERBS = ("有", "像", "是", "在", "把", "被", "让", "给", "到", "去", "来", "要", "会", "能", "可", "将", "称", "应", "居")


@lru_cache(maxsize=None)
def _winning_and_signing_verbs() -> frozenset[str]:
    """The trigger verbs of ``won`` and the verbs among the triggers of
    ``signedWith`` (签约, 签署, 缔结, 牵手…: jieba tags them v): never a word
    of an organisation's name."""
    t = lexicon.triggers()
    tags = _jieba_tags()
    return frozenset(t["won"]) | {w for w in t["signedWith"]
                                  if w.startswith("签") or w == "缔结" or tags.get(w, "").startswith("v")}


@lru_cache(maxsize=4096)
def _segmented(text: str, hmm: bool = False) -> tuple[tuple[tuple[int, int, str], ...], list[int]]:
    """jieba tokens of a sentence with their offsets, and their end offsets
    (cached per sentence; built without per-word Python code, as this runs on
    most sentences)."""
    words = jieba_cut(text, hmm=hmm)
    ends = list(accumulate(map(len, words)))
    return tuple(zip([0, *ends[:-1]], ends, words)), ends


def _tokens(text: str, hmm: bool = False) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, word)`` for the jieba words of a sentence.

    By default without the HMM: boundaries of known words are what matters,
    and it is faster; with ``hmm`` jieba joins unknown names (极米, 蔚来)."""
    return _segmented(text, hmm)[0]


def _token_ends(text: str, hmm: bool = False) -> list[int]:
    """The end offset of each of ``_tokens(text, hmm)``, for bisection."""
    return _segmented(text, hmm)[1]


def _cuts_new_word(text: str, a: int, edge: int) -> bool:
    """Whether a word jieba's HMM finds, not in its dictionary, runs from ``a`` or
    before across ``edge`` (the 极 of 极米 when the name so far starts at 米)."""
    hmm = _tokens(text, hmm=True)
    k = bisect.bisect_right(_token_ends(text, hmm=True), edge)
    if k >= len(hmm):
        return False
    s, e, w = hmm[k]
    return s <= a and s < edge < e and len(w) <= 3 and all(is_cjk(c) for c in w) and w not in _freq()


_ORDINAL_BEFORE = re.compile(r"第[〇零一二三四五六七八九十百千0-9]{1,6}$")


_NUMBERED_UNIT = re.compile(r"[一二三四五六七八九十]+[局冶]")


def _numbered_unit(text: str, a: int, b: int) -> bool:
    """Whether the word ``text[a:b]`` is (part of) a bureau named by its
    number, whether jieba keeps 七局 as one word or splits 十一|局 (not
    一所, 两家)."""
    m = _NUMBERED_UNIT.match(text, a)
    return m is not None and m.end() >= b


def _left_edge(text: str, start: int, floor: int = 0) -> int:
    """Where an organisation name ending in a suffix at ``start`` begins.

    Walk left token by token (jieba) while tokens can belong to a name: stop
    at punctuation, a stop word (与, 由, 标志着…) or a function word
    (prepositions, conjunctions, particles, pronouns, adverbs). Working on
    tokens keeps 为 in 华为 and 经 in 经管委 inside the name.
    """
    stops = lexicon.words("org_left_stops.txt")
    name_verbs = lexicon.words("org_name_verbs.txt")
    time_words = lexicon.words("org_name_time_words.txt")
    tags = _jieba_tags()
    freq = _freq()
    toks = _tokens(text)
    # the token holding the suffix start, and those before it
    k = bisect.bisect_right(_token_ends(text), start)
    edge = toks[k][0] if k < len(toks) else start
    j = k - 1
    ordinal = _ORDINAL_BEFORE.search(text, max(0, start - 8), start)
    if ordinal and edge == start:
        # 中船重工第七二五研究所, 北京市第八中学: an ordinal belongs to the name
        ends = _token_ends(text)
        t = bisect.bisect_left(ends, ordinal.start())
        if t < len(ends) and ends[t] == ordinal.start():
            edge, j = ordinal.start(), t
        else:
            edge, j = ordinal.start(), -1
    while j >= 0:
        a, b, w = toks[j]
        if a < floor or start - a > MAX_ORG:
            break
        if any(ch in PUNCT and ch not in "（）()" for ch in w) or not all(is_cjk(c) or c.isalnum() or c in "（）()&·-" for c in w):
            break
        if (len(w) == 1 and j + 1 < len(toks) and toks[j + 1][0] == edge and len(toks[j + 1][2]) == 1
                and w not in stops and not tags.get(w, "x").startswith(("p", "c", "u", "r"))
                and _cuts_new_word(text, a, edge)):
            edge = a  # 成都极米科技: 极 is an adverb, but 极米 is one new word for jieba's HMM
            j -= 1
            continue
        if w in ("与", "和") and start - edge <= 4 and not _place_names().match_at(text, b):
            # (not 某某大学物理学院与北京大学: a name after 与 that starts with a place is an organisation of its own)
            # 清华大学车辆与运载学院, 苏州大学功能纳米与软物质研究院: a unit named "X与Y"
            # inside a larger organisation (X is one or two words right after its name)
            unit = _unit_head(text, toks, j)
            if unit is not None:
                edge = toks[unit][0]
                j = unit - 1
                continue
        if j >= 1 and toks[j - 1][2] in ("与", "和") and start - a <= 4 and _unit_head(text, toks, j - 1) is not None:
            edge = a  # 运载 in 车辆与运载学院: part of the unit's name, not a verb ending it
            j -= 1
            continue
        tag = tags.get(w, "x")
        if len(w) == 1 and j + 1 < len(toks) and toks[j + 1][0] == edge and w not in stops and any(
                freq.get(joined, 0) and not tags.get(joined, "x").startswith(STOP_TAGS + ("v", "i"))
                for joined in (w + toks[j + 1][2][:n] for n in range(2, len(toks[j + 1][2]) + 1))):
            edge = a  # 某某可再生材料学会: 可 is not the verb here but begins the word 可再生 (three characters
            j -= 1    # or more: 和平 in 和平安银行 is no word of the name)
            continue
        if w in stops or tag.startswith(STOP_TAGS) and len(w) <= 2 and w not in _place_names():
            break
        if tag == "i" or tag == "f" and len(w) >= 2 and w[0] not in "东南西北中":
            break  # 进一步提高, 最后: an idiom or a position word is never part of a name (南方, 北方 may be: 北方华创)
        if w in _winning_and_signing_verbs():
            break  # 获评国资委…, 获中国航空学会…: a verb of winning or signing ends the name
        if w in SINGLE_VERBS and j >= 1 and _unknown_word(toks[j - 1][2] + w):
            edge = toks[j - 1][0]  # 蔚来: a name jieba's dictionary splits, not the verb 来
            j -= 2
            continue
        if tag == "v" and w not in name_verbs and (len(w) >= 2 and freq.get(w, 0) >= 300 or w in SINGLE_VERBS):
            break  # 推出, 属于, 起诉, 有…: a common verb ends the name
        if tag == "t" and w not in time_words:
            break  # 如今, 目前, 当年: a time word is not part of a name (现代 may be: org_name_time_words.txt)
        if (w in CLASSIFIERS or tag.startswith("m") and any(c in NUMERALS for c in w)) and not _numbered_unit(text, a, b):
            break  # 三家, 两所 (but 中建七局, 中铁十一局: a numbered unit is part of the name)
        if w in ("年", "月", "日", "号") or w[-1:] in "年月日" and any(c.isdigit() or c in NUMERALS for c in w):
            break
        if w.isdigit():
            break
        edge = a
        j -= 1
    # brackets must balance inside the name: （北京） yes, a stray （ or ） no
    name = text[edge:start]
    while name.count("（") + name.count("(") > name.count("）") + name.count(")"):
        cut = max(name.find("（"), name.find("("))
        edge += cut + 1
        name = text[edge:start]
    depth = 0
    for i, ch in enumerate(name):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                # （记者 黄敏）宁德时代…: the by-line's bracket closes before the name, which starts after it
                edge += i + 1
                while edge < start and text[edge] in " 　":
                    edge += 1
                return edge
            depth -= 1
    return edge


def _unit_head(text: str, toks, j: int) -> int | None:
    """For 与 at token ``j``: the index of the token that starts X in "<organisation>X与Y",
    X being one to three nouns (at most seven characters) right after an organisation
    name (中国科学院|上海微系统与信息技术研究所) or a word standing for one (我校|教育与…学院)."""
    tags = _jieba_tags()
    for back in (1, 2, 3):
        if j - back < 0:
            return None
        xa, xb, xw = toks[j - back]
        tag = tags.get(xw, "n")
        if not all(is_cjk(c) for c in xw) or tag.startswith(STOP_TAGS + ("t",)) or tag.startswith("v") and tag != "vn":
            return None  # not 公司分别与…, 集团日前与… (a verbal noun may name a field: 教育与…学院)
        if toks[j][0] - xa > 7:
            return None
        if _suffixes().ends_with(text, xa) or text.endswith(_deictic_organisations(), 0, xa):
            return j - back
    return None


@lru_cache(maxsize=None)
def _deictic_organisations() -> tuple[str, ...]:
    return tuple(sorted(lexicon.words("deictic_organisations.txt")))


def _unknown_word(w: str) -> bool:
    """Two single characters that jieba's HMM reads as one new word (蔚来), not in its dictionary."""
    return (len(w) == 2 and all(is_cjk(c) for c in w) and w not in _freq()
            and jieba_cut(w) == [w] and not _jieba_tags().get(w[0], "x").startswith(STOP_TAGS))


GENERIC_SUFFIXES = ("公司", "集团", "企业", "机构")
DETERMINER_IN_CORE = ("各级", "有关", "相关", "下属", "所属", "旗下")


def org_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Organisations recognised by their ending, with parents of nested names."""
    suffixes = lexicon.org_suffixes()
    reject = lexicon.words("org_reject_cores.txt")
    titles = _titles()
    out: list[Mention] = []
    windows = [(sent.start, sent.end) for sent in sentences]
    for sent, found in zip(sentences, _suffixes().finditer_windows(doc.text, windows, overlapping=True)):
        s_text = sent.text
        base = sent.start
        for s, e, suf in found:
            # only the longest suffix ending here counts
            longer = _suffixes().ends_with(s_text, e)
            if longer and len(longer) > len(suf):
                continue
            # the suffix must end the word: …公司党委书记 is 公司 + a title
            after_t = titles.match_at(s_text, s) if s < len(s_text) else None
            if after_t and len(after_t) > len(suf):
                continue
            if not _suffix_is_word_end(s_text, s, e, suf):
                continue
            nxt = _suffixes().match_at(s_text, e)
            if nxt and suffixes[nxt] == suffixes[suf] == "Company" and not titles.match_at(s_text, e):
                continue  # the name goes on: 中国科学院控股|有限公司
            left = _left_edge(s_text, s, 0)
            # strip a leading title (主任中国科学院…)
            t = titles.match_at(s_text, left) if left < s else None
            if t and left + len(t) < s:
                left += len(t)
            name = s_text[left:e]
            core = s_text[left:s]
            if not core or core in reject or (len(core) < 2 and len(suf) < 3):
                continue
            if any(d in core for d in DETERMINER_IN_CORE) or _COUNTED_GROUP.search(core):
                continue  # 旗下公司; 五大发电集团, 四国俱乐部, 县级政府: a description of a group or a level
            # 国内为数不多的烟配上市公司: a description, not a name
            if suf in GENERIC_SUFFIXES and left > 0 and s_text[left - 1] == "的":
                continue
            if suf in GENERIC_SUFFIXES and core.endswith(_reject_endings()):
                continue
            if suf in GENERIC_SUFFIXES and core.startswith(_descriptive_heads()):
                continue  # 国内航空公司, 最佳航空公司: a description, not a name
            if _QUANTIFIED.search(s_text, max(0, left - 2), left):
                continue  # 一家品牌公司, 13家全国性行业协会: counted, a description
            if suf in GENERIC_SUFFIXES and _common_core(core):
                continue  # 说清楚公司: an ordinary word before the ending
            if len(name) < 3 or len(name) > MAX_ORG:
                continue
            if suf in GENERIC_SUFFIXES and _place_names().match_at(core, 0) == core:
                continue  # 意大利公司: "an Italian company", not a name
            if _suffixes().match_at(core, 0) == core:
                continue  # 集团总公司: two endings, no name
            if suf in lexicon.weak_org_suffixes() and not _has_proper_part(core):
                continue  # 外资研发中心, 境内外资本: a description, not a name
            latin = _introduced_latin_name(doc.text, base + e)
            if latin is not None:
                out.append(latin)  # 某国矿业公司Acme Corp: the description introduces the name
                continue
            out.append(Mention(base + left, base + e, name, suffixes[suf], "org-suffix"))
    for sent, found in zip(sentences, _government_bodies().finditer_windows(doc.text, windows)):
        for s, e, name in found:
            out.append(Mention(sent.start + s, sent.start + e, name, "Institution", "government-body"))
    return _prefer_known_names(_drop_contained_same_end(out))


@lru_cache(maxsize=None)
def _reject_endings() -> tuple[str, ...]:
    """Rejected cores of two or more characters, as one tuple for str.endswith."""
    return tuple(r for r in lexicon.words("org_reject_cores.txt") if len(r) >= 2)


@lru_cache(maxsize=None)
def _descriptive_heads() -> tuple[str, ...]:
    return tuple(lexicon.words("org_descriptive_heads.txt"))


@lru_cache(maxsize=None)
def _false_heads() -> tuple[str, ...]:
    return tuple(lexicon.words("org_false_heads.txt"))


@lru_cache(maxsize=None)
def _government_bodies() -> Gazetteer:
    return Gazetteer(lexicon.words("government_bodies.txt"))


ORG_TAGS = ("nt", "nz", "ns", "nr", "eng")


def _suffix_is_word_end(text: str, s: int, e: int, suf: str) -> bool:
    """Whether an organisation ending really ends a word here.

    The ending must close a jieba token (协 in 协议, 学院 in 学院路 do not),
    and a one-character ending (局, 部, 委, 署) must belong to an organisation
    word (公安局, 财政部, 发改委), not to an ordinary one (布局, 东部, 签署).
    A title starting at that word (董事局主席, 市委常委) is not an organisation.
    """
    toks = _tokens(text)
    k = bisect.bisect_left(_token_ends(text), e)
    tok = toks[k] if k < len(toks) else None
    if tok is not None and tok[0] < e < tok[1] and _titles().match_at(text, e):
        tok = (tok[0], e, text[tok[0]:e])  # 科技局|局长: jieba glued the ending to the title (局局长)
    if tok is None or tok[1] != e:
        return False
    a, b, w = tok
    if w.endswith(_false_heads()):
        return False  # 老干部, 东部: a common noun, not an organisation
    for k in range(max(0, a - 2), e):
        t = _titles().match_at(text, k)
        if t and k + len(t) > e or t and k == a and len(t) >= b - a:
            return False  # 董事局主席, 市委常委: a title, not an organisation
    if len(suf) > 1:
        return True
    tag = _jieba_tags().get(w)
    if len(w) == 1:
        # 工业和信息化部: a lone 部 after a noun phrase
        k = bisect.bisect_left(_token_ends(text), a)
        prev = toks[k] if k < len(toks) and toks[k][1] == a else None
        ends = (e >= len(text) or text[e] in PUNCT or _followers().match_at(text, e) is not None
                or _titles().match_at(text, e) is not None)
        return ends and prev is not None and len(prev[2]) >= 2 and _jieba_tags().get(prev[2], "n")[:1] in ("n", "l", "j")
    if tag is None or tag in ("nt", "j") or len(w) >= 3 and tag.startswith(("n", "l")):
        return True  # 发改委, 发展局 (jieba tags some of these l)
    return False


def _has_proper_part(core: str) -> bool:
    """Whether a name's core holds a proper noun (a place, a name, an unknown word)."""
    tags = _jieba_tags()
    for w in segment(core):
        tag = tags.get(w)
        if tag is None and len(w) >= 2 and not _freq().get(w) or tag is not None and tag.startswith(ORG_TAGS) or w in _place_names():
            return True
        if any(c.isascii() and c.isalpha() for c in w):
            return True
    return False


def _prefer_known_names(ms: list[Mention]) -> list[Mention]:
    """Cut a candidate to a shorter name the article also uses alone.

    ``本次金叶集团`` becomes ``金叶集团`` when ``金叶集团`` is recognised
    elsewhere, unless what is cut off is a place (北京燃力能源… stays whole).
    """
    names = {m.text for m in ms}
    places = _place_names()
    out = []
    for m in ms:
        best = m
        for k in range(1, len(m.text) - 2):
            tail = m.text[k:]
            if tail in names:
                head = m.text[:k]
                if not places.match_at(head, 0) and head not in names and not head.endswith(("与", "和")):
                    # (not 教育与|传媒学院: the unit "X与Y" the left edge found on purpose)
                    best = Mention(m.start + k, m.end, tail, m.type, m.rule)
                break
        out.append(best)
    return out


@lru_cache(maxsize=None)
def _place_names() -> Gazetteer:
    names = set(lexicon.words("countries.txt"))
    for full, ds in lexicon.divisions().items():
        names.add(full)
        for d in ds:
            if d.short:
                names.add(d.short)
    names.update(("中国", "国家", "全国"))
    return Gazetteer(names)


# Organisations without a telling ending, recognised by what surrounds them.
_COUNTED_LIST = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z]{2,8}、)+[\u4e00-\u9fffA-Za-z]{2,8})(?:等)?([两二三四五六七八九十几\d]+)家(企业|公司|银行|厂商|机构)"
)
_APPOSITION = re.compile(r"(?:(?:外资|民营|国有|跨国|上市|合资|知名|领军|头部|龙头|独角兽)(?:企业|公司)|巨头|龙头企业|龙头)")


_LAUNCHED = re.compile(r"“([^“”]{4,40})”(?:正式|近日|今天|日前)?(?:揭牌|挂牌|成立|启用|落成|开业|启动运行)")


def _sentences_matching(text: str, sentences: list[Sentence], patterns: tuple[re.Pattern, ...]) -> set[int]:
    """``id`` of each sentence that one of ``patterns`` may match inside: those
    that a match in the whole text overlaps (one scan of the text per pattern
    instead of one per sentence). Exact for patterns without anchors or
    lookaround: a match inside a sentence is a match of the text too, or a
    match of the text covers its start."""
    starts = [sent.start for sent in sentences]
    hit: set[int] = set()
    for pattern in patterns:
        for m in pattern.finditer(text):
            i = max(0, bisect.bisect_right(starts, m.start()) - 1)
            while i < len(sentences) and sentences[i].start < max(m.end(), m.start() + 1):
                hit.add(id(sentences[i]))
                i += 1
    return hit


def context_org_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Companies named without a legal ending: ``杜邦、大金、霍尼韦尔三家企业``,
    ``空调巨头美的``, ``外资企业普洛斯``."""
    out: list[Mention] = []
    hit = _sentences_matching(doc.text, sentences, (_COUNTED_LIST, _LAUNCHED, _APPOSITION))
    for sent in sentences:
        if id(sent) not in hit:
            continue
        st, base = sent.text, sent.start
        for m in _COUNTED_LIST.finditer(st):
            items = m.group(1).split("、")
            if len(items) != int(m.group(2)) if m.group(2).isdigit() else False:
                continue
            # the first item starts after the last function word before it (尤其是由杜邦)
            first = segment(items[0])
            keep = []
            for w in reversed(first):
                if w in lexicon.words("org_left_stops.txt") or (_jieba_tags().get(w, "x")[:1] in ("p", "c", "d", "v", "r", "u")):
                    break
                keep.insert(0, w)
            items[0] = "".join(keep)
            pos = m.start(1)
            for it in items:
                if not it:
                    continue
                k = st.find(it, pos)
                pos = k + len(it)
                if 2 <= len(it) <= 8 and it not in lexicon.words("org_reject_cores.txt"):
                    out.append(Mention(base + k, base + k + len(it), it, "Company", "counted-list"))
        # “X平台”正式揭牌 / “X中心”成立: a named body launched at a ceremony
        for m in _LAUNCHED.finditer(st):
            name = m.group(1)
            typ = "Company" if _suffixes().ends_with(name, len(name)) and lexicon.org_suffixes()[_suffixes().ends_with(name, len(name))] == "Company" else "Institution"
            out.append(Mention(base + m.start(1), base + m.end(1), name, typ, "launched-body"))
        for m in _APPOSITION.finditer(st):
            name = _word_after(st, m.end())
            if name:
                out.append(Mention(base + m.end(), base + m.end() + len(name), name, "Company", "apposition"))
    return out


def _word_after(st: str, pos: int) -> str | None:
    """A 2-5 character proper name right after ``pos``, ending before a verb or punctuation."""
    tail = st[pos:pos + 12]
    if not tail or not is_cjk(tail[0]):
        return None
    words = segment(tail)
    if not words:
        return None
    w = words[0]
    if not 2 <= len(w) <= 5 or not all(is_cjk(c) for c in w):
        return None
    if w in lexicon.words("org_reject_cores.txt") or w in lexicon.words("org_left_stops.txt") or w in _titles():
        return None
    tag = _jieba_tags().get(w)
    if tag is not None and not tag.startswith(("nr", "nt", "nz", "ns", "j", "x")):
        return None  # a known common word (a verb, a noun like 发展), not a name
    return w


def _freq() -> dict[str, int]:
    """jieba's word frequencies (:mod:`kg.dictionary`; a word's prefixes at 0)."""
    return dictionary.frequencies()


def segment(text: str) -> list[str]:
    """Words of ``text`` (jieba, with its HMM for unknown words)."""
    return jieba_cut(text, hmm=True)


def _jieba_tags() -> dict[str, str]:
    """jieba's part-of-speech tags (:mod:`kg.dictionary`)."""
    return dictionary.tags()


def _drop_contained_same_end(ms: list[Mention]) -> list[Mention]:
    """Of mentions ending at the same place keep the longest one."""
    best: dict[int, Mention] = {}
    for m in ms:
        cur = best.get(m.end)
        if cur is None or m.length > cur.length:
            best[m.end] = m
    return sorted(best.values(), key=lambda m: m.start)


# ---------------------------------------------------------------------------
# people

def _name_after(text: str, pos: int) -> str | None:
    """A personal name starting at ``pos`` (after a title), 2-4 characters.

    The name ends where a follower starts: punctuation, a speech verb, a
    title or a function word (卢彦说 -> 卢彦; 姚宏波表示 -> 姚宏波).
    """
    followers = _followers()

    def ends_well(k: int) -> bool:
        return k >= len(text) or text[k] in PUNCT or followers.match_at(text, k) is not None

    two, three = text[pos:pos + 2], text[pos:pos + 3]
    if len(two) == 2 and plausible_name(two) and ends_well(pos + 2):
        return two
    if len(three) == 3 and plausible_name(three) and ends_well(pos + 3):
        return three
    four = text[pos:pos + 4]
    if len(four) == 4 and plausible_name(four) and surname_of(four) and len(surname_of(four)) == 2 and ends_well(pos + 4):
        return four
    return None


def _name_before(text: str, end: int) -> str | None:
    """A personal name ending at ``end`` (before 教授/院士/说), 2-3 characters."""
    for length in (4, 3, 2):
        start = end - length
        if start < 0:
            continue
        cand = text[start:end]
        if not plausible_name(cand) or (length == 4 and len(surname_of(cand) or "") != 2):
            continue
        if length >= 3 and plausible_name(cand[:length - 1]) and _followers().match_at(text, end - 1):
            continue  # 王霄在接受采访时表示: the name is 王霄
        prev = text[start - 1] if start > 0 else "\n"
        if prev in PUNCT or prev in "的和与及、" or start == 0 or _suffixes().ends_with(text, start) or _titles().ends_with(text, start):
            return cand
        if _after_function_word(text, start, end) and cand[0] not in lexicon.words("surname_function_chars.txt"):
            return cand  # 经过X研究员, 邀请X教授 (not 回信向学昭女士: 向 is "to" there)
    return None


def _after_function_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is whole words and a word of two or more
    characters that is a preposition, conjunction, adverb or verb ends at
    ``start`` (not 袁鹰所 in 正像袁鹰所说)."""
    ends = _token_ends(text)
    k = bisect.bisect_left(ends, start)
    if k >= len(ends) or ends[k] != start or end not in ends:
        return False
    w = _tokens(text)[k][2]
    return len(w) >= 2 and _jieba_tags().get(w, "x")[:1] in ("p", "c", "d", "v")


BEFORE_NAME_TITLES = ("教授", "院士", "博士", "研究员", "先生", "女士", "同志", "主任", "总经理", "董事长")


def person_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for b in doc.bylines:
        if plausible_name(b.name):
            out.append(Mention(b.start, b.end, b.name, "Person", "byline"))
    titles = _titles()
    windows = [(sent.start, sent.end) for sent in sentences]
    title_hits = titles.finditer_windows(text, windows, overlapping=True)
    speech_hits = _speech().finditer_windows(text, windows, overlapping=True)
    for sent, found_titles, found_verbs in zip(sentences, title_hits, speech_hits):
        st, base = sent.text, sent.start
        # TITLE + NAME
        title_at = {}
        for s, e, t in found_titles:
            title_at[s] = t
            name = _name_after(st, e)
            if name:
                out.append(Mention(base + e, base + e + len(name), name, "Person", "title-name"))
        # NAME + TITLE / NAME + speech verb: the positions where a title (else a
        # verb) starts, from one scan each rather than a lookup at every character
        speech_at = {s: v for s, _, v in found_verbs}
        for i in sorted(title_at.keys() | speech_at.keys()):
            if i < 1:
                continue
            t = title_at.get(i)
            v = None if t else speech_at.get(i)
            if t and t not in BEFORE_NAME_TITLES:
                continue
            name = _name_before(st, i)
            if name:
                out.append(Mention(base + i - len(name), base + i, name, "Person", "name-title" if t else "name-speech"))
    # a short line holding only a name (a column's author)
    offset = 0
    for line in text.split("\n"):
        s = line.strip()
        if 2 <= len(s) <= 3 and plausible_name(s):
            k = offset + line.index(s)
            out.append(Mention(k, k + len(s), s, "Person", "name-line"))
        offset += len(line) + 1
    out.extend(_tagged_people(doc))
    return out


@lru_cache(maxsize=1)
def _tagger():
    """The shipped statistical tagger, or None (with one warning) when its model is missing."""
    try:
        from . import ner_model

        ner_model.tag("模型")  # loads the model
        return ner_model
    except (ImportError, OSError) as exc:
        import logging

        logging.getLogger("kg").warning("statistical name tagger unavailable (%s); using rules only", exc)
        return None


@lru_cache(maxsize=2)
def _tagged_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """The statistical tagger's spans of ``text``, computed once per document
    for the finders that read them (people, organisations)."""
    tagger = _tagger()
    return tuple(tagger.tag(text)) if tagger is not None else ()


# a parent named before its unit: 某某集团全资子公司|X, 某某集团旗下的|X
_UNIT_MARK = re.compile(r"(?:(?:全资|控股)?子公司|旗下的?|下属的?)")
_UNIT_BEFORE = re.compile(r"(?:旗下|下属|所属|(?:全资|控股)子公司)的?$")
# a parent and the words for its subsidiary, as one mention: 某某集团全资子公司
_SUBSIDIARY_END = re.compile(r"(?:全资|控股)子公司$|(?<=[司团])子公司$")
# a count of organisations or countries, or an administrative level, inside what ends like a name:
# 五大发电集团, 四国俱乐部, 县级政府 describe, they do not name
_COUNTED_GROUP = re.compile(r"[二三四五六七八九十两几多数][大国家]|[省市县区乡镇]级")
# what may not stand inside an organisation's name
_ORG_BREAK = re.compile(r"[，。；：、！？,;:!?\n“”「」《》]")
_ORG_EDGE_MARKS = "“”‘’\"'「」『』《》()（）【】"
# a description, not a name: 一家品牌公司, 是一家赚钱公司
_QUANTIFIED = re.compile(r"(?:[一二三四五六七八九十百千万两几每某这那该此各数多0-9][家个所座类种批])$")


def tagged_org_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Organisations the statistical tagger marks ORG, typed by their ending
    (Company when there is none: 华为, 必和必拓, 台达电), without those that
    are a place alone, a description (一家品牌公司) or an ordinary word plus an
    ending (清楚公司, 讲究公司)."""
    text = doc.text
    suffixes = lexicon.org_suffixes()
    reject = lexicon.words("org_reject_cores.txt")
    stops = _left_stops()
    starts = [sent.start for sent in sentences]
    out = []
    for s, e, lab in _tagged_spans(text):
        if lab != "ORG":
            continue
        while s < e and text[s] in _ORG_EDGE_MARKS:
            s += 1
        # the rules' left edge holds inside the tagger's span: 时任|全国人大常委会
        lead = stops.match_at(text, s) or _titles().match_at(text, s)
        if lead and s + len(lead) < e:
            s += len(lead)
        suf = _suffixes().ends_with(text[s:e], e - s)
        while suf and len(_titles().match_at(text, e - len(suf)) or "") > len(suf):
            e -= len(suf)  # 福建省科技厅|党组成员: the ending is part of a title after the name
            suf = _suffixes().ends_with(text[s:e], e - s)
        k = bisect.bisect_right(starts, s) - 1
        if suf and k >= 0 and e <= sentences[k].end:
            sent = sentences[k]
            cut = sent.start + _left_edge(sent.text, e - len(suf) - sent.start, s - sent.start)
            if cut > s and not (_place_names().match_at(text, s) and not _holds_a_name(text[s:cut])):
                # a span the tagger starts at a place name keeps its left edge
                # (某某省住房和城乡建设厅) unless the cut follows a name (某某开发区|与|某某集团)
                s = cut
        while e > s and text[e - 1] in _ORG_EDGE_MARKS and not (text[e - 1] in ")）" and "(" in text[s:e] or "（" in text[s:e]):
            e -= 1
        name = text[s:e]
        if len(name) < 2 or len(name) > MAX_ORG or _ORG_BREAK.search(name) or name.isdigit():
            continue
        latin = _LATIN_NAME.search(name)
        if latin and latin.end() == len(name) and latin.start() > 0:
            introduced = _introduced_latin_name(text, s + latin.start())
            if introduced is not None:
                out.append(introduced)  # 国际环保组织Green Alliance: the Latin name, typed by the description
                continue
        if name.count("（") + name.count("(") != name.count("）") + name.count(")"):
            continue  # EAST（东方: a span cut inside brackets
        if _place_names().match_at(name, 0) == name or name in lexicon.divisions():
            continue  # 台湾, 加拿大: a place
        suffix = _suffixes().ends_with(name, len(name))
        if not suffix and _zone_suffixes().ends_with(name, len(name)):
            continue  # 合肥高新区: a development zone (a District, found by zone_mentions)
        core = name[: len(name) - len(suffix)] if suffix else name
        if suffix and (not core or core in reject or _suffixes().match_at(core, 0) == core):
            continue
        if _QUANTIFIED.search(text, max(0, s - 2), s) or suffix in GENERIC_SUFFIXES and _common_core(core):
            continue  # 清楚公司, 一家品牌公司
        if suffix in GENERIC_SUFFIXES and (core.startswith(_descriptive_heads()) or _COUNTED_GROUP.search(core)):
            continue  # 国内公司, 十大科技公司: a description
        if not suffix and name.endswith("团队") and name[:-2].isascii() and len(name) > 4:
            e -= 2  # DeepMind团队: the team of an organisation named in Latin letters, the organisation
            name = text[s:e]
        organisation_word = _jieba_tags().get(name, "").startswith("nt")  # 中国联通: jieba knows it as an organisation
        if not suffix and ((_common_word(name) and not organisation_word) or _titles().match_at(name, 0) == name
                           or _not_a_bare_name(name)):
            continue
        out.append(Mention(s, e, name, suffixes[suffix] if suffix else "Company", "tagger-org"))
    return out


_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*(?: [A-Za-z0-9&][A-Za-z0-9&.\-]*)*")


@lru_cache(maxsize=None)
def _appositive_heads() -> dict[str, str]:
    return {row[0]: row[1] for row in lexicon.table("appositive_heads.tsv")}


def _introduced_latin_name(text: str, head_end: int) -> Mention | None:
    """某国矿业公司Acme Corp: the Latin name right after a description's head word
    that ends at ``head_end`` (appositive_heads.tsv), typed by that word."""
    for head, type_ in _appositive_heads().items():
        if text.endswith(head, 0, head_end):
            m = _LATIN_NAME.match(text, head_end)
            if m and len(m.group().replace(" ", "")) >= 2:
                return Mention(m.start(), m.end(), m.group(), type_, "introduced-latin")
    return None


def _holds_a_name(text: str) -> bool:
    """``text`` holds an organisation's or a zone's ending: a name of its own
    (某某开发区与, 某某集团日前与), where the name after it starts."""
    return any(True for _ in _suffixes().finditer(text)) or any(True for _ in _zone_suffixes().finditer(text))


def _not_a_bare_name(name: str) -> bool:
    """A span with no organisation ending that is not a bare name: it holds an
    organisation and goes on (…研究所科研团队), starts with a division
    (海淀区中关村科学城), or ends with a common noun (研发团队, 中关村论坛)."""
    if any(True for _ in _suffixes().finditer(name)):
        return True
    words = segment(name)
    if (len(words) == 2 and words[1] in lexicon.words("company_name_endings.txt")
            and not _jieba_tags().get(words[0], "n").startswith(("v", "a", "d", "m", "q", "r", "p", "c", "u", "f", "t"))):
        return False  # 保利地产, 海螺水泥, 青岛啤酒: a company's short name (a proper part and its trade)
    if _districts().match_at(name, 0):
        return True
    last = words[-1] if words else name
    tag = _jieba_tags().get(last, "")
    return len(words) > 1 and tag[:1] == "n" and not tag.startswith(("nr", "ns", "nt", "nz")) \
        and _freq().get(last, 0) >= 200


def _common_core(core: str) -> bool:
    """The part before 公司/集团… is an ordinary word that is not a noun, so
    not a name (清楚, 讲究, 赚钱). A common noun (品牌, 苹果) may be a name:
    only a quantifier before it (一家品牌公司) says it is not."""
    tag = _jieba_tags().get(core)
    return tag is not None and tag[:1] in ("v", "a", "d", "l", "i", "r", "u", "p", "c", "m", "q") \
        and _freq().get(core, 0) >= 20


def _tagged_people(doc: Document) -> list[Mention]:
    """The names the statistical tagger marks PER that pass the checks below."""
    if _tagger() is None:
        return []
    out = []
    places_here = None
    for s, e, lab in _tagged_spans(doc.text):
        if lab != "PER":
            continue
        s = _translit_start(doc.text, s, e)
        name = doc.text[s:e]
        if len(name) >= 3:
            if places_here is None:
                places_here = _division_shorts_in(doc.text)
            if name[:-1] in places_here and not _name_ends_here(doc.text, e):
                continue  # 黄石临|空, where the article names 黄石市: the place and one more character
        if name[-1] in lexicon.words("place_name_endings.txt") and (
                len(name) >= 3 or name[-1] in "镇乡村" and _glued_to_word_before(doc.text, s)):
            continue  # 贝伦市, 罗赖马州, 棠张镇: a place
        if len(name) == 2 and name[1] == "氏":
            continue  # 杜氏: a surname alone, which kg does not keep
        if _run_fragment(doc.text, s, e):
            continue  # 东方超环: not a name, a piece of a longer word
        if foreign_name(name) and _after_place_or_organisation(doc.text, s):
            continue  # 北京|戴姆勒…: a brand after a place or an organisation, not a foreign person
        if (plausible_name(name) and not _common_word(name) or foreign_name(name)
                or _tagged_name(name) or _named_by_context(doc.text, s, e)):
            out.append(Mention(s, e, name, "Person", "tagger"))
    return out


def _name_ends_here(text: str, e: int) -> bool:
    """Whether what follows ``e`` can follow a name: the end, punctuation, a
    title, a verb of speech or another usual follower (出席, 主持…)."""
    return (e >= len(text) or text[e] in PUNCT or _followers().match_at(text, e) is not None
            or _titles().match_at(text, e) is not None or _speech().match_at(text, e) is not None)


def _glued_to_word_before(text: str, s: int) -> bool:
    """Whether ``s`` follows a Chinese character that is not a one-character
    function word (棠|张镇, not 由|王村)."""
    return s > 0 and is_cjk(text[s - 1]) and text[s - 1] not in _FUNCTION_CHARS


_FUNCTION_CHARS = frozenset("由在向对和与及被让给将把为从于请同跟是有经据")


def _division_shorts_in(text: str) -> set[str]:
    """Short forms (黄石) of the divisions ``text`` names in full (黄石市)."""
    divisions = lexicon.divisions()
    return {d.short for _, _, full in _districts().finditer(text) for d in divisions.get(full, ()) if len(d.short) >= 2}


def _after_place_or_organisation(text: str, s: int) -> bool:
    """Whether the word that ends right before ``s`` is a place or an organisation
    of two or more characters (a brand: 北京 in 北京戴姆勒)."""
    if s == 0 or not is_cjk(text[s - 1]):
        return False
    w = jieba_cut(text[max(0, s - 6):s], hmm=False)[-1]
    return len(w) >= 2 and _jieba_tags().get(w, "")[:2] in ("ns", "nt") and _titles().ends_with(text, s) is None


def _run_fragment(text: str, s: int, e: int) -> bool:
    """A two-character "name" with no surname and no transliteration in it,
    right after another Chinese character, with no cue word before or after
    it (超环 in 东方超环): the tagger's guess alone is too weak."""
    name = text[s:e]
    if len(name) != 2 or surname_of(name) is not None or any(c in lexicon.words("translit_chars.txt") for c in name):
        return False
    if s == 0 or not is_cjk(text[s - 1]):
        return False
    before = {text[max(0, s - k):s] for k in (1, 2, 3)}
    after = {text[e:e + k] for k in (1, 2)}
    return (before.isdisjoint(lexicon.words("name_cues_before.txt")) and after.isdisjoint(lexicon.words("name_cues_after.txt"))
            and _titles().ends_with(text, s) is None)


def _translit_start(text: str, s: int, e: int) -> int:
    """Where a transliterated name the tagger found really starts: the
    tagger sometimes cuts a long one (巴耶夫 in 纳扎尔巴耶夫), whose earlier
    characters are transliteration characters too, but not a place's name
    (巴勒斯坦阿拉法特 is a country and a name)."""
    translit = lexicon.words("translit_chars.txt")
    if not foreign_name(text[s:e]):
        return s
    j = s
    while j > 0 and s - j < 6 and text[j - 1] in translit and _titles().ends_with(text, j) is None:
        j -= 1
    if s - j < 2 or _titles().ends_with(text, j) is not None or _place_names().match_at(text, j) is not None \
            or not foreign_name(text[j:e]):
        return s  # 总理|内塔尼亚胡: a title's end is not part of the name
    return j


def _named_by_context(text: str, s: int, e: int) -> bool:
    """A tagged name that is also an ordinary word (安南, 江山) is a person
    when the context says so too: a title right before it (秘书长安南) or a
    speech verb or a title right after it."""
    name = text[s:e]
    tag = _jieba_tags().get(name, "n")
    return (2 <= len(name) <= 4 and all(is_cjk(c) for c in name) and surname_of(name) is not None
            and tag[:1] == "n"  # a noun at most (陈述 is a verb)
            and _place_names().match_at(name, 0) != name and _titles().ends_with(name, len(name)) is None
            and (_titles().ends_with(text, s) is not None
                 or _speech().match_at(text, e) is not None or _titles().match_at(text, e) is not None))


def _tagged_name(name: str) -> bool:
    """A name the tagger found that fits no surname rule (石川一成, 巴音朝鲁,
    王国清, 维克多·许会·罗哈斯): kept when it is Chinese characters (and name
    dots) only, 2 to 8 of them (16 with dots), and neither a common word, a
    place nor a title."""
    dotted = any(c in "·•・" for c in name)
    translit = lexicon.words("translit_chars.txt")
    # 罗森施廷格尔, 阿里江普尔: a transliteration starting with a surname-like character
    transliterated = (len(name) >= 4 and name[0] in translit and name[-1] in translit
                      and 3 * sum(c in translit for c in name) >= 2 * len(name))
    chinese = surname_of(name) is not None and not dotted and not transliterated
    if chinese and len(name) > 4:
        return False  # 袁茂堂借黄登仁: longer than a Chinese name can be
    head = name[:2]
    if (len(name) >= 3 and _freq().get(name) and not _jieba_tags().get(head, "nr").startswith("nr")
            and _freq().get(head, 0) >= 500):
        return False  # 纪念章, 宣言书: a dictionary word made on an ordinary word (王国清 is no word)
    if not chinese and any(len(w) >= 2 and _common_word(w) and _freq().get(w, 0) >= 1000
                           for w in jieba_cut(name, hmm=False)):
        return False  # 横连东西: ordinary words, not a name (王国清 is a name: 王 is a surname)
    return (2 <= len(name) <= (16 if dotted else 8) and all(is_cjk(c) or c in "·•・" for c in name)
            and not _common_word(name)
            and _place_names().match_at(name, 0) != name and name not in _titles()
            and name not in lexicon.words("name_stopwords.txt"))


def foreign_name(name: str) -> bool:
    """A transliterated foreign name (克林顿, 安瓦尔·易卜拉欣): at least three
    characters, all of them usual in transliterations or the name dot."""
    translit = lexicon.words("translit_chars.txt")
    return (3 <= len(name) <= 16 and name[0] in translit and name[-1] in translit
            and all(c in translit or c in "·•・" for c in name) and not _common_word(name)
            and _place_names().match_at(name, 0) != name)


_LIST_ITEM_AFTER = re.compile(r"[、和及]([\u4e00-\u9fff·]{2,8}?)(?=[、等和及，。；\s]|$)")
_LIST_ITEM_BEFORE = re.compile(r"(?:^|(?<=[、，。；：\s]))([\u4e00-\u9fff·]{2,8})、$")


def list_siblings(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """The other names of a list one of whose items is a person
    (李强、丁薛祥、王毅等出席; 埃德蒙多、罗纳尔多和罗马里奥): items of a
    personal or transliterated name's shape next to a person."""
    text = doc.text
    persons = sorted((m for m in mentions if m.type == "Person"), key=lambda m: m.start)
    taken = {(m.start, m.end) for m in mentions}
    out: list[Mention] = []
    queue = list(persons)
    while queue:
        m = queue.pop()
        found = []
        a = _LIST_ITEM_AFTER.match(text, m.end)
        if a:
            found.append((a.start(1), a.end(1)))
        b = _LIST_ITEM_BEFORE.search(text, max(0, m.start - 10), m.start)
        if b:
            found.append((b.start(1), b.end(1)))
        for s, e in found:
            name = text[s:e]
            if (s, e) in taken or not (plausible_name(name) and not _common_word(name) or foreign_name(name)):
                continue
            sib = Mention(s, e, name, "Person", "list-sibling")
            taken.add((s, e))
            out.append(sib)
            queue.append(sib)
    return out


def _common_word(w: str) -> bool:
    """A dictionary word that is not a name (商行, 成果): the tagger's guess is not enough."""
    tag = _jieba_tags().get(w)
    # jieba's tags of well-known names are noisy (周恩来 t, 金正日 nz, 许立群 m): only
    # the classes of ordinary words count
    return (tag is not None and tag[:1] in ("n", "v", "a", "d", "l", "i", "f", "s", "b", "p", "c", "r", "u", "q")
            and not tag.startswith(("nr", "nz")) and _freq().get(w, 0) >= 10)


def propagate(doc: Document, mentions: list[Mention], types: tuple[str, ...] = ("Person",)) -> list[Mention]:
    """Every further occurrence of a name already recognised is a mention too."""
    text = doc.text
    names = {m.text: m.type for m in mentions if m.type in types and len(m.text) >= 2}
    if not names:
        return []
    g = Gazetteer(names)
    taken = {(m.start, m.end) for m in mentions}
    out = []
    for s, e, name in g.finditer(text):
        if (s, e) not in taken:
            out.append(Mention(s, e, name, names[name], "propagated"))
    return out


# ---------------------------------------------------------------------------
# awards

_AWARD_LEAD = re.compile(r"[\u4e00-\u9fff]{2,10}")
_YEAR_PREFIX = re.compile(r"^(?:\d{4}|[一二三四五六七八九〇零]{4})年度?")


# a grade heading a list of winners, at the start of a clause: 一等奖：…
_AWARD_HEADING = re.compile(r"(?:^|(?<=[：:；;。\n\s]))([^：:；;。，,\s]{2,8})[：:]")


def award_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Rankings and prizes (冠军, 一等奖, …奖) after a verb of winning."""
    out: list[Mention] = []
    won = lexicon.triggers()["won"]
    won_here = lexicon.any_of(won)
    awards = _award_words()
    for sent in sentences:
        st, base = sent.text, sent.start
        for m in _AWARD_HEADING.finditer(st) if "：" in st or ":" in st else ():
            # a list laid out by grade: 一等奖：A、B；二等奖：C (no verb of winning)
            if awards.match_at(st, m.start(1)) == m.group(1):
                out.append(Mention(base + m.start(1), base + m.end(1), m.group(1), "Award", "award-heading"))
        if not won_here.search(st):
            continue
        for s, e, w in awards.finditer(st):
            # 获评省级制造业单项冠军: the modifiers between the verb and the ranking belong to the award
            lo = max(0, s - 12)
            after_verb = max((hit + len(v) for v in won if (hit := st.rfind(v, lo, s)) >= 0), default=-1)
            lead = st[after_verb:s] if after_verb >= 0 else ""
            if (len(lead) >= 2 and _AWARD_LEAD.fullmatch(lead) and not any(c in lead for c in "的和及与")
                    and not any(awards.finditer(lead))):
                s = after_verb
            else:
                s = _level_before(st, s)  # …、国家级三等奖、某省二等奖5项: the grade's level is its name
            out.append(Mention(base + s, base + e, st[s:e], "Award", "award-word"))
        last_end = -1
        for m in re.finditer(r"[" + CJK + r"A-Za-z0-9“”（）]{2,24}?(?<![颁领获评得发授])奖状?(?![金励章品项])", st):
            name = m.group()
            cut = max((name.rfind(w) + len(w) for w in won if w in name), default=-1)
            if cut >= 0:
                name = name[cut:]  # the prize starts right after the verb of winning
            elif last_end >= 0 and st[last_end:m.start() + 1][:1] in ("和", "及", "、") or name[:1] in ("和", "及", "、") and last_end == m.start():
                name = name.lstrip("和及、")
            else:
                continue
            name = name.rsplit("的", 1)[-1].lstrip("了")
            if name.count("“") > name.count("”"):
                name = name[name.rfind("“") + 1:]  # 本届博览会“最佳组织奖”: the prize is what the quote opens
            name = _YEAR_PREFIX.sub("", name)  # 2023年度国家技术发明奖: the prize, not its year
            if len(name) >= 3 and not awards.match_at(name, 0):
                k = st.find(name, m.start())
                grade = awards.match_at(st, k + len(name))
                if grade:
                    name += grade  # 国家技术发明奖一等奖: the prize and its grade are one award
                out.append(Mention(base + k, base + k + len(name), name.strip("“”"), "Award", "prize-name"))
                last_end = k + len(name)
        # honorary titles: 获得“全国五一劳动奖章”称号, 分别获得SAIL之星称号
        for m in _honour_pattern().finditer(st):
            g = next(k for k in (1, 2, 3) if m.group(k))
            out.append(Mention(base + m.start(g), base + m.end(g), m.group(g), "Award", "honorary-title"))
    return out


def _level_before(st: str, s: int) -> int:
    """Where a grade at ``s`` starts with the level or place right before it
    (award_level_words.txt, a division, either with 赛区), when a list
    separator or a verb of winning comes before that; ``s`` otherwise."""
    k = s - 2 if st.endswith("赛区", 0, s) else s
    levels = lexicon.words("award_level_words.txt")
    for n in range(min(k, 8), 1, -1):
        word = st[k - n:k]
        if word in levels or _place_names().match_at(word, 0) == word or word in lexicon.divisions():
            before = st[k - n - 1:k - n] if k - n > 0 else ""
            if before in ("", "、", "，", "；", "：", "获") or st.endswith(lexicon.triggers()["won"], 0, k - n):
                return k - n
    return s


@lru_cache(maxsize=None)
def _honour_pattern() -> re.Pattern:
    won = sorted(lexicon.triggers()["won"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, won)) + ")了?"
                      r"(?:“([^“”]{2,20})”|([\u4e00-\u9fffA-Za-z0-9·]{2,16}?|[\u4e00-\u9fffA-Za-z0-9·]{0,12}“[^“”]{1,10}”[\u4e00-\u9fffA-Za-z0-9·]{0,8}?))"
                      r"(?:荣誉)?称号"
                      # 获评…“最佳航空公司”: a title in quotes closing the clause after a verb of rating
                      r"|(?:获评|被评为|评为|荣膺)[^，。；！？“”]{0,20}“([^“”]{2,20})”(?=[，。；！？]|$)")


# ---------------------------------------------------------------------------
# achievements

_QUOTED = re.compile(r"[“「《]([^“”「」《》\n]{2,30})[”」》]")
_MODEL = re.compile(r"[A-Za-z][A-Za-z0-9\-\.]*\d[A-Za-z0-9\-\.]*")
LEAD_TRIM = ("了", "出", "成功", "出了", "一种", "一款", "一台", "一批", "一系列", "一个", "一套", "全球首个", "国内首个",
             "世界首个", "首个", "首台", "首款", "第一个", "全新类型", "全新", "新型", "我国", "国内", "全球", "自主")


def _ends_with_head(phrase: str) -> bool:
    return any(phrase.endswith(h) for h in _achievement_heads())


# a first of its kind, in any scope (全国首个, 光伏行业首个, 全球首款): a description before the name
_FIRST_OF_KIND = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:首个|首款|首台|首套|首座|第一个|第一款)")


def _trim_object(phrase: str) -> str:
    first = _FIRST_OF_KIND.match(phrase)
    if first and len(phrase) > first.end() + 1:
        phrase = phrase[first.end():]
    changed = True
    while changed:
        changed = False
        for w in LEAD_TRIM:
            if phrase.startswith(w) and len(phrase) > len(w) + 1:
                phrase = phrase[len(w):]
                changed = True
    if "——" in phrase:
        phrase = phrase.rsplit("——", 1)[1]
    return phrase.strip("，、 ")


@lru_cache(maxsize=None)
def _noun_followers() -> frozenset[str]:
    return lexicon.words("trigger_noun_followers.txt")


NEGATIONS = ("未", "没", "不", "没有", "尚未", "还未", "并未", "无法", "难以")


def verb_occurrences(text: str, verbs: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Occurrences of trigger verbs used as verbs (not 研发团队, 研发中心)."""
    found: list[tuple[int, int, str]] = []
    nouns = _noun_followers()
    for v in verbs:
        start = 0
        while True:
            k = text.find(v, start)
            if k < 0:
                break
            start = k + 1
            e = k + len(v)
            if any(text.startswith(n, e) for n in nouns):
                continue
            if any(a < e and k < b for a, b, _ in found):
                continue
            if text[max(0, k - 2):k].endswith(NEGATIONS):
                continue
            found.append((k, e, v))
    return sorted(found)


@lru_cache(maxsize=1)
def _milestone() -> re.Pattern:
    """X(首台样机)在…下线: the subject of a milestone verb (milestone_verbs.txt)."""
    verbs = "|".join(map(re.escape, sorted(lexicon.words("milestone_verbs.txt"))))
    return re.compile(r"([^，。；、\s]{3,40}?)(?:首台样机|样机|一期)?在[^，。；]{0,20}?(?:" + verbs + ")")


@lru_cache(maxsize=None)
def _passed_test() -> re.Pattern:
    tests = "|".join(map(re.escape, sorted(lexicon.words("passed_tests.txt"))))
    return re.compile(r"(?:^|(?<=[，。；：]))([^，。；：“”\s]{4,40}?)通过[^，。；]{0,16}?(?:" + tests + ")")


def milestone_closes(st: str) -> bool:
    """Whether the sentence ends with a milestone verb (……，正式下线。)."""
    tail = st.rstrip("。！!；; ")
    return any(tail.endswith(v) for v in lexicon.words("milestone_verbs.txt"))


def achievement_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    out: list[Mention] = []
    trig = lexicon.triggers()
    strong = trig["developed"]
    weak = trig.get("developed-weak", ())
    verbs = strong + weak
    # The patterns below are slow to run over every sentence and rarely match:
    # each needs a literal (a verb, 在, 成果) whose absence a quick scan tells first.
    has_verb = lexicon.any_of(verbs).search
    has_milestone = lexicon.any_of(tuple(sorted(lexicon.words("milestone_verbs.txt")))).search
    won = lexicon.triggers()["won"]
    has_won = lexicon.any_of(won).search
    for sent in sentences:
        st, base = sent.text, sent.start
        # objects of verbs of developing / releasing (研制成功X, 推出的…“X”)
        for v0, v1, verb in verb_occurrences(st, verbs) if has_verb(st) else ():
            is_weak = verb in weak
            clause = re.split(r"[，。；;！？!?]", st[v1:], maxsplit=1)[0]
            if clause.startswith("的"):
                # X推出的全球首个通用智能机器人“通通” / 自主研发的神行超充电池已实现量产
                np_ = _noun_phrase(clause[1:])
                k0 = v1 + 1
            else:
                clause = re.sub(r"等.{0,6}$", "", clause)
                obj = clause.rsplit("的", 1)[-1] if "的" in clause else clause
                k0 = v1 + len(clause) - len(obj)
                np_ = _noun_phrase(obj, whole=True)
                named = _QUOTED_AT_END.search(obj) if np_ is None and not is_weak and "是" not in clause else None
                if named:
                    np_ = (named.group(0), named.group(1))  # …的飞机健康诊断“天瞳系统”: the name closing the object
            if np_ is None and not is_weak and not clause.startswith("的"):
                np_ = _latin_product(clause)  # 推出iPhone 11, 发布ZoomEye: a product known by a Latin name
                k0 = v1
            if np_ is None and not is_weak:
                title = _TITLE_OBJECT.match(clause)
                if title:  # 发表论文《…》, 发布了题为《…》的报告: the titled work
                    np_ = (title.group(1), title.group(1))
                    k0 = v1 + title.start(1)
            if not np_ or (is_weak and (np_[0] == np_[1] or np_[0].startswith(("“", "《")))):
                continue  # a weak verb (实现, 建设) needs a head noun with a proper name
            k = st.find(np_[0], k0)
            out.extend(_achievement(base + k, np_, "developed-object"))
        # the subject of 通过…验收 / 试验 at the start of a clause (……的6500V机车用IGBT芯片通过上车试验)
        for m in _passed_test().finditer(st) if "通过" in st else ():
            subj = _trim_object(m.group(1).rsplit("的", 1)[-1])
            if _ends_with_head(subj) and len(subj) >= 4:
                k = st.find(subj, m.start(1))
                out.append(Mention(base + k, base + k + len(subj), subj, "Achievement", "subject-passed-test"))
        # the subject of 下线 / 开工 / 亮相 / 问世
        for m in _milestone().finditer(st) if "在" in st and has_milestone(st) else ():
            subj = _trim_object(m.group(1))
            if _ends_with_head(subj) and "的" not in subj:
                k = st.find(subj, m.start())
                out.append(Mention(base + k, base + k + len(subj), subj, "Achievement", "subject-milestone"))
        for m in _QUOTED.finditer(st):
            after = st[m.end():m.end() + 8]
            if after.startswith(("通过鉴定", "通过验收", "成功发射", "正式发布", "正式上线", "亮相", "问世")):
                out.append(Mention(base + m.start(1), base + m.end(1), m.group(1), "Achievement", "quoted-milestone"))
            elif (m.group(0).startswith("“") and _ends_with_head(st[max(0, m.start() - 6):m.start()])
                  and has_milestone(st, m.end()) and milestone_closes(st)):
                # 国产地铁盾构“先行2号”，12日在……正式下线: a named machine, and the sentence ends on its milestone
                out.append(Mention(base + m.start(1), base + m.end(1), m.group(1), "Achievement", "named-milestone"))
            elif (after.startswith(("项目", "成果")) and len(m.group(1)) >= 4
                  and any(w in st[m.end():m.end() + 12] for w in won)
                  or m.group(0).startswith("《") and after.startswith(won)):
                # “高性能钙钛矿太阳能电池”项目荣获一等奖: a prized piece of work
                out.append(Mention(base + m.start(1), base + m.end(1), m.group(1), "Achievement", "quoted-prized"))
        # products that win (星河…双面发电组件斩获年度金奖; A、B也纷纷获奖)
        if has_won(st):
            out.extend(_prized_subjects(st, base, won))
        # lists of results: 成果还包括 A、B、C等 / 还有 A、B……这批成果
        lm = re.search(r"成果(?:还|也)?(?:包括|有)([^。；]+)", st) if "成果" in st else None
        if lm:
            out.extend(_list_items(st, base, lm.start(1), lm.end(1), "result-list"))
        lm = re.search(r"^(?:还有|包括)?([^。]+?)(?:……|…|等)?这(?:批|些|项)[^。]{0,20}成果", st) if "成果" in st else None
        if lm and "、" in lm.group(1):
            out.extend(_list_items(st, base, lm.start(1), lm.end(1), "result-list"))
    return out


_CLAUSE_OPEN = re.compile(r"^(?:此外|另外|同时|其中|而|并|还有)[，,]?")
_SUBJECT_ADVERBS = re.compile(r"(?:也|还|均|都|纷纷|分别|同时|再次|先后|一举|成功|一并|共同)+$")
_PRODUCT_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9“”·\-+]{4,30}")
_DEICTIC = ("该", "这", "此", "其", "本", "我们", "他们", "公司", "企业")


def _prized_subjects(st: str, base: int, won: tuple[str, ...]) -> list[Mention]:
    """Achievements that are the subject of a verb of winning: the items
    (A、B和C) of the clause before the verb that end with a head noun."""
    out = []
    for v0, _, _ in verb_occurrences(st, won):
        lo = max(st.rfind(c, 0, v0) for c in "，。；：,;:") + 1
        subj = st[lo:v0]
        lead = _CLAUSE_OPEN.match(subj)
        off = lo + (lead.end() if lead else 0)
        subj = _SUBJECT_ADVERBS.sub("", subj[lead.end() if lead else 0:])
        means = lexicon.means_markers().search(subj)
        if means:  # 星河公司凭借智能焊接机器人获得金奖: the work is what follows 凭借
            off += means.end()
            subj = subj[means.end():]
        for item in re.finditer(r"[^、和及与]+", subj):
            name = item.group()
            k = item.start()
            title = _TITLE_AT_END.search(name)
            if title:  # 王伟的论文《…》获得优秀论文奖: the titled work
                a = base + off + k + title.start(1)
                out.append(Mention(a, a + len(title.group(1)), title.group(1), "Achievement", "prized-title"))
                continue
            if "的" in name:  # 星河凭借在…修建的光伏电站: the head after the last 的
                k += name.rindex("的") + 1
                name = name[name.rindex("的") + 1:]
            trimmed = _trim_object(name)
            k += len(name) - len(trimmed)
            name = trimmed
            if (_PRODUCT_NAME.fullmatch(name) and _head_end(name) == len(name) and not name.startswith(_DEICTIC)
                    and name.count("“") == name.count("”")):
                out.append(Mention(base + off + k, base + off + k + len(name), name, "Achievement", "prized-subject"))
    return out


# a work named by its title in 《》, at the end of a subject or a few characters into an object
_TITLE_AT_END = re.compile(r"《([^《》]{2,40})》$")
_TITLE_OBJECT = re.compile(r"了?[^，。；、《》]{0,6}《([^《》]{2,40})》")
_QUOTED_AT_END = re.compile(r"“([^“”]{2,16})”$")
_NAME_TAIL = re.compile(r"“([^“”]{2,16})”|([A-Za-z0-9][A-Za-z0-9\-\.]*(?: [A-Z0-9][A-Za-z0-9\-\.]*)?|[\u4e00-\u9fff]{1,4}[A-Za-z0-9][A-Za-z0-9\-\.]*)")
_DESCRIPTIVE = ("最", "更", "很", "较", "非常", "良好", "优质", "重要", "重大")
_VERSION = re.compile(r"[Vv]?\d+(?:\.\d+)+|[Vv]\d+")
_COUNT_AFTER = tuple("多个余年月日万亿%家项台")
_GENERIC_MODIFIERS = ("新款", "新一代", "全新", "最新", "首款", "新型", "一款", "一种", "一台", "该")
_PHRASE_BREAK = re.compile(r"还|也|是|有|将|已|在|于|的|和|与|及|等|为|对|把|被|让|使|包括|成为|通过|实现|进行")


_LATIN_PRODUCT = re.compile(r"(?:了|出)?([A-Za-z][A-Za-z0-9\-\.+]*(?: ?[A-Z0-9][A-Za-z0-9\-\.+]*){0,2})(?=$|[，。；、和与及等并已将在于的])")


def _latin_product(clause: str) -> tuple[str, str] | None:
    """A product named in Latin letters (and digits) right after the verb,
    the whole object (推出iPhone 11, 发布ZoomEye); not a firm (ABC公司)."""
    m = _LATIN_PRODUCT.match(clause)
    if not m or len(m.group(1)) < 2 or m.group(1).isupper() and len(m.group(1)) <= 3:
        return None  # 推出AI…, 发布GDP: an acronym, not a product
    return m.group(1), m.group(1)


def _noun_phrase(text: str, whole: bool = False) -> tuple[str, str] | None:
    """An achievement noun phrase at the start of ``text``: (span text, name).

    The phrase ends after a head noun (芯片, 机器人, 燃气轮机…), optionally
    followed by its proper name (旗舰芯片麒麟9010, 原型机“九章三号”); the
    proper name, when there is one, is the achievement's name.
    """
    phrase = _trim_object(text)
    offset = text.find(phrase) if phrase else -1
    if offset < 0 or not phrase:
        return None
    if "、" in phrase[:24] or phrase.startswith(_DESCRIPTIVE):
        return None
    q = _QUOTED.match(phrase)
    if q:
        rest = phrase[q.end():]
        if (q.group(0).startswith("《") or not rest or _head_end(rest[:12]) > 0 and not _PHRASE_BREAK.match(rest)
                or rest.startswith(lexicon.triggers()["won"])):
            return q.group(0), q.group(1)  # also 研发的“智能焊接机器人”荣获金奖
        return None
    # the phrase ends at the first function word outside quotes
    cut = len(phrase)
    for m in _PHRASE_BREAK.finditer(phrase):
        if phrase[: m.start()].count("“") == phrase[: m.start()].count("”"):
            cut = m.start()
            break
    end = _head_end(phrase[: min(cut, 30)])
    if end < 3:
        return None
    span = phrase[:end]
    tail = _NAME_TAIL.match(phrase, end)
    if span in _achievement_heads() and not (tail and tail.group(1)):
        return None  # a bare head noun (芯片) names nothing; 大模型“复星一号” does
    if tail and tail.group(2) and (_PHRASE_BREAK.match(tail.group(2)) or phrase[tail.end():tail.end() + 1] in _COUNT_AFTER):
        tail = None  # 机器人已出口到30多个国家: a predicate with a number, not a model name
    if tail:
        name = tail.group(1) or tail.group(2)
        if tail.group(2) and _VERSION.fullmatch(name) and _head_start(span) > 0 and not span.startswith(_GENERIC_MODIFIERS):
            name = phrase[: tail.end()]  # 星火认知大模型V4.0: a version number belongs to the product's name
        return phrase[: tail.end()], name
    if whole and len(phrase) > end + 1 and not re.match(r"[，。；、和与及等]|并|已|将|在|于|为|是|已经|正在", phrase[end:]):
        return None  # the head noun is inside a longer phrase: not a name
    return span, span


def _achievement(start: int, np_: tuple[str, str], rule: str) -> list[Mention]:
    span, name = np_
    if len(name) < 2 or len(name) > 40:
        return []
    k = span.rfind(name)
    if span.startswith("“") and name == span.strip("“”"):
        k = 1
    return [Mention(start + k, start + k + len(name), name, "Achievement", rule)]


def _head_start(span: str) -> int:
    """Where the head noun that ends ``span`` starts (人形|机器人)."""
    heads = _achievement_heads()
    return min((len(span) - len(h) for h in heads if span.endswith(h)), default=len(span))


def _head_end(phrase: str) -> int:
    """Where the achievement name in ``phrase`` ends: after its first head
    noun, extended over head nouns that follow at once (电池系统)."""
    heads = _achievement_heads()
    best_start, best_end = len(phrase) + 1, 0
    for h in heads:
        k = phrase.find(h)
        if k >= 0 and (k < best_start or k == best_start and k + len(h) > best_end):
            best_start, best_end = k, k + len(h)
    if not best_end:
        return 0
    extended = True
    while extended:
        extended = False
        for h in heads:
            if phrase.startswith(h, best_end) or (phrase.startswith(h[1:], best_end) and len(h) > 2 and phrase[best_end - 1] == h[0]):
                best_end += len(h) if phrase.startswith(h, best_end) else len(h) - 1
                extended = True
                break
    return best_end


def _list_items(st: str, base: int, s: int, e: int, rule: str) -> list[Mention]:
    out = []
    seg = st[s:e]
    seg = re.sub(r"(等|……|…)+$", "", seg)
    pos = s
    for item in seg.split("、"):
        raw = item
        k = st.find(raw, pos)
        pos = k + len(raw) + 1
        name = item.strip("“”《》 ")
        name = re.sub(r"(等|……|…)+.*$", "", name)
        if not name or len(name) > 40 or len(name) < 3:
            continue
        # a named product: “北脑二号”智能脑机系统 -> 北脑二号 as the name
        q = _QUOTED.match(item)
        if q and q.start() == 0 and rule == "result-list":
            inner = q.group(1)
            out.append(Mention(base + k + 1, base + k + 1 + len(inner), inner, "Achievement", rule + "-quoted"))
            continue
        kk = st.find(name, k)
        out.append(Mention(base + kk, base + kk + len(name), name, "Achievement", rule))
    return out


# ---------------------------------------------------------------------------
# layout: a prize's heading line and the winners listed under it

# 第七届某某大奖（企业）: a line that is a prize's name, maybe with a bracketed category
_PRIZE_HEADING = re.compile(r"(?m)^((?:第[一二三四五六七八九十百\d]+届|\d{4}年度?)?[^\s，。；：、（）“”]{2,24}?奖)(?:（[^（）\n]{1,8}）)?$")
# under it, entries: 某某公司（大奖）, 某某公司——某某项目（提名奖）
_PRIZE_ENTRY = re.compile(r"([^\s，。；：、（）—]{2,40}?)(?:——([^\n（）—]{4,60}?))?（([^（）\n]{1,8})）")


def prize_list_entries(text: str) -> list[tuple[Mention, list[tuple[int, int, int, int]]]]:
    """Prize headings and their entries: (the heading's Award mention, [(agent start,
    agent end, work start, work end)]), work (-1, -1) when the entry names none.
    An entry line holds one or more ``agent[——work]（grade）``; the list ends at
    the first line that holds none."""
    out: list = []
    if "）\n" not in text and not text.endswith("）"):
        return out  # no line ends with a bracket: no such list
    for h in _PRIZE_HEADING.finditer(text):
        entries = []
        pos = h.end() + 1
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            line = text[pos:end]
            found = list(_PRIZE_ENTRY.finditer(line))
            if not found or found[0].start() != 0 or _PRIZE_HEADING.fullmatch(line):
                break
            for m in found:
                w = (pos + m.start(2), pos + m.end(2)) if m.group(2) else (-1, -1)
                entries.append((pos + m.start(1), pos + m.end(1)) + w)
            pos = end + 1
        if entries:
            out.append((Mention(h.start(1), h.end(1), h.group(1), "Award", "prize-heading"), entries))
    return out


def layout_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """The prize of a heading line with winners under it, and the works the
    entries name after a dash (某某公司——某某示范项目（大奖）)."""
    out: list[Mention] = []
    for award, entries in prize_list_entries(doc.text):
        out.append(award)
        for _, _, ws, we in entries:
            if ws >= 0:
                out.append(Mention(ws, we, doc.text[ws:we], "Achievement", "prize-entry-work"))
    return out


# ---------------------------------------------------------------------------

FINDERS = (district_mentions, org_mentions, context_org_mentions, tagged_org_mentions, person_mentions,
           award_mentions, achievement_mentions, layout_mentions)

PRIORITY = {"Company": 5, "Institution": 5, "Person": 4, "Achievement": 3, "Award": 3, "District": 2}


def settle(mentions: list[Mention]) -> list[Mention]:
    """Drop duplicates and mentions that are parts of a longer, stronger one.

    Nested organisations (北京大学 inside 北京大学物理学院) are kept: the
    parent is an entity in its own right. A district inside an organisation
    name (北京 in 北京燃力能源科技有限公司) is dropped, and so is a person
    inside an organisation or an achievement.
    """
    uniq = {(m.start, m.end, m.type): m for m in mentions}
    ms = sorted(uniq.values(), key=lambda m: (m.start, -m.length))
    starts = [m.start for m in ms]
    longest = max((m.length for m in ms), default=0)
    keep: list[Mention] = []
    for m in ms:
        dominated = False
        # only mentions starting at most `longest` characters earlier can contain m
        lo = bisect.bisect_left(starts, m.start - longest)
        hi = bisect.bisect_right(starts, m.start)
        for o in ms[lo:hi]:
            if o is m or not (o.start <= m.start and m.end <= o.end) or o.length == m.length and o.type == m.type:
                continue
            if o.length == m.length:
                # same span, two types: the more specific wins
                if PRIORITY[o.type] > PRIORITY[m.type]:
                    dominated = True
                    break
                continue
            if m.type in ("Company", "Institution") and o.type in ("Company", "Institution"):
                continue  # nested organisation
            if m.type == "District" and o.type == "District":
                dominated = True
                break
            if m.type != o.type or m.type in ("Person", "Achievement", "Award", "District"):
                dominated = True
                break
        if not dominated:
            keep.append(m)
    return _drop_crossing(keep, longest)


def _drop_crossing(ms: list[Mention], longest: int) -> list[Mention]:
    """Of two mentions that cross (overlap without nesting), keep the stronger.

    ``ms`` is sorted by start and no mention is longer than ``longest``, so
    only the kept mentions of the last ``longest`` characters can clash.
    """
    out: list[Mention] = []
    dropped: set[int] = set()  # indexes into out
    for m in ms:
        clash = []
        for k in range(len(out) - 1, -1, -1):
            o = out[k]
            if o.start < m.start - longest:
                break
            if (k not in dropped and o.start < m.end and m.start < o.end
                    and not (o.start <= m.start and m.end <= o.end) and not (m.start <= o.start and o.end <= m.end)):
                clash.append(k)
        if clash and not all((PRIORITY[m.type], m.length) > (PRIORITY[out[k].type], out[k].length) for k in clash):
            continue
        dropped.update(clash)
        out.append(m)
    kept = [o for k, o in enumerate(out) if k not in dropped]
    return sorted(kept, key=lambda m: (m.start, -m.length))


PLACE_ENDINGS = "省市区县镇乡村州盟旗岛港湾"
_PARTNER = re.compile(r"[\u4e00-\u9fff]{0,3}?(与|和|同|联合|携手)([\u4e00-\u9fffA-Za-z]{2,8}?)(达成|签署|签订|签约|合作|共同|联合|携手|开发|研发|研制|推出|成立|组建|合资)")


def partner_mentions(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """The partner of a known company: ``美的与东芝开利达成…合作``,
    ``美的空调联合美芝压缩机开发出…`` (the partner is an organisation too)."""
    text = doc.text
    out = []
    stops = lexicon.words("org_left_stops.txt")
    places = _place_names()
    for m in mentions:
        if m.type != "Company":
            continue
        pm = _PARTNER.match(text, m.end, min(len(text), m.end + 24))
        if not pm:
            continue
        name = pm.group(2)
        if name in stops or any(name.startswith(w) for w in ("双方", "各方", "对方", "我们", "他们")):
            continue
        if _titles().match_at(name, 0) or name in lexicon.words("org_reject_cores.txt") or places.match_at(name, 0):
            continue
        if name[-1] in PLACE_ENDINGS:
            continue  # 昆山市, 临港新区: a place, not a partner company
        k = pm.start(2)
        if any(o.start < k + len(name) and k < o.end for o in mentions):
            continue
        out.append(Mention(k, k + len(name), name, "Company", "partner"))
    return out


def find_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """All mentions of the document, overlaps settled."""
    found: list[Mention] = []
    for finder in FINDERS:
        found.extend(finder(doc, sentences))
    found.extend(list_siblings(doc, found))
    found.extend(propagate(doc, found, ("Person", "Company")))
    partners = partner_mentions(doc, found)
    if partners:
        found.extend(partners)
        found.extend(propagate(doc, partners, ("Company",)))
    # a person's name the tagger also read as an organisation, with no ending
    # to show it (荣立军研究员): the person
    people = {(m.start, m.end) for m in found if m.type == "Person"}
    # ... and the object of a verb of launching the tagger read as a firm (推出了StarLink Pro): the product
    products = {(m.start, m.end) for m in found if m.rule == "developed-object"}
    found = [m for m in found if not (m.rule == "tagger-org" and ((m.start, m.end) in people or (m.start, m.end) in products)
                                      and not _suffixes().ends_with(m.text, len(m.text)))]
    found = _typed_by_description(doc.text, found)
    return _without_venues(doc, _without_company_departments(settle(_parents_of_subsidiaries(doc, found))))


def _typed_by_description(text: str, ms: list[Mention]) -> list[Mention]:
    """An organisation named in Latin letters takes the type of a description
    right before one of its mentions (国际环保组织Green Alliance: an Institution),
    in all its mentions."""
    typed: dict[str, str] = {}
    for m in ms:
        if m.type in ("Company", "Institution") and _LATIN_NAME.fullmatch(m.text):
            intro = _introduced_latin_name(text, m.start)
            if intro is not None and intro.end == m.end:
                typed[m.text] = intro.type
    if not typed:
        return ms
    return [Mention(m.start, m.end, m.text, typed[m.text], m.rule)
            if m.type in ("Company", "Institution") and m.text in typed and m.type != typed[m.text] else m
            for m in ms]


def _parents_of_subsidiaries(doc: Document, ms: list[Mention]) -> list[Mention]:
    """A parent and its unit read as one mention are two organisations:
    某某集团全资子公司某某材料有限公司 and 某某集团旗下的某某材料 are the parent
    and the subsidiary; 某某集团全资子公司 alone describes a subsidiary and names
    the parent."""
    text = doc.text
    out = []
    starts = {m.start for m in ms}
    for m in ms:
        if m.type not in ("Company", "Institution"):
            out.append(m)
            continue
        before = _UNIT_BEFORE.search(text, max(0, m.start - 6), m.start)
        if before:
            # 某某集团旗下的|某某材料: the parent, named just before, is an organisation too
            pe = before.start()
            suf = _suffixes().ends_with(text, pe)
            if suf:
                ls = text.rfind("\n", 0, pe) + 1
                line = text[ls:pe]
                ps = ls + _left_edge(line, len(line) - len(suf))
                parent = _named_org(ps, text[ps:pe], "parent-of-unit")
                if parent and pe - ps >= len(suf) + 2 and ps not in starts:
                    out.append(parent)
        unit = None
        for unit in _UNIT_MARK.finditer(m.text):
            pass
        if unit is not None and 0 < unit.start() and len(m.text) - unit.end() >= 2:
            parent = _named_org(m.start, m.text[: unit.start()], m.rule)
            if parent:
                out.append(parent)
            m = Mention(m.start + unit.end(), m.end, m.text[unit.end():], m.type, m.rule)
        sub = _SUBSIDIARY_END.search(m.text)
        if not sub and text.startswith("子公司", m.end):
            sub = re.search(r"(?:全资|控股)$", m.text)  # 某某有限公司控股|子公司
        if sub:
            m = _named_org(m.start, m.text[: sub.start()], m.rule)
            if m is None:
                continue
        out.append(m)
    return out


def _named_org(start: int, name: str, rule: str) -> Mention | None:
    """``name`` at ``start`` as an organisation typed by its ending, if it has
    one and something before it (two characters at least)."""
    suf = _suffixes().ends_with(name, len(name))
    if len(name) < 2 or not suf:
        return None
    return Mention(start, start + len(name), name, lexicon.org_suffixes()[suf], rule)


@lru_cache(maxsize=None)
def _venue_endings() -> tuple[str, ...]:
    return tuple(sorted(lexicon.words("venue_endings.txt")))


@lru_cache(maxsize=None)
def _venue_event() -> re.Pattern:
    verbs = "|".join(map(re.escape, sorted(lexicon.words("venue_event_verbs.txt"), key=len, reverse=True)))
    return re.compile(rf"[^。！？\n]{{0,24}}?(?:{verbs})")


def _without_venues(doc: Document, ms: list[Mention]) -> list[Mention]:
    """Drop places where something happens (观众在中关村展示中心…参观, 在国家会议中心举行,
    在某某国际酒店会展中心举行): a venue named after 在 and followed by a verb of an
    event is a place, not an organisation,
    unless the article also names it elsewhere."""
    text = doc.text
    counts = Counter(m.text for m in ms)
    out = []
    for m in ms:
        if (m.type in ("Institution", "Company") and m.text.endswith(_venue_endings()) and counts[m.text] == 1
                and text[max(0, m.start - 1):m.start] in ("在", "于") and _venue_event().match(text, m.end)):
            continue
        out.append(m)
    return out


DEPARTMENT_ENDINGS = ("部", "处", "室", "科")


def _without_company_departments(ms: list[Mention]) -> list[Mention]:
    """Drop a company's departments (…有限公司科技管理部): a unit of the company,
    not an organisation of its own; people there work for the company."""
    companies = {(m.start, m.end) for m in ms if m.type == "Company"}
    starts = {a for a, _ in companies}
    out = []
    for m in ms:
        if m.type == "Institution" and m.start in starts and m.text.endswith(DEPARTMENT_ENDINGS):
            inner = max((e for a, e in companies if a == m.start and e < m.end), default=None)
            if inner is not None and m.end - inner <= 8:
                continue
        out.append(m)
    return out
