"""Decode text of unknown encoding, and tell text from binary.

Order of evidence: a byte-order mark; the NUL-byte pattern of BOM-less UTF-16;
strict UTF-8; BOM-less UTF-16 that reads as Chinese; control bytes (binary);
then charset-normalizer's detection among the legacy encodings (GB18030/GBK,
Big5, ...), checked against how common the decoded characters are in Chinese.
GB2312 and GBK results are decoded as GB18030, their superset, so rarer
characters survive.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from charset_normalizer import from_bytes

from .errors import BinaryContent

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030"),
)

# Bytes that never occur in text of any supported 8-bit or multibyte encoding
# (tab, line feed, form feed, carriage return and escape excepted).
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | {0x0B, 0x1C, 0x1D}
_SAMPLE = 64 * 1024
_MAX_CONTROL_SHARE = 0.01
_MAX_ODD_CHAR_SHARE = 0.02
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950", "ascii": "utf-8"}


def decode_text(data: bytes) -> str:
    """Decode bytes of unknown encoding into text.

    Handles UTF-8/16/32 with or without BOM, GB18030/GBK/GB2312, Big5 and the
    other encodings charset-normalizer knows. Raises
    :class:`~baomi.extract.errors.BinaryContent` when the bytes are not text.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec)
    # NUL bytes are valid UTF-8, so BOM-less UTF-16 of ASCII text is tested first.
    utf16 = _utf16_by_nul_pattern(data)
    if utf16 is not None:
        return _strict(data, utf16)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_plausible(text)
        return text
    utf16 = _utf16_chinese(data)
    if utf16 is not None:
        return _strict(data, utf16)
    sample = data[:_SAMPLE]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise BinaryContent("binary content (control bytes), not text")
    encoding = _best_legacy_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        # The detector saw only a prefix; the rest may be damaged. Keep what decodes.
        text = data.decode(encoding, errors="replace")
    _check_plausible(text)
    return text


def _best_legacy_encoding(data: bytes) -> str:
    """charset-normalizer's pick, unless another candidate reads clearly better.

    The detector is unreliable on short Chinese text (a few characters read as
    Korean or Japanese, and the reverse); scoring each candidate's characters
    by how common they are settles those cases. Candidates: the detector's
    pick, GB18030, Big5 (cp950, HKSCS), then the detector's alternatives; on a
    tie the earlier one wins, and the detector's pick wins within 0.02.
    """
    sample = data[: 4 * _SAMPLE]
    results = list(from_bytes(sample))
    detected = [_SUPERSETS.get(r.encoding, r.encoding) for r in results if r.encoding]
    candidates = [*detected[:1], "gb18030", "cp950", "big5hkscs", *detected[1:5]]
    scores: dict[str, float] = {}
    for encoding in candidates:
        if encoding in scores:
            continue
        try:
            decoded = sample.decode(encoding)
        except UnicodeDecodeError:
            # A multibyte character cut at the sample's end is not an error.
            if len(sample) == len(data):
                continue
            decoded = sample[:-4].decode(encoding, errors="ignore")
        except LookupError:
            continue
        scores[encoding] = _chinese_score(decoded)
    if not scores:
        raise BinaryContent("not text in any known encoding")
    winner = max(scores, key=lambda name: scores[name])  # the first of equals
    if detected and detected[0] in scores and scores[detected[0]] >= scores[winner] - 0.02:
        return detected[0]
    return winner


