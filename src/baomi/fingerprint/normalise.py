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
"""

from __future__ import annotations

import io
import keyword
import re
import sys
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
_C_COMMENT, _C_STRING, _C_NUMBER, _C_NAME, _C_OP = range(1, 6)

# A whole-text tokenizer giving exactly the tokens (and spans) that the stdlib
# pure-Python tokenize of Python 3.11 gives for ordinary code. tokenize applies
# its patterns line by line; these are the same patterns applied to the whole
# text, with string bodies letting a backslash escape a newline (which is what
# tokenize's handling of continued strings amounts to). The alternatives come
# in tokenize's order: strings, numbers, operators (longest first), names.
# Input that tokenize treats specially (error tokens, unterminated strings,
# carriage returns, form feeds, bad dedents, unbalanced brackets) is left to
# tokenize itself, see _normalise_python.
_PY_PREFIX = r"(?:[bB][rR]?|[rR][bBfF]?|[uU]|[fF][rR]?)?"
_PY_STRING = (
    _PY_PREFIX
    + r"(?:'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"
    + r'|"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'
    + r"|'(?!'')[^\n'\\]*(?:\\[\s\S][^\n'\\]*)*'"
    + r'|"(?!"")[^\n"\\]*(?:\\[\s\S][^\n"\\]*)*")'
)
_PY_OPEN_TRIPLE = _PY_PREFIX + r"(?:'''|\"\"\")"
_PY_DIGITS = r"[0-9](?:_?[0-9])*"
_PY_INT = (
    r"(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+"
    + r"|0(?:_?0)*|[1-9](?:_?[0-9])*)"
)
_PY_EXPONENT = rf"[eE][-+]?{_PY_DIGITS}"
_PY_FLOAT = (
    rf"(?:(?:{_PY_DIGITS}\.(?:{_PY_DIGITS})?|\.{_PY_DIGITS})(?:{_PY_EXPONENT})?"
    + rf"|{_PY_DIGITS}{_PY_EXPONENT})"
)
_PY_NUMBER = rf"(?:{_PY_DIGITS}[jJ]|{_PY_FLOAT}[jJ]|{_PY_FLOAT}|{_PY_INT})"
# tokenize's operators (token.EXACT_TOKEN_TYPES of 3.11 but the brackets),
# reverse sorted as tokenize sorts them: a long operator before its prefixes.
_PY_OPERATORS = [
    "~",
    "|=",
    "|",
    "^=",
    "^",
    "@=",
    "@",
    ">>=",
    ">>",
    ">=",
    ">",
    "==",
    "=",
    "<=",
    "<<=",
    "<<",
    "<",
    ";",
    ":=",
    ":",
    "/=",
    "//=",
    "//",
    "/",
    "...",
    ".",
    "->",
    "-=",
    "-",
    ",",
    "+=",
    "+",
    "*=",
    "**=",
    "**",
    "*",
    "&=",
    "&",
    "%=",
    "%",
    "!=",
]
_PY_TOKEN = re.compile(
    # Alternatives whose first characters overlap keep tokenize's order; the
    # lookaheads only make the regular expression engine give up sooner.
    r"[ \t]*(?:"
    rf"(?=[bBrRuUfF'\"])(?:({_PY_STRING})"  # 1: string
    rf"|({_PY_OPEN_TRIPLE}))"  # 2: unterminated triple-quoted string
    rf"|(?=[0-9.])({_PY_NUMBER})"  # 3: number
    r"|(\w+)"  # 4: name
    r"|([(\[{])"  # 5: opening bracket
    r"|([)\]}])"  # 6: closing bracket
    r"|(\n)"  # 7: end of line
    rf"|({'|'.join(map(re.escape, _PY_OPERATORS))})"  # 8: operator
    r"|(#[^\n]*)"  # 9: comment
    r"|(\\\n)"  # 10: backslash continuation
    r"|([^ \t])"  # 11: anything else (an error token for tokenize)
    r")"
)
_PY_STR, _PY_OPEN3, _PY_NUM, _PY_NAME, _PY_OPEN, _PY_CLOSE = range(1, 7)
_PY_NL, _PY_OP, _PY_COMMENT, _PY_CONT, _PY_ERROR = range(7, 12)
_PY_KEYWORDS = {word: word for word in keyword.kwlist}
# The fast path reproduces the pure-Python tokenize of 3.11 (3.12 replaced it).
_PY_FAST = sys.version_info[:2] == (3, 11)


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


def _from_pieces(pieces: list[str], starts: list[int], ends: list[int], mode: str) -> Normalised:
    """Join pieces; every character of ``pieces[i]`` maps onto ``[starts[i], ends[i])``."""
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    return Normalised(
        text="".join(pieces),
        starts=np.repeat(np.asarray(starts, dtype=np.int64), lengths),
        ends=np.repeat(np.asarray(ends, dtype=np.int64), lengths),
        mode=mode,
    )


class _Builder:
    """Accumulates normalised pieces and their original spans."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.runs: list[bool] = []

    def run(self, piece: str, start: int) -> None:
        """A piece whose characters map one to one onto ``text[start:start+len]``."""
        self.pieces.append(piece)
        self.starts.append(start)
        self.ends.append(start + 1)
        self.runs.append(True)

    def token(self, piece: str, start: int, end: int) -> None:
        """A piece whose characters all map onto the whole span ``[start, end)``."""
        self.pieces.append(piece)
        self.starts.append(start)
        self.ends.append(end)
        self.runs.append(False)

    def build(self, mode: str) -> Normalised:
        out = _from_pieces(self.pieces, self.starts, self.ends, mode)
        if any(self.runs):
            # Within a run, character j of the piece comes from start + j.
            lengths = np.fromiter(map(len, self.pieces), dtype=np.int64, count=len(self.pieces))
            first = np.cumsum(lengths) - lengths
            offset = np.arange(len(out.text), dtype=np.int64) - np.repeat(first, lengths)
            offset *= np.repeat(np.asarray(self.runs, dtype=bool), lengths)
            out.starts[:] += offset
            out.ends[:] += offset
        return out


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


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for line in io.StringIO(text, newline=""):
        offsets.append(offsets[-1] + len(line))
    return offsets


