"""Organisations: names by their endings (…有限公司, …研究院, …管委会) with the
left edge found by stop words, the statistical tagger's ORG spans, names
introduced by their context (与X签约), and the passes that refine them
(parents of subsidiaries, venues, departments, descriptions before a Latin name).
"""

from __future__ import annotations

import bisect
from collections import Counter
from functools import lru_cache
import re

from .. import lexicon
from ..gazetteer import Gazetteer
from ..model import Document, Mention, Sentence
from ..words import cut as jieba_cut
from .common import (
    PUNCT, division_names, foreign_countries, is_cjk, jieba_tags, name_followers, org_endings, org_left_stops,
    person_descriptions, place_names, segment, tagged_spans, title_words, token_ends, tokens, word_freq,
)
from .districts import zone_suffixes
from .people import common_word


MAX_ORG = 32
STOP_TAGS = ("p", "c", "u", "r", "d")
NUMERALS = set("一二三四五六七八九十百千万两几数多0123456789")


@lru_cache(maxsize=None)
def _winning_and_signing_verbs() -> frozenset[str]:
    """The trigger verbs of ``won`` and the verbs among the triggers of
    ``signedWith`` (签约, 签署, 缔结, 牵手…: jieba tags them v): never a word
    of an organisation's name."""
    t = lexicon.triggers()
    tags = jieba_tags()
    return frozenset(t["won"]) | {w for w in t["signedWith"]
                                  if w.startswith("签") or w == "缔结" or tags.get(w, "").startswith("v")}


def _cuts_new_word(text: str, a: int, edge: int) -> bool:
    """Whether a word jieba's HMM finds, not in its dictionary, runs from ``a`` or
    before across ``edge`` (the 极 of 极米 when the name so far starts at 米)."""
    hmm = tokens(text, hmm=True)
    k = bisect.bisect_right(token_ends(text, hmm=True), edge)
    if k >= len(hmm):
        return False
    s, e, w = hmm[k]
    return s <= a and s < edge < e and len(w) <= 3 and all(is_cjk(c) for c in w) and w not in word_freq()


_ORDINAL_BEFORE = re.compile(r"第[〇零一二三四五六七八九十百千0-9]{1,6}$")
_NUMBERED_UNIT = re.compile(r"[一二三四五六七八九十]+[局冶]")


def _numbered_unit(text: str, a: int, b: int) -> bool:
    """Whether the word ``text[a:b]`` is (part of) a bureau named by its
    number, whether jieba keeps 七局 as one word or splits 十一|局 (not
    一所, 两家)."""
    m = _NUMBERED_UNIT.match(text, a)
    return m is not None and m.end() >= b


def left_edge(text: str, start: int, floor: int = 0) -> int:
    """Where an organisation name ending in a suffix at ``start`` begins.
    Walk left token by token (jieba) while tokens can belong to a name: stop
    at punctuation, a stop word (与, 由, 标志着…) or a function word
    (prepositions, conjunctions, particles, pronouns, adverbs). Working on
    tokens keeps 为 in 华为 and 经 in 经管委 inside the name.
    """
    stops = lexicon.words("org_left_stops.txt")
    name_verbs = lexicon.words("org_name_verbs.txt")
    time_words = lexicon.words("org_name_time_words.txt")
    single_verbs = lexicon.words("org_single_char_verbs.txt")
    classifiers = lexicon.words("org_classifiers.txt")
    shorts = lexicon.division_shorts()
    tags = jieba_tags()
    freq = word_freq()
    toks = tokens(text)
    # the token holding the suffix start, and those before it
    k = bisect.bisect_right(token_ends(text), start)
    edge = toks[k][0] if k < len(toks) else start
    known = edge if k < len(toks) and tags.get(toks[k][2], "").startswith("nt") else None  # 世贸组织: a whole name
    j = k - 1
    ordinal = _ORDINAL_BEFORE.search(text, max(0, start - 8), start)
    if ordinal and edge == start:
        # 中船重工第七二五研究所, 北京市第八中学: an ordinal belongs to the name
        ends = token_ends(text)
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
        if (w in ("与", "和") and b == edge == start and j >= 1 and len(toks[j - 1][2]) == 1 and is_cjk(toks[j - 1][2])
                and toks[j - 1][2] not in stops and not tags.get(toks[j - 1][2], "x").startswith(("p", "c", "u", "r", "d"))
                and (j < 2 or len(toks[j - 2][2]) >= 2 or toks[j - 2][2] in PUNCT)):
            edge = toks[j - 1][0]  # 泰和集团, 中和集团: 和 right before the ending is part of a two-character name
            j -= 2
            continue
        field = _department_field_at(text, a) if w == "和" else None
        if field is not None:
            edge = field  # 某某县发展和改革局: 和 inside a department's standard name
            j = bisect.bisect_right(token_ends(text), field) - 1
            continue
        if w in ("与", "和") and (start - edge <= 4 or any(org_endings().match_at(text, k) for k in range(b + 1, b + 5))) \
                and not place_names().match_at(text, b):
            # (not 某某大学物理学院与北京大学: a name after 与 that starts with a place is an organisation of its own)
            # 清华大学车辆与运载学院, 苏州大学功能纳米与软物质研究院: a unit named "X与Y"
            # inside a larger organisation (X is one or two words right after its name)
            unit = _unit_head(text, toks, j)
            if unit is None and _institution_ending_at(text, start):
                unit = _place_led_field(text, toks, j)
            if unit is None and _institution_ending_at(text, start):
                unit = _clause_led_field(text, toks, j)
            if unit is not None:
                edge = toks[unit][0]
                j = unit - 1
                continue
        if j >= 1 and toks[j - 1][2] in ("与", "和") and (start - a <= 4 or org_endings().match_at(text, b)) and (
                _unit_head(text, toks, j - 1) is not None
                or _institution_ending_at(text, start) and _place_led_field(text, toks, j - 1) is not None):
            edge = a  # 运载 in 车辆与运载学院, 采购 in 中国物流与采购联合会: part of the name, not a verb ending it
            j -= 1
            continue
        tag = tags.get(w, "x")
        if len(w) == 1 and j + 1 < len(toks) and toks[j + 1][0] == edge and w not in stops and any(
                freq.get(joined, 0) and not tags.get(joined, "x").startswith(STOP_TAGS + ("v", "i"))
                for joined in (w + toks[j + 1][2][:n] for n in range(2, len(toks[j + 1][2]) + 1))):
            edge = a  # 某某可再生材料学会: 可 is not the verb here but begins the word 可再生 (three characters
            j -= 1    # or more: 和平 in 和平安银行 is no word of the name)
            continue
        if (len(w) == 1 and tag.startswith(("p", "c")) and w not in stops and j >= 1
                and toks[j - 1][2] in ("与", "和", "同", "跟", "及", "向", "对")):
            edge = a  # 与顺达速运…: no preposition follows 与, so 顺 begins the name
            j -= 1
            continue
        if w in stops and b == edge == start and w in _trade_cores():
            edge = a  # 某某能源服务|有限公司: a trade right before the ending is part of the name (not 服务|某某公司)
            j -= 1
            continue
        if w in stops or tag.startswith(STOP_TAGS) and len(w) <= 2 and w not in place_names():
            break
        if tag == "i" or tag == "f" and len(w) >= 2 and w[0] not in "东南西北中":
            break  # 进一步提高, 最后: an idiom or a position word is never part of a name (南方, 北方 may be: 北方华创)
        if w in _winning_and_signing_verbs():
            break  # 获评国资委…, 获中国航空学会…: a verb of winning or signing ends the name
        if w in ("联合", "携手", "会同") and place_names().match_at(text, b):
            break  # ，联合中国空间技术研究院, 计划联合浙江省某某局: "together with", then a name that starts with a place
        if w in ("联合", "携手", "会同") and b < start and j >= 1 and org_endings().ends_with(text, a, max(0, a - 8)):
            break  # 某某大学联合某某装备有限公司: one organisation together with another (not 某某大学联合实验室)
        if w in single_verbs and j >= 1 and _unknown_word(toks[j - 1][2] + w):
            edge = toks[j - 1][0]  # 蔚来: a name jieba's dictionary splits, not the verb 来
            j -= 2
            continue
        if tag == "v" and w not in name_verbs and (len(w) >= 2 and freq.get(w, 0) >= 300 or w in single_verbs
                                                   or known and b == known):
            break  # 推出, 属于, 起诉, 有…: a common verb ends the name (and any verb before a name jieba knows: 恪守|世贸组织)
        if tag == "t" and w not in time_words and w not in shorts:
            break  # 如今, 目前, 当年: a time word is not part of a name (现代 may be: org_name_time_words.txt;
            # 隆回, which jieba tags t, is a county's short name)
        if ((w in classifiers or tag.startswith("m") and any(c in NUMERALS for c in w)) and not _numbered_unit(text, a, b)
                and not (w.startswith("第") and (org_endings().ends_with(text, a)
                                                 or j + 1 < len(toks) and org_endings().ends_with(text, toks[j + 1][1])))):
            break  # 三家, 两所 (but 中建七局, 中铁十一局: a numbered unit is part of the name, and so is
            # the ordinal of a unit right after its parent: 中建五局第三建设有限公司, or before the unit's
            # own ending: 某某能建第四工程局有限公司)
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
    tags = jieba_tags()
    if text.endswith(tuple(lexicon.words("team_words.txt")), 0, toks[j][0]):
        return None  # 王伟课题组与B: a research group and its partner, not a unit's field
    if org_endings().ends_with(text, toks[j][0]):
        return None  # 某某大学物理学院与B: an organisation and its partner
    for back in (1, 2, 3):
        if j - back < 0:
            return None
        xa, xb, xw = toks[j - back]
        tag = tags.get(xw, "n")
        if not all(is_cjk(c) for c in xw) or tag.startswith(STOP_TAGS + ("t",)) or tag.startswith("v") and tag != "vn":
            return None  # not 公司分别与…, 集团日前与… (a verbal noun may name a field: 教育与…学院)
        if toks[j][0] - xa > 7:
            return None
        parent = org_endings().ends_with(text, xa)
        if parent and not _suffix_is_word_end(text, xa - len(parent), xa, parent):
            parent = None  # 头部|车企和医院: 部 ends a common noun here, no organisation
        if parent and lexicon.org_suffixes().get(parent) == "Company":
            return None  # 某某有限公司与中建五局: two parties, not a unit of a company named X与Y
        if parent or text.endswith(_deictic_organisations(), 0, xa):
            return j - back
    return None


