from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from baomi.apps.orgs.models import ENTERPRISE_ROLES, Organisation, Role

ENTERPRISE_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in ENTERPRISE_ROLES]


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    name = forms.CharField(label=_("Full name"), max_length=100)
    role = forms.ChoiceField(label=_("Role"), choices=ENTERPRISE_ROLE_CHOICES, initial="employee")
    department = forms.CharField(label=_("Department"), max_length=100, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput,
        required=False,
        min_length=8,
        help_text=_("For a new account; leave empty for someone who already has one."),
    )


class MemberUpdateForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ENTERPRISE_ROLE_CHOICES)
    department = forms.CharField(label=_("Department"), max_length=100, required=False)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ("name", "industry", "region", "address")
