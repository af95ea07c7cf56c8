"""Monthly minimum wages of a few regions, for the non-compete compensation floor.

Figures are the first-tier monthly minimum wage of the city as announced by the provincial
or municipal government, with the date the standard took effect. Standards are raised every
two or three years: check the current announcement of the local human-resources bureau, and
record a newer figure on the person (``Person.minimum_wage_override``) where it differs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class MinimumWage:
    code: str
    province: str
    city: str
    monthly: Decimal
    effective: dt.date
    source: str

    @property
    def label(self) -> str:
        return self.city if self.province == self.city else f"{self.province}/{self.city}"

    @property
    def source_year(self) -> int:
        return self.effective.year


MINIMUM_WAGES: dict[str, MinimumWage] = {
    w.code: w
    for w in (
        MinimumWage(
            "gd-foshan",
            "广东",
            "佛山",
            Decimal("1900"),
            dt.date(2021, 12, 1),
            "广东省人民政府关于调整我省最低工资标准的通知（第二类地区）",
        ),
        MinimumWage(
            "hn-changsha",
            "湖南",
            "长沙",
            Decimal("1930"),
            dt.date(2022, 4, 1),
            "湖南省人民政府关于调整全省最低工资标准的通知（第一档）",
        ),
        MinimumWage(
            "zj-ningbo",
            "浙江",
            "宁波",
            Decimal("2280"),
            dt.date(2021, 8, 1),
            "浙江省人民政府关于调整全省最低工资标准的通知（第一档）",
        ),
        MinimumWage(
            "shanghai",
            "上海",
            "上海",
            Decimal("2690"),
            dt.date(2024, 7, 1),
            "上海市人力资源和社会保障局关于调整本市最低工资标准的通知",
        ),
        MinimumWage(
            "beijing",
            "北京",
            "北京",
            Decimal("2420"),
            dt.date(2024, 9, 1),
            "北京市人力资源和社会保障局关于调整北京市最低工资标准的通知",
        ),
    )
}

REGION_CHOICES = [(w.code, w.label) for w in MINIMUM_WAGES.values()]


def region_choices_with_wages() -> list[tuple[str, str]]:
    """Choices for forms: the region with its minimum wage and since when."""
    return [
        ("", "---------"),
        *(
            (w.code, f"{w.label}（{w.monthly}元/月，{w.effective:%Y-%m}起）")
            for w in MINIMUM_WAGES.values()
        ),
    ]


def minimum_wage(region: str, override: Decimal | None = None) -> Decimal | None:
    """The monthly minimum wage to apply: the override if given, else the table's figure."""
    if override is not None:
        return override
    entry = MINIMUM_WAGES.get(region)
    return entry.monthly if entry else None
