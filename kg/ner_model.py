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

``features(text)`` is the feature extractor shared by training and tagging
(character n-grams, character classes, greedy longest-match words from
jieba's dictionary with their coarse POS class (person / place / organisation
name, noun, verb, ...), surname / given-name / transliteration lexicon features
and person-name context cues).  ``tag()`` uses the same extractor without
the per-character list copies.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
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


class _CharCache(dict):
    """A per-character memo of ``fn`` (bounded, so odd input cannot grow it forever)."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def __missing__(self, c):
        v = self.fn(c)
        if len(self) < 200_000:
            self[c] = v
        return v


_NORM = _CharCache(_normalise_char)
_CLASS = _CharCache(_char_class)


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
                    "double_first": frozenset(w[0] for w in words if len(w) == 2),
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
# Dictionary-word features (jieba's dict.txt read directly, greedy longest
# match, so that user dictionaries added to jieba elsewhere in the process do
# not change the features)
# --------------------------------------------------------------------------

_seg_lock = threading.Lock()
_MAX_WORD = 6


_WTAGS = {}
for _n in range(1, _MAX_WORD + 1):
    if _n == 1:
        _WTAGS[1] = ("S",)
    else:
        _lb = str(min(_n, 5))
        _WTAGS[_n] = ("B" + _lb,) + ("M" + _lb,) * (_n - 2) + ("E" + _lb,)
del _n


_words = None
_chars = None
_WORD_MINFREQ = 5

# jieba POS tag -> coarse class used in the "p" features: R person name,
# T transliterated name, L place, O organisation, Z other proper noun,
# J abbreviation, N other noun, V verb, X anything else.
_POS_CLASS = {"nr": "R", "nrfg": "R", "nrt": "T", "ns": "L", "nt": "O",
              "nz": "Z", "j": "J", "n": "N", "ng": "N", "vn": "N"}


def _pos_class(t: str) -> str:
    c = _POS_CLASS.get(t)
    if c is None:
        c = "V" if t[:1] == "v" else "X"
    return c


def _dict_path() -> str:
    """Path of jieba's main dictionary (``word freq tag`` per line), found
    without importing jieba."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise ImportError("jieba is required for the NER features")
    return os.path.join(os.path.dirname(spec.origin), "dict.txt")


def _get_words() -> dict:
    """{word: POS class, proper prefix: 0} for jieba dictionary words of
    2.._MAX_WORD characters with frequency >= _WORD_MINFREQ (built once from
    jieba's dict.txt, ~165k keys; later lines override earlier ones as in
    jieba).  Also builds the single-character table used by ``_segment``."""
    global _words, _chars
    if _words is None:
        entries = {}
        with open(_dict_path(), encoding="utf-8") as fh:
            for line in fh:
                parts = line.strip().split(" ")
                if len(parts) < 2:
                    continue
                try:
                    f = int(parts[1])
                except ValueError:
                    continue
                entries[parts[0]] = (f, parts[2] if len(parts) > 2 else "")
        d = {}
        ch = {}
        for w, (f, t) in entries.items():
            if f >= _WORD_MINFREQ:
                if 2 <= len(w) <= _MAX_WORD:
                    d[w] = _pos_class(t)
                elif len(w) == 1:
                    ch[w] = _pos_class(t)
        for w in list(d):
            for L in range(2, len(w)):
                d.setdefault(w[:L], 0)
        with _seg_lock:
            if _words is None:
                _chars = ch
                _words = d
    return _words


