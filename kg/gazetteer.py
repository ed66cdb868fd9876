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
        lengths: dict[str, set[int]] = {}
        for k in self._keys:
            lengths.setdefault(k[0], set()).add(len(k))
        # For each first character, the lengths of its keys, longest first: the
        # longest key at a position is found with one set lookup per length rather
        # than a startswith per key (thousands of divisions share a few lengths).
        self._lengths = {c: sorted(v, reverse=True) for c, v in lengths.items()}
        self._firsts: re.Pattern | None = None  # compiled when first needed

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def _longest_at(self, text: str, i: int) -> str | None:
        keys = self._keys
        for n in self._lengths.get(text[i], ()):
            piece = text[i:i + n]
            if len(piece) == n and piece in keys:
                return piece
        return None

    def match_at(self, text: str, i: int) -> str | None:
        """The longest key that starts at ``text[i]``, if any (None past the end)."""
        if i >= len(text) or i < 0:
            return None
        return self._longest_at(text, i)

    def _candidates(self, text: str) -> Iterable[int]:
        """Positions holding a key's first character, in order."""
        if len(self._lengths) <= _FIND_MAX_FIRSTS:
            found = []
            for c in self._lengths:
                k = text.find(c)
                while k >= 0:
                    found.append(k)
                    k = text.find(c, k + 1)
            return sorted(found)
        if self._firsts is None:
            # jump between possible first characters at C speed
            self._firsts = re.compile("[" + re.escape("".join(sorted(self._lengths))) + "]")
        return (m.start() for m in self._firsts.finditer(text))

    def finditer(self, text: str, overlapping: bool = False) -> Iterator[tuple[int, int, str]]:
        """Non-overlapping longest matches, left to right (or all of them)."""
        if not self._lengths:
            return
        floor = 0
        longest_at = self._longest_at
        for i in self._candidates(text):
            if i < floor:
                continue
            k = longest_at(text, i)
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
