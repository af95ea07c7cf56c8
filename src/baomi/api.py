"""The JSON API (django-ninja), OpenAPI at /api/docs. Bearer tokens from /api/auth/token.

The acting enterprise is the user's first membership, or the one named by the
``X-Baomi-Org`` header (id, short name or credit code)."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer

from baomi.apps.evidence.api import router as evidence_router
from baomi.apps.leaks.api import router as leaks_router
from baomi.apps.orgs.api import router as auth_router
from baomi.apps.orgs.selectors import active_membership
from baomi.apps.orgs.services import api_token_user
from baomi.apps.people.api import router as people_router
from baomi.apps.registry.api import router as secrets_router
from baomi.apps.risk.api import router as risk_router
from baomi.http import AppRequest


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        user = api_token_user(token=token)
        if user is None:
            return None
        # From here on the endpoints see an AuthenticatedRequest: the token's user, and the
        # membership named by the header (or the first one).
        app_request = cast(AppRequest, request)
        app_request.user = user
        membership = active_membership(user=user, hint=request.headers.get("X-Baomi-Org"))
        app_request.membership = membership
        app_request.organisation = membership.organisation if membership else None
        return user


api = NinjaAPI(
    title="Baomi API",
    version="1",
    description="Trade-secret registry and protection services. 商业秘密保护平台接口。",
    auth=BearerAuth(),
    urls_namespace="api",
)
api.add_router("/auth", auth_router)
api.add_router("/secrets", secrets_router)
api.add_router("/people", people_router)
api.add_router("/risk", risk_router)
api.add_router("/evidence", evidence_router)
api.add_router("/leaks", leaks_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "permission denied"}, status=403)