def _segment(text: str) -> tuple[list[str], list[str]]:
    """Greedy forward longest match against jieba's dictionary: per-character
    word-position tags (S, B2, M3, E4, ...) and the POS class of the word
    each character belongs to ("-" for unknown single characters).  Much
    cheaper than jieba's DAG + HMM segmentation and deterministic."""
    get = _get_words().get
    cget = _chars.get
    n = len(text)
    out: list[str] = []
    pos: list[str] = []
    ext = out.extend
    pext = pos.extend
    wt = _WTAGS
    mx = _MAX_WORD
    i = 0
    while i < n:
        best = 1
        bc = None
        j = i + 2
        lim = i + mx if i + mx < n else n
        while j <= lim:
            f = get(text[i:j])
            if f is None:
                break
            if f:
                best = j - i
                bc = f
            j += 1
        ext(wt[best])
        if best == 1:
            pos.append(cget(text[i], "-"))
        else:
            pext((bc,) * best)
        i += best
    return out, pos


def _seg_tags(text: str) -> list[str]:
    """Per-character word-position tags (S, B2, M3, E4, ...); see _segment."""
    return _segment(text)[0]


# --------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------

def _rows(text: str) -> list:
    """One tuple of feature strings per character of ``text`` (pycrfsuite
    accepts any iterable of strings per item; tuples avoid list copies)."""
    n = len(text)
    if n == 0:
        return []
    lex = _load_lexicons()
    norm = _NORM
    cls = _CLASS
    c = [norm[ch] for ch in text]
    k = [cls[ch] for ch in c]
    # shifted character sequences
    p = ["<s>", "<s>", *c, "</s>", "</s>"]
    m2 = p[:n]
    m1 = p[1 : n + 1]
    p1 = p[3 : n + 3]
    p2 = p[4 : n + 4]
    pk = ["B", *k, "E"]
    seg, pc = _segment(text)
    ps = ["<", *seg, ">"]
    pp = ["<", *[a + b for a, b in zip(pc, seg)], ">"]
    pcx = ["<", *pc, ">"]

    rows = list(
        zip(
            ["u0=" + x for x in c],
            ["u-1=" + x for x in m1],
            ["u+1=" + x for x in p1],
            [f"b-1={a}{b}" for a, b in zip(m1, c)],
            [f"b+1={a}{b}" for a, b in zip(c, p1)],
            [f"b-2={a}{b}" for a, b in zip(m2, m1)],
            [f"b+2={a}{b}" for a, b in zip(p1, p2)],
            [f"b~={a}{b}" for a, b in zip(m1, p1)],
            [f"k={a}{b}{d}" for a, b, d in zip(pk, k, pk[2:])],
            [f"w={a}|{b}|{d}" for a, b, d in zip(ps, seg, ps[2:])],
            ["w0=" + x for x in seg],
            ["p0=" + x for x in pp[1 : n + 1]],
            ["p-1=" + x for x in pp[:n]],
            ["p+1=" + x for x in pp[2:]],
            [f"p={a}{b}{d}" for a, b, d in zip(pcx, pc, pcx[2:])],
        )
    )

    for j, e in _extras(c, lex).items():
        rows[j] = rows[j] + tuple(e)
    return rows


