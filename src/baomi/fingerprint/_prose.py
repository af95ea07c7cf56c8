"""Prose normalisation: NFKC, traditional → simplified, case folding, no punctuation.

Two paths give the same result: a vectorised one, character by character with
per-code-point tables, and a token-by-token one for characters that fold to
several characters or are combining marks.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import numpy.typing as npt

from baomi.fingerprint._normalised import PROSE, Normalised, _Builder
from baomi.fingerprint._variants import TRADITIONAL_TO_SIMPLIFIED

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_PROSE_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")
_COMPAT_IDEOGRAPHS = re.compile("[\uf900-\ufaff]")


def _fold_word(word: str) -> str:
    if word.isascii():
        return word.lower()
    folded = unicodedata.normalize("NFKC", word).casefold()
    if not folded.isalnum():
        folded = "".join(ch for ch in folded if ch.isalnum())
    return folded


def _normalise_prose(text: str) -> Normalised:
    out = _Builder()
    previous_word_end = -1
    for match in _PROSE_TOKEN.finditer(text):
        start, end = match.span()
        cjk = match.group("cjk")
        if cjk is not None:
            if _COMPAT_IDEOGRAPHS.search(cjk):
                # Compatibility ideographs fold to exactly one unified ideograph each.
                cjk = "".join(unicodedata.normalize("NFKC", ch)[:1] for ch in cjk)
            out.run(cjk.translate(TRADITIONAL_TO_SIMPLIFIED), start)
            previous_word_end = -1
            continue
        word = _fold_word(match.group("word"))
        if not word:
            continue
        if previous_word_end >= 0:
            out.token(" ", previous_word_end, start)
        if len(word) == end - start:
            out.run(word, start)
        else:
            out.token(word, start, end)
        previous_word_end = end
    return out.build(PROSE)


def _is_cjk(code: int) -> bool:
    return (
        0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2EBEF
    )


def _fold_char(ch: str) -> str:
    """What one character becomes in the prose normalisation ("" when dropped)."""
    code = ord(ch)
    if _is_cjk(code):
        return unicodedata.normalize("NFKC", ch)[:1].translate(TRADITIONAL_TO_SIMPLIFIED)
    if not (ch.isalnum() and ch != "_"):
        return ""
    return _fold_word(ch)


# Per-character folding of the Basic Multilingual Plane, filled in lazily:
# kind -1 = not computed yet, -2 = folds to several characters or is a
# combining mark (token path needed), 0 = dropped, 1 = word, 2 = CJK.
_BMP_FOLD = np.zeros(0x10000, dtype=np.uint32)
_BMP_KIND = np.full(0x10000, -1, dtype=np.int8)
_ASTRAL: dict[int, tuple[int, int]] = {}


def _classify_char(code: int) -> tuple[int, int]:
    ch = chr(code)
    if code < 128:
        return (ord(ch.lower()), 1) if ch.isalnum() else (0, 0)
    if unicodedata.combining(ch):
        return 0, -2
    value = _fold_char(ch)
    if len(value) > 1:
        return 0, -2
    if not value:
        return 0, 0
    return ord(value), 2 if _is_cjk(code) else 1


def _char_table(
    unique: npt.NDArray[np.uint32],
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int8]]:
    """Folded code and kind of each (sorted, unique) code point."""
    bmp = unique[unique < 0x10000]
    missing = bmp[_BMP_KIND[bmp] == -1]
    for code in missing.tolist():
        _BMP_FOLD[code], _BMP_KIND[code] = _classify_char(code)
    folded = np.zeros(len(unique), dtype=np.uint32)
    kind = np.zeros(len(unique), dtype=np.int8)
    folded[: len(bmp)] = _BMP_FOLD[bmp]
    kind[: len(bmp)] = _BMP_KIND[bmp]
    for i, code in enumerate(unique[len(bmp) :].tolist(), start=len(bmp)):
        if code not in _ASTRAL:
            _ASTRAL[code] = _classify_char(code)
        folded[i], kind[i] = _ASTRAL[code]
    return folded, kind


def _char_fold_and_kind(
    codes: npt.NDArray[np.uint32],
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int8]]:
    """Folded code and kind of every character (see :func:`_char_table`)."""
    if codes.max() < 0x10000:  # the usual case: straight from the BMP tables
        missing = codes[_BMP_KIND[codes] == -1]
        if len(missing):
            _char_table(np.unique(missing))
        return _BMP_FOLD[codes], _BMP_KIND[codes]
    unique, inverse = np.unique(codes, return_inverse=True)
    folded, kind = _char_table(unique)
    return folded[inverse], kind[inverse]


def _normalise_prose_vectorised(text: str) -> Normalised | None:
    """The prose normalisation computed with numpy, character by character.

    Gives exactly the result of :func:`_normalise_prose` when every character
    folds to at most one character and none is a combining mark; returns None
    otherwise (ligatures, circled numbers, decomposed accents...) so the
    caller falls back to the token-by-token path.
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if not len(codes):
        return _Builder().build(PROSE)
    char_fold, char_kind = _char_fold_and_kind(codes)
    if (char_kind < 0).any():
        return None
    kept = np.nonzero(char_kind)[0]
    if not len(kept):
        return _Builder().build(PROSE)
    is_word = char_kind[kept] == 1
    # A space goes between two word characters that were not adjacent originally.
    space = np.zeros(len(kept), dtype=bool)
    space[1:] = is_word[1:] & is_word[:-1] & (np.diff(kept) > 1)
    slots = np.arange(len(kept)) + np.cumsum(space)
    total = len(kept) + int(space.sum())
    out = np.full(total, ord(" "), dtype=np.uint32)
    out[slots] = char_fold[kept]
    starts = np.empty(total, dtype=np.int64)
    ends = np.empty(total, dtype=np.int64)
    starts[slots] = kept
    ends[slots] = kept + 1
    space_slots = slots[space] - 1
    previous = kept[np.nonzero(space)[0] - 1]
    starts[space_slots] = previous + 1
    ends[space_slots] = kept[space]
    return Normalised(out.tobytes().decode("utf-32-le"), starts, ends, PROSE)
