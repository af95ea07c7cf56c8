"""``{% secret_registrations secret %}``: a trade secret's registrations, for its page."""

from __future__ import annotations

from typing import Any

from django import template

from baomi.apps.evidence.selectors import registrable_secrets, registrations_for_secret

register = template.Library()


@register.inclusion_tag("evidence/_secret_registrations.html", takes_context=True)
def secret_registrations(context: template.Context, secret: Any) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    return {
        "secret": secret,
        "registrations": registrations_for_secret(user=user, secret=secret),
        "can_register": registrable_secrets(user=user, organisation=secret.organisation)
        .filter(pk=secret.pk)
        .exists(),
    }
