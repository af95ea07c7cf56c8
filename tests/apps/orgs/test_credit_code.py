import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from baomi.apps.orgs.credit_code import ALPHABET, check_character, validate_credit_code

VALID = ["91440606MA4W3K7P2Y", "91430100MA4L8Q1D6G", "12440600MB2C31757L"]
# A real-world code published on a business licence (Huawei Technologies Co., Ltd.).
REAL = "914403001922038216"


@pytest.mark.parametrize("code", [*VALID, REAL, "91440606ma4w3k7p2y", "９１４４０６０６MA4W3K7P2Y"])
def test_valid_codes_pass(code: str) -> None:
    validate_credit_code(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91440606MA4W3K7P2X", "checksum"),
        ("91440606MA4W3K7P2", "length"),
        ("91440606MA4W3K7P2YY", "length"),
        ("91440606MA4W3K7PIY", "charset"),
        ("", "length"),
    ],
)
def test_invalid_codes_fail_with_reason(code: str, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_credit_code(code)
    assert info.value.code == reason


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_any_body_with_its_check_character_is_valid(body: str) -> None:
    validate_credit_code(body + check_character(body))


@given(
    st.text(alphabet=ALPHABET, min_size=17, max_size=17),
    st.integers(0, 16),
    st.sampled_from(ALPHABET),
)
def test_a_single_changed_character_is_caught(body: str, pos: int, char: str) -> None:
    code = body + check_character(body)
    changed = code[:pos] + char + code[pos + 1 :]
    if changed == code:
        return
    with pytest.raises(ValidationError):
        validate_credit_code(changed)
