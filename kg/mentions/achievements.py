"""Achievements: what is developed, released or built (研发了X, 推出X), named
products in quotes or with Latin letters and digits, works in 《》, and lists
of results.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
import re

from .. import lexicon
from ..model import Document, Mention, Sentence
from .common import achievement_heads, award_words, is_cjk, jieba_tags, tokens, word_freq


_QUOTED = re.compile(r"[“「《]([^“”「」《》\n]{2,30})[”」》]")
_MODEL = re.compile(r"[A-Za-z][A-Za-z0-9\-\.]*\d[A-Za-z0-9\-\.]*")


def _ends_with_head(phrase: str) -> bool:
    return any(phrase.endswith(h) for h in achievement_heads())


# a first of its kind, in any scope (全国首个, 光伏行业首个, 全球首款): a description before the name
_FIRST_OF_KIND = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:首个|首款|首台|首套|首座|第一个|第一款)")


def _trim_object(phrase: str) -> str:
    first = _FIRST_OF_KIND.match(phrase)
    if first and len(phrase) > first.end() + 1:
        phrase = phrase[first.end():]
    changed = True
    while changed:
        changed = False
        for w in lexicon.longest_first("achievement_lead_trims.txt"):
            if phrase.startswith(w) and len(phrase) > len(w) + 1:
                phrase = phrase[len(w):]
                changed = True
    if "——" in phrase:
        phrase = phrase.rsplit("——", 1)[1]
    return phrase.strip("，、 ")


@lru_cache(maxsize=None)
def _noun_followers() -> frozenset[str]:
    return lexicon.words("trigger_noun_followers.txt")


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
            if text[max(0, k - 2):k].endswith(lexicon.longest_first("negations.txt")):
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
            clause = re.split(r"[，。；;！？!?]|[ 　](?=[\u4e00-\u9fff])", st[v1:], maxsplit=1)[0]  # (a title's space)
            if clause.startswith("的"):
                # X推出的全球首个通用智能机器人“通通” / 自主研发的神行超充电池已实现量产
                np_ = _noun_phrase(clause[1:])
                k0 = v1 + 1
                code = _MODEL_CODE.match(clause, 1) if np_ is None else None
                kind = _kind_after(st, v1 + code.end()) if code else ""
                if len(kind) >= 2:
                    np_ = (code.group() + kind,) * 2  # 去年推出的M5蒸烤一体集成灶: a model's code and its kind
            else:
                clause = re.sub(r"等.{0,6}$", "", clause)
                obj = clause.rsplit("的", 1)[-1] if "的" in clause else clause
                k0 = v1 + len(clause) - len(obj)
                np_ = _noun_phrase(obj, whole=True)
                named = _QUOTED_AT_END.search(obj) if np_ is None and not is_weak and "是" not in clause else None
                if named:
                    np_ = (named.group(0), named.group(1))  # …的飞机健康诊断“天瞳系统”: the name closing the object
                versioned = _QUOTED_VERSION_AT_END.search(obj) if np_ is None and not is_weak and "是" not in clause else None
                if versioned:
                    np_ = (versioned.group(0), versioned.group(0))  # 智能助手“小衍”3.0: the name and its version
            if np_ is None and not is_weak and not clause.startswith("的"):
                np_ = _latin_product(clause)  # 推出iPhone 11, 发布ZoomEye: a product known by a Latin name
                k0 = v1
            if np_ is None and not is_weak:
                title = _TITLE_OBJECT.match(clause)
                if title and re.match(r"(?:在|于)《", clause[title.start(1) - 2:title.start(1)]):
                    title = None  # 发表在《某某学报》上: where a work appeared, not the work
                if title:  # 发表论文《…》, 发布了题为《…》的报告: the titled work
                    np_ = (title.group(1), title.group(1))
                    k0 = v1 + title.start(1)
            if not np_ or (is_weak and (np_[0] == np_[1] or np_[0].startswith(("“", "《")))):
                continue  # a weak verb (实现, 建设) needs a head noun with a proper name
            k = st.find(np_[0], k0)
            out.extend(_achievement(base + k, np_, "developed-object"))
        # 发布旗舰手机“星河”X7 Pro、平板电脑星河Pad 3以及…: the named items of a launch's object list
        for v0, v1, verb in verb_occurrences(st, strong) if has_verb(st) else ():
            out.extend(_launched_items(st, base, v1))
            out.extend(_quoted_items(st, base, v1))
        # 某某平台由X自主开发: a named work, then 由 and its maker
        for m in _MADE_BY.finditer(st) if "由" in st else ():
            name = _named_work_at_end(m.group(1))
            if name:
                k = m.end(1) - len(name)
                out.append(Mention(base + k, base + m.end(1), name, "Achievement", "made-by-subject"))
        # a model's code and 型 before its kind: KT-300型牵引齿轮箱 names a product wherever it stands
        for m in _MODEL_TYPE.finditer(st) if "型" in st else ():
            kind = _kind_after(st, m.end())
            if kind:
                out.append(Mention(base + m.start(), base + m.end() + len(kind), m.group() + kind, "Achievement", "model-type"))
        # the subject of 通过…验收 / 试验 at the start of a clause (……的6500V机车用IGBT芯片通过上车试验)
        for m in _passed_test().finditer(st) if "通过" in st else ():
            subj = _trim_object(m.group(1).rsplit("的", 1)[-1])
            if _ends_with_head(subj) and len(subj) >= 4 and not _described_kind(subj):
                k = st.find(subj, m.start(1))
                out.append(Mention(base + k, base + k + len(subj), subj, "Achievement", "subject-passed-test"))
        # the subject of 下线 / 开工 / 亮相 / 问世
        for m in _milestone().finditer(st) if "在" in st and has_milestone(st) else ():
            subj = _trim_object(m.group(1))
            if _ends_with_head(subj) and "的" not in subj and not _described_kind(subj):
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
                  or m.group(0).startswith("《") and after.startswith(won)
                  or _ADVERBS_BEFORE.sub("", after).startswith(won) and award_words().ends_with(m.group(1), len(m.group(1))) is None
                  and not m.group(1).endswith(lexicon.longest_first("prize_endings.txt"))
                  and (_ends_with_head(m.group(1)) and len(m.group(1)) >= 4
                       or len(m.group(1)) >= 6 and st.endswith(lexicon.longest_first("completed_work_verbs.txt"), 0, m.start()))):
                # (X完成的“某某机理研究”获…一等奖: a completed, prized piece of work, whatever its last word)
                # “高性能钙钛矿太阳能电池”项目荣获一等奖, “某某智能监测系统”获得…: a prized piece of work
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


# adverbs between a subject and its verb (…也纷纷荣获, “某某系统”还荣获)
_ADVERBS = "也|还|均|都|又|纷纷|分别|同时|再次|先后|一举|成功|一并|共同|日前|近日"
_QUOTED_MODEL = re.compile(r"[Vv]?\d+(?:\.\d+)+(?![\d.])|[A-Z][A-Za-z0-9]*-[A-Za-z0-9\-]+")  # after a quoted name
_QUOTED_VERSION_AT_END = re.compile(rf"“[^“”]{{2,16}}”(?:{_QUOTED_MODEL.pattern})$")  # 智能助手“小衍”3.0
_ADVERBS_BEFORE = re.compile(rf"^(?:{_ADVERBS})+")
_CLAUSE_OPEN = re.compile(r"^(?:此外|另外|同时|其中|而|并|还有)[，,]?")
_SUBJECT_ADVERBS = re.compile(rf"(?:{_ADVERBS})+$")
_PRODUCT_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9“”·\-+]{4,30}")


# a clause's subject, then (则/也) 由 and a maker and a verb of developing
_MADE_BY = re.compile(r"(?:^|(?<=[，。；：]))([^，。；：、]{2,40}?)(?:则|也|还|均|都)?由[^，。；]{2,30}?(?:自主|独立|联合|共同)?"
                      r"(?:研制|研发|开发|设计|打造|研制成功|开发完成)")
# a name with Latin letters (and digits), maybe after a quoted name or a few characters: “星河”X7 Pro, 星河Pad 3, LT Buds 2
_LATIN_NAMED = re.compile(r"(?:“[^“”]{1,10}”)?[\u4e00-\u9fff]{0,4}?[A-Za-z][A-Za-z0-9\-\.+]*(?: [A-Za-z0-9][A-Za-z0-9\-\.+]*){0,2}$")
_QUOTED_NAMED = re.compile(r"“[^“”]{1,10}”(?:[A-Za-z0-9][A-Za-z0-9\-\.+]*(?: [A-Za-z0-9][A-Za-z0-9\-\.+]*){0,2})?$")
_LIST_SPLIT = re.compile(r"、|以及|和|及")


def _name_in_item(item: str) -> tuple[int, str] | None:
    """The product name closing a list item after its kind (旗舰手机“星河”X7 Pro,
    平板电脑星河Pad 3, 智能手表LT-200): (offset, name). The kind is the
    dictionary words before the name; the name keeps the characters jieba cannot
    make a word of (星|穹)."""
    q = _QUOTED_NAMED.search(item)
    if q and q.start() > 0:
        return q.start(), q.group()
    m = _LATIN_NAMED.search(item)
    if not m:
        return None
    latin = re.search("[A-Za-z]", item[m.start():]).start() + m.start()
    kind = max((item.rfind(h, 0, latin) + len(h) for h in achievement_heads() if h in item[:latin]), default=-1)
    if kind >= 0 and latin - kind <= 4:
        return kind, item[kind:]  # 平板电脑|星河Pad 3: the name starts after its kind
    start = latin
    toks = tokens(item[:latin])
    for a, b, w in reversed(toks):
        if len(w) > 1 or not is_cjk(w) or latin - a > 4:
            break
        start = a  # 星|穹 + Pad 3: characters no word holds belong to the name
    return start, item[start:]


def _launched_items(st: str, base: int, v1: int) -> list[Mention]:
    """The items of a launch verb's object list that are named products."""
    clause = re.split(r"[，。；;！？!?（(]|[ 　](?=[\u4e00-\u9fff])", st[v1:], maxsplit=1)[0]
    if clause.startswith("的") or any(w in clause for w in lexicon.triggers()["won"]):
        return []  # 其推出的…系统分别荣获…: a relative clause, and prizes, not a launch's list
    lead = re.match(r"(?:了|出)?", clause).end()
    clause, k0 = clause[lead:], v1 + lead
    counted = _COUNTED_NEW.search(clause)
    if counted:  # 推出A、“B”M9洗烘套装以及C五款新品: each item is a product named in full
        return _counted_items(st, base, k0, clause[:counted.start()])
    items = _LIST_SPLIT.split(clause)
    if len(items) < 2:
        return []
    out, k = [], k0
    for item in items:
        found = _name_in_item(item)
        if found is None and out and _LATIN_NAMED.fullmatch(item) and item[:1].isascii():
            found = (0, item)  # 眼镜StarLens X3及StarLens X3 Pro: the next item needs no kind of its own
        quoted = found is None and item.startswith("“") and _noun_phrase(item, whole=True) == (item, item)
        if quoted:
            found = (0, item)  # …和“星动”运动控制平台: a quoted name and its kind, the whole item
        if found and len(found[1]) >= 2 and (found[0] > 0 or quoted or out and found == (0, item)):
            a = base + k + found[0]
            out.append(Mention(a, a + len(found[1]), found[1], "Achievement", "launched-item"))
        k += len(item)
        sep = _LIST_SPLIT.match(st, k)  # the joiner after the item
        k += len(sep.group()) if sep else 0
    return out