def _extras(c, lex: dict) -> dict[int, list[str]]:
    """The sparse features of a piece, by position: surname flags, name
    candidates (a surname and one or two given-name characters, with the
    title / cue context around them) and runs of transliteration characters.
    ``c`` holds the normalised characters (a list or a str)."""
    n = len(c)
    single = lex["single"]
    double = lex["double"]
    given = lex["given"]
    translit = lex["translit"]
    extra = defaultdict(list)
    cues_before, cues_after = lex["cues_before"], lex["cues_after"]

    def ctx(i, j):
        """Context flags around the span [i, j]: t = title / cue before,
        a = cue after."""
        out = ""
        for L in (1, 2, 3):
            if i - L >= 0 and "".join(c[i - L : i]) in cues_before:
                out = "t"
                break
        for L in (1, 2):
            if j + L < n and "".join(c[j + 1 : j + 1 + L]) in cues_after:
                return out + "a"
        return out

    # surname flags: s1 = single surname char, s2/s3 = compound surname
    sur = {i: "s1" for i, ch in enumerate(c) if ch in single}
    dfirst = lex["double_first"]
    for i in [i for i, ch in enumerate(c) if ch in dfirst]:
        if i + 1 < n and c[i] + c[i + 1] in double:
            sur[i] = "s2"
            sur[i + 1] = "s3"
    for i, s in sur.items():
        extra[i].append("s0=" + s)
        if i + 1 < n:
            extra[i + 1].append("s-1=" + s)
        if i > 0:
            extra[i - 1].append("s+1=" + s)

    # Name candidates: surname followed by 1-2 plausible given-name chars.
    # Emitted on the span (B/I/E), the char before (P) and after (A), plus
    # the span's context flags.
    if given:
        for i, s in sur.items():
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
                extra[i].append(name + "B")
                for m in range(i + 1, j):
                    extra[m].append(name + "I")
                extra[j].append(name + "E")
                if j + 1 < n:
                    extra[j + 1].append(name + "A")
                if i > 0:
                    extra[i - 1].append(name + "P")
                x = ctx(i, j)
                if x:
                    extra[i].append(name + "B" + x)
                    extra[j].append(name + "E" + x)

    # Runs of transliteration characters (foreign names and places).
    tpos = [i for i, ch in enumerate(c) if ch in translit]
    if len(tpos) > 1:
        tpos.append(-2)  # sentinel
        start = prev = tpos[0]
        for i in tpos[1:]:
            if i == prev + 1:
                prev = i
                continue
            if prev > start:
                lb = str(min(prev - start + 1, 6))
                extra[start].append("trB" + lb)
                for m in range(start + 1, prev):
                    extra[m].append("trI" + lb)
                extra[prev].append("trE" + lb)
                x = ctx(start, prev)
                if x:
                    extra[start].append("trB" + x)
                    extra[prev].append("trE" + x)
            start = prev = i

    return extra


def features(text: str) -> list[list[str]]:
    """Return one list of feature strings per character of ``text``."""
    return [list(r) for r in _rows(text)]


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
# Integer feature keys (the same features as ``features``, computed a whole
# column at a time with numpy for tagging)
# --------------------------------------------------------------------------

# key = template id << 56 | value; values pack code points (21 bits each)
# or small ids of character classes, word tags and POS classes.
_TEMPLATES = ("u0", "u-1", "u+1", "b-1", "b+1", "b-2", "b+2", "b~", "k", "w", "w0",
              "p0", "p-1", "p+1", "p", "s0", "s-1", "s+1", "nc", "tr")
_TID = {t: i << 56 for i, t in enumerate(_TEMPLATES, start=1)}
_SOS, _EOS = 0x110001, 0x110002  # "<s>", "</s>"
_CLASS_ID = {c: i for i, c in enumerate("BEDNSXLPHYO", start=1)}
_SEG_ID = {t: i for i, t in enumerate(("<", ">", "S", "B2", "B3", "B4", "B5", "M3", "M4", "M5",
                                       "E2", "E3", "E4", "E5"), start=1)}
_PC_ID = {c: i for i, c in enumerate("<>RTLOZJNVX-", start=1)}
_KIND_ID = {"B": 1, "I": 2, "E": 3, "A": 4, "P": 5}
_CTX_ID = {"": 0, "t": 1, "a": 2, "ta": 3}


def _token_codes(value: str, n: int) -> list[int] | None:
    """``value`` read as ``n`` character tokens (one character, ``<s>`` or ``</s>``)."""
    if n == 0:
        return [] if not value else None
    for tok, code in (("<s>", _SOS), ("</s>", _EOS)):
        if value.startswith(tok):
            rest = _token_codes(value[len(tok):], n - 1)
            if rest is not None:
                return [code, *rest]
    if value:
        rest = _token_codes(value[1:], n - 1)
        if rest is not None:
            return [ord(value[0]), *rest]
    return None


def _pp_value(v: str) -> int:
    if v in ("<", ">"):
        return _PC_ID[v] << 5
    return _PC_ID[v[0]] << 5 | _SEG_ID[v[1:]]


