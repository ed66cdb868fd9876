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

Decoding accepts UTF-8 (with or without BOM), UTF-16 with BOM and GB18030/GBK;
HTML pages are reduced to their text.
"""

from __future__ import annotations

import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputError
from .model import Byline, Document

TERMINALS = set("。！？!?；;…")
CLOSERS = set("”’」』）)》】")
SOFT_BREAK_END = set("，、：:（(“‘《—-")

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
# Keep Chinese-style full-width punctuation that carries meaning in the text.
for _keep in "，：；！？（）":
    _FULLWIDTH.pop(ord(_keep), None)
_FULLWIDTH[0x3000] = 0x20  # ideographic space


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode article bytes: BOMs first, then strict UTF-8, then GB18030, then detection.

    >>> decode("中关村".encode("gb18030"))
    '中关村'
    >>> decode(b"\\xef\\xbb\\xbfabc")
    'abc'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot tell the text encoding")
    return str(best)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


class _TextOfHtml(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "title", "section", "article"}
    SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
            self.parts.append("\n")
        elif tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<meta|<\?xml[^>]*>\s*<html)", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:1024]))


def html_to_text(text: str) -> str:
    """The visible text of an HTML page, title first, one block per line."""
    parser = _TextOfHtml()
    parser.feed(text)
    parser.close()
    body = "".join(parser.parts)
    title = "".join(parser.title).strip()
    lines = [ln.strip() for ln in body.split("\n")]
    body = "\n".join(ln for ln in lines if ln)
    return (title + "\n\n" + body) if title and not body.startswith(title) else body


def read_text(path: Path) -> str:
    """Read and decode one article file (HTML pages are reduced to text)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    text = decode(data, str(path))
    if looks_like_html(text):
        text = html.unescape(html_to_text(text))
    return text


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# cleaning

def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_layout_break(prev_line: str, next_line: str) -> bool:
    """Whether the line break between two lines falls inside one sentence.

    A page layout breaks lines where the column ends, not where the sentence
    ends: the previous line then ends without sentence punctuation although it
    is body text (it is long, or it already has sentence-internal punctuation),
    and the next line goes on with text, not a by-line or a heading.
    """
    p = prev_line.rstrip()
    n = next_line.lstrip()
    if not p or not n:
        return False
    last, first = p[-1], n[0]
    if last in TERMINALS or last in CLOSERS and len(p) > 1 and p[-2] in TERMINALS:
        return False
    if first in "“「《（(" or first.isspace():
        return False
    if not (_is_cjk(first) or first.isalnum() or first in "，。、；：”’）)"):
        return False
    if last in SOFT_BREAK_END:
        return True
    if not (_is_cjk(last) or last.isalnum() or last in CLOSERS):
        return False
    has_inner_punct = any(c in "，、；：" for c in p)
    return len(p) >= 30 or (has_inner_punct and len(p) >= 8)


def clean(raw: str) -> tuple[str, list[int]]:
    """Clean text and the map from clean offsets to raw offsets.

    >>> text, to_raw = clean("北京科技发\\n\\n展新优势，今天。\\r\\n\\r\\n第二段")
    >>> text
    '北京科技发\\n\\n展新优势，今天。\\n第二段'
    >>> clean("凸显北京科技发展的新优势，支持科技发\\n\\n展新优势。")[0]
    '凸显北京科技发展的新优势，支持科技发展新优势。'
    """
    # 1. character-level normalisation, remembering raw positions
    chars: list[str] = []
    pos: list[int] = []
    for i, ch in enumerate(raw):
        o = ord(ch)
        if ch == "\r" or ch == "\ufeff" or ch == "\u200b":
            continue
        if ch == "\t" or ch == "\xa0":
            ch = " "
        elif o < 32 and ch != "\n":
            continue
        elif o in _FULLWIDTH:
            ch = chr(_FULLWIDTH[o])
        chars.append(ch)
        pos.append(i)
    text = "".join(chars)

    # 2. lines: strip, drop blanks, join layout breaks
    out_chars: list[str] = []
    out_pos: list[int] = []
    prev_line = ""
    line_start = 0
    lines = text.split("\n")
    offset = 0
    for line in lines:
        begin = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        seg_start = begin + lead
        seg_end = seg_start + len(stripped)
        if out_chars:
            if _is_layout_break(prev_line, stripped):
                pass  # join: no separator
            else:
                out_chars.append("\n")
                out_pos.append(pos[begin - 1] if begin > 0 else 0)
                line_start = len(out_chars)
        prev_line = "".join(out_chars[line_start:]) + stripped if out_chars else stripped
        out_chars.extend(text[seg_start:seg_end])
        out_pos.extend(pos[seg_start:seg_end])
    out_pos.append(len(raw))
    return "".join(out_chars), out_pos


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
_ROLE_WORDS = ("通讯员", "实习生", "记者")


def find_bylines(text: str) -> list[Byline]:
    """By-lines and photo credits: alone on a short line, or closing a caption.

    >>> [(b.name, b.role) for b in find_bylines("标题\n本报记者 韩秉志\n图为展台。 本报记者 赵晶摄")]
    [('韩秉志', '记者'), ('赵晶', '摄影')]
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
                for r in _ROLE_WORDS:
                    if word.startswith(r):
                        word = ""
                if word:
                    out.append(Byline(base + nm.start(), base + nm.end(), word, "记者"))
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


def prepare(raw: str, name: str) -> Document:
    """Build the :class:`Document` the extractors read."""
    text, to_raw = clean(raw)
    doc = Document(name=name, raw=raw, text=text, to_raw=to_raw, title=guess_title(text))
    doc.bylines = find_bylines(text)
    return doc
