"""Who said what: direct quotes in “…” and reported speech (X表示，…).

A direct quote is attributed to the speaker named

1. right after it: ``“……。”北京市政协副主席卢彦说。`` (also ``”他表示``);
2. right before it: ``刘开辉告诉记者：“……”`` / ``陈浩介绍：“……”``;
3. otherwise to the speaker of the same paragraph's previous quote or
   attribution (a quote that goes on after ``顾静飞说，……。``).

A quote that opens in one paragraph and is not closed goes on in the next
paragraph when that one opens with “ (the newspaper convention). ``他/她``
as the speaker is the last person named before it. Reported speech is the
rest of the sentence after ``X表示，`` / ``X指出，``.
Quoted terms (“小巨人”) have no speaker pattern and are left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .gazetteer import Gazetteer
from .mentions.common import person_descriptions
from .model import Entity, Evidence, Quote, Sentence
from .relations import MentionIndex

MIN_QUOTE = 6


@lru_cache(maxsize=None)
def _speech() -> Gazetteer:
    return Gazetteer(lexicon.words("speech_verbs.txt"))


_QUOTE_OR_BREAK = re.compile("[“”\n]")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each top-level “…” pair.

    One pass with a stack of open quotation marks, so thousands of unmatched
    “ cost linear time. A line break ends every open quote; when the next
    paragraph opens with “, the quote goes on there, and each paragraph is a
    span of its own (its end is the line break: the speaker named after the
    last one spoke all of them). Of nested pairs only the outermost closed
    one is kept.

    >>> quote_spans("他说：“好。”“第二段\\n“续”")
    [(4, 6), (8, 11), (13, 14)]
    """
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    n = len(text)
    for m in _QUOTE_OR_BREAK.finditer(text):  # the other characters change nothing
        j, c = m.start(), m.group()
        if c == "“":
            stack.append(j)
        elif c == "”":
            if stack:
                pairs.append((stack.pop(), j))
        elif c == "\n" and stack:
            if j + 1 < n and text[j + 1] == "“":
                pairs.append((stack[0], j))  # the quote goes on in the next paragraph
            stack.clear()
    pairs.sort()
    out: list[tuple[int, int]] = []
    reach = -1
    for o, close in pairs:
        if close > reach:
            out.append((o + 1, close))
            reach = close
    return out


def _speaker_after(text: str, end: int, index: MentionIndex, stop: int) -> tuple[Entity | None, int]:
    """Speaker named after a closing quote: ``”X说`` (returns entity, end of attribution)."""
    tail_end = min(stop, end + 60)
    seg = text[end:tail_end]
    cut = re.search(r"[。！？“\n]", seg)
    if cut:
        tail_end = end + cut.start()
    persons = index.between(end, tail_end, ("Person",))
    speech = _speech()
    k = end + 1 if end < len(text) and text[end] in "，," else end
    if text.startswith(lexicon.longest_first("speaker_pronouns.txt"), k) and k + 1 < len(text) and speech.match_at(text, k + 1):
        return None, -k - 1  # ”他说: a pronoun marker, before any name further on
    for m, e in persons:
        j = _skip_titles(text, m.end, tail_end)
        j = _past_setting(text, j, tail_end)  # ”刘绍勇在首航仪式上说 / 也对记者说
        if speech.match_at(text, j) if j < len(text) else False:
            between = text[end + 1:m.start]
            if (not re.search(r"[，,；]", between) or text[end:end + 1] == "，"
                    or len(re.findall(r"[，,]", between)) == 1 and ";" not in between and "；" not in between
                    and m is persons[0][0]):
                # ”X说 / ”，X说 / ”谈到下一步计划，X说: the first person after the quote, then a speech verb
                return e, j
    return None, 0


