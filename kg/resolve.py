"""Within-document resolution: mentions -> entities, one per real thing.

* Mentions with the same type and text are one entity.
* Short forms of organisation names are found and folded into the full name:
  place prefixes, legal-form endings and generic industry words are removed
  (北京燃力能源科技有限公司 -> 燃力能源 / 北京燃力能源), and abbreviations
  made of the name's characters in order (中联重工科技发展股份有限公司 ->
  中联重科) when the article uses them.
* Short forms of districts (江阴 for 江阴市) join the district.
* Every occurrence of a short form becomes a mention of the entity, so later
  stages see 燃力能源 as the company.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache

from . import dictionary, lexicon
from .gazetteer import Gazetteer
from .mentions.achievements import model_code
from .mentions.common import division_names, is_cjk, place_names
from .model import Document, Entity, Mention

ORG_TYPES = ("Company", "Institution")


@lru_cache(maxsize=None)
def _legal_forms() -> tuple[str, ...]:
    return tuple(sorted(lexicon.words("legal_forms.txt"), key=len, reverse=True))


@lru_cache(maxsize=None)
def _industry_words() -> tuple[str, ...]:
    return tuple(sorted(lexicon.words("industry_words.txt"), key=len, reverse=True))


@lru_cache(maxsize=None)
def _place_prefixes() -> Gazetteer:
    names = set(lexicon.words("countries.txt"))
    for full, ds in lexicon.divisions().items():
        names.add(full)  # 湘潭县 as well as 湘潭: the longest place a name opens with goes (not 湘潭|县城乡…)
        if ds[0].level in ("province", "prefecture") and ds[0].short:
            names.add(ds[0].short)
    names.update({"中国", "全国", "国家"})
    return Gazetteer(names)


@lru_cache(maxsize=None)
def _suffixes_gazetteer() -> Gazetteer:
    return Gazetteer(lexicon.org_suffixes())


def org_short_forms(name: str) -> list[str]:
    """Short forms an article may use for an organisation.

    >>> org_short_forms("北京燃力能源科技有限公司")
    ['北京燃力能源科技', '燃力能源科技', '北京燃力', '北京燃力能源', '燃力', '燃力能源']
    >>> org_short_forms("博睿康科技（北京）有限公司")
    ['博睿康科技', '博睿康']
    >>> org_short_forms("中国科学院控股有限公司")
    []
    >>> org_short_forms("星澜汽车"), org_short_forms("中国电子")
    (['星澜'], [])
    >>> org_short_forms("星河集团有限公司")
    ['星河', '星河集团']
    >>> "星河文旅集团" in org_short_forms("星河文旅发展集团有限公司")
    True
    >>> org_short_forms("昆山市人民政府")
    ['昆山市政府']
    >>> org_short_forms("德国福斯曼传动技术有限公司")[:2]
    ['德国福斯曼传动技术', '福斯曼传动技术']
    >>> "福斯曼传动技术有限公司" in org_short_forms("德国福斯曼传动技术有限公司")
    True
    """
    base = re.sub(r"[（(][^）)]{1,6}[）)]", "", name)
    contractions = lexicon.table("org_name_contractions.tsv")
    # 某某市人民政府 -> 某某市政府; else inside the name: 某某农村商业银行寻乌支行 -> 某某农商银行寻乌支行
    contracted = ([base[: -len(long)] + short for long, short in contractions if base.endswith(long) and len(base) > len(long)]
                  or [base.replace(long, short, 1) for long, short in contractions if long in base and not base.startswith(long)])
    if contracted:
        place = _place_prefixes().match_at(contracted[0], 0)
        if place and len(contracted[0]) - len(place) >= 4:
            contracted.append(contracted[0][len(place):])  # 江西某某农商银行 -> 某某农商银行: without its place too
        return contracted
    # the longest legal-form ending goes; a group is also named with its
    # 集团 (星河集团有限公司 -> 星河集团 as well as 星河)
    strips = [base[: -len(lf)] for lf in _legal_forms() if base.endswith(lf) and len(base) > len(lf) + 1]
    strips = strips[:1] + [f for f in strips[1:] if f.endswith("集团")]
    if not strips:
        # no legal form: an institution may still drop its place (西安明德理工学院 -> 明德理工学院)
        place = _place_prefixes().match_at(base, 0)
        rest = base[len(place):] if place else ""
        suffix = _suffixes_gazetteer().ends_with(rest, len(rest)) if rest else None
        if place and suffix and len(rest) - len(suffix) >= 2 and not _suffixes_gazetteer().match_at(rest, 0):
            return [rest]
        trade = next((w for w in lexicon.longest_first("company_name_endings.txt") if base.endswith(w) and len(base) - len(w) >= 2), None)
        short = base[: -len(trade)] if trade else ""
        if short and not _everyday_word(short) and place_names().match_at(short, 0) != short \
                and not _suffixes_gazetteer().ends_with(short, len(short)):
            return [short]  # 澜途汽车 -> 澜途: a company named by its brand and its trade goes by the brand
        return []
    forms = list(dict.fromkeys(strips))
    for stripped in list(forms):
        place = _place_prefixes().match_at(stripped, 0) if stripped else None
        if place and len(stripped) - len(place) >= 2:
            forms.append(stripped[len(place):])
    for f in list(forms):
        for w in _industry_words():
            if f.endswith(w) and len(f) - len(w) >= 2:
                forms.append(f[: -len(w)])
            if f.endswith(w + "集团") and len(f) - len(w) >= 4:
                forms.append(f[: -len(w) - 2] + "集团")  # 某某文旅发展集团 -> 某某文旅集团
    country = next((base[:k] for k in range(5, 1, -1) if base[:k] in lexicon.words("countries.txt")), None)
    if country is not None and country != "中国" and len(base) - len(country) >= 5:
        forms.append(base[len(country):])  # 德国福斯曼传动技术有限公司 -> 福斯曼传动技术有限公司: the firm without its country
    if country is not None:
        # 德国福斯曼传动技术公司 -> 福斯曼: a foreign firm goes by its transliterated name
        translit = lexicon.words("translit_chars.txt")
        for f in list(forms):
            run = next((k for k, c in enumerate(f) if c not in translit), len(f))
            if 3 <= run < len(f):
                forms.append(f[:run])
    out = []
    types = lexicon.org_suffixes()
    for f in forms:
        suffix = _suffixes_gazetteer().ends_with(f, len(f))
        if suffix and types[suffix] == "Institution":
            continue  # 中国科学院控股有限公司: 中国科学院 is another organisation, not a short form
        if len(f) >= 2 and f not in out and f != name and not _everyday_word(f):
            out.append(f)
    return out


def _everyday_word(w: str) -> bool:
    """A word too common to stand for one organisation wherever it occurs
    (交通, 能源, 电子 from 某某交通投资集团, 某某能源, 某某电子): a common noun,
    verb or adjective among jieba's frequent words. Rarer words stay short
    forms (海螺, 保利, 光明, 联想)."""
    tag = dictionary.tags().get(w)
    return tag is not None and tag[:1] in ("n", "v", "a", "s") and not tag.startswith(("nr", "ns", "nt", "nz")) \
        and dictionary.frequencies().get(w, 0) >= 2000


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _abbreviations(doc: Document, name: str, taken: set[str], memo: dict[str, bool] | None = None) -> list[str]:
    """Abbreviations of ``name`` the article uses at least twice (中联重科).

    ``memo`` remembers, for one document, which candidate strings are used
    like a word, so that many organisations sharing a head stay cheap."""
    memo = {} if memo is None else memo
    core = org_short_forms(name)
    stem = core[-1] if core else name
    if len(stem) < 2:
        return []
    head = stem[:2]
    out = []
    text = doc.text
    k = text.find(head)
    while k >= 0:
        cand = text[k:k + 5]
        for n in range(len(cand), 3, -1):
            c = cand[:n]
            if c in taken or c in name or not all("\u4e00" <= ch <= "\u9fff" for ch in c) or not _is_subsequence(c, name):
                continue
            usable = memo.get(c)
            if usable is None:
                usable = memo[c] = text.count(c) >= 2 and not _always_followed(text, c)
            if usable:
                out.append(c)
                break
        k = text.find(head, k + 1)
    return sorted(set(out), key=len, reverse=True)[:2]


def _always_followed(text: str, c: str) -> bool:
    """Whether every occurrence of ``c`` is followed by the same character (part of a longer word)."""
    nxt = set()
    k = text.find(c)
    while k >= 0:
        nxt.add(text[k + len(c):k + len(c) + 1])
        if len(nxt) > 1:
            return False
        k = text.find(c, k + 1)
    return len(nxt) == 1 and next(iter(nxt)) not in ("", "，", "。", "、")


def resolve(doc: Document, mentions: list[Mention]) -> tuple[list[Entity], list[Mention]]:
    """Group mentions into entities; returns entities and the full mention list
    (including short-form mentions found here)."""
    by_key: dict[tuple[str, str], Entity] = {}
    for m in mentions:
        k = (m.type, m.text)
        e = by_key.get(k)
        if e is None:
            e = by_key[k] = Entity(key=f"{m.type}:{m.text}", type=m.type, name=m.text)
        e.mentions.append(m)

    # organisation short forms -> the full name
    alias_of: dict[str, Entity] = {}
    orgs = sorted((e for e in by_key.values() if e.type in ORG_TYPES), key=lambda e: -len(e.name))
    # names an abbreviation may not take: every entity's, except an
    # organisation only the statistical tagger found (中联重科 beside
    # 中联重工科技发展股份有限公司 is its abbreviation, not a firm of its own)
    taken = {e.name for e in by_key.values()
             if not (e.type in ORG_TYPES and all(m.rule in ("tagger-org", "propagated") for m in e.mentions))}
    memo: dict[str, bool] = {}
    short_forms = {id(e): org_short_forms(e.name) for e in orgs}
    for e in orgs:
        forms = short_forms[id(e)] + _abbreviations(doc, e.name, taken | set(alias_of), memo)
        for f in forms:
            if f in alias_of or f == e.name:
                continue
            alias_of[f] = e
            e.aliases.add(f)
    # a name in brackets right after an organisation's is that organisation's
    # (英伟达公司（NVIDIA）)
    for e in orgs:
        for m in e.mentions:
            close = doc.text.find("）" if doc.text[m.end:m.end + 1] == "（" else ")", m.end)
            if doc.text[m.end:m.end + 1] not in ("（", "(") or close < 0 or close - m.end > BRACKET_MAX:
                continue
            inner = doc.text[m.end + 1:close]
            for i, part in enumerate(_BRACKET_PARTS.split(inner)):
                defined = _DEFINED_SHORT.match(part)
                if defined:  # （下简称“星河新材”）, (下称远山矿业，000123), （Acme GmbH，下称“艾克美”）
                    short = defined.group(1)
                    if 2 <= len(short) <= 16 and short not in alias_of and short != e.name:
                        alias_of[short] = e
                        e.aliases.add(short)
                    break
                if i == 0:  # only the bracket's first part may be another name of it; a later one is a code (000123)
                    _bracketed_name(part, m.end + 1, e, orgs, by_key, alias_of)
    # district short forms -> the full name; a zone without its place (合肥高新区 -> 高新区)
    for e in list(by_key.values()):
        if e.type == "District":
            ds = lexicon.divisions().get(e.name)
            short = ds[0].short if ds else None
            if not ds and any(m.rule == "zone" for m in e.mentions):
                place = place_names().match_at(e.name, 0)
                short = e.name[len(place):] if place else None
            if short and short not in alias_of and len(short) >= 2:
                alias_of[short] = e
                e.aliases.add(short)

    _full_names_given(doc.text, orgs, alias_of)
    _listed_short_names(doc.text, orgs, alias_of, short_forms)
    _bare_prefixes(orgs, alias_of)
    _abbreviated_names(orgs, alias_of, short_forms)
    _surname_and_title(by_key, alias_of)
    _nicknames(doc.text, by_key, alias_of)
    _model_codes(doc.text, by_key, alias_of)

    # fold entities whose name is an alias of another one
    for key, e in list(by_key.items()):
        target = alias_of.get(e.name)
        # a "person" only the statistical tagger saw, named like an organisation (特斯拉), is that organisation
        tagged_only = e.type == "Person" and all(m.rule in ("tagger", "propagated") for m in e.mentions)
        if target is not None and target is not e and (target.type == e.type or e.type in ORG_TYPES + ("District",)
                                                       or tagged_only and target.type in ORG_TYPES):
            target.mentions.extend(Mention(m.start, m.end, m.text, target.type, m.rule) for m in e.mentions)
            del by_key[key]

    # every other occurrence of an alias is a mention
    extra: list[Mention] = []
    if alias_of:
        covered = _Coverage((m.start, m.end) for e in by_key.values() for m in e.mentions)
        g = Gazetteer(alias_of)
        for s, t, f in g.finditer(doc.text):
            if covered.contains(s, t):
                continue
            # a short form must not be glued to more name characters
            ent = alias_of[f]
            if ent.type == "District" and len(division_names().match_at(doc.text, s) or f) > len(f):
                continue  # 嘉兴|市南湖区: the division's full name, which the mentions left out on purpose
            m = Mention(s, t, f, ent.type, "alias")
            ent.mentions.append(m)
            extra.append(m)
        # a tagger's "person" inside an organisation's short form (雷沃|智慧农业总经理…) is part of it
        inside = _Coverage((m.start, m.end) for m in extra if m.type in ORG_TYPES)
        for e in by_key.values():
            if e.type == "Person":
                e.mentions = [m for m in e.mentions if not (m.rule in ("tagger", "propagated") and inside.contains(m.start, m.end))]

    _drop_bracketed_repeats(doc.text, by_key.values())
    _merge_contained(by_key, "Achievement")
    _merge_same_quoted_name(by_key)
    _merge_head_offices(by_key, alias_of)
    _merge_tails(by_key)
    _merge_event_prefixed_awards(by_key)
    _grades_of_that_prize(by_key)
    entities = [e for e in by_key.values() if e.mentions]
    _companies_called_the_company(doc.text, entities)
    _our_school(doc.text, entities)
    award_aliases(doc, entities)
    for e in entities:
        e.mentions.sort(key=lambda m: m.start)
        e.aliases.discard(e.name)
    entities.sort(key=lambda e: (e.first_offset, e.type, e.name))
    all_mentions = sorted((m for e in entities for m in e.mentions), key=lambda m: (m.start, -m.length))
    return entities, all_mentions


def _surname_and_title(by_key: dict, alias_of: dict[str, Entity]) -> None:
    """李行长, 王总: a surname and a title name the one person of the article
    with that surname (an alias of them); with none or several, nobody."""
    from .mentions.people import surname_of

    titles = lexicon.words("titles.txt") | lexicon.words("address_titles.txt")
    people = [e for e in by_key.values() if e.type == "Person"]
    for key, e in list(by_key.items()):
        if e.type != "Person":
            continue
        sur = surname_of(e.name)
        if not sur or e.name[len(sur):] not in titles:
            continue
        same = [p for p in people if p is not e and surname_of(p.name) == sur and p.name[len(sur):] not in titles]
        if len(same) == 1:
            alias_of[e.name] = same[0]
            same[0].aliases.add(e.name)
        else:
            del by_key[key]


def _model_codes(text: str, by_key: dict, alias_of: dict[str, Entity]) -> None:
    """A product named by its model code and its kind (KX-3000七轴协作机器人)
    goes by its code alone too, when the article uses it (据介绍，KX-3000负载…)
    and no other product's name opens with that code."""
    opening: dict[str, list[Entity]] = {}
    for e in by_key.values():
        code = model_code(e.name) if e.type == "Achievement" else None
        if code:
            opening.setdefault(code, []).append(e)
    for code, es in opening.items():
        if len(es) == 1 and code not in alias_of and text.count(code) > len(es[0].mentions):
            alias_of[code] = es[0]
            es[0].aliases.add(code)