def _department_field_at(text: str, k: int) -> int | None:
    """Where a department's joined fields start (发展和改革, department_fields.txt)
    when the 和 at ``k`` is theirs; None otherwise."""
    for f in lexicon.words("department_fields.txt"):
        i = f.index("和")
        if k - i >= 0 and text.startswith(f, k - i):
            return k - i
    return None


def _institution_ending_at(text: str, start: int) -> bool:
    """Whether the ending at ``start`` names an institution (联合会, 研究院), not a company."""
    ending = org_endings().match_at(text, start)
    return ending is not None and lexicon.org_suffixes().get(ending) == "Institution"


def _field_word(w: str) -> bool:
    """A common noun (or verbal noun) in Chinese characters, which may name a field in
    "X与Y<ending>" (物流, 化学); not a name, a place or an organisation's word."""
    tag = jieba_tags().get(w, "")
    return tag.startswith(("n", "vn")) and not tag.startswith(("nr", "ns", "nt")) and all(is_cjk(c) for c in w)


def _place_led_field(text: str, toks, j: int) -> int | None:
    """For 与 at token ``j``: the index of the place token that opens
    "<place>X与Y<ending>", X being one or two common nouns and the place
    standing at the start of a clause (中国物流与采购联合会,
    全国工商联与…): an organisation named after two fields."""
    for back in (1, 2):
        k = j - back - 1
        if k < 0 or not _field_word(toks[j - back][2]):
            return None
        place = toks[k][2]
        if place_names().match_at(place, 0) == place:
            before = toks[k - 1][2] if k >= 1 else "。"
            if any(ch in PUNCT for ch in before) or before in org_left_stops() or k == 0:
                return k
    return None


def _clause_led_field(text: str, toks, j: int) -> int | None:
    """For 与 at token ``j``: the index of the token that opens "X与Y<ending>" at
    the start of a clause, X being one or two common nouns (；资源与环境工程学院,
    化学与材料工程学院…): a college or an institute named after two fields."""
    for back in (1, 2):
        k = j - back
        if k < 0:
            return None
        xw = toks[k][2]
        if not _field_word(xw) or org_endings().ends_with(xw, len(xw)) or xw in lexicon.words("org_reject_cores.txt"):
            return None  # (not 公司与研究院: an organisation's ending, a party of its own)
        before = toks[k - 1][2] if k >= 1 else "。"
        if any(ch in PUNCT for ch in before) or k == 0:
            return k
    return None


@lru_cache(maxsize=None)
def _deictic_organisations() -> tuple[str, ...]:
    return tuple(sorted(lexicon.words("deictic_organisations.txt")))


def _unknown_word(w: str) -> bool:
    """Two single characters that jieba's HMM reads as one new word (蔚来), not in its dictionary."""
    return (len(w) == 2 and all(is_cjk(c) for c in w) and w not in word_freq()
            and jieba_cut(w) == [w] and not jieba_tags().get(w[0], "x").startswith(STOP_TAGS))


