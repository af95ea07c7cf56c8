"""Forms of the registry pages; they only parse input — the services validate and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.apps.orgs.models import Organisation
from baomi.apps.orgs.selectors import organisation_members
from baomi.apps.registry.models import (
    AccessGrant,
    Carrier,
    Level,
    Measure,
    SecretType,
    Status,
    TradeSecret,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberChoiceMixin:
    member_fields: tuple[str, ...] = ()

    def limit_members(self, organisation: Organisation) -> None:
        members = organisation_members(organisation=organisation)
        for name in self.member_fields:
            field = self.fields[name]  # type: ignore[attr-defined]
            field.queryset = members
            field.label_from_instance = lambda u: f"{u.name} <{u.email}>" if u.name else u.email


class SecretForm(MemberChoiceMixin, forms.ModelForm):
    member_fields = ("owner",)
    points = forms.CharField(
        label=_("Secret points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One secret point per line: the specific element that is not public "
            "(a parameter, a step, a formula, a customer's particular needs)."
        ),
    )

    class Meta:
        model = TradeSecret
        fields = (
            "code",
            "title",
            "secret_type",
            "level",
            "status",
            "owner",
            "date_identified",
            "review_date",
            "value_estimate",
            "description",
        )
        widgets = {
            "date_identified": DATE,
            "review_date": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_members(organisation)
        if self.instance.pk and not self.is_bound:
            self.initial["points"] = "\n".join(
                self.instance.points.values_list("statement", flat=True)
            )

    def _post_clean(self) -> None:
        # Validation that needs the organisation (unique number) happens in the service.
        pass

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["points"] = data.get("points", "").splitlines()
        return data


class SecretFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    secret_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *SecretType.choices]
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Status.choices]
    )
    review_due = forms.BooleanField(label=_("Review due"), required=False)


class CarrierForm(MemberChoiceMixin, forms.ModelForm):
    member_fields = ("custodian",)

    class Meta:
        model = Carrier
        fields = ("kind", "name", "location", "custodian", "marking")


class GrantForm(MemberChoiceMixin, forms.ModelForm):
    member_fields = ("user",)

    class Meta:
        model = AccessGrant
        fields = ("user", "reason", "valid_until")
        widgets = {"valid_until": DATE}

    def _post_clean(self) -> None:
        pass


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ("kind", "description", "implemented_on", "evidence")
        widgets = {"implemented_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: 编号, 名称, 类型, 密级 (required), 状态, 描述, 责任人邮箱, "
            "识别日期, 复审日期, 估值（元）, 密点 — as in an export."
        ),
    )