def _nicknames(text: str, by_key: dict, alias_of: dict[str, Entity]) -> None:
    """老郭, 小李: 老 or 小 and a surname, used in the article, name the one
    person of the article with that surname (an alias); with several, nobody.
    Not a word of the dictionary (小米, 老师)."""
    from .mentions.people import surname_of

    people = [e for e in by_key.values() if e.type == "Person"]
    by_surname: dict[str, list[Entity]] = {}
    for e in people:
        sur = surname_of(e.name)
        if sur and len(sur) == 1 and len(e.name) >= 2:
            by_surname.setdefault(sur, []).append(e)
    for sur, es in by_surname.items():
        if len(es) != 1:
            continue
        for nick in ("老" + sur, "小" + sur):
            if nick in text and nick not in alias_of and dictionary.frequencies().get(nick, 0) < 50:
                alias_of[nick] = es[0]
                es[0].aliases.add(nick)


_NAME_MARKS = re.compile(r"[\s.·・\-]")


def _alias_of_the_one(e: Entity, targets: dict[int, Entity], alias_of: dict[str, Entity]) -> None:
    """``e``'s name is an alias of the organisation ``targets`` holds when it holds exactly one (not ``e``)."""
    if len(targets) == 1:
        (target,) = targets.values()
        if target is not e:
            alias_of[e.name] = target
            target.aliases.add(e.name)


