"""Character-level CRF named-entity tagger for Chinese text (PER / ORG / LOC).

The model (``kg/resources/ner.crfsuite``) is a linear-chain CRF trained with
python-crfsuite by ``scripts/train_ner.py`` on the People's Daily 1998 NER dev
split plus the CLUENER2020 train split.  Nothing is loaded at import time; the
model and the lexicons are loaded lazily on first use and cached.

Public API::

    tag(text) -> list[(start, end_exclusive, label)]   # label in PER/ORG/LOC

Offsets index ``text`` exactly (Python ``str`` code points).  Any ``str`` is
accepted: long inputs are cut internally into chunks of at most
``MAX_CHUNK`` characters (preferably at sentence / clause punctuation), so
time and memory are linear in the input length.

Features (``_keys``) are integer keys computed a whole column at a time with
numpy: character uni- and bigrams around each character, character classes,
jieba's words (position in the word and the word's coarse POS class from
jieba's dictionary, ``U`` for a longer word missing from it), surname flags,
surname + given-name candidates with the title / cue context around them,
and runs of transliteration characters.  ``features(text)`` writes the same
keys as the names CRFsuite trains on; ``tag`` scores them with the trained
weights and decodes all chunks of a text at once (``kg.crf``).
"""

from __future__ import annotations

import re
import threading
from itertools import repeat
import unicodedata
from pathlib import Path

from .words import cut

__all__ = ["tag", "features", "LABELS", "MAX_CHUNK", "MODEL_PATH"]

LABELS = ("PER", "ORG", "LOC")
MAX_CHUNK = 500

_RESOURCES = Path(__file__).resolve().parent / "resources"
MODEL_PATH = _RESOURCES / "ner.crfsuite"
SURNAMES_PATH = _RESOURCES / "surnames.txt"

# Characters after which a chunk may end (strong first, then weaker ones).
_STRONG_BREAKS = frozenset("。！？!?；;\n\r\u2028\u2029…")
_WEAK_BREAKS = frozenset("，,、：:　 \t）)」』”’》")
_STRONG_RE = re.compile("[" + re.escape("".join(sorted(_STRONG_BREAKS))) + "]")


# --------------------------------------------------------------------------
# Character normalisation and classes (cached per code point)
# --------------------------------------------------------------------------

_CN_DIGITS = frozenset("零〇一二三四五六七八九十百千万亿两")


def _normalise_char(c: str) -> str:
    """Map one code point to the token used in features.

    Full-width ASCII becomes half-width, digits collapse to ``0``, Latin
    letters are lower-cased, whitespace becomes ``_`` and anything that is
    not safely encodable (controls, surrogates, unassigned) becomes ``?``.
    """
    o = ord(c)
    if 0xFF01 <= o <= 0xFF5E:
        c = chr(o - 0xFEE0)
        o = ord(c)
    elif o == 0x3000:
        return "_"
    if c.isdigit():
        return "0"
    if c.isspace():
        return "_"
    cat = unicodedata.category(c)
    if cat[0] == "C":  # Cc, Cf, Cs (lone surrogates), Co, Cn
        return "?"
    if o < 0x80 and c.isalpha():
        return c.lower()
    return c


def _char_class(c: str) -> str:
    """Coarse class of an (already normalised) character token."""
    if c == "0":
        return "D"
    if c in _CN_DIGITS:
        return "N"
    if c == "_":
        return "S"
    if c == "?":
        return "X"
    o = ord(c)
    if o < 0x80:
        if c.isalpha():
            return "L"
        return "P"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3134F:
        return "H"
    cat = unicodedata.category(c)
    if cat[0] == "P":
        return "P"
    if cat[0] == "L":
        return "L" if o < 0x2E80 else "H"
    if cat[0] == "S":
        return "Y"
    return "O"


# --------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------

_lex_lock = threading.Lock()
_lexicons: dict | None = None

GIVEN_CHARS_PATH = _RESOURCES / "given_name_chars.txt"
TRANSLIT_PATH = _RESOURCES / "translit_chars.txt"
CUES_BEFORE_PATH = _RESOURCES / "name_cues_before.txt"
CUES_AFTER_PATH = _RESOURCES / "name_cues_after.txt"