def org_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Organisations recognised by their ending, with parents of nested names."""
    suffixes = lexicon.org_suffixes()
    reject = lexicon.words("org_reject_cores.txt")
    generic = lexicon.words("generic_org_endings.txt")
    titles = title_words()
    out: list[Mention] = []
    windows = [(sent.start, sent.end) for sent in sentences]
    for sent, found in zip(sentences, org_endings().finditer_windows(doc.text, windows, overlapping=True)):
        s_text = sent.text
        base = sent.start
        for s, e, suf in found:
            # only the longest suffix ending here counts
            longer = org_endings().ends_with(s_text, e)
            if longer and len(longer) > len(suf):
                continue
            # the suffix must end the word: …公司党委书记 is 公司 + a title
            after_t = titles.match_at(s_text, s) if s < len(s_text) else None
            if after_t and len(after_t) > len(suf):
                continue
            if not _suffix_is_word_end(s_text, s, e, suf):
                continue
            nxt = org_endings().match_at(s_text, e)
            if nxt and (suffixes[nxt] == suffixes[suf] == "Company" or nxt.startswith(("有限", "股份"))) \
                    and not titles.match_at(s_text, e):
                continue  # the name goes on: 中国科学院控股|有限公司, 某某第三工程局|有限公司
            left = left_edge(s_text, s, 0)
            # the tagger's name ending here starts one common word later (纪念|北京大学, 往|移民局,
            # 联合|某某重工装备有限公司): its start
            tagged = _tagged_org_starts(doc.text).get(base + e)
            if tagged is not None and base + left < tagged < base + s and _common_word(s_text[left:tagged - base]):
                left = tagged - base
            elif (tagged is not None and base + left - 2 <= tagged < base + left
                  and (tagged == base or s_text[tagged - base - 1] in PUNCT)
                  and not any(c in PUNCT or c in "与和及同跟" for c in s_text[tagged - base:left])):
                left = tagged - base  # 投资方：中能|绿源（湖南）新能源有限公司: the tagger's name opens the clause, two characters before
            # strip a leading title (主任中国科学院…)
            t = titles.match_at(s_text, left) if left < s else None
            if t and left + len(t) < s:
                left += len(t)
            name = s_text[left:e]
            core = s_text[left:s]
            if not core or (len(core) < 2 and len(suf) < 3):
                continue
            if (core in reject or re.sub("[子分]$", "", core) in reject) and not (
                    len(suf) == 1 and suffixes[suf] == "Institution" and (base + left, base + e) in _tagged_orgs(doc.text)):
                continue  # 科技公司, 二级子公司: a kind of company (but 科技部, which the tagger reads as a body, is one)
            if _COUNTED_CORE.match(core):
                continue  # 10|余家子公司: counted, a description
            if any(d in core for d in lexicon.longest_first("org_determiners.txt")) or _COUNTED_GROUP.search(core):
                continue  # 旗下公司; 五大发电集团, 四国俱乐部, 县级政府: a description of a group or a level
            # 国内为数不多的烟配上市公司: a description, not a name
            if suf in generic and left > 0 and s_text[left - 1] == "的":
                continue
            if suf in generic and core.endswith(_reject_endings()):
                continue
            if suf in generic and core.startswith(_descriptive_heads()):
                continue  # 国内航空公司, 最佳航空公司: a description, not a name
            if _QUANTIFIED.search(s_text, max(0, left - 2), left) or _QUANTIFIED.search(re.sub("[子分]$", "", core)):
                continue  # 一家品牌公司, 13家全国性行业协会, 另一家子公司: counted, a description
            if suffixes[suf] == "Company" and core in _trade_cores():
                continue  # 建设有限公司, 品牌公司: a trade alone before a company's ending names nothing
            if suf in generic and (_common_core(core) and not (
                    (base + left, base + e) in _tagged_orgs(doc.text) or _known_organisation(name))):
                continue  # 说清楚公司, 品牌公司: an ordinary word or a trade before the ending
                # (but 联想集团, 远望集团: the tagger or jieba's dictionary knows the name)
            if len(name) < 3 or len(name) > MAX_ORG:
                continue
            if suf in generic and place_names().match_at(core, 0) == core:
                continue  # 意大利公司: "an Italian company", not a name
            if org_endings().match_at(core, 0) == core:
                continue  # 集团总公司: two endings, no name
            if jieba_tags().get(suf, "").startswith("v") and org_endings().ends_with(core, len(core)):
                continue  # 某某学会组织的评审: the organisation, then the verb 组织
            if suf in lexicon.weak_org_suffixes() and not _has_proper_part(core):
                continue  # 外资研发中心, 境内外资本: a description, not a name
            if suf in lexicon.words("bare_company_endings.txt") and _kind_of_company(core, suf) and not (
                    (base + left, base + e) in _tagged_orgs(doc.text) or _known_name(name)):
                continue  # 股份制银行, 地产经纪公司, 致电银行: ordinary words before a bare ending
                # describe a kind of company or end in one, unless the tagger or jieba's dictionary
                # knows the name (交通银行, 工商银行)
            latin = _introduced_latin_name(doc.text, base + e)
            if latin is not None:
                out.append(latin)  # 某国矿业公司Acme Corp: the description introduces the name
                continue
            out.append(Mention(base + left, base + e, name, suffixes[suf], "org-suffix"))
    for sent, found in zip(sentences, _government_bodies().finditer_windows(doc.text, windows)):
        for s, e, name in found:
            out.append(Mention(sent.start + s, sent.start + e, name, "Institution", "government-body"))
    return _prefer_known_names(_drop_contained_same_end(out))


def _verb_inside(name: str) -> bool:
    """Whether jieba finds a common verb (not one names use: org_name_verbs.txt)
    between the first and the last word of ``name``."""
    words = segment(name)
    return any(jieba_tags().get(w, "") == "v" and word_freq().get(w, 0) >= 300 and len(w) >= 2
               and w not in lexicon.words("org_name_verbs.txt") for w in words[1:-1])


def _title_follows(text: str, e: int) -> bool:
    """Whether a job title follows ``e``, right away or after a short
    qualifier (微软|全球执行副总裁, 某某|中国区总裁): what the tagger marks
    ORG there is an employer, even when it is also a dictionary word."""
    for k in range(e, min(len(text), e + 5)):
        if k > e and not is_cjk(text[k - 1]):
            return False
        if title_words().match_at(text, k):
            return True
    return False


@lru_cache(maxsize=2)
def _tagged_orgs(text: str) -> frozenset[tuple[int, int]]:
    """The spans the statistical tagger marks ORG (once per document, like :func:`tagged_spans`)."""
    return frozenset((s, e) for s, e, lab in tagged_spans(text) if lab == "ORG")


def _common_word(w: str) -> bool:
    """One frequent jieba word that is no proper noun (纪念, 往, 联合; not 余姚市, 浙东,
    nor 市 or 区, which stand for the place a body belongs to)."""
    tag = jieba_tags().get(w)
    return (tag is not None and w not in PLACE_ENDINGS and segment(w) == [w] and word_freq().get(w, 0) >= 300
            and not tag.startswith(ORG_TAGS + ("j",)))


@lru_cache(maxsize=2)
def _tagged_org_starts(text: str) -> dict[int, int]:
    """End -> start of each span the statistical tagger marks ORG."""
    return {e: s for s, e in _tagged_orgs(text)}


def _opens_with_a_verb(core: str) -> bool:
    """Whether ``core`` opens with a frequent verb (建设|组装…)."""
    words = segment(core)
    return bool(words) and jieba_tags().get(words[0], "")[:1] == "v" and word_freq().get(words[0], 0) >= 300


def _only_places(name: str) -> bool:
    """Whether ``name`` is place names one after another (浙江永康)."""
    k = 0
    while k < len(name):
        p = place_names().match_at(name, k)
        if not p:
            return False
        k += len(p)
    return k > 0


def _known_organisation(name: str) -> bool:
    """jieba's dictionary holds the name as an organisation (联想集团: nt)."""
    return jieba_tags().get(name, "").startswith("nt")