def _bare_prefixes(orgs: list[Entity], alias_of: dict[str, Entity]) -> None:
    """An organisation only the tagger found, with no ending, that begins the
    name of one organisation of the article (某某 of 某某城发集团, 某某精密 of
    某某精密机械制造有限公司), or spells the same name with other marks
    (Acme Corp, Acme.Corp), is that organisation's short form."""
    for e in orgs:
        if (e.name in alias_of or len(e.name) < 2 or _suffixes_gazetteer().ends_with(e.name, len(e.name))
                or not all(m.rule in ("tagger-org", "propagated") for m in e.mentions)):
            continue
        bare = _NAME_MARKS.sub("", e.name)
        targets = {id(t): t for t in (alias_of.get(o.name, o) for o in orgs if o is not e and (
            (o.name.startswith(e.name) and len(o.name) > len(e.name)) or _NAME_MARKS.sub("", o.name) == bare))}
        if len(targets) > 1:
            # 星达 of 星达能建新能源…, 星达能建储能…: the units named after one group's short name (星达能建) are
            # that group's, and so is the bare prefix of them all
            groups = [o for o in orgs if o is not e and any(
                a.startswith(e.name) and all(t is o or t.name.startswith(a) for t in targets.values()) for a in o.aliases)]
            if len(groups) == 1:
                targets = {id(groups[0]): groups[0]}
        _alias_of_the_one(e, targets, alias_of)