def _read_lexicon(path: Path) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            s = line.strip()
            if s and not s.startswith("#"):
                out.append(s)
    return out


def _read_given_chars(path: Path) -> dict:
    """``char<TAB>class`` lines -> {char: class}; missing file -> {}."""
    out = {}
    if not path.exists():
        return out
    for line in _read_lexicon(path):
        ch, _, cls = line.partition("\t")
        if len(ch) == 1 and cls:
            out[ch] = cls
    return out


def _load_lexicons() -> dict:
    global _lexicons
    if _lexicons is None:
        with _lex_lock:
            if _lexicons is None:
                words = _read_lexicon(SURNAMES_PATH)
                _lexicons = {
                    "single": frozenset(w for w in words if len(w) == 1),
                    "double": frozenset(w for w in words if len(w) == 2),
                    "given": _read_given_chars(GIVEN_CHARS_PATH),
                    "translit": frozenset(_read_lexicon(TRANSLIT_PATH)),
                    "cues_before": frozenset(_read_lexicon(CUES_BEFORE_PATH)),
                    "cues_after": frozenset(_read_lexicon(CUES_AFTER_PATH)),
                }
    return _lexicons


def _get_surnames() -> tuple[frozenset, frozenset]:
    """(single-character surnames, two-character surnames)."""
    lex = _load_lexicons()
    return lex["single"], lex["double"]


def _reset_lexicons() -> None:
    """Forget cached lexicons (used by the training script after it
    regenerates ``given_name_chars.txt``)."""
    global _lexicons
    with _lex_lock:
        _lexicons = None


# --------------------------------------------------------------------------
# Features: integer keys computed a column at a time with numpy
# --------------------------------------------------------------------------
#
# A feature is a 64-bit key, template id << 56 | value; values pack code
# points (21 bits each) or small ids of character classes, word tags and POS
# classes. ``tag`` scores the keys directly (kg.crf); ``features`` writes them
# as hexadecimal strings, the attribute names CRFsuite trains on, so training
# and tagging share one extractor.

_TEMPLATES = ("u0", "u-1", "u+1", "u-2", "u+2", "b-1", "b+1", "b-2", "b+2", "b~", "k",
              "w", "w0", "p0", "p-1", "p+1", "p", "s0", "s-1", "s+1", "nc", "tr")
_TID = {t: i << 56 for i, t in enumerate(_TEMPLATES, start=1)}
# before the first and after the last character: two noncharacters, which
# normalisation maps to "?", so no real character has these codes
_SOS, _EOS = 0xFDD0, 0xFDD1
_CLASS_ID = {c: i for i, c in enumerate("BEDNSXLPHYO", start=1)}
_SEG_ID = {t: i for i, t in enumerate(("<", ">", "S", "B2", "B3", "B4", "B5", "M3", "M4", "M5",
                                       "E2", "E3", "E4", "E5"), start=1)}
_PC_ID = {c: i for i, c in enumerate("<>RTLOZJNVXU-", start=1)}
_KIND_ID = {"B": 1, "I": 2, "E": 3, "A": 4, "P": 5}

# The word features use jieba's dictionary words (jieba-rs, no HMM). With the
# HMM, names missing from the dictionary come out as new words, but both ways
# of using that scored lower on People's Daily PER (0.833 segmenting with the
# HMM, 0.832 adding its words as extra features, against 0.840).

# jieba POS tag -> coarse class used in the "p" features: R person name,
# T transliterated name, L place, O organisation, Z other proper noun,
# J abbreviation, N other noun, V verb, X anything else; U a word of several
# characters missing from the dictionary, - an unknown single character.
_POS_CLASS = {"nr": "R", "nrfg": "R", "nrt": "T", "ns": "L", "nt": "O",
              "nz": "Z", "j": "J", "n": "N", "ng": "N", "vn": "N"}
_WORD_MINFREQ = 5


def _pos_class(t: str) -> str:
    c = _POS_CLASS.get(t)
    if c is None:
        c = "V" if t[:1] == "v" else "X"
    return c


_words: dict | None = None
_words_lock = threading.Lock()


