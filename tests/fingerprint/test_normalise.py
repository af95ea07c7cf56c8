"""Normalisation: what leakers and formats change must not change the fingerprinted string."""

from __future__ import annotations

import io
import itertools
import keyword
import random
import re
import sysconfig
import tokenize
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi.fingerprint._clike import _C_KEYWORDS, _C_TOKEN
from baomi.fingerprint._normalised import _Builder
from baomi.fingerprint._python import _PY_OPERATORS, _PY_PREFIX
from baomi.fingerprint.normalise import C_LIKE, PYTHON, Normalised, language_mode, normalise


def test_it_folds_width_case_punctuation_and_whitespace() -> None:
    a = normalise("商业秘密，退火温度850℃。Hello  World!")
    b = normalise("商业秘密 退火温度 ８５０ ℃\nＨＥＬＬＯ,\tworld")
    assert a.text == b.text == "商业秘密退火温度850 hello world"


def test_it_maps_common_traditional_characters_to_simplified() -> None:
    assert normalise("們的銷售價格與客戶資料").text == normalise("们的销售价格与客户资料").text


def test_it_keeps_chinese_as_characters_and_english_as_words() -> None:
    assert normalise("中文abc def中文").text == "中文abc def中文"


def test_table_cells_normalise_like_running_text() -> None:
    assert normalise("客户\t电话\n华强\t138").text == normalise("客户 电话 华强 138").text


def test_it_abstracts_python_identifiers_and_literals() -> None:
    original = "def price(qty, rate):\n    # comment\n    return qty * rate + 42\n"
    renamed = "def cost(n,  r):\n    return n * r + 7  # other\n"
    assert normalise(original, mode=PYTHON).text == normalise(renamed, mode=PYTHON).text


def test_it_abstracts_c_like_identifiers_and_literals() -> None:
    original = 'int total(int a, int b) { /* sum */ return a + b * 3; } // "x"'
    renamed = "int sum2(int x,int y){return x+y*9;}"
    assert normalise(original, mode=C_LIKE).text == normalise(renamed, mode=C_LIKE).text


def test_broken_python_falls_back_to_the_c_like_tokenizer() -> None:
    assert normalise("def f(:\n  x = (", mode=PYTHON).text


def test_language_mode_uses_language_then_file_name() -> None:
    assert language_mode("python") == PYTHON
    assert language_mode(None, "a.zip!src/main.go") == C_LIKE
    assert language_mode(None, "notes.txt") == "prose"


@given(st.text(max_size=300), st.sampled_from(["prose", PYTHON, C_LIKE]))
def test_every_normalised_character_maps_into_the_original(text: str, mode: str) -> None:
    norm = normalise(text, mode=mode)
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    for i in range(len(norm.text)):
        assert 0 <= norm.starts[i] <= norm.ends[i] <= len(text)
    if norm.text:
        start, end = norm.original_span(0, len(norm.text))
        assert 0 <= start < end <= len(text)


@given(st.integers(0, 10_000))
def test_spans_of_chinese_runs_are_exact(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice("的一是在不了有和人这中大为上个，。 \n") for _ in range(200))
    norm = normalise(text)
    for i, ch in enumerate(norm.text):
        assert text[norm.starts[i] : norm.ends[i]] == ch


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(list("中文們銷售，。ＡＢＣ１２ abc_\n\t-")),
        ),
        max_size=200,
    )
)
def test_the_vectorised_path_equals_the_token_path(text: str) -> None:
    from baomi.fingerprint._prose import _normalise_prose, _normalise_prose_vectorised

    fast = _normalise_prose_vectorised(text)
    if fast is None:
        return  # multi-character folds take the token path
    slow = _normalise_prose(text)
    assert fast.text == slow.text
    assert fast.starts.tolist() == slow.starts.tolist()
    assert fast.ends.tolist() == slow.ends.tolist()


# --- The Python fast path against the tokenize-based implementation it replaced ---
#
# Stored indexes depend on the normalised text and spans, so the regular-expression
# tokenizer must give exactly what the stdlib tokenize gave, fallback included.
# The oracle below is a frozen copy of the implementation before the fast path.


def _oracle_from_pieces(pieces: list[tuple[str, int, int]], mode: str) -> Normalised:
    starts: list[int] = []
    ends: list[int] = []
    for piece, start, end in pieces:
        starts.extend([start] * len(piece))
        ends.extend([end] * len(piece))
    return Normalised(
        text="".join(piece for piece, _, _ in pieces),
        starts=np.asarray(starts, dtype=np.int64),
        ends=np.asarray(ends, dtype=np.int64),
        mode=mode,
    )


