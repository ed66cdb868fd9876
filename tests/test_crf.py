"""kg.crf: batched two-ended numpy Viterbi against a plain one-sequence-at-a-time decoder."""

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


def test_character_pairs_are_looked_up_like_any_key():
    """Pairs of BMP characters go through a two-dimensional table; every kind
    of query must give what a plain search of the keys gives."""
    rng = np.random.default_rng(0)
    chars = rng.integers(0x4E00, 0x4E40, size=(300, 2))
    pair = (2 << 56) | chars[:, 0] << 21 | chars[:, 1]
    keys = np.unique(pair)
    W = rng.normal(size=(len(keys), 3))
    model = CRFModel(keys, W, np.zeros((3, 3)), ("O", "X", "Y"))
    queries = np.concatenate([
        keys[:50],  # known pairs
        (2 << 56) | rng.integers(0x4E00, 0x4E40, 50) << 21 | rng.integers(0x4E00, 0x4E40, 50),  # mostly unknown
        (2 << 56) | np.array([0x20000 << 21 | 0x4E00, 0x4E00 << 21 | 0x2A6D6, 0x61 << 21 | 0x62]),  # beyond the BMP, unseen
    ])
    got = model.emissions(queries[:, None], np.array([], int), np.array([], int))
    expected = np.array([W[np.searchsorted(keys, q)] if q in keys else np.zeros(3) for q in queries])
    assert np.array_equal(got, expected)
    assert model._table(2)[0] == "pair"


def test_the_cached_model_is_the_model_and_a_broken_cache_is_ignored(tmp_path, monkeypatch):
    import numpy as np

    from kg import ner_model
    from kg.crf import CRFModel

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    direct = CRFModel.from_crfsuite(ner_model.MODEL_PATH, ner_model.attr_key)
    first = CRFModel.cached(ner_model.MODEL_PATH, ner_model.attr_key, salt="x")
    (cache,) = tmp_path.glob("crf-*.npz")
    second = CRFModel.cached(ner_model.MODEL_PATH, ner_model.attr_key, salt="x")  # read from the cache
    for m in (first, second):
        assert np.array_equal(m.keys, direct.keys) and np.array_equal(m.W, direct.W)
        assert np.array_equal(m.T, direct.T) and m.labels == direct.labels
    cache.write_bytes(b"not a cache")
    again = CRFModel.cached(ner_model.MODEL_PATH, ner_model.attr_key, salt="x")
    assert np.array_equal(again.W, direct.W)
    assert len(list(tmp_path.glob("crf-*.npz"))) == 1  # rewritten in place
