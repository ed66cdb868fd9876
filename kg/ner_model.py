"""Character-level CRF named-entity tagger for Chinese text (PER / ORG / LOC).

The model (``kg/resources/ner.crfsuite``) is a linear-chain CRF trained with
python-crfsuite by ``scripts/train_ner.py`` on the People's Daily 1998 NER dev
split plus the CLUENER2020 train split.  Nothing is loaded at import time; the
model and the surname lexicon are loaded lazily on first use and cached.

Public API::

    tag(text) -> list[(start, end_exclusive, label)]   # label in PER/ORG/LOC

Offsets index ``text`` exactly (Python ``str`` code points).  Any ``str`` is
accepted: long inputs are cut internally into chunks of at most
``MAX_CHUNK`` characters (preferably at sentence / clause punctuation), so
time and memory are linear in the input length.

``features(text)`` is the feature extractor shared by training and tagging.
"""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

__all__ = ["tag", "features", "LABELS", "MAX_CHUNK", "MODEL_PATH"]

LABELS = ("PER", "ORG", "LOC")
MAX_CHUNK = 500

_RESOURCES = Path(__file__).resolve().parent / "resources"
MODEL_PATH = _RESOURCES / "ner.crfsuite"
SURNAMES_PATH = _RESOURCES / "surnames.txt"

# Characters after which a chunk may end (strong first, then weaker ones).
_STRONG_BREAKS = frozenset("。！？!?；;\n\r\u2028\u2029…")
_WEAK_BREAKS = frozenset("，,、：:　 \t）)」』”’》")


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


class _NormCache(dict):
    def __missing__(self, c):
        v = _normalise_char(c)
        if len(self) < 200_000:
            self[c] = v
        return v


class _ClassCache(dict):
    def __missing__(self, c):
        v = _char_class(c)
        if len(self) < 200_000:
            self[c] = v
        return v


_NORM = _NormCache()
_CLASS = _ClassCache()


# --------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------

_lex_lock = threading.Lock()
_lexicons: dict | None = None

GIVEN_CHARS_PATH = _RESOURCES / "given_name_chars.txt"
TRANSLIT_PATH = _RESOURCES / "translit_chars.txt"


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
# Word segmentation (jieba, private tokenizer so that user dictionaries added
# elsewhere in the process do not change the features)
# --------------------------------------------------------------------------

_seg = None
_seg_lock = threading.Lock()


def _get_segmenter():
    global _seg
    if _seg is None:
        with _seg_lock:
            if _seg is None:
                import logging
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # jieba imports pkg_resources
                    import jieba
                jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on stderr
                tok = jieba.Tokenizer()
                tok.initialize()
                _seg = tok
    return _seg


def _seg_tags(text: str) -> list[str]:
    """Per-character word-position tags from jieba (B/M/E/S, word length
    bucket, in-dictionary flag)."""
    tok = _get_segmenter()
    freq = tok.FREQ
    out: list[str] = []
    with _seg_lock:
        words = tok.lcut(text, HMM=True)
    for w in words:
        n = len(w)
        d = "d" if freq.get(w) else "h"
        if n == 1:
            out.append("S" + d)
        else:
            lb = str(n) if n < 5 else "5"
            out.append("B" + lb + d)
            if n > 2:
                out.extend(["M" + lb + d] * (n - 2))
            out.append("E" + lb + d)
    if len(out) != len(text):  # never expected; keep features aligned anyway
        return ["S?"] * len(text)
    return out


# --------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------


