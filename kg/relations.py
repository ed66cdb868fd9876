"""Relations between entities, each with the sentence it was read from.

* ``won``: agents before a verb of winning (获得, 荣获, 分获…), awards after it,
  clause by clause, with lists (A、B分获亚军) and subjects carried over
  (A获得总冠军，并赢得百万奖金).
* ``signedWith``: ``A与B签约/签署…``, ``…项目落户B``, and ``双方…签约`` with the
  two parties of the preceding sentences.
* ``developed``: the agent before a verb of developing (研制, 推出, 攻克…) and
  the achievement after it (also ``X推出的Y``); a team or pronoun subject
  (研发团队, 该公司) goes back to the last organisation named.
* ``worksFor``: organisation + title + person (北京燃力能源科技有限公司总经理
  李国文), with the title as the role.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from . import lexicon
from .mentions.common import division_names, foreign_countries, place_names
from .model import Entity, Evidence, Mention, Relation, Sentence

AGENTS = ("Person", "Company", "Institution")
ORGS = ("Company", "Institution")
PARTIES = ("Company", "Institution", "District")


class MentionIndex:
    """Mentions in text order with their entities, for span look-ups."""

    def __init__(self, entities: list[Entity]):
        pairs = sorted(((m, e) for e in entities for m in e.mentions), key=lambda p: (p[0].start, -p[0].length))
        self.mentions = [p[0] for p in pairs]
        self.entity = {id(m): e for m, e in pairs}
        self.starts = [m.start for m in self.mentions]

    def between(self, start: int, end: int, types: tuple[str, ...] | None = None) -> list[tuple[Mention, Entity]]:
        i = bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= end and (types is None or m.type in types):
                out.append((m, self.entity[id(m)]))
            i += 1
        return _outermost(out)


def _outermost(pairs: list[tuple[Mention, Entity]]) -> list[tuple[Mention, Entity]]:
    out: list[tuple[Mention, Entity]] = []
    for m, e in pairs:
        if out and out[-1][0].start <= m.start and m.end <= out[-1][0].end:
            continue
        out.append((m, e))
    return out


def _sentence_at(sentences: list[Sentence], starts: list[int], pos: int) -> Sentence:
    """The sentence holding ``pos`` (``starts``: the sentences' starts, for bisection)."""
    return sentences[max(0, bisect_left(starts, pos + 1) - 1)]


def _evidence(sent: Sentence) -> Evidence:
    return Evidence(sent.start, sent.end, sent.text)


def _clauses(sent: Sentence, seps: str = "；;") -> list[tuple[int, int]]:
    """Absolute spans of the sentence's clauses."""
    out = []
    start = sent.start
    for i, ch in enumerate(sent.text):
        if ch in seps:
            out.append((start, sent.start + i))
            start = sent.start + i + 1
    out.append((start, sent.end))
    return out


def _trigger_positions(text: str, words: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Non-overlapping trigger occurrences, longest first."""
    found: list[tuple[int, int, str]] = []
    if lexicon.any_of(words).search(text) is None:
        return found  # most sentences: one search instead of a find per word
    for w in words:
        k = text.find(w)
        while k >= 0:
            e = k + len(w)
            if not any(s < e and k < t for s, t, _ in found):
                found.append((k, e, w))
            k = text.find(w, k + 1)
    return sorted(found)


# 达成长期供货协议: 达成 and the agreement, a few words apart (达成…合作 alone is cooperation, not a signing)
_REACHED = re.compile(r"达成[^，。；、“”]{0,12}?协议")


def _with_reached(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The trigger occurrences of a sentence and 达成…协议 (one trigger, from 达成)."""
    if "达成" not in text:
        return found
    extra = [(m.start(), m.start() + 2, "达成") for m in _REACHED.finditer(text)
             if not any(s <= m.start() < e for s, e, _ in found)]
    return sorted(found + extra)


# ---------------------------------------------------------------------------

_OBJECT_MARK = re.compile("[被为是向对给把]")


# winners counted before a verb of winning: 另有1人获, 12家单位分获
_COUNTED_WINNERS = re.compile(r"(?:\d+|[一二三四五六七八九十两百]+)(?:余|多)?(?:人|名|家|位|项|个|支)[^，。；]{0,4}$")


def _winning_verbs(seg: str, verbs: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """The verbs of winning in ``seg`` that are not part of a word meaning
    something else (获悉, 获取, 收获: not_winning_words.txt) and do not modify
    a noun (获奖名单, 获奖项目包括…: award_attributive_nouns.txt)."""
    found = _trigger_positions(seg, verbs)
    if not found:
        return found
    nouns = lexicon.longest_first("award_attributive_nouns.txt")
    other = lexicon.longest_first("not_winning_words.txt")
    return [t for t in found if not seg.startswith(nouns, t[1])
            and not any(seg.startswith(w, k) and k + len(w) > t[0] for k in range(max(0, t[0] - 3), t[0] + 1)
                        for w in other)]


def won_relations(text: str, sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    out: list[Relation] = []
    verbs = lexicon.triggers()["won"]
    won_here = lexicon.any_of(verbs)
    for sent in sentences:
        if not won_here.search(sent.text):
            continue
        carried: list[Entity] = []
        for cs, ce in _clauses(sent, "；;。"):
            sub_clauses = _clauses(Sentence(cs, ce, text[cs:ce], 0), "，,")
            for ss, se in sub_clauses:
                seg = text[ss:se]
                trig = _winning_verbs(seg, verbs)
                if not trig:
                    # the subject a later clause may share: not an agent after 被/为/是/向…
                    # (被遴选为农业部主推技术，……荣获…: 农业部 did not win)
                    subj = [e for m, e in index.between(ss, se, AGENTS) if not _OBJECT_MARK.search(text, ss, m.start)]
                    if subj:
                        carried = subj
                    continue
                v_start, v_end, _ = trig[0]
                subj = [e for _, e in index.between(ss, ss + v_start, AGENTS)]
                subj = _last_group(text, index, ss, ss + v_start) or subj
                if not subj and _COUNTED_WINNERS.search(seg, 0, v_start):
                    continue  # 另有1人获某某奖: winners counted, not named (not the subject before)
                if not subj:
                    subj = carried
                awards = [e for _, e in index.between(ss + v_end, se, ("Award",))]
                respectively = "分" in seg[max(0, v_start - 2):v_end]  # 分获, 分别获得
                if respectively and len(subj) == len(awards) > 1:
                    # A和B分获第二名和第三名: one prize each, in order
                    for s, a in zip(subj, awards):
                        out.append(Relation("won", s.key, a.key, _evidence(sent), "won-respectively"))
                    if subj:
                        carried = subj
                    continue
                for s in subj:
                    for a in awards:
                        out.append(Relation("won", s.key, a.key, _evidence(sent), "won-verb"))
                if subj:
                    carried = subj
    return out


# between two agents of one list, each maybe followed by the title of its
# work: A、B和C / 浙江大学《…》、北京理工大学《…》和…
_GROUP_GAP = re.compile(r"(?:《[^《》]{1,40}》)?(?:、|和|与|及|以及|，|,)")


def _last_group(text: str, index: MentionIndex, start: int, end: int) -> list[Entity]:
    """The agents listed just before ``end`` (A、B和C), nearest first group only."""
    pairs = index.between(start, end, AGENTS)
    if not pairs:
        return []
    group = [pairs[-1]]
    for m, e in reversed(pairs[:-1]):
        gap = text[m.end:group[0][0].start]
        if _GROUP_GAP.fullmatch(gap):
            group.insert(0, (m, e))
        else:
            break
    # prefer organisations when a person's organisation is also there
    return [e for _, e in group]


# ---------------------------------------------------------------------------

SIGN_PAIR = re.compile(r"(与|和|同|跟)")
# between two parties: 与, or an adverb and 与 (A、B分别与C签订…)
# 英伟达公司（NVIDIA）与…, A也已同B…, A（下简称“A”）、与B…
# 宁德时代……公告称，公司与B签署: the company named before, standing for itself as 公司
_DEICTIC_GAP = re.compile(r"[^。；;]{0,60}?[，,：:](?:该)?(?:公司|集团)(?:与|和|同|跟)")
# a clause that goes on with the same subject: ，随后又与B…
_CARRIED_PAIR = re.compile(r"[^，,；;。]{0,12}?[，,；;]\s*(?:随后|随即|之后|此后|同时|又|还|并|也|再|另)*(?:与|和|同|跟)")
# A、B等7个项目现场与C: a list closed by 等 and what it counts
_PAIR_GAP = re.compile(r"(?:[（(][^（）()]{1,30}[）)])?(?:等[^，,。；;、与和同跟]{0,10}?)?、?(?:分别|共同|正式|同时|还|也|就|又|已经|已|将|均|都|日前|近日|[昨今当]天|[昨今当]日"
                       r"|再次|首次|此前|曾经|曾|先后|近期|于|宣布|表示|称|(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日)*(?:与|和|同|跟)")
# 与5家企业, 同十余家单位: partners counted, then named after 包括 / 分别是
_COUNTED_PARTNERS = re.compile(r"(?:与|和|同)(?:\d+|[一二三四五六七八九十两几]+)[余多]?(?:家|个)[^，。；]{0,6}?(?:企业|公司|单位|机构|集团|银行|高校)")
_LISTED = re.compile(r"(?:包括|分别是|分别为|其中有|涉及)[：:]?")
# the party is the unit named after its parent: A与B旗下的C签约, B全资子公司C
_UNIT_OF = re.compile(r"(?:(?:旗下|下属|所属)的?(?:(?:全资|控股)?子公司)?|(?:全资|控股)?子公司)的?")  # 旗下子公司 too
# the verb's clause has the two sides as its subject: A与B……，双方已签署…
_BOTH_SIDES_CLAUSE = re.compile(r"(?:双方|两家|两者)[^，,；;：:]*$")
# every party of the list signed with every other: 三方签署…
_ALL_SIDES = re.compile(r"[三四五六七八九十多各]方")
_ADVERBS_ONLY = re.compile(r"(?:正式|成功|日前|近日|已经|已|再次|首次|将|(?:\d{1,2}月)?\d{1,2}日)*")
_LIST_GAP = re.compile(r"、|和|及|以及")


# where or when the parties met, between them: A在杭州市萧山区与B…, A在拓展海南市场时就同B…
_OCCASION = re.compile(r"在[^，,。；;、与和同跟]{1,14}?(?:时|期间|之际|之时|前夕)")
_AT = re.compile("[在于]")
_CLAUSE_BREAK = re.compile("[，,；;：:]")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")


def _clause_break(text: str, start: int, end: int) -> bool:
    """Whether a clause ends between ``start`` and ``end``, outside brackets
    (B（Acme GmbH，下称“艾克美”）签订…: the comma is inside the name's bracket).

    >>> _clause_break("B（Acme GmbH，下称“艾克美”）签订", 1, 22), _clause_break("B，并签订", 1, 5)
    (False, True)
    """
    return _CLAUSE_BREAK.search(_BRACKETED.sub(lambda m: "#" * len(m.group()), text[start:end])) is not None
# ，代表集团与: a clause on behalf of a parent, its subject the sentence's
_ON_BEHALF = re.compile(r"[，,]代表[^，,。；;与和同跟]{1,10}(?:与|和|同|跟)")


def _without_venues(sent: Sentence, parties: list[tuple[Mention, Entity]],
                    text: str) -> tuple[list[tuple[Mention, Entity]], list[tuple[int, int]]]:
    """The parties before a verb of signing without the places where, or the
    occasion when, they met (A在杭州市萧山区与B签约: 萧山区 is no party), and
    the spans of those phrases, which :func:`_gap` reads as blank.

    >>> t = "甲公司在萧山区与乙公司签约。"
    >>> ps = [(Mention(s, e, t[s:e], k, "x"), Entity(k + ":" + t[s:e], k, t[s:e])) for s, e, k in ((0, 3, "Company"), (4, 7, "District"), (8, 11, "Company"))]
    >>> kept, spans = _without_venues(Sentence(0, len(t), t, 0), ps, t)
    >>> [m.text for m, _ in kept], _gap(t, 3, 8, spans)
    (['甲公司', '乙公司'], '与')
    """
    st = sent.text
    spans = [(sent.start + o.start(), sent.start + o.end()) for o in _OCCASION.finditer(st)]
    places = place_names()
    for at in _AT.finditer(st):
        e = at.end()
        while (w := places.match_at(st, e)) is not None:
            e += len(w)  # 在杭州市萧山区: the places named in a row
        if e > at.end() and st[e:e + 1] in ("与", "和", "同", "跟"):
            spans.append((sent.start + at.start(), sent.start + e))
    kept = [(m, e) for m, e in parties
            if not (m.type == "District" and any(a <= m.start and m.end <= b for a, b in spans))]
    for m, _ in kept:
        if m.type == "District":
            outer = division_names().ends_with(text, m.start, max(0, m.start - 12))
            if outer:
                spans.append((m.start - len(outer), m.start))  # 与嘉兴市南湖区: where the district is
            continue
        described = _described_foreign().search(text, max(0, m.start - 16), m.start)
        if described:
            spans.append((described.start(), m.start))  # 与意大利某某集团, 与墨西哥零售商Acme: where the party is, what it is
    return kept, spans


@lru_cache(maxsize=None)
def _described_foreign() -> re.Pattern:
    """A foreign country and a short description of a party, right before it (意大利, 墨西哥零售商)."""
    return re.compile(rf"(?:{foreign_countries()})[^\s，。；、与和同跟及]{{0,6}}$")


def _gap(text: str, start: int, end: int, blank: list[tuple[int, int]]) -> str:
    """``text[start:end]`` without the ``blank`` spans in it, stripped."""
    piece = text[start:end]
    for a, b in sorted(blank, reverse=True):
        if start <= a and b <= end:
            piece = piece[:a - start] + piece[b - start:]
    return piece.strip()


def signed_relations(text: str, sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    out: list[Relation] = []
    verbs = lexicon.triggers()["signedWith"]
    for si, sent in enumerate(sentences):
        trig = _with_reached(sent.text, _trigger_positions(sent.text, verbs))
        if not trig:
            continue
        t0 = sent.start + trig[0][0]
        found = False
        # A与B … 签约, in each clause that has its own verb (…签署…；C、D分别与E签订…)
        lo = sent.start
        prev_left: list[Entity] = []  # the left side of the last pair, for a clause that goes on with 与B…
        for k0, k1, verb in trig:
            seg = lo
            parties, blank = _without_venues(sent, index.between(lo, sent.start + k0, PARTIES), text)
            lo = sent.start + k1
            carry = _CARRIED_PAIR.match(text, seg, sent.start + k0)
            if prev_left and parties and carry and parties[0][0].start == carry.end() and (
                    len(parties) == 1 or not _PAIR_GAP.fullmatch(_gap(text, parties[0][0].end, parties[1][0].start, blank))):
                # X与A签下…，随后又与B签约…: X signed with B too
                for a in prev_left:
                    if a.key != parties[0][1].key:
                        out.append(Relation("signedWith", a.key, parties[0][1].key, _evidence(sent), "A-with-B"))
                        found = True
                continue
            for i in range(len(parties) - 1):
                gap = _gap(text, parties[i][0].end, parties[i + 1][0].start, blank)
                if not _PAIR_GAP.fullmatch(gap) and not (parties[i][1].type == "Company" and _DEICTIC_GAP.fullmatch(gap)):
                    continue
                brk = _clause_break(text, parties[i + 1][0].end, sent.start + k0)
                if brk and not _BOTH_SIDES_CLAUSE.search(text[parties[i + 1][0].end:sent.start + k0]):
                    continue  # 武汉和黄石地缘相近，……，携手画好…: the pair is not the subject of the verb's clause
                if verb in lexicon.words("settling_verbs.txt") and parties[i][1].type == parties[i + 1][1].type == "District":
                    continue  # 引进到黄石和阳新落户: two places things settle in, not two parties
                # the left party may be a list (A、B与C), and so may the right one (A与B、C等8家企业签署…)
                left = [parties[i][1]]
                j = i
                while j > 0 and _gap(text, parties[j - 1][0].end, parties[j][0].start, blank) == "、":
                    if j >= 2 and _PAIR_GAP.fullmatch(_gap(text, parties[j - 2][0].end, parties[j - 1][0].start, blank)):
                        break  # A与B、C与D: B is the other side of the pair before, not one of C's side
                    j -= 1
                    left.append(parties[j][1])
                j = i + 1
                while j + 1 < len(parties) and _UNIT_OF.fullmatch(
                        _BRACKETED.sub("", _gap(text, parties[j][0].end, parties[j + 1][0].start, blank))):
                    j += 1  # 与B旗下的C, 与B（B Group）旗下子公司C: C signed
                right = [parties[j][1]]
                while j + 1 < len(parties) and _LIST_GAP.fullmatch(_gap(text, parties[j][0].end, parties[j + 1][0].start, blank)):
                    if j + 2 < len(parties) and _PAIR_GAP.fullmatch(_gap(text, parties[j + 1][0].end, parties[j + 2][0].start, blank)):
                        break  # A与B、C与D: C begins a pair of its own
                    j += 1
                    right.append(parties[j][1])
                pairs_signed = [(a, b) for a in left for b in right]
                if "分别" in _gap(text, parties[i][0].end, parties[i + 1][0].start, blank) and len(left) == len(right) > 1:
                    pairs_signed = list(zip(reversed(left), right))  # A、B分别与C、D签署: A with C, B with D
                if _ALL_SIDES.search(sent.text) and len(left) + len(right) > 2:
                    sides = left + right  # A与B、C签署…，三方…: each with each
                    pairs_signed = [(a, b) for x, a in enumerate(sides) for b in sides[x + 1:]]
                for a, b in pairs_signed:
                    if a.key != b.key:
                        out.append(Relation("signedWith", a.key, b.key, _evidence(sent), "A-with-B"))
                        found = True
                prev_left = left
        if not found:
            # A作为某集团全资子公司，代表集团与B签署…: the sentence's subject acts for its parent
            rep = _ON_BEHALF.search(text, sent.start, t0)
            if rep:
                subject = index.between(sent.start, rep.start(), PARTIES)
                partner = index.between(rep.end(), t0, PARTIES)
                if subject and partner and partner[0][0].start == rep.end() and subject[0][1].key != partner[0][1].key:
                    out.append(Relation("signedWith", subject[0][1].key, partner[0][1].key, _evidence(sent), "on-behalf"))
                    found = True
        if not found:
            # A与5家企业签约，包括B、C: the counted partners, listed after 包括 in the sentence
            cm = _COUNTED_PARTNERS.search(sent.text)
            lm = _LISTED.search(sent.text, cm.end()) if cm else None
            if cm and lm:
                head = index.between(sent.start, sent.start + cm.start(), PARTIES)
                listed = index.between(sent.start + lm.end(), sent.end, PARTIES)
                if head and head[-1][0].end == sent.start + cm.start() and listed:
                    for _, e in listed:
                        if e.key != head[-1][1].key:
                            out.append(Relation("signedWith", head[-1][1].key, e.key, _evidence(sent), "counted-partners"))
                            found = True
        if not found:
            # A签约B / A牵手B: the parties on both sides of the verb, nothing but adverbs between
            for k0, k1, verb in trig:
                if verb not in lexicon.words("direct_signing_verbs.txt"):
                    continue
                before = index.between(sent.start, sent.start + k0, PARTIES)
                after = index.between(sent.start + k1, sent.end, PARTIES)
                if (before and after and after[0][0].start == sent.start + k1
                        and _ADVERBS_ONLY.fullmatch(text[before[-1][0].end:sent.start + k0])
                        and before[-1][1].key != after[0][1].key):
                    out.append(Relation("signedWith", before[-1][1].key, after[0][1].key, _evidence(sent), "A-verb-B"))
                    found = True
                    break
        if not found:
            # a person representing an organisation: 金叶集团…袁汉源与兴业银行…蔡斌…签署
            persons = index.between(sent.start, t0, ("Person",))
            for (m1, _), (m2, _) in zip(persons, persons[1:]):
                gap_text = text[m1.end:m2.start]
                if re.match(r"^(与|和|同|跟)", gap_text):
                    left = index.between(sent.start, m1.start, PARTIES)  # a district too: 某市市长王伟与…
                    right = index.between(m1.end, m2.start, PARTIES)
                    if left and right and left[-1][1].key != right[0][1].key:
                        out.append(Relation("signedWith", left[-1][1].key, right[0][1].key, _evidence(sent), "persons-represent"))
                        found = True
                        break
        if not found:
            # …项目落户B / 签约落地B: a company of the sentence and the district
            lm = re.search(r"(落户|落地|签约落户)", sent.text)
            if lm:
                after = index.between(sent.start + lm.end(), sent.end, ("District",))
                before = index.between(sent.start, sent.start + lm.start(), ORGS)
                if after and before:
                    k = 0
                    while k + 1 < len(after) and after[k + 1][0].start == after[k][0].end:
                        k += 1  # 落户徐州市铜山区: the most specific of the divisions named in a row
                    out.append(Relation("signedWith", before[-1][1].key, after[k][1].key, _evidence(sent), "settles-in"))
                    found = True
        before = sent.text[: trig[0][0]]
        if not found and re.search(r"双方(举行|签署|签订|签约|正式|共同|在|于|就|达成)[^，。；]*$", before) and not SIGN_PAIR.search(before):
            pair = _two_sides(sentences, si, index)
            if pair:
                out.append(Relation("signedWith", pair[0].key, pair[1].key, _evidence(sent), "both-sides"))
    return out


def _two_sides(sentences: list[Sentence], si: int, index: MentionIndex) -> tuple[Entity, Entity] | None:
    """The company and the district/institution the preceding sentences are about."""
    counts: dict[str, int] = {}
    ents: dict[str, Entity] = {}
    for sent in sentences[max(0, si - 2): si + 1]:
        for m, e in index.between(sent.start, sent.end, PARTIES):
            counts[e.key] = counts.get(e.key, 0) + 1
            ents[e.key] = e
    companies = sorted((k for k in counts if ents[k].type == "Company"), key=lambda k: -counts[k])
    from .mentions.districts import division_level

    others = sorted((k for k in counts if ents[k].type == "District" and division_level(ents[k].name) != "province"),
                    key=lambda k: -counts[k])
    if not others:
        others = sorted((k for k in counts if ents[k].type == "Institution"), key=lambda k: -counts[k])
    if companies and others:
        return ents[companies[0]], ents[others[0]]
    return None


# ---------------------------------------------------------------------------

def _team_words() -> str:
    """The words for a research group (王伟教授团队, 某某课题组) as a regex alternation."""
    return lexicon.alternation("team_words.txt")


# words standing for the organisation in context
_PRONOUNS = ("该公司", "该院", "该所", "该校", "他们", "其")


@lru_cache(maxsize=None)
def _team() -> re.Pattern:
    """A group or a word standing for the organisation in context."""
    return re.compile(rf"({_team_words()}|{'|'.join(_PRONOUNS)})")


def _this_organisation(text: str, index: MentionIndex, pos: int) -> Entity | None:
    """The organisation ``该所`` / ``该院`` / ``该校`` / ``该公司`` right before ``pos`` refers to:
    the last one named before it whose name ends the same way."""
    m = re.search(r"该(公司|集团|研究院|研究所|实验室|中心|基地|所|院|校|局|委)$", text[max(0, pos - 5):pos])
    if not m:
        return None
    endings = ("大学", "学院", "学校") if m.group(1) == "校" else (m.group(1),)
    orgs = index.between(max(0, pos - 600), pos - len(m.group()), ORGS)
    for _, e in reversed(orgs):
        if e.name.endswith(endings):
            return e
    return None


def developed_relations(text: str, sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    from .mentions.achievements import verb_occurrences

    out: list[Relation] = []
    trig = lexicon.triggers()
    verbs = trig["developed"] + trig.get("developed-weak", ())
    last_org: Entity | None = None
    last_para = -10
    for sent in sentences:
        if sent.paragraph - last_para > 2:
            last_org = None
        last_para = sent.paragraph
        achievements = index.between(sent.start, sent.end, ("Achievement",))
        earlier = _earlier_work(text, sent, index) if not achievements else None
        for t_start, t_end, _ in verb_occurrences(sent.text, verbs) if achievements or earlier else ():
            v0, v1 = sent.start + t_start, sent.start + t_end
            objs = [(m, e) for m, e in achievements if v1 <= m.start and _same_clause(text, v1, m.start, 2)]
            made_by = _MADE_BY_BEFORE.search(text, sent.start, v0)
            passive = [(m, e) for m, e in achievements if made_by and m.end == made_by.start()]
            if passive:
                objs = passive  # 某某平台由X自主开发，…: the work before 由, not what follows the verb
            if not objs and earlier and earlier[0] < v0:
                objs = [earlier[1]]  # 这款芯片由X研制: the work named just before
            if not objs:
                continue
            before = index.between(sent.start, v0, AGENTS)
            orgs = [(m, e) for m, e in before if e.type in ORGS]
            subj = orgs[-1][1] if orgs else (before[-1][1] if before else None)
            partners = _coordinated(text, orgs)
            # 由X研制: the agent follows 由
            by = re.search(r"由([^，。]{2,30}?)(自主)?$", text[sent.start:v0])
            if by:
                by_orgs = index.between(sent.start + by.start(1), v0, ORGS)
                if by_orgs:
                    subj = by_orgs[-1][1]
            # 研发团队 / 该公司 nearer the verb than any named agent: the organisation in context
            last_named_end = before[-1][0].end if before else sent.start
            team = _team().search(text[last_named_end:v0])
            if team and team.group(1) in _PRONOUNS and orgs:
                subj = orgs[-1][1]  # 星河智联将以其自主研发的…: 其 is the organisation named before it in the sentence
            elif team and last_org is not None and not _titles_only(text[last_named_end:last_named_end + team.start()]):
                subj = last_org
            elif before and before[-1][1].type == "Person":
                # 欧阳明高院士团队研发: the team of a person named with their organisation
                pm, pe = before[-1]
                org_before = [(m, e) for m, e in orgs if m.end <= pm.start]
                this_org = _this_organisation(text, index, pm.start)
                if org_before and org_before[-1][0].end == pm.start:
                    subj = org_before[-1][1]
                elif this_org is not None:
                    subj = this_org  # 该所陈小龙研究员团队: the institute named before
                elif team is None and orgs:
                    subj = orgs[-1][1]
                else:
                    subj = pe
            lead = text[max(sent.start, v0 - 6):v0]
            if lead.endswith(lexicon.longest_first("first_person_words.txt")) and before and before[-1][1].type == "Person":
                # X公司创始人周剑说：“…我们研发的…”: 我们 is the speaker's organisation
                pm, pe = before[-1]
                org_before = [e for m, e in orgs if m.end <= pm.start]
                subj = org_before[-1] if org_before else pe
            if subj is None:
                continue
            chosen = objs if _is_list(text, objs) else objs[:1]
            subjects = partners if subj is not None and partners and partners[-1].key == subj.key else [subj]
            if "双方" in text[last_named_end:v0]:
                sides = _last_two_organisations(index, max(0, sent.start - 300), v0)
                if sides:
                    subjects = sides  # 双方还将联合开发…: both parties named before
            for s_ in subjects:
                for m, e in chosen:
                    out.append(Relation("developed", s_.key, e.key, _evidence(sent), "developed-verb"))
        orgs_here = index.between(sent.start, sent.end, ORGS)
        if orgs_here:
            last_org = orgs_here[-1][1]
    return out


# 这款芯片, 该系统: a work named before, taken up again by its kind
_DEICTIC_WORK = re.compile(r"(?:这款|该款|此款|这项|该项|这套|该套|这台|该台|这一|该)([\u4e00-\u9fff]{1,4}?)(?=由|是|已|将|在|于|历时|经过|，|,)")


def _earlier_work(text: str, sent: Sentence, index: MentionIndex) -> tuple[int, tuple[Mention, Entity]] | None:
    """The achievement a sentence opens on by its kind (这款芯片由X研制成功):
    the last one named in the two sentences before whose name ends with that
    kind or follows it (AI芯片“星辰X2”). Returns where the reference ends,
    and the achievement."""
    dm = _DEICTIC_WORK.search(text, sent.start, min(sent.end, sent.start + 40))
    if not dm:
        return None
    kind = dm.group(1)
    for m, e in reversed(index.between(max(0, sent.start - 200), sent.start, ("Achievement",))):
        if text.count("。", m.end, sent.start) > 2:
            break
        if m.text.endswith(kind) or kind in text[max(0, m.start - 8):m.start] or text[m.end:m.end + 4].lstrip("”》").startswith(
                dm.group(0)[-len(kind) - 1:]):
            return dm.end(), (m, e)  # (“某某关键技术”项目 … 该项目由…: the kind right after the name)
    return None


# 由X牵头，联合A、B共同完成: the lead and its partners
_LED_BY = re.compile(r"由([^，。；]{2,30}?)牵头[，,]?(?:联合|会同|携手)([^，。；]{2,80}?)(?:共同|联合)?(?:完成|研制|研发|攻关|实施)")


def credited_relations(text: str, sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    """Who carried out a work the sentence takes up (该项目…): the lead and the
    partners of 由X牵头，联合A、B共同完成, and the people listed after a credit
    label (主要完成人包括A、B等; prize_list_labels.txt)."""
    out = []
    labels = _credit_label_list()
    for sent in sentences:
        led = _LED_BY.search(sent.text) if "牵头" in sent.text else None
        credit = labels.search(sent.text)
        if not led and not credit:
            continue
        works = index.between(sent.start, sent.end, ("Achievement",))
        earlier = _earlier_work(text, sent, index) if not works else None
        work = works[0][1] if works else earlier[1][1] if earlier else None
        if work is None:
            continue
        agents: list[Entity] = []
        if led:
            agents += [e for _, e in index.between(sent.start + led.start(1), sent.start + led.end(2), ORGS)]
        if credit:
            end = re.search(r"[。；]|等", sent.text[credit.end():])
            stop = sent.start + credit.end() + (end.start() if end else len(sent.text) - credit.end())
            agents += [e for _, e in index.between(sent.start + credit.end(), stop, AGENTS)]
        for key in dict.fromkeys(a.key for a in agents):
            out.append(Relation("developed", key, work.key, _evidence(sent), "credited"))
    return out


@lru_cache(maxsize=None)
def _credit_label_list() -> re.Pattern:
    """A credit label and what opens its list: 主要完成人包括, 完成单位为, 主要完成人："""
    return re.compile(rf"(?:{lexicon.alternation('prize_list_labels.txt')})(?:包括|有|为|是|[：:])")


def _last_two_organisations(index: MentionIndex, start: int, end: int) -> list[Entity]:
    """The last two different organisations named between ``start`` and ``end``, in text order."""
    out: list[Entity] = []
    for _, e in reversed(index.between(start, end, ORGS)):
        if all(e.key != o.key for o in out):
            out.insert(0, e)
        if len(out) == 2:
            return out
    return []


_COORD = re.compile(r"[\u4e00-\u9fff]{0,2}(与|和|及|联合|携手|、)")


def _coordinated(text: str, orgs: list[tuple[Mention, Entity]]) -> list[Entity]:
    """The organisations coordinated just before a verb (A联合B开发 -> [A, B])."""
    if not orgs:
        return []
    group = [orgs[-1]]
    for m, e in reversed(orgs[:-1]):
        gap = text[m.end:group[0][0].start]
        if _COORD.fullmatch(gap) or _led_group(gap):
            group.insert(0, (m, e))
        else:
            break
    return [e for _, e in group] if len(group) > 1 else []


@lru_cache(maxsize=None)
def _led_group_patterns() -> tuple[re.Pattern, ...]:
    """某学院王伟教授课题组与B: a group led by a person of the organisation
    before it, then 与; one pattern per length of the name, so that no part of
    the name is read as a title."""
    return tuple(re.compile(rf"[\u4e00-\u9fff·]{{{n}}}([\u4e00-\u9fff]{{0,8}}?)(?:{_team_words()})(?:与|和|联合|携手)")
                 for n in (2, 3, 4))


def _led_group(gap: str) -> bool:
    """Whether ``gap`` is a name, titles only, a team word and 与
    (王伟教授课题组与, 欧阳明高院士团队和)."""
    return any((led := p.fullmatch(gap)) and _titles_only(led.group(1)) for p in _led_group_patterns())


_CLAUSE_END = re.compile("[。；;]")


def owner_relations(text: str, sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    """An organisation right before its achievement: 美的“…科技成果”通过鉴定."""
    from .mentions.achievements import milestone_closes

    out = []
    for sent in sentences:
        pairs = index.between(sent.start, sent.end, ORGS + ("Achievement",))
        for (m1, e1), (m2, e2) in zip(pairs, pairs[1:]):
            if e1.type in ORGS and e2.type == "Achievement" and (text[m1.end:m2.start] in ("“", "《", "的“", "的《") or (
                    m2.rule == "model-type" and _MAKERS_OF.fullmatch(text, m1.end, m2.start))):
                # 星河此次供货的KT-300型齿轮箱: a firm's product, named by its model
                out.append(Relation("developed", e1.key, e2.key, _evidence(sent), "owner-of"))
        # 盾构“先行2号”，12日在X公司的车间内……正式下线: made where it rolls off the line
        made = [(m1, e1, m2, e2) for (m1, e1), (m2, e2) in zip(pairs, pairs[1:])
                if e1.type == "Achievement" and e2.type in ORGS and text[m2.start - 1] == "在"
                and not _CLAUSE_END.search(text, m1.end, m2.start - 1)]
        if made and milestone_closes(sent.text):
            _, e1, _, e2 = made[0]
            out.append(Relation("developed", e2.key, e1.key, _evidence(sent), "made-at"))
        # 星河公司22日宣布，国内首个……芯片通过……试验: an organisation announcing its achievement's milestone
        for (m1, e1), (m2, e2) in zip(pairs, pairs[1:]):
            if (e1.type in ORGS and e2.type == "Achievement"
                    and any(m.rule in _MILESTONE_RULES for m in e2.mentions if m.start == m2.start)
                    and _announced().match(text, m1.end, m2.start)):
                out.append(Relation("developed", e1.key, e2.key, _evidence(sent), "announced-milestone"))
    out.extend(_brand_owners(sentences, index))
    return out


_MAKERS_OF = re.compile(r"[^，。；、“”与和]{0,8}的")
_MILESTONE_RULES = ("subject-passed-test", "subject-milestone", "quoted-milestone", "named-milestone")
# after the organisation: a date, a verb of announcing and a comma, then the clause that opens on the achievement


@lru_cache(maxsize=None)
def _announced() -> re.Pattern:
    verbs = lexicon.alternation("announce_verbs.txt")
    return re.compile(rf"(?:\d{{1,2}}月)?(?:\d{{1,2}}日|今天|昨天|日前|近日)?(?:{verbs})[，,：:][^，。；“”]{{0,30}}$")


def _brand_owners(sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    """An achievement named after its maker (星河高效双面发电组件 by
    星河): the organisation whose name or short form opens the achievement's name."""
    entities = {id(e): e for e in index.entity.values()}.values()
    orgs = [(n, e) for e in entities if e.type in ORGS for n in (e.name, *e.aliases) if len(n) >= 2]
    orgs.sort(key=lambda p: -len(p[0]))
    starts = [s.start for s in sentences]
    out = []
    for ach in entities:
        if ach.type != "Achievement" or not ach.mentions:
            continue
        owner = next((e for n, e in orgs if ach.name.startswith(n) and len(ach.name) >= len(n) + 2), None)
        if owner is None:
            continue
        first = ach.mentions[0]
        k = bisect_left(starts, first.start + 1) - 1
        if 0 <= k < len(sentences):
            out.append(Relation("developed", owner.key, ach.key, _evidence(sentences[k]), "brand-owner"))
    return out


_LIST_END = re.compile(r"[；;。\n]")


# A、B为共同获奖单位: organisations named as the prize's other winners
_CO_WINNERS = re.compile(r"(?:为|是|作为)(?:共同|联合|其他|主要)?(?:获奖|完成)单位")


def co_winner_relations(text: str, sentences: list[Sentence], index: MentionIndex,
                        won: list[Relation]) -> list[Relation]:
    """``……项目荣获X奖。……A、B为共同获奖单位``: the organisations listed right
    before 为共同获奖单位 won the prize last won in the article before them."""
    out: list[Relation] = []
    for sent in sentences:
        m = _CO_WINNERS.search(sent.text)
        before = [r for r in won if r.evidence.end <= sent.start + m.start()] if m else []
        if not before:
            continue
        clause = max(sent.text.rfind(c, 0, m.start()) for c in "，,；;：:") + 1
        units = index.between(sent.start + clause, sent.start + m.start(), ("Company", "Institution"))
        if not units or units[-1][0].end != sent.start + m.start():
            continue  # the list must run up to 为…单位
        for _, unit in units:
            out.append(Relation("won", unit.key, before[-1].object, _evidence(sent), "co-winners"))
    return out


def award_lists(text: str, sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    """A list laid out by grade, ``一等奖：A、B；二等奖：C``: each agent after an
    award and its colon, up to the next ；, 。 or line end, won that award."""
    out = []
    for sent in sentences:
        if "：" not in sent.text and ":" not in sent.text:
            continue
        for m, award in index.between(sent.start, sent.end, ("Award",)):
            if text[m.end:m.end + 1] not in ("：", ":"):
                continue
            stop = _LIST_END.search(text, m.end + 1, sent.end)
            end = stop.start() if stop else sent.end
            for _, agent in index.between(m.end + 1, end, AGENTS):
                out.append(Relation("won", agent.key, award.key, _evidence(sent), "award-list"))
    return out


def _entity_at(index: MentionIndex, start: int, end: int, type_: str) -> Entity | None:
    return next((e for m, e in index.between(start, end, (type_,)) if m.start == start and m.end == end), None)


def prize_lists(text: str, sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    """Under a prize's heading line, each entry's agent won the prize, and
    developed the work its entry names (某某公司——某某项目（大奖）)."""
    from .mentions.layout import prize_list_entries

    out = []
    starts = [s.start for s in sentences]
    for award_m, entries in prize_list_entries(text):
        award = _entity_at(index, award_m.start, award_m.end, "Award")
        if award is None:
            continue
        for a0, a1, w0, w1 in entries:
            agents = [(m, e) for m, e in index.between(a0, a1, AGENTS) if m.start == a0]
            if not agents:
                continue
            agent = max(agents, key=lambda p: p[0].end - p[0].start)[1]
            sent = _sentence_at(sentences, starts, a0)
            out.append(Relation("won", agent.key, award.key, _evidence(sent), "prize-list"))
            work = _entity_at(index, w0, w1, "Achievement") if w0 >= 0 else None
            if work is not None:
                out.append(Relation("developed", agent.key, work.key, _evidence(sent), "prize-list"))
    return out


def by_means_of(text: str, sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    """The work an agent wins with is the agent's (developed): ``X凭借Y获得…``
    and ``X的论文《Y》获得…`` (the agent, maybe its title, then 凭借 or 的 and a
    few characters, then the work, then a verb of winning)."""
    verbs = lexicon.triggers()["won"]
    markers = lexicon.means_markers()
    out = []
    for sent in sentences:
        if not _trigger_positions(sent.text, verbs):
            continue
        agents = index.between(sent.start, sent.end, AGENTS)
        for work_m, work in index.between(sent.start, sent.end, ("Achievement",)):
            before = [(m, e) for m, e in agents if m.end <= work_m.start]
            if not before or not _trigger_positions(text[work_m.end:sent.end], verbs):
                continue
            agent_m, agent = before[-1]
            gap = text[agent_m.end:work_m.start].rstrip("《“")
            gap = gap[2:] if gap.startswith("等人") else gap[1:] if gap.startswith("等") else gap
            link = markers.search(gap) or re.search("的", gap)
            lead = re.sub(rf"(?:{_team_words()})$", "", gap[:link.start()]) if link else ""  # 王伟教授团队完成的…
            if not link or not _titles_only(lead) or len(gap) - link.end() > 4 \
                    or re.search(r"[，。；、,;]", gap):
                continue  # 王伟教授凭借…, 王伟等人的论文《…》: the agent right before the link, the work right after
            # and the agents listed with it (甲、乙和丙的论文): every author's work
            k = len(before) - 1
            while k > 0 and text[before[k - 1][0].end:before[k][0].start] in lexicon.words("list_joins.txt"):
                k -= 1
            for am, a in before[k:]:
                out.append(Relation("developed", a.key, work.key, _evidence(sent), "wins-by-means-of"))
                unit = [e for m, e in agents if m.end == am.start and e.type in ORGS] if a.type == "Person" else []
                if unit:  # 某某学院王伟教授团队完成的…: the person's unit developed it too
                    out.append(Relation("developed", unit[0].key, work.key, _evidence(sent), "wins-by-means-of"))
    return out


def prized_products(text: str, sentences: list[Sentence], index: MentionIndex,
                    developed: list[Relation]) -> list[Relation]:
    """A product that wins an award wins it for its maker: ``X组件斩获Y奖``,
    with X developed by Z, is won(Z, Y) (the gold convention: awards go to
    people and organisations); so does ``A与B联合研发的X获得Y奖`` for A and B."""
    makers: dict[str, list[str]] = {}
    for r in developed:
        makers.setdefault(r.object, []).append(r.subject)
    if not makers:
        return []
    verbs = lexicon.triggers()["won"]
    won_here = lexicon.any_of(verbs)
    out = []
    for sent in sentences:
        if not won_here.search(sent.text):
            continue
        for cs, ce in _clauses(sent, "；;。，,"):
            trig = _trigger_positions(text[cs:ce], verbs)
            if not trig:
                continue
            v = cs + trig[0][0]
            products = [e for _, e in index.between(cs, v, ("Achievement",)) if e.key in makers]
            # organisations before the verb: only the product's own makers (A与B研发的X获得…)
            agents = {e.key for _, e in index.between(cs, v, ORGS)}
            if not products or not agents <= {k for p in products for k in makers[p.key]}:
                continue
            for _, award in index.between(v, ce, ("Award",)):
                for p in products:
                    for maker in makers[p.key]:
                        out.append(Relation("won", maker, award.key, _evidence(sent), "prized-product"))
    return out


def _titles_only(gap: str) -> bool:
    """Whether ``gap`` is empty or only titles (院士, 教授…)."""
    from .mentions.common import title_words

    i = 0
    titles = title_words()
    while i < len(gap):
        t = titles.match_at(gap, i)
        if not t:
            return gap[i:] in ("", "等", "、")
        i += len(t)
    return True


# (则/也)由 + a maker (no clause break) + an adverb, ending right before a verb of developing
_MADE_BY_BEFORE = re.compile(r"(?:则|也|还|均|都)?由[^，。；、]{2,30}?(?:自主|独立|联合|共同)?$")


def _same_clause(text: str, start: int, end: int, max_commas: int) -> bool:
    gap = text[start:end]
    return "。" not in gap and "；" not in gap and gap.count("，") <= max_commas and len(gap) <= 40


# between two items of a list of works: a joiner, maybe the next one's kind (、平板电脑星河Pad 3)
_WORK_LIST_GAP = re.compile(r"(?:、|和|及|以及)(?:[\u4e00-\u9fff]{2,6})?")


def _is_list(text: str, objs: list[tuple[Mention, Entity]]) -> bool:
    if len(objs) < 2:
        return False
    return all(_WORK_LIST_GAP.fullmatch(text[a.end:b.start]) for (a, _), (b, _) in zip(objs, objs[1:]))


# ---------------------------------------------------------------------------

def works_for_relations(text: str, sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    """ORG + TITLE(、TITLE) + PERSON, and ORG + PERSON + TITLE (北京大学物理学院刘开辉教授)."""
    from .mentions.common import title_words

    titles = title_words()
    out: list[Relation] = []
    seen: set[tuple[str, str]] = set()
    for sent in sentences:
        persons = index.between(sent.start, sent.end, ("Person",))
        for pm, pe in persons:
            # walk left over titles
            pos = pm.start
            roles: list[str] = []
            while pos > sent.start:
                t = titles.ends_with(text, pos, sent.start)
                if t:
                    roles.insert(0, t)
                    pos -= len(t)
                    if pos > sent.start and text[pos - 1] == "、":
                        pos -= 1
                    continue
                break
            org = None
            if roles:
                cand = index.between(max(sent.start, pos - 40), pos, ORGS)
                if cand and cand[-1][0].end == pos:
                    org = cand[-1][1]
                elif cand and cand[-1][1].type == "Company":
                    # …有限公司科技管理部主任顾静飞: a department of the company, part of the role
                    dept = text[cand[-1][0].end:pos]
                    if 2 <= len(dept) <= 8 and dept.endswith(lexicon.longest_first("department_endings.txt")) and all("\u4e00" <= c <= "\u9fff" for c in dept):
                        org = cand[-1][1]
                        roles[0] = dept + roles[0]
            else:
                # 北京大学物理学院刘开辉教授
                after = titles.match_at(text, pm.end) if pm.end < len(text) else None
                cand = index.between(max(sent.start, pm.start - 40), pm.start, ORGS)
                if after and cand and cand[-1][0].end == pm.start:
                    org = cand[-1][1]
                    roles = [after]
            if org is None and roles:
                org = _this_organisation(text, index, pos)  # 该研究院院长李卫民
            if org is None and roles and re.search(r"(?:^|[，。；、\s])(?:该)?公司$", text[max(sent.start, pos - 4):pos]):
                # 公司副总裁王文杰: the company the article is about, named shortly before
                recent = [e for _, e in index.between(max(0, sent.start - 300), pos, ("Company",))]
                org = recent[-1] if recent else None
            if org is None:
                continue
            key = (pe.key, org.key)
            if key in seen:
                continue
            seen.add(key)
            out.append(Relation("worksFor", pe.key, org.key, _evidence(sent), "org-title-person", role="、".join(roles)))
    return out


# the two sides as the subject: 双方团队就联合研发了…, 双方共同开发的…
_BOTH_SIDES = re.compile(r"双方(?:团队|科研团队|研发团队)?(?:此前|已经|已|曾|还|就|也|共同|联合|一起)*")
_CLAUSE_END = re.compile("[。；;]")


# 合资双方还与X签订了…: the two sides, then with whom they sign
_SIDES_WITH = re.compile(r"(?:合资|签约|合作)?(?:双方|两家)(?:还|也|又|同时|共同|一道)?(?:与|和|同)")


def sides_sign_with_a_third(text: str, sentences: list[Sentence], index: MentionIndex,
                            signed: list[Relation]) -> list[Relation]:
    """``合资双方还与X签订了协议``: each of the last pair that signed before signed with X."""
    out: list[Relation] = []
    verbs = lexicon.triggers()["signedWith"]
    for sent in sentences:
        m = _SIDES_WITH.search(sent.text) if "双方" in sent.text or "两家" in sent.text else None
        if m is None or not _trigger_positions(sent.text[m.end():], verbs):
            continue
        before = [r for r in signed if r.evidence.start < sent.start]
        third = [e for pm, e in index.between(sent.start + m.end(), sent.end, ORGS + ("District",))
                 if pm.start == sent.start + m.end()]
        if not before or not third:
            continue
        for side in (before[-1].subject, before[-1].object):
            if side != third[0].key:
                out.append(Relation("signedWith", side, third[0].key, _evidence(sent), "sides-with-third"))
    return out


def both_sides_relations(text: str, sentences: list[Sentence], index: MentionIndex,
                         signed: list[Relation]) -> list[Relation]:
    """``双方联合研发了X``: the two sides are the last pair that signed before
    (A与B签约……双方团队联合研发的X获…奖): both developed X, and both won the
    prize X won in that sentence."""
    out: list[Relation] = []
    if not signed:
        return out
    developing = lexicon.any_of(lexicon.triggers()["developed"])
    winning = lexicon.any_of(lexicon.triggers()["won"])
    ents = {e.key: e for _, e in index.between(0, len(text), AGENTS)}
    for sent in sentences:
        k = sent.text.find("双方")
        before = [r for r in signed if r.evidence.start < sent.start + k] if k >= 0 else []
        if not before:
            continue
        sides = [key for key in (before[-1].subject, before[-1].object) if key in ents]  # (a district develops nothing)
        m = _BOTH_SIDES.match(sent.text, k)
        verb = developing.match(sent.text, m.end())
        if len(sides) != 2 or verb is None:
            continue
        stop = _CLAUSE_END.search(sent.text, verb.end())
        works = index.between(sent.start + verb.end(), sent.start + (stop.start() if stop else len(sent.text)), ("Achievement",))
        if not works:
            continue
        work_m, work = works[0]
        prize = winning.search(text, work_m.end, sent.end)
        awards = index.between(prize.end(), sent.end, ("Award",)) if prize else []
        for side in sides:
            out.append(Relation("developed", side, work.key, _evidence(sent), "both-sides"))
            if awards:
                out.append(Relation("won", side, awards[0][1].key, _evidence(sent), "both-sides"))
    return out


def signing_lists(text: str, sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    """Under a signing's announcement (某县人民政府与各投资方签订了协议。项目如下：), each
    entry's party (投资方：某某公司) signed with the host: the district the
    announcement names (itself or through its government or zone: 某县人民政府 ->
    某县), else the headline's; the evidence is the entry's line."""
    from .mentions.layout import signing_list_entries

    out = []
    verbs = lexicon.triggers()["signedWith"]
    starts = [s.start for s in sentences]
    districts: list = []
    for intro, entries in signing_list_entries(text):
        first = entries[0][0]
        lead = text[intro:first]
        if not _trigger_positions(lead, verbs):
            continue  # a list of projects, no signing announced over it
        districts = districts or index.between(0, len(text), ("District",))
        host = _host_district(text, intro, first, index, districts)
        if host is None:
            continue
        for a0, a1 in entries:
            parties = [(m, e) for m, e in index.between(a0, a1, ORGS) if m.start == a0]
            if not parties:
                continue
            sent = _sentence_at(sentences, starts, a0)
            out.append(Relation("signedWith", parties[0][1].key, host.key, _evidence(sent), "signing-list"))
    return out


def _host_district(text: str, start: int, end: int, index: MentionIndex, districts: list) -> Entity | None:
    """The district that hosts a signing announced in ``text[start:end]``: the
    last district named there, or the one whose name opens an organisation named
    there (某县人民政府, 某县经济开发区管理委员会), or the first one the headline names."""
    named = [e for m, e in districts if start <= m.start < end]
    if named:
        return named[-1]
    for _, org in index.between(start, end, ORGS):
        owner = next((e for _, e in districts if any(org.name.startswith(n) for n in (e.name, *e.aliases) if len(n) >= 2)), None)
        if owner is not None:
            return owner
    headline_end = text.find("\n")
    return next((e for m, e in districts if m.start < headline_end), None)


def bracketed_prize_relations(text: str, sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    """某某公司的“某某系统”（创新银奖）: the organisation right before 的 made the
    work and won the prize in brackets after it."""
    from .mentions.layout import bracketed_prizes

    out = []
    starts = [s.start for s in sentences]
    for de, (w0, w1), (a0, a1) in bracketed_prizes(text):
        maker = [(m, e) for m, e in index.between(max(0, de - 40), de, ORGS) if m.end == de]
        work = _entity_at(index, w0, w1, "Achievement")
        award = _entity_at(index, a0, a1, "Award")
        if not maker or work is None or award is None:
            continue
        sent = _evidence(_sentence_at(sentences, starts, w0))
        out.append(Relation("won", maker[-1][1].key, award.key, sent, "bracketed-prize"))
        out.append(Relation("developed", maker[-1][1].key, work.key, sent, "bracketed-prize"))
    return out


def main_product_relations(sentences: list[Sentence], index: MentionIndex) -> list[Relation]:
    """What a company makes (某某公司，主导产品为X: a ``main-product`` mention) is
    the company's: the organisation the sentence opens with developed it."""
    out = []
    starts = [s.start for s in sentences]
    for m in index.mentions:
        if m.rule == "main-product":
            sent = _sentence_at(sentences, starts, m.start)
            orgs = index.between(sent.start, m.start, ORGS)
            if orgs:
                out.append(Relation("developed", orgs[0][1].key, index.entity[id(m)].key, _evidence(sent), "main-product"))
    return out


def teams_credit_their_organisations(rels: list[Relation], index: MentionIndex) -> list[Relation]:
    """What a team named after its organisation wins and develops (某某大学“某某”团队——某某材料,
    某某大学“某某”团队获得冠军), its organisation wins and develops too."""
    parent: dict[str, str] = {}
    for k, m in enumerate(index.mentions):
        if m.rule != "named-team":
            continue
        team = index.entity[id(m)]
        inner = [o for o in index.mentions[k + 1:k + 4] if o.start == m.start and o.end < m.end and o.type in ORGS]
        if inner:
            parent.setdefault(team.key, index.entity[id(inner[0])].key)
    return [Relation(r.type, parent[r.subject], r.object, r.evidence, "team-organisation")
            for r in rels if r.type in ("won", "developed") and r.subject in parent]


def find_relations(text: str, sentences: list[Sentence], entities: list[Entity]) -> list[Relation]:
    index = MentionIndex(entities)
    signed = signed_relations(text, sentences, index)
    both = both_sides_relations(text, sentences, index, signed)
    # 双方联合研发的X after a signing: the two who signed, not the last two organisations named
    sides_of = {(r.object, r.evidence.start) for r in both}
    developed = [r for r in developed_relations(text, sentences, index) if (r.object, r.evidence.start) not in sides_of]
    developed += (owner_relations(text, sentences, index) + by_means_of(text, sentences, index)
                  + credited_relations(text, sentences, index))
    won = won_relations(text, sentences, index)
    rels = (
        signed
        + both
        + sides_sign_with_a_third(text, sentences, index, signed)
        + won
        + co_winner_relations(text, sentences, index, won)
        + award_lists(text, sentences, index)
        + prize_lists(text, sentences, index)
        + developed
        + prized_products(text, sentences, index, developed)
        + works_for_relations(text, sentences, index)
        + main_product_relations(sentences, index)
        + signing_lists(text, sentences, index)
        + bracketed_prize_relations(text, sentences, index)
    )
    rels += teams_credit_their_organisations(rels, index)
    # one relation per (type, subject, object): the earliest evidence in the article wins
    seen: set[tuple[str, str, str]] = set()
    out = []
    for r in sorted(rels, key=lambda r: r.evidence.start):
        k = (r.type, r.subject, r.object)
        if r.type == "signedWith":
            k = (r.type,) + tuple(sorted((r.subject, r.object)))  # type: ignore[assignment]
        if k in seen or r.subject == r.object:
            continue
        seen.add(k)
        out.append(r)
    return out