def _core_forms(name: str, short_forms: list[str]) -> list[str]:
    """The forms of an organisation's name an abbreviation is cut from: its
    short forms (:func:`org_short_forms`) without a place in front, or the name
    itself when it has none (甲乙航空集团公司 -> 甲乙航空; 省丙丁发展银行 -> itself)."""
    forms = [f for f in short_forms if not _place_prefixes().match_at(f, 0)]
    return forms or ([] if _place_prefixes().match_at(name, 0) else [name])


def _abbreviated_names(orgs: list[Entity], alias_of: dict[str, Entity], short_forms: dict[int, list[str]]) -> None:
    """An organisation named by an abbreviation of exactly one other
    organisation of the article is that organisation: its characters are the
    other name's in order, not one run of it, beginning with the same character
    (甲航 for 甲乙航空集团公司, 省丙发行 for 省丙丁发展银行), with or without a
    place in front (某市甲乙重科 for 甲乙重工科技股份有限公司). An abbreviation
    is never a whole legal name. ``short_forms``: each organisation's
    :func:`org_short_forms`, by ``id``."""
    cores = {id(o): _core_forms(o.name, short_forms[id(o)]) for o in orgs}
    for e in orgs:
        if e.name in alias_of or not 2 <= len(e.name) <= 8 or not all(is_cjk(c) for c in e.name):
            continue
        if any(e.name.endswith(lf) for lf in _legal_forms()):
            continue
        place = place_names().match_at(e.name, 0)
        short = e.name[len(place):] if place else e.name
        if len(short) < 2:
            continue
        targets = {id(t): t for o in orgs if o is not e and len(o.name) > len(e.name)
                   for t in (alias_of.get(o.name, o),)
                   if any(f[0] == short[0] and short not in f and _is_subsequence(short, f) for f in cores[id(o)])}
        # 农发行 for 中国农业发展银行 and its 甘肃省分行: the parent, whose name opens the others'
        parents = [t for t in targets.values() if all(o.name.startswith(t.name) for o in targets.values())]
        _alias_of_the_one(e, {id(parents[0]): parents[0]} if len(targets) > 1 and len(parents) == 1 else targets, alias_of)


