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

One module per kind of mention, in the order :func:`find_mentions` runs them:
:mod:`.districts`, :mod:`.organisations`, :mod:`.people`, :mod:`.awards`,
:mod:`.achievements` and :mod:`.layout`; :mod:`.common` holds what they share
(lexicons, segmentation, the tagger's spans).
"""

from __future__ import annotations

import bisect
import re

from ..model import Document, Mention, Sentence
from .achievements import (
    achievement_mentions, brand_model_mentions, coded_product_mentions, main_product_mentions, quoted_product_mentions,
)
from .awards import award_mentions
from .common import org_endings
from .districts import district_mentions
from .layout import layout_mentions
from .organisations import (
    context_org_mentions, foreign_firm_mentions, listed_brand_mentions, listed_company_mentions, named_team_mentions, org_mentions, parents_of_subsidiaries, partner_mentions,
    tagged_org_mentions, typed_by_description, with_bracketed_campus, without_company_departments,
    without_descriptions_of_foreign_firms, without_news_sources, without_truncated_bodies, without_venues,
)
from .people import list_siblings, person_mentions, propagate

__all__ = ["FINDERS", "PRIORITY", "find_mentions", "settle"]

FINDERS = (district_mentions, org_mentions, context_org_mentions, tagged_org_mentions, listed_brand_mentions, foreign_firm_mentions,
           person_mentions, award_mentions, achievement_mentions, coded_product_mentions,
           quoted_product_mentions, main_product_mentions, layout_mentions)
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


# a name in Latin letters in brackets: （John Smith）
_LATIN_IN_BRACKETS = re.compile(r"[（(]([A-Z][A-Za-z.'\- ]{1,40})[）)，,]")


def find_mentions(doc: Document, sentences: list[Sentence]) -> list[Mention]:
    """All mentions of the document, overlaps settled."""
    found: list[Mention] = []
    for finder in FINDERS:
        found.extend(finder(doc, sentences))
    # a title conferred (获评浙江省绿色工厂) is no organisation, whatever its ending
    titles = {(m.start, m.end) for m in found if m.rule == "designated-title"}
    found = [m for m in found if not (m.type in ("Company", "Institution") and (m.start, m.end) in titles)]
    found.extend(list_siblings(doc, found))
    found.extend(brand_model_mentions(doc, found))
    found.extend(propagate(doc, found, ("Person", "Company")))
    # a product named in Latin letters (StarGraph, KX-3000七轴机器人) is the product wherever it occurs again
    found.extend(propagate(doc, [m for m in found if m.type == "Achievement" and len(m.text) >= 4
                                 and any(c.isascii() and c.isalpha() for c in m.text)], ("Achievement",)))
    found.extend(named_team_mentions(doc, found))
    found.extend(listed_company_mentions(doc, found))
    partners = partner_mentions(doc, found)
    if partners:
        found.extend(partners)
        found.extend(propagate(doc, partners, ("Company",)))
    # a person's name the tagger also read as an organisation, with no ending
    # to show it (荣立军研究员): the person; and so is their name in Latin
    # letters in brackets right after it (某某·某某（John Smith）)
    people = {(m.start, m.end) for m in found if m.type == "Person"}
    people |= {(m.end + 1, m.end + 1 + len(b.group(1))) for m in found if m.type == "Person"
               for b in (_LATIN_IN_BRACKETS.match(doc.text, m.end),) if b}
    # ... and the object of a verb of launching the tagger read as a firm (推出了StarLink Pro): the product
    # (or a span holding a product's name: 卡萨迪展台体验星河AI冰箱G5 in a caption)
    # (and its copies elsewhere: 推出StarGraph…StarGraph的设计)
    products = {m.text for m in found if m.rule in ("developed-object", "launched-item", "model-type", "coded-product")}
    found = [m for m in found if not ((m.rule == "tagger-org" or m.rule == "propagated" and m.type in ("Company", "Institution")) and (
        (m.start, m.end) in people or any(p in m.text for p in products)) and not org_endings().ends_with(m.text, len(m.text)))]
    # 旗下高端品牌卡萨迪: a "person" the tagger saw right after 品牌 is the brand, a company, wherever named
    brands = {m.text for m in found if m.type == "Person" and doc.text.endswith("品牌", 0, m.start)}
    found = [Mention(m.start, m.end, m.text, "Company", m.rule) if m.type == "Person" and m.text in brands else m
             for m in found]
    found = without_descriptions_of_foreign_firms(with_bracketed_campus(doc, typed_by_description(doc.text, found)))
    return without_news_sources(doc, without_venues(doc, without_company_departments(
        settle(without_truncated_bodies(parents_of_subsidiaries(doc, found))))))
