"""Text preparation: bytes -> decoded source text -> clean text with an offset map.

The clean text is what the extractors read; every clean character remembers
where it came from in the decoded source (``Document.to_raw``), so evidence
offsets in the RDF always point into the article as the user has it.

Cleaning, all offset-preserving:

* ``\\r`` dropped (CRLF files), control characters dropped;
* full-width ASCII letters, digits and a few symbols folded to half-width
  (``Ａ１`` -> ``A1``); Chinese punctuation (，。“”：) is kept as it is;
* layout breaks inside a sentence joined (newspaper pages break lines inside
  words: ``科技发\\n\\n展新优势``), see :func:`_is_layout_break`;
* runs of blank lines collapsed to a single ``\\n`` between paragraphs.

Decoding accepts UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM, UTF-16
without BOM, GB18030/GBK and Big5, or the encoding the user names; it refuses
binary files, and text it cannot tell the encoding of (rather than read it as
wrong characters); HTML pages are reduced to their text.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import logging
import os
import re
import threading
from functools import lru_cache
from pathlib import Path

from . import lexicon
from .errors import InputError, UsageError
from .model import Byline, Document

TERMINALS = set("。！？!?；;…")
CLOSERS = set("”’」』）)》】")
SOFT_BREAK_END = set("，、：:（(“‘《—-")

log = logging.getLogger("kg")

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
# Keep Chinese-style full-width punctuation that carries meaning in the text.
for _keep in "，：；！？（）":
    _FULLWIDTH.pop(ord(_keep), None)
_FULLWIDTH[0x3000] = 0x20  # ideographic space


def decode(data: bytes, name: str = "<bytes>", encoding: str | None = None,
           notes: list[str] | None = None) -> str:
    """Decode article bytes: BOMs, then UTF-8, then GB18030/GBK or Big5, whichever reads as Chinese.

    Binary files (images, PDFs, archives, executables: magic numbers, NUL
    bytes, control characters) are refused with an :class:`InputError`. A
    UTF-8 file with a few broken bytes (a download cut short, a damaged
    block) stays UTF-8, the broken bytes becoming U+FFFD, rather than turning
    into GB18030 noise; a line saying how many and where goes to ``notes``
    (or, without ``notes``, to the ``kg`` logger as a warning). GB18030 and
    Big5 bytes are often valid in both encodings: the one whose characters
    are common Chinese characters wins, and when neither is, the file is
    refused with a hint to give ``encoding`` (``kg build --encoding NAME``)
    instead of being read as wrong characters. With ``encoding``, that
    encoding is used (its BOM dropped).

    >>> decode("中关村".encode("gb18030"))
    '中关村'
    >>> decode("臺灣經濟".encode("big5"))
    '臺灣經濟'
    >>> decode(b"\\xef\\xbb\\xbfabc")
    'abc'
    >>> decode("中关村论坛".encode("utf-8")[:-1], notes=[])
    '中关村论\\ufffd'
    >>> decode(b"caf\\xe9", encoding="latin-1")
    'café'
    """
    if encoding is not None:
        return _decode_as(data, name, encoding, notes)
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked_text(_replacing(data, "utf-8-sig", name, notes), name)
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _checked_text(_replacing(data, "utf-32", name, notes), name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked_text(_replacing(data, "utf-16", name, notes), name)
    kind = _binary_kind(data)
    if kind is not None:
        raise InputError(f"{name}: binary file ({kind}), not text")
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError(f"{name}: binary file (contains NUL bytes), not text")
        return _checked_text(text, name)
    if _looks_binary(data):
        raise InputError(f"{name}: binary file (control bytes), not text")
    try:
        return _checked_text(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    text, bad, first = _decode_counting(data, "utf-8")
    wide = len(text) - len(text.encode("ascii", errors="ignore")) - text.count("\ufffd")
    # a few bytes in a UTF-8 text: at most 1 in 100 of the file, and at least ten good
    # non-ASCII characters for each (a GB18030 or Big5 text read as UTF-8 has 0.05 to 0.3)
    if bad * 100 <= len(data) and bad * 10 <= wide or first >= len(data) - 3 and bad <= 3:
        _note(notes, _replaced_message(name, bad, first, "UTF-8"))
        return _checked_text(text, name)
    utf8_damaged = bad * 3 <= wide  # mostly UTF-8, too damaged to build without being asked
    candidates = []  # (share of common Chinese characters, encoding, text, bad bytes, first bad byte)
    for encodings in (("gb18030",), ("cp950", "big5hkscs")):  # HKSCS: Big5 with Hong Kong characters
        for enc in encodings:
            cand, cbad, cfirst = _decode_counting(data, enc)
            cwide = len(cand) - len(cand.encode("ascii", errors="ignore")) - cand.count("\ufffd")
            if cbad * 100 <= max(cwide, 1):  # at most 1% of the characters bad
                candidates.append((_chinese_share(cand), enc, cand, cbad, cfirst))
                break
    plausible = [c for c in candidates if c[0] >= _CHINESE_SHARE]
    if plausible:
        score, enc, text, bad, first = max(plausible, key=lambda c: c[0])  # GB18030 first when equal
        _note(notes, _replaced_message(name, bad, first, _ENCODING_NAMES[enc]))
        return _checked_text(text, name)
    if utf8_damaged:
        raise InputError(f"{name}: damaged UTF-8 text: {bad} bytes ({100 * bad / len(data):.1f}% of the file) are "
                         f"not UTF-8, the first at byte {first}; kg replaces at most 1%: build it with "
                         "--encoding utf-8 to replace them all with U+FFFD")
    raise InputError(f"{name}: cannot tell the text encoding (not UTF-8, GB18030/GBK, Big5 or UTF-16); "
                     "give it with --encoding NAME (e.g. --encoding latin-1)")


# Signatures of files people drop into an article folder by mistake.
_MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"\x00\x00\x00\x18ftyp", "video"),
    (b"\x00\x00\x00\x20ftyp", "video"),
    (b"ID3\x02", "MP3 audio"),
    (b"ID3\x03", "MP3 audio"),
    (b"ID3\x04", "MP3 audio"),
    (b"SQLite format 3\x00", "SQLite database"),
)


def _binary_kind(data: bytes) -> str | None:
    """What kind of binary file ``data`` is, when its first bytes say so."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "video"}[data[8:12]]
    return None


