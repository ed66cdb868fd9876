"""What ``kg build`` reads: article files, folders, JSONL/CSV corpora and stdin, each document with its id.

Document ids (README "Document ids"):

* an article file, named on the command line or found in a folder argument:
  its path from the current folder, with ``/`` between folders
  (``data/zgc-forum-2024.txt``; ``kg build news`` gives
  ``news/2024/06/12/1.txt``), or its absolute path when it is outside the
  current folder. A folder's files are thus named by their path inside it,
  prefixed by the folder's own path: two different folders never give one id,
  and a file has the same id whether it is built alone or with its folder;
* a row of a JSONL or CSV corpus: the row's ``id``;
* standard input (``-``): ``--id``, or ``stdin-`` and the first 16 hex digits
  of the text's SHA-256, so that two different texts never share an id;
* ``--id-prefix P`` puts ``P/`` before every id of the build.

Two documents of one build with the same id are an error before anything is
built. Across builds, the store records where each document was read
(``kg:sourcePath``): a document at a stored id whose text changed replaces it
when it comes from the same file (or the same corpus file), and is refused
when it comes from another one (``--force`` allows it). A file already stored
under another id (built from another current folder) is skipped when its text
is unchanged, refused when it changed (``--force`` moves it to its new id).

Corpus rows: one JSON object per line (``.jsonl``, ``.ndjson``) or one CSV
row under a header (``.csv``), with ``id`` and ``text`` and optionally
``title``, ``date``, ``url`` and ``source`` (the outlet). A corpus is checked
whole before anything is built; a bad row is a one-line error naming the
file and the line.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .errors import InputError, UsageError

ARTICLE_EXTENSIONS = {".txt", ".text", ".html", ".htm"}
CORPUS_EXTENSIONS = {".jsonl", ".ndjson", ".csv"}
FIELDS = ("id", "title", "text", "date", "url", "source")


@dataclass
class Source:
    """One document to build: where it comes from, its id, and what a corpus row says about it."""

    id: str
    origin: str  # how messages name it: "news/1.txt", "corpus.jsonl: line 3", "standard input"
    path: str = ""  # the article file to read ("" when ``text`` is given)
    text: str | None = None  # a corpus row's or standard input's text
    file_name: str = ""  # kg:fileName (article files only)
    location: str = ""  # kg:sourcePath: the absolute path of the file read ("" for standard input)
    title: str = ""
    issued: str = ""  # ISO 8601 date or date-time
    url: str = ""
    publisher: str = ""
    encoding: str | None = None  # kg build --encoding: the encoding of an article file (None: detected)


def file_id(path: str | os.PathLike) -> str:
    """The id of an article file named on the command line: its path from the current folder.

    >>> file_id("data/./zgc-forum-2024.txt")
    'data/zgc-forum-2024.txt'
    >>> file_id("/srv/news/1.txt") if not os.getcwd().startswith("/srv") else "/srv/news/1.txt"
    '/srv/news/1.txt'

    A folder argument's files get the same ids: their paths from the current folder.
    """
    from .textprep import printable

    full = os.path.abspath(path)
    rel = os.path.relpath(full, os.getcwd())
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        rel = full
    return printable(Path(rel).as_posix())  # bytes that are not UTF-8 in the name written \xff


def stdin_id(text: str) -> str:
    """The default id of an article read from standard input: from its text."""
    return "stdin-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------
# corpus rows

_DATE_FORMS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
]
_TIME = re.compile(r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?P<frac>\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?")


def parse_date(value: str) -> str:
    """A corpus date as ISO 8601 (``xsd:date`` or ``xsd:dateTime``), or ValueError.

    >>> parse_date("2024-06-12"), parse_date("2024年6月2日"), parse_date("2024/06/12 08:30")
    ('2024-06-12', '2024-06-02', '2024-06-12T08:30:00')
    >>> parse_date("2024-06-12T08:30:05+08:00")
    '2024-06-12T08:30:05+08:00'
    """
    s = value.strip()
    for form in _DATE_FORMS:
        m = form.match(s)
        if not m:
            continue
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))  # ValueError for 2024-02-30
        rest = s[m.end():]
        if not rest:
            return d.isoformat()
        t = _TIME.fullmatch(rest.lstrip("T ") if rest[:1] in ("T", " ") else "x")
        if not t:
            break
        tz = t["tz"] or ""
        if tz and tz != "Z" and ":" not in tz:
            tz = tz[:3] + ":" + tz[3:]
        dt = datetime(d.year, d.month, d.day, int(t["h"]), int(t["mi"]), int(t["s"] or 0))
        if tz and tz != "Z" and not (0 <= int(tz[1:3]) <= 14 and int(tz[4:6]) < 60):
            break
        return dt.isoformat() + (t["frac"] or "") + tz
    raise ValueError(value)


_URL = re.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+", re.IGNORECASE)


def _text_field(row: dict, name: str, where: str) -> str:
    v = row.get(name)
    if v is None:
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and name != "text":
        return str(v)
    if not isinstance(v, str):
        raise InputError(f"{where}: '{name}' must be a string, not {type(v).__name__}")
    return v.strip() if name != "text" else v


def row_source(row: dict, where: str, corpus: Path) -> Source:
    """Check one corpus row and make it a :class:`Source` (an InputError names the row)."""
    rid = row.get("id")
    if isinstance(rid, bool) or not isinstance(rid, (str, int)) or not str(rid).strip():
        raise InputError(f"{where}: no 'id'" if rid in (None, "") else f"{where}: 'id' must be a string or an integer")
    rid = str(rid).strip()
    if any(ord(c) < 32 for c in rid):
        raise InputError(f"{where}: 'id' holds a control character")
    text = _text_field(row, "text", where)
    if not text.strip():
        raise InputError(f"{where}: no 'text'" if "text" not in row or row["text"] in (None, "") else f"{where}: 'text' is empty")
    if "\x00" in text:
        raise InputError(f"{where}: 'text' holds a NUL character (binary data?)")
    issued = _text_field(row, "date", where)
    if issued:
        try:
            issued = parse_date(issued)
        except ValueError:
            raise InputError(f"{where}: date '{issued[:40]}' is not a date "
                             "(use YYYY-MM-DD, or an ISO 8601 date-time such as 2024-06-12T08:30:00+08:00)") from None
    url = _text_field(row, "url", where)
    if url and not _URL.fullmatch(url):
        raise InputError(f"{where}: url '{url[:60]}' is not an http(s) URL without spaces")
    return Source(
        id=rid, origin=where, text=text.replace("\r\n", "\n"), location=str(corpus.resolve()),
        title=" ".join(_text_field(row, "title", where).split()), issued=issued, url=url,
        publisher=" ".join(_text_field(row, "source", where).split()),
    )


def article_files(folder: Path, problems: list[str] | None = None) -> list[Path]:
    """The article files (.txt, .html …) below ``folder``, hidden ones left out, sorted.

    What is there but cannot be read is added to ``problems``, one line each:
    a folder kg may not list (its articles would otherwise be missing without a
    word), an article name that is a broken link or not a regular file. Links
    to files are followed, links to folders are not (as ``Path.rglob``).
    """
    from .textprep import printable

    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        if problems is not None:
            why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
            problems.append(f"{printable(str(exc.filename))}: cannot read this folder ({why}); "
                            "the articles in it are not built")

    for top, _, names in os.walk(folder, onerror=unreadable):
        for name in names:
            f = Path(top) / name
            if f.suffix.lower() not in ARTICLE_EXTENSIONS or name.startswith("."):
                continue
            if f.is_file():
                found.append(f)
            elif problems is not None:
                problems.append(_not_a_file(f))
    return sorted(found)


def _not_a_file(f: Path) -> str:
    """Why ``f``, listed in a folder or named, is not an article file kg can read."""
    from .textprep import printable

    if f.is_symlink():
        try:
            target = os.readlink(f)
        except OSError:
            target = "?"
        return f"{printable(str(f))}: broken link (to {printable(target)}), not built"
    return f"{printable(str(f))}: not a regular file"


def _open_text(path: Path):
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot read (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _jsonl_rows(path: Path) -> Iterator[tuple[str, dict]]:
    with _open_text(path) as fh:
        n = 0
        while True:
            try:
                line = fh.readline()
            except UnicodeDecodeError:
                raise InputError(f"{path}: line {n + 1}: not UTF-8 text") from None
            if not line:
                return
            n += 1
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}: line {n}: not valid JSON ({exc.msg} at column {exc.colno})") from None
            except RecursionError:
                raise InputError(f"{path}: line {n}: JSON nested too deeply") from None
            if not isinstance(row, dict):
                raise InputError(f"{path}: line {n}: not a JSON object (one article per line: "
                                 '{"id": …, "title": …, "text": …})')
            yield f"{path}: line {n}", row


def _csv_rows(path: Path) -> Iterator[tuple[str, dict]]:
    csv.field_size_limit(2**31 - 1)  # an article is longer than csv's default 128 KiB limit
    with _open_text(path) as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
            if header is None:
                raise InputError(f"{path}: empty CSV file (it needs a header with id and text)")
            names = [h.strip().lower() for h in header]
            for need in ("id", "text"):
                if need not in names:
                    raise InputError(f"{path}: no '{need}' column (the header is: {', '.join(header)[:120]})")
            while True:
                start = reader.line_num + 1
                cells = next(reader, None)
                if cells is None:
                    return
                if not any(c.strip() for c in cells):
                    continue
                row = {k: v for k, v in zip(names, cells) if k in FIELDS}
                yield f"{path}: line {start}", {k: (v if v != "" else None) for k, v in row.items()}
        except csv.Error as exc:
            raise InputError(f"{path}: line {reader.line_num}: not valid CSV ({exc})") from None
        except UnicodeDecodeError:
            raise InputError(f"{path}: line {reader.line_num + 1}: not UTF-8 text") from None


def corpus_rows(path: str | os.PathLike) -> Iterator[Source]:
    """The documents of a JSONL or CSV corpus, in order (an InputError at the first bad row)."""
    p = Path(path)
    rows = _csv_rows(p) if p.suffix.lower() == ".csv" else _jsonl_rows(p)
    for where, row in rows:
        yield row_source(row, where, p)


def is_corpus(path: Path) -> bool:
    return path.suffix.lower() in CORPUS_EXTENSIONS


# ---------------------------------------------------------------------------
# the inputs of one build

@dataclass
class Plan:
    """Every document of one build, with unique ids, read lazily."""

    entries: list = field(default_factory=list)  # Source, or (corpus path, row count)
    problems: list[str] = field(default_factory=list)
    total: int = 0
    prefix: str = ""

    def sources(self) -> Iterator[Source]:
        for e in self.entries:
            if isinstance(e, Source):
                yield e
            else:
                for s in corpus_rows(e[0]):
                    if self.prefix:
                        s.id = f"{self.prefix}/{s.id}"
                    yield s


def _file_source(path: Path, doc_id: str, encoding: str | None = None) -> Source:
    from .textprep import printable  # a name that is not UTF-8 (b"\xff.txt") is shown and stored as \xff.txt

    return Source(id=doc_id, origin=printable(str(path)), path=str(path), file_name=printable(path.name),
                  location=printable(str(path.resolve())), encoding=encoding)


def plan_inputs(inputs: list, stdin=None, doc_id: str | None = None, id_prefix: str | None = None,
                encoding: str | None = None) -> Plan:
    """Collect the documents of a build; an InputError when two of them would share an id.

    ``stdin`` is a binary stream read for the input ``-``; ``encoding`` is that of
    the article files and standard input (None: detected, :func:`kg.textprep.decode`).
    """
    prefix = (id_prefix or "").strip().strip("/")
    if id_prefix is not None and not prefix:
        raise UsageError("--id-prefix needs a non-empty prefix")
    if doc_id is not None and not doc_id.strip():
        raise UsageError("--id needs a non-empty id")
    if doc_id is not None and "-" not in [str(i) for i in inputs]:
        raise UsageError("--id names the article read from standard input: give '-' as an input")
    if [str(i) for i in inputs].count("-") > 1:
        raise UsageError("'-' (standard input) can be given once")
    from .textprep import printable

    plan = Plan(prefix=prefix)
    seen_paths: set[Path] = set()
    seen_ids: dict[str, str] = {}

    def add(s: Source) -> None:
        if prefix:
            s.id = f"{prefix}/{s.id}"
        other = seen_ids.get(s.id)
        if other is not None and s.path == "" and other.split(": line ")[0] == s.origin.split(": line ")[0]:
            raise InputError(f"{s.origin}: duplicate id '{s.id}' (first on line {other.split(': line ')[-1]})")
        if other is not None:
            raise InputError(f"{s.origin}: has the id '{s.id}' of {other}; two documents cannot share an id "
                             "(build one of them separately, with --id-prefix)")
        seen_ids[s.id] = s.origin

    for item in inputs:
        if str(item) == "-":
            from .textprep import decode, html_to_text, looks_like_html

            data = (stdin.read() if stdin is not None else b"")
            text = decode(data, "standard input", encoding)  # a warning on bad bytes goes to the log
            if looks_like_html(text):
                text = html_to_text(text)
            if not text.strip():
                raise InputError("standard input: no text (pipe an article into it: kg build - < article.txt)")
            s = Source(id=doc_id.strip() if doc_id else stdin_id(text), origin="standard input", text=text,
                       file_name="")
            add(s)
            plan.entries.append(s)
            continue
        p = Path(item)
        if p.is_dir():
            reported = len(plan.problems)
            found = article_files(p, plan.problems)
            if not found and len(plan.problems) == reported:
                plan.problems.append(f"{printable(str(p))}: no article files (.txt, .html) in this folder")
            for f in found:
                r = f.resolve()
                if r in seen_paths:
                    continue
                seen_paths.add(r)
                s = _file_source(f, file_id(f), encoding)
                add(s)
                plan.entries.append(s)
        elif p.is_file():
            r = p.resolve()
            if r in seen_paths:
                continue
            seen_paths.add(r)
            if is_corpus(p):
                n = 0
                for s in corpus_rows(p):  # the whole corpus is checked before anything is built
                    add(s)
                    n += 1
                if not n:
                    raise InputError(f"{p}: no rows in this corpus")
                plan.entries.append((p, n))
                plan.total += n - 1
            else:
                s = _file_source(p, file_id(p), encoding)
                add(s)
                plan.entries.append(s)
        elif p.exists() or p.is_symlink():
            plan.problems.append(_not_a_file(p))
        else:
            plan.problems.append(f"{printable(str(p))}: no such file or folder")
    plan.total += len(plan.entries)
    return plan
