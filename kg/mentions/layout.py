"""Layout: a prize's heading line and the winners listed under it, one per line
(某某公司（大奖）, 某某公司——某某项目（提名奖）).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon
from ..model import Document, Mention, Sentence
from .common import org_endings
from .people import plausible_name


# typographic markers that open a heading or an item of a list on a web page (▲, ■, ●…)
_BULLETS = "▲△■□●○◆◇★☆►▶•◉◎※"
# a prize's name: 第七届某某大奖, 2023年度某某奖
_PRIZE_NAME = rf"(?:第[一二三四五六七八九十百\d]+届|\d{{4}}年度?)?[^\s，。；：、（）“”{_BULLETS}]{{2,24}}?奖"


@lru_cache(maxsize=None)
def _prize_heading() -> re.Pattern:
    """第七届某某大奖（企业）, ▲某某奖一等奖, 冠军（1项，奖金50万元）：: a line that is a
    prize's name or a rank (award_words.txt) after a few words (总决赛冠军), maybe
    numbered (一、, （二）, 3.) or bulleted, with a bracketed remark or a colon."""
    ranks = lexicon.alternation("award_words.txt")
    return re.compile(rf"(?m)^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{{1,2}}[.、．]|[{_BULLETS}]\s*)?"
                      rf"({_PRIZE_NAME}(?:[一二三四五六七八九十]等奖)?|[\u4e00-\u9fff]{{0,6}}?(?:{ranks}))"
                      r"(?:（[^（）\n]{1,20}）)?[：:]?$")
# 1.项目名称：某某技术: an entry's work, whose credits follow on the next lines
_WORK_LINE = re.compile(r"^(?:\d{1,2}[.、．]\s*)?(?:项目名称|成果名称|项目|成果)[：:]\s*(\S.{1,80}?)\s*$")

# 一等奖：A项目（甲公司）；B项目（乙公司、丙大学）: a prize and its entries on one line
_PRIZE_LINE = re.compile(rf"(?m)^({_PRIZE_NAME})[：:](?=.*（)")
# 某某管理平台（甲公司、乙大学）: a work, then the units that made it
_UNIT_CREDITS = re.compile(r"([^（）《》\n：:；;，。]{4,60}?)（([^（）\n：:]{4,80})）")
# under it, entries: 某某公司（大奖）, 某某公司——某某项目（提名奖）
_PRIZE_ENTRY = re.compile(r"([^\s，。；：、（）—]{2,40}?)(?:——([^\n（）—]{4,60}?))?（([^（）\n]{1,8})）")
# or a line that is an agent and its work alone: 某某大学“某某”团队——某某材料
_DASH_ENTRY = re.compile(r"([^\s，。；：、（）—]{2,40}?)——([^\s，。；：（）—][^\n，。；（）—]{2,59})")


def prize_list_entries(text: str) -> list[tuple[Mention, list[tuple[int, int, int, int]]]]:
    """Prize headings and their entries: (the heading's Award mention, [(agent start,
    agent end, work start, work end)]), work (-1, -1) when the entry names none.
    An entry line holds one or more ``agent[——work]（grade）``; the list ends at
    the first line that holds none."""
    out: list = []
    if ("）\n" not in text and not text.endswith("）") and "》" not in text and "——" not in text
            and not _credit_label().search(text)):
        return out  # no line ends with a bracket, no title, no dash and no credits: no such list
    for h in _PRIZE_LINE.finditer(text):
        end = text.find("\n", h.end())
        end = len(text) if end < 0 else end
        entries = _unit_credited_entries(text[h.end():end], h.end())
        if entries:
            out.append((Mention(h.start(1), h.end(1), h.group(1), "Award", "prize-heading"), entries))
    for h in _prize_heading().finditer(text):
        entries = []
        work = None  # the work of the last 项目名称： line
        pos = h.end() + 1
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            line = text[pos:end]
            if _prize_heading().fullmatch(line):
                break
            credited = _credited_entry(line, pos) or _unit_credited_entries(line, pos)
            if credited:
                entries.extend(credited)
                pos = end + 1
                continue
            w = _WORK_LINE.match(line)
            if w:
                work = (pos + w.start(1), pos + w.end(1))
                pos = end + 1
                continue  # 项目名称：某某技术, credited on the lines that follow
            lab = _credit_label().match(line) if work else None
            if lab:
                for n in re.finditer(r"[^、，,；;\s]+", line[lab.end():]):
                    entries.append((pos + lab.end() + n.start(), pos + lab.end() + n.end()) + work)
                pos = end + 1
                continue
            found = list(_PRIZE_ENTRY.finditer(line))
            if not found or found[0].start() != 0:
                dash = _DASH_ENTRY.fullmatch(line)
                if not dash:
                    break
                entries.append((pos + dash.start(1), pos + dash.end(1), pos + dash.start(2), pos + dash.end(2)))
                pos = end + 1
                continue
            for m in found:
                w = (pos + m.start(2), pos + m.end(2)) if m.group(2) else (-1, -1)
                entries.append((pos + m.start(1), pos + m.end(1)) + w)
            pos = end + 1
        if entries:
            out.append((Mention(h.start(1), h.end(1), h.group(1), "Award", "prize-heading"), entries))
    return out


@lru_cache(maxsize=None)
def _credited() -> re.Pattern:
    """《work》, a label (prize_list_labels.txt) and a colon, then who is credited."""
    labels = lexicon.alternation("prize_list_labels.txt")
    return re.compile(rf"《([^《》\n]{{2,60}})》[ 　]*(?:{labels})[：:][ 　]*(\S.*)$")


# 某某关键技术（主要完成单位：甲大学、乙公司；主要完成人：张三、李四）: the work, then its credits in brackets
_BRACKETED_CREDITS = re.compile(r"^([《“]?)([^（）《》“”\n]{4,60}?)[》”]?（([^（）\n]+)）$")


def _credited_entry(line: str, pos: int) -> list[tuple[int, int, int, int]]:
    """The people or units an entry line credits with its work, each as
    (start, end, work start, work end): 《某某技术》 主要完成人：张三、李四, or
    某某技术（主要完成单位：甲大学、乙公司；主要完成人：张三、李四）."""
    m = _credited().match(line)
    if m:
        w0, w1 = pos + m.start(1), pos + m.end(1)
        return [(pos + m.start(2) + n.start(), pos + m.start(2) + n.end(), w0, w1)
                for n in re.finditer(r"[^、，,；;\s]+", m.group(2))]
    b = _BRACKETED_CREDITS.match(line)
    if not b:
        return []
    w0, w1 = pos + b.start(2), pos + b.end(2)
    out = []
    labels = _credit_label()
    inner = pos + b.start(3)
    for part in re.finditer(r"[^；;]+", b.group(3)):
        lab = labels.match(part.group())
        if not lab:
            continue
        k = inner + part.start() + lab.end()
        for n in re.finditer(r"[^、，,\s]+", part.group()[lab.end():]):
            out.append((k + n.start(), k + n.end(), w0, w1))
    return out


def _unit_credited_entries(line: str, pos: int) -> list[tuple[int, int, int, int]]:
    """The entries of a line that are each a work and, in brackets, the
    organisations that made it (each an organisation's name by its ending),
    separated by ；: “某某”管理平台（甲科技有限公司）；某某系统（乙公司、丙学院）.
    Each unit as (start, end, work start, work end); none unless the whole line is such entries."""
    out = []
    for part in re.finditer(r"[^；;]+", line):
        m = _UNIT_CREDITS.fullmatch(part.group().strip())
        if not m:
            return []
        lead = part.start() + len(part.group()) - len(part.group().lstrip())
        units = list(re.finditer(r"[^、，,\s]+", m.group(2)))
        if not units or not all(org_endings().ends_with(u.group(), len(u.group())) for u in units):
            return []
        w0 = pos + lead + m.start(1)
        inner = pos + lead + m.start(2)
        out.extend((inner + u.start(), inner + u.end(), w0, pos + lead + m.end(1)) for u in units)
    return out


@lru_cache(maxsize=None)
def _credit_label() -> re.Pattern:
    """A label (prize_list_labels.txt) and its colon, at the start of a bracket's part."""
    return re.compile(rf"\s*(?:{lexicon.alternation('prize_list_labels.txt')})[：:]\s*")


@lru_cache(maxsize=None)
def _signing_entry() -> re.Pattern:
    """A line of a list of signed projects: a label (signing_list_labels.txt), its colon and the party."""
    labels = lexicon.alternation("signing_list_labels.txt")
    return re.compile(rf"(?m)^.*?(?:{labels})[：:][ 　]*([^；;，,。：:\n]{{2,40}})")


def signing_list_entries(text: str) -> list[tuple[int, list[tuple[int, int]]]]:
    """Lists of signed projects, one per line under the sentence that announces
    the signing: (where the last line before the list starts, [(party start,
    party end)]) for each run of consecutive lines that name a party after a
    label (投资方：某某公司). The party's span runs to the next separator; the
    caller keeps the organisation that starts it."""
    out: list[tuple[int, list[tuple[int, int]]]] = []
    if "：" not in text and ":" not in text:
        return out
    run: list[tuple[int, int]] = []
    run_start = -1
    prev_end = -2
    for m in _signing_entry().finditer(text):
        line_start = text.rfind("\n", 0, m.start(1)) + 1
        if run and line_start != prev_end + 1:
            out.append((run_start, run))
            run = []
        if not run:
            run_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1 if line_start else 0
        run.append((m.start(1), m.end(1)))
        end = text.find("\n", m.end(1))
        prev_end = len(text) if end < 0 else end
    if run:
        out.append((run_start, run))
    return out


# 某某公司的“某某系统”（创新银奖）: a maker, its work and, in brackets, the prize the work won
_BRACKETED_PRIZE = re.compile(r"的(“[^“”]{2,30}”|[^，。；、：（）“”的\s]{4,30}?)（([^（），。；、\s]{1,10}?奖)）")


def bracketed_prizes(text: str) -> list[tuple[int, tuple[int, int], tuple[int, int]]]:
    """Works with the prize they won in brackets after them, each after its maker
    and 的: (where 的 stands, the work's span without its quotes, the prize's span)."""
    if "奖）" not in text:
        return []
    out = []
    for m in _BRACKETED_PRIZE.finditer(text):
        w0, w1 = m.span(1)
        if text[w0] == "“":
            w0, w1 = w0 + 1, w1 - 1
        out.append((m.start(), (w0, w1), m.span(2)))
    return out


def layout_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """The prize of a heading line with winners under it, and the works the
    entries name after a dash (某某公司——某某示范项目（大奖）)."""
    out: list[Mention] = []
    for _, (w0, w1), (a0, a1) in bracketed_prizes(doc.text):
        out.append(Mention(w0, w1, doc.text[w0:w1], "Achievement", "bracketed-prize-work"))
        out.append(Mention(a0, a1, doc.text[a0:a1], "Award", "bracketed-prize"))
    for award, entries in prize_list_entries(doc.text):
        out.append(award)
        for a0, a1, ws, we in entries:
            if ws >= 0:
                out.append(Mention(ws, we, doc.text[ws:we], "Achievement", "prize-entry-work"))
            if doc.text[a0 - 1:a0] in ("：", ":", "、") and plausible_name(doc.text[a0:a1]):  # a credited person
                out.append(Mention(a0, a1, doc.text[a0:a1], "Person", "prize-entry-person"))
    return out