def _oracle_c_like(text: str) -> Normalised:
    pieces = []
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
        pieces.append((piece, start, end))
    return _oracle_from_pieces(pieces, C_LIKE)


def _oracle_python_tokens(text: str) -> Normalised:
    lines = [0]
    for line in io.StringIO(text, newline=""):
        lines.append(lines[-1] + len(line))
    skip = {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENCODING,
        tokenize.ENDMARKER,
    }
    pieces = []
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
        pieces.append((piece, start, end))
    return _oracle_from_pieces(pieces, PYTHON)


def _oracle_python(text: str) -> Normalised:
    try:
        return _oracle_python_tokens(text)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return _oracle_c_like(text)


def _assert_identical(got: Normalised, expected: Normalised) -> None:
    assert got.mode == expected.mode
    assert got.text == expected.text
    assert got.starts.dtype == expected.starts.dtype == np.int64
    assert got.ends.dtype == expected.ends.dtype == np.int64
    assert got.starts.tolist() == expected.starts.tolist()
    assert got.ends.tolist() == expected.ends.tolist()


_NAMES = ["x", "_", "self", "变量", "名字2", "café", "Ωmega", "a²", "²", "١٢", "e\u0301", "match"]
_NAMES += ["case", "type", "print", "r", "b", "f", "rb", "Rb", "u", "bu", "ur", "br", "FR", "x1"]
_NUMBERS = ["0", "00", "0_0", "1_000", "0x_1F", "0b101", "0o17", "0x", "1__0", "1_", "01", "1."]
_NUMBERS += [".5", "1.5e-3", "1E+10", "3j", "1.5J", "1e5j", "5.j", "1..2", "0.0_1", "1e", "09.5"]
_OPERATORS = [*sorted(tokenize.EXACT_TOKEN_TYPES), "!", "$", "?", "`", "\\", "->", ":="]
_STRING_BODIES = ["", "a", "it's", 'say "hi"', "\\n", "\\\\", "\\'", '\\"', "\\\n", "a\\\nb"]
_STRING_BODIES += ["\n", "a\nb", "''", '""', "\\", "{x!r:>10}", "中文", "\t", "\x0c", "\\\r\n"]


@st.composite
def _python_strings(draw: st.DrawFn, *, clean: bool = False) -> str:
    prefix = draw(st.sampled_from(["", "r", "b", "u", "f", "rb", "Br", "bR", "fR", "Rf", "U"]))
    quote = draw(st.sampled_from(["'", '"', "'''", '"""']))
    bodies = [body for body in _STRING_BODIES if not (clean and "\r" in body)]
    body = "".join(draw(st.lists(st.sampled_from(bodies), max_size=4)))
    closed = clean or draw(st.sampled_from([True, True, True, True, False]))
    return prefix + quote + body + (quote if closed else "")


def _python_tokens(*, clean: bool) -> st.SearchStrategy[str]:
    """Tokens, separators and junk; ``clean`` ones are seldom rejected by tokenize."""
    names = [name for name in _NAMES if not clean or name.isidentifier()]
    operators = [op for op in _OPERATORS if not clean or op in tokenize.EXACT_TOKEN_TYPES]
    breaks = ["\\\n", "\n", "\n\n"]
    if not clean:
        breaks += ["\\\r\n", "\r\n", "\r", "\x0c", "\x0b", "\xa0"]
    return st.one_of(
        st.sampled_from([*keyword.kwlist, *keyword.softkwlist]),
        st.sampled_from(names),
        st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True),
        st.sampled_from(_NUMBERS),
        st.from_regex(r"[0-9][0-9_.eEjJxXa-f+-]{0,5}", fullmatch=True),
        _python_strings(clean=clean),
        st.sampled_from(operators),
        st.sampled_from(["(", ")", "[", "]", "{", "}"]),
        st.sampled_from(["# comment", "#", '# 注释 \'x\' """ \\']),
        st.sampled_from(breaks),
    )


_INDENTS = ["", "", "    ", "        ", "  ", "\t", "    \t", " \t"]