def _strict(data: bytes, codec: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise BinaryContent(f"not valid {codec} text despite its byte-order mark") from exc
    _check_plausible(text)
    return text


def _utf16_by_nul_pattern(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit on one parity only (BOM-less UTF-16)."""
    sample = data[: _SAMPLE - (_SAMPLE % 2)]
    if len(sample) < 4 or len(data) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.02 * half:
        candidate = "utf-16-le"
    elif even > 0.3 * half and odd < 0.02 * half:
        candidate = "utf-16-be"
    else:
        return None
    try:
        data.decode(candidate)
    except UnicodeDecodeError:
        return None
    return candidate


def _utf16_chinese(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for BOM-less UTF-16 made mostly of CJK characters."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[: _SAMPLE - (_SAMPLE % 2)]
    scores: dict[str, float] = {}
    for candidate in ("utf-16-le", "utf-16-be"):
        try:
            scores[candidate] = _chinese_score(sample.decode(candidate))
        except UnicodeDecodeError:
            continue
    if not scores:
        return None
    winner = max(scores, key=lambda name: scores[name])
    return winner if scores[winner] >= 0.9 else None


@lru_cache(maxsize=65536)
def _char_weight(char: str) -> float:
    """How typical a character is of Chinese text (or ASCII, Japanese, Korean): 0 to 1."""
    code = ord(char)
    if code < 0x80:
        return 1.0 if char.isprintable() or char in "\t\n\r\f" else 0.0
    # CJK punctuation, fullwidth ASCII and fullwidth signs; not halfwidth kana or Hangul.
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF60 or 0xFFE0 <= code <= 0xFFEE:
        return 1.0
    if 0x2010 <= code <= 0x206F:
        return 1.0
    if 0x3040 <= code <= 0x30FF:
        return 1.0  # kana: real Japanese text, which mis-decoded Chinese never yields
    if 0xAC00 <= code <= 0xD7A3:
        # GB2312 bytes read as EUC-KR give common syllables too; see _chinese_score.
        return 0.2
    if 0x4E00 <= code <= 0x9FFF:
        return 1.0 if _common_han(char) else 0.6
    if 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x3FFFF:
        return 0.3
    if unicodedata.category(char)[0] in "LNPSZ":
        return 0.2
    return 0.0


def _common_han(char: str) -> bool:
    """True for GB2312 level-1 (simplified) or Big5 level-1 (traditional) characters."""
    try:
        lead = char.encode("gb2312")[0]
        if 0xB0 <= lead <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        code = int.from_bytes(char.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return 0xA440 <= code <= 0xC67E


def _common_hangul(char: str) -> bool:
    """True for the 2,350 Hangul syllables of KS X 1001 (garbage decodes use the rest)."""
    try:
        char.encode("euc_kr")
    except UnicodeEncodeError:
        return False
    return True


def _chinese_score(text: str) -> float:
    """Mean character weight of ``text`` (see :func:`_char_weight`).

    Korean is told from Chinese bytes read as Korean by its spaces between
    words: Chinese text has few, so common Hangul only counts in text of at
    least 16 syllables with at least 15 % spaces.
    """
    if not text:
        return 0.0
    total = sum(_char_weight(char) for char in text)
    spaces = text.count(" ")
    if spaces >= 3 and spaces >= 0.15 * len(text):
        hangul = [char for char in text if 0xAC00 <= ord(char) <= 0xD7A3 and _common_hangul(char)]
        if len(hangul) >= 16:
            total += 0.8 * len(hangul)
    return total / len(text)


def _check_plausible(text: str) -> None:
    """Reject text full of control, unassigned or private-use characters.

    Odd characters are those of categories Cc, Cn, Co and Cs (tab, line feed,
    carriage return, form feed and escape excepted) and U+FFFD; more than 2 %
    of the sample is binary. Counted at C speed: ASCII by deleting the odd
    bytes, other text by ruling out odd characters at once when it can, or
    else by category per distinct character.
    """
    sample = text[:_SAMPLE]
    if not sample:
        return
    if sample.isascii():
        raw = sample.encode("ascii")
        odd = len(raw) - len(raw.translate(None, _ODD_ASCII))
    elif _no_odd_characters(sample):
        return
    else:
        odd = sum(count for char, count in Counter(sample).items() if _is_odd(char))
    if odd > _MAX_ODD_CHAR_SHARE * len(sample):
        raise BinaryContent("binary content (control or unassigned characters), not text")


_ALLOWED_CONTROLS = frozenset("\t\n\r\f\x1b")
_ODD_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
# The odd ASCII characters: C0 controls but the allowed ones, and DEL.
_ODD_ASCII = bytes(code for code in [*range(0x20), 0x7F] if chr(code) not in _ALLOWED_CONTROLS)
# Odd characters that str.split() removes as whitespace, and U+FFFD (printable).
_ODD_BUT_SPACE_OR_PRINTABLE = re.compile("[\x0b\x1c-\x1f\x85\ufffd]")


def _no_odd_characters(sample: str) -> bool:
    """True when ``sample`` surely holds no odd character (False: maybe it does).

    Every odd character is non-printable for ``str.isprintable``; those that
    are also whitespace (dropped by ``split``) are looked for separately.
    """
    if _ODD_BUT_SPACE_OR_PRINTABLE.search(sample):
        return False
    return "".join(sample.split()).isprintable()


def _is_odd(char: str) -> bool:
    if char in _ALLOWED_CONTROLS:
        return False
    return unicodedata.category(char) in _ODD_CATEGORIES or char == "\ufffd"
