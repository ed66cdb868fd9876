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

import re
from functools import lru_cache

from . import lexicon
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


def plausible_name(name: str) -> bool:
    """A 2-4 character Chinese name that starts with a surname."""
    if not 2 <= len(name) <= 4 or not all(is_cjk(c) for c in name):
        return False
    s = surname_of(name)
    if s is None or len(name) - len(s) < 1 or len(name) - len(s) > 2:
        return False
    if name in lexicon.words("titles.txt") or name in lexicon.words("name_stopwords.txt"):
        return False
    return True


# ---------------------------------------------------------------------------
# districts

def district_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Administrative divisions named in full (海淀区, 江阴市, 宜昌市)."""
    text = doc.text
    out = []
    for s, e, name in _districts().finditer(text):
        # 江阴市长 is "mayor of 江阴", still the city; 市委 etc. is an organ (kept apart)
        out.append(Mention(s, e, name, "District", "district-lexicon"))
    return out


def division_level(name: str) -> str:
    ds = lexicon.divisions().get(name)
    return ds[0].level if ds else ""


# ---------------------------------------------------------------------------
# organisations

MAX_ORG = 32


def _left_edge(text: str, start: int, floor: int) -> int:
    """Walk left from ``start`` while the characters can belong to a name."""
    i = start
    stops = _left_stops()
    while i > floor and start - i < MAX_ORG:
        ch = text[i - 1]
        if ch in PUNCT and ch not in "（）()":
            break
        if not (is_cjk(ch) or ch.isalnum() or ch in "（）()&·-"):
            break
        if ch in "（(" :
            # an opening bracket belongs to the name only if closed inside it
            if ")" not in text[i:start] and "）" not in text[i:start]:
                break
        stop = stops.ends_with(text, i, floor)
        if stop:
            break
        # a four-digit year or a date before the name ends it
        if ch.isdigit() and i - 1 > floor and text[i] in "年月日":
            break
        i -= 1
    # a title directly before the name (…主任中国科学院…) is not part of it
    return i


def org_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Organisations recognised by their ending, with parents of nested names."""
    text = doc.text
    suffixes = lexicon.org_suffixes()
    reject = lexicon.words("org_reject_cores.txt")
    titles = _titles()
    out: list[Mention] = []
    for sent in sentences:
        s_text = sent.text
        base = sent.start
        for s, e, suf in _suffixes().finditer(s_text, overlapping=True):
            # only the longest suffix ending here counts, and not inside a longer word
            if e < len(s_text):
                nxt = _suffixes().match_at(s_text, s)
                if nxt and len(nxt) > len(suf):
                    continue
            left = _left_edge(s_text, s, 0)
            name = s_text[left:e]
            core = s_text[left:s]
            if not core:
                continue
            # strip a leading title or determiner (主任中国科学院… / 该公司)
            t = titles.match_at(name, 0)
            if t and len(name) > len(t) + len(suf):
                left += len(t)
                name = s_text[left:e]
                core = s_text[left:s]
            if core in reject or len(core) < 2 and len(suf) < 3:
                continue
            if len(name) < 3 or len(name) > MAX_ORG:
                continue
            # a title follows (党委书记 after …公司党委): keep the shorter organisation
            after_t = titles.match_at(s_text, s) if s < len(s_text) else None
            if after_t and len(after_t) > len(suf):
                continue
            typ = suffixes[suf]
            out.append(Mention(base + left, base + e, name, typ, "org-suffix"))
    return _drop_contained_same_end(out)


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
    """A personal name starting at ``pos`` (after a title), 2-4 characters."""
    followers = _followers()
    best = None
    for length in (3, 2, 4):
        cand = text[pos:pos + length]
        if len(cand) < length or not plausible_name(cand):
            continue
        nxt = pos + length
        if nxt >= len(text) or text[nxt] in PUNCT or followers.match_at(text, nxt):
            if best is None:
                best = cand
            if length == 3:
                return cand
    return best


def _name_before(text: str, end: int) -> str | None:
    """A personal name ending at ``end`` (before 教授/院士/说), 2-3 characters."""
    for length in (3, 2):
        start = end - length
        if start < 0:
            continue
        cand = text[start:end]
        if not plausible_name(cand):
            continue
        prev = text[start - 1] if start > 0 else "\n"
        if prev in PUNCT or prev in "的和与及、" or start == 0 or _suffixes().ends_with(text, start) or _titles().ends_with(text, start):
            return cand
    return None


BEFORE_NAME_TITLES = ("教授", "院士", "博士", "研究员", "先生", "女士", "同志", "主任", "总经理", "董事长")


def person_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for b in doc.bylines:
        if plausible_name(b.name):
            out.append(Mention(b.start, b.end, b.name, "Person", "byline"))
    titles = _titles()
    speech = _speech()
    for sent in sentences:
        st, base = sent.text, sent.start
        # TITLE + NAME
        for s, e, t in titles.finditer(st, overlapping=True):
            name = _name_after(st, e)
            if name:
                out.append(Mention(base + e, base + e + len(name), name, "Person", "title-name"))
        # NAME + TITLE / NAME + speech verb
        for i in range(1, len(st)):
            t = titles.match_at(st, i)
            v = None if t else speech.match_at(st, i)
            if not (t or v):
                continue
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
    out.extend(_tagger_mentions(doc, "PER"))
    return out


