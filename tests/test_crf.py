"""kg.crf: batched numpy Viterbi against a plain one-sequence-at-a-time decoder."""

import numpy as np
import pytest

from kg.crf import CRFModel


def _plain_viterbi(S, T):
    d, back = S[0].copy(), []
    for t in range(1, len(S)):
        c = d[:, None] + T
        back.append(c.argmax(0))
        d = c.max(0) + S[t]
    cur = int(d.argmax())
    path = [cur]
    for b in reversed(back):
        cur = int(b[cur])
        path.append(cur)
    return path[::-1]


@pytest.mark.parametrize("seed", range(5))
def test_batched_viterbi_equals_plain(seed):
    rng = np.random.default_rng(seed)
    K = 7
    model = CRFModel(np.array([1]), np.zeros((1, K)), rng.normal(size=(K, K)), tuple("OABCDEF"))
    for _ in range(40):
        lengths = rng.integers(1, 30, size=rng.integers(1, 8))
        S = rng.normal(size=(int(lengths.sum()), K))
        ends = np.cumsum(lengths)
        bounds = [(int(e - n), int(e)) for e, n in zip(ends, lengths)]
        got = model.viterbi(S, bounds)
        assert got.tolist() == [x for a, b in bounds for x in _plain_viterbi(S[a:b], model.T)]


def test_emissions_sum_known_keys_and_ignore_unknown():
    big = (3 << 56) | (1 << 40)  # a value too large for the direct table
    keys = np.array([(1 << 56) | 5, (1 << 56) | 7, big])
    W = np.array([[1.0, 0.0], [0.0, 2.0], [0.5, 0.5]])
    model = CRFModel(keys, W, np.zeros((2, 2)), ("O", "X"))
    dense = np.array([[(1 << 56) | 5, big], [(1 << 56) | 6, (3 << 56) | 9], [(1 << 56) | 7, big]])
    scores = model.emissions(dense, np.array([1]), np.array([(1 << 56) | 7]))
    assert scores.tolist() == [[1.5, 0.5], [0.0, 2.0], [0.5, 2.5]]