def _kind_of_company(core: str, suf: str) -> bool:
    """Whether ordinary words alone stand before a bare company ending: any
    before 银行, 支行, 分行 (股份制银行, 科技金融专营支行: a bank named by common words is in
    jieba's dictionary: 交通银行), a verb before 公司 and 集团 (拆分公司, 找公司;
    not nouns, which may be a brand: 小米公司, 东方重工集团)."""
    if _has_proper_part(core):
        return False
    if suf.endswith("行"):  # 银行, 支行, 分行
        return True
    words = segment(core)
    return bool(words) and jieba_tags().get(words[-1], "x") == "v" and words[-1] not in lexicon.words("org_name_verbs.txt")


def _known_name(name: str) -> bool:
    """jieba's dictionary holds the name as an organisation or an abbreviation
    (交通银行: nt, 工商银行: j)."""
    return jieba_tags().get(name, "").startswith(("nt", "j"))


@lru_cache(maxsize=None)
def _trade_cores() -> frozenset[str]:
    """Trades that, alone before 公司/集团, describe a company (品牌公司, 汽车公司)."""
    return (lexicon.words("org_trade_cores.txt") | lexicon.words("company_name_endings.txt")
            | lexicon.words("industry_words.txt"))


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
    toks = tokens(text)
    k = bisect.bisect_left(token_ends(text), e)
    tok = toks[k] if k < len(toks) else None
    if tok is not None and tok[0] < e < tok[1] and title_words().match_at(text, e):
        tok = (tok[0], e, text[tok[0]:e])  # 科技局|局长: jieba glued the ending to the title (局局长)
    if tok is None or tok[1] != e:
        return False
    a, b, w = tok
    if w.endswith(_false_heads()) and not (jieba_tags().get(w, "").startswith("nt")
                                           and jieba_tags().get(w[:-1], "") in ("n", "an", "vn")):
        return False  # 老干部, 东部: a common noun, not an organisation (but 财政局, 安全局: an
        # organisation's word, a noun and its ending, which ends like 政局 and 全局)
    for k in range(max(0, a - 2), e):
        t = title_words().match_at(text, k)
        if t and k + len(t) > e or t and k == a and len(t) >= b - a:
            return False  # 董事局主席, 市委常委: a title, not an organisation
    if len(suf) > 1:
        return True
    tag = jieba_tags().get(w)
    if len(w) == 1:
        # 工业和信息化部: a lone 部 after a noun phrase
        k = bisect.bisect_left(token_ends(text), a)
        prev = toks[k] if k < len(toks) and toks[k][1] == a else None
        ends = (e >= len(text) or text[e] in PUNCT or name_followers().match_at(text, e) is not None
                or title_words().match_at(text, e) is not None
                or any(text.startswith(v, e) for v in _winning_and_signing_verbs())  # 农业农村局牵手…
                or _opens_with_an_adverb(text, e))  # 科技部日前发布…, 某某局也…
        prev_tag = jieba_tags().get(prev[2], "n") if prev is not None else ""
        if suf == "所" and (prev_tag.startswith("nr") or text[e:e + 1] in lexicon.words("particle_suo_verbs.txt")):
            return False  # 张三所, 双边关系所作出的: a person's name or the particle 所, no institute
        return ends and prev is not None and len(prev[2]) >= 2 and (prev_tag[:1] in ("n", "l", "j") or prev_tag == "vn")
    if tag is None or tag in ("nt", "j") or len(w) >= 3 and tag.startswith(("n", "l")):
        return True  # 发改委, 发展局 (jieba tags some of these l)
    return False


def _opens_with_an_adverb(text: str, e: int) -> bool:
    """Whether the jieba token starting at ``e`` is an adverb, a time word or a preposition (日前, 也, 在)."""
    k = bisect.bisect_right(token_ends(text), e)
    toks = tokens(text)
    return k < len(toks) and toks[k][0] == e and jieba_tags().get(toks[k][2], "x")[:1] in ("d", "t", "p")


def _has_proper_part(core: str) -> bool:
    """Whether a name's core holds a proper noun (a place, a name, an unknown word)."""
    tags = jieba_tags()
    for w in segment(core):
        tag = tags.get(w)
        if tag is None and len(w) >= 2 and not word_freq().get(w) or tag is not None and tag.startswith(ORG_TAGS) or w in place_names():
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
    places = place_names()
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


# Organisations without a telling ending, recognised by what surrounds them.
_COUNTED_LIST = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z]{2,8}、)+[\u4e00-\u9fffA-Za-z]{2,8})(?:等)?([两二三四五六七八九十几\d]+)家(企业|公司|银行|厂商|机构)"
)


@lru_cache(maxsize=None)
def _apposition() -> re.Pattern:
    """A word saying what kind of organisation the name before it is (org_appositives.txt)."""
    return re.compile(f"(?:{lexicon.alternation('org_appositives.txt')})")


@lru_cache(maxsize=None)
def _launched() -> re.Pattern:
    """A quoted name, then a verb of opening (org_launch_verbs.txt): “某某中心”正式揭牌."""
    return re.compile(f"“([^“”]{{4,40}})”(?:正式|近日|今天|日前)?(?:{lexicon.alternation('org_launch_verbs.txt')})")


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
    out: list[Mention] = _executive_employers(doc.text, sentences)
    hit = _sentences_matching(doc.text, sentences, (_COUNTED_LIST, _launched(), _apposition(), _STOCK_CODE))
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
                if w in lexicon.words("org_left_stops.txt") or (jieba_tags().get(w, "x")[:1] in ("p", "c", "d", "v", "r", "u")):
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
        for m in _launched().finditer(st):
            name = m.group(1)
            typ = "Company" if org_endings().ends_with(name, len(name)) and lexicon.org_suffixes()[org_endings().ends_with(name, len(name))] == "Company" else "Institution"
            out.append(Mention(base + m.start(1), base + m.end(1), name, typ, "launched-body"))
        for m in _apposition().finditer(st):
            name = _word_after(st, m.end())
            if name:
                out.append(Mention(base + m.end(), base + m.end() + len(name), name, "Company", "apposition"))
        # 宁德时代（300750.SZ）, 某某控股(00700.HK): a listed company before its stock code
        for m in _STOCK_CODE.finditer(st):
            left = left_edge(st, m.start(), max(0, m.start() - MAX_ORG))
            name = st[left:m.start()]
            if 2 <= len(name) <= 12 and all(is_cjk(c) or c.isalnum() for c in name) and name not in lexicon.words("org_reject_cores.txt"):
                suffix = org_endings().ends_with(name, len(name))
                out.append(Mention(base + left, base + m.start(), name, lexicon.org_suffixes()[suffix] if suffix else "Company",
                                   "stock-code"))
    return out