def _tagger_mentions(doc: Document, label: str) -> list[Mention]:
    try:
        from . import ner_model
    except ImportError:  # the statistical tagger is optional
        return []
    out = []
    for s, e, lab in ner_model.tag(doc.text):
        if lab != label:
            continue
        name = doc.text[s:e]
        if label == "PER" and plausible_name(name):
            out.append(Mention(s, e, name, "Person", "tagger"))
    return out


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

def award_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Rankings and prizes (冠军, 一等奖, …奖) after a verb of winning."""
    out: list[Mention] = []
    won = lexicon.triggers()["won"]
    awards = _award_words()
    for sent in sentences:
        st, base = sent.text, sent.start
        if not any(w in st for w in won):
            continue
        for s, e, w in awards.finditer(st):
            out.append(Mention(base + s, base + e, w, "Award", "award-word"))
        for m in re.finditer(r"[" + CJK + r"A-Za-z0-9“”（）]{2,24}?奖(?![金励章品])", st):
            name = m.group().strip("“”")
            # left edge: right after the verb of winning
            cut = max((name.rfind(w) + len(w) for w in won if w in name), default=0)
            name = name[cut:]
            if len(name) >= 3 and not awards.match_at(name, 0):
                k = st.find(name, m.start())
                out.append(Mention(base + k, base + k + len(name), name, "Award", "prize-name"))
    return out


# ---------------------------------------------------------------------------
# achievements

_QUOTED = re.compile(r"[“「《]([^“”「」《》\n]{2,30})[”」》]")
_MODEL = re.compile(r"[A-Za-z][A-Za-z0-9\-\.]*\d[A-Za-z0-9\-\.]*")
LEAD_TRIM = ("了", "出", "成功", "出了", "一种", "一款", "一台", "一批", "一系列", "一个", "一套", "首个", "全新类型", "新型", "我国", "国内")


def _ends_with_head(phrase: str) -> bool:
    return any(phrase.endswith(h) for h in _achievement_heads())


def _trim_object(phrase: str) -> str:
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


def achievement_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    out: list[Mention] = []
    dev = lexicon.triggers()["developed"]
    for sent in sentences:
        st, base = sent.text, sent.start
        # objects of verbs of developing / releasing
        for verb in dev:
            for vm in re.finditer(re.escape(verb), st):
                tail = st[vm.end():]
                clause = re.split(r"[，。；;！？!?]", tail, maxsplit=1)[0]
                clause = clause.split("等")[0] if "等" in clause[-3:] else clause
                obj = _trim_object(clause)
                if not obj or len(obj) > 40:
                    continue
                q = _QUOTED.search(obj)
                if q and q.end() == len(obj):
                    name = q.group(1)
                    k = st.find(name, vm.end())
                    out.append(Mention(base + k, base + k + len(name), name, "Achievement", "developed-quoted"))
                    continue
                if _ends_with_head(obj) and len(obj) >= 3:
                    k = st.find(obj, vm.end())
                    out.append(Mention(base + k, base + k + len(obj), obj, "Achievement", "developed-object"))
        # the subject of 下线 / 开工 / 亮相 / 通过鉴定
        for m in re.finditer(r"([^，。；、\s]{3,40}?)(?:首台样机)?在[^，。；]{0,20}?(?:下线|开工|亮相|发布|问世|投产|竣工)", st):
            subj = _trim_object(m.group(1))
            if _ends_with_head(subj):
                k = st.find(subj, m.start())
                out.append(Mention(base + k, base + k + len(subj), subj, "Achievement", "subject-milestone"))
        for m in _QUOTED.finditer(st):
            name = m.group(1)
            after = st[m.end():m.end() + 8]
            if after.startswith(("通过鉴定", "通过验收", "成功发射", "正式发布", "正式上线", "亮相")):
                out.append(Mention(base + m.start(1), base + m.end(1), name, "Achievement", "quoted-milestone"))
        # lists of results: 成果还包括 A、B、C等 / 还有 A、B……这批成果
        lm = re.search(r"成果(?:还|也)?(?:包括|有)([^。；]+)", st)
        if lm:
            out.extend(_list_items(st, base, lm.start(1), lm.end(1), "result-list"))
        lm = re.search(r"^(?:还有|包括)?([^。]+?)(?:……|…|等)?这(?:批|些|项)[^。]{0,20}成果", st)
        if lm and "、" in lm.group(1):
            out.extend(_list_items(st, base, lm.start(1), lm.end(1), "result-list"))
    return out


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

FINDERS = (district_mentions, org_mentions, person_mentions, award_mentions, achievement_mentions)

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
    keep: list[Mention] = []
    for m in ms:
        dominated = False
        for o in ms:
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
    return _drop_crossing(keep)


def _drop_crossing(ms: list[Mention]) -> list[Mention]:
    """Of two mentions that cross (overlap without nesting), keep the stronger."""
    out: list[Mention] = []
    for m in ms:
        clash = [o for o in out if o.start < m.end and m.start < o.end
                 and not (o.start <= m.start and m.end <= o.end) and not (m.start <= o.start and o.end <= m.end)]
        if not clash:
            out.append(m)
            continue
        if all((PRIORITY[m.type], m.length) > (PRIORITY[o.type], o.length) for o in clash):
            for o in clash:
                out.remove(o)
            out.append(m)
    return sorted(out, key=lambda m: (m.start, -m.length))


def find_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """All mentions of the document, overlaps settled."""
    found: list[Mention] = []
    for finder in FINDERS:
        found.extend(finder(doc, sentences))
    found.extend(propagate(doc, found))
    return settle(found)
