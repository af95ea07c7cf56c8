"""Helpers shared by the evidence tests: material as bytes, parts as the browser sends them."""

from __future__ import annotations

import hashlib
from typing import Any

from baomi.apps.evidence import services
from baomi.apps.evidence.models import Registration
from baomi.apps.orgs.models import Organisation, User

MATERIAL = "热误差补偿模型：温度测点七个，补偿系数矩阵按季度标定。".encode()


def part(name: str, data: bytes) -> dict[str, Any]:
    return {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def register(
    actor: User,
    organisation: Organisation,
    *,
    secret: Any = None,
    data: bytes = MATERIAL,
    title: str = "热误差补偿模型 v3",
) -> Registration:
    parts = services.parts_clean([part("model.txt", data)], kind="file")
    return services.registration_create(
        actor=actor,
        organisation=organisation,
        title=title,
        kind="file",
        parts=parts,
        secret=secret,
    )