@lru_cache(maxsize=None)
def _executive_title() -> re.Pattern:
    """One or more executive titles (executive_titles.txt, joined by 、 or 兼),
    then a surname or a transliteration's first character (汉斯·穆勒)."""
    titles = lexicon.alternation("executive_titles.txt")
    firsts = lexicon.words("surnames.txt") | lexicon.words("translit_chars.txt")
    surnames = "".join(sorted(c for c in firsts if len(c) == 1))
    return re.compile(rf"(?:{titles})(?:[、兼](?:{titles}))*(?=[{surnames}][\u4e00-\u9fff])")


_CLAUSE_OPENERS = "，。；：、“\n"
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def _executive_employers(text: str, sentences: list[Sentence]) -> list[Mention]:
    """The company an executive is introduced with: 某某半导体创始人、首席执行官张三, 某某商城总裁李四
    (the name opens a clause; not a place, an ordinary word, nor a name another
    finder types by its ending)."""
    out = []
    for m in _executive_title().finditer(text):
        end = m.start()
        start = end
        while start > 0 and end - start < 12 and _NAME_CHAR.match(text, start - 1):
            start -= 1
        if end - start < 2 or not (start == 0 or text[start - 1] in _CLAUSE_OPENERS):
            continue  # the name must open its clause
        qualifier = "-"
        while qualifier:  # 某某公司亚太区|总裁, 某某全球|执行|副总裁: the company, then the region it leads
            qualifier = next((q for q in lexicon.longest_first("executive_title_qualifiers.txt")
                              if text.endswith(q, start, end) and end - len(q) > start), "")
            end -= len(qualifier)
        left = left_edge(text, end, start)
        name = text[left:end]
        opener = next((w for w in lexicon.longest_first("interview_openers.txt") if name.startswith(w)), "")
        left += len(opener)  # 专访|某某储能董事长…: an interview's headline, then the name
        name = text[left:end]
        if (len(name) < 2 or org_endings().ends_with(name, len(name)) or _only_places(name)
                or any(t in name for t in lexicon.words("executive_titles.txt")) or name.endswith("兼")
                or name in lexicon.words("org_reject_cores.txt") or _common_core(name)
                or word_freq().get(name, 0) >= 300 and not jieba_tags().get(name, "").startswith(ORG_TAGS)):
            continue
        out.append(Mention(left, end, name, "Company", "executive-employer"))
    return out


# 公司 / 该公司 / 该集团 opening a clause: the company the text is about
_DEICTIC_COMPANY = re.compile(r"(?:^|(?<=[，,。；;：:\n]))((?:该)?(?:公司|集团))(?=与|和|同|联合|携手)")
# a stock code in brackets: （300750.SZ）, （600519）, (00700.HK), （股票代码：002594）
_STOCK_CODE = re.compile(r"[（(](?:股票代码[：:]\s*)?(?:[036]\d{5}(?:\.(?:SZ|SH|BJ))?|\d{4,5}\.HK|[A-Z]{1,5}\.(?:US|O|N))[）)]")


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
    if w in lexicon.words("org_reject_cores.txt") or w in lexicon.words("org_left_stops.txt") or w in title_words():
        return None
    tag = jieba_tags().get(w)
    if tag is not None and not tag.startswith(("nr", "nt", "nz", "ns", "j", "x")):
        return None  # a known common word (a verb, a noun like 发展), not a name
    if tag is None and jieba_tags().get(w[0], "x") in ("d", "zg", "p", "c", "r", "u"):
        return None  # 民营企业|很受鼓舞: an adverb and a verb jieba did not join, not a name
    return w


def _drop_contained_same_end(ms: list[Mention]) -> list[Mention]:
    """Of mentions ending at the same place keep the longest one."""
    best: dict[int, Mention] = {}
    for m in ms:
        cur = best.get(m.end)
        if cur is None or m.length > cur.length:
            best[m.end] = m
    return sorted(best.values(), key=lambda m: m.start)


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
_COUNTED_CORE = re.compile(r"[余多][家个所座类种批]")
_QUANTIFIED = re.compile(r"(?:[一二三四五六七八九十百千万两几每某这那该此各数多0-9][余多]?[家个所座类种批])$")  # 10余家子公司 too


@lru_cache(maxsize=1)
def _product_variant() -> re.Pattern:
    """A word that ends the name of a product's model, not of a firm (星云Pro 2)."""
    return re.compile(rf"(?<=[\u4e00-\u9fffA-Za-z0-9])\s?(?:{lexicon.alternation('product_variant_words.txt')})(?:\s?\d{{1,2}})?$")


_STATIONED = re.compile(r"(?<=[\u4e00-\u9fff])驻")


