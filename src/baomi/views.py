"""The home dashboard: an enterprise's registry at a glance, or a base's region at a glance."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from baomi.apps.people.selectors import people_stats
from baomi.apps.registry.selectors import (
    base_registry_summary,
    registry_stats,
    secret_reviews_due,
)
from baomi.http import AuthenticatedRequest


@login_required
def home_view(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership
    context: dict[str, object] = {"today": timezone.localdate()}
    if membership is not None and membership.organisation is not None:
        org = membership.organisation
        context.update(
            stats=registry_stats(user=request.user, organisation=org),
            reviews_due=secret_reviews_due(user=request.user, organisation=org)[:8],
        )
        if request.user.has_perm("people.list_person", org):
            context["people_stats"] = people_stats(user=request.user, organisation=org)
    elif membership is not None and membership.service_base is not None:
        context["base_summary"] = base_registry_summary(
            user=request.user,
            service_base=membership.service_base,
        )
    return render(request, "home.html", context)


def healthz_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
