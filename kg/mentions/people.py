"""People: by-lines, titles around names (总经理李国文, 刘开辉教授), speech verbs
(卢彦介绍) and the statistical tagger, all checked against surnames; list
siblings and later mentions of a name already found.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
import re

from .. import lexicon
from ..gazetteer import Gazetteer
from ..model import Document, Mention, Sentence
from ..words import cut as jieba_cut
from .common import (
    PUNCT, division_names, is_cjk, jieba_tags, name_followers, ner_tagger, org_endings, person_descriptions,
    place_names, speech_verbs, surnames, tagged_spans, title_words, token_ends, tokens, word_freq,
)


def surname_of(name: str) -> str | None:
    """The surname a Chinese personal name starts with, if any.
    >>> surname_of("欧阳修"), surname_of("李国文"), surname_of("的确")
    ('欧阳', '李', None)
    """
    sn = surnames()
    if len(name) >= 3 and name[:2] in sn:
        return name[:2]
    if name[:1] in sn:
        return name[:1]
    return None


@lru_cache(maxsize=1 << 15)
def plausible_name(name: str, conjunction_end: bool = False) -> bool:
    """A 2-4 character Chinese name that starts with a surname (a pure
    function of the name, asked often: cached). A name ending in 和 or 与 is
    refused (王伟和…) unless ``conjunction_end`` says what follows cannot
    follow a conjunction (林庆和表示)."""
    if not 2 <= len(name) <= 4 or not all(is_cjk(c) for c in name):
        return False
    ending = org_endings().ends_with(name, len(name))
    if ending and len(ending) >= 2:
        return False  # 管委会, 某某公司: an organisation's ending, not a given name
    s = surname_of(name)
    if s is None or len(name) - len(s) < 1 or len(name) - len(s) > 2:
        return False
    if name in lexicon.words("titles.txt") or name in lexicon.words("name_stopwords.txt"):
        return False
    if place_names().match_at(name, 0) == name:
        return False  # 江阴, 海淀: places, not people
    if name[-1] in "着了过的地得们等说及在是为" or name[-1] in "和与" and not (conjunction_end and len(name) == 3):
        return False
    head = name[:2] if len(name) >= 3 else name
    tag = jieba_tags().get(head)
    if tag is not None and not tag.startswith("nr") and word_freq().get(head, 0) >= 500:
        return False  # 许多人, 高度: a common word, not a surname and given name
    if (len(name) == 2 and tag is not None and tag[:1] in ("v", "a", "d", "p", "c")
            and word_freq().get(name, 0) >= 100):
        return False  # 应邀, 马上: a verb or an adverb (2 of 1,166 two-character names in MSRA train are)
    rest = name[len(s):]
    tag = jieba_tags().get(rest)
    if (len(rest) == 2 and tag is not None and tag[:1] in ("d", "m", "p", "c", "v", "a")
            and word_freq().get(rest, 0) >= (500 if tag[:1] in ("d", "p", "c") else 2000)):
        return False  # 曾多次, 袁再次, 曾先后: a surname-like character before a frequent adverb or verb
    if rest in title_words():
        return False  # 范处长, 任组长: a surname and a title, not a full name
    if s in lexicon.words("surname_function_chars.txt") and len(rest) == 2 and word_freq().get(rest, 0) >= 50:
        return False  # 曾撰文, 向东部: a function word before an ordinary word
    return True


def _name_after(text: str, pos: int) -> str | None:
    """A personal name starting at ``pos`` (after a title), 2-4 characters.
    The name ends where a follower starts: punctuation, a speech verb, a
    title or a function word (卢彦说 -> 卢彦; 姚宏波表示 -> 姚宏波).
    """
    followers = name_followers()
    def ends_well(k: int) -> bool:
        return (k >= len(text) or text[k] in PUNCT or followers.match_at(text, k) is not None
                or _winning_verb_at(text, k))
    two, three = text[pos:pos + 2], text[pos:pos + 3]
    # 林庆和表示: a 和 right before a verb of speech ends the name, it joins nothing
    joined_speech = text[pos + 2:pos + 3] in ("和", "与") and _no_conjunct_at(text, pos + 3)
    # 王伟荣获得: 获得 after three characters, so 荣 is the name's (not 王伟|荣获)
    three_wins = len(three) == 3 and _winning_verb_at(text, pos + 3) and not followers.match_at(text, pos + 2)
    if len(two) == 2 and plausible_name(two) and ends_well(pos + 2) and not joined_speech and not three_wins:
        return two
    if len(three) == 3 and plausible_name(three, joined_speech) and ends_well(pos + 3):
        return three
    four = text[pos:pos + 4]
    if len(four) == 4 and plausible_name(four) and surname_of(four) and len(surname_of(four)) == 2 and ends_well(pos + 4):
        return four
    return None


def _no_conjunct_at(text: str, k: int) -> bool:
    """Whether what starts at ``k`` cannot be the second half of "A和B": a verb
    of speech or a word that follows a name (在, 表示, 出席…), not 和/与 again."""
    if speech_verbs().match_at(text, k) is not None:
        return True
    w = name_followers().match_at(text, k)
    return w is not None and w not in ("和", "与", "及", "等", "的")


def _name_before(text: str, end: int) -> str | None:
    """A personal name ending at ``end`` (before 教授/院士/说), 2-3 characters."""
    for length in (4, 3, 2):
        start = end - length
        if start < 0:
            continue
        cand = text[start:end]
        speech_next = _no_conjunct_at(text, end)  # 林庆和表示: no conjunction before 表示
        if not plausible_name(cand, speech_next) or (length == 4 and len(surname_of(cand) or "") != 2):
            continue
        if (length >= 3 and plausible_name(cand[:length - 1]) and name_followers().match_at(text, end - 1)
                and not (speech_next and cand[-1] in "和与")):
            continue  # 王晓在接受采访时表示: the name is 王晓 (but 林庆和表示: 林庆和)
        prev = text[start - 1] if start > 0 else "\n"
        if (prev in PUNCT or prev in "的和与及、" or start == 0 or org_endings().ends_with(text, start)
                or title_words().ends_with(text, start) or person_descriptions().ends_with(text, start)):
            return cand
        if _after_function_word(text, start, end) and cand[0] not in lexicon.words("surname_function_chars.txt"):
            return cand  # 经过X研究员, 邀请X教授 (not 回信向学昭女士: 向 is "to" there)
    return None


def _after_function_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is whole words and a word of two or more
    characters that is a preposition, conjunction, adverb or verb ends at
    ``start`` (not 袁鹰所 in 正像袁鹰所说)."""
    ends = token_ends(text)
    k = bisect.bisect_left(ends, start)
    if k >= len(ends) or ends[k] != start or end not in ends:
        return False
    w = tokens(text)[k][2]
    return len(w) >= 2 and jieba_tags().get(w, "x")[:1] in ("p", "c", "d", "v")


