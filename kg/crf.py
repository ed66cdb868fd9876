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

The result is CRFsuite's Viterbi path (tests compare the two on real text).

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


class CRFModel:
    """State weights ``W[i]`` for the sorted feature keys ``keys[i]``,
    transition weights ``T[previous, next]`` and the label names."""

    # The values below _SMALL of a template (characters of the BMP, word
    # tags, classes) are looked up in a direct table, much faster than a
    # search; larger values (character pairs) are searched.
    _SMALL = 1 << 16

    def __init__(self, keys: np.ndarray, W: np.ndarray, T: np.ndarray, labels: tuple[str, ...]):
        order = np.argsort(keys, kind="stable")
        self.keys = np.ascontiguousarray(np.asarray(keys)[order], dtype=np.int64)
        # one spare zero row: where a key is unknown its lookup lands there
        self.W = np.vstack([np.asarray(W, dtype=np.float64)[order], np.zeros((1, len(labels)))])
        self.T = np.asarray(T, dtype=np.float64)
        self.labels = tuple(labels)
        self._tables: dict[int, np.ndarray] = {}

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

    def _table(self, template: int) -> np.ndarray:
        """Row of ``W`` by value, for the values below ``_SMALL`` of ``template``."""
        table = self._tables.get(template)
        if table is None:
            lo = np.searchsorted(self.keys, template << 56)
            hi = np.searchsorted(self.keys, (template << 56) + self._SMALL)
            values = self.keys[lo:hi] - (template << 56)
            table = np.full(int(values[-1]) + 1 if hi > lo else 1, len(self.keys), dtype=np.int64)
            table[values] = np.arange(lo, hi)
            self._tables[template] = table
        return table

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
        inside = values < len(table)
        rows = table[np.where(inside, values, 0)]
        if not inside.all():
            rows[~inside] = self._rows_of(column[~inside])
        return rows

    def emissions(self, keys: np.ndarray, extra_pos: np.ndarray, extra_keys: np.ndarray) -> np.ndarray:
        """``(n, labels)`` state scores: dense ``keys`` (n, k), one template per
        column, plus sparse features at rows ``extra_pos``."""
        n, k = keys.shape
        scores = np.zeros((n, len(self.labels)))
        for j in range(k if n else 0):
            scores += self.W[self._column_rows(keys[:, j])]
        if len(extra_keys):
            np.add.at(scores, extra_pos, self.W[self._rows_of(extra_keys)])
        return scores

    def viterbi(self, scores: np.ndarray, bounds: list[tuple[int, int]]) -> np.ndarray:
        """Best label index per row of ``scores`` for each sequence in ``bounds``.

        All sequences advance together, one position per step, longest
        first: at step ``t`` only the sequences longer than ``t`` are worked
        on, and each keeps the scores of its own last position.
        """
        out = np.zeros(scores.shape[0], dtype=np.int64)
        if not bounds:
            return out
        K = len(self.labels)
        order = sorted(range(len(bounds)), key=lambda b: bounds[b][0] - bounds[b][1])  # longest first
        starts = np.array([bounds[b][0] for b in order], dtype=np.int64)
        lengths = np.array([bounds[b][1] - bounds[b][0] for b in order], dtype=np.int64)
        L = int(lengths[0])
        # active[t]: how many sequences are longer than t (a prefix, by the order)
        active = np.searchsorted(-lengths, -np.arange(L), side="left")
        # E[t, b]: the scores of sequence b's position t (a zero row past its end)
        padded = np.vstack([scores, np.zeros((1, K))])
        rows = starts[None, :] + np.arange(L)[:, None]
        rows[np.arange(L)[:, None] >= lengths[None, :]] = len(scores)
        E = padded[rows]
        TT = np.ascontiguousarray(self.T.T)[None, :, :]  # (1, next, previous)
        flat = np.arange(len(order) * K)
        alive = active.tolist()
        delta = E[0]
        final = np.empty((len(order), K))
        back = []
        for t in range(1, L):
            m = alive[t]
            if m < alive[t - 1]:
                final[m:alive[t - 1]] = delta[m:]
                delta = delta[:m]
            cand = delta[:, None, :] + TT  # (sequences, next, previous)
            best = cand.argmax(axis=2)
            back.append(best)
            # the maximum, read at the argmax (cheaper than a second reduction)
            delta = cand.reshape(-1, K)[flat[: m * K], best.ravel()].reshape(m, K)
            delta += E[t, :m]
        final[: alive[L - 1]] = delta
        # backtrack, longest first; a sequence joins when t reaches its end
        path = np.zeros((L, len(order)), dtype=np.int64)
        cur = final.argmax(axis=1)
        seq = np.arange(len(order))
        for t in range(L - 1, 0, -1):
            m = alive[t]
            path[t, :m] = cur[:m]
            cur[:m] = back[t - 1][seq[:m], cur[:m]]
        path[0] = cur
        inside = rows < len(scores)
        out[rows[inside]] = path[inside]
        return out
