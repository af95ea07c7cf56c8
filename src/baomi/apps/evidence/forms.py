"""Forms of the evidence pages. The material never travels in a form: the page's script
hashes it and fills the hidden ``parts``/``digests`` fields."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from baomi.apps.evidence.models import Kind
from baomi.apps.evidence.verification import KEY_CHOICES, KEY_INSTANCE, MAX_RECEIPT_BYTES
from baomi.apps.registry.models import TradeSecret

WEB_KINDS = [
    (Kind.FILE, _("One file")),
    (Kind.FOLDER, _("A folder or several files")),
    (Kind.TEXT, _("A text typed here")),
]


class RegistrationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Material"), choices=WEB_KINDS, initial=Kind.FILE, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    secret: forms.ModelChoiceField[TradeSecret] = forms.ModelChoiceField(
        label=_("Trade secret"),
        queryset=None,  # set per request from the ``secrets`` argument
        required=False,
        empty_label=_("— not linked to a registered secret —"),
    )
    description = forms.CharField(
        label=_("Note (stays in your records, not in the log)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    parts = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, secrets: QuerySet[TradeSecret], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[TradeSecret]", self.fields["secret"]).queryset = secrets

    def clean_parts(self) -> list[Any]:
        raw = self.cleaned_data.get("parts") or ""
        if not raw:
            raise forms.ValidationError(_("Choose the material and let the page hash it first."))
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("The part list sent by the page is not valid.")) from exc
        if not isinstance(value, list):
            raise forms.ValidationError(_("The part list sent by the page is not valid."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title") or "").strip() and data.get("secret") is None:
            self.add_error("title", _("Give the registration a title or link a trade secret."))
        return data


class VerifyForm(forms.Form):
    receipt_file = forms.FileField(label=_("Receipt file (.receipt.json)"), required=False)
    receipt_text = forms.CharField(
        label=_("…or paste the receipt"),
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        required=False,
    )
    key_choice = forms.ChoiceField(
        label=_("Verify the log signature with"),
        choices=KEY_CHOICES,
        initial=KEY_INSTANCE,
        widget=forms.RadioSelect,
    )
    vkey = forms.CharField(label=_("Log key"), max_length=500, required=False)
    digests = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("receipt_file")
        if upload is not None:
            if upload.size > MAX_RECEIPT_BYTES:
                self.add_error("receipt_file", _("The receipt file is too large."))
                return data
            data["receipt"] = upload.read()
        elif (data.get("receipt_text") or "").strip():
            data["receipt"] = data["receipt_text"].encode()
        else:
            self.add_error("receipt_file", _("Choose a receipt file or paste a receipt."))
        return data
