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
  Python is tokenised with the stdlib :mod:`tokenize`; C-like languages with a
  regular-expression tokenizer.

Every normalised character remembers the span of original characters it came
from (:attr:`Normalised.starts` / :attr:`Normalised.ends`), so a match found in
normalised coordinates maps back to a span of the raw extracted text.
"""

from __future__ import annotations

import io
import keyword
import re
import tokenize
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

import numpy as np
import numpy.typing as npt

from baomi.fingerprint._variants import TRADITIONAL_TO_SIMPLIFIED

PROSE = "prose"
PYTHON = "python"
C_LIKE = "c"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_PROSE_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")
_COMPAT_IDEOGRAPHS = re.compile("[\uf900-\ufaff]")

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
_C_KEYWORDS = frozenset(
    [
        "auto",
        "break",
        "case",
        "catch",
        "char",
        "class",
        "const",
        "continue",
        "default",
        "delete",
        "do",
        "double",
        "else",
        "enum",
        "extern",
        "final",
        "finally",
        "float",
        "for",
        "func",
        "function",
        "goto",
        "if",
        "implements",
        "import",
        "include",
        "int",
        "interface",
        "let",
        "long",
        "match",
        "mod",
        "namespace",
        "new",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "short",
        "signed",
        "sizeof",
        "static",
        "struct",
        "super",
        "switch",
        "template",
        "this",
        "throw",
        "throws",
        "try",
        "type",
        "typedef",
        "union",
        "unsigned",
        "use",
        "using",
        "var",
        "virtual",
        "void",
        "volatile",
        "while",
        "fn",
        "impl",
        "mut",
        "pub",
        "self",
        "trait",
        "where",
        "yield",
        "async",
        "await",
        "def",
        "go",
        "chan",
        "map",
        "range",
        "defer",
        "select",
        "fallthrough",
        "bool",
        "boolean",
        "byte",
        "string",
        "true",
        "false",
        "null",
        "nil",
        "none",
        "undefined",
    ]
)
_C_TOKEN = re.compile(
    r"""
    (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<string>"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?|`(?:\\.|[^`\\])*`?)
    |(?P<number>\d[\w.]*|\.\d[\w.]*)
    |(?P<name>[^\W\d][\w$]*|\$[\w$]*)
    |(?P<op>[^\s\w])
    """,
    re.S | re.X,
)


@dataclass(frozen=True)
class Normalised:
    """A normalised string with its map back to the original text.

    ``starts[i]`` and ``ends[i]`` give the original span ``[start, end)`` that
    normalised character ``i`` came from (several normalised characters may
    share one span, e.g. a code identifier abstracted to ``V``).
    """

    text: str
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    mode: str

    def __len__(self) -> int:
        return len(self.text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised range ``[start, end)`` to a range of the original text."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"bad normalised range [{start}, {end}) of {len(self.text)}")
        return int(self.starts[start]), int(self.ends[end - 1])


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


class _Builder:
    """Accumulates normalised pieces and their original spans."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def run(self, piece: str, start: int) -> None:
        """A piece whose characters map one to one onto ``text[start:start+len]``."""
        self.pieces.append(piece)
        self.starts.extend(range(start, start + len(piece)))
        self.ends.extend(range(start + 1, start + len(piece) + 1))

    def token(self, piece: str, start: int, end: int) -> None:
        """A piece whose characters all map onto the whole span ``[start, end)``."""
        self.pieces.append(piece)
        self.starts.extend([start] * len(piece))
        self.ends.extend([end] * len(piece))

    def build(self, mode: str) -> Normalised:
        return Normalised(
            text="".join(self.pieces),
            starts=np.asarray(self.starts, dtype=np.int64),
            ends=np.asarray(self.ends, dtype=np.int64),
            mode=mode,
        )


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
    unique, inverse = np.unique(codes, return_inverse=True)
    folded, kind = _char_table(unique)
    if (kind < 0).any():
        return None
    char_kind = kind[inverse]
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
    out[slots] = folded[inverse[kept]]
    starts = np.empty(total, dtype=np.int64)
    ends = np.empty(total, dtype=np.int64)
    starts[slots] = kept
    ends[slots] = kept + 1
    space_slots = slots[space] - 1
    previous = kept[np.nonzero(space)[0] - 1]
    starts[space_slots] = previous + 1
    ends[space_slots] = kept[space]
    return Normalised(out.tobytes().decode("utf-32-le"), starts, ends, PROSE)


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for line in io.StringIO(text, newline=""):
        offsets.append(offsets[-1] + len(line))
    return offsets


def _normalise_python(text: str) -> Normalised:
    out = _Builder()
    lines = _line_offsets(text)
    skip = {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENCODING,
        tokenize.ENDMARKER,
    }
    for tok in tokenize.generate_tokens(io.StringIO(text, newline="").readline):
        if tok.type in skip or not tok.string.strip():
            continue
        start = lines[tok.start[0] - 1] + tok.start[1]
        end = lines[tok.end[0] - 1] + tok.end[1]
        if tok.type == tokenize.NAME:
            piece = tok.string if keyword.iskeyword(tok.string) else "V"
        elif tok.type == tokenize.NUMBER:
            piece = "N"
        elif tok.type == tokenize.STRING:
            piece = "S"
        else:
            piece = tok.string
        out.token(piece, start, end)
    return out.build(PYTHON)


def _normalise_c_like(text: str) -> Normalised:
    out = _Builder()
    for match in _C_TOKEN.finditer(text):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "comment":
            continue
        value = match.group()
        if kind == "name":
            piece = value if value in _C_KEYWORDS else "V"
        elif kind == "number":
            piece = "N"
        elif kind == "string":
            piece = "S"
        else:
            piece = value
        out.token(piece, start, end)
    return out.build(C_LIKE)