# quoted names in a row, then 等 and what they are: 选育出“星香优8号”“荆星36”等8个新品种
_QUOTED_ITEMS = re.compile(r"(?:了|出)?((?:“[^“”，。]{2,10}”[、和及]?){1,8})等")


def _quoted_items(st: str, base: int, v1: int) -> list[Mention]:
    """The quoted names listed right after a verb of developing and closed by 等
    (推出“甲”“乙”等3款产品): each is an achievement, named without its quotes."""
    m = _QUOTED_ITEMS.match(st, v1)
    if not m:
        return []
    kind = re.match(r"[^，。；、“”]{0,16}", st[m.end():]).group()
    kind = kind[:_head_end(kind) or len(kind)]
    if not kind.endswith(achievement_heads() + ("产品", "新品", "品种")):
        return []  # 推出了“甲”、“乙”等新栏目: what they are is no product
    k = base + m.start(1)
    return [Mention(k + q.start(1), k + q.end(1), q.group(1), "Achievement", "quoted-item")
            for q in re.finditer(r"“([^“”]+)”", m.group(1))]


# the count that closes a list of launched products: …等五款新品, …3款产品
_COUNTED_NEW = re.compile(r"(?:等)?(?:[一二三四五六七八九十两]|\d{1,2})款(?:全新|新)?(?:品|新品|产品|新产品)$")