def _looks_binary(data: bytes) -> bool:
    """Many control bytes (other than tab, newlines, form feed, escape) in the first 64 KB."""
    head = data[:65536]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > 0.05


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark (NULs at every other byte), or None."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd > 4 * even + 2:
        enc = "utf-16-le"
    elif even > 4 * odd + 2:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return None if _control_ratio(text) > 0.05 else text


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ufffd]")


def _control_ratio(text: str, at_least: int = 0) -> float:
    """Share of control characters and U+FFFD in the first 64K characters (0 below ``at_least`` of them)."""
    head = text[:65536]
    bad = len(_CONTROL_CHARS.findall(head))
    return bad / len(head) if head and bad >= at_least else 0.0


def _checked_text(text: str, name: str) -> str:
    """The decoded text, unless it is mostly control characters and U+FFFD (a binary file)."""
    if _control_ratio(text, at_least=4) > 0.1:
        raise InputError(f"{name}: binary file (undecodable bytes), not text")
    return text


_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32",
                   "gb18030": "GB18030", "cp950": "Big5", "big5hkscs": "Big5-HKSCS"}
_CHINESE_SHARE = 0.8  # real Chinese text: 0.99 and more; GB18030 read as Big5 or the reverse: 0.25 to 0.56


def _decode_as(data: bytes, name: str, encoding: str, notes: list[str] | None) -> str:
    """``data`` in the encoding the user named (its BOM dropped); bad bytes replaced and reported."""
    codec = check_encoding(encoding)
    kind = _binary_kind(data)
    if kind is not None:
        raise InputError(f"{name}: binary file ({kind}), not text")
    if codec == "utf-8":
        codec = "utf-8-sig"
    text, bad, first = _decode_counting(data, codec)
    if text.startswith("\ufeff"):  # utf-16-le/-be and the like keep it
        text = text[1:]
    if bad * 10 > len(data):
        raise InputError(f"{name}: not {encoding} text: {bad} of its {len(data)} bytes cannot be decoded "
                         f"as {encoding}, the first at byte {first}")
    _note(notes, _replaced_message(name, bad, first, encoding))
    _checked_text(text[:65536].replace("\ufffd", ""), name)  # the bad bytes were counted above
    return text


