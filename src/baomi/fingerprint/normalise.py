"""Normalisation: turn extracted text into the string that is fingerprinted.

Leakers retype, reformat and convert files; formats add their own noise. The
normalised string keeps what carries the content and drops what does not:

* **prose** (documents, mail, tables): Unicode NFKC (full-width → half-width,
  compatibility forms), a cheap traditional → simplified map for common
  characters, case folding. Chinese (CJK ideographs) is kept character by
  character with no separators; other scripts are kept as words, joined by one
  space. Punctuation (Chinese and English), whitespace, line breaks and table
  cell separators all disappear, so ``"销售，策略"`` and ``"销售 策略"`` and a
  cell boundary between them normalise alike.
* **code**: a token stream where identifiers become ``V``, numbers ``N`` and
  string literals ``S``; keywords and operators are kept; comments and
  whitespace vanish. Renaming variables or reformatting does not hide a copy.
  Python is tokenised as the stdlib :mod:`tokenize` of Python 3.11 does it (a
  compiled regular expression reproduces its tokens; unusual input goes
  through :mod:`tokenize` itself); C-like languages with a regular-expression
  tokenizer.

Every normalised character remembers the span of original characters it came
from (:attr:`Normalised.starts` / :attr:`Normalised.ends`), so a match found in
normalised coordinates maps back to a span of the raw extracted text.

This module chooses the mode and dispatches; the work is done in
:mod:`._prose`, :mod:`._python` and :mod:`._clike`, on the :class:`Normalised`
type of :mod:`._normalised`.
"""

from __future__ import annotations

import tokenize
from pathlib import PurePosixPath

from baomi.fingerprint._clike import _normalise_c_like
from baomi.fingerprint._normalised import C_LIKE, PROSE, PYTHON, Normalised
from baomi.fingerprint._prose import _normalise_prose, _normalise_prose_vectorised
from baomi.fingerprint._python import _normalise_python

__all__ = ["C_LIKE", "PROSE", "PYTHON", "Normalised", "language_mode", "normalise"]

_C_LIKE_LANGUAGES = frozenset(
    [
        "c",
        "cpp",
        "c++",
        "cxx",
        "h",
        "hpp",
        "java",
        "javascript",
        "js",
        "typescript",
        "ts",
        "go",
        "golang",
        "rust",
        "rs",
        "csharp",
        "c#",
        "cs",
        "kotlin",
        "kt",
        "swift",
        "php",
        "scala",
        "objective-c",
        "objc",
        "m",
        "dart",
        "groovy",
    ]
)
_EXTENSION_LANGUAGE = {
    ".py": PYTHON,
    ".pyw": PYTHON,
    **{
        ext: C_LIKE
        for ext in [
            ".c",
            ".h",
            ".cc",
            ".cpp",
            ".cxx",
            ".hpp",
            ".hh",
            ".java",
            ".js",
            ".mjs",
            ".jsx",
            ".ts",
            ".tsx",
            ".go",
            ".rs",
            ".cs",
            ".kt",
            ".kts",
            ".swift",
            ".php",
            ".scala",
            ".m",
            ".mm",
            ".dart",
            ".groovy",
        ]
    },
}


def language_mode(language: str | None, origin: str | None = None) -> str:
    """The normalisation mode (prose, python or c) for a language name or file name."""
    if language:
        name = language.strip().lower()
        if name in {"python", "py", "python3"}:
            return PYTHON
        if name in _C_LIKE_LANGUAGES:
            return C_LIKE
    if origin:
        member = origin.rsplit("!", 1)[-1]
        return _EXTENSION_LANGUAGE.get(PurePosixPath(member).suffix.lower(), PROSE)
    return PROSE


def normalise(text: str, *, mode: str = PROSE) -> Normalised:
    """Normalise ``text`` in the given mode (see the module docstring)."""
    if mode == PYTHON:
        try:
            return _normalise_python(text)
        except (tokenize.TokenError, IndentationError, SyntaxError):
            return _normalise_c_like(text)
    if mode == C_LIKE:
        return _normalise_c_like(text)
    if mode != PROSE:
        raise ValueError(f"unknown normalisation mode {mode!r}")
    fast = _normalise_prose_vectorised(text)
    return fast if fast is not None else _normalise_prose(text)