def _counted_items(st: str, base: int, k0: int, items_text: str) -> list[Mention]:
    """Each item of a counted list of new products, whole (星河AI冰箱G5, “云朵”M9洗烘套装)."""
    out, k = [], k0
    items = _LIST_SPLIT.split(items_text)
    if len(items) < 2:
        return out
    for item in items:
        name = item.strip()
        if 2 <= len(name) <= 24 and name.count("“") == name.count("”") and not name.startswith(("和", "等")):
            a = base + k + item.find(name)
            out.append(Mention(a, a + len(name), name, "Achievement", "launched-item"))
        k += len(item)
        sep = _LIST_SPLIT.match(st, k)
        k += len(sep.group()) if sep else 0
    return out


def _named_work_at_end(phrase: str) -> str | None:
    """The named work closing a subject: from its first Latin letter or quoted
    name to a head noun (核心软件AquaSense水情分析平台 -> AquaSense水情分析平台)."""
    m = re.search(r"[A-Za-z“]", phrase)
    if not m:
        return None
    name = phrase[m.start():]
    if name.startswith("“") and name.count("“") != name.count("”"):
        return None
    return name if _ends_with_head(name) and len(name) >= 4 else None


_MODEL_CODE = re.compile(r"[A-Za-z][A-Za-z0-9\-]*\d[A-Za-z0-9\-]*")
_MODEL_TYPE = re.compile(r"(?<![A-Za-z0-9\-])[A-Z][A-Za-z]{0,5}-?\d{2,6}[A-Za-z0-9\-]*型")


