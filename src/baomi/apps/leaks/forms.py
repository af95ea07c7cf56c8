"""Forms of the leak-comparison pages; they only parse input — the services validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.apps.leaks.models import IndexKind
from baomi.apps.orgs.models import Organisation, User
from baomi.apps.registry.models import TradeSecret
from baomi.apps.registry.selectors import secret_list


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class SecretChoiceMixin:
    fields: dict[str, forms.Field]  # provided by the form class it is mixed into

    def limit_secrets(self, user: User, organisation: Organisation) -> None:
        qs = secret_list(user=user, organisation=organisation)
        for name in ("secrets", "secret"):
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = qs


class IndexForm(SecretChoiceMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=IndexKind.choices, initial=IndexKind.TEXT)
    secrets = forms.ModelMultipleChoiceField(
        label=_("Trade secrets"),
        queryset=TradeSecret.objects.none(),  # limited per request by limit_secrets
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The registered secrets this material embodies (optional)."),
    )
    key_columns = forms.CharField(
        label=_("Key columns"),
        required=False,
        max_length=500,
        help_text=_(
            "Customer or price lists only: the identifying columns, separated by commas "
            "(e.g. 客户名称, 联系电话, 邮箱). Empty: chosen from the values."
        ),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        columns = data["key_columns"].replace("，", ",").split(",")
        return {
            "name": data["name"],
            "kind": data["kind"],
            "description": data["description"],
            "secrets": list(data["secrets"]),
            "key_columns": [c.strip() for c in columns if c.strip()],
        }


class MaterialForm(SecretChoiceMixin, forms.Form):
    # The form metaclass pops declared fields off the class, so this field does not
    # shadow BaseForm.files (the uploads); the stubs cannot know that.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Files"),
        help_text=_(
            "Documents, drawings' text, code, mails or ZIP archives; for a customer list, "
            "CSV or XLSX tables."
        ),
    )
    secret = forms.ModelChoiceField(
        label=_("Trade secret"),
        queryset=TradeSecret.objects.none(),  # limited per request by limit_secrets
        required=False,
    )


class ScanForm(forms.Form):
    # A declared field, not BaseForm.files: see MaterialForm.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Suspect files"),
        help_text=_(
            "Files found on a former employee's laptop, in a mail, on a competitor's site…"
        ),
    )
    label = forms.CharField(label=_("Label"), required=False, max_length=200)
    min_score = forms.FloatField(
        label=_("Minimum score"),
        required=False,
        min_value=0,
        max_value=1,
        initial=0,
        help_text=_("0 to 1; hits below it are not listed."),
    )


class CaseForm(forms.Form):
    case_reference = forms.CharField(label=_("Case reference"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
