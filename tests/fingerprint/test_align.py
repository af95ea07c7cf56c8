"""Passage alignment: seeds extended across edits, and which seeds are extended at all."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from baomi.fingerprint.align import AlignParams, align

from .helpers import CJK

K = 15


def _runs(rng: random.Random, *lengths: int) -> list[str]:
    return ["".join(rng.choice(CJK) for _ in range(n)) for n in lengths]


def _edited_copy() -> tuple[str, str, int]:
    """Two texts sharing runs of 30, 30 and 50 characters between one-character edits."""
    rng = random.Random(7)
    x, y, z, before, after = _runs(rng, 30, 30, 50, 40, 40)
    secret = before + x + "甲" + y + "乙" + z + after
    suspect = "前" * 20 + x + "丙" + y + "丁" + z + "后" * 20
    return suspect, secret, len(before)


def test_a_seed_in_a_short_run_extends_across_edits_in_prose_only() -> None:
    suspect, secret, offset = _edited_copy()
    seed = [(20, offset)]  # the first k-gram of the 30-character run
    prose = align(suspect, secret, seed, K, AlignParams(), code=False)
    assert [p.matched for p in prose] == [110]
    # Abstracted code shares runs of 25-35 characters by chance: such a seed is
    # not extended, however much would follow across the edits.
    assert align(suspect, secret, seed, K, AlignParams(), code=True) == []


def test_a_seed_in_a_run_of_t_characters_extends_in_code_too() -> None:
    suspect, secret, offset = _edited_copy()
    seed = [(20 + 62, offset + 62)]  # inside the 50-character run
    [passage] = align(suspect, secret, seed, K, AlignParams(), code=True)
    assert passage.matched == 110
    assert (passage.suspect_start, passage.secret_start) == (20, offset)


@given(st.integers(0, 10**6), st.integers(15, 60))
def test_a_seed_is_extended_exactly_when_its_run_is_long_enough(seed: int, run: int) -> None:
    rng = random.Random(seed)
    [common] = _runs(rng, run)
    suspect, secret = "前" + common + "后" * 60, "左" + common + "右" * 60
    params = AlignParams(min_passage=15, min_passage_words=15, min_passage_code=15)
    for code in (False, True):
        passages = align(suspect, secret, [(1, 1)], K, params, code)
        assert bool(passages) == (run >= params.seed_run_for(code))


@given(
    st.text("ab", max_size=20),
    st.text("ab", max_size=20),
    st.text("ab", max_size=150),
    st.text("ab", max_size=20),
    st.text("ab", max_size=20),
)
def test_common_prefix_and_suffix_are_exact(
    head_a: str, head_b: str, shared: str, tail_a: str, tail_b: str
) -> None:
    from baomi.fingerprint.align import common_prefix, common_suffix

    a, b = head_a + shared + tail_a, head_b + shared + tail_b
    for i, j in ((len(head_a), len(head_b)), (len(a) - len(tail_a), len(b) - len(tail_b))):
        prefix = 0
        while i + prefix < len(a) and j + prefix < len(b) and a[i + prefix] == b[j + prefix]:
            prefix += 1
        suffix = 0
        while suffix < min(i, j) and a[i - suffix - 1] == b[j - suffix - 1]:
            suffix += 1
        assert common_prefix(a, i, b, j) == prefix
        assert common_suffix(a, i, b, j) == suffix