@lru_cache(maxsize=None)
def _setting_pattern() -> re.Pattern:
    """What may stand between a speaker and the verb (在首航仪式上, 在开幕式上致辞时,
    在接受采访时, 通过视频致辞, 对记者, 也), up to a verb of speech."""
    verbs = "|".join(map(re.escape, sorted(lexicon.words("speech_verbs.txt"), key=len, reverse=True)))
    return re.compile(
        r"(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日|[今昨当]天|[今昨当]日|日前|近日)?"  # 8月20日在…上表示
        r"(?:也|还|则|又|都|一再|再次|同时|进一步|随后|最后|随即|此前|当天|今天|昨天|近日)?"
        r"(?:在[^，。；！？“”\n]{1,24}(?:上|时|中|期间|之际|后|现场)|通过[^，。；！？“”\n]{1,10}"
        r"|对记者|向记者|接受[^，。；！？“”\n]{0,10}?采访时)?"
        rf"(?=(?:{verbs}))"
    )


def _past_setting(text: str, j: int, limit: int) -> int:
    """Where the verb of speech starts after a setting at ``j`` (``j`` itself when there is none)."""
    m = _setting_pattern().match(text, j, min(limit, j + 40))
    return m.end() if m else j


def _skip_titles(text: str, j: int, end: int) -> int:
    """Past spaces and titles after a name (李明教授说 -> the verb)."""
    from .mentions.common import title_words

    titles = title_words()
    while j < end:
        if text[j] == " ":
            j += 1
            continue
        t = titles.match_at(text, j)
        if not t:
            break
        j += len(t)
    return j


_PRONOUN_OPENS = re.compile(r"\s*[他她](?!们)")  # the sentence's subject, whatever the clauses before the verb
_PRONOUN_SUBJECT = re.compile(r"[他她](?:也|还|又|则)?(?:[\u4e00-\u9fff]{1,3}地)?$")


_CLAUSE_WINDOW = 300


def _speaker_before(text: str, start: int, index: MentionIndex, floor: int) -> Entity | None | str:
    """Speaker named just before an opening quote: ``X说：“`` / ``X介绍：“``."""
    # the clause before the quote: back to the last 。！？“” (searched in a
    # bounded window: a paragraph of many quotes would make this quadratic)
    floor = max(floor, start - 1 - _CLAUSE_WINDOW)
    head = text[floor:start - 1]
    m = re.search(r"([^。！？“”]*)$", head)
    clause_start = floor + (m.start(1) if m else 0)
    clause = text[clause_start:start - 1].rstrip("：:，, \n　")  # 说：⏎“… opens on the next line
    speech = _speech()
    # the clause must end with a speech verb
    verb = None
    for k in range(len(clause) - 1, max(-1, len(clause) - 8), -1):
        w = speech.match_at(clause, k)
        if w and k + len(w) == len(clause):
            verb = k
    if verb is None:
        # 周立新：“… (an interview's or a caption's speaker): the name right before the colon
        colon = text[clause_start:start - 1].rstrip(" 　\n")
        if colon.endswith(("：", ":")):
            persons = index.between(clause_start, clause_start + len(colon), ("Person",))
            if (persons and persons[-1][0].end == clause_start + len(colon) - 1
                    and not _ASKED.search(text, max(clause_start, persons[-1][0].start - 1), persons[-1][0].start)):
                return persons[-1][1]  # (not 记者问周立新：“…”: the one asked)
            # 星河集团总裁周立新充满信心：“…”: the one person opening the last part of the
            # clause (after organisations and titles) and a short predicate, no one asked
            part = max(colon.rfind("，"), colon.rfind(","), -1) + 1
            ps = index.between(clause_start + part, clause_start + len(colon), ("Person",))
            if not ps and _PRONOUN_LEAD.match(colon, part) and len(colon) - part <= 12 and not _ASKED.search(colon, part + 1):
                return "pronoun"  # 说起变化，他打开了话题：“…”
            if len(ps) == 1:
                pm, who = ps[0]
                lead = text[clause_start + part:pm.start]
                pred = text[pm.end:clause_start + len(colon) - 1]
                orgs = index.between(clause_start + part, pm.start, ("Company", "Institution"))
                lead_rest = lead
                for om, _ in orgs:
                    lead_rest = lead_rest.replace(om.text, "", 1)
                lead_rest = lead_rest.removesuffix(person_descriptions().ends_with(lead_rest, len(lead_rest)) or "")
                if (_skip_titles(lead_rest, 0, len(lead_rest)) == len(lead_rest) and 2 <= len(pred) <= 10
                        and not _ASKED.search(pred)):
                    return who
        return None
    persons = index.between(clause_start, clause_start + verb, ("Person",))
    if persons:
        return persons[-1][1]
    if _PRONOUN_SUBJECT.search(clause[:verb]) or clause[:verb].strip() in lexicon.longest_first("speaker_pronouns.txt") or _PRONOUN_OPENS.match(clause):
        return "pronoun"  # 他说, 她也说, 他高兴地说, 他把电池拆下来，笑着对记者说
    return None