def _normalise_python(text: str) -> Normalised:
    """Python normalisation; raises what :mod:`tokenize` raises on broken code."""
    fast = _normalise_python_fast(text) if _PY_FAST else None
    return fast if fast is not None else _normalise_python_tokenize(text)


def _normalise_python_fast(text: str) -> Normalised | None:
    """:func:`_normalise_python_tokenize` with a compiled regular expression.

    Returns None, leaving the text to :mod:`tokenize`, whenever tokenize would
    do something else than yield ordinary tokens: an error token (a stray
    ``$``, an unterminated string), a carriage return or form feed, an
    unterminated triple-quoted string, a bracket closed before it was opened,
    a dedent to no outer level, the end of input within brackets or right
    after a backslash continuation.
    """
    if "\r" in text:
        return None
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    depth = 0
    indents = [0]
    line_start = 0  # where the line starting a new statement begins, or -1
    continued_to = -1
    keywords = _PY_KEYWORDS
    add_piece, add_start, add_end = pieces.append, starts.append, ends.append
    # Local names: this loop runs once per token.
    name, op, opening, closing, eol = _PY_NAME, _PY_OP, _PY_OPEN, _PY_CLOSE, _PY_NL
    number, string, comment, continuation = _PY_NUM, _PY_STR, _PY_COMMENT, _PY_CONT
    for match in _PY_TOKEN.finditer(text):
        kind = match.lastindex
        if line_start >= 0 and kind != eol and kind != comment:
            # tokenize's indentation check, on the first token of a statement.
            indent = text[line_start : match.start(kind or 0)]
            column = len(indent.expandtabs(8)) if "\t" in indent else len(indent)
            if column > indents[-1]:
                indents.append(column)
            elif column < indents[-1]:
                if column not in indents:
                    return None
                del indents[indents.index(column) + 1 :]
            line_start = -1
        if kind == name:
            value = match.group(name)
            if not value.isascii() and not value[0].isidentifier():
                return None  # tokenize makes an operator of it
            add_piece(keywords.get(value, "V"))
        elif kind == op:
            add_piece(match.group(op))
        elif kind == opening:
            depth += 1
            add_piece(match.group(opening))
        elif kind == closing:
            depth -= 1
            if depth < 0:
                return None
            add_piece(match.group(closing))
        elif kind == eol:
            if depth == 0:
                line_start = match.end()
            continue
        elif kind == number:
            add_piece("N")
        elif kind == string:
            add_piece("S")
        elif kind == comment:
            continue
        elif kind == continuation:
            continued_to = match.end()
            continue
        else:
            return None
        add_start(match.start(kind))
        add_end(match.end())
    if depth or continued_to == len(text):
        return None  # tokenize: "EOF in multi-line statement"
    return _from_pieces(pieces, starts, ends, PYTHON)


def _normalise_python_tokenize(text: str) -> Normalised:
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
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
        if tok.type == tokenize.NAME:
            piece = tok.string if keyword.iskeyword(tok.string) else "V"
        elif tok.type == tokenize.NUMBER:
            piece = "N"
        elif tok.type == tokenize.STRING:
            piece = "S"
        else:
            piece = tok.string
        pieces.append(piece)
        starts.append(lines[tok.start[0] - 1] + tok.start[1])
        ends.append(lines[tok.end[0] - 1] + tok.end[1])
    return _from_pieces(pieces, starts, ends, PYTHON)


def _normalise_c_like(text: str) -> Normalised:
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    keywords = _C_KEYWORDS
    add_piece, add_start, add_end = pieces.append, starts.append, ends.append
    name, op, number, string = _C_NAME, _C_OP, _C_NUMBER, _C_STRING
    for match in _C_TOKEN.finditer(text):
        kind = match.lastindex
        if kind == op:
            add_piece(match.group())
        elif kind == name:
            value = match.group()
            add_piece(value if value in keywords else "V")
        elif kind == number:
            add_piece("N")
        elif kind == string:
            add_piece("S")
        else:
            continue  # a comment
        add_start(match.start())
        add_end(match.end())
    return _from_pieces(pieces, starts, ends, C_LIKE)