def _get_words() -> dict:
    """{word: POS class id} for jieba dictionary words with frequency >=
    _WORD_MINFREQ (:mod:`kg.dictionary`: later lines override earlier ones, as in jieba)."""
    global _words
    if _words is None:
        with _words_lock:
            if _words is None:
                from . import dictionary

                tags = dictionary.tags()
                _words = {w: _PC_ID[_pos_class(tags.get(w, ""))]
                          for w, f in dictionary.frequencies().items() if f >= _WORD_MINFREQ}
    return _words


def _char_tables(lex: dict):
    """Per BMP code point: normalised code point, class id, and the lexicon
    flags of the normalised character (surname, given-name class 1 H / 2 M,
    transliteration). Built once per lexicon load."""
    import numpy as np

    tables = lex.get("_tables")
    if tables is None:
        norm = np.empty(0x10000, dtype=np.int64)
        cls = np.empty(0x10000, dtype=np.int64)
        for o in range(0x10000):
            c = _normalise_char(chr(o))
            norm[o] = ord(c)
            cls[o] = _CLASS_ID[_char_class(c)]
        surname = np.zeros(0x10000, dtype=bool)
        given = np.zeros(0x10000, dtype=np.int64)
        translit = np.zeros(0x10000, dtype=bool)
        for ch in lex["single"]:
            if ord(ch) < 0x10000:
                surname[ord(ch)] = True
        for ch, g in lex["given"].items():
            if ord(ch) < 0x10000:
                given[ord(ch)] = 1 if g == "H" else 2
        for ch in lex["translit"]:
            if len(ch) == 1 and ord(ch) < 0x10000:
                translit[ord(ch)] = True
        # U+FFFF is where code points beyond the BMP are looked up: no flags
        surname[0xFFFF] = translit[0xFFFF] = False
        given[0xFFFF] = 0
        tables = lex["_tables"] = {
            "norm": norm, "cls": cls, "surname": surname, "given": given, "translit": translit,
            "double": _gram_keys(lex["double"], 2),
            "cues_before": [_gram_keys(lex["cues_before"], L) for L in (1, 2, 3)],
            "cues_after": [_gram_keys(lex["cues_after"], L) for L in (1, 2)],
        }
    return tables


def _gram_keys(words, L: int):
    """Sorted keys of the ``L``-character words (code points packed 21 bits each)."""
    import numpy as np

    keys = set()
    for w in words:
        if len(w) == L:
            k = 0
            for ch in w:
                k = k << 21 | ord(ch)
            keys.add(k)
    return np.array(sorted(keys), dtype=np.int64)


def _word_features(text: str, pieces: list[tuple[int, int]], cp):
    """Per character of ``text`` (code points ``cp``): the word-position tag
    id and POS class id of the jieba word holding it, as if each piece were
    cut alone.

    The text is cut once: a piece that ends at punctuation or a line break
    ends a block for jieba too, so jieba's words there are the piece's own.
    A piece hard-cut inside a run of characters (and the one after it) is
    cut again alone.
    """
    seg, pcs = _words_of(cut(text, hmm=False), cp)
    hard = [_JIEBA_BLOCK.match(text, e - 1) is not None for _, e in pieces]
    for i, (s, e) in enumerate(pieces):
        if hard[i] or i and hard[i - 1]:
            seg[s:e], pcs[s:e] = _words_of(cut(text[s:e], hmm=False), cp[s:e])
    return seg, pcs


def _words_of(ws: list[str], cp):
    """Word-position tag and POS class ids per character of the words ``ws``,
    which cover the characters with code points ``cp``."""
    import numpy as np

    lengths = np.fromiter(map(len, ws), dtype=np.int64, count=len(ws))
    # one-character words by table, longer ones in the dictionary
    classes = _char_word_classes()[np.minimum(cp[np.cumsum(lengths) - lengths], 0xFFFF)]
    several = lengths > 1
    if several.any():
        longer = [w for w in ws if len(w) > 1]
        classes[several] = np.fromiter(map(_get_words().get, longer, repeat(0)), dtype=np.int64, count=len(longer))
    classes = np.where(classes > 0, classes, np.where(several, _PC_ID["U"], _PC_ID["-"]))
    return _word_tags(lengths, len(cp)), np.repeat(classes, lengths)