def person_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    text = doc.text
    out: list[Mention] = []
    for b in doc.bylines:
        if plausible_name(b.name):
            out.append(Mention(b.start, b.end, b.name, "Person", "byline"))
    titles = title_words()
    windows = [(sent.start, sent.end) for sent in sentences]
    title_hits = titles.finditer_windows(text, windows, overlapping=True)
    speech_hits = speech_verbs().finditer_windows(text, windows, overlapping=True)
    description_hits = person_descriptions().finditer_windows(text, windows, overlapping=True)
    for sent, found_titles, found_verbs, found_descriptions in zip(sentences, title_hits, speech_hits, description_hits):
        st, base = sent.text, sent.start
        # DESCRIPTION + NAME: 果农李满仓一边…, 游客张华说
        for s, e, _ in found_descriptions:
            name = _name_after(st, e)
            if name:
                out.append(Mention(base + e, base + e + len(name), name, "Person", "description-name"))
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
            if t and t not in lexicon.words("titles_before_names.txt"):
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


def _tagged_people(doc: Document) -> list[Mention]:
    """The names the statistical tagger marks PER that pass the checks below."""
    if ner_tagger() is None:
        return []
    out = []
    places_here = None
    for s, e, lab in tagged_spans(doc.text):
        if lab != "PER":
            continue
        s = _translit_start(doc.text, s, e)
        if e - s >= 3 and _adverb_after_name(doc.text, s, e):
            e -= 1  # 赵丽|则表示: the adverb after the name
        elif (e - s >= 3 and _winning_verb_at(doc.text, e - 1) and not _winning_verb_at(doc.text, e)
              and plausible_name(doc.text[s:e - 1])):
            e -= 1  # 王伟|荣获: the name ends where a verb of winning begins
        name = doc.text[s:e]
        if len(name) >= 3:
            if places_here is None:
                places_here = _division_shorts_in(doc.text)
            if name[:-1] in places_here and not _name_ends_here(doc.text, e):
                continue  # 黄石临|空, where the article names 黄石市: the place and one more character
        if name[-1] in lexicon.words("place_name_endings.txt") and (
                len(name) >= 3 or name[-1] in "镇乡村" and _glued_to_word_before(doc.text, s)):
            continue  # 贝伦市, 罗赖马州, 棠张镇: a place
        if s > 0 and doc.text[s - 1] in "“「" and doc.text[e:e + 1] in _EVENT_CHARS:
            continue  # “智博杯”: a cup's name in quotes, not a person
        if s > 0 and doc.text[s - 1] in "“「『" and doc.text[e:e + 1] in ("”", "」", "』"):
            continue  # “寒川”平台, “星河”团队: a code name in quotes, not a person
        if len(name) == 2 and name[1] == "氏":
            continue  # 杜氏: a surname alone, which kg does not keep
        if _run_fragment(doc.text, s, e) or _inside_a_word(doc.text, s, e):
            continue  # 东方超环, 增程器: not a name, a piece of a longer word
        country = _countries().match_at(name, 0)
        if country and len(name) - len(country) >= 2:
            continue  # 芬兰某某: a country and a firm's name, not a person
        if foreign_name(name) and _after_place_or_organisation(doc.text, s):
            continue  # 北京|戴姆勒…: a brand after a place or an organisation, not a foreign person
        if (plausible_name(name) and not common_word(name) or foreign_name(name)
                or _tagged_name(name) or _named_by_context(doc.text, s, e)):
            out.append(Mention(s, e, name, "Person", "tagger"))
    return out


