"""C-like normalisation (C, C++, Java, JavaScript, Go, Rust...): a regular-expression tokenizer."""

from __future__ import annotations

import re

from baomi.fingerprint._normalised import C_LIKE, Normalised, _from_pieces

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
