"""``POST /api/auth/token``: e-mail and password in, a bearer token out."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from baomi.apps.orgs.services import api_token_issue

router = Router(tags=["auth"])


class TokenIn(Schema):
    email: str
    password: str


class TokenOut(Schema):
    token: str


@router.post("/token", response=TokenOut, auth=None)
def token_create(request: HttpRequest, payload: TokenIn) -> dict[str, str]:
    token = api_token_issue(email=payload.email, password=payload.password)
    if token is None:
        raise HttpError(401, "invalid e-mail or password")
    return {"token": token}