# a list of short names: 甲乙、丙丁、戊己等 (items of two to eight characters)
_SHORT_LIST = re.compile(r"(?:[\u4e00-\u9fff]{2,8}、)+[\u4e00-\u9fff]{2,8}?(?=等|和|与|及|[，。；、：,;:])")


def _listed_short_names(text: str, orgs: list[Entity], alias_of: dict[str, Entity],
                        short_forms: dict[int, list[str]]) -> None:
    """Items of a list that names an organisation of the article (by its name
    or a short form) which begin one other organisation's name, or are an
    abbreviation of it (星河、蓝海医疗、绿碳新材等: 蓝海医疗 for 长沙蓝海医疗机器人有限公司)."""
    names = {o.name for o in orgs} | set(alias_of)
    cores: dict[int, list[str]] = {}
    for lst in _SHORT_LIST.finditer(text) if "、" in text else ():
        items = lst.group().split("、")
        if not any(i in names for i in items):
            continue
        if not cores:
            cores = {id(o): _core_forms(o.name, short_forms[id(o)]) for o in orgs}
        for item in items:
            if item in names:
                continue
            targets = {id(t): t for o in orgs for t in (alias_of.get(o.name, o),)
                       if any(f != item and f[0] == item[0] and (f.startswith(item) or _is_subsequence(item, f))
                              for f in cores[id(o)])}
            if len(targets) == 1:
                target = next(iter(targets.values()))
                alias_of[item] = target
                target.aliases.add(item)


# 公司 / 该公司 opening a clause, then (adverbs, a date) a partner or a verb of developing:
# the company the text was about (……；5月，公司又与B签下…; 此外，公司还推出了…)
@lru_cache(maxsize=None)
def _the_company() -> re.Pattern:
    """公司 opening a clause, adverbs or a date, then a partner or a verb of developing (triggers.tsv)."""
    verbs = lexicon.alternation_of(lexicon.triggers()["developed"])
    return re.compile(r"(?:^|(?<=[，,。；;：:\n]))((?:该)?(?:公司|集团|合作社))(?=(?:又|也|还|则|近日|日前|随后|此前|已经|已|再次|正式|同时"
                      rf"|(?:\d{{4}}年)?\d{{1,2}}月(?:\d{{1,2}}日)?)*(?:与|同|跟|牵手|携手|联合|{verbs}))")
_SUBJECT_START = frozenset("，,。；;：:\n")


def _companies_called_the_company(text: str, entities: list[Entity]) -> None:
    """公司 standing for the company named last as a clause's subject, in its
    paragraph or the one before (at most 300 characters before): a mention of
    that company (no alias: 公司 elsewhere is no name); 合作社 for the last
    company so named, within 600 characters."""
    subjects = sorted(((m.start, e) for e in entities if e.type == "Company" for m in e.mentions
                       if m.start == 0 or text[m.start - 1] in _SUBJECT_START), key=lambda p: p[0])
    covered = _Coverage((m.start, m.end) for e in entities for m in e.mentions)
    for d in _the_company().finditer(text):
        s, t = d.span(1)
        if covered.contains(s, t):
            continue
        word = d.group(1).removeprefix("该")
        if word not in ("公司", "集团"):
            # 合作社与B签订…: the last company so named before, wherever it stood (……的某某专业合作社)
            named = [(m.start, e) for e in entities if e.type == "Company" and e.name.endswith(word)
                     for m in e.mentions if m.end <= s and s - m.start <= 600]
            if named:
                e = max(named, key=lambda p: p[0])[1]
                e.mentions.append(Mention(s, t, d.group(1), e.type, "the-company"))
            continue
        k = bisect.bisect_left(subjects, s, key=lambda p: p[0]) - 1
        if k < 0 or text.count("\n", subjects[k][0], s) > 1 or s - subjects[k][0] > 300:
            continue
        e = subjects[k][1]
        e.mentions.append(Mention(s, t, d.group(1), e.type, "the-company"))