def attr_key(attr: str) -> int:
    """The integer key of a feature string made by ``features``.

    >>> attr_key("u0=王") == _TID["u0"] | ord("王")
    True
    >>> attr_key("b-1=<s>王") == _TID["b-1"] | _SOS << 21 | ord("王")
    True
    """
    name, eq, value = attr.partition("=")
    if eq:
        tid = _TID[name]
        if name in ("u0", "u-1", "u+1"):
            (a,) = _token_codes(value, 1)
            return tid | a
        if name[0] == "b":
            a, b = _token_codes(value, 2)
            return tid | a << 21 | b
        if name == "k":
            a, b, d = (_CLASS_ID[x] for x in value)
            return tid | a << 8 | b << 4 | d
        if name == "w":
            a, b, d = (_SEG_ID[x] for x in value.split("|"))
            return tid | a << 10 | b << 5 | d
        if name == "w0":
            return tid | _SEG_ID[value]
        if name in ("p0", "p-1", "p+1"):
            return tid | _pp_value(value)
        if name == "p":
            a, b, d = (_PC_ID[x] for x in value)
            return tid | a << 8 | b << 4 | d
        return tid | int(value[1])  # s0, s-1, s+1 = s1 / s2 / s3
    if attr.startswith("nc"):
        sk, length, b, kind, ctx = attr[2], attr[3], attr[4], attr[5], attr[6:]
        return (_TID["nc"] | int(sk) << 12 | int(length) << 9 | (1 if b == "H" else 2) << 6
                | _KIND_ID[kind] << 3 | _CTX_ID[ctx])
    if attr.startswith("tr"):
        kind, rest = attr[2], attr[3:]
        lb, ctx = (int(rest), 0) if rest.isdigit() else (0, _CTX_ID[rest])
        return _TID["tr"] | _KIND_ID[kind] << 8 | lb << 3 | ctx
    raise ValueError(f"not a feature of this model: {attr!r}")


_tables = None


def _char_tables():
    """Normalised code point and class id of every BMP code point (built once)."""
    global _tables
    if _tables is None:
        import numpy as np

        norm = np.empty(0x10000, dtype=np.int64)
        cls = np.empty(0x10000, dtype=np.int64)
        for o in range(0x10000):
            c = _normalise_char(chr(o))
            norm[o] = ord(c)
            cls[o] = _CLASS_ID[_char_class(c)]
        _tables = norm, cls
    return _tables


def _shift(x, by: int, fill: int, outside):
    """``x`` moved ``by`` places (right if positive), ``fill`` where ``outside``."""
    import numpy as np

    y = np.empty_like(x)
    if by > 0:
        y[by:] = x[:-by]
    else:
        y[:by] = x[-by:]
    y[outside] = fill
    return y


