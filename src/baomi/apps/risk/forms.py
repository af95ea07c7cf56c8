"""Forms of the risk pages; they only parse input — the services validate and save."""

from __future__ import annotations

import zipfile

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from baomi.apps.risk import archive
from baomi.apps.risk.models import CaseStatus, ImportFormat


class ImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Zip archive of activity logs"),
        help_text=_(
            "A zip of a CERT r4.2 folder (logon.csv, device.csv, file.csv, http.csv, "
            "email.csv, LDAP/) or of the Baomi layout (events*.jsonl, users.csv, hr.csv)."
        ),
    )
    format = forms.ChoiceField(
        label=_("Layout"), choices=ImportFormat.choices, initial=ImportFormat.AUTO
    )

    def clean_archive(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["archive"]
        limit = archive.max_upload_bytes()
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        if not zipfile.is_zipfile(upload):
            raise forms.ValidationError(_("The file is not a zip archive."))
        upload.seek(0)
        return upload


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    text = forms.CharField(
        label=_("Conclusion"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EscalateForm(forms.Form):
    target = forms.CharField(
        label=_("Escalate to"),
        max_length=300,
        help_text=_("e.g. the legal department, a case number, or the service base."),
    )
    text = forms.CharField(
        label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *CaseStatus.choices],
        required=False,
    )
