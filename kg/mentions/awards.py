"""Awards: rankings and prize words after a "won" verb (荣获一等奖, 获得金奖),
with their level and event.
"""

from __future__ import annotations

from functools import lru_cache
import re

from .. import lexicon
from ..model import Document, Mention, Sentence
from .common import CJK, award_words, place_names


_AWARD_LEAD = re.compile(r"[\u4e00-\u9fff]{2,10}")
_YEAR_PREFIX = re.compile(r"^(?:\d{4}|[一二三四五六七八九〇零]{4})年度?")
# a grade heading a list of winners, at the start of a clause: 一等奖：…
_AWARD_HEADING = re.compile(r"(?:^|(?<=[：:；;。\n\s]))([^：:；;。，,\s]{2,8})[：:]")


def award_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """Rankings and prizes (冠军, 一等奖, …奖) after a verb of winning."""
    out: list[Mention] = []
    won = lexicon.triggers()["won"]
    won_here = lexicon.any_of(won)
    awards = award_words()
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
        for m in re.finditer(r"[" + CJK + r"A-Za-z0-9“”（）]{2,24}?(?<![颁领获评得发授])奖(?:状|学金)?(?![金励章品项])", st):
            name = m.group()
            cut = max((name.rfind(w) + len(w) for w in won if w in name), default=-1)
            if cut >= 0 and name.startswith(lexicon.longest_first("award_attributive_nouns.txt"), cut):
                continue  # 获奖总数和一等奖数量: 获奖 modifies a noun, no prize is won
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
        # a list of titles: 先后获得国家级专精特新“小巨人”企业、某省“隐形冠军”企业等称号
        for m in _titles_list().finditer(st):
            k = m.start(1)
            for item in m.group(1).split("、"):
                lead = next((w for w in _level_words() if item.startswith(w) and len(item) > len(w) + 1), "")
                a = base + k + len(lead)
                out.append(Mention(a, base + k + len(item), item[len(lead):], "Award", "listed-title"))
                k += len(item) + 1
        # titles conferred: 先后获评国家级专精特新“小巨人”企业和浙江省绿色工厂, 入选“年度星光人物”
        for m in _designation().finditer(st):
            if "的" in m.group(1) or "《" in m.group(1) or m.group(1).startswith(
                    lexicon.longest_first("designation_attributive_heads.txt")):
                continue  # 入选的…故事片, 入选《…》一书, 入选企业主要集中在…: no title conferred
            k = m.start(1)
            for item in _TITLE_SPLIT.split(m.group(1)):
                name = re.sub("(?:荣誉)?称号$", "", item)  # (…企业称号: the title, without 称号)
                quoted = name.startswith("“") and name.endswith("”") and name.count("“") == 1
                name = name[1:-1] if quoted else name
                if 3 <= len(name) <= 24 and not name.endswith(lexicon.longest_first("not_title_endings.txt")):
                    a = base + k + (1 if quoted else 0)
                    out.append(Mention(a, a + len(name), name, "Award", "designated-title"))
                k += len(item) + 1
        for m in _listed_designation().finditer(st):
            if not m.group(1).endswith(lexicon.longest_first("not_title_endings.txt")):  # (入选国家队名单: a team)
                out.append(Mention(base + m.start(1), base + m.end(1), m.group(1), "Award", "designated-title"))
        # honorary titles: 获得“全国五一劳动奖章”称号, 分别获得SAIL之星称号
        for m in _honour_pattern().finditer(st):
            g = next(k for k in (1, 2, 3, 4) if m.group(k))
            out.append(Mention(base + m.start(g), base + m.end(g), m.group(g), "Award", "honorary-title"))
        # 为新品颁发了某某奖，A获得“年度影像旗舰”: in a sentence of prizes, a quoted title won whole
        if _PRIZE_CONTEXT.search(st):
            for m in _quoted_prize().finditer(st):
                out.append(Mention(base + m.start(1), base + m.end(1), m.group(1), "Award", "quoted-prize"))
    return out