def _kind_after(st: str, k: int) -> str:
    """The words (nouns, and verbs as modifiers, and capitals inside them; at most
    eight characters) right after a model's 型 or code, ending on a noun: 牵引齿轮箱
    in KT-300型牵引齿轮箱已…, 高刚性RV减速器 in HT-300E高刚性RV减速器获…."""
    toks = tokens(st)
    i = bisect.bisect_left([t[0] for t in toks], k)
    kind, end = "", 0
    while i < len(toks) and toks[i][0] == k + len(kind):
        w = toks[i][2]
        tag = jieba_tags().get(w, "x")
        if kind and w.isascii() and w.isupper() and len(w) <= 4 and i + 1 < len(toks) and is_cjk(toks[i + 1][2][0]):
            kind += w  # 高刚性RV减速器: letters inside the kind
            i += 1
            continue
        if (not all(is_cjk(c) for c in w) or len(kind) + len(w) > 8 or tag.startswith(("nr", "ns", "nt"))
                or not (tag.startswith(("n", "v", "a", "b", "h")) or tag == "x" and len(w) > 1)):
            break  # (超低 is a prefix; 荣获 is no name, whatever jieba's tag)
        kind += w
        if tag.startswith("n") or tag == "x":
            end = len(kind)
        i += 1
    return kind[:end]


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
            made = verb_occurrences(name, lexicon.triggers()["developed"])
            if made:  # 甲与乙联合研发脊柱内镜手术机器人获奖: the work is what was developed
                k += made[-1][1]
                name = name[made[-1][1]:]
            trimmed = _trim_object(name)
            k += len(name) - len(trimmed)
            name = trimmed
            if (_PRODUCT_NAME.fullmatch(name) and _head_end(name) == len(name) and not name.startswith(lexicon.longest_first("achievement_deictic_openers.txt"))
                    and name.count("“") == name.count("”")):
                out.append(Mention(base + off + k, base + off + k + len(name), name, "Achievement", "prized-subject"))
    return out


