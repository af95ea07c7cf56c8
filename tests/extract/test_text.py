"""Decoding text of unknown encoding, and telling text from binary."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi.extract import BinaryContent, decode_text, extract_bytes

SIMPLIFIED = (
    "商业秘密是指不为公众所知悉、具有商业价值并经权利人采取相应保密措施的技术信息和经营信息。"
)
TRADITIONAL = (
    "商業秘密是指不為公眾所知悉、具有商業價值並經權利人採取相應保密措施的技術資訊和經營資訊。"
)

# Common characters, so that every generated text is encodable in its encoding.
COMMON_SIMPLIFIED = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
    "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从"
    "业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
)
COMMON_TRADITIONAL = (
    "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動同工也能下過子說產"
    "種面而方後多定行學法所民得經十三之進著等部度家電力裡如水化高自二理起小物現實加量都兩體制機當使點從"
)
# No ASCII spaces: legacy Korean is told from GBK by its spaces (see text.py).
PUNCTUATION = "，。、：；？！　\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (SIMPLIFIED, "utf-8"),
        (SIMPLIFIED, "utf-8-sig"),
        (SIMPLIFIED, "utf-16"),
        (SIMPLIFIED, "utf-16-le"),
        (SIMPLIFIED, "utf-16-be"),
        (SIMPLIFIED, "gbk"),
        (SIMPLIFIED, "gb2312"),
        (SIMPLIFIED, "gb18030"),
        (TRADITIONAL, "big5"),
        (TRADITIONAL, "gb18030"),
        (TRADITIONAL, "utf-16"),
        ("Plain ASCII process notes: anneal at 850 C.\n", "utf-16-le"),
        ("Plain ASCII process notes: anneal at 850 C.\n", "utf-16-be"),
    ],
)
def test_it_decodes_chinese_in_common_encodings(text: str, encoding: str) -> None:
    assert decode_text(text.encode(encoding)) == text


def test_it_keeps_gb18030_only_characters() -> None:
    # 𠀀 (U+20000) and € exist in GB18030 but not in GBK/GB2312.
    text = "扩展字符𠀀与欧元符号€都应保留。" + SIMPLIFIED
    assert decode_text(text.encode("gb18030")) == text


def test_it_rejects_random_bytes_as_binary() -> None:
    with pytest.raises(BinaryContent):
        decode_text(os.urandom(4096))


def test_it_rejects_an_executable_header_as_binary() -> None:
    data = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8
    with pytest.raises(BinaryContent):
        decode_text(data)


def test_a_binary_file_with_a_txt_extension_is_a_per_file_error() -> None:
    (result,) = extract_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "notes.txt")
    assert result.code == "binary"  # type: ignore[union-attr]
    assert result.origin == "notes.txt"


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=COMMON_SIMPLIFIED + PUNCTUATION, min_size=12, max_size=200),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"]),
)
def test_simplified_text_round_trips_in_every_encoding(text: str, encoding: str) -> None:
    assert decode_text(text.encode(encoding)) == text


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(alphabet=COMMON_TRADITIONAL + PUNCTUATION, min_size=12, max_size=200),
    encoding=st.sampled_from(["big5", "utf-8", "utf-16", "gb18030"]),
)
def test_traditional_text_round_trips_in_every_encoding(text: str, encoding: str) -> None:
    assert decode_text(text.encode(encoding)) == text


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=0, max_size=2048))
def test_decoding_random_bytes_gives_text_or_binary_error(data: bytes) -> None:
    try:
        text = decode_text(data)
    except BinaryContent:
        return
    assert isinstance(text, str)


def test_windows_big5_extensions_decode() -> None:
    # cp950 (Big5 as Windows writes it) adds the euro sign and a few characters.
    text = "報價單：每噸 1200 €，客戶名單屬於經營秘密，應當採取保密措施。"
    assert decode_text(text.encode("cp950")) == text


def test_hong_kong_big5_decodes() -> None:
    text = "香港客戶名單：佢哋冇講嘅嘢，屬於經營秘密，應當採取保密措施，不得向第三方披露。"
    assert decode_text(text.encode("big5hkscs")) == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("営業秘密の保護について、顧客名簿は重要な情報です。", "shift_jis"),
        (
            "영업 비밀 보호에 관한 법률입니다. 고객 명단은 중요합니다. 외부 유출을 금지합니다.",
            "cp949",
        ),
    ],
)
def test_legacy_japanese_and_korean_are_not_mistaken_for_chinese(text: str, encoding: str) -> None:
    assert decode_text(text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("text", "binary"),
    [
        ("a" * 98 + "\x00\x01", False),  # 2 % odd: still text
        ("a" * 97 + "\x00\x01\x7f", True),  # DEL counts
        ("a" * 50 + "\t\n\r\f\x1b" * 10, False),  # the allowed controls
        ("商" * 97 + "\ufffd" * 3, True),  # replacement characters
        ("商" * 97 + "\x0b\x1c\x85", True),  # controls that are also whitespace
        ("商" * 97 + "\ue000\U000f0000\u0378", True),  # private use and unassigned
        ("商\u200b" * 50, False),  # format characters are not odd
        ("商 \u3000\n" * 25, False),
    ],
)
def test_odd_characters_beyond_two_percent_are_binary(text: str, binary: bool) -> None:
    from baomi.extract.text import _check_plausible

    if binary:
        with pytest.raises(BinaryContent, match="control or unassigned"):
            _check_plausible(text)
    else:
        _check_plausible(text)


def test_only_the_first_64_kib_are_judged() -> None:
    from baomi.extract.text import _check_plausible

    _check_plausible("商" * 65536 + "\x00" * 5000)
    with pytest.raises(BinaryContent):
        _check_plausible("商" * 60000 + "\x00" * 5000)
