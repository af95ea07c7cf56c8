"""Keyed winnowing: determinism, key separation and the noise/guarantee thresholds."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from baomi.fingerprint.normalise import normalise
from baomi.fingerprint.winnow import WinnowParams, fingerprint, keyed_hash, kgram_hashes, winnow

from .helpers import CJK

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
PARAMS = WinnowParams()


def _random_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(CJK) for _ in range(n))


@given(st.integers(0, 10**6))
def test_fingerprints_are_deterministic_for_a_key(seed: int) -> None:
    text = _random_text(random.Random(seed), 400)
    a, b = fingerprint(text, KEY, PARAMS), fingerprint(text, KEY, PARAMS)
    assert np.array_equal(a.hashes, b.hashes) and np.array_equal(a.positions, b.positions)


@given(st.integers(0, 10**6))
def test_fingerprints_differ_across_keys(seed: int) -> None:
    text = _random_text(random.Random(seed), 400)
    a, b = fingerprint(text, KEY, PARAMS), fingerprint(text, OTHER_KEY, PARAMS)
    assert not set(a.hashes.tolist()) & set(b.hashes.tolist())


def test_fingerprints_are_stable_across_runs() -> None:
    # A fixed vector: an index built today must match scans run next year.
    text = (
        "权利人应当证明其采取了合理的保密措施，包括签订保密协议、限定涉密信息的知悉范围、"
        "对涉密载体进行标记和加密。the accused material is identical or substantially identical"
    )
    prints = fingerprint(text, KEY, PARAMS)
    assert prints.positions.tolist()[:4] == [14, 26, 38, 57]
    assert prints.hashes.tolist()[:4] == [
        3624332216442194296,
        1089952333926643718,
        -1702407355518535687,
        -8881517050010253222,
    ]
    assert prints.hashes.dtype == np.int64
    # Each stored fingerprint is the keyed hash of its k-gram.
    assert prints.hashes.tolist() == [
        keyed_hash(text[p : p + PARAMS.k], KEY) for p in prints.positions.tolist()
    ]


def test_winnow_selects_one_position_per_window() -> None:
    hashes = np.array([5, 3, 9, 3, 7, 1, 8], dtype=np.uint64)
    # windows of 3: [5,3,9]→1 [3,9,3]→1,3 [9,3,7]→3 [3,7,1]→5 [7,1,8]→5
    assert winnow(hashes, 3).tolist() == [1, 3, 5]


@given(st.integers(0, 10**6), st.integers(PARAMS.t, 120))
def test_a_shared_run_of_at_least_t_always_shares_a_fingerprint(seed: int, length: int) -> None:
    rng = random.Random(seed)
    run = _random_text(rng, length)
    a = _random_text(rng, rng.randint(0, 200)) + run + _random_text(rng, rng.randint(0, 200))
    b = _random_text(rng, rng.randint(0, 200)) + run + _random_text(rng, rng.randint(0, 200))
    fa, fb = fingerprint(normalise(a).text, KEY), fingerprint(normalise(b).text, KEY)
    assert set(fa.hashes.tolist()) & set(fb.hashes.tolist())


@given(st.integers(0, 10**6), st.integers(1, PARAMS.k - 1))
def test_a_shared_run_shorter_than_k_never_shares_a_fingerprint(seed: int, length: int) -> None:
    rng = random.Random(seed)
    run = _random_text(rng, length)
    a = _random_text(rng, 300) + "甲" + run + "乙" + _random_text(rng, 300)
    b = _random_text(rng, 300) + "丙" + run + "丁" + _random_text(rng, 300)
    fa, fb = fingerprint(a, KEY), fingerprint(b, KEY)
    assert not set(fa.hashes.tolist()) & set(fb.hashes.tolist())


def _naive_kgram_hashes(text: str, k: int, key: bytes) -> list[int]:
    """The k-gram polynomial written out term by term (the definition)."""
    from baomi.fingerprint.winnow import _derive, _mix

    codes = _mix(
        np.asarray([ord(c) for c in text], dtype=np.uint64) ^ np.uint64(_derive(key, b"char"))
    ).tolist()
    base = _derive(key, b"base") | 1
    out = []
    for i in range(len(text) - k + 1):
        acc = 0
        for o in range(k):
            acc = (acc * base + codes[i + o]) % (1 << 64)
        out.append(acc)
    return _mix(np.asarray(out, dtype=np.uint64)).tolist() if out else []


@given(st.text(max_size=60), st.integers(2, 40))
def test_kgram_hashes_by_doubling_equal_the_polynomial(text: str, k: int) -> None:
    assert kgram_hashes(text, k, KEY).tolist() == _naive_kgram_hashes(text, k, KEY)
