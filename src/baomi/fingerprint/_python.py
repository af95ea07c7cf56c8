"""Python normalisation: the tokens of the stdlib :mod:`tokenize` of Python 3.11.

A compiled regular expression reproduces tokenize's tokens; input tokenize
treats specially goes through :mod:`tokenize` itself.
"""

from __future__ import annotations

import io
import keyword
import re
import sys
import tokenize

from baomi.fingerprint._normalised import PYTHON, Normalised, _from_pieces

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