def check_encoding(encoding: str) -> str:
    """The codec name of ``encoding`` (``latin-1`` -> ``latin-1``, ``GBK`` -> ``gbk``), or a UsageError.

    >>> check_encoding("Big5")
    'big5'
    """
    import codecs

    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"--encoding: unknown encoding '{encoding}' (e.g. utf-8, gb18030, big5, latin-1)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"--encoding: '{encoding}' is not a text encoding")
    return info.name


def _replacing(data: bytes, encoding: str, name: str, notes: list[str] | None) -> str:
    text, bad, first = _decode_counting(data, encoding)
    _note(notes, _replaced_message(name, bad, first, _ENCODING_NAMES.get(encoding, encoding)))
    return text


_BAD = threading.local()


def _count_bad(exc: UnicodeDecodeError) -> tuple[str, int]:
    _BAD.count += exc.end - exc.start
    if _BAD.first < 0:
        _BAD.first = exc.start
    return "\ufffd", exc.end


codecs.register_error("kg-count", _count_bad)


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int, int]:
    """``data`` decoded with U+FFFD for each bad byte sequence; the bad bytes and the offset of the first (or -1)."""
    _BAD.count, _BAD.first = 0, -1
    text = data.decode(encoding, errors="kg-count")
    return text, _BAD.count, _BAD.first


def _replaced_message(name: str, bad: int, first: int, encoding: str) -> str:
    if not bad:
        return ""
    return (f"{name}: {bad} byte{'s' if bad != 1 else ''} not valid {encoding} replaced by U+FFFD "
            f"(the first at byte {first})")


def _note(notes: list[str] | None, message: str) -> None:
    if not message:
        return
    if notes is None:
        log.warning(message)
    else:
        notes.append(message)


@lru_cache(maxsize=1)
def _common_characters() -> frozenset[str]:
    """The common Chinese characters: GB2312's first level (3,755 simplified) and Big5's (5,401 traditional)."""
    out = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                out.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead, trail) > (0xC6, 0x7E):
                break
            try:
                out.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(out)


_LETTERS = frozenset(("Lo", "Lu", "Ll", "Lt", "Lm", "Co", "Cn"))


def _chinese_share(text: str) -> float:
    """Of the non-ASCII letters (and private-use, unassigned and U+FFFD characters) in
    the first 100,000 characters, the share that are common Chinese characters (1.0 with none).

    Chinese news decoded right scores 0.99 and more; GB18030 bytes read as Big5, or
    Big5 bytes as GB18030, score 0.25 to 0.56 (kana, Greek, box drawing, private use,
    rare characters).
    """
    import unicodedata
    from collections import Counter

    common = _common_characters()
    good = other = 0
    for ch, n in Counter(text[:100_000]).items():
        if ch < "\x80" or "\uff00" <= ch <= "\uffef":  # ASCII, full-width forms
            continue
        if ch in common:
            good += n
        elif ch == "\ufffd" or unicodedata.category(ch) in _LETTERS:
            other += n
    return good / (good + other) if good + other else 1.0