_ASKED = re.compile(r"问|向|对|请|让|给|被|与|和|同|跟")
_PRONOUN_LEAD = re.compile(r"\s*[他她](?:也|还|又|则|便|就)?")


# where a sentence ends: its mark, or a closing quote after one (not the ” of a quoted term: 负责“星枢”的…)
_SENTENCE_END = re.compile(r"[。！？\n]|(?<=[。！？])”")


def _sentence_start(text: str, lo: int, hi: int) -> int:
    """Where the sentence holding ``hi`` starts, not before ``lo``."""
    last = None
    for last in _SENTENCE_END.finditer(text, lo, hi):
        pass
    return last.end() if last else lo


def _subject_speaker(text: str, qs: int, qe: int, index: MentionIndex, floor: int) -> Entity | None:
    """A quote closing a sentence whose subject spoke: ``周立新告诉记者，……，“……”``
    and ``罗云峰都主张积极应对，“……”``: the first person of the sentence before
    the quote who is followed by a verb of speech."""
    opens_clause = qs >= 2 and text[qs - 2] in "，,：:"
    after = text[qe + 1:qe + 2]
    closes_sentence = after in ("", "\n", "。", "！", "？") or text[qe - 1:qe] in ("。", "！", "？")
    if not (opens_clause and closes_sentence):
        return None  # a quoted term inside the sentence (实现“……”), not the speaker's words
    lo = max(floor, qs - 1 - _CLAUSE_WINDOW)
    start = _sentence_start(text, lo, qs - 1)
    speech = _speech()
    for pm, e in index.between(start, qs - 1, ("Person",)):
        j = _past_setting(text, _skip_titles(text, pm.end, qs - 1), qs - 1)
        if j < qs - 1 and speech.match_at(text, j):
            return e
    lead = _PRONOUN_LEAD.match(text, start)
    if lead and lead.end() < qs - 1 and speech.match_at(text, _past_setting(text, lead.end(), qs - 1)):
        # 他表示，……，“……”: the sentence's subject is a pronoun, the person named last before it
        return _last_person_before(index, start, max(0, start - 400))
    return None


def _previous_subject(text: str, qs: int, index: MentionIndex, para_start: int) -> Entity | None:
    """A quote right after a sentence of its paragraph whose subject is a person:
    ``村支书马国栋对此印象深刻。“……”`` (a feature's way of giving the floor to
    the person it has just introduced): that person, when named before anything
    that starts an object (not Y in X对Y…)."""
    if qs < 2 or text[qs - 2] not in "。！？" or qs - 2 <= para_start:
        return None
    start = _sentence_start(text, para_start, qs - 2)  # (a quoted name inside it, “某某”, ends no sentence)
    persons = index.between(start, qs - 2, ("Person",))
    if not persons or _OBJECT_START.search(text, start, persons[0][0].start):
        return None
    return persons[0][1]


