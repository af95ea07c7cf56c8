"""Log in, switch the acting enterprise, and the home dashboard."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar, cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.apps.orgs import services
from baomi.apps.orgs.forms import (
    ENTERPRISE_ROLE_CHOICES,
    EmailLoginForm,
    MemberInviteForm,
    MemberUpdateForm,
    OrganisationForm,
)
from baomi.apps.orgs.middleware import SESSION_KEY
from baomi.apps.orgs.models import Organisation
from baomi.apps.orgs.selectors import active_membership, member_get, member_list
from baomi.apps.orgs.services import ORGANISATION_EDITABLE
from baomi.http import AuthenticatedRequest, MemberRequest

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


def require_organisation(
    view: Callable[Concatenate[MemberRequest, P], R],
) -> Callable[Concatenate[HttpRequest, P], R]:
    """Enterprise pages answer 404 to users acting for no enterprise (e.g. base operators).

    Put it under ``login_required``; the view then gets a :class:`MemberRequest`.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R:
        if getattr(request, "organisation", None) is None:
            raise Http404
        return view(cast(MemberRequest, request), *args, **kwargs)

    return wrapper


class LoginView(auth_views.LoginView):
    form_class = EmailLoginForm
    template_name = "orgs/login.html"
    redirect_authenticated_user = True


@login_required
@require_POST
def switch_view(request: AuthenticatedRequest) -> HttpResponse:
    hint = request.POST.get("membership", "")
    if active_membership(user=request.user, hint=hint) is None:
        raise Http404
    request.session[SESSION_KEY] = hint
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target or "/")


def _organisation_page(request: MemberRequest, **forms: object) -> HttpResponse:
    org = request.organisation
    can_change = request.user.has_perm("orgs.change_organisation", org)
    context = {
        "org": org,
        "members": member_list(user=request.user, organisation=org),
        "can_change": can_change,
        "org_form": forms.get("org_form") or OrganisationForm(instance=org),
        "invite_form": forms.get("invite_form") or MemberInviteForm(),
        "role_choices": ENTERPRISE_ROLE_CHOICES,
    }
    return render(request, "orgs/organisation.html", context)


@login_required
@require_organisation
def organisation_view(request: MemberRequest) -> HttpResponse:
    org = request.organisation
    if request.method == "POST":
        form = OrganisationForm(request.POST, instance=Organisation(pk=org.pk))
        if form.is_valid():
            fields = {k: form.cleaned_data[k] for k in ORGANISATION_EDITABLE}
            services.organisation_update(actor=request.user, organisation=org, **fields)
            messages.success(request, _("Enterprise profile saved."))
            return redirect("orgs:detail")
        return _organisation_page(request, org_form=form)
    return _organisation_page(request)


@login_required
@require_organisation
@require_POST
def member_invite_view(request: MemberRequest) -> HttpResponse:
    form = MemberInviteForm(request.POST)
    if form.is_valid():
        try:
            services.member_invite(
                actor=request.user,
                organisation=request.organisation,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Member added."))
            return redirect("orgs:detail")
    return _organisation_page(request, invite_form=form)


@login_required
@require_organisation
@require_POST
def member_update_view(request: MemberRequest, pk: int) -> HttpResponse:
    membership = member_get(user=request.user, organisation=request.organisation, pk=pk)
    form = MemberUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Invalid role."))
    else:
        try:
            services.member_update(actor=request.user, membership=membership, **form.cleaned_data)
        except services.LastAdministrator:
            messages.error(request, _("The enterprise must keep at least one administrator."))
        else:
            messages.success(request, _("Member updated."))
    return redirect("orgs:detail")


@login_required
@require_organisation
@require_POST
def member_remove_view(request: MemberRequest, pk: int) -> HttpResponse:
    membership = member_get(user=request.user, organisation=request.organisation, pk=pk)
    try:
        services.member_remove(actor=request.user, membership=membership)
    except services.LastAdministrator:
        messages.error(request, _("The enterprise must keep at least one administrator."))
    else:
        messages.success(request, _("Member removed."))
    return redirect("orgs:detail")