_SCHOOL_ENDINGS = ("大学", "学院")


def _our_school(text: str, entities: list[Entity]) -> None:
    """我校, 本校 (self_references.txt) on a school's own page: a mention of the
    university or college it names most (the first named, of equals), not of a
    unit of it (某某大学化学学院); nothing when it names none."""
    words = lexicon.longest_first("self_references.txt")
    if not any(w in text for w in words):
        return
    schools = [e for e in entities if e.type == "Institution" and e.name.endswith(_SCHOOL_ENDINGS)
               and not any(o is not e and e.name.startswith(o.name) and o.name.endswith(_SCHOOL_ENDINGS)
                           for o in entities if o.type == "Institution")]
    if not schools:
        return
    school = max(schools, key=lambda e: (len(e.mentions), -e.first_offset))
    covered = _Coverage((m.start, m.end) for e in entities for m in e.mentions)
    for w in words:
        for k in (m.start() for m in re.finditer(w, text)):
            if not covered.contains(k, k + len(w)):
                school.mentions.append(Mention(k, k + len(w), w, "Institution", "our-school"))


# A的全称是B, A全称B, A（全称B）: B is A's full name
_FULL_NAME_GIVEN = re.compile(r"[（(]?(?:的)?(?:全称|全名)(?:是|为|叫|[:：])?")


def _full_names_given(text: str, orgs: list[Entity], alias_of: dict[str, Entity]) -> None:
    """An organisation whose full name the article gives right after it
    (星河新材全称江苏星河新材料股份有限公司) is that organisation."""
    starts = {m.start: e for e in orgs for m in e.mentions}
    for e in orgs:
        if e.name in alias_of:
            continue
        for m in e.mentions:
            given = _FULL_NAME_GIVEN.match(text, m.end)
            full = starts.get(given.end()) if given and given.end() > m.end else None
            if full is not None and full is not e and full.type == e.type and len(full.name) > len(e.name):
                alias_of[e.name] = full
                full.aliases.add(e.name)
                break


def _bracketed_name(part: str, start: int, e: Entity, orgs: list[Entity], by_key: dict, alias_of: dict[str, Entity]) -> None:
    """The organisation found in a bracket right after ``e``'s name, at
    ``start``, is ``e`` (英伟达公司（NVIDIA）, 某某传动有限公司（Acme
    Antriebstechnik GmbH）: the found name may stop short of the legal form)."""
    other = by_key.get(("Company", part)) or by_key.get(("Institution", part))
    if other is not None and other is not e and part not in alias_of:
        alias_of[part] = e
        e.aliases.add(part)
        return
    if _LATIN_FIRM_NAME.fullmatch(part):
        e.aliases.add(part)  # 北星能源（Nordstar Energi）: the firm's Latin name
    for o in orgs:
        if (o is not e and o.name not in alias_of and len(o.name) >= 2 and part.startswith(o.name)
                and any(om.start == start for om in o.mentions)):
            alias_of[o.name] = e
            e.aliases.add(o.name)


_LATIN_FIRM_NAME = re.compile(r"[A-Z][A-Za-z0-9&.'\- ]{2,60}")
# the longest bracket after a name read for its aliases, and what separates its parts
BRACKET_MAX = 60
_BRACKET_PARTS = re.compile(r"[，,；;]\s*")
# a short name the article defines: （以下简称“X”）, (下称X), （简称X）
_DEFINED_SHORT = re.compile(r"(?:以下|下文|下)?(?:简称|称)[为:：]?[“\"]?([^“”\"，,；;、（）()]+)[”\"]?")


def _drop_bracketed_repeats(text: str, entities) -> None:
    """英伟达公司（NVIDIA）, 远山矿业公司（下称“远山股份”）: the bracketed name is an
    alias, not a second mention standing between the organisation and what
    follows it."""
    for e in entities:
        if e.type not in ORG_TYPES or len(e.mentions) < 2:
            continue
        groups = []  # the bracket groups right after a mention: （NVIDIA）, （下称“远山股份”）
        for m in e.mentions:
            if text[m.end:m.end + 1] in ("（", "("):
                close = min((k for k in (text.find("）", m.end, m.end + BRACKET_MAX), text.find(")", m.end, m.end + BRACKET_MAX)) if k > 0),
                            default=-1)
                if close > 0:
                    groups.append((m.end, close))
        e.mentions[:] = [m for m in e.mentions if not any(a < m.start and m.end <= b for a, b in groups)]


