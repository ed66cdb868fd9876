"""jieba's dictionary (its ``dict.txt``: ``word freq tag`` per line), read once for all of kg.

kg segments with jieba-rs (:mod:`kg.words`) and reads word frequencies and
part-of-speech tags from jieba's dictionary: the mention finders ask how
common a word is and what it is, the tagger's features ask its class.
Loading jieba itself for these (its prefix dictionary, then ``jieba.posseg``
parsing the same file again) cost about two seconds a process; this reads
the file once, into the same tables jieba builds:

* :func:`frequencies`: word -> frequency, later lines overriding earlier
  ones, plus every prefix of a word at frequency 0 when it is not a word
  itself (``jieba.dt.FREQ``, so ``w in frequencies()`` means what it means
  for jieba);
* :func:`tags`: word -> part-of-speech tag (``jieba.posseg.dt.word_tag_tab``).

The tables are cached (:func:`kg.paths.cache_dir`, as for the tagger) under the
SHA-256 of the dictionary file.

>>> frequencies()["中关村"] > 0 and tags()["中关村"]
'ns'
>>> "中关" in frequencies()      # a prefix of a word, at frequency 0, as in jieba
True
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
from functools import lru_cache
from pathlib import Path

from .paths import cache_dir, write_cache


def dict_path() -> Path:
    """Path of jieba's main dictionary, found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        raise ImportError("kg needs jieba's dictionary (pip install jieba)")
    return Path(spec.origin).parent / "dict.txt"


def _parse(data: bytes) -> tuple[dict[str, int], dict[str, str]]:
    freq: dict[str, int] = {}
    tag: dict[str, str] = {}
    for line in data.decode("utf-8").splitlines():
        parts = line.strip().split(" ")
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        word = parts[0]
        freq[word] = int(parts[1])
        tag[word] = parts[2] if len(parts) > 2 else ""
    for word in list(freq):
        for k in range(1, len(word)):
            freq.setdefault(word[:k], 0)
    return freq, tag


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, str]]:
    data = dict_path().read_bytes()
    cache = cache_dir() / f"jieba-dict-{hashlib.sha256(data).hexdigest()[:24]}.marshal"
    try:
        freq, tag = marshal.loads(cache.read_bytes())
        if isinstance(freq, dict) and isinstance(tag, dict):
            return freq, tag
    except (OSError, ValueError, EOFError, TypeError):
        pass
    freq, tag = _parse(data)
    write_cache(cache, marshal.dumps((freq, tag)))
    return freq, tag


def frequencies() -> dict[str, int]:
    return _tables()[0]


def tags() -> dict[str, str]:
    return _tables()[1]
