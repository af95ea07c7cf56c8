"""Leak comparison (取证鉴定 / 同一性比对): indexes of secret material, scans of suspect
files, and the hits a scan finds. The fingerprints and the secrets' extracted text live in
the index directory under ``BAOMI_HOME/indexes/<organisation>/<index>``; uploaded files
live under ``MEDIA_ROOT/leaks/<organisation>/``."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IndexKind(models.TextChoices):
    TEXT = "text", _("Documents and code (fingerprints)")
    EDM = "edm", _("Customer or price list (exact data)")


class JobStatus(models.TextChoices):
    EMPTY = "empty", _("No material yet")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    """Progress of background work shown to the user (an index build or a scan)."""

    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.EMPTY
    )
    progress_done = models.PositiveIntegerField(_("files done"), default=0)
    progress_total = models.PositiveIntegerField(_("files in total"), default=0)
    errors = models.JSONField(_("file errors"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Last sign of life of the worker doing the job (see baomi.jobs): set when queued, when
    # started, with progress and by a heartbeat thread; a silent job lost its worker.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))


class Index(Job):
    """An index of one enterprise's secret material (fingerprints, or EDM for tables)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="leak_indexes"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=8, choices=IndexKind.choices, default=IndexKind.TEXT
    )
    description = models.TextField(_("description"), blank=True)
    secrets = models.ManyToManyField(
        "registry.TradeSecret",
        verbose_name=_("trade secrets"),
        blank=True,
        related_name="leak_indexes",
    )
    key_columns = models.JSONField(_("key columns"), default=list, blank=True)
    documents = models.PositiveIntegerField(_("indexed documents"), default=0)
    rows = models.PositiveIntegerField(_("indexed table rows"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("comparison index")
        verbose_name_plural = _("comparison indexes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "name"),
                name="uniq_leak_index_name_per_org",
                violation_error_message=_("Another index of this enterprise has this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def directory(self) -> Path:
        """Where the engine keeps this index (as confidential as the material itself)."""
        return Path(settings.BAOMI_HOME) / "indexes" / str(self.organisation_id) / str(self.pk)


def secret_upload_to(instance: SecretDocument, filename: str) -> str:
    return f"leaks/{instance.organisation_id}/material/{uuid.uuid4().hex}/{filename}"


class SecretDocument(models.Model):
    """One uploaded file of secret material (a document, an archive or a table)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    index = models.ForeignKey(Index, on_delete=models.CASCADE, related_name="material")
    secret = models.ForeignKey(
        "registry.TradeSecret",
        verbose_name=_("trade secret"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leak_documents",
    )
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=secret_upload_to, max_length=500)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField("SHA-256", max_length=64)
    rows = models.PositiveIntegerField(_("table rows"), default=0)
    indexed_at = models.DateTimeField(_("indexed"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("secret material")
        verbose_name_plural = _("secret material")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=("index", "name"),
                name="uniq_leak_material_name_per_index",
                violation_error_message=_("The index already holds a file of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Scan(Job):
    """A comparison of uploaded suspect files against one index."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="leak_scans"
    )
    index = models.ForeignKey(Index, on_delete=models.CASCADE, related_name="scans")
    label = models.CharField(_("label"), max_length=200, blank=True)
    min_score = models.FloatField(_("minimum score"), default=0.0)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    hit_count = models.PositiveIntegerField(_("hits"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"


def suspect_upload_to(instance: SuspectFile, filename: str) -> str:
    return f"leaks/{instance.organisation_id}/suspects/{uuid.uuid4().hex}/{filename}"


class SuspectFile(models.Model):
    """One uploaded suspect file (a document, a mail, an archive…)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="suspects")
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=suspect_upload_to, max_length=500)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = _("suspect file")
        verbose_name_plural = _("suspect files")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Hit(models.Model):
    """A (suspect unit, secret) match of a scan, with its passages; or, for an EDM index,
    the rows of a customer list found in one suspect unit."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="hits")
    suspect_file = models.ForeignKey(
        SuspectFile, on_delete=models.SET_NULL, null=True, related_name="hits"
    )
    suspect = models.CharField(_("suspect"), max_length=1000, help_text="path!member")
    secret_document = models.ForeignKey(
        SecretDocument, on_delete=models.SET_NULL, null=True, related_name="hits"
    )
    secret = models.CharField(_("secret material"), max_length=1000)
    score = models.FloatField(pgettext_lazy("leak comparison", "score"), default=0.0)
    matched_chars = models.PositiveIntegerField(_("identical characters"), default=0)
    secret_coverage = models.FloatField(_("share of the secret found"), default=0.0)
    suspect_coverage = models.FloatField(_("share of the suspect copied"), default=0.0)
    longest_passage = models.PositiveIntegerField(_("longest passage"), default=0)
    passages = models.JSONField(_("passages"), default=list, blank=True)
    # Covered ranges of the secret's normalised text and its length: the coverage of one
    # secret across all suspects of a scan is their union (a secret split over files).
    secret_ranges = models.JSONField(default=list, blank=True)
    secret_chars = models.PositiveIntegerField(default=0)
    suspect_sha256 = models.CharField(max_length=64, blank=True)
    secret_sha256 = models.CharField(max_length=64, blank=True)
    rows = models.JSONField(_("matched rows"), default=list, blank=True)
    columns_matched = models.JSONField(_("matched columns"), default=list, blank=True)
    # The cases module does not exist yet: a hit is attached to a case by its reference.
    case_reference = models.CharField(_("case reference"), max_length=100, blank=True)
    case_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("hit")
        verbose_name_plural = _("hits")
        ordering = ["-score", "-matched_chars", "id"]
        indexes = [models.Index(fields=["scan", "-score"])]

    def __str__(self) -> str:
        return f"{self.suspect} ↔ {self.secret}"

    @property
    def is_table_match(self) -> bool:
        return bool(self.rows)
