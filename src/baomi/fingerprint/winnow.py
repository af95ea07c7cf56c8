"""Keyed k-gram hashing and winnowing (Schleimer, Wilkerson, Aiken — the MOSS paper).

Parameters, in normalised characters (see :mod:`baomi.fingerprint.normalise`):

* ``k`` — the **noise threshold**: a k-gram is the unit of matching, so a run
  shared by two texts that is shorter than ``k`` can never produce a common
  fingerprint.
* ``t`` — the **guarantee threshold**: any run of at least ``t`` characters
  shared by two texts always produces at least one common fingerprint, because
  the window ``w = t - k + 1`` of k-gram hashes fits inside it and both texts
  select the same minimum there.

Selection (winnowing) uses a fast rolling hash whose constants are derived from
the index key, computed with numpy. The **stored** fingerprint of each selected
k-gram is a keyed BLAKE2b-64 of the k-gram (``hashlib.blake2b(key=...)``), so an
index (or the fingerprints of a suspect) does not reveal the text to someone
without the key, and the same key gives the same fingerprints on every run and
machine.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

_MASK64 = (1 << 64) - 1
_PERSON = b"baomi-winnow-v1"


@dataclass(frozen=True)
class WinnowParams:
    """Winnowing parameters: noise threshold ``k`` and guarantee threshold ``t``."""

    k: int = 15
    t: int = 35

    def __post_init__(self) -> None:
        if self.k < 2 or self.t < self.k:
            raise ValueError(f"need 2 <= k <= t, got k={self.k}, t={self.t}")

    @property
    def window(self) -> int:
        """Number of consecutive k-gram hashes in one winnowing window."""
        return self.t - self.k + 1


@dataclass(frozen=True)
class Fingerprints:
    """Selected fingerprints of one normalised text.

    ``hashes[i]`` (keyed BLAKE2b-64, as signed int64) is the fingerprint of the
    k-gram starting at normalised position ``positions[i]``; positions ascend.
    """

    hashes: npt.NDArray[np.int64]
    positions: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.hashes)


def _derive(key: bytes, label: bytes) -> int:
    digest = hashlib.blake2b(label, key=key, digest_size=8, person=_PERSON).digest()
    return int.from_bytes(digest, "little")


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The splitmix64 finaliser, vectorised (wrapping uint64 arithmetic)."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def kgram_hashes(text: str, k: int, key: bytes) -> npt.NDArray[np.uint64]:
    """Selection hashes of every k-gram of ``text`` (empty if ``len(text) < k``)."""
    if len(text) < k:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    with np.errstate(over="ignore"):
        codes = _mix(codes ^ np.uint64(_derive(key, b"char")))
        return _mix(_polynomial(codes, k, _derive(key, b"base") | 1))


def _polynomial(codes: npt.NDArray[np.uint64], k: int, base: int) -> npt.NDArray[np.uint64]:
    """``sum(codes[i + o] * base ** (k - 1 - o) for o < k)`` for every i, wrapping at 2**64.

    Built by doubling (the hash of a run of a + b codes is the hash of the first
    a times ``base ** b`` plus the hash of the last b), so it costs O(log k)
    vector operations instead of k.
    """
    result: npt.NDArray[np.uint64] | None = None
    result_len = 0
    power, power_len = codes, 1  # hashes of runs of power_len codes
    while True:
        if k & 1:
            if result is None:
                result, result_len = power, power_len
            else:
                n = len(codes) - result_len - power_len + 1
                shift = np.uint64(pow(base, power_len, 1 << 64))
                result = result[:n] * shift + power[result_len : result_len + n]
                result_len += power_len
        k >>= 1
        if not k:
            assert result is not None
            return result
        n = len(codes) - 2 * power_len + 1
        shift = np.uint64(pow(base, power_len, 1 << 64))
        power = power[:n] * shift + power[power_len : power_len + n]
        power_len *= 2


def _sliding(values: npt.NDArray[np.uint64], width: int, op: np.ufunc) -> npt.NDArray[np.uint64]:
    """``op`` (minimum or maximum) over every window of ``width``: O(n log width), vectorised."""
    out = values
    span = 1
    while span * 2 <= width:
        out = op(out[:-span], out[span:])  # out[i] = op over values[i : i + 2 * span]
        span *= 2
    count = len(values) - width + 1
    return op(out[:count], out[width - span : width - span + count])


def winnow(hashes: npt.NDArray[np.uint64], window: int) -> npt.NDArray[np.int64]:
    """Positions selected by winnowing: the minimum of every window of ``window`` hashes.

    A position is selected when its hash is the minimum of at least one window
    containing it (two equal minima in one window, i.e. a repeated k-gram, are
    both kept). With fewer hashes than ``window``, the whole sequence is one window.
    """
    n = len(hashes)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    window = min(window, n)
    minima = _sliding(hashes, window, np.minimum)
    # The largest minimum over the windows containing each position (zeros pad the ends).
    pad = np.zeros(window - 1, dtype=np.uint64)
    covering = _sliding(np.concatenate([pad, minima, pad]), window, np.maximum)
    return np.nonzero(hashes == covering)[0].astype(np.int64)


def _keyed_state(key: bytes) -> hashlib.blake2b:
    """The keyed BLAKE2b-64 state that every stored fingerprint starts from."""
    return hashlib.blake2b(key=key, digest_size=8, person=_PERSON)


def keyed_hash(kgram: str, key: bytes) -> int:
    """The stored fingerprint of one k-gram: keyed BLAKE2b-64 as a signed integer."""
    state = _keyed_state(key)
    state.update(kgram.encode("utf-8"))
    return int.from_bytes(state.digest(), "little", signed=True)


def fingerprint(text: str, key: bytes, params: WinnowParams | None = None) -> Fingerprints:
    """Winnowed, keyed fingerprints of a normalised text."""
    params = params or WinnowParams()
    positions = winnow(kgram_hashes(text, params.k, key), params.window)
    k = params.k
    # One keyed state, copied per k-gram: the same digests as :func:`keyed_hash`
    # without setting the key up again for every fingerprint.
    new = _keyed_state(key).copy
    digests = []
    for p in positions.tolist():
        state = new()
        state.update(text[p : p + k].encode("utf-8"))
        digests.append(state.digest())
    hashes = np.frombuffer(b"".join(digests), dtype="<i8").astype(np.int64)
    return Fingerprints(hashes=hashes, positions=positions)
