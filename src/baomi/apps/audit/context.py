"""Where the current request comes from (channel, IP, user agent), for audit records."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Origin:
    channel: str
    ip_address: str | None = None
    user_agent: str = ""


SYSTEM = Origin(channel="system")
_origin: contextvars.ContextVar[Origin] = contextvars.ContextVar("baomi_audit_origin")


def current_origin() -> Origin:
    return _origin.get(SYSTEM)


@contextmanager
def use_origin(origin: Origin) -> Iterator[None]:
    token = _origin.set(origin)
    try:
        yield
    finally:
        _origin.reset(token)


def origin_from_request(request: HttpRequest, *, channel: str) -> Origin:
    return Origin(
        channel=channel,
        ip_address=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
