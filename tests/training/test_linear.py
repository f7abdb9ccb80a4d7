"""The hashed linear model: learns, predicts, round-trips, and is deterministic."""

from __future__ import annotations

import numpy as np

from quotetrail.models.linear import LinearModel, hash_features


def _toy(n: int = 400) -> tuple[list[list[str]], list[bool]]:
    rng = np.random.default_rng(0)
    xs, ys = [], []
    for _ in range(n):
        good = bool(rng.random() < 0.5)
        noise = [f"n{int(rng.integers(50))}"]
        xs.append(["bias", "said" if good else "table", *noise])
        ys.append(good)
    return xs, ys


def test_learns_a_separable_signal() -> None:
    xs, ys = _toy()
    m = LinearModel.train(xs, ys, bits=12, epochs=30)
    assert m.probability(["bias", "said"]) > 0.8
    assert m.probability(["bias", "table"]) < 0.2


def test_batch_and_single_predictions_agree() -> None:
    xs, ys = _toy()
    m = LinearModel.train(xs, ys, bits=12)
    batch = m.probabilities(xs[:20])
    single = [m.probability(x) for x in xs[:20]]
    assert np.allclose(batch, single, atol=1e-5)
    assert m.probabilities([]).shape == (0,)


def test_same_seed_same_weights_and_round_trip() -> None:
    xs, ys = _toy()
    a = LinearModel.train(xs, ys, bits=12, seed=3)
    b = LinearModel.train(xs, ys, bits=12, seed=3)
    assert a.to_bytes() == b.to_bytes()
    c = LinearModel.from_bytes(a.to_bytes())
    assert np.allclose(c.probabilities(xs[:10]), a.probabilities(xs[:10]), atol=1e-2)


def test_hashing_is_stable_across_processes() -> None:
    # CRC-32, not hash(): the shipped weights depend on these exact indices
    assert hash_features(["w=said"], 19).tolist() == [hash_features(["w=said"], 19)[0]]
    assert int(hash_features(["abc"], 32)[0]) == 0x352441C2