def tagged_org_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Organisations the statistical tagger marks ORG, typed by their ending
    (Company when there is none: 华为, 必和必拓), without those that
    are a place alone, a description (一家品牌公司) or an ordinary word plus an
    ending (清楚公司, 讲究公司)."""
    text = doc.text
    suffixes = lexicon.org_suffixes()
    reject = lexicon.words("org_reject_cores.txt")
    stops = org_left_stops()
    starts = [sent.start for sent in sentences]
    out = []
    for s, e, lab in tagged_spans(text):
        if lab != "ORG":
            continue
        while s < e and text[s] in _ORG_EDGE_MARKS:
            s += 1
        # the rules' left edge holds inside the tagger's span: 时任|全国人大常委会
        lead = stops.match_at(text, s) or title_words().match_at(text, s)
        if lead and s + len(lead) < e:
            s += len(lead)
        suf = org_endings().ends_with(text[s:e], e - s)
        while suf and len(title_words().match_at(text, e - len(suf)) or "") > len(suf):
            e -= len(suf)  # 福建省科技厅|党组成员: the ending is part of a title after the name
            suf = org_endings().ends_with(text[s:e], e - s)
        k = bisect.bisect_right(starts, s) - 1
        if suf and k >= 0 and e <= sentences[k].end:
            sent = sentences[k]
            cut = sent.start + left_edge(sent.text, e - len(suf) - sent.start, s - sent.start)
            if cut > s and not (place_names().match_at(text, s) and not _holds_a_name(text[s:cut])):
                # a span the tagger starts at a place name keeps its left edge
                # (某某省住房和城乡建设厅) unless the cut follows a name (某某开发区|与|某某集团)
                s = cut
        while e > s and text[e - 1] in _ORG_EDGE_MARKS and not (text[e - 1] in ")）" and "(" in text[s:e] or "（" in text[s:e]):
            e -= 1
        code = _STOCK_CODE.search(text, s, e)
        if code and code.end() == e and code.start() > s:
            e = code.start()  # 某某新材（603817.SH）: the name without its stock code
        name = text[s:e]
        if text[s - 1:s] == "《" and text[e:e + 1] == "》":
            continue  # 《某某学报》: a title (a journal, a book), not an organisation
        if text[s - 1:s] == "“" and text[e:e + 1] == "”" and text.startswith(lexicon.longest_first("project_words.txt"), e + 1):
            continue  # “某某田园”项目: a project's name, not an organisation
        if text.startswith("杯", e + (text[e:e + 1] in "”\"’")):
            continue  # “星河杯”大赛: a contest's name, not the organisation
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
        if _product_variant().search(name):
            continue  # 星云Pro 2视觉检测平台: a product's model, not its maker
        if name.endswith(lexicon.longest_first("event_nouns.txt")) and not org_endings().ends_with(name, len(name)):
            continue  # 某某重工徐州展会: an occasion, not an organisation
        if place_names().match_at(name, 0) == name or name in lexicon.divisions() or _only_places(name):
            continue  # 台湾, 加拿大, 浙江永康: a place
        suffix = org_endings().ends_with(name, len(name))
        if suffix and len(suffix) == 1 and name.endswith(_false_heads()):
            continue  # 上海总部, 老干部: a common noun that ends like an organisation
        if not suffix and zone_suffixes().ends_with(name, len(name)):
            continue  # 合肥高新区: a development zone (a District, found by zone_mentions)
        core = name[: len(name) - len(suffix)] if suffix else name
        if suffix and jieba_tags().get(suffix, "").startswith("v") and org_endings().ends_with(core, len(core)):
            e -= len(suffix)  # 某某学会|组织的评审: the organisation, then the verb 组织
            name, suffix = core, org_endings().ends_with(core, len(core))
            core = name[: len(name) - len(suffix)]
        if suffix and (not core or core in reject or org_endings().match_at(core, 0) == core):
            continue
        if suffix in lexicon.weak_org_suffixes() and not _has_proper_part(core) and not _known_organisation(name) \
                and _opens_with_a_verb(core):
            continue  # 考察建设组装工厂: an ordinary verb phrase before a weak ending names nothing
        if (_QUANTIFIED.search(text, max(0, s - 2), s) or suffix and suffixes[suffix] == "Company" and core in _trade_cores()
                or suffix in lexicon.words("generic_org_endings.txt") and _common_core(core) and not _known_organisation(name)):
            continue  # 清楚公司, 一家品牌公司
        if suffix in lexicon.words("generic_org_endings.txt") and (core.startswith(_descriptive_heads()) or _COUNTED_GROUP.search(core)):
            continue  # 国内公司, 十大科技公司: a description
        if not suffix and name.endswith("团队") and name[:-2].isascii() and len(name) > 4:
            e -= 2  # DeepMind团队: the team of an organisation named in Latin letters, the organisation
            name = text[s:e]
        if not suffix and _verb_inside(name):
            continue  # 卡萨迪展台体验星河AI冰箱G5: a clause the tagger read as one name
        if not suffix and ((common_word(name) and not _known_organisation(name) and not _title_follows(text, e))
                           or title_words().match_at(name, 0) == name or _not_a_bare_name(name)):
            continue
        stationed = not suffix and _STATIONED.search(name)
        if stationed and place_names().match_at(name, stationed.end()) != name[stationed.end():]:
            continue  # (驻华代表处…: the ending the tagger left out is not a place's)
        # 中国驻某国|大使: a country's mission abroad named without its ending, an institution
        out.append(Mention(s, e, name, suffixes[suffix] if suffix else "Institution" if stationed else "Company", "tagger-org"))
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
    return any(True for _ in org_endings().finditer(text)) or any(True for _ in zone_suffixes().finditer(text))


def _not_a_bare_name(name: str) -> bool:
    """A span with no organisation ending that is not a bare name: it holds an
    organisation and goes on (…研究所科研团队), starts with a division
    (海淀区中关村科学城), or ends with a common noun (研发团队, 中关村论坛)."""
    if any(True for _ in org_endings().finditer(name)):
        return True
    words = segment(name)
    if 3 <= len(words) <= 4 and words[-1] in lexicon.words("company_name_endings.txt") and all(
            len(w) == 1 and is_cjk(w) and not jieba_tags().get(w, "x").startswith(STOP_TAGS + ("y", "m", "q", "f"))
            for w in words[:-1]):
        words = ["".join(words[:-1]), words[-1]]  # 云|岫|科技: jieba splits a name it does not know into characters
    if len(words) == 2 and words[1] in lexicon.words("company_name_endings.txt"):
        tag = jieba_tags().get(words[0], "n")
        rare_verb = tag[:1] in ("v", "a") and word_freq().get(words[0], 0) < 300  # 远望电子, 飞鹤乳业
        if rare_verb or not tag.startswith(("v", "a", "d", "m", "q", "r", "p", "c", "u", "f", "t")):
            return False  # 保利地产, 海螺水泥, 青岛啤酒: a company's short name (a proper part and its trade)
    if division_names().match_at(name, 0):
        return True
    last = words[-1] if words else name
    tag = jieba_tags().get(last, "")
    return len(words) > 1 and tag[:1] == "n" and not tag.startswith(("nr", "ns", "nt", "nz")) \
        and word_freq().get(last, 0) >= 200


def _common_core(core: str) -> bool:
    """The part before 公司/集团… is an ordinary word that is not a noun, so
    not a name (清楚, 讲究, 赚钱). A common noun (品牌, 苹果) may be a name:
    only a quantifier before it (一家品牌公司) says it is not."""
    tag = jieba_tags().get(core)
    return tag is not None and tag[:1] in ("v", "a", "d", "l", "i", "r", "u", "p", "c", "m", "q") \
        and word_freq().get(core, 0) >= 20


PLACE_ENDINGS = "省市区县镇乡村州盟旗岛港湾"
_QUANTIFIED_START = re.compile(r"[一二三四五六七八九十百千万两几每某这那该此各数多诸0-9]")


@lru_cache(maxsize=None)
def _partner() -> re.Pattern:
    """与/携手, a short name, a verb of doing something together (partner_verbs.txt)."""
    verbs = lexicon.alternation("partner_verbs.txt")
    return re.compile(rf"(?:[（(][^（）()]{{1,12}}[）)])?[\u4e00-\u9fff]{{0,3}}?(与|和|同|联合|携手)([\u4e00-\u9fffA-Za-z]{{2,8}}?)({verbs})")


@lru_cache(maxsize=None)
def _unit() -> re.Pattern:
    """旗下/下属, a short name, then a verb of developing, signing or doing
    something together (triggers.tsv, partner_verbs.txt)."""
    trig = lexicon.triggers()
    words = {w for k in ("developed", "signedWith") for w in trig.get(k, ())} | lexicon.words("partner_verbs.txt")
    verbs = lexicon.alternation_of(words)
    return re.compile(rf"(旗下|下属)的?(?:子公司|企业|品牌)?([\u4e00-\u9fffA-Za-z]{{2,8}}?)"
                      rf"(?:正式|近日|日前|也|还|则|今天|昨天|首次)?({verbs})")


def partner_mentions(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """The partner of a known company: ``星河与蓝海电子达成…合作``,
    ``星河空调联合蓝海压缩机开发出…`` (the partner is an organisation too);
    and a unit of one that acts: ``星河科技旗下的星河智能推出…``."""
    text = doc.text
    out = []
    stops = lexicon.words("org_left_stops.txt")
    places = place_names()
    # 宁德时代…公告称，公司与蔚来汽车签署…: 公司 stands for the company named before it
    deictic = [Mention(d.start(1), d.end(1), d.group(1), "Company", "deictic")
               for d in _DEICTIC_COMPANY.finditer(text) if any(m.type == "Company" and m.end <= d.start(1) for m in mentions)]
    for m in list(mentions) + deictic:
        if m.type != "Company":
            continue
        pm = _partner().match(text, m.end, min(len(text), m.end + 24)) or _unit().match(text, m.end, min(len(text), m.end + 24))
        if not pm:
            continue
        name = pm.group(2)
        if pm.group(1) in ("旗下", "下属") and (common_word(name) or _QUANTIFIED_START.match(name)):
            continue  # 旗下的品牌推出, 旗下多家公司签署: a description, not a unit's name
        if name in stops or any(name.startswith(w) for w in ("双方", "各方", "对方", "我们", "他们")) or any(
                name.startswith(w) for w in lexicon.words("counterpart_nouns.txt")):
            continue
        place = places.match_at(name, 0)
        if title_words().match_at(name, 0) or name in lexicon.words("org_reject_cores.txt") or place and (
                len(name) - len(place) < 2 or org_endings().ends_with(name, len(name))):
            continue  # 与北京签约, 与杭州市政府: a place or its body (but 宁德时代: a name that starts with one)
        if name[-1] in PLACE_ENDINGS:
            continue  # 昆山市, 临港新区: a place, not a partner company
        if "的" in name or jieba_tags().get(name[:2], "")[:1] in ("d", "p", "c", "u", "r", "m"):
            continue  # 同|等对待的|合资格…: a phrase that happens to sit between 同 and a verb, no name
        if _only_endings(name):
            continue  # 与集团签约, 和集团公司: an ending alone (the speaker's own group), no name
        k = pm.start(2)
        if any(o.start < k + len(name) and k < o.end for o in mentions):
            continue
        out.append(Mention(k, k + len(name), name, "Company", "partner"))
    return out


@lru_cache(maxsize=None)
def _org_items() -> tuple[re.Pattern, re.Pattern]:
    """The item after (、芯瑞半导体) and before (芯瑞半导体、) an organisation in a list:
    a name and a trade word (company_name_endings.txt)."""
    trades = lexicon.alternation("company_name_endings.txt")
    return (re.compile(rf"[、和及]([\u4e00-\u9fff]{{2,8}}?(?:{trades}))"),
            re.compile(rf"(?:^|(?<=[、，。；：\s与]))([\u4e00-\u9fff]{{2,8}}?(?:{trades}))、$"))


def listed_company_mentions(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A company's short name listed next to a company (与浙江衡川智能装备有限公司、芯瑞半导体签订…):
    a list item that ends with a trade word (company_name_endings.txt) after a
    name jieba does not know as a word (芯瑞|半导体)."""
    text = doc.text
    taken = [(m.start, m.end) for m in mentions]
    endings = lexicon.words("company_name_endings.txt")  # (a name and its trade: 芯瑞|半导体)
    out = []
    queue = [m for m in mentions if m.type == "Company"]
    seen = set()
    while queue:
        m = queue.pop()
        spans = []
        after, before = _org_items()
        a = after.match(text, m.end)
        if a:
            spans.append(a.span(1))
        b = before.search(text, max(0, m.start - 12), m.start)
        if b:
            spans.append(b.span(1))
        for s, e in spans:
            name = text[s:e]
            if (s, e) in seen or any(x < e and s < y for x, y in taken):
                continue
            trade = next(w for w in sorted(endings, key=len, reverse=True) if name.endswith(w))
            core = name[: len(name) - len(trade)]
            place = place_names().match_at(core, 0)
            core = core[len(place):] if place and len(core) - len(place) >= 2 else core  # 株洲|恒远|电缆
            if len(core) < 2 or word_freq().get(core, 0) >= 50 or place_names().match_at(core, 0):
                continue
            seen.add((s, e))
            sib = Mention(s, e, name, "Company", "listed-company")
            out.append(sib)
            queue.append(sib)
    return out