def _keys(text: str, pieces: list[tuple[int, int]]):
    """Feature keys of ``text[s:e]`` for each piece, concatenated: the text
    positions, the dense ``(n, 15)`` key matrix and the sparse (position, key)
    features. Equal, piece by piece, to ``attr_key`` of ``features(piece)``."""
    import numpy as np

    idx = np.concatenate([np.arange(s, e) for s, e in pieces])
    lengths = np.array([e - s for s, e in pieces])
    firsts = np.cumsum(lengths) - lengths
    pic = np.arange(len(idx)) - np.repeat(firsts, lengths)  # position in the piece
    rem = np.repeat(lengths, lengths) - pic - 1  # characters after it in the piece

    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)[idx]
    norm_t, cls_t = _char_tables()
    bmp = np.minimum(cp, 0xFFFF)
    c = norm_t[bmp]
    k = cls_t[bmp]
    for i in np.flatnonzero(cp > 0xFFFF):
        ch = _normalise_char(chr(cp[i]))
        c[i], k[i] = ord(ch), _CLASS_ID[_char_class(ch)]

    seg, pc, extra_pos, extra_keys = [], [], [], []
    normalised = c.astype(np.uint32).tobytes().decode("utf-32-le")
    lex = _load_lexicons()
    memo = _EXTRA_KEYS
    for (s, e), first in zip(pieces, firsts.tolist()):
        tags, classes = _segment(text[s:e])
        seg.extend(tags)
        pc.extend(classes)
        for j, feats in _extras(normalised[first:first + e - s], lex).items():
            for f in feats:
                key = memo.get(f)
                if key is None:
                    key = memo[f] = attr_key(f)
                extra_pos.append(first + j)
                extra_keys.append(key)
    sg = np.array([_SEG_ID[t] for t in seg], dtype=np.int64)
    pcs = np.array([_PC_ID[t] for t in pc], dtype=np.int64)

    at0, at1 = pic < 1, pic < 2
    end0, end1 = rem < 1, rem < 2
    m1, m2 = _shift(c, 1, _SOS, at0), _shift(c, 2, _SOS, at1)
    p1, p2 = _shift(c, -1, _EOS, end0), _shift(c, -2, _EOS, end1)
    km1, kp1 = _shift(k, 1, _CLASS_ID["B"], at0), _shift(k, -1, _CLASS_ID["E"], end0)
    sm1, sp1 = _shift(sg, 1, _SEG_ID["<"], at0), _shift(sg, -1, _SEG_ID[">"], end0)
    pp = pcs << 5 | sg
    pm1, pn1 = _shift(pp, 1, _PC_ID["<"] << 5, at0), _shift(pp, -1, _PC_ID[">"] << 5, end0)
    cm1, cp1 = _shift(pcs, 1, _PC_ID["<"], at0), _shift(pcs, -1, _PC_ID[">"], end0)
    T = _TID
    dense = np.stack([
        T["u0"] | c,
        T["u-1"] | m1,
        T["u+1"] | p1,
        T["b-1"] | m1 << 21 | c,
        T["b+1"] | c << 21 | p1,
        T["b-2"] | m2 << 21 | m1,
        T["b+2"] | p1 << 21 | p2,
        T["b~"] | m1 << 21 | p1,
        T["k"] | km1 << 8 | k << 4 | kp1,
        T["w"] | sm1 << 10 | sg << 5 | sp1,
        T["w0"] | sg,
        T["p0"] | pp,
        T["p-1"] | pm1,
        T["p+1"] | pn1,
        T["p"] | cm1 << 8 | pcs << 4 | cp1,
    ], axis=1)
    return idx, dense, np.array(extra_pos, dtype=np.int64), np.array(extra_keys, dtype=np.int64)


_EXTRA_KEYS: dict[str, int] = {}


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

                _model = CRFModel.from_crfsuite(MODEL_PATH, attr_key)
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


def tag(text: str) -> list[tuple[int, int, str]]:
    """Tag ``text``; return sorted spans ``(start, end_exclusive, label)``."""
    if not isinstance(text, str):
        raise TypeError(f"tag() expects str, got {type(text).__name__}")
    if not text:
        return []
    model = _get_model()
    pieces = [(s, e) for s, e in _chunks(text) if not text[s:e].isspace()]
    if not pieces:
        return []
    idx, dense, extra_pos, extra_keys = _keys(text, pieces)
    scores = model.emissions(dense, extra_pos, extra_keys)
    lengths = [e - s for s, e in pieces]
    bounds, first = [], 0
    for n in lengths:
        bounds.append((first, first + n))
        first += n
    best = model.viterbi(scores, bounds)
    labels = model.labels
    outside = labels.index("O")
    spans: list[tuple[int, int, str]] = []
    for (s, e), (a, b) in zip(pieces, bounds):
        row = best[a:b]
        if (row != outside).any():
            _decode([labels[i] for i in row.tolist()], s, spans)
    return [sp for sp in spans if sp[2] in LABELS]