class _TextOfHtml:
    """The visible text of an HTML page, in time linear in its length.

    A small tokenizer after the HTML5 one: tags, comments, declarations and
    the raw text of script/style elements are dropped, character references
    decoded, block elements start new lines. Python's ``html.parser`` takes
    quadratic time on some broken pages (``<a <a <a …`` took 107 s for 100 KB);
    this does not: every construct is found with forward searches that never
    go back, and a construct that is not closed ends the work in one step (an
    unclosed comment or script runs to the end, as in a browser; a ``<`` with
    no ``>`` after it is text).
    """

    BLOCK = frozenset(
        "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr td th table thead tbody tfoot caption title section "
        "article header footer nav aside main blockquote pre hr figure figcaption form fieldset address "
        "center details summary".split()
    )
    # elements whose content is never article text
    SKIP = frozenset("script style noscript template svg math select object iframe noembed noframes".split())
    # elements whose content is raw text (no tags inside), up to their end tag
    RAW = frozenset("script style noscript xmp iframe noembed noframes textarea title plaintext".split())

    _SPECIAL = re.compile(r"<(?:/?[A-Za-z]|!|\?)")
    _NAME = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*)")
    _DELIM = re.compile(r"[>\"']")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip = 0
        self.quotes = True  # quote-aware tag ends, until a quote is left open

    def _tag_end(self, text: str, j: int) -> int:
        """Index of the '>' that closes the tag starting at ``j``, or -1.

        Quoted attribute values (``title="a>b"``) may hold '>'. A quote left
        open turns quote handling off for the rest of the page, so at most
        one scan runs to the end of the text and the whole stays linear.
        """
        if not self.quotes:
            return text.find(">", j)
        pos = j + 1
        while True:
            m = self._DELIM.search(text, pos)
            if m is None:
                return -1
            c, p = m.group(), m.start()
            if c == ">":
                return p
            if text[max(j, p - 64):p].rstrip().endswith("="):  # a quoted attribute value
                close = text.find(c, p + 1)
                if close < 0:
                    self.quotes = False
                    return text.find(">", j)
                pos = close + 1
            else:
                pos = p + 1

    def feed(self, text: str) -> None:
        n = len(text)
        i = 0
        while i < n:
            m = self._SPECIAL.search(text, i)
            if m is None:
                self._data(text[i:])
                break
            j = m.start()
            if j > i:
                self._data(text[i:j])
            if text.startswith("<!--", j):
                end = text.find("-->", j + 4)
                if end < 0:
                    break  # an unclosed comment runs to the end of the page
                i = end + 3
                continue
            if text[j + 1] in "!?":  # <!DOCTYPE …>, <![CDATA[…]]>, <?xml …?>
                end = text.find(">", j + 2)
                if end < 0:
                    break
                i = end + 1
                continue
            k = self._tag_end(text, j)
            if k < 0:
                self._data(text[j:])  # no '>' left: the rest is text
                break
            name = self._NAME.match(text, j, k)
            closing, tag = name.group(1), name.group(2).lower()
            i = k + 1
            if closing:
                self._end(tag)
                continue
            self._start(tag)
            if tag in self.RAW and not text[name.end():k].rstrip().endswith("/"):
                close = re.compile(r"</" + re.escape(tag) + r"[\t\n\f\r />]", re.IGNORECASE).search(text, i)
                body = text[i:] if close is None else text[i:close.start()]
                if tag == "title":
                    if not self.title and not self.skip:
                        self.title.append(html.unescape(body))
                elif tag in ("textarea", "xmp", "plaintext"):
                    self._data(body, unescape=tag == "textarea")
                if close is None:
                    break
                end = text.find(">", close.end() - 1)
                i = n if end < 0 else end + 1
                self._end(tag)

    def _data(self, data: str, unescape: bool = True) -> None:
        if not self.skip:
            self.parts.append(html.unescape(data) if unescape and "&" in data else data)

    def _start(self, tag: str) -> None:
        if tag == "body":
            self.skip = 0  # whatever was left open before, the body is visible
        elif tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def _end(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def close(self) -> None:
        pass


_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<title[\s>]", re.I)
_HTML_PREAMBLE = re.compile(r"\s*(?:<!--.*?-->|<\?xml[^>]*>)?", re.S)


def looks_like_html(text: str) -> bool:
    """Whether the text is an HTML page: after blanks, comments (``<!-- saved from url=… -->``)
    and an XML declaration, it starts with a doctype or an html/head/body/meta/title tag.

    >>> looks_like_html("<!-- saved from url=(0014)about:internet -->\\n<html><body>x</body></html>")
    True
    >>> looks_like_html("中关村 <html> 标签")
    False
    """
    head = text[:4096].lstrip("\ufeff")
    pos = 0
    for _ in range(8):
        m = _HTML_PREAMBLE.match(head, pos)
        if m.end() == pos:
            break
        pos = m.end()
    return bool(_HTML_START.match(head, pos))


def html_to_text(text: str) -> str:
    """The visible text of an HTML page, title first, one block per line.

    >>> html_to_text("<html><head><title>标题</title><script>var x='<p>';</script></head>"
    ...              "<body><p>第一段&amp;more</p><p>第二段</p></body></html>")
    '标题\\n\\n第一段&more\\n第二段'
    """
    parser = _TextOfHtml()
    parser.feed(text)
    parser.close()
    body = "".join(parser.parts)
    title = " ".join("".join(parser.title).split())
    lines = [ln.strip() for ln in body.split("\n")]
    body = "\n".join(ln for ln in lines if ln)
    return (title + "\n\n" + body) if title and not body.startswith(title) else body


HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
_HEAD_BYTES = 65536


def read_text(path: Path, encoding: str | None = None, notes: list[str] | None = None) -> str:
    """Read and decode one article file (HTML pages are reduced to text).

    Problems are an :class:`InputError` naming the file: missing, a folder,
    unreadable, binary, undecodable. ``encoding`` and ``notes``: as for :func:`decode`.
    """
    path = Path(path)
    name = printable(str(path))
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
            kind = _binary_kind(head)
            if kind is not None:  # refuse a 2 GB video before reading all of it
                raise InputError(f"{name}: binary file ({kind}), not text")
            data = head + fh.read()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file" + (" (a broken link)" if path.is_symlink() else "")) from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{name}: cannot read (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    text = decode(data, name, encoding, notes)
    if path.suffix.lower() in HTML_EXTENSIONS or looks_like_html(text):
        text = html_to_text(text)
    return text


def read_query_file(path: str | Path) -> str:
    """The SPARQL text of a ``.rq`` file: UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK or Big5.

    An InputError names the file when it cannot be read or its encoding cannot be told.
    """
    name = printable(str(path))
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        return decode(data, name)
    except InputError as exc:
        message = str(exc).replace("give it with --encoding NAME (e.g. --encoding latin-1)", "save it as UTF-8")
        raise InputError(message) from None


def printable(s: str) -> str:
    """A file name as kg shows and stores it: bytes that are not UTF-8 (on Linux, file
    names are bytes; Python keeps the bad ones as lone surrogates) written ``\\xff``.

    >>> printable(os.fsdecode(b"news/\\xff.txt"))
    'news/\\\\xff.txt'
    """
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# cleaning

def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_layout_break(prev_line: str, next_line: str, headline: bool = False) -> bool:
    """Whether the line break between two lines falls inside one sentence.
    ``headline``: the previous line is the document's first; without a comma
    or a sentence's end in it, it is a headline (and the next line a subtitle
    or the story), never wrapped.

    A page layout breaks lines where the column ends, not where the sentence
    ends: the previous line then ends without sentence punctuation although it
    is body text (it is long, or it already has sentence-internal punctuation),
    and the next line goes on with text, not a by-line or a heading.
    """
    p = prev_line.rstrip()
    n = next_line.lstrip()
    if not p or not n:
        return False
    if headline and not _COMMA_OR_END.search(p):
        return False  # 某某区23家企业入选…名单 | 总数居全市第一: a headline and its subtitle
    last, first = p[-1], n[0]
    if last in TERMINALS or last in CLOSERS and len(p) > 1 and p[-2] in TERMINALS:
        return False
    if first in "“「《（(" or first.isspace():
        return False
    if _dateline().match(n) or _PHOTO_POSITION.search(p):
        return False  # a story starts (本报北京3月1日电) / a photo caption ends (张伟（右一）会见…)
    if any(p.endswith(n[:k]) for k in (2, 3, 4) if len(n) > k and all(map(_is_cjk, n[:k]))):
        return False  # a caption naming someone, then the paragraph about them: 市长吴锦 | 吴锦表示…
    if not (_is_cjk(first) or first.isalnum() or first in "，。、；：”’）)"):
        return False
    if _NUMBERED.match(n):
        return False  # 一、自然科学奖 / （二）… / 3.项目名称：…: the next line opens a numbered heading or item
    numbered = _NUMBERED.match(p)
    if _LABELLED.match(n) and len(p) <= 24 and not _INNER_PUNCT.search(p, numbered.end() if numbered else 0):
        return False  # 自然科学奖一等奖 | 项目名称：…: a heading, then a labelled line of its list
    if last in "）)" and not _INNER_PUNCT.search(p):
        return False  # 某某公司——某某项目（提名奖）: an entry of a list, on its own line
    if last in "）)》”" and len(n) <= 24 and not re.search("[，。、；：！？,;:!?]", n):
        return False  # …（主要完成人：张三、李四） | 二等奖: an entry of a list, then the next heading
    if _LIST_ENTRY_LINE.search(p):
        return False  # 《某某技术》 主要完成人：张三、李四 | the next heading: an entry of a list, on its own line
    label = _LABELLED.match(p)
    if label and (_LABELLED.match(n) or len(p) < 30 and not _INNER_PUNCT.search(p, label.end())):
        return False  # 一等奖：某某项目 | 二等奖：某某公司: entries of a list, one per line
    if last in "：:" and len(n) < 30 and not any(c in TERMINALS for c in n):
        return False  # 名单如下： then a heading or an entry of a list, each on its line
    if n[-1] in "：:" and len(n) <= 30 and not any(c in TERMINALS for c in n):
        return False  # …: | 冠军（1项，奖金50万元）：: a short line that introduces what follows, a heading
    if "——" in p and len(p) <= 80 and not _COMMA_OR_END.search(p):
        return False  # 某某大学——某某材料 | the next entry or heading: an entry of a list, on its own line
    if last in SOFT_BREAK_END:
        return True
    if not (_is_cjk(last) or last.isalnum() or last in CLOSERS):
        return False
    has_inner_punct = _INNER_PUNCT.search(p) is not None
    return len(p) >= 30 or (has_inner_punct and len(p) >= 8)


_CORNER_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}
_CORNER = re.compile("[「」『』]")
_HAN = re.compile("[\u4e00-\u9fff]")
_INNER_PUNCT = re.compile("[，、；：]")
_COMMA_OR_END = re.compile("[，。；！？,;!?]")
_LIST_ENTRY_LINE = re.compile(r"^[^，。；！？]*[：:][ 　]*[^，。；！？：:、\s]{2,12}(?:、[^，。；！？：:、\s]{2,12})*$")  # …：A、B、C
_LABELLED = re.compile(r"[^，。；：:、\s]{1,12}[：:]")  # a short label and its colon, opening a line
_NUMBERED = re.compile(r"[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,2}[.、．](?!\d)")  # 一、 （二） 3.