def _opening_speaker(text: str, qs: int, index: MentionIndex) -> Entity | None:
    """The speaker who introduces the quote whose words start at ``qs`` with a
    colon, in its paragraph or at the end of the paragraph before (X说：⏎“…)."""
    floor, colon = _speaker_floor(text, qs, _paragraph_bounds(text, qs)[0])
    if not colon:
        return None
    before = _speaker_before(text, qs, index, floor)
    if before == "pronoun":
        return _last_person_before(index, qs - 1, max(0, floor - 400))  # 他打开了话题：⏎“…
    return before if isinstance(before, Entity) else None


def _speaker_floor(text: str, qs: int, para_start: int) -> tuple[int, bool]:
    """Where the speaker of the quote whose words start at ``qs`` may be named,
    and whether a colon introduces the quote. A quote opening its paragraph
    after one that ends with a colon (吴胜武说：⏎“…) has its speaker in the
    paragraph before; otherwise the speaker is in the quote's paragraph."""
    if not text[para_start:qs - 1].strip():
        base = max(0, para_start - _CLAUSE_WINDOW)
        previous = text[base:para_start].rstrip()
        if previous.endswith(("：", ":")):
            return base + previous.rfind("\n") + 1, True
        return para_start, False
    k = qs - 2
    while k >= 0 and text[k].isspace():
        k -= 1
    return para_start, k >= 0 and text[k] in "：:"


def _last_person_before(index: MentionIndex, pos: int, floor: int) -> Entity | None:
    persons = index.between(floor, pos, ("Person",))
    return persons[-1][1] if persons else None


# where the subject of a sentence ends and its verb phrase begins: a person
# named after one of these is an object (X对Y表示欢迎, X会见了Y)
_OBJECT_START = re.compile(r"对|向|与|和|同|跟|给|为|据|会见|会晤|陪同|接见|欢迎|感谢|邀请")  # 据X介绍: X is a source


def _subject_of_previous(text: str, prev: Sentence, sent: Sentence, index: MentionIndex) -> Entity | None:
    """For 他/她 opening ``sent``: the person who is the subject of the
    sentence before, ``prev``, in the same paragraph (薛天江对鲍宗平一行的到来表示欢迎……。
    他表示: 薛天江), when one is named before anything that starts an object."""
    if "\n" in text[prev.end:sent.start]:
        return None
    persons = index.between(prev.start, prev.end, ("Person",))
    if len(persons) < 2:
        return None  # one person: the nearest is the same one
    first, entity = persons[0]
    if _OBJECT_START.search(text, prev.start, first.start):
        return None
    return entity


def _paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e < 0 else e)


def _evidence(text: str, sentences: list[Sentence], start: int, end: int) -> Evidence:
    cover = [s for s in sentences if s.start < end and start < s.end]
    if not cover:
        return Evidence(start, end, text[start:end])
    s, e = cover[0].start, cover[-1].end
    return Evidence(s, e, text[s:e])


