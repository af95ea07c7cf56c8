"""The trade-secret registry (商业秘密台账): secrets, points, carriers, access, measures."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecretType(models.TextChoices):
    TECHNICAL = "technical", _("Technical secret")
    BUSINESS = "business", _("Business secret")


class Level(models.TextChoices):
    CORE = "core", _("Core")
    IMPORTANT = "important", _("Important")
    GENERAL = "general", _("General")


class Status(models.TextChoices):
    DRAFT = "draft", _("Being identified")
    ACTIVE = "active", _("Protected")
    ARCHIVED = "archived", _("No longer secret")


class TradeSecret(models.Model):
    """One trade secret of an organisation."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="secrets"
    )
    code = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    secret_type = models.CharField(_("type"), max_length=12, choices=SecretType.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_secrets",
    )
    date_identified = models.DateField(_("date identified"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    value_estimate = models.DecimalField(
        _("estimated value (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    review_date = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("trade secret")
        verbose_name_plural = _("trade secrets")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "code"),
                name="uniq_secret_code_per_org",
                violation_error_message=_("Another secret of this enterprise has this number."),
            )
        ]
        indexes = [models.Index(fields=["organisation", "review_date"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def review_overdue(self) -> bool:
        return self.review_date is not None and self.review_date < timezone.localdate()


class SecretPoint(models.Model):
    """A secret point (密点): one specific protectable element, stated briefly."""

    secret = models.ForeignKey(TradeSecret, on_delete=models.CASCADE, related_name="points")
    position = models.PositiveIntegerField(_("order"), default=0)
    statement = models.TextField(_("statement"), max_length=2000)

    class Meta:
        verbose_name = _("secret point")
        verbose_name_plural = _("secret points")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.statement[:60]


class CarrierKind(models.TextChoices):
    FILE = "file", _("File or document")
    CODE = "code", _("Source code repository")
    DRAWING = "drawing", _("Drawing")
    SAMPLE = "sample", _("Sample")
    MATERIAL = "material", _("Physical material (e.g. breeding material)")
    MOULD = "mould", _("Mould or tooling")
    DATABASE = "database", _("Database or system")
    OTHER = "other", _("Other")


class Carrier(models.Model):
    """Where the secret is embodied (载体): a file, code, drawing, sample, seed line, mould…"""

    secret = models.ForeignKey(TradeSecret, on_delete=models.CASCADE, related_name="carriers")
    kind = models.CharField(_("kind"), max_length=12, choices=CarrierKind.choices)
    name = models.CharField(_("name"), max_length=200)
    location = models.CharField(_("location"), max_length=300, blank=True)
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("custodian"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="custodied_carriers",
    )
    marking = models.CharField(_("marking"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class AccessGrant(models.Model):
    """Who may access a secret, why, and until when."""

    secret = models.ForeignKey(TradeSecret, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="secret_grants",
    )
    reason = models.CharField(_("reason"), max_length=300)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=("secret", "user"),
                name="uniq_grant_per_user",
                violation_error_message=_("This person already has access to the secret."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.secret}"

    @property
    def is_active(self) -> bool:
        return self.valid_until is None or self.valid_until >= timezone.localdate()


class MeasureKind(models.TextChoices):
    """The seven kinds of Art. 6 of the SPC's 2020 provisions on trade-secret civil cases."""

    AGREEMENT = "agreement", _("Confidentiality agreement or contract clause")
    RULES = "rules", _("Rules, training and written notices")
    PREMISES = "premises", _("Visitor and premises control")
    CARRIER = "carrier", _("Marking, classification, encryption and limited access to carriers")
    DEVICES = "devices", _("Restrictions on computers, devices, networks, storage and software")
    DEPARTURE = "departure", _("Handling of departing staff")
    OTHER = "other", _("Other reasonable measures")


class Measure(models.Model):
    """A confidentiality measure (保密措施) taken for a secret."""

    secret = models.ForeignKey(TradeSecret, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("kind"), max_length=12, choices=MeasureKind.choices)
    description = models.TextField(_("description"), max_length=2000)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    evidence = models.CharField(_("evidence of the measure"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("confidentiality measure")
        verbose_name_plural = _("confidentiality measures")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:40]}"
