"""Linear-chain CRF inference in numpy, from a model trained by CRFsuite.

CRFsuite (python-crfsuite) trains the tagger; tagging through it costs a
Python string per feature per character, each looked up in CRFsuite's
attribute dictionary, which made the tagger the slowest stage of extraction.
Here the trained weights are read once into arrays keyed by 64-bit integers
(``template << 56 | value``), so that the caller can compute whole columns of
feature keys with numpy:

* ``CRFModel.from_crfsuite(path, attr_key)`` reads the state and transition
  weights; ``attr_key`` maps each attribute name to its integer key (the
  feature extractor defines both, so training and tagging cannot disagree);
* ``CRFModel.emissions(keys, extra_pos, extra_keys)`` sums the state weights
  of a dense ``(n, templates)`` key matrix plus sparse ``(position, key)``
  features into an ``(n, labels)`` score matrix (unknown keys weigh 0, as
  unknown attributes do in CRFsuite);
* ``CRFModel.viterbi(scores, bounds)`` decodes every ``[start, end)`` sequence
  at once, batched over sequences, and returns one label index per row.

The result is CRFsuite's Viterbi path (tests compare the two on real text);
where two paths score exactly the same, either may come out (decoding from
both ends breaks such ties differently), which real-valued weights make rare.

>>> import numpy as np
>>> m = CRFModel(np.array([5, 9]), np.array([[0.0, 2.0], [1.0, 0.0]]),
...              np.array([[0.5, -1.0], [0.0, 0.5]]), ("O", "X"))
>>> s = m.emissions(np.array([[5], [9], [7]]), np.array([], int), np.array([], int))
>>> [m.labels[i] for i in m.viterbi(s, [(0, 3)])]
['X', 'O', 'O']
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

__all__ = ["CRFModel"]

_BMP = 0x10000  # code points below this are looked up in tables
_CODE = (1 << 21) - 1  # one code point in a packed pair
_NONE = 0xFFFF  # no key: the offset a pair table holds where no key is


class CRFModel:
    """State weights ``W[i]`` for the sorted feature keys ``keys[i]``,
    transition weights ``T[previous, next]`` and the label names."""

    # The values below _SMALL of a template (characters of the BMP, word
    # tags, classes) are looked up in a direct table, much faster than a
    # search; so are pairs of BMP characters (see ``_table``); other
    # values are searched.
    _SMALL = 1 << 16

    def __init__(self, keys: np.ndarray, W: np.ndarray, T: np.ndarray, labels: tuple[str, ...]):
        order = np.argsort(keys, kind="stable")
        self.keys = np.ascontiguousarray(np.asarray(keys)[order], dtype=np.int64)
        # one spare zero row: where a key is unknown its lookup lands there
        self.W = np.vstack([np.asarray(W, dtype=np.float64)[order], np.zeros((1, len(labels)))])
        # The same rows seen as one opaque item each: numpy gathers a 1-D
        # array of items about three times faster than rows of a 2-D one.
        self._W_items = self.W.view(np.dtype((np.void, self.W.itemsize * len(labels)))).ravel()
        self.T = np.asarray(T, dtype=np.float64)
        self.labels = tuple(labels)
        self._tables: dict[int, tuple] = {}

    @classmethod
    def cached(cls, path: str | Path, attr_key: Callable[[str], int], salt: str = "") -> "CRFModel":
        """:meth:`from_crfsuite`, through a cache of the arrays it makes.

        Reading a CRFsuite file costs about two seconds a process (every
        ``kg`` command and worker that tags); the arrays are kept in kg's
        cache folder (:func:`kg.paths.cache_dir`) under the SHA-256 of the
        model file and ``salt`` (what else decides
        the keys: the feature code), and read back in a few milliseconds.
        A cache that cannot be read or written is ignored.
        """
        import hashlib
        import io

        from .paths import cache_dir, write_cache

        data = Path(path).read_bytes()
        digest = hashlib.sha256(data + salt.encode("utf-8")).hexdigest()[:24]
        cache = cache_dir() / f"crf-{digest}.npz"
        try:
            with np.load(cache, allow_pickle=False) as z:
                return cls(z["keys"], z["W"], z["T"], tuple(str(x) for x in z["labels"]))
        except (OSError, KeyError, ValueError):
            pass
        model = cls.from_crfsuite(path, attr_key)
        buf = io.BytesIO()
        np.savez(buf, keys=model.keys, W=model.W[:-1], T=model.T, labels=np.array(model.labels))
        write_cache(cache, buf.getvalue())
        return model

    @classmethod
    def from_crfsuite(cls, path: str | Path, attr_key: Callable[[str], int]) -> "CRFModel":
        """Read a CRFsuite model file; ``attr_key`` turns attribute names into keys."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        try:
            info = tagger.info()
        finally:
            tagger.close()
        labels = tuple(sorted(info.labels, key=lambda lab: int(info.labels[lab])))
        index = {lab: i for i, lab in enumerate(labels)}
        rows: dict[int, np.ndarray] = {}
        for (attr, lab), w in info.state_features.items():
            k = attr_key(attr)
            row = rows.get(k)
            if row is None:
                row = rows[k] = np.zeros(len(labels))
            row[index[lab]] += w
        T = np.zeros((len(labels), len(labels)))
        for (a, b), w in info.transitions.items():
            T[index[a], index[b]] = w
        keys = np.fromiter(rows, dtype=np.int64, count=len(rows))
        W = np.array([rows[k] for k in rows]) if rows else np.zeros((0, len(labels)))
        return cls(keys, W, T, labels)

    def _table(self, template: int):
        """How the values of ``template`` are looked up, built on first use.

        ``("direct", table)``: ``table[value]`` is the row of ``W`` for the
        values below ``_SMALL`` (characters of the BMP, word tags, classes);
        larger values are searched.
        ``("pair", hi, lo, width, offsets, first)``: for a template whose values
        pack two BMP code points (``a << 21 | b``, character bigrams), a
        two-dimensional table over the characters that occur in its keys:
        ``offsets[hi[a] * width + lo[b]]`` is the row minus ``first``, or
        ``_NONE``. One gather instead of a binary search per value; about
        3 MB per template.
        """
        table = self._tables.get(template)
        if table is None:
            lo_row = int(np.searchsorted(self.keys, template << 56))
            hi_row = int(np.searchsorted(self.keys, (template + 1) << 56))
            values = self.keys[lo_row:hi_row] - (template << 56)
            a, b = values >> 21, values & _CODE
            if len(values) and values[0] >= self._SMALL and a.max() < _BMP and b.max() < _BMP \
                    and hi_row - lo_row < _NONE:
                table = ("pair", *self._pair_table(a, b), lo_row)
            else:
                small = values[values < self._SMALL]
                direct = np.full(int(small[-1]) + 1 if len(small) else 1, len(self.keys), dtype=np.int64)
                direct[small] = np.arange(lo_row, lo_row + len(small))
                table = ("direct", direct)
            self._tables[template] = table
        return table

    @staticmethod
    def _pair_table(a: np.ndarray, b: np.ndarray):
        """Compact ids of the first (``a``) and second (``b``) characters (0 for
        a character that occurs in no key, and past the BMP) and the table of
        row offsets by id pair."""
        hi = np.zeros(_BMP + 1, dtype=np.int64)
        lo = np.zeros(_BMP + 1, dtype=np.int64)
        ua, ub = np.unique(a), np.unique(b)
        hi[ua] = np.arange(1, len(ua) + 1)
        lo[ub] = np.arange(1, len(ub) + 1)
        width = len(ub) + 1
        offsets = np.full((len(ua) + 1) * width, _NONE, dtype=np.uint16)
        offsets[hi[a] * width + lo[b]] = np.arange(len(a))
        return hi, lo, width, offsets

    def _rows_of(self, keys: np.ndarray) -> np.ndarray:
        """Row of ``W`` for each key (the spare zero row for unknown keys)."""
        if not len(self.keys):
            return np.zeros(len(keys), dtype=np.int64)
        i = np.searchsorted(self.keys, keys)
        i[i == len(self.keys)] = 0
        return np.where(self.keys[i] == keys, i, len(self.keys))

    def _column_rows(self, column: np.ndarray) -> np.ndarray:
        """Rows of ``W`` for a column of keys that share one template."""
        template = int(column[0]) >> 56
        table = self._table(template)
        values = column - (template << 56)
        if table[0] == "pair":
            _, hi, lo, width, offsets, first = table
            off = offsets[hi[np.minimum(values >> 21, _BMP)] * width + lo[np.minimum(values & _CODE, _BMP)]]
            return np.where(off == _NONE, len(self.keys), off.astype(np.int64) + first)
        direct = table[1]
        inside = values < len(direct)
        rows = direct[np.where(inside, values, 0)]
        if not inside.all():
            rows[~inside] = self._rows_of(column[~inside])
        return rows

    def emissions(self, keys: np.ndarray, extra_pos: np.ndarray, extra_keys: np.ndarray) -> np.ndarray:
        """``(n, labels)`` state scores: dense ``keys`` (n, k), one template per
        column, plus sparse features at rows ``extra_pos``."""
        n, k = keys.shape
        K = len(self.labels)
        scores = np.zeros((n, K))
        for j in range(k if n else 0):
            scores += self._gather(self._column_rows(keys[:, j]))
        if len(extra_keys):
            np.add.at(scores, extra_pos, self._gather(self._rows_of(extra_keys)))
        return scores

    def _gather(self, rows: np.ndarray) -> np.ndarray:
        """``W[rows]`` (the same values, gathered faster)."""
        return self._W_items[rows].view(np.float64).reshape(len(rows), len(self.labels))

    def viterbi(self, scores: np.ndarray, bounds: list[tuple[int, int]]) -> np.ndarray:
        """Best label index per row of ``scores`` for each sequence in ``bounds``.

        Each sequence is decoded from both ends at once: forward over its
        first half, backward (the best continuation from each label) over
        the rest, and the halves are joined at the best pair of labels
        across the middle. All halves advance together, one position per
        step, longest first: at step ``t`` only the halves longer than ``t``
        are worked on. Numpy's cost here is per step, not per element, so
        halving the steps halves the time.
        """
        out = np.zeros(scores.shape[0], dtype=np.int64)
        if not bounds:
            return out
        K = len(self.labels)
        B = np.array(bounds, dtype=np.int64).reshape(-1, 2)
        n = B[:, 1] - B[:, 0]
        h = (n + 1) // 2  # forward positions; the other n - h go backward
        # the halves: forward ones read rows first, first+1, ...; backward
        # ones read rows last, last-1, ... (a backward half may be empty)
        first = np.concatenate([B[:, 0], B[:, 1] - 1])
        step = np.concatenate([np.ones(len(B), np.int64), -np.ones(len(B), np.int64)])
        length = np.concatenate([h, n - h])
        order = np.argsort(-length, kind="stable")  # longest first
        first, step, length = first[order], step[order], length[order]
        where = np.empty(len(order), dtype=np.int64)  # where[half] = its place in the order
        where[order] = np.arange(len(order))
        V = int(np.count_nonzero(length))  # halves that have positions
        if V == 0:
            return out
        L = int(length[0])
        # active[t]: how many halves are longer than t (a prefix, by the order)
        active = np.searchsorted(-length, -np.arange(L), side="left")
        # E[t, v]: the scores of half v's t-th position (a zero row past its end)
        padded = np.vstack([scores, np.zeros((1, K))])
        ts = np.arange(L)[:, None]
        rows = first[None, :V] + step[None, :V] * ts
        rows[ts >= length[None, :V]] = len(scores)
        E = padded[rows]
        # cand[v, next, previous]: forward, next follows previous (T
        # transposed); backward, "next" is the earlier label (T itself)
        TT = np.where(step[:V, None, None] > 0, self.T.T[None], self.T[None])
        flat = np.arange(V * K)
        alive = active.tolist()
        delta = E[0]
        final = np.zeros((len(order), K))
        back = []
        for t in range(1, L):
            m = alive[t]
            if m < alive[t - 1]:
                final[m:alive[t - 1]] = delta[m:]
                delta = delta[:m]
            cand = delta[:, None, :] + TT[:m]
            best = cand.argmax(axis=2)
            back.append(best)
            # the maximum, read at the argmax (cheaper than a second reduction)
            delta = cand.reshape(-1, K)[flat[: m * K], best.ravel()].reshape(m, K)
            delta += E[t, :m]
        final[: alive[L - 1]] = delta
        # join: the best (last forward label, first backward label) pair
        fwd, bwd = where[: len(B)], where[len(B):]
        joined = final[fwd][:, :, None] + self.T[None] + final[bwd][:, None, :]
        joined[n == 1] = final[fwd][n == 1][:, :, None] + np.where(np.arange(K) == 0, 0.0, -np.inf)[None, None, :]
        pair = joined.reshape(len(B), -1).argmax(axis=1)
        cur = np.zeros(len(order), dtype=np.int64)
        cur[fwd], cur[bwd] = pair // K, pair % K
        # backtrack every half from its end label; a half joins when t reaches its end
        path = np.zeros((L, V), dtype=np.int64)
        cur = cur[:V]
        seq = np.arange(V)
        for t in range(L - 1, 0, -1):
            m = alive[t]
            path[t, :m] = cur[:m]
            cur[:m] = back[t - 1][seq[:m], cur[:m]]
        path[0] = cur
        inside = rows < len(scores)
        out[rows[inside]] = path[inside]
        return out
