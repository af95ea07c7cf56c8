"""People and their duties: employee records, agreements, acknowledgments and exit audits."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baomi.apps.people.wages import REGION_CHOICES


class RoleCategory(models.TextChoices):
    """Who a non-compete may bind (Labour Contract Law art. 24)."""

    SENIOR_MANAGER = "senior_manager", _("Senior manager")
    SENIOR_TECHNICAL = "senior_technical", _("Senior technical staff")
    CONFIDENTIAL = "confidential", _("Other staff with a confidentiality duty")
    ORDINARY = "ordinary", _("Ordinary staff")


# The departing-user watch window around the last working day (or the resignation date).
WATCH_DAYS_BEFORE = 90
WATCH_DAYS_AFTER = 30


class Person(models.Model):
    """An employee record of an enterprise, linked to a user account where the person logs in."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="people"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person_records",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    employee_number = models.CharField(_("employee number"), max_length=40)
    department = models.CharField(_("department"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=100, blank=True)
    role_category = models.CharField(
        _("role category"),
        max_length=20,
        choices=RoleCategory.choices,
        default=RoleCategory.ORDINARY,
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    resignation_date = models.DateField(_("resignation date"), null=True, blank=True)
    last_working_day = models.DateField(_("last working day"), null=True, blank=True)
    average_monthly_wage = models.DecimalField(
        _("average monthly wage, last 12 months (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    wage_region = models.CharField(
        _("work region"), max_length=20, choices=REGION_CHOICES, blank=True
    )
    minimum_wage_override = models.DecimalField(
        _("local minimum wage (override, yuan)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty to use the table of regional minimum wages."),
    )
    watch_start = models.DateField(_("watch window from"), null=True, blank=True)
    watch_end = models.DateField(_("watch window until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["employee_number"]
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "employee_number"),
                name="uniq_person_number_per_org",
                violation_error_message=_(
                    "Another person of this enterprise has this employee number."
                ),
            ),
            models.UniqueConstraint(
                fields=("organisation", "user"),
                condition=Q(user__isnull=False),
                name="uniq_person_user_per_org",
                violation_error_message=_("This user account is already linked to a person."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "watch_end"])]

    def __str__(self) -> str:
        return f"{self.employee_number} {self.name}"

    @property
    def departure_date(self) -> dt.date | None:
        """The day the person leaves: the last working day, else the resignation date."""
        return self.last_working_day or self.resignation_date

    @property
    def is_departing(self) -> bool:
        """Inside the departing-user watch window today."""
        today = timezone.localdate()
        return (
            self.watch_start is not None
            and self.watch_end is not None
            and self.watch_start <= today <= self.watch_end
        )

    @property
    def has_left(self) -> bool:
        departure = self.departure_date
        return departure is not None and departure < timezone.localdate()


def watch_window(departure: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """The departing-user watch window: 90 days before to 30 days after the departure date."""
    if departure is None:
        return None, None
    return (
        departure - dt.timedelta(days=WATCH_DAYS_BEFORE),
        departure + dt.timedelta(days=WATCH_DAYS_AFTER),
    )


class AgreementKind(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", _("Confidentiality agreement")
    NON_COMPETE = "non_compete", _("Non-compete agreement")
    INVENTION = "invention_assignment", _("Invention assignment agreement")


AGREEMENT_FILE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "docx", "ofd"]


def agreement_upload_to(instance: Agreement, filename: str) -> str:
    return f"people/{instance.person.organisation_id}/agreements/{filename}"


class Agreement(models.Model):
    """A signed confidentiality, non-compete or invention assignment agreement."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("kind"), max_length=24, choices=AgreementKind.choices)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    term_start = models.DateField(_("term from"), null=True, blank=True)
    term_end = models.DateField(_("term until"), null=True, blank=True)
    file = models.FileField(
        _("signed copy"),
        upload_to=agreement_upload_to,
        blank=True,
        validators=[FileExtensionValidator(AGREEMENT_FILE_EXTENSIONS)],
    )
    restricted_months = models.PositiveSmallIntegerField(
        _("restricted period (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
    )
    monthly_compensation = models.DecimalField(
        _("monthly compensation (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["kind", "-signed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person.name}"

    @property
    def is_non_compete(self) -> bool:
        return self.kind == AgreementKind.NON_COMPETE

    @property
    def filename(self) -> str:
        """The signed copy's file name without its folder; "" when none is on file."""
        return (self.file.name or "").rsplit("/", 1)[-1]

    @property
    def in_force(self) -> bool:
        """Not ended yet. A non-compete whose restricted period starts after leaving counts:
        it binds the person from the day after the last working day."""
        return self.term_end is None or self.term_end >= timezone.localdate()


class CompensationPayment(models.Model):
    """A monthly non-compete compensation payment made to a former employee."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="payments")
    month = models.DateField(_("for month"), help_text=_("Any day of the month paid for."))
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    paid_on = models.DateField(_("paid on"))

    class Meta:
        verbose_name = _("compensation payment")
        verbose_name_plural = _("compensation payments")
        ordering = ["month", "id"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} ¥{self.amount}"


class AcknowledgmentKind(models.TextChoices):
    POLICY = "policy", _("Confidentiality policy read")
    SECRETS = "secrets", _("Secrets notified")


class AcknowledgmentMethod(models.TextChoices):
    ONLINE = "online", _("Confirmed online")
    PAPER = "paper", _("Signed on paper")
    TRAINING = "training", _("Training attendance")


class Acknowledgment(models.Model):
    """The person confirms reading a policy, or being told which secrets they have access to.
    The list of secrets is a snapshot taken when the acknowledgment is recorded."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="acknowledgments")
    kind = models.CharField(_("kind"), max_length=12, choices=AcknowledgmentKind.choices)
    policy_title = models.CharField(_("policy"), max_length=200, blank=True)
    secrets = models.JSONField(_("secrets notified"), default=list, blank=True)
    acknowledged_on = models.DateField(_("date"), default=timezone.localdate)
    method = models.CharField(
        _("method"),
        max_length=12,
        choices=AcknowledgmentMethod.choices,
        default=AcknowledgmentMethod.ONLINE,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgment")
        verbose_name_plural = _("acknowledgments")
        ordering = ["-acknowledged_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person.name} · {self.acknowledged_on}"


class OffboardingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COMPLETED = "completed", _("Completed")


# The exit-audit checklist: field name → label. The order is the order of the record.
CHECKLIST: list[tuple[str, object]] = [
    ("carriers_returned", _("Carriers, documents and devices returned")),
    ("accounts_revoked", _("Accounts and system access revoked")),
    ("duties_reminded", _("Continuing duties reminded in writing")),
    ("exit_interview", _("Exit interview held")),
    ("risk_reviewed", _("Risk signals of the last 90 days reviewed")),
    ("grants_reviewed", _("Access grants to trade secrets reviewed")),
]


class Offboarding(models.Model):
    """The exit audit (离职审计) of one person, ending in a signed exit record."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="offboarding")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=OffboardingStatus.choices,
        default=OffboardingStatus.OPEN,
    )
    carriers_returned = models.BooleanField(_("carriers and devices returned"), default=False)
    accounts_revoked = models.BooleanField(_("accounts revoked"), default=False)
    duties_reminded = models.BooleanField(_("duties reminded in writing"), default=False)
    exit_interview = models.BooleanField(_("exit interview held"), default=False)
    risk_reviewed = models.BooleanField(_("risk signals reviewed"), default=False)
    grants_reviewed = models.BooleanField(_("access grants reviewed"), default=False)
    returned_items = models.TextField(_("items returned"), blank=True, max_length=4000)
    interview_notes = models.TextField(_("exit interview notes"), blank=True, max_length=4000)
    risk_notes = models.TextField(_("risk review notes"), blank=True, max_length=4000)
    # What the person knew, kept when grants are revoked: [{"code", "title", "level", "via"}].
    secrets_known = models.JSONField(_("secrets known"), default=list, blank=True)
    grants_revoked = models.JSONField(_("access grants revoked"), default=list, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    record = models.FileField(_("exit record"), upload_to="people/exit-records/", blank=True)
    record_sha256 = models.CharField(_("exit record SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("exit audit")
        verbose_name_plural = _("exit audits")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        # Without the status: audit records keep this text, and the status changes.
        return f"{self.person} · {_('exit audit')}"

    @property
    def is_completed(self) -> bool:
        return self.status == OffboardingStatus.COMPLETED

    def checklist(self) -> list[tuple[str, object, bool]]:
        return [(name, label, bool(getattr(self, name))) for name, label in CHECKLIST]

    @property
    def checklist_done(self) -> bool:
        return all(done for _name, _label, done in self.checklist())
