"""The unified social credit code (统一社会信用代码, GB 32100-2015)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a code."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    """Upper-case and strip spaces; full-width characters become half-width."""
    table = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF21 + i: 0x41 + i for i in range(26)}
    return value.translate(table).replace(" ", "").strip().upper()


def validate_credit_code(value: str) -> None:
    """Raise ValidationError unless ``value`` is a well-formed code with a correct check digit."""
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters (this one has %(n)d)."),
            code="length",
            params={"n": len(code)},
        )
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        raise ValidationError(
            _(
                "Invalid characters in the credit code: %(chars)s "
                "(I, O, Z, S and V are never used)."
            ),
            code="charset",
            params={"chars": " ".join(bad)},
        )
    if check_character(code[:17]) != code[17]:
        raise ValidationError(
            _("The credit code's check character is wrong: please check for a typing error."),
            code="checksum",
        )
