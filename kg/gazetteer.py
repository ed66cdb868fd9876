"""Longest-match dictionary lookup over text, in linear time for bounded keys."""

from __future__ import annotations

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
        i, n = 0, len(text)
        table = self._by_first
        while i < n:
            cands = table.get(text[i])
            if cands:
                for k in cands:
                    if text.startswith(k, i):
                        yield i, i + len(k), k
                        if not overlapping:
                            i += len(k) - 1
                        break
            i += 1

    def ends_with(self, text: str, end: int, start: int = 0) -> str | None:
        """The longest key that ends exactly at ``end`` (not before ``start``)."""
        best = None
        for length in range(1, min(end - start, 12) + 1):
            piece = text[end - length:end]
            if piece in self:
                best = piece
        return best
