from decimal import Decimal

import pytest
from django.utils import translation

from baomi.apps.registry.templatetags.registry_tags import yuan


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (None, "—", "—"),
        (Decimal("9800"), "9,800元", "9,800 yuan"),
        (Decimal("8500000"), "850万元", "850 × 10,000 yuan"),
        (Decimal("12345.67"), "1.23万元", "1.23 × 10,000 yuan"),
        (Decimal("123456789"), "1.23亿元", "1.23 × 100 million yuan"),
        (Decimal("0.5"), "0.5元", "0.5 yuan"),
    ],
)
def test_yuan(value: Decimal | None, zh: str, en: str) -> None:
    with translation.override("zh-hans"):
        assert yuan(value) == zh
    with translation.override("en"):
        assert yuan(value) == en
