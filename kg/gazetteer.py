"""Longest-match dictionary lookup over text, in linear time for bounded keys."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# Below this many distinct first characters, candidate positions are found with
# str.find: compiling a character class costs more than the scan for the small
# gazetteers built per document (names already found in one article).
_FIND_MAX_FIRSTS = 16


class Gazetteer:
    """Find occurrences of known strings, longest first at each position.

    >>> g = Gazetteer(["海淀区", "海淀", "朝阳区"])
    >>> list(g.finditer("北京市海淀区和朝阳区"))
    [(3, 6, '海淀区'), (7, 10, '朝阳区')]
    >>> list(g.finditer("海淀区", overlapping=True)), g.match_at("在海淀", 1)
    ([(0, 3, '海淀区')], '海淀')
    """

    def __init__(self, keys: Iterable[str]):
        self._keys = frozenset(k for k in keys if k)
        firsts: set[str] = set()
        lengths: dict[str, set[int]] = {}
        for k in self._keys:
            firsts.add(k[0])
            if len(k) >= 2:
                lengths.setdefault(k[:2], set()).add(len(k))
        self._first_chars = "".join(sorted(firsts))
        # For each two-character start, the lengths of its keys, longest first:
        # most candidate positions fail the one lookup of their first two
        # characters, and the others need one set lookup per length rather than
        # a startswith per key (thousands of divisions share a few lengths).
        self._lengths = {p: sorted(v, reverse=True) for p, v in lengths.items()}
        self._firsts: re.Pattern | None = None  # compiled when first needed

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def match_at(self, text: str, i: int) -> str | None:
        """The longest key that starts at ``text[i]``, if any (None past the end)."""
        if i >= len(text) or i < 0:
            return None
        ns = self._lengths.get(text[i:i + 2])
        if ns is not None:
            keys = self._keys
            for n in ns:
                piece = text[i:i + n]
                if len(piece) == n and piece in keys:
                    return piece
        c = text[i]
        return c if c in self._keys else None

    def _candidates(self, text: str) -> Iterable[int]:
        """Positions holding a key's first character, in order."""
        if len(self._first_chars) <= _FIND_MAX_FIRSTS:
            found = []
            for c in self._first_chars:
                k = text.find(c)
                while k >= 0:
                    found.append(k)
                    k = text.find(c, k + 1)
            return sorted(found)
        if self._firsts is None:
            # jump between possible first characters at C speed
            self._firsts = re.compile("[" + re.escape(self._first_chars) + "]")
        return map(re.Match.start, self._firsts.finditer(text))

    def finditer(self, text: str, overlapping: bool = False) -> Iterator[tuple[int, int, str]]:
        """Non-overlapping longest matches, left to right (or all of them)."""
        if not self._keys:
            return
        floor = 0
        keys, lengths = self._keys, self._lengths
        for i in self._candidates(text):
            if i < floor:
                continue
            # match_at, inlined: this loop runs at every candidate position
            k = None
            ns = lengths.get(text[i:i + 2])
            if ns is not None:
                for n in ns:
                    piece = text[i:i + n]
                    if len(piece) == n and piece in keys:
                        k = piece
                        break
            if k is None and text[i] in keys:
                k = text[i]
            if k is not None:
                yield i, i + len(k), k
                if not overlapping:
                    floor = i + len(k)

    def ends_with(self, text: str, end: int, start: int = 0) -> str | None:
        """The longest key that ends exactly at ``end`` (not before ``start``)."""
        best = None
        keys = self._keys
        for length in range(1, min(end - start, 12) + 1):
            piece = text[end - length:end]
            if piece in keys:
                best = piece
        return best