# a work named by its title in 《》, at the end of a subject or a few characters into an object
_TITLE_AT_END = re.compile(r"《([^《》]{2,40})》$")
_TITLE_OBJECT = re.compile(r"了?[^，。；、《》]{0,6}《([^《》]{2,40})》")
_QUOTED_AT_END = re.compile(r"“([^“”]{2,16})”$")
_NAME_TAIL = re.compile(r"“([^“”]{2,16})”|([A-Za-z0-9][A-Za-z0-9\-\.]*(?: [A-Z0-9][A-Za-z0-9\-\.]*)?|[\u4e00-\u9fff]{1,4}[A-Za-z0-9][A-Za-z0-9\-\.]*(?: [A-Z0-9][A-Za-z0-9\-\.]*)?)")
_VERSION = re.compile(r"[Vv]?\d+(?:\.\d+)+|[Vv]\d+")
_COUNT_AFTER = tuple("多个余年月日万亿%家项台公米克吨斤升瓦伏秒倍度毫厘微纳千")  # 最大载重15公斤: a measure, not a model name


@lru_cache(maxsize=None)
def _generic_modifiers() -> tuple[str, ...]:
    """新一代, 大型, 一款…: words describing a kind (achievement_generic_modifiers.txt), longest first."""
    return tuple(sorted(lexicon.words("achievement_generic_modifiers.txt"), key=lambda w: (-len(w), w)))


def _described_kind(span: str) -> bool:
    """Whether ``span`` is a head noun with only generic modifiers before it (大型盾构机, 新一代芯片)."""
    rest = span
    while (m := next((g for g in _generic_modifiers() if rest.startswith(g)), None)) is not None:
        rest = rest[len(m):]
    return rest != span and (rest in achievement_heads() or rest == "")
_PHRASE_BREAK = re.compile(r"还|也|是|有|将|已|在|于|的|和|与|及|等|为|对|把|被|让|使|包括|成为|通过|实现|进行")
_LATIN_PRODUCT = re.compile(r"(?:了|出)?([A-Za-z][A-Za-z0-9\-\.+]*(?: ?[A-Z0-9][A-Za-z0-9\-\.+]*){0,2})(?=$|[，。；、和与及等并已将在于的])")


def _latin_product(clause: str) -> tuple[str, str] | None:
    """A product named in Latin letters (and digits) right after the verb,
    the whole object (推出iPhone 11, 发布ZoomEye); not a firm (ABC公司)."""
    m = _LATIN_PRODUCT.match(clause)
    if not m or len(m.group(1)) < 2 or m.group(1).isupper() and len(m.group(1)) <= 3:
        return None  # 推出AI…, 发布GDP: an acronym, not a product
    if m.group(1) in lexicon.words("product_variant_words.txt"):
        return None  # 推出Max、Ultra两个版本: versions of a product named before, not products
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
    if "、" in phrase[:24] or phrase.startswith(lexicon.longest_first("achievement_descriptive_openers.txt")):
        return None
    q = _QUOTED.match(phrase)
    if q:
        rest = phrase[q.end():]
        if q.group(0).startswith("“") and not _PHRASE_BREAK.match(rest):
            head = _last_head_end(rest[:24])
            if head > 0:
                # “寒川”冷链物联网平台, “禾脑”智慧农场管理平台V3.0: the quoted name and its kind are the name
                version = _VERSION.match(rest, head)
                whole = phrase[:q.end() + (version.end() if version else head)]
                return whole, whole
        model = _QUOTED_MODEL.match(rest) if q.group(0).startswith("“") else None
        if model:
            whole = phrase[:q.end() + model.end()]
            return whole, whole  # “小衍”3.0, “衍芯”SY-A1: the quoted name and its version or model
        if (q.group(0).startswith("《") or not rest or rest.startswith(lexicon.triggers()["won"])):
            return q.group(0), q.group(1)  # also 研发的“智能焊接机器人”荣获金奖
        return None
    # the phrase ends at the first function word outside quotes
    cut = len(phrase)
    for m in _PHRASE_BREAK.finditer(phrase):
        if phrase[: m.start()].count("“") == phrase[: m.start()].count("”"):
            cut = m.start()
            break
    won = lexicon.any_of(lexicon.triggers()["won"]).search(phrase, 0, cut)
    if won and phrase[: won.start()].count("“") == phrase[: won.start()].count("”"):
        cut = won.start()  # 研发的X减速器获评首台（套）装备: a verb of winning ends the work's name
    end = _head_end(phrase[: min(cut, 30)])
    if end < 3:
        return None
    span = phrase[:end]
    tail = _NAME_TAIL.match(phrase, end)
    if span in achievement_heads() and not (tail and tail.group(1)) or _described_kind(span) and not tail:
        return None  # a bare head noun (芯片) or a described kind (新一代芯片) names nothing; 大模型“复星一号”,
        # 旗舰芯片麒麟9010 do
    if tail and tail.group(2) and (_PHRASE_BREAK.match(tail.group(2)) or phrase[tail.end():tail.end() + 1] in _COUNT_AFTER):
        tail = None  # 机器人已出口到30多个国家: a predicate with a number, not a model name
    if tail:
        name = tail.group(1) or tail.group(2)
        model = _QUOTED_MODEL.match(phrase, tail.end()) if tail.group(1) else None
        if model:
            return phrase[: model.end()], phrase[tail.start():model.end()]  # 芯片“衍芯”SY-A1: the name and its model
        if tail.group(2) and _VERSION.fullmatch(name) and _head_start(span) > 0 and not span.startswith(_generic_modifiers()):
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
    heads = achievement_heads()
    return min((len(span) - len(h) for h in heads if span.endswith(h)), default=len(span))


