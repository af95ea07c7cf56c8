"""Passage alignment: from common fingerprints (seeds) to exact copied passages.

A seed says "the k-gram at suspect position i equals the k-gram at secret
position j". Each seed is extended to the left and right on the normalised
strings: first as an exact match, then across small differences (a typo, an
inserted or deleted word) by re-synchronising on the next exact run of
``resync`` characters within ``max_gap`` characters on each side. Seeds that
fall inside a passage already found are skipped, so the work is linear in the
size of the copied material.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class AlignParams:
    """Alignment tolerances and the minimum passage length (normalised chars)."""

    max_gap: int = 8
    resync: int = 6
    min_passage: int = 40
    #: Passages mostly in alphabetic scripts (English words) carry less per
    #: character than Chinese, so they need a little more; still below 50.
    min_passage_words: int = 48
    #: Abstracted code (``V=V(V,N)``) carries less information per character
    #: than prose, so independent programs share longer runs by chance.
    min_passage_code: int = 100
    max_seeds: int = 20000
    #: A seed is extended across edits only inside an exact run this long.
    seed_run: int = 25
    #: The same for abstracted code, where independent programs share runs
    #: of 25-35 characters by chance; the guarantee threshold ``t`` (35), so
    #: every run the guarantee covers still qualifies.
    seed_run_code: int = 35

    def seed_run_for(self, code: bool) -> int:
        """The exact run a seed needs before it is extended (prose or code)."""
        return self.seed_run_code if code else self.seed_run


@dataclass(frozen=True)
class Passage:
    """An aligned passage in normalised coordinates of both sides.

    ``matched`` counts characters that are identical on both sides (the passage
    may contain a few differing characters when it bridges small edits).
    """

    suspect_start: int
    suspect_end: int
    secret_start: int
    secret_end: int
    matched: int


_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")


def required_length(params: AlignParams, code: bool, text: str) -> int:
    """Identical characters a passage needs to be reported (``text``: its normalised form)."""
    if code:
        return params.min_passage_code
    if len(_CJK.findall(text)) * 2 >= len(text):
        return params.min_passage
    return params.min_passage_words


def common_prefix(a: str, i: int, b: str, j: int) -> int:
    """Length of the longest common prefix of ``a[i:]`` and ``b[j:]``.

    Galloping: blocks of doubling length are compared as slices (C speed)
    until one differs, then the mismatch is found by bisection in that block.
    """
    limit = min(len(a) - i, len(b) - j)
    low, step = 0, 16
    while low < limit:
        high = min(low + step, limit)
        if a[i + low : i + high] != b[j + low : j + high]:
            while high - low > 1:  # the first difference lies in [low, high)
                middle = (low + high) // 2
                if a[i + low : i + middle] == b[j + low : j + middle]:
                    low = middle
                else:
                    high = middle
            return low
        low, step = high, step * 2
    return max(0, limit)


def common_suffix(a: str, i: int, b: str, j: int) -> int:
    """Length of the longest common suffix of ``a[:i]`` and ``b[:j]`` (as :func:`common_prefix`)."""
    limit = min(i, j)
    low, step = 0, 16
    while low < limit:
        high = min(low + step, limit)
        if a[i - high : i - low] != b[j - high : j - low]:
            while high - low > 1:  # the last difference lies in [low, high) from the end
                middle = (low + high) // 2
                if a[i - middle : i - low] == b[j - middle : j - low]:
                    low = middle
                else:
                    high = middle
            return low
        low, step = high, step * 2
    return max(0, limit)


def _extend(a: str, i: int, b: str, j: int, params: AlignParams) -> tuple[int, int, int]:
    """Extend forward from ``(i, j)`` across small edits: returns (end_a, end_b, matched)."""
    matched = 0
    width = params.max_gap + params.resync
    while True:
        run = common_prefix(a, i, b, j)
        i += run
        j += run
        matched += run
        # Re-synchronise: the nearest (smallest total gap) exact run of ``resync``
        # characters that starts within ``max_gap`` characters on both sides.
        best: tuple[int, int] | None = None
        for gap_a in range(params.max_gap + 1):
            if best is not None and gap_a >= best[0] + best[1]:
                break
            probe = a[i + gap_a : i + gap_a + params.resync]
            if len(probe) < params.resync:
                break
            at = b.find(probe, j, j + width)
            gap = gap_a + (at - j)
            if at >= 0 and gap > 0 and (best is None or gap < best[0] + best[1]):
                best = (gap_a, at - j)
        if best is None:
            return i, j, matched
        i, j = i + best[0], j + best[1]


def align(
    suspect: str,
    secret: str,
    seeds: list[tuple[int, int]],
    k: int,
    params: AlignParams | None = None,
    code: bool = False,
) -> list[Passage]:
    """Aligned passages between two normalised strings, given k-gram seeds.

    Only passages with enough identical characters (:func:`required_length`:
    ``min_passage`` for Chinese, ``min_passage_words`` for alphabetic text,
    ``min_passage_code`` for abstracted code) are returned, ordered by suspect
    position; they do not overlap on the suspect side. A seed is only
    extended across edits when its own exact run is at least
    ``params.seed_run`` long (``seed_run_code`` for code; neither more than the
    guarantee threshold ``t``, so every run the guarantee covers qualifies);
    chance k-gram matches between documents on the same topic are dismissed
    after two cheap comparisons.
    """
    params = params or AlignParams()
    reversed_suspect = reversed_secret = ""
    found: list[Passage] = []
    explored: list[Passage] = []  # every extension, kept or too short
    seed_run = params.seed_run_for(code)
    for i, j in sorted(set(seeds))[: params.max_seeds]:
        if suspect[i : i + k] != secret[j : j + k]:
            continue  # a fingerprint collision, not a real common k-gram
        if any(
            p.suspect_start <= i < p.suspect_end
            and p.secret_start <= j < p.secret_end
            and abs((i - p.suspect_start) - (j - p.secret_start)) <= params.max_gap
            for p in explored[-8:]
        ):
            continue  # already inside a passage on (nearly) the same diagonal
        if seed_run:
            right = common_prefix(suspect, i, secret, j)
            left = common_suffix(suspect, i, secret, j)
            if left + right < seed_run:
                explored.append(Passage(i - left, i + right, j - left, j + right, left + right))
                continue
        if not reversed_suspect:
            reversed_suspect, reversed_secret = suspect[::-1], secret[::-1]
        end_a, end_b, right = _extend(suspect, i, secret, j, params)
        rev_a, rev_b, left = _extend(
            reversed_suspect, len(suspect) - i, reversed_secret, len(secret) - j, params
        )
        passage = _trim(
            suspect,
            secret,
            Passage(len(suspect) - rev_a, end_a, len(secret) - rev_b, end_b, left + right),
        )
        explored.append(passage)
        text = suspect[passage.suspect_start : passage.suspect_end]
        if passage.matched >= required_length(params, code, text):
            found.append(passage)
    return _non_overlapping(found)


def _trim(suspect: str, secret: str, p: Passage) -> Passage:
    """Drop separator spaces at the passage's ends."""
    a0, a1, b0, b1 = p.suspect_start, p.suspect_end, p.secret_start, p.secret_end
    while a0 < a1 and b0 < b1 and suspect[a0] == " " and secret[b0] == " ":
        a0, b0 = a0 + 1, b0 + 1
    while a1 > a0 and b1 > b0 and suspect[a1 - 1] == " " and secret[b1 - 1] == " ":
        a1, b1 = a1 - 1, b1 - 1
    trimmed = (a0 - p.suspect_start) + (p.suspect_end - a1)
    return Passage(a0, a1, b0, b1, p.matched - trimmed)


def _non_overlapping(passages: list[Passage]) -> list[Passage]:
    kept: list[Passage] = []
    for p in sorted(passages, key=lambda p: -p.matched):
        if all(p.suspect_end <= q.suspect_start or q.suspect_end <= p.suspect_start for q in kept):
            kept.append(p)
    return sorted(kept, key=lambda p: p.suspect_start)


def covered(ranges: list[tuple[int, int]]) -> int:
    """Number of positions covered by the union of half-open ranges."""
    total = 0
    reach = -1
    for start, end in sorted(ranges):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total