def find_quotes(text: str, sentences: list[Sentence], entities: list[Entity]) -> list[Quote]:
    index = MentionIndex(entities)
    out: list[Quote] = []
    last_speaker: dict[int, Entity] = {}  # paragraph start -> last speaker there
    quoted_spans = quote_spans(text)
    alone: list[tuple[int, int]] = []  # whole-paragraph quotes with no speaker found
    continued: list[tuple[int, int]] = []  # paragraphs of a quote that goes on in the next one
    for qs, qe in quoted_spans:
        words = text[qs:qe]
        if text[qe:qe + 1] == "\n":
            continued.append((qs, qe))  # “…⏎“…”X说: its speaker is the one of the quote's last paragraph
            continue
        if len(words) < MIN_QUOTE:
            continued = []
            continue
        para_start, para_end = _paragraph_bounds(text, qs)
        opener = _opening_speaker(text, continued[0][0], index) if continued else None
        introduced = None
        if qs >= 2 and text[qs - 2] in "：:":
            # X告诉记者：“…”Y认为…: a quote its speaker introduces is theirs, whoever speaks after it
            introduced = _speaker_before(text, qs, index, para_start)
        if isinstance(introduced, Entity):
            speaker, attr_end, rule = introduced, qe + 1, "speaker-before"
        else:
            speaker, attr_end = _speaker_after(text, qe + 1, index, len(text))
            rule = "speaker-after"
        if speaker is None and attr_end < 0:
            speaker = _last_person_before(index, qs, max(0, para_start - 400))
            attr_end = -attr_end + 1
            rule = "pronoun-after"
        if speaker is None:
            floor, _ = _speaker_floor(text, qs, para_start)
            before = _speaker_before(text, qs, index, floor)
            if before == "pronoun":
                speaker = _last_person_before(index, qs - 1, max(0, para_start - 400))
                rule = "pronoun-before"
            elif isinstance(before, Entity):
                speaker = before
                rule = "speaker-before"
            attr_end = qe + 1
        if speaker is None:
            speaker = _subject_speaker(text, qs, qe, index, para_start)
            rule = "sentence-subject"
        if speaker is None:
            speaker = _previous_subject(text, qs, index, para_start)
            rule = "previous-subject"
        if speaker is None:
            prev = last_speaker.get(para_start)
            if prev is not None and re.search(r"[。！？，]", words):
                speaker = prev
                rule = "same-paragraph"
        if speaker is None and opener is not None:
            speaker, rule = opener, "quote-goes-on"  # 吴胜武说：⏎“…⏎“…”: the speaker who opened the quote
        if speaker is None:
            if para_start and _whole_paragraph(text, qs, qe, para_start, para_end) and re.search(r"[。！？]", words):
                # (a quote over paragraphs, none naming its speaker: each paragraph alone, in order)
                alone.extend((cs, ce) for cs, ce in continued if ce - cs >= MIN_QUOTE
                             and _whole_paragraph(text, cs, ce, *_paragraph_bounds(text, cs)))
                alone.append((qs, qe))
            continued = []
            continue
        last_speaker[para_start] = speaker
        if continued:
            whole = opener or speaker
            for cs, ce in continued:
                if ce - cs >= MIN_QUOTE:
                    out.append(Quote(whole.key, _clean_words(text[cs:ce]), cs, ce, _evidence(text, sentences, cs - 1, ce),
                                     "direct", "quote-goes-on"))
            continued = []
        ev = _evidence(text, sentences, qs - 1, max(attr_end, qe + 1))
        out.append(Quote(speaker.key, _clean_words(words), qs, qe, ev, "direct", rule))
    out.extend(_reported_speech(text, sentences, index, quoted_spans, last_speaker))
    out.extend(_quotes_after_speakers(text, sentences, alone, out, index))
    out.extend(_interview_answers(text, sentences, index, quoted_spans))
    return out


_QUESTION_LINE = re.compile(r"(?:^|\n)\s*(?:问|记者)[：:]")
_ANSWER_LINE = re.compile(r"\s*答[：:]")


def _interviewee(text: str, index: MentionIndex) -> Entity | None:
    """The person an interview (问：… 答：…) is with: the one named most often
    (the first named, of equals)."""
    counts: dict[str, list] = {}
    for m, e in index.between(0, len(text), ("Person",)):
        c = counts.setdefault(e.key, [0, m.start, e])
        c[0] += 1
    if not counts:
        return None
    return max(counts.values(), key=lambda c: (c[0], -c[1]))[2]


