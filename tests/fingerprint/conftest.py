"""The fingerprint engine's tests need neither Django nor a database."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> None:
    """Overrides the suite-wide Django setting tweak: these tests run without Django."""


@pytest.fixture(scope="session", autouse=True)
def _tasks_run_inline() -> None:
    """Overrides the suite-wide task-backend setting: no Django here either."""