@lru_cache(maxsize=None)
def _dateline() -> re.Pattern:
    """本报北京3月1日电, 新华社…电, 本报讯: an outlet (dateline_outlets.txt, or a
    name with an outlet's ending, news_outlet_endings.txt), a place, a date."""
    outlets = lexicon.alternation("dateline_outlets.txt")
    named = lexicon.alternation("news_outlet_endings.txt")  # 某某晨报北京10月22日讯: an outlet by its ending
    return re.compile(rf"(?P<outlet>{outlets}|[\u4e00-\u9fff]{{1,8}}?(?:{named}))[\u4e00-\u9fff]{{0,8}}\d{{1,2}}月\d{{1,2}}日(?:电|讯)|本报讯")
_PHOTO_POSITION = re.compile(r"[（(](?:左|右|中|前排|后排)[一二三四五六七八九\d]?[）)]")


_CJK = "\u4e00-\u9fff\u3400-\u4dbf"
# a pair (…) on one line, converted together when Chinese text touches it
_ASCII_BRACKET = re.compile(r"\(([^()\n]{0,60})\)")
_ASCII_MARK = re.compile(rf"(?<=[{_CJK}”’）》])[,;:!?]|[,;!?](?=[{_CJK}“‘（《])")
_FULL_FORM = {"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def _chinese_punctuation(text: str) -> str:
    """ASCII punctuation next to Chinese text in its Chinese form, one
    character for one (web pages often use , : ( ) between Chinese words):
    the rules read ，：（）. Numbers (1,000; 19:13) and Latin text keep theirs.

    >>> _chinese_punctuation("作者:郭超 时间:2022-08-23 19:13,第十一届(福建赛区)决赛,共有1,000人")
    '作者：郭超 时间：2022-08-23 19:13，第十一届（福建赛区）决赛，共有1,000人'
    >>> _chinese_punctuation("(1)中国 苹果公司(Apple Inc.),华为 f(x)")
    '（1）中国 苹果公司（Apple Inc.），华为 f(x)'
    """
    if "(" not in text and not _ASCII_MARK.search(text):
        return text

    def pair(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if _HAN.search(before + m.group(1) + after):
            return "（" + m.group(1) + "）"
        return m.group()

    text = _ASCII_BRACKET.sub(pair, text)
    return _ASCII_MARK.sub(lambda m: _FULL_FORM[m.group()], text)


def _curly_quotes(text: str) -> str:
    """Chinese quotation marks everywhere (one character for one): 「」
    become “”, and straight double quotes around Chinese text are paired
    line by line into “ and ” (a line with an odd number keeps its last one).

    >>> _curly_quotes('他说："好。"「对」')
    '他说：“好。”“对”'
    """
    text = _CORNER.sub(lambda m: _CORNER_QUOTES[m.group()], text)
    if '"' not in text:
        return text
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if line.count('"') < 2 or not _HAN.search(line, line.index('"'), line.rindex('"')):
            continue
        parts = line.split('"')
        paired = (len(parts) - 1) // 2 * 2
        out = [parts[0]]
        for k, part in enumerate(parts[1:]):
            out.append(("“" if k % 2 == 0 else "”") if k < paired else '"')
            out.append(part)
        lines[n] = "".join(out)
    return "\n".join(lines)


# step 1 of clean: characters dropped, and characters replaced one for one
_DROPPED = "\r\ufeff\u200b" + "".join(chr(o) for o in range(32) if chr(o) not in "\n\t")
_NORMALISED = {**{c: "" for c in _DROPPED}, "\t": " ", "\xa0": " ", **{chr(k): chr(v) for k, v in _FULLWIDTH.items()}}
_SPECIAL = re.compile("[" + re.escape("".join(_NORMALISED)) + "]")
_KEPT_RUN = re.compile("[^" + re.escape(_DROPPED) + "]+")


def clean(raw: str) -> tuple[str, list[int]]:
    """Clean text and the map from clean offsets to raw offsets.

    >>> text, to_raw = clean("北京科技发\\n\\n展新优势，今天。\\r\\n\\r\\n第二段")
    >>> text
    '北京科技发\\n展新优势，今天。\\n第二段'
    >>> clean("凸显北京科技发展的新优势，支持科技发\\n\\n展新优势。")[0]
    '凸显北京科技发展的新优势，支持科技发展新优势。'
    """
    # 1. character-level normalisation, remembering raw positions; a regex finds
    # the few characters to change (str.translate would look up every one), and
    # the positions come from the runs of characters kept (usually the whole text)
    text = _chinese_punctuation(_curly_quotes(_SPECIAL.sub(lambda m: _NORMALISED[m.group()], raw)))
    if len(text) == len(raw):
        pos = list(range(len(raw)))
    else:
        pos = []
        for m in _KEPT_RUN.finditer(raw):
            pos.extend(range(m.start(), m.end()))

    # 2. lines: strip, drop blanks, join layout breaks
    out_parts: list[str] = []
    out_pos: list[int] = []
    prev_line = ""  # the last line of the input kept (a column's line: its length tells a layout break)
    offset = 0
    for line in text.split("\n"):
        begin = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        seg_start = begin + len(line) - len(line.lstrip())
        if out_parts and not _is_layout_break(prev_line, stripped, headline=len(out_parts) == 1):
            out_parts.append("\n")
            out_pos.append(pos[begin - 1] if begin > 0 else 0)
        prev_line = stripped  # joined or not, the next break is judged on this line
        out_parts.append(stripped)
        out_pos.extend(pos[seg_start:seg_start + len(stripped)])
    out_pos.append(len(raw))
    return "".join(out_parts), out_pos


# ---------------------------------------------------------------------------
# by-lines and titles

_BYLINE = re.compile(
    r"(?:^|(?<=[ 　。]))(?:本报|新华社|中新社|本刊|本台)?"
    r"(?P<role>特约记者|见习记者|实习生|通讯员|记者|责任编辑|本版编辑|编辑|摄影)"
    r"[ 　:：]*(?P<names>[\u4e00-\u9fff·]{2,4}(?:[ 　、]+[\u4e00-\u9fff·]{2,4})*)$"
)
_PHOTO = re.compile(r"(?:^|(?<=[ 　。]))(?P<names>[\u4e00-\u9fff·]{2,4}(?:[ 　、]+[\u4e00-\u9fff·]{2,4})*)摄$")
_NAME_TOKEN = re.compile(r"[\u4e00-\u9fff·]{2,4}")
# 本报讯（记者 张伟 通讯员 李娜）/ （记者张伟）at the start of a story
_INLINE_BYLINE = re.compile(
    r"[（(](?:本报|新华社|中新社)?(?:特约|见习)?记者[ 　]*(?P<names>[\u4e00-\u9fff·]{2,4}(?:[ 　、]+(?:(?:通讯员|实习生|记者)[ 　]*)?[\u4e00-\u9fff·]{2,4})*)[)）]"
)
# credits: 文/张伟, 文、摄/张伟, 图／李娜 (a whole short line, or closing one);
# 作者:张伟 李娜 (before 时间/来源 on a web page's line); and, after the last
# sentence of a story, the authors' names alone in brackets: 。（张伟 李娜）
_CREDIT = re.compile(
    r"(?:^|(?<=[ 　。）)（(]))(?:文字|文|图|摄影|摄)(?:[、和/／](?:文字|文|图|摄影|摄))*[ 　]*[/／:：][ 　]*"
    r"(?P<names>[\u4e00-\u9fff·]{2,4}(?:[ 　、]+[\u4e00-\u9fff·]{2,4})*)[)）]?$"
    r"|^作者[ 　]*[:：][ 　]*(?P<authors>[\u4e00-\u9fff·]{2,4}(?:[ 　、]+[\u4e00-\u9fff·]{2,4})*)(?=[ 　]|$)"
    r"|(?<=[。！？”])[（(](?P<closing>[\u4e00-\u9fff·]{2,4}(?:[ 　、]+[\u4e00-\u9fff·]{2,4})*)[)）]$"
)


def find_bylines(text: str) -> list[Byline]:
    """By-lines and photo credits: alone on a short line, or closing a caption.

    >>> [(b.name, b.role) for b in find_bylines("标题\\n本报记者 韩秉志\\n图为展台。 本报记者 赵晶摄")]
    [('韩秉志', '记者'), ('赵晶', '摄影')]
    >>> [b.name for b in find_bylines("作者:郭超 郑胜平 时间:2022-08-23\\n……获一等奖。(文、摄/马一皎)\\n……晋级全国赛。（李娜 王强）\\n签署合作协议。（江宣）")]
    ['郭超', '郑胜平', '马一皎', '李娜', '王强']
    """
    out: list[Byline] = []
    offset = 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        im = _INLINE_BYLINE.search(line[:60])
        if im:
            base = start + im.start("names")
            for nm in _NAME_TOKEN.finditer(im.group("names")):
                word = nm.group()
                for r in lexicon.longest_first("byline_role_words.txt"):
                    if word.startswith(r):
                        word = ""
                if word:
                    out.append(Byline(base + nm.start(), base + nm.end(), word, "记者"))
        cm = _CREDIT.search(line.rstrip())
        if cm:
            group = next(g for g in ("names", "authors", "closing") if cm.group(g))
            base = start + cm.start(group)
            names = list(_NAME_TOKEN.finditer(cm.group(group)))
            if group == "closing" and len(names) == 1 and len(names[0].group()) < 3:
                continue  # （江宣）: as often a source's abbreviation as an author
            for nm in names:
                out.append(Byline(base + nm.start(), base + nm.end(), nm.group(), "记者"))
            continue
        tail_from = max(0, len(line) - 40)
        segment = line[tail_from:].rstrip()
        m = _BYLINE.search(segment)
        photo = False
        if m and m.group("names").endswith("摄") and len(m.group("names")) > 2:
            photo = True
        elif not m:
            m = _PHOTO.search(segment)
            photo = bool(m)
        if not m:
            continue
        role = "摄影" if photo else ("记者" if "记者" in (m.groupdict().get("role") or "") else (m.groupdict().get("role") or "摄影"))
        base = start + tail_from + m.start("names")
        names = m.group("names")
        if photo and names.endswith("摄"):
            names = names[:-1]
        for nm in _NAME_TOKEN.finditer(names):
            out.append(Byline(base + nm.start(), base + nm.end(), nm.group(), role))
    return out


def guess_title(text: str) -> str:
    """The first line when it reads like a headline (short, no sentence end)."""
    for line in text.split("\n"):
        s = line.strip()
        if not s:
            continue
        if len(s) <= 40 and s[-1] not in TERMINALS:
            return s
        return ""
    return ""


def dateline_outlet(text: str) -> str:
    """The outlet whose dateline opens one of the first lines of the text
    (新华社北京3月1日电 -> 新华社); "" when there is none or it is 本报 (this
    paper, unnamed).

    >>> dateline_outlet("标题\\n新华社北京3月1日电 记者从有关部门获悉。"), dateline_outlet("本报讯 近日。")
    ('新华社', '')
    """
    for line in text.split("\n", 4)[:4]:
        m = _dateline().match(line.strip())
        if m and m.group("outlet") and m.group("outlet") != "本报":
            return m.group("outlet")
    return ""


def prepare(raw: str, name: str) -> Document:
    """Build the :class:`Document` the extractors read."""
    text, to_raw = clean(raw)
    doc = Document(name=name, raw=raw, text=text, to_raw=to_raw, title=guess_title(text), publisher=dateline_outlet(text))
    doc.bylines = find_bylines(text)
    return doc