_char_classes = None


def _char_word_classes():
    """POS class id of each BMP character as a one-character dictionary word (0: none)."""
    global _char_classes
    if _char_classes is None:
        import numpy as np

        t = np.zeros(0x10000, dtype=np.int64)
        for w, c in _get_words().items():
            if len(w) == 1 and ord(w) < 0xFFFF:
                t[ord(w)] = c
        _char_classes = t
    return _char_classes


# characters jieba keeps together in one block (jieba.re_han_default)
_JIEBA_BLOCK = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]")


def _word_tags(lengths, n: int):
    """Word-position tag id (S, B2, M3, E4, ...) of each of the ``n``
    characters covered by consecutive words of the given ``lengths``."""
    import numpy as np

    L = np.repeat(lengths, lengths)
    off = np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    lb = np.minimum(L, 5)
    return np.where(L == 1, _SEG_ID["S"],
                    np.where(off == 0, lb - 2 + _SEG_ID["B2"],
                             np.where(off == L - 1, lb - 2 + _SEG_ID["E2"], lb - 3 + _SEG_ID["M3"])))


def _shift(x, by: int, fill: int, outside):
    """``x`` moved ``by`` places (right if positive), ``fill`` where ``outside``."""
    import numpy as np

    y = np.empty_like(x)
    if by > 0:
        y[by:] = x[:-by]
    elif by < 0:
        y[:by] = x[-by:]
    else:
        y[:] = x
    y[outside] = fill
    return y


def _grams(c, L: int):
    """For each position x: the ``L`` characters ending at x (inclusive),
    code points packed 21 bits each (0 for characters before the start)."""
    import numpy as np

    n = len(c)
    g = np.zeros(n, dtype=np.int64)
    for d in range(L - 1, -1, -1):
        g = g << 21 | _shift(c, d, 0, np.arange(n) < d)
    return g


def _grams_in(g, end_at, valid, keys):
    """For each position i: whether the gram of ``g`` ending at ``end_at[i]``
    is one of ``keys``; False where not ``valid``."""
    import numpy as np

    if not len(keys) or len(g) == 0:
        return np.zeros(len(g), dtype=bool)
    gx = g[np.clip(end_at, 0, len(g) - 1)]
    i = np.searchsorted(keys, gx)
    i[i == len(keys)] = 0
    return valid & (keys[i] == gx)