@st.composite
def _python_sources(draw: st.DrawFn) -> str:
    """Python-ish token soups: often valid code, sometimes what tokenize rejects."""
    clean = draw(st.booleans())
    lines = []
    levels = [""]  # the indentation stack, followed by clean sources
    for _ in range(draw(st.integers(0, 8))):
        if clean:
            levels.append(levels[-1] + draw(st.sampled_from(["  ", "    ", "\t"])))
            indent = draw(st.sampled_from(levels))
            del levels[levels.index(indent) + 1 :]
        else:
            indent = draw(st.sampled_from(_INDENTS))
        tokens = draw(st.lists(_python_tokens(clean=clean), max_size=8))
        glue = draw(st.lists(st.sampled_from(["", " ", " ", "  ", "\t"]), min_size=len(tokens)))
        lines.append(indent + "".join(g + t for g, t in zip(glue, tokens, strict=False)))
    text = draw(st.sampled_from(["\n", "\n", "\n" if clean else "\r\n"])).join(lines)
    if clean or draw(st.booleans()):
        # Balance the brackets so that more sources are valid.
        depth = text.count("(") + text.count("[") + text.count("{")
        depth -= text.count(")") + text.count("]") + text.count("}")
        text = "(" * max(0, -depth) + text + ")" * max(0, depth)
    return text + draw(st.sampled_from(["", "\n", "\n", "  ", "\\\n", "# end"]))


@settings(max_examples=800, deadline=None)
@given(_python_sources())
def test_python_normalisation_equals_the_tokenize_oracle(text: str) -> None:
    _assert_identical(normalise(text, mode=PYTHON), _oracle_python(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 \t\n\\'\"#([)]:.=rbf变\r\x0c$")), max_size=80))
def test_python_normalisation_of_character_soup_equals_the_oracle(text: str) -> None:
    _assert_identical(normalise(text, mode=PYTHON), _oracle_python(text))


@given(st.one_of(_python_sources(), st.text(max_size=200)))
def test_c_like_normalisation_equals_the_oracle(text: str) -> None:
    _assert_identical(normalise(text, mode=C_LIKE), _oracle_c_like(text))


@pytest.mark.parametrize(
    "text",
    [
        "def f(a, *, b=1_000) -> int:\n    return a ** 2 // b if a else 0x1F\n",
        "x = r'a\\'b' + b\"\\\"\" + rb'''x\n'y'\n''' + f\"{x!r}\"\n",
        "s = 'a\\\nb'\n",
        "if x:\n\tpass\n        y = 1\n",
        "match x:\n    case _:\n        pass\n",
        "变量 = 1\n",
        "x = '''never closed\n",
        "x = '''never closed'\n",
        "x = (1,\n",
        "x = 1 + \\\n",
        "x = 1 + \\\n   ",
        "if x:\n        a\n    b\n",
        "x = $y\n",
        "a = 'unterminated\n",
        "x = 1\r\ny = 2\r\n",
        "x = ١٢\n",
        ") = 1\n",
        "",
        "   ",
    ],
)
def test_python_edge_cases_equal_the_oracle(text: str) -> None:
    _assert_identical(normalise(text, mode=PYTHON), _oracle_python(text))


def _stdlib_sources() -> list[Path]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in stdlib.glob("**/*.py") if "site-packages" not in p.parts)
    return files[:: max(1, len(files) // 200)]


@pytest.mark.parametrize("path", _stdlib_sources(), ids=lambda path: path.name)
def test_python_normalisation_of_the_stdlib_equals_the_oracle(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        pytest.skip("not UTF-8 text")
    _assert_identical(normalise(text, mode=PYTHON), _oracle_python(text))
    _assert_identical(normalise(text, mode=C_LIKE), _oracle_c_like(text))


def test_the_operators_are_those_of_tokenize() -> None:
    brackets = set("()[]{}")
    ops = [op for op in sorted(tokenize.EXACT_TOKEN_TYPES, reverse=True) if op not in brackets]
    assert ops == _PY_OPERATORS


def test_the_string_prefixes_are_those_of_tokenize() -> None:
    prefix = re.compile(_PY_PREFIX)
    valid = tokenize._all_string_prefixes()
    letters = "bBrRuUfFxX"
    for length in range(4):
        for chars in itertools.product(letters, repeat=length):
            candidate = "".join(chars)
            assert bool(prefix.fullmatch(candidate)) == (candidate in valid), candidate


def test_runs_and_tokens_build_the_same_spans_as_before() -> None:
    builder = _Builder()
    builder.run("ab", 3)
    builder.token(" ", 5, 9)
    builder.run("中文", 9)
    builder.token("xyz", 11, 14)
    out = builder.build("prose")
    assert out.text == "ab 中文xyz"
    assert out.starts.tolist() == [3, 4, 5, 9, 10, 11, 11, 11]
    assert out.ends.tolist() == [4, 5, 9, 10, 11, 14, 14, 14]