_THAT_PRIZE = re.compile(r"^该(?:奖项|奖)(.{2,6})$")


def _grades_of_that_prize(by_key: dict[tuple[str, str], Entity]) -> None:
    """该奖项一等奖: the grade of the prize named last before it whose name ends
    with that grade (某某科学技术进步奖一等奖), a mention of it (no alias)."""
    awards = [e for e in by_key.values() if e.type == "Award"]
    for e in awards:
        m = _THAT_PRIZE.match(e.name)
        if not m:
            continue
        before = [o for o in awards if o is not e and o.name.endswith(m.group(1)) and len(o.name) > len(m.group(1))
                  and o.first_offset < e.first_offset and (o.type, o.name) in by_key]
        if before:
            keep = max(before, key=lambda o: o.first_offset)
            keep.mentions.extend(Mention(x.start, x.end, x.text, keep.type, x.rule) for x in e.mentions)
            del by_key[(e.type, e.name)]


def _fold(by_key: dict[tuple[str, str], Entity], keep: Entity, fold: Entity) -> None:
    """``fold`` is ``keep`` under another name: its mentions, its name and its
    aliases go to ``keep``, and it leaves ``by_key``."""
    keep.mentions.extend(fold.mentions)
    keep.aliases.add(fold.name)
    keep.aliases.update(fold.aliases)
    del by_key[(fold.type, fold.name)]


_QUOTED_NAME = re.compile(r"“([^“”]{2,8})”")


def _merge_same_quoted_name(by_key: dict[tuple[str, str], Entity]) -> None:
    """One achievement for one quoted name, whatever kind the article gives
    it each time (“北斗七号”智能系统, “北斗七号”高性能智能系统, 北斗七号): the
    bare name when the article uses it alone, else the name it uses most (the
    longest among equals), is kept; the others and the bare name become aliases."""
    groups: dict[str, list[Entity]] = {}
    for e in by_key.values():
        if e.type != "Achievement":
            continue
        m = _QUOTED_NAME.match(e.name)
        bare = m.group(1) if m else e.name
        groups.setdefault(bare, []).append(e)
    for bare, es in groups.items():
        if len(es) < 2 or not any(e.name.startswith("“") for e in es):
            continue
        keep = next((e for e in es if e.name == bare), None) or max(es, key=lambda e: (len(e.mentions), len(e.name)))
        for e in es:
            if e is not keep and ("Achievement", e.name) in by_key:
                _fold(by_key, keep, e)
        keep.aliases.add(bare)


def _merge_head_offices(by_key: dict[tuple[str, str], Entity], alias_of: dict[str, Entity]) -> None:
    """某某银行总行 is 某某银行 (its short form or full name in the article):
    one entity, the head office's name an alias."""
    for e in [e for e in by_key.values() if e.type in ORG_TYPES and e.name.endswith(lexicon.longest_first("head_office_words.txt"))]:
        base = next(e.name[: -len(h)] for h in lexicon.longest_first("head_office_words.txt") if e.name.endswith(h))
        target = alias_of.get(base) or by_key.get((e.type, base))
        if target is not None and target is not e and (e.type, e.name) in by_key and target.type == e.type:
            _fold(by_key, target, e)


def _merge_tails(by_key: dict[tuple[str, str], Entity]) -> None:
    """An organisation named by the tail of exactly one longer name in the
    article is that organisation (科创中心 after 浙江大学杭州国际科创中心,
    物理学院 after 北京大学物理学院); the tail becomes an alias."""
    orgs = [e for e in by_key.values() if e.type in ORG_TYPES]
    by_tail: dict[str, list[Entity]] = {}
    for e in orgs:
        for k in range(1, len(e.name) - 3):
            by_tail.setdefault(e.name[k:], []).append(e)
    for small in orgs:
        if len(small.name) < 4 or (small.type, small.name) not in by_key:
            continue
        longer = [e for e in by_tail.get(small.name, ()) if (e.type, e.name) in by_key]
        if len(longer) == 1 and longer[0].type == small.type:
            _fold(by_key, longer[0], small)


@lru_cache(maxsize=1)
def _latin_variant() -> re.Pattern:
    """What makes another model of a product named in Latin letters: StarLens X3 + " Pro",
    星河S7 + " Ultra四驱版" (an edition)."""
    v = lexicon.alternation("product_variant_words.txt")
    return re.compile(rf"\s?(?:(?:{v}|[0-9]+[A-Za-z]?)(?:\s?(?:{v}))?)?(?:[\u4e00-\u9fff]{{0,3}}版)?")