# A、B、C等品牌 / 等企业: names listed before what they are (brands, firms)
_NAMED_KIND_LIST = re.compile(r"(?:^|(?<=[，。；：、\s]))((?:[\u4e00-\u9fffA-Za-z0-9]{2,8}、)+[\u4e00-\u9fffA-Za-z0-9]{2,8}?)"
                              r"等(?:\d+家|多家|几家|国内外|国内|国际)?(?:知名|主流|头部)?(?:品牌|企业|公司|厂商|厂家|车企)(?![家主界者])")


def _list_lead(item: str) -> int:
    """Where the first item of a list starts: after the last verb, function
    word or pronoun jieba finds in it (参会的有|星河, 包括|星象)."""
    start = k = 0
    for w in segment(item):
        k += len(w)
        if jieba_tags().get(w, "x")[:1] in ("v", "p", "u", "c", "r", "d", "t") and k < len(item):
            start = k
    return start


def listed_brand_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Names listed before 等品牌 / 等企业 (某焰、某勒、某厨等品牌) are companies,
    unless an item is a frequent word or a place (then the list is of things)."""
    text = doc.text
    out = []
    for m in _NAMED_KIND_LIST.finditer(text) if "等" in text else ():
        k = m.start(1)
        items = m.group(1).split("、")
        found = []
        for i, item in enumerate(items):
            s = k
            if i == 0:
                lead = _list_lead(item)
                item, s = item[lead:], k + lead
            k += len(items[i]) + 1
            if word_freq().get(item, 0) >= 2000 or place_names().match_at(item, 0) == item or item in lexicon.divisions():
                found = []
                break  # 价格、质量等企业…: a list of things, not of names (小米, 长城 are rarer words: brands)
            found.append(Mention(s, s + len(item), item, "Company", "listed-brand"))
        out.extend(found)
    return out


@lru_cache(maxsize=None)
def _named_team() -> re.Pattern:
    """A quoted name and a group word right after an organisation: 某大学“零排放”团队."""
    return re.compile(rf"“[^“”，。；\n]{{2,16}}”(?:{lexicon.alternation('team_words.txt')})")


def named_team_mentions(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """A team named in quotes after its organisation (清华大学“零排放”团队)
    is an institution of its own, which wins and develops; the organisation
    stays a mention inside it."""
    text = doc.text
    out = []
    for m in mentions:
        if m.type not in ("Institution", "Company"):
            continue
        team = _named_team().match(text, m.end)
        if team:
            out.append(Mention(m.start, team.end(), text[m.start:team.end()], "Institution", "named-team"))
    return out


def _only_endings(name: str) -> bool:
    """Whether ``name`` is made of organisation endings alone (集团, 集团公司)."""
    k = 0
    while k < len(name) and (w := org_endings().match_at(name, k)) is not None:
        k += len(w)
    return k == len(name)


def typed_by_description(text: str, ms: list[Mention]) -> list[Mention]:
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


def parents_of_subsidiaries(doc: Document, ms: list[Mention]) -> list[Mention]:
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
            suf = org_endings().ends_with(text, pe)
            if suf:
                ls = text.rfind("\n", 0, pe) + 1
                line = text[ls:pe]
                ps = ls + left_edge(line, len(line) - len(suf))
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
    suf = org_endings().ends_with(name, len(name))
    if len(name) < 2 or not suf or len(name) - len(suf) < 2 and name[:len(name) - len(suf)] in ("", "该", "本", "其", "我"):
        return None  # 公司控股子公司…: 公司 stands for a company named before, it names none
    return Mention(start, start + len(name), name, lexicon.org_suffixes()[suf], rule)


@lru_cache(maxsize=None)
def _venue_endings() -> tuple[str, ...]:
    return tuple(sorted(lexicon.words("venue_endings.txt")))


@lru_cache(maxsize=None)
def _venue_event() -> re.Pattern:
    verbs = "|".join(map(re.escape, sorted(lexicon.words("venue_event_verbs.txt"), key=len, reverse=True)))
    return re.compile(rf"[^。！？\n]{{0,24}}?(?:{verbs})")


def without_venues(doc: Document, ms: list[Mention]) -> list[Mention]:
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


def without_truncated_bodies(ms: list[Mention]) -> list[Mention]:
    """Drop an organisation found without the 县/市/区… that opens it where another
    finder read the whole (县商务局 beside 商务局 at the same place): one body."""
    whole = {(m.end, m.text[1:], m.type) for m in ms if m.type in ("Institution", "Company")
             and len(m.text) >= 4 and m.text[0] in PLACE_ENDINGS}
    return [m for m in ms if (m.end, m.text, m.type) not in whole]


def without_company_departments(ms: list[Mention]) -> list[Mention]:
    """Drop a company's departments (…有限公司科技管理部): a unit of the company,
    not an organisation of its own; people there work for the company."""
    companies = {(m.start, m.end) for m in ms if m.type == "Company"}
    starts = {a for a, _ in companies}
    out = []
    for m in ms:
        if m.type == "Institution" and m.start in starts and m.text.endswith(lexicon.longest_first("department_endings.txt")):
            inner = max((e for a, e in companies if a == m.start and e < m.end), default=None)
            if inner is not None and m.end - inner <= 8:
                continue
        out.append(m)
    return out


# where a news text cites its source: before the outlet (据, 来源：) and after it (报道, 记者, 电)
_SOURCE_BEFORE = re.compile(r"(?:据|来源[：:]|稿源[：:]|发布人[：:]\s*-?|转载自|摘自|转自)\s*$")
_SOURCE_AFTER = re.compile(r"(?:消息|记者|讯|(?:[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日)?电|援引|获悉"
                           r"|[^，。；：]{0,30}?(?:报道|转载|播发|刊发))")


def without_news_sources(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Without the organisations that are a news outlet cited as the story's
    source (据新华社报道, 新华网记者, 来源：某某日报, 某某社北京3月1日电): the
    outlet tells where the text comes from, it does not act in it. An outlet
    named otherwise (某某日报与星河科技签署协议) stays."""
    text = doc.text
    endings = tuple(lexicon.words("news_outlet_endings.txt"))
    outlets = lexicon.words("dateline_outlets.txt")
    out = []
    for m in mentions:
        if m.type in ("Company", "Institution") and (m.text in outlets or m.text.endswith(endings)) and (
                _SOURCE_BEFORE.search(text, max(0, m.start - 8), m.start)
                or _SOURCE_AFTER.match(text, m.end)):
            continue
        out.append(m)
    return out


