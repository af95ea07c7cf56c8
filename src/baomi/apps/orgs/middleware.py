"""Sets ``request.membership`` and ``request.organisation`` for the acting tenant."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from baomi.apps.orgs.selectors import active_membership

SESSION_KEY = "baomi_org"


class CurrentOrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from baomi.apps.audit.context import origin_from_request, use_origin

        membership = None
        if request.user.is_authenticated:
            hint = request.session.get(SESSION_KEY)
            membership = active_membership(user=request.user, hint=hint)  # type: ignore[arg-type]
            if membership is None and hint:
                membership = active_membership(user=request.user)  # type: ignore[arg-type]
        request.membership = membership  # type: ignore[attr-defined]
        request.organisation = membership.organisation if membership else None  # type: ignore[attr-defined]
        channel = "api" if request.path.startswith("/api/") else "web"
        with use_origin(origin_from_request(request, channel=channel)):
            return self.get_response(request)
