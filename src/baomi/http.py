"""Typed requests: what authentication and the tenant middleware add to a request.

Views take :class:`AppRequest` (any page) or, behind
:func:`baomi.apps.orgs.views.require_organisation`, :class:`MemberRequest`,
whose ``organisation`` is never None. The attributes are set by Django's
authentication middleware, django-htmx's middleware and
:class:`baomi.apps.orgs.middleware.CurrentOrganisationMiddleware`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_htmx.middleware import HtmxDetails

    from baomi.apps.orgs.models import Membership, Organisation, User


class AppRequest(HttpRequest):
    """A request that went through the project's middleware."""

    user: User | AnonymousUser
    htmx: HtmxDetails
    membership: Membership | None
    organisation: Organisation | None


class AuthenticatedRequest(AppRequest):
    """A request of a logged-in user (behind ``login_required``)."""

    user: User


class MemberRequest(AuthenticatedRequest):
    """A request acting for an enterprise (behind ``require_organisation``)."""

    membership: Membership
    organisation: Organisation