def _interview_answers(text: str, sentences: list[Sentence], index: MentionIndex,
                       quoted_spans: list[tuple[int, int]]) -> list[Quote]:
    """An interview's answers: a paragraph that opens with a person's name
    (and title) and a colon, ``周立新：我们明年……``, is that person's words;
    in an interview laid out as ``问：…`` and ``答：…``, an ``答：`` line is the
    interviewee's (:func:`_interviewee`)."""
    out = []
    interview = _QUESTION_LINE.search(text) is not None
    answerer = _interviewee(text, index) if interview else None
    going_on: Entity | None = None  # who answers in the paragraph before, in an interview laid out by question
    by_key = {e.key: e for _, e in index.between(0, len(text), ("Person",))} if interview else {}
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        said = len(out)
        if going_on is not None and _answer_goes_on(text, pos, end, quoted_spans) \
                and not index.between(pos, end, ("Person",)):  # (覃某说到这里…: narration, not the answer)
            # 张三：……⏎……: a paragraph without a label after an answer, before the next question, goes on with it
            out.append(Quote(going_on.key, text[pos:end].strip(), pos, end, _evidence(text, sentences, pos, end), "direct",
                             "interview-answer"))
            pos = end + 1
            continue
        going_on = None
        answer = _ANSWER_LINE.match(text, pos, end)
        if answer and answerer is not None and end - answer.end() >= MIN_QUOTE:
            # 问：…⏎答：…: the answers are the interviewee's
            ev = _evidence(text, sentences, pos, end)
            out.append(Quote(answerer.key, text[answer.end():end].strip(), answer.end(), end, ev, "direct",
                             "interview-answer"))
            pos = end + 1
            continue
        people = index.between(pos, min(end, pos + 12), ("Person",))
        if people and people[0][0].start == pos:
            m, e = people[0]
            j = _skip_titles(text, m.end, end)
            words = text[j + 1:end]
            if (j < end and text[j] in "：:" and not words.startswith("“") and len(words) >= MIN_QUOTE
                    and re.search(r"[。！？，]", words)):  # words, not a caption (王伟：某公司董事长)
                ws = j + 1
                if not any(a - 1 <= ws < b + 1 for a, b in quoted_spans):
                    ev = _evidence(text, sentences, pos, end)
                    out.append(Quote(e.key, text[ws:end].strip(), ws, end, ev, "direct", "interview-answer"))
        if interview and len(out) > said:
            going_on = by_key.get(out[-1].speaker)
        pos = end + 1
    return out


def _answer_goes_on(text: str, pos: int, end: int, quoted_spans: list[tuple[int, int]]) -> bool:
    """Whether the paragraph at ``pos`` may be more of the answer before it: words
    (a sentence's end in them), no label and colon opening them (记者：, 张三：), no quote
    (the caller also wants it to name nobody)."""
    line = text[pos:end].strip()
    if len(line) < MIN_QUOTE or not re.search(r"[。！？]", line) or _QUESTION_LINE.match(text, max(0, pos - 1), end):
        return False
    if re.match(r"[^，。；！？“”]{1,12}[：:]", line) or any(pos <= a < end for a, _ in quoted_spans):
        return False
    return True


def _quotes_after_speakers(text: str, sentences: list[Sentence], alone: list[tuple[int, int]],
                           found: list[Quote], index: MentionIndex) -> list[Quote]:
    """A paragraph that is one quote and names no speaker, right after a
    paragraph whose last quoted or reported words were someone's: the same
    speaker goes on (a feature's narration, then the person's words); or
    right after a paragraph that names one person and quotes nobody: the
    person it has just introduced speaks (茶农王某正在采茶。⏎“……”)."""
    last: dict[int, str] = {}  # paragraph start -> speaker key of its last quote
    for q in sorted(found, key=lambda q: q.start):
        last[_paragraph_bounds(text, q.start)[0]] = q.speaker
    out = []
    for qs, qe in alone:
        para_start, _ = _paragraph_bounds(text, qs)
        before = text.rfind("\n", 0, para_start - 1) + 1
        speaker = last.get(before)
        rule = "previous-paragraph"
        if speaker is None and before < para_start - 1:
            people = {e.key for _, e in index.between(before, para_start - 1, ("Person",))}
            if len(people) != 1:
                continue
            speaker, rule = people.pop(), "introduced-before"
        if speaker is None:
            continue
        last[para_start] = speaker
        ev = _evidence(text, sentences, qs - 1, qe + 1)
        out.append(Quote(speaker, _clean_words(text[qs:qe]), qs, qe, ev, "direct", rule))
    return out