def _winning_verb_at(text: str, k: int) -> bool:
    """Whether a verb of winning of two or more characters starts at ``k`` (荣获, 获得, 荣膺)."""
    return any(len(v) >= 2 and text.startswith(v, k) for v in lexicon.triggers()["won"])


def _adverb_after_name(text: str, s: int, e: int) -> bool:
    """Whether the tagger's name ``text[s:e]`` ends with a one-character adverb
    that may follow a name (则, 也, 还…, name_followers.txt) and what comes
    next can follow a name too (赵丽则表示: the name is 赵丽), or ends with any
    adverb as the fourth character after a one-character surname (杨德贵正和…)."""
    last = text[e - 1]
    if not plausible_name(text[s:e - 1]) or jieba_tags().get(last, "")[:1] != "d":
        return False
    if e - s == 4 and surname_of(text[s:e]) is not None and len(surname_of(text[s:e])) == 1:
        return True  # 杨德贵|正和老伴…: a one-character surname, two given characters, then an adverb
    return last in name_followers() and _name_ends_here(text, e)


def _name_ends_here(text: str, e: int) -> bool:
    """Whether what follows ``e`` can follow a name: the end, punctuation, a
    title, a verb of speech or another usual follower (出席, 主持…)."""
    return (e >= len(text) or text[e] in PUNCT or name_followers().match_at(text, e) is not None
            or title_words().match_at(text, e) is not None or speech_verbs().match_at(text, e) is not None)


def _glued_to_word_before(text: str, s: int) -> bool:
    """Whether ``s`` follows a Chinese character that is not a one-character
    function word (棠|张镇, not 由|王村)."""
    return s > 0 and is_cjk(text[s - 1]) and text[s - 1] not in _FUNCTION_CHARS


_EVENT_CHARS = frozenset("杯")  # ending the name of a cup (not 赛: 王军霞赛后表示)
_LOCALIZERS = frozenset("里上中内外边旁")  # after a noun, a place: 稻田里, 会场上
_FUNCTION_CHARS = frozenset("由在向对和与及被让给将把为从于请同跟是有经据")


def _division_shorts_in(text: str) -> set[str]:
    """Short forms (黄石) of the divisions ``text`` names in full (黄石市)."""
    divisions = lexicon.divisions()
    return {d.short for _, _, full in division_names().finditer(text) for d in divisions.get(full, ()) if len(d.short) >= 2}


@lru_cache(maxsize=None)
def _countries() -> Gazetteer:
    return Gazetteer(lexicon.words("countries.txt"))


def _after_place_or_organisation(text: str, s: int) -> bool:
    """Whether the word that ends right before ``s`` is a place or an organisation
    of two or more characters (a brand: 北京 in 北京戴姆勒)."""
    if s == 0 or not is_cjk(text[s - 1]):
        return False
    w = jieba_cut(text[max(0, s - 6):s], hmm=False)[-1]
    return len(w) >= 2 and jieba_tags().get(w, "")[:2] in ("ns", "nt") and title_words().ends_with(text, s) is None


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
            and title_words().ends_with(text, s) is None)