def _head_end(phrase: str) -> int:
    """Where the achievement name in ``phrase`` ends: after its first head
    noun, extended over head nouns that follow at once (电池系统)."""
    heads = achievement_heads()
    best_start, best_end = len(phrase) + 1, 0
    for h in heads:
        k = phrase.find(h)
        while k > 0 and _glued_to_word_before(phrase, k):
            k = phrase.find(h, k + 1)  # 系列|车规级: 列车 is not there, 系列 is a word
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


def _last_head_end(kind: str) -> int:
    """Where the kind after a quoted name ends: after the last head noun
    before any function word or punctuation (“星智”盾构智能掘进控制系统: 系统,
    not 盾构); 0 when it holds none."""
    cut = re.search(r"[，。；、：,;:（）()“”《》\sA-Za-z0-9]", kind)
    run = kind[:cut.start()] if cut else kind
    brk = _PHRASE_BREAK.search(run)
    run = run[:brk.start()] if brk else run
    first = _head_end(run)
    ends = [k + len(h) for h in achievement_heads() for k in _starts(run, h) if not _glued_to_word_before(run, k)]
    return max(ends + [first]) if first else 0


def _starts(text: str, word: str) -> list[int]:
    out, k = [], text.find(word)
    while k >= 0:
        out.append(k)
        k = text.find(word, k + 1)
    return out


def _glued_to_word_before(phrase: str, k: int) -> bool:
    """Whether the character before ``k`` and the one at ``k`` make a frequent
    word (系列 in 系列车规级): a head found there straddles two words."""
    return word_freq().get(phrase[k - 1:k + 1], 0) >= 2000


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


@lru_cache(maxsize=1)
def _coded() -> re.Pattern:
    """A model code (KX-3000, HX-T40, KT-AB1606: capitals first, a digit in it,
    and a variant word, product_variant_words.txt) or a brand and its variant
    (星云Pro 2), then the kind it is (七轴工业协作机器人, 植保无人机, 视觉检测平台)
    in Chinese."""
    variants = lexicon.alternation("product_variant_words.txt")
    return re.compile(rf"(?<![A-Za-z0-9\-./])((?:(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{{2,3}}-)?[A-Z][A-Za-z]{{0,6}}(?:-[A-Za-z]{{1,6}})?[- ]?\d{{1,6}}[A-Za-z0-9]*(?:-[A-Za-z0-9]+)?"
                      rf"(?: ?(?:{variants}))?"
                      rf"|(?:(?<=[了的是和与及])|(?<![\u4e00-\u9fff]))[\u4e00-\u9fff]{{2,3}}(?:{variants})(?: ?\d{{1,2}})?)"
                      r"([\u4e00-\u9fff]{2,12})")