def _merge_contained(by_key: dict[tuple[str, str], Entity], type_: str) -> None:
    """One entity for names of the same thing where one contains the other
    (中关村…建设方案 / 中关村…建设方案（2024—2027年））. The longer name is kept
    as the label, the shorter as an alias."""
    ents = sorted((e for e in by_key.values() if e.type == type_), key=lambda e: -len(e.name))
    for i, big in enumerate(ents):
        for small in ents[i + 1:]:
            if (small.type, small.name) not in by_key or (big.type, big.name) not in by_key:
                continue
            if len(small.name) >= 4 and small.name in big.name and not _latin_variant().fullmatch(big.name.replace(small.name, "", 1)):
                _fold(by_key, big, small)  # (but StarLens X3 Pro is a model of its own beside StarLens X3)


class _Coverage:
    """Spans, asked whether one of them contains [s, e) in O(log n)."""

    def __init__(self, spans):
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(itertools.accumulate((b for _, b in ordered), max))  # furthest end so far

    def contains(self, s: int, e: int) -> bool:
        k = bisect.bisect_right(self.starts, s)
        return k > 0 and self.reach[k - 1] >= e


def entity_at(mentions_index: dict[int, Entity], pos: int) -> Entity | None:
    return mentions_index.get(pos)


_ORDINAL = re.compile(r"^(?:\d{4}年?|第[一二三四五六七八九十百零〇\d]+届)")


def competitions(doc: Document) -> list[tuple[int, str]]:
    """Named competitions in the text, as (offset, name): 第七届中国国际前沿科技大赛."""
    from .mentions.organisations import left_edge

    out = []
    text = doc.text
    for suf in lexicon.longest_first("competition_endings.txt"):
        start = 0
        while True:
            k = text.find(suf, start)
            if k < 0:
                break
            start = k + 1
            line_start = text.rfind("\n", 0, k) + 1
            sent_start = max(line_start, max(text.rfind(c, 0, k) for c in "。！？；，") + 1)
            piece = text[sent_start:k + len(suf)]
            left = left_edge(piece, len(piece) - len(suf))
            # keep an ordinal (第七届) that the token walk stopped at
            m = re.search(r"(第[一二三四五六七八九十百零〇\d]+届|\d{4}年?)$", piece[:left])
            if m:
                left = m.start()
            name = piece[left:]
            follower = text[k + len(suf):k + len(suf) + 1]
            if follower and follower in "区场事道制程项组":
                continue  # 赛区, 赛场: not the competition's name
            if len(name) - len(suf) >= 2 and "“" not in name and "”" not in name:
                for c in lexicon.longest_first("ceremony_endings.txt"):
                    if name.endswith(c) and name[: -len(c)].endswith("奖"):
                        name = name[: -len(c)]  # 江苏省科学技术奖颁奖大会: the prize is 江苏省科学技术奖
                        break
                out.append((sent_start + left, name))
    return sorted(set(out))


def _merge_event_prefixed_awards(by_key: dict[tuple[str, str], Entity]) -> None:
    """某某博览会最佳组织奖 beside 最佳组织奖 in one article: the event's prize
    named with and without its event, one award (the longer name an alias);
    第七届某某大奖 beside 某某大奖: one award, named with its edition. A prize
    named after an event's word alone (大会优秀论文一等奖) also goes by its name
    without it."""
    awards = {e.name: e for e in by_key.values() if e.type == "Award"}
    for e in awards.values():
        event = next((w for w in lexicon.longest_first("event_nouns.txt") if e.name.startswith(w)), "")
        if event and len(e.name) - len(event) >= 4:
            e.aliases.add(e.name[len(event):])
    for name, e in list(awards.items()):
        for other, target in awards.items():
            prefix = name[: len(name) - len(other)]
            if target is e or not name.endswith(other) or ("Award", name) not in by_key \
                    or ("Award", other) not in by_key:
                continue
            if len(prefix) >= 2 and all(is_cjk(c) for c in prefix) and prefix.endswith(("会", "赛", "展", "节", *lexicon.longest_first("competition_endings.txt"))):
                keep, fold = target, e  # 某某博览会最佳组织奖 -> 最佳组织奖
            elif _ORDINAL.fullmatch(prefix):
                keep, fold = e, target  # 星河工业奖 -> 第五届星河工业奖: the edition named
            else:
                continue
            _fold(by_key, keep, fold)
            break


def award_aliases(doc: Document, entities: list[Entity]) -> None:
    """Qualify rankings by their competition: 总冠军 -> 第七届中国国际前沿科技大赛总冠军."""
    comps = competitions(doc)
    if not comps:
        return
    for e in entities:
        if e.type != "Award" or not e.mentions:
            continue
        pos = e.mentions[0].start
        before = [c for c in comps if c[0] < pos]
        if not before:
            continue
        comp = before[-1][1]
        if e.name.startswith(comp):
            continue
        e.aliases.add(comp + e.name)
        bare = _ORDINAL.sub("", comp)
        if bare != comp and len(bare) >= 4:
            e.aliases.add(bare + e.name)