def _keys(text: str, pieces: list[tuple[int, int]]):
    """Feature keys of ``text[s:e]`` for each piece, the pieces concatenated:
    the text position of each row, the dense ``(rows, templates)`` key matrix
    and the sparse features as parallel (row, key) arrays."""
    import numpy as np

    lex = _load_lexicons()
    tb = _char_tables(lex)
    bounds = np.array(pieces, dtype=np.int64).reshape(-1, 2)
    lengths = bounds[:, 1] - bounds[:, 0]
    firsts = np.cumsum(lengths) - lengths
    n = int(lengths.sum())
    pos = np.arange(n)
    idx = pos + np.repeat(bounds[:, 0] - firsts, lengths)  # the text position of each row
    pic = pos - np.repeat(firsts, lengths)  # position in the piece
    rem = np.repeat(lengths, lengths) - pic - 1  # characters after it in the piece

    cp_text = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    cp = cp_text[idx]
    bmp = np.minimum(cp, 0xFFFF)
    c = tb["norm"][bmp]
    k = tb["cls"][bmp]
    for i in np.flatnonzero(cp > 0xFFFF):
        ch = _normalise_char(chr(cp[i]))
        c[i], k[i] = ord(ch), _CLASS_ID[_char_class(ch)]
    cb = np.minimum(c, 0xFFFF)

    # words: word-position tag (S, B2, M3, E4, ...) and POS class per character
    seg_text, pcs_text = _word_features(text, pieces, cp_text)
    seg, pcs = seg_text[idx], pcs_text[idx]

    at0, at1, end0, end1 = pic < 1, pic < 2, rem < 1, rem < 2
    m1, m2 = _shift(c, 1, _SOS, at0), _shift(c, 2, _SOS, at1)
    p1, p2 = _shift(c, -1, _EOS, end0), _shift(c, -2, _EOS, end1)
    km1, kp1 = _shift(k, 1, _CLASS_ID["B"], at0), _shift(k, -1, _CLASS_ID["E"], end0)
    sm1, sp1 = _shift(seg, 1, _SEG_ID["<"], at0), _shift(seg, -1, _SEG_ID[">"], end0)
    pp = pcs << 5 | seg
    pm1, pn1 = _shift(pp, 1, _PC_ID["<"] << 5, at0), _shift(pp, -1, _PC_ID[">"] << 5, end0)
    cm1, cp1 = _shift(pcs, 1, _PC_ID["<"], at0), _shift(pcs, -1, _PC_ID[">"], end0)

    # surnames: 1 a one-character surname, 2 and 3 the two characters of a
    # two-character one (欧阳)
    sur = tb["surname"][cb].astype(np.int64)
    # the one-, two- and three-character grams ending at each position, built once
    grams = {L: _grams(c, L) for L in (1, 2, 3)}
    double = _grams_in(grams[2], pos + 1, ~end0, tb["double"])
    sur[np.flatnonzero(double) + 1] = 3
    sur[double] = 2

    T = _TID
    dense = np.stack([
        T["u0"] | c, T["u-1"] | m1, T["u+1"] | p1, T["u-2"] | m2, T["u+2"] | p2,
        T["b-1"] | m1 << 21 | c, T["b+1"] | c << 21 | p1, T["b-2"] | m2 << 21 | m1,
        T["b+2"] | p1 << 21 | p2, T["b~"] | m1 << 21 | p1,
        T["k"] | km1 << 8 | k << 4 | kp1,
        T["w"] | sm1 << 10 | seg << 5 | sp1, T["w0"] | seg,
        T["p0"] | pp, T["p-1"] | pm1, T["p+1"] | pn1, T["p"] | cm1 << 8 | pcs << 4 | cp1,
        T["s0"] | sur, T["s-1"] | _shift(sur, 1, 0, at0), T["s+1"] | _shift(sur, -1, 0, end0),
    ], axis=1)

    # context cues: a title or cue word ending right before i, one starting right after j
    cue_before = np.zeros(n, dtype=bool)
    for L_, keys in zip((1, 2, 3), tb["cues_before"]):
        cue_before |= _grams_in(grams[L_], pos - 1, pic >= L_, keys)
    cue_after = np.zeros(n, dtype=bool)
    for L_, keys in zip((1, 2), tb["cues_after"]):
        cue_after |= _grams_in(grams[L_], pos + L_, rem >= L_, keys)

    ex_pos, ex_key = [], []

    def emit(where, key):
        ex_pos.append(where)
        ex_key.append(key)  # an array of the same length

    # name candidates: a surname and one or two given-name characters; keys on
    # the span (B, I, E), the character before (P) and after (A), and the
    # span's context (a cue before, after or both)
    given = tb["given"][cb]
    for sk, starts in ((1, np.flatnonzero(sur == 1)), (2, np.flatnonzero(sur == 2))):
        g1 = np.where(rem[starts] >= sk, given[np.minimum(starts + sk, n - 1)], 0)
        g2 = np.where(rem[starts] >= sk + 1, given[np.minimum(starts + sk + 1, n - 1)], 0)
        for length, ok, b in ((1, g1 > 0, g1), (2, (g1 > 0) & (g2 > 0), np.where((g1 == 1) & (g2 == 1), 1, 2))):
            i = starts[ok]
            j = i + sk + length - 1
            base = T["nc"] | sk << 12 | length << 9 | b[ok] << 6
            emit(i, base | _KIND_ID["B"] << 3)
            for m in range(1, sk + length - 1):
                emit(i + m, base | _KIND_ID["I"] << 3)
            emit(j, base | _KIND_ID["E"] << 3)
            a = rem[j] >= 1
            emit(j[a] + 1, base[a] | _KIND_ID["A"] << 3)
            p = pic[i] >= 1
            emit(i[p] - 1, base[p] | _KIND_ID["P"] << 3)
            ctx = cue_before[i].astype(np.int64) | cue_after[j].astype(np.int64) << 1
            x = ctx > 0
            emit(i[x], base[x] | _KIND_ID["B"] << 3 | ctx[x])
            emit(j[x], base[x] | _KIND_ID["E"] << 3 | ctx[x])

    # runs of two or more transliteration characters (foreign names and places)
    t = tb["translit"][cb]
    run_start = t & (at0 | ~_shift(t, 1, False, at0))
    run_end = t & (end0 | ~_shift(t, -1, False, end0))
    rs, re_ = np.flatnonzero(run_start), np.flatnonzero(run_end)
    long = re_ > rs
    rs, re_ = rs[long], re_[long]
    if len(rs):
        lb_ = np.minimum(re_ - rs + 1, 6)
        emit(rs, T["tr"] | _KIND_ID["B"] << 8 | lb_ << 3)
        emit(re_, T["tr"] | _KIND_ID["E"] << 8 | lb_ << 3)
        inner = re_ - rs - 1  # characters strictly inside each run
        if inner.sum():
            step = np.arange(inner.sum()) - np.repeat(np.cumsum(inner) - inner, inner)
            emit(np.repeat(rs + 1, inner) + step, T["tr"] | _KIND_ID["I"] << 8 | np.repeat(lb_, inner) << 3)
        ctx = cue_before[rs].astype(np.int64) | cue_after[re_].astype(np.int64) << 1
        x = ctx > 0
        emit(rs[x], T["tr"] | _KIND_ID["B"] << 8 | ctx[x])
        emit(re_[x], T["tr"] | _KIND_ID["E"] << 8 | ctx[x])

    extra_pos = np.concatenate(ex_pos) if ex_pos else np.zeros(0, dtype=np.int64)
    extra_keys = np.concatenate(ex_key) if ex_key else np.zeros(0, dtype=np.int64)
    return idx, dense, extra_pos, extra_keys


