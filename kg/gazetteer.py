"""Longest-match dictionary lookup over text, in linear time for bounded keys."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

# Below this many distinct first characters, candidate positions are found with
# str.find: building a filter costs more than the scan for the small
# gazetteers built per document (names already found in one article).
_FIND_MAX_FIRSTS = 16
# From this many, so many positions hold a first character that filtering them
# by their first two characters (numpy, over the whole text) pays; below it a
# character class finds them (measured on the bench corpus: districts, titles
# and organisation endings gain, speech verbs lose).
_PAIRS_MIN_FIRSTS = 64


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
        # built when first needed, by how many first characters there are
        self._firsts: re.Pattern | None = None
        self._pair_filter: tuple | None = None  # (first two characters of keys, one-character keys)

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
        """Positions where a key may start, in order."""
        if len(self._first_chars) <= _FIND_MAX_FIRSTS:
            found = []
            for c in self._first_chars:
                k = text.find(c)
                while k >= 0:
                    found.append(k)
                    k = text.find(c, k + 1)
            return sorted(found)
        if len(self._first_chars) < _PAIRS_MIN_FIRSTS:
            if self._firsts is None:
                # jump between possible first characters at C speed
                self._firsts = re.compile("[" + re.escape(self._first_chars) + "]")
            return map(re.Match.start, self._firsts.finditer(text))
        return self._pair_candidates(text)

    def _pair_candidates(self, text: str) -> list[int]:
        """Positions whose first two characters start a key, or whose character
        is a one-character key.

        For gazetteers with many first characters (the 3,000 divisions start
        with a third of the characters of a text) this filter, computed over
        the whole text with numpy, leaves few positions to the Python loop.
        """
        import numpy as np

        if self._pair_filter is None:
            singles = "".join(sorted(k for k in self._keys if len(k) == 1))
            # one assignment: another thread sees both parts or neither
            self._pair_filter = (
                np.array(sorted(ord(p[0]) << 21 | ord(p[1]) for p in self._lengths), dtype=np.int64),
                re.compile("[" + re.escape(singles) + "]") if singles else None,
            )
        pairs, singles_re = self._pair_filter
        found: list[int] = []
        if len(pairs) and len(text) >= 2:
            cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
            pair = cp[:-1] << 21 | cp[1:]
            i = np.searchsorted(pairs, pair)
            i[i == len(pairs)] = 0
            found = np.flatnonzero(pairs[i] == pair).tolist()
        if singles_re is not None:
            found = sorted({*found, *map(re.Match.start, singles_re.finditer(text))})
        return found

    def finditer(self, text: str, overlapping: bool = False) -> list[tuple[int, int, str]]:
        """Non-overlapping longest matches, left to right (or all of them)."""
        return self.finditer_windows(text, [(0, len(text))], overlapping)[0]

    def finditer_windows(self, text: str, windows: list[tuple[int, int]],
                         overlapping: bool = False) -> list[list[tuple[int, int, str]]]:
        """For each window ``(start, end)`` of ``text``: what
        ``finditer(text[start:end])`` gives, offsets relative to the window.

        One scan of ``text`` finds the candidate positions for every window
        (sentences, typically): cheaper than a scan per window.

        >>> g = Gazetteer(["海淀区", "海淀"])
        >>> g.finditer_windows("在海淀区。海淀", [(0, 3), (3, 5), (5, 7)])
        [[(1, 3, '海淀')], [], [(0, 2, '海淀')]]
        """
        out: list[list[tuple[int, int, str]]] = [[] for _ in windows]
        if not self._keys:
            return out
        cands = list(self._candidates(text))
        keys, lengths = self._keys, self._lengths
        for w, (start, end) in enumerate(windows):
            found = out[w]
            floor = start
            j = bisect.bisect_left(cands, start)
            while j < len(cands) and cands[j] < end:
                i = cands[j]
                j += 1
                if i < floor:
                    continue
                # match_at, inlined and bounded by the window: this loop runs
                # at every candidate position
                k = None
                ns = lengths.get(text[i:i + 2])
                if ns is not None:
                    for n in ns:
                        if i + n <= end:
                            piece = text[i:i + n]
                            if len(piece) == n and piece in keys:
                                k = piece
                                break
                if k is None and text[i] in keys:
                    k = text[i]
                if k is not None:
                    found.append((i - start, i - start + len(k), k))
                    if not overlapping:
                        floor = i + len(k)
        return out

    def ends_with(self, text: str, end: int, start: int = 0) -> str | None:
        """The longest key that ends exactly at ``end`` (not before ``start``)."""
        best = None
        keys = self._keys
        for length in range(1, min(end - start, 12) + 1):
            piece = text[end - length:end]
            if piece in keys:
                best = piece
        return best