def _level_before(st: str, s: int) -> int:
    """Where a grade at ``s`` starts with the level or place right before it
    (award_level_words.txt, a division, either with 赛区), when a list
    separator or a verb of winning comes before that; ``s`` otherwise."""
    k = s - 2 if st.endswith("赛区", 0, s) else s
    levels = lexicon.words("award_level_words.txt")
    for n in range(min(k, 8), 1, -1):
        word = st[k - n:k]
        if word in levels or place_names().match_at(word, 0) == word or word in lexicon.divisions():
            before = st[k - n - 1:k - n] if k - n > 0 else ""
            if before in ("", "、", "，", "；", "：", "获") or st.endswith(lexicon.triggers()["won"], 0, k - n):
                return k - n
    return s


@lru_cache(maxsize=None)
def _level_words() -> tuple[str, ...]:
    """国家级, 省级…: the levels a title may open with (award_level_words.txt), longest first."""
    return tuple(sorted(lexicon.words("award_level_words.txt"), key=len, reverse=True))


_TITLE_SPLIT = re.compile("[、和及]")


@lru_cache(maxsize=None)
def _listed_designation() -> re.Pattern:
    """A verb that confers a title, then the list that confers it, maybe after
    who issues it and its batch or year: 入选工业和信息化部第八批制造业单项冠军产品名单,
    入选2025年度省级专精特新中小企业名单: the title is what the list names."""
    verbs = lexicon.alternation("designation_verbs.txt")
    return re.compile(rf"(?:{verbs})了?(?:[^，。；：“”]{{0,16}}?(?:第[一二三四五六七八九十\d]+批|\d{{4}}年度?))?"
                      r"([^，。；：、\s“”《》（）的]{3,24}?)(?:名单|榜单)")


@lru_cache(maxsize=None)
def _designation() -> re.Pattern:
    """A verb that confers a title (designation_verbs.txt), then the titles up
    to the end of the clause: 获评A和B。, 入选“C”。"""
    verbs = lexicon.alternation("designation_verbs.txt")
    return re.compile(rf"(?:{verbs})了?((?:“[^“”]{{2,20}}”|[^，。；：、\s“”和及]{{3,24}}|[^，。；：\s“”]{{0,12}}“[^“”]{{1,10}}”[^，。；：\s“”]{{0,8}})"
                      rf"(?:[、和及](?:“[^“”]{{2,20}}”|[^，。；：、\s“”和及]{{3,24}}|[^，。；：\s“”]{{0,12}}“[^“”]{{1,10}}”[^，。；：\s“”]{{0,8}}))*)(?=[，。；]|$)")


@lru_cache(maxsize=None)
def _titles_list() -> re.Pattern:
    """A verb of winning, then two or more titles (、) and 等称号 / 称号."""
    won = lexicon.alternation_of(lexicon.triggers()["won"])
    item = r"[^，。；：、\s]{2,24}"
    return re.compile(rf"(?:{won})了?((?:{item}、)+{item}?)等?(?:荣誉)?称号")


_PRIZE_CONTEXT = re.compile(r"颁发|颁奖|奖[，。；、“”]")


@lru_cache(maxsize=None)
def _quoted_prize() -> re.Pattern:
    """A verb of winning, then a quoted title that closes its clause: 获得“年度影像旗舰”，."""
    return re.compile(f"(?:{lexicon.alternation_of(lexicon.triggers()['won'])})" + r"了?“([^“”]{2,20})”(?=[，。；！？]|$)")


@lru_cache(maxsize=None)
def _honour_pattern() -> re.Pattern:
    won = sorted(lexicon.triggers()["won"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, won)) + ")了?"
                      r"(?:“([^“”]{2,20})”|([\u4e00-\u9fffA-Za-z0-9·]{2,16}?|[\u4e00-\u9fffA-Za-z0-9·]{0,12}“[^“”]{1,10}”[\u4e00-\u9fffA-Za-z0-9·]{0,8}?))"
                      r"(?:荣誉)?称号"
                      # 获评…“最佳航空公司”: a title in quotes closing the clause after a verb of rating
                      r"|(?:获评|被评为|评为|荣膺)[^，。；！？“”]{0,20}“([^“”]{2,20})”(?=[，。；！？]|$)"
                      # 获某部授予的“某某企业称号”: a title in quotes that says it is one
                      r"|(?:" + "|".join(map(re.escape, won)) + r")[^，。；！？“”]{0,12}?“([^“”]{2,24}称号)”")