def features(text: str) -> list[list[str]]:
    """One list of feature names per character of ``text`` (the keys of
    ``_keys`` in hexadecimal): what ``scripts/train_ner.py`` trains on.

    >>> f = features("王小明说")
    >>> len(f), format(_TID["u0"] | ord("王"), "x") in f[0]
    (4, True)
    """
    if not text:
        return []
    import numpy as np

    _, dense, extra_pos, extra_keys = _keys(text, [(0, len(text))])
    rows = [[format(x, "x") for x in row] for row in dense.tolist()]
    order = np.argsort(extra_pos, kind="stable")
    for i, key in zip(extra_pos[order].tolist(), extra_keys[order].tolist()):
        rows[i].append(format(key, "x"))
    return rows


def attr_key(attr: str) -> int:
    """The key of a feature name made by ``features``."""
    return int(attr, 16)


# --------------------------------------------------------------------------
# Chunking
# --------------------------------------------------------------------------


def _chunks(text: str, max_len: int = MAX_CHUNK) -> list[tuple[int, int]]:
    """Split ``text`` into [start, end) pieces of at most ``max_len`` chars.

    Pieces end after strong punctuation (sentence ends, newlines); pieces that
    are still too long are cut at the last weak break (comma, space, ...)
    before the limit, or hard-cut at the limit.  Linear in ``len(text)``.
    """
    n = len(text)
    out: list[tuple[int, int]] = []
    start = 0
    for m in _STRONG_RE.finditer(text):
        e = m.end()
        if e - start < max_len:
            out.append((start, e))
        else:
            _cut_long(text, start, e, max_len, out)
        start = e
    if start < n:
        if n - start < max_len:
            out.append((start, n))
        else:
            _cut_long(text, start, n, max_len, out)
    return out


def _cut_long(text: str, start: int, end: int, max_len: int, out: list) -> None:
    """Cut ``text[start:end]`` (no strong break before its last character)
    into pieces of at most ``max_len`` characters."""
    last_weak = -1
    i = start
    strong = _STRONG_BREAKS
    weak = _WEAK_BREAKS
    while i < end:
        ch = text[i]
        if ch in strong:
            out.append((start, i + 1))
            start = i + 1
            last_weak = -1
        else:
            if ch in weak:
                last_weak = i
            if i + 1 - start >= max_len:
                cut = last_weak + 1 if last_weak >= start + max_len // 4 else i + 1
                out.append((start, cut))
                start = cut
                last_weak = -1
                # the characters between cut and i+1 are re-scanned below
                i = cut
                continue
        i += 1
    if start < end:
        out.append((start, end))


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------