@lru_cache(maxsize=1)
def _main_product() -> re.Pattern:
    """A cue for what a company makes (main_product_cues.txt), maybe 为/是/有/包括,
    then the words up to the clause's end; a use before the name (工业机器人用) is left out."""
    cues = lexicon.alternation("main_product_cues.txt")
    return re.compile(rf"(?:{cues})(?:为|是|有|包括)?(?:[\u4e00-\u9fff]{{2,8}}(?<![使应采利通])用(?=[A-Za-z\u4e00-\u9fff]))?"
                      r"([^，。；：、（）“”\n]{2,40})")


_NOT_IN_A_NAME = ("d", "p", "c", "u", "r", "y")


def main_product_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """What a company makes, after a cue: 某某公司，主导产品为RV-40E精密减速器 (its
    words up to a frequent adverb, preposition or other function word; the name
    ends on a head noun, achievement_heads.txt, or a made thing's character,
    device_endings.txt)."""
    out = []
    endings = tuple(lexicon.words("device_endings.txt"))
    for m in _main_product().finditer(doc.text):
        name = ""
        for w in _words(m.group(1)):
            if jieba_tags().get(w, "n")[:1] in _NOT_IN_A_NAME and word_freq().get(w, 0) >= 5000:
                break  # (已, 在, 广泛…: the clause goes on; not 针 in 摆线针轮, 一次性 in 一次性使用…)
            name += w
        if len(name) >= 4 and (_head_end(name) == len(name) or name.endswith(endings)) \
                and not name.endswith(tuple(_abstract_heads())):
            out.append(Mention(m.start(1), m.start(1) + len(name), name, "Achievement", "main-product"))
    return out


