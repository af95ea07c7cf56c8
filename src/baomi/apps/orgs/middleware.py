"""Sets ``request.membership`` and ``request.organisation`` for the acting tenant."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse

from baomi.apps.orgs.selectors import active_membership
from baomi.http import AppRequest

SESSION_KEY = "baomi_org"


class CurrentOrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, plain_request: HttpRequest) -> HttpResponse:
        from baomi.apps.audit.context import origin_from_request, use_origin

        # This middleware is what makes the request an AppRequest: it sets the two
        # attributes below (authentication and django-htmx ran before it).
        request = cast(AppRequest, plain_request)
        membership = None
        if request.user.is_authenticated:
            hint = request.session.get(SESSION_KEY)
            membership = active_membership(user=request.user, hint=hint)
            if membership is None and hint:
                membership = active_membership(user=request.user)
        request.membership = membership
        request.organisation = membership.organisation if membership else None
        channel = "api" if request.path.startswith("/api/") else "web"
        with use_origin(origin_from_request(request, channel=channel)):
            return self.get_response(request)