_model = None
_model_lock = threading.Lock()


def _get_model():
    """The shipped CRF, read into numpy arrays (see ``kg.crf``) on first use."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                from .crf import CRFModel

                # the feature code decides the keys: a cached model is one of this code
                _model = CRFModel.cached(MODEL_PATH, attr_key, salt=Path(__file__).read_text(encoding="utf-8"))
    return _model


def _decode(labels, offset: int, out: list) -> None:
    """Append (start, end, type) spans from a BIO label sequence."""
    cur_type = None
    cur_start = 0
    for j, lab in enumerate(labels):
        if lab == "O":
            if cur_type is not None:
                out.append((offset + cur_start, offset + j, cur_type))
                cur_type = None
            continue
        bio, _, typ = lab.partition("-")
        if bio == "B" or typ != cur_type:
            if cur_type is not None:
                out.append((offset + cur_start, offset + j, cur_type))
            cur_type = typ
            cur_start = j
    if cur_type is not None:
        out.append((offset + cur_start, offset + len(labels), cur_type))


# Characters tagged in one go: the key and score arrays grow with it (about
# 250 bytes a character), so a huge text is tagged block by block.
BLOCK = 50_000


def tag(text: str) -> list[tuple[int, int, str]]:
    """Tag ``text``; return sorted spans ``(start, end_exclusive, label)``."""
    if not isinstance(text, str):
        raise TypeError(f"tag() expects str, got {type(text).__name__}")
    if not text:
        return []
    model = _get_model()
    pieces = [(s, e) for s, e in _chunks(text) if not text[s:e].isspace()]
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(pieces):
        j = i + 1
        while j < len(pieces) and pieces[j][1] - pieces[i][0] <= BLOCK:
            j += 1
        start, end = pieces[i][0], pieces[j - 1][1]
        block = [(s - start, e - start) for s, e in pieces[i:j]]
        spans.extend((s + start, e + start, lab) for s, e, lab in _tag_block(model, text[start:end], block))
        i = j
    return spans


def _tag_block(model, text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Spans in ``text``, tagging its ``pieces`` (each one sequence) together."""
    idx, dense, extra_pos, extra_keys = _keys(text, pieces)
    scores = model.emissions(dense, extra_pos, extra_keys)
    bounds, first = [], 0
    for s, e in pieces:
        bounds.append((first, first + e - s))
        first += e - s
    best = model.viterbi(scores, bounds)
    return _spans(best, idx, [a for a, _ in bounds], model.labels)


def _spans(best, idx, firsts: list[int], labels: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Entity spans of the label path ``best`` (rows at text positions
    ``idx``, pieces starting at rows ``firsts``), read as ``_decode`` reads
    BIO: a span starts at a B- label, or at an I- label that does not
    continue a span of its type; it ends before O, a start or a piece's end."""
    import numpy as np

    types = sorted({lab[2:] for lab in labels if lab != "O"})
    type_of = np.array([0 if lab == "O" else 1 + types.index(lab[2:]) for lab in labels])
    is_b = np.array([lab.startswith("B-") for lab in labels])
    t = type_of[best]
    piece_start = np.zeros(len(best), dtype=bool)
    piece_start[firsts] = True
    prev = np.concatenate([[0], t[:-1]])
    prev[piece_start] = 0
    starts = (t > 0) & (is_b[best] | (prev != t))
    nxt_start = np.concatenate([starts[1:], [True]]) | np.concatenate([piece_start[1:], [True]])
    ends = (t > 0) & (nxt_start | np.concatenate([t[1:] == 0, [True]]))
    s_rows, e_rows = np.flatnonzero(starts), np.flatnonzero(ends)
    out = []
    for a, b, k in zip(idx[s_rows].tolist(), (idx[e_rows] + 1).tolist(), t[s_rows].tolist()):
        if types[k - 1] in LABELS:
            out.append((a, b, types[k - 1]))
    return out
