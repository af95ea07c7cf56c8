from __future__ import annotations

from django.http import HttpRequest

from baomi.apps.orgs.selectors import membership_list


def tenancy(request: HttpRequest) -> dict[str, object]:
    """The acting membership and the user's other memberships, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "membership": getattr(request, "membership", None),
        "organisation": getattr(request, "organisation", None),
        "memberships": membership_list(user=user),
    }