def features(text: str) -> list[list[str]]:
    """Return one list of feature strings per character of ``text``."""
    n = len(text)
    if n == 0:
        return []
    lex = _load_lexicons()
    single = lex["single"]
    double = lex["double"]
    given = lex["given"]
    translit = lex["translit"]
    norm = _NORM
    cls = _CLASS
    c = [norm[ch] for ch in text]
    k = [cls[ch] for ch in c]
    # padded character / class sequences: index j+2 holds position j
    p = ["<s>", "<s>"] + c + ["</s>", "</s>"]
    pk = ["B", "B"] + k + ["E", "E"]
    r = range(n)
    # surname flags: s1 = single surname char, s2/s3 = compound surname
    sf = ["s1" if ch in single else "" for ch in c]
    for j in range(n - 1):
        if c[j] + c[j + 1] in double:
            sf[j] = "s2"
            sf[j + 1] = "s3"
    psf = ["", ""] + sf + ["", ""]
    seg = _seg_tags(text)
    pseg = ["<", "<"] + seg + [">", ">"]

    feats = [
        list(t)
        for t in zip(
            ["u0=" + x for x in c],
            ["u-1=" + p[j + 1] for j in r],
            ["u+1=" + p[j + 3] for j in r],
            ["u-2=" + p[j] for j in r],
            ["u+2=" + p[j + 4] for j in r],
            ["b-1=" + p[j + 1] + p[j + 2] for j in r],
            ["b+1=" + p[j + 2] + p[j + 3] for j in r],
            ["b-2=" + p[j] + p[j + 1] for j in r],
            ["b+2=" + p[j + 3] + p[j + 4] for j in r],
            ["b~=" + p[j + 1] + p[j + 3] for j in r],
            ["k=" + pk[j + 1] + pk[j + 2] + pk[j + 3] for j in r],
            ["s=" + psf[j + 1] + "|" + psf[j + 2] + "|" + psf[j + 3] for j in r],
            ["j0=" + x for x in seg],
            ["j-1=" + pseg[j + 1] for j in r],
            ["j+1=" + pseg[j + 3] for j in r],
        )
    ]

    # Name candidates: surname followed by 1-2 plausible given-name chars.
    # Emitted on the span (B/I/E), the char before (P) and after (A).
    if given:
        for i in range(n):
            s = sf[i]
            if s == "s2":
                g, sk = i + 2, "2"
            elif s == "s1":
                g, sk = i + 1, "1"
            else:
                continue
            b = ""
            for length in (1, 2):
                j = g + length - 1
                if j >= n:
                    break
                gb = given.get(c[j])
                if gb is None:
                    break
                b = gb if not b else ("H" if b == "H" and gb == "H" else "M")
                name = "nc" + sk + str(length) + b
                feats[i].append(name + "B")
                for m in range(i + 1, j):
                    feats[m].append(name + "I")
                feats[j].append(name + "E")
                if j + 1 < n:
                    feats[j + 1].append(name + "A")
                if i > 0:
                    feats[i - 1].append(name + "P")

    # Runs of transliteration characters (foreign names and places).
    i = 0
    while i < n:
        if c[i] in translit:
            j = i + 1
            while j < n and c[j] in translit:
                j += 1
            if j - i >= 2:
                lb = str(min(j - i, 6))
                feats[i].append("trB" + lb)
                for m in range(i + 1, j - 1):
                    feats[m].append("trI" + lb)
                feats[j - 1].append("trE" + lb)
            i = j
        else:
            i += 1
    return feats


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
    last_weak = -1
    i = 0
    strong = _STRONG_BREAKS
    weak = _WEAK_BREAKS
    while i < n:
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
    if start < n:
        out.append((start, n))
    return out


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------

_tagger = None
_tagger_lock = threading.Lock()


def _get_tagger():
    global _tagger
    if _tagger is None:
        with _tagger_lock:
            if _tagger is None:
                import pycrfsuite

                t = pycrfsuite.Tagger()
                t.open(str(MODEL_PATH))
                _tagger = t
    return _tagger


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


def tag(text: str) -> list[tuple[int, int, str]]:
    """Tag ``text``; return sorted spans ``(start, end_exclusive, label)``."""
    if not isinstance(text, str):
        raise TypeError(f"tag() expects str, got {type(text).__name__}")
    if not text:
        return []
    tagger = _get_tagger()
    spans: list[tuple[int, int, str]] = []
    for s, e in _chunks(text):
        piece = text[s:e]
        if not piece.strip():
            continue
        xseq = features(piece)
        with _tagger_lock:
            labels = tagger.tag(xseq)
        _decode(labels, s, spans)
    return [sp for sp in spans if sp[2] in LABELS]
