"""Normalisation: what leakers and formats change must not change the fingerprinted string."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from baomi.fingerprint.normalise import C_LIKE, PYTHON, language_mode, normalise


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
    from baomi.fingerprint.normalise import _normalise_prose, _normalise_prose_vectorised

    fast = _normalise_prose_vectorised(text)
    if fast is None:
        return  # multi-character folds take the token path
    slow = _normalise_prose(text)
    assert fast.text == slow.text
    assert fast.starts.tolist() == slow.starts.tolist()
    assert fast.ends.tolist() == slow.ends.tolist()
