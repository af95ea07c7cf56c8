"""The demo region seeded by ``baomi demo``."""

from __future__ import annotations

from typing import Any


def seed_demo(*, progress: bool = False) -> dict[str, Any]:
    """Seed the demo (see :mod:`baomi.demo.seed`); Django must be set up first."""
    from baomi.demo.seed import seed_demo as _seed

    return _seed(progress=progress)