def with_bracketed_campus(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """An organisation followed by a place in brackets is named with it
    (中国地质大学（武汉）, 中国石油大学（北京）): one campus, one name."""
    text = doc.text
    out = []
    for m in mentions:
        if m.type in ("Company", "Institution") and text[m.end:m.end + 1] in ("（", "("):
            close = text.find("）" if text[m.end] == "（" else ")", m.end, m.end + 8)
            inner = text[m.end + 1:close] if close > 0 else ""
            if inner and place_names().match_at(inner, 0) == inner:
                m = Mention(m.start, close + 1, text[m.start:close + 1], m.type, m.rule)
        out.append(m)
    return out


@lru_cache(maxsize=None)
def _foreign_firm() -> re.Pattern:
    """A foreign country or a description of a firm, a Chinese name, and the
    firm's Latin name in brackets: 马来西亚金星重工（Golden Star Heavy Industries）,
    丹麦能源公司北星能源（Nordstar Energi）."""
    return re.compile(rf"(?:{foreign_countries()}|公司|企业|集团|厂商)([\u4e00-\u9fff]{{2,10}}?)[（(][A-Z][A-Za-z0-9&.,' \-]{{2,60}}[）)]")


@lru_cache(maxsize=None)
def _foreign_latin_firm() -> re.Pattern:
    """A foreign country, a short description in Chinese ending like a firm's
    (零售商, 游戏开发商, 矿业公司), then the firm's name in Latin letters:
    墨西哥零售商Grupo Estrella签订…"""
    return re.compile(rf"(?:{foreign_countries()})[^\s，。；、的与和同跟及A-Za-z]{{0,6}}?(?:公司|集团|企业|机构|银行|商|厂)"
                      r"([A-Z][A-Za-z&.\-]+(?: [A-Z][A-Za-z&.\-]+){0,4})(?=[\u4e00-\u9fff，。、；])")


def foreign_firm_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Foreign firms named in Chinese after their country (or a description)
    and in Latin letters in brackets right after: the Chinese name, without the
    country, is the firm's (its type by its ending; Company without one); and
    firms named in Latin letters right after their country and a description
    (墨西哥零售商Grupo Estrella)."""
    out = [Mention(m.start(1), m.end(1), m.group(1), "Company", "foreign-firm")
           for m in _foreign_latin_firm().finditer(doc.text)] if re.search("[A-Z]", doc.text) else []
    if "（" not in doc.text and "(" not in doc.text:
        return out
    suffixes = lexicon.org_suffixes()
    for m in _foreign_firm().finditer(doc.text):
        start, name = m.start(1), m.group(1)
        lead = _DESCRIBED_BY.match(name)
        if lead and len(name) - lead.end() >= 2:
            start, name = start + lead.end(), name[lead.end():]  # 丹麦|能源公司|北星能源: the name after its description
        if any(c in name for c in "的和与及在是为") or common_word(name) or any(True for _ in person_descriptions().finditer(name)):
            continue
        if any(lab == "PER" and s0 < start + len(name) and start < e0 for s0, e0, lab in tagged_spans(doc.text)):
            continue  # 英国拉力赛车手某某（Colin …）: a person the tagger sees there
        suffix = org_endings().ends_with(name, len(name))
        out.append(Mention(start, start + len(name), name, suffixes[suffix] if suffix else "Company", "foreign-firm"))
    return out


_DESCRIBED_BY = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:公司|企业|集团|厂商|商|者)")


def without_descriptions_of_foreign_firms(ms: list[Mention]) -> list[Mention]:
    """丹麦能源公司|北星能源（Nordstar Energi）: the country and trade before a
    foreign firm's name describe it; they are no organisation of their own,
    and the firm's name is without its country (马来西亚|金星重工)."""
    firms = [m for m in ms if m.rule == "foreign-firm"]
    starts, ends = {m.start for m in firms}, {m.end for m in firms}
    return [m for m in ms if not (m.type == "Company" and m.rule != "foreign-firm" and (m.end in starts or m.end in ends)
                                  and place_names().match_at(m.text, 0))]
