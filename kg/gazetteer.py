"""Longest-match dictionary lookup over text, in linear time for bounded keys."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


class Gazetteer:
    """Find occurrences of known strings, longest first at each position.

    >>> g = Gazetteer(["海淀区", "海淀", "朝阳区"])
    >>> list(g.finditer("北京市海淀区和朝阳区"))
    [(3, 6, '海淀区'), (7, 10, '朝阳区')]
    """

    def __init__(self, keys: Iterable[str]):
        self._by_first: dict[str, list[str]] = {}
        for k in set(keys):
            if k:
                self._by_first.setdefault(k[0], []).append(k)
        for v in self._by_first.values():
            v.sort(key=len, reverse=True)
        # jump between possible first characters at C speed
        firsts = "".join(sorted(self._by_first))
        self._firsts = re.compile("[" + re.escape(firsts) + "]") if firsts else None

    def __contains__(self, key: str) -> bool:
        return key in self._by_first.get(key[:1], ())

    def match_at(self, text: str, i: int) -> str | None:
        """The longest key that starts at ``text[i]``, if any (None past the end)."""
        if i >= len(text) or i < 0:
            return None
        for k in self._by_first.get(text[i], ()):
            if text.startswith(k, i):
                return k
        return None

    def finditer(self, text: str, overlapping: bool = False) -> Iterator[tuple[int, int, str]]:
        """Non-overlapping longest matches, left to right (or all of them)."""
        if self._firsts is None:
            return
        table = self._by_first
        floor = 0
        for m in self._firsts.finditer(text):
            i = m.start()
            if i < floor:
                continue
            for k in table[text[i]]:
                if text.startswith(k, i):
                    yield i, i + len(k), k
                    if not overlapping:
                        floor = i + len(k)
                    break

    def ends_with(self, text: str, end: int, start: int = 0) -> str | None:
        """The longest key that ends exactly at ``end`` (not before ``start``)."""
        best = None
        for length in range(1, min(end - start, 12) + 1):
            piece = text[end - length:end]
            if piece in self:
                best = piece
        return best
