"""Activity imports into the organisation's risk store, and the RiskCases an admin works on.

The activity itself lives in the engine's columnar store (``$BAOMI_HOME/risk/<org key>``),
not in the database; the database keeps who imported what, how it went, and the cases.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportFormat(models.TextChoices):
    AUTO = "auto", _("Detect automatically")
    BAOMI = "baomi", _("Baomi JSON Lines")
    CERT = "cert", _("CERT r4.2 CSV")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def import_upload_to(instance: ActivityImport, filename: str) -> str:
    return f"risk/{instance.organisation_id}/imports/{filename}"


class ActivityImport(models.Model):
    """One uploaded archive of activity logs, ingested by a background task."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="activity_imports"
    )
    archive = models.FileField(_("archive"), upload_to=import_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.BigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    format = models.CharField(
        _("format"), max_length=10, choices=ImportFormat.choices, default=ImportFormat.AUTO
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    events = models.BigIntegerField(_("events"), default=0)
    users = models.PositiveIntegerField(_("users"), default=0)
    hr_events = models.PositiveIntegerField(_("HR facts"), default=0)
    bad_rows = models.BigIntegerField(_("malformed rows"), default=0)
    files = models.JSONField(_("files"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Last sign of life of the worker doing the import (see baomi.jobs): set when queued,
    # when started, with progress and by a heartbeat thread; a silent import lost its worker.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity import")
        verbose_name_plural = _("activity imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.PENDING, ImportStatus.RUNNING)


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANNOTATED = "annotated", _("Annotated")
    CLOSED = "closed", _("Closed")
    ESCALATED = "escalated", _("Escalated")


OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.ANNOTATED)


class RiskCase(models.Model):
    """A ranked user an administrator looks into: the reasons at opening time, notes, outcome."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="risk_cases"
    )
    subject = models.CharField(_("user in the activity logs"), max_length=200)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risk_cases",
    )
    score = models.FloatField(_("score"))
    window_start = models.DateField(_("window from"))
    window_end = models.DateField(_("window until"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    # The reasons as codes and parameters, {"scenario", "code", "params", "text"} each (see
    # baomi.risk.reasons); empty on cases opened before the engine gave them.
    explanations = models.JSONField(_("reasons (structured)"), default=list, blank=True)
    scenarios = models.JSONField(_("scenarios"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The cases module comes later: until then an escalation names its target in words.
    escalated_to = models.CharField(_("escalated to"), max_length=300, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    class Meta:
        verbose_name = _("risk case")
        verbose_name_plural = _("risk cases")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "subject"),
                condition=Q(status__in=["open", "annotated"]),
                name="uniq_open_risk_case_per_subject",
                violation_error_message=_("This user already has an open risk case."),
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class RiskNote(models.Model):
    """An administrator's note on a RiskCase (rows are only ever added)."""

    case = models.ForeignKey(RiskCase, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("risk note")
        verbose_name_plural = _("risk notes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
