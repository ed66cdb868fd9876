"""What every mention finder shares: the lexicons (compiled once, on first use),
jieba's segmentation and dictionary, and the statistical tagger's spans.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import accumulate

from .. import dictionary, lexicon
from ..gazetteer import Gazetteer
from ..words import cut as jieba_cut


CJK = r"\u4e00-\u9fff"
PUNCT = set("，。、；：？！,.;:?!“”‘’「」『』（）()《》【】—…·\n ")
OPEN_Q = "“「『‘"
CLOSE_Q = "”」』’"


@lru_cache(maxsize=None)
def surnames() -> frozenset[str]:
    return lexicon.words("surnames.txt")


@lru_cache(maxsize=None)
def title_words() -> Gazetteer:
    return Gazetteer(lexicon.words("titles.txt"))


@lru_cache(maxsize=None)
def person_descriptions() -> Gazetteer:
    """种植户, 业内人士, 游客…: words describing the person named right after them."""
    return Gazetteer(lexicon.words("person_descriptions.txt"))


@lru_cache(maxsize=None)
def name_followers() -> Gazetteer:
    return Gazetteer(lexicon.words("name_followers.txt") | lexicon.words("speech_verbs.txt") | lexicon.words("titles.txt"))


@lru_cache(maxsize=None)
def speech_verbs() -> Gazetteer:
    return Gazetteer(lexicon.words("speech_verbs.txt"))


@lru_cache(maxsize=None)
def org_endings() -> Gazetteer:
    return Gazetteer(lexicon.org_suffixes())


@lru_cache(maxsize=None)
def org_left_stops() -> Gazetteer:
    return Gazetteer(lexicon.words("org_left_stops.txt"))


@lru_cache(maxsize=None)
def division_names() -> Gazetteer:
    return Gazetteer(lexicon.divisions())


@lru_cache(maxsize=None)
def award_words() -> Gazetteer:
    return Gazetteer(lexicon.words("award_words.txt"))


@lru_cache(maxsize=None)
def achievement_heads() -> tuple[str, ...]:
    return tuple(sorted(lexicon.words("achievement_heads.txt"), key=len, reverse=True))


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@lru_cache(maxsize=4096)
def _segmented(text: str, hmm: bool = False) -> tuple[tuple[tuple[int, int, str], ...], list[int]]:
    """jieba tokens of a sentence with their offsets, and their end offsets
    (cached per sentence; built without per-word Python code, as this runs on
    most sentences)."""
    words = jieba_cut(text, hmm=hmm)
    ends = list(accumulate(map(len, words)))
    return tuple(zip([0, *ends[:-1]], ends, words)), ends


def tokens(text: str, hmm: bool = False) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, word)`` for the jieba words of a sentence.
    By default without the HMM: boundaries of known words are what matters,
    and it is faster; with ``hmm`` jieba joins unknown names (极米, 蔚来)."""
    return _segmented(text, hmm)[0]


def token_ends(text: str, hmm: bool = False) -> list[int]:
    """The end offset of each of ``_tokens(text, hmm)``, for bisection."""
    return _segmented(text, hmm)[1]


@lru_cache(maxsize=None)
def foreign_countries() -> str:
    """The countries but China (countries.txt), as a regex alternation, longest first."""
    return lexicon.alternation_of(lexicon.words("countries.txt") - {"中国"})


@lru_cache(maxsize=None)
def place_names() -> Gazetteer:
    names = set(lexicon.words("countries.txt"))
    for full, ds in lexicon.divisions().items():
        names.add(full)
        for d in ds:
            if d.short:
                names.add(d.short)
    names.update(("中国", "国家", "全国"))
    return Gazetteer(names)


def word_freq() -> dict[str, int]:
    """jieba's word frequencies (:mod:`kg.dictionary`; a word's prefixes at 0)."""
    return dictionary.frequencies()


def segment(text: str) -> list[str]:
    """Words of ``text`` (jieba, with its HMM for unknown words)."""
    return jieba_cut(text, hmm=True)


def jieba_tags() -> dict[str, str]:
    """jieba's part-of-speech tags (:mod:`kg.dictionary`)."""
    return dictionary.tags()


@lru_cache(maxsize=1)
def ner_tagger():
    """The shipped statistical tagger, or None (with one warning) when its model is missing."""
    try:
        from .. import ner_model
        ner_model.tag("模型")  # loads the model
        return ner_model
    except (ImportError, OSError) as exc:
        import logging
        logging.getLogger("kg").warning("statistical name tagger unavailable (%s); using rules only", exc)
        return None


@lru_cache(maxsize=2)
def tagged_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """The statistical tagger's spans of ``text``, computed once per document
    for the finders that read them (people, organisations)."""
    tagger = ner_tagger()
    return tuple(tagger.tag(text)) if tagger is not None else ()
