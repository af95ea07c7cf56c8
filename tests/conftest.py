"""Shared pytest configuration."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> None:
    """Tests log in hundreds of times; a slow hasher only tests the hasher."""
    from django.conf import settings as django_settings

    if not django_settings.configured:  # engines tested alone: pytest -p no:django
        return
    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _tasks_run_inline() -> Iterator[None]:
    """Background tasks run inline in tests, so their effects can be asserted at once."""
    from django.conf import settings as django_settings
    from django.test.utils import override_settings

    if not django_settings.configured:
        yield
        return
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ):
        yield
