"""Forms of the people pages; they only parse input — the services validate and save."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.apps.orgs.models import Organisation, User
from baomi.apps.orgs.selectors import organisation_members
from baomi.apps.people.models import (
    Acknowledgment,
    AcknowledgmentKind,
    Agreement,
    CompensationPayment,
    Offboarding,
    Person,
)
from baomi.apps.people.wages import region_choices_with_wages

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = (
            "employee_number",
            "name",
            "user",
            "department",
            "position",
            "role_category",
            "hire_date",
            "resignation_date",
            "last_working_day",
            "average_monthly_wage",
            "wage_region",
            "minimum_wage_override",
        )
        widgets = {
            "hire_date": DATE,
            "resignation_date": DATE,
            "last_working_day": DATE,
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[User]", self.fields["user"])
        field.queryset = organisation_members(organisation=organisation)
        # A per-instance override, which Django supports (it calls self.label_from_instance).
        field.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj.name} <{obj.email}>" if obj.name else obj.email
        )
        cast(forms.ChoiceField, self.fields["wage_region"]).choices = region_choices_with_wages()

    def _post_clean(self) -> None:
        # Validation that needs the organisation (unique number, dates) happens in the service.
        pass


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    departing = forms.BooleanField(label=_("Departing"), required=False)
    missing = forms.ChoiceField(
        label=_("Missing agreement"),
        required=False,
        choices=[
            ("", _("Any agreements")),
            ("confidentiality", _("Without confidentiality agreement")),
            ("non_compete", _("Key staff without non-compete")),
        ],
    )

    def __init__(self, *args: Any, departments: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["department"]).choices = [
            ("", _("All departments")),
            *[(d, d) for d in departments],
        ]


class MonthField(forms.DateField):
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    widget = MONTH


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = (
            "kind",
            "signed_on",
            "term_start",
            "term_end",
            "restricted_months",
            "monthly_compensation",
            "file",
            "notes",
        )
        widgets = {
            "signed_on": DATE,
            "term_start": DATE,
            "term_end": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def _post_clean(self) -> None:
        pass


class PaymentForm(forms.ModelForm):
    month = MonthField(label=_("For month"))

    class Meta:
        model = CompensationPayment
        fields = ("month", "amount", "paid_on")
        widgets = {"paid_on": DATE}

    def _post_clean(self) -> None:
        pass


class AcknowledgmentForm(forms.ModelForm):
    class Meta:
        model = Acknowledgment
        fields = ("kind", "policy_title", "method", "acknowledged_on")
        widgets = {"acknowledged_on": DATE}

    def _post_clean(self) -> None:
        pass


class SelfAcknowledgmentForm(forms.Form):
    """What an employee confirms about themselves: always online, always today."""

    kind = forms.ChoiceField(label=_("I confirm"), choices=AcknowledgmentKind.choices)
    policy_title = forms.CharField(label=_("Policy"), required=False, max_length=200)


class OffboardingForm(forms.ModelForm):
    class Meta:
        model = Offboarding
        fields = (
            "carriers_returned",
            "accounts_revoked",
            "duties_reminded",
            "exit_interview",
            "risk_reviewed",
            "grants_reviewed",
            "returned_items",
            "interview_notes",
            "risk_notes",
        )
        widgets = {
            "returned_items": forms.Textarea(attrs={"rows": 3}),
            "interview_notes": forms.Textarea(attrs={"rows": 3}),
            "risk_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self) -> None:
        pass


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: 工号, 姓名 (required), 部门, 岗位, 入职日期, 离职日期 or 提出离职日期, "
            "最后工作日, 月均工资, 邮箱, 人员类别 — one row per person."
        ),
    )