def _whole_paragraph(text: str, qs: int, qe: int, para_start: int, para_end: int) -> bool:
    """The quote is all its paragraph says (nothing but marks around it)."""
    end = text.find("\n", qe) if "\n" in text[qs:qe] else para_end
    end = len(text) if end < 0 else end
    return not text[para_start:qs - 1].strip() and not text[qe + 1:end].strip(" 　。")


def _clean_words(words: str) -> str:
    # a quote running over paragraphs keeps one line per paragraph, without the re-opening mark
    return "\n".join(p.lstrip("“") for p in words.split("\n"))


_PRONOUN_CLAUSE = re.compile(r"(?:^|(?<=[，。；]))(他|她)(?:还|也|同时|进一步|最后|则)?")


def _reported_speech(text, sentences, index, quoted_spans, last_speaker) -> list[Quote]:
    """X表示，…… / 他指出，…… : the rest of the sentence is the speaker's reported words."""
    speech = _speech()
    out = []
    inside = [(s - 1, e + 1) for s, e in quoted_spans]
    for si, sent in enumerate(sentences):
        cands: list[tuple[int, Entity]] = []
        for m, e in index.between(sent.start, sent.end, ("Person",)):
            cands.append((m.end, e))
        # 他表示 / 她还指出 at the start of a clause: the last person named before
        # (the pattern is slow to run over every sentence: only where a pronoun is)
        pronoun_marks = _PRONOUN_CLAUSE.finditer(sent.text) if "他" in sent.text or "她" in sent.text else ()
        for pm in pronoun_marks:
            who = None
            if pm.start() == 0 and si > 0:
                who = _subject_of_previous(text, sentences[si - 1], sent, index)
            if who is None:
                who = _last_person_before(index, sent.start + pm.start(), max(0, sent.start - 600))
            if who is not None:
                cands.append((sent.start + pm.end(), who))
        # 在X看来，…: the speaker's view, reported
        vm = re.match(r"在([^，。“”]{2,40}?)看来[，,]", sent.text)
        who = index.between(sent.start + vm.start(1), sent.start + vm.end(1), ("Person",)) if vm else []
        if who and len(sent.text) - vm.end() >= 8 and "“" not in sent.text[vm.end():vm.end() + 1]:
            ws = sent.start + vm.end()
            out.append(Quote(who[-1][1].key, text[ws:sent.end], ws, sent.end,
                             Evidence(sent.start, sent.end, sent.text), "indirect", "in-view-of"))
            continue
        for j, e in sorted(cands, key=lambda c: c[0]):
            j = _skip_titles(text, j, sent.end)
            # 王晓在接受记者采访时表示 / 陈浩在发布会上介绍: a setting between speaker and verb
            j = _past_setting(text, j, sent.end)
            verb = speech.match_at(text, j) if j < sent.end else None
            if not verb:
                continue
            k = j + len(verb)
            if k + 1 < sent.end and text[k] in "称道" and text[k + 1] in "，,：:":
                k += 1  # 强调称, 表示道
            if k >= sent.end or text[k] not in "，,：:":
                continue
            if any(a <= j < b for a, b in inside):
                continue
            ws, we = k + 1, sent.end
            if ws < len(text) and text[ws] == "“":
                continue  # a direct quote, handled above
            words = text[ws:we]
            # stop where a direct quote takes over (X表示，“…); a quoted term (实现“…”) is part of the words
            q = words.find("“")
            if q >= 0 and q < len(words) * 0.3 and (q == 0 or words[q - 1] in "，,：:。"):
                continue
            opening = max(words.rfind(p + "“") for p in "，,：:")
            if opening > 0:
                # X表示，……，“……”: the reported words end where the direct quote (kept apart) begins
                # (a quoted term before it, 负责“星枢”的…, is part of the words)
                words = words[:opening]
                we = ws + len(words)
            if len(words) < 8:
                continue
            ev = Evidence(sent.start, sent.end, sent.text)
            out.append(Quote(e.key, words, ws, we, ev, "indirect", "reported-speech"))
            para_start, _ = _paragraph_bounds(text, sent.start)
            last_speaker[para_start] = e
            break  # one reported passage per sentence
    return out
