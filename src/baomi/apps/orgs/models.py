"""Users, enterprises, the regulator's service bases, and who belongs where in which role."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baomi.apps.orgs.credit_code import normalise_credit_code, validate_credit_code


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("users log in by e-mail: an e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in, by e-mail."""

    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email


class ServiceBase(models.Model):
    """A market regulator's regional trade-secret protection base (网上基地 / 服务站)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    region = models.CharField(_("region"), max_length=100)
    authority = models.CharField(_("supervising authority"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("service base")
        verbose_name_plural = _("service bases")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LiaisonPoint(models.Model):
    """A service station or liaison point (服务站 / 联络点) of a base, e.g. in a park."""

    service_base = models.ForeignKey(
        ServiceBase, on_delete=models.CASCADE, related_name="liaison_points"
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("liaison point")
        verbose_name_plural = _("liaison points")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=("service_base", "name"),
                name="uniq_liaison_point_name",
                violation_error_message=_("This base already has a liaison point of that name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Industry(models.TextChoices):
    MACHINERY = "machinery", _("Precision machinery and equipment")
    SEED = "seed", _("Seed breeding and agriculture")
    SOFTWARE = "software", _("Software and information services")
    CHEMICAL = "chemical", _("Chemicals and materials")
    ELECTRONICS = "electronics", _("Electronics")
    MEDICINE = "medicine", _("Pharmaceuticals and medical devices")
    FOOD = "food", _("Food and traditional crafts")
    TRADE = "trade", _("Trade and distribution")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """An enterprise whose trade secrets Baomi protects; every enterprise record belongs to one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("An enterprise with this credit code is already registered.")},
    )
    industry = models.CharField(
        _("industry"), max_length=20, choices=Industry.choices, default=Industry.OTHER
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    service_base = models.ForeignKey(
        ServiceBase,
        verbose_name=_("service base"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.credit_code = normalise_credit_code(self.credit_code)


class Role(models.TextChoices):
    OWNER_ADMIN = "owner_admin", _("Enterprise administrator")
    SECRET_OWNER = "secret_owner", _("Secret owner")
    EMPLOYEE = "employee", _("Employee")
    BASE_OPERATOR = "base_operator", _("Base operator")
    EXPERT = "expert", _("Expert")


ENTERPRISE_ROLES = (Role.OWNER_ADMIN, Role.SECRET_OWNER, Role.EMPLOYEE)
BASE_ROLES = (Role.BASE_OPERATOR, Role.EXPERT)


class Membership(models.Model):
    """A user's role in one enterprise, or at one service base (exactly one of the two)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    service_base = models.ForeignKey(
        ServiceBase,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    department = models.CharField(_("department"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, service_base__isnull=True)
                    | Q(organisation__isnull=True, service_base__isnull=False)
                ),
                name="membership_org_xor_base",
                violation_error_message=_("A membership is in an enterprise or a base, not both."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=True) | Q(role__in=[r.value for r in ENTERPRISE_ROLES])
                ),
                name="membership_enterprise_role",
                violation_error_message=_("This role is not an enterprise role."),
            ),
            models.UniqueConstraint(
                fields=("user", "organisation"),
                condition=Q(organisation__isnull=False),
                name="uniq_membership_user_org",
                violation_error_message=_("This user is already a member of the enterprise."),
            ),
            models.UniqueConstraint(
                fields=("user", "service_base"),
                condition=Q(service_base__isnull=False),
                name="uniq_membership_user_base",
                violation_error_message=_("This user is already a member of the base."),
            ),
        ]

    def __str__(self) -> str:
        where = self.organisation or self.service_base
        return f"{self.user} · {where} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} token {self.pk}"
