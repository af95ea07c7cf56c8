"""Evidence registrations (存证): the enterprise's own record of what it entered in the log.

The log entry itself is content-free (commitment, part count, time, kind); the title, the
linked trade secret, the part names and digests and the full receipt stay here, private to
the enterprise. The material's content is never stored (the browser sends digests only).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FILE = "file", _("File")
    FOLDER = "folder", _("Folder or several files")
    TABLE = "table", _("Table")
    TEXT = "text", _("Text")


class Registration(models.Model):
    """One registration of material in the instance's evidence log."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="registrations"
    )
    # A registration outlives the registry entry it documents: evidence is never deleted.
    secret = models.ForeignKey(
        "registry.TradeSecret",
        verbose_name=_("trade secret"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    parts_count = models.PositiveIntegerField(_("parts"))
    parts = models.JSONField(
        _("parts"), default=list, help_text=_("Name, SHA-256 and size of each part, in order.")
    )
    commitment = models.CharField(_("commitment"), max_length=64)
    log_origin = models.CharField(_("log"), max_length=200)
    log_index = models.PositiveBigIntegerField(_("log index"))
    checkpoint_size = models.PositiveBigIntegerField(_("checkpoint tree size"))
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    receipt = models.JSONField(_("receipt"), help_text=_("As issued, with the disclosure."))
    cosignatures = models.JSONField(
        _("witness cosignatures"), default=list, help_text=_("Witness name and time of each.")
    )
    timestamped_at = models.DateTimeField(_("time-stamp (TSA)"), null=True, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        verbose_name = _("evidence registration")
        verbose_name_plural = _("evidence registrations")
        ordering = ["-registered_at", "-log_index"]
        constraints = [
            models.UniqueConstraint(
                fields=("log_origin", "log_index"),
                name="uniq_registration_log_entry",
                violation_error_message=_("This log entry is already recorded."),
            )
        ]
        indexes = [models.Index(fields=["organisation", "registered_at"])]

    def __str__(self) -> str:
        return f"#{self.log_index} {self.title}"

    @property
    def number(self) -> str:
        """The certificate number shown to people: log index within the instance."""
        return f"CZ-{self.log_index:08d}"
