"""Linear-chain CRF inference in numpy, from a model trained by CRFsuite.

CRFsuite (python-crfsuite) trains the tagger; tagging through it costs a
Python string per feature per character, each looked up in CRFsuite's
attribute dictionary, which made the tagger the slowest stage of extraction.
Here the trained weights are read once into arrays keyed by 64-bit integers,
so that the caller can compute whole columns of feature keys with numpy:

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

    def __init__(self, keys: np.ndarray, W: np.ndarray, T: np.ndarray, labels: tuple[str, ...]):
        order = np.argsort(keys, kind="stable")
        self.keys = np.ascontiguousarray(keys[order], dtype=np.int64)
        # one spare zero row: where a key is unknown its lookup lands there
        self.W = np.vstack([np.asarray(W, dtype=np.float64)[order], np.zeros((1, len(labels)))])
        self.T = np.asarray(T, dtype=np.float64)
        self.labels = tuple(labels)

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

    def _rows_of(self, keys: np.ndarray) -> np.ndarray:
        """Row of ``W`` for each key (the spare zero row for unknown keys)."""
        i = np.searchsorted(self.keys, keys)
        i[i == len(self.keys)] = 0
        return np.where(self.keys[i] == keys, i, len(self.keys)) if len(self.keys) else np.zeros_like(i)

    def emissions(self, keys: np.ndarray, extra_pos: np.ndarray, extra_keys: np.ndarray) -> np.ndarray:
        """``(n, labels)`` state scores: dense ``keys`` (n, k) plus sparse features."""
        n = keys.shape[0]
        scores = self.W[self._rows_of(keys.ravel())].reshape(n, -1, len(self.labels)).sum(axis=1)
        if len(extra_keys):
            np.add.at(scores, extra_pos, self.W[self._rows_of(extra_keys)])
        return scores

    def viterbi(self, scores: np.ndarray, bounds: list[tuple[int, int]]) -> np.ndarray:
        """Best label index per row of ``scores`` for each sequence in ``bounds``.

        All sequences advance together, one position per step: sequence ``b``
        at step ``t`` reads row ``start_b + t``; rows past a sequence's end
        are computed but never read back.
        """
        out = np.zeros(scores.shape[0], dtype=np.int64)
        if not bounds:
            return out
        starts = np.array([s for s, _ in bounds], dtype=np.int64)
        lengths = np.array([e - s for s, e in bounds], dtype=np.int64)
        B, L, K = len(bounds), int(lengths.max()), len(self.labels)
        # padded view of the scores: (B, L, K); row -1 (a zero row) pads
        padded_scores = np.vstack([scores, np.zeros((1, K))])
        pos = starts[:, None] + np.arange(L)[None, :]
        pos[np.arange(L)[None, :] >= lengths[:, None]] = scores.shape[0]
        E = padded_scores[pos]
        back = np.zeros((B, L, K), dtype=np.int64)
        D = np.empty((B, L, K))  # best score of a path ending in each label
        D[:, 0, :] = delta = E[:, 0, :]
        T = self.T[None, :, :]
        for t in range(1, L):
            cand = delta[:, :, None] + T  # (B, previous, next)
            back[:, t, :] = cand.argmax(axis=1)
            delta = cand.max(axis=1)
            delta += E[:, t, :]
            D[:, t, :] = delta
        rows = np.arange(B)
        last = lengths - 1
        final = D[rows, last]
        # backtrack all sequences together from their own last position
        cur = final.argmax(axis=1)
        labels = np.zeros((B, L), dtype=np.int64)
        for t in range(L - 1, -1, -1):
            active = t <= last
            labels[active, t] = cur[active]
            if t > 0:
                prev = back[rows, t, cur]
                cur = np.where(active, prev, cur)
        valid = np.arange(L)[None, :] < lengths[:, None]
        out[pos[valid]] = labels[valid]
        return out
