"""Review reminders: each owner gets one e-mail listing their secrets whose review is due.

Run daily from cron or a scheduler with ``baomi secrets remind``; the mail goes through
Django's e-mail backend (SMTP when configured, else files in ``$BAOMI_HOME/outbox``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baomi.apps.orgs.models import Organisation, User
from baomi.apps.registry.models import Status, TradeSecret
from baomi.apps.registry.selectors import review_horizon


@dataclass(frozen=True)
class ReminderResult:
    mails: int
    secrets: int


def _due_by_owner(organisation: Organisation) -> dict[User, list[TradeSecret]]:
    due: dict[User, list[TradeSecret]] = defaultdict(list)
    secrets = (
        TradeSecret.objects.filter(
            organisation=organisation,
            status=Status.ACTIVE,
            review_date__lte=review_horizon(),
            owner__isnull=False,
            owner__is_active=True,
        )
        .select_related("owner")
        .order_by("review_date")
    )
    for secret in secrets:
        assert secret.owner is not None
        due[secret.owner].append(secret)
    return due


def review_reminders_send() -> ReminderResult:
    """Send every owner of a due or overdue active secret one reminder per organisation."""
    mails = count = 0
    with translation.override(settings.LANGUAGE_CODE):
        for organisation in Organisation.objects.order_by("pk"):
            for owner, secrets in _due_by_owner(organisation).items():
                body = render_to_string(
                    "registry/review_reminder.txt",
                    {
                        "owner": owner,
                        "organisation": organisation,
                        "secrets": secrets,
                        "today": timezone.localdate(),
                    },
                )
                subject = _("[Baomi] %(n)d trade secrets are due for review") % {"n": len(secrets)}
                send_mail(subject, body, None, [owner.email])
                mails += 1
                count += len(secrets)
    return ReminderResult(mails=mails, secrets=count)