def _inside_a_word(text: str, s: int, e: int) -> bool:
    """Whether a word of three characters or more that jieba finds around
    ``text[s:e]`` (its HMM included) starts before it, and the "name" does not
    end in a character of given names (程器 in 增程器; jieba's HMM glues 但 to
    葛菲 too, but 菲 ends names), with no title right before: the tagger's
    "name" is a piece of that word."""
    if title_words().ends_with(text, s) is not None or text[e - 1] in _given_name_chars():
        return False
    a = max(0, s - 3)
    return any(t0 < s - a < t1 and t1 - t0 >= 3 and all(is_cjk(c) for c in w)
               for t0, t1, w in tokens(text[a:e + 2], hmm=True))


@lru_cache(maxsize=None)
def _given_name_chars() -> frozenset[str]:
    """Characters of given names in the tagger's training data (given_name_chars.txt)."""
    return frozenset(row[0] for row in lexicon.table("given_name_chars.txt"))


def _translit_start(text: str, s: int, e: int) -> int:
    """Where a transliterated name the tagger found really starts: the
    tagger sometimes cuts a long one (巴耶夫 in 纳扎尔巴耶夫), whose earlier
    characters are transliteration characters too, but not a place's name
    (巴勒斯坦阿拉法特 is a country and a name)."""
    translit = lexicon.words("translit_chars.txt")
    if not foreign_name(text[s:e]):
        return s
    j = s
    while j > 0 and s - j < 6 and text[j - 1] in translit and title_words().ends_with(text, j) is None:
        j -= 1
    if s - j < 2 or title_words().ends_with(text, j) is not None or place_names().match_at(text, j) is not None \
            or not foreign_name(text[j:e]):
        return s  # 总理|内塔尼亚胡: a title's end is not part of the name
    return j


def _named_by_context(text: str, s: int, e: int) -> bool:
    """A tagged name that is also an ordinary word (安南, 江山) is a person
    when the context says so too: a title right before it (秘书长安南) or a
    speech verb or a title right after it."""
    name = text[s:e]
    tag = jieba_tags().get(name, "n")
    return (2 <= len(name) <= 4 and all(is_cjk(c) for c in name) and surname_of(name) is not None
            and tag[:1] == "n"  # a noun at most (陈述 is a verb)
            and place_names().match_at(name, 0) != name and title_words().ends_with(name, len(name)) is None
            and (title_words().ends_with(text, s) is not None
                 or speech_verbs().match_at(text, e) is not None or title_words().match_at(text, e) is not None))


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
    if (len(name) >= 3 and word_freq().get(name) and not jieba_tags().get(head, "nr").startswith("nr")
            and word_freq().get(head, 0) >= 500):
        return False  # 纪念章, 宣言书: a dictionary word made on an ordinary word (王国清 is no word)
    if not chinese and any(len(w) >= 2 and common_word(w) and word_freq().get(w, 0) >= 1000
                           for w in jieba_cut(name, hmm=False)):
        return False  # 横连东西: ordinary words, not a name (王国清 is a name: 王 is a surname)
    if len(name) == 3 and name[2] in _LOCALIZERS and common_word(name[:2]) and word_freq().get(name[:2], 0) >= 100:
        return False  # 稻田里, 会场上: a common noun and a word of place
    return (2 <= len(name) <= (16 if dotted else 8) and all(is_cjk(c) or c in "·•・" for c in name)
            and not common_word(name)
            and place_names().match_at(name, 0) != name and name not in title_words()
            and name not in lexicon.words("name_stopwords.txt"))


def foreign_name(name: str) -> bool:
    """A transliterated foreign name (克林顿, 安瓦尔·易卜拉欣): at least three
    characters, all of them usual in transliterations or the name dot."""
    translit = lexicon.words("translit_chars.txt")
    return (3 <= len(name) <= 16 and name[0] in translit and name[-1] in translit
            and all(c in translit or c in "·•・" for c in name) and not common_word(name)
            and place_names().match_at(name, 0) != name)


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
            if (s, e) in taken or not (plausible_name(name) and not common_word(name) or foreign_name(name)):
                continue
            sib = Mention(s, e, name, "Person", "list-sibling")
            taken.add((s, e))
            out.append(sib)
            queue.append(sib)
    return out


def common_word(w: str) -> bool:
    """A dictionary word that is not a name (商行, 成果): the tagger's guess is not enough."""
    tag = jieba_tags().get(w)
    # jieba's tags of well-known names are noisy (周恩来 t, 金正日 nz, 许立群 m): only
    # the classes of ordinary words count
    return (tag is not None and tag[:1] in ("n", "v", "a", "d", "l", "i", "f", "s", "b", "p", "c", "r", "u", "q")
            and not tag.startswith(("nr", "nz")) and word_freq().get(w, 0) >= 10)


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