def coded_product_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Products named by a model code and their kind, wherever they stand:
    KX-3000七轴工业协作机器人, HX-T40植保无人机, DX-M8系列伺服驱动器 (the kind
    ends on a head noun, achievement_heads.txt; a code alone or a kind without
    a head names no product here: ISO9001认证, G20峰会)."""
    out = []
    text = doc.text
    for m in _coded().finditer(text):
        code, tail = m.group(1), m.group(2)
        end = _head_end(tail) or _machine_end(tail)
        if end < 2 or not _kind_words(tail[:end]) or tail[:end].endswith(tuple(_abstract_heads())):
            continue  # (ISO9001认证服务: a service, no product)
        if _YEAR_CODE.search(code) or _COUNTED_KIND.match(tail):
            continue  # WCG2011: an event's year; Xbox360两个平台: platforms counted, no product's kind
        name = code + tail[:end]
        out.append(Mention(m.start(), m.start() + len(name), name, "Achievement", "coded-product"))
    return out


# a code that ends in a year (WCG2011), and a kind that opens with a count (两个平台)
_YEAR_CODE = re.compile(r"[A-Za-z](?:19|20)\d\d$")
_COUNTED_KIND = re.compile(r"[一二三四五六七八九十两几多]个")
# what a machine or a device is called by its last character, after a model code
_MACHINE = re.compile(r"[\u4e00-\u9fff]{1,8}?[机器仪泵阀]")


def _machine_end(kind: str) -> int:
    """Where a kind after a model code ends when it names a machine or a device
    by its last character (HX-30高频液压凿岩机: 机), at the first one; 0 if none."""
    m = _MACHINE.match(kind)
    return m.end() if m else 0


def model_code(name: str) -> str | None:
    """The model code that opens a product's name, if any.

    >>> model_code("KX-3000七轴工业协作机器人"), model_code("星云Pro 2视觉检测平台"), model_code("智能巡检机器人")
    ('KX-3000', '星云Pro 2', None)
    """
    m = _coded().match(name)
    return m.group(1) if m and len(m.group(1)) >= 3 else None


def _kind_words(kind: str) -> bool:
    """Whether ``kind`` is words that can describe a product (nouns, verbs
    and adjectives as modifiers, numbers of axes), not a predicate with a
    function word (负载达30公斤: 达)."""
    return all(jieba_tags().get(w, "n")[:1] in ("n", "v", "a", "b", "m", "q", "h", "k", "l", "j", "x") for w in _words(kind))


def _words(text: str) -> list[str]:
    return [w for _, _, w in tokens(text)]


# a quoted name, then the kind it is: “星斗”双面发电组件, “星犀”设备健康管理平台
_QUOTED_KIND = re.compile(r"“([^“”，。；、\s]{2,8})”([\u4e00-\u9fff]{2,14})")


@lru_cache(maxsize=None)
def _abstract_heads() -> frozenset[str]:
    return frozenset(lexicon.words("achievement_abstract_heads.txt"))


def _verb_with_count(kind: str) -> int:
    """Where a verb followed by a number starts in ``kind`` (火箭|发射两艘飞船), or 0."""
    toks = tokens(kind)
    for (a, _, w), (_, _, nxt) in zip(toks, toks[1:]):
        if jieba_tags().get(w, "")[:1] == "v" and jieba_tags().get(nxt, "")[:1] == "m":
            return a
    return 0


def _noun_goes_on(text: str, k: int) -> bool:
    """Whether the noun phrase goes on at ``k``: jieba holds one word across it
    (列车|员: 列车员) or the next word is another noun (汽车|美容店): the head
    noun before ``k`` is no end of a name."""
    lo = max(0, k - 4)
    toks = tokens(text[lo:k + 6])
    if any(a < k - lo < b for a, b, _ in toks):
        return True
    after = [w for a, _, w in toks if a == k - lo]
    return bool(after) and jieba_tags().get(after[0], "")[:1] == "n" and after[0] not in achievement_heads()


def quoted_product_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Products named in quotes before their kind, wherever they stand:
    “星斗”双面发电组件也出现在展台 (the kind ends on a concrete head noun; not
    a slogan before 服务, 体系 or 方案: achievement_abstract_heads.txt)."""
    out = []
    for m in _QUOTED_KIND.finditer(doc.text):
        end = _last_head_end(m.group(2))
        kind = m.group(2)[:end]
        head = next((h for h in achievement_heads() if kind.endswith(h)), None) if end else None
        if head is None or head in _abstract_heads() or not _kind_words(kind):
            continue
        cut = _verb_with_count(kind)
        if cut:
            end = _last_head_end(kind[:cut])  # “某某”火箭|发射两艘飞船: the kind ends before the clause
            kind = kind[:end]
            if not end:
                continue
        if _noun_goes_on(doc.text, m.start(2) + end):
            continue  # “某某”汽车美容店, “某某”列车员: the head goes on into another noun
        name = doc.text[m.start():m.start(2) + end]
        out.append(Mention(m.start(), m.start() + len(name), name, "Achievement", "quoted-product"))
    return out


@lru_cache(maxsize=1)
def _brand_model() -> re.Pattern:
    """A model code after a brand: 星河L7, 星河S5 Pro, 星河Q9 Gen2, and the edition it
    names (星河S7 Max版, 星河S7 Ultra四驱版)."""
    variants = lexicon.alternation("product_variant_words.txt")
    return re.compile(rf"[A-Z][A-Za-z]{{0,3}}\d{{1,4}}[A-Za-z]?(?: ?(?:{variants})(?: ?\d{{1,2}})?)?(?![A-Za-z0-9\-])"
                      r"(?:(?<=[A-Za-z0-9])[\u4e00-\u9fff]{0,3}?版(?!本|权|图|面|块))?")


def brand_model_mentions(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Products named by a company's brand and a model code (星河汽车 … 星河L7):
    the brand is a company's name found in the article, or that name without
    its trade (company_name_endings.txt)."""
    trades = lexicon.longest_first("company_name_endings.txt")
    brands = set()
    for m in mentions:
        if m.type == "Company" and all(is_cjk(c) for c in m.text):
            brands.add(m.text)
            trade = next((t for t in trades if m.text.endswith(t) and len(m.text) - len(t) >= 2), None)
            if trade:
                brands.add(m.text[: -len(trade)])
    out = []
    text = doc.text
    for brand in brands:
        k = text.find(brand)
        while k >= 0:
            code = _brand_model().match(text, k + len(brand))
            if code and not _YEAR_CODE.search(code.group()):
                out.append(Mention(k, code.end(), text[k:code.end()], "Achievement", "brand-model"))
            k = text.find(brand, k + 1)
    return out
