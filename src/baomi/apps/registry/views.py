"""Registry pages: each view parses input, calls one service or selector, and renders."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.apps.orgs.views import require_organisation
from baomi.apps.registry import services, transfer
from baomi.apps.registry.forms import (
    CarrierForm,
    GrantForm,
    ImportForm,
    MeasureForm,
    MemberChoiceMixin,
    SecretFilterForm,
    SecretForm,
)
from baomi.apps.registry.models import TradeSecret
from baomi.apps.registry.selectors import SecretFilters, secret_get, secret_list
from baomi.http import MemberRequest
from baomi.tabular_import import ImportRejected

ChildForm = CarrierForm | GrantForm | MeasureForm

CHILD_FORMS: dict[str, type[ChildForm]] = {
    "carrier": CarrierForm,
    "grant": GrantForm,
    "measure": MeasureForm,
}
CHILD_SERVICES: dict[str, Callable[..., object]] = {
    "carrier": services.carrier_add,
    "grant": services.grant_add,
    "measure": services.measure_add,
}


def _add_errors(form: SecretForm | ChildForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_organisation
def secret_list_view(request: MemberRequest) -> HttpResponse:
    form = SecretFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = SecretFilters(
        query=data.get("q", ""),
        secret_type=data.get("secret_type", ""),
        level=data.get("level", ""),
        status=data.get("status", ""),
        review_due=bool(data.get("review_due")),
    )
    qs = secret_list(user=request.user, organisation=request.organisation, filters=filters)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "can_add": request.user.has_perm("registry.add_tradesecret", request.organisation),
        "can_import": request.user.has_perm("registry.import_tradesecret", request.organisation),
        "can_export": request.user.has_perm("registry.export_tradesecret", request.organisation),
    }
    template = "registry/_secret_table.html" if request.htmx else "registry/secret_list.html"
    return render(request, template, context)


@login_required
@require_organisation
def secret_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    secret = secret_get(user=request.user, organisation=request.organisation, pk=pk)
    services.secret_viewed(actor=request.user, secret=secret)
    return render(request, "registry/secret_detail.html", _detail_context(request, secret))


def _detail_context(
    request: MemberRequest, secret: TradeSecret, **extra: object
) -> dict[str, object]:
    can_change = request.user.has_perm("registry.change_tradesecret", secret)
    org = request.organisation
    forms: dict[str, object] = {}
    if can_change:
        carrier_form = CarrierForm(prefix="carrier")
        grant_form = GrantForm(prefix="grant")
        carrier_form.limit_members(org)
        grant_form.limit_members(org)
        forms = {
            "carrier_form": carrier_form,
            "grant_form": grant_form,
            "measure_form": MeasureForm(prefix="measure"),
        }
    forms.update(extra)
    return {
        "secret": secret,
        "points": secret.points.all(),
        "carriers": secret.carriers.select_related("custodian"),
        "grants": secret.grants.select_related("user", "granted_by"),
        "measures": secret.measures.all(),
        "can_change": can_change,
        "can_delete": request.user.has_perm("registry.delete_tradesecret", secret),
        "today": timezone.localdate(),
        **forms,
    }


@login_required
@require_organisation
def secret_create_view(request: MemberRequest) -> HttpResponse:
    org = request.organisation
    if not request.user.has_perm("registry.add_tradesecret", org):
        raise PermissionDenied
    form = SecretForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            secret = services.secret_create(
                actor=request.user, organisation=org, **form.service_kwargs()
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("Trade secret %(code)s registered.") % {"code": secret.code}
            )
            return redirect("registry:detail", pk=secret.pk)
    return render(request, "registry/secret_form.html", {"form": form, "secret": None})


@login_required
@require_organisation
def secret_edit_view(request: MemberRequest, pk: int) -> HttpResponse:
    secret = secret_get(user=request.user, organisation=request.organisation, pk=pk)
    if not request.user.has_perm("registry.change_tradesecret", secret):
        raise PermissionDenied
    form = SecretForm(request.POST or None, instance=secret, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.secret_update(actor=request.user, secret=secret, **form.service_kwargs())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("registry:detail", pk=secret.pk)
    return render(request, "registry/secret_form.html", {"form": form, "secret": secret})


@login_required
@require_organisation
@require_POST
def secret_delete_view(request: MemberRequest, pk: int) -> HttpResponse:
    secret = secret_get(user=request.user, organisation=request.organisation, pk=pk)
    services.secret_delete(actor=request.user, secret=secret)
    messages.success(request, _("Trade secret %(code)s deleted.") % {"code": secret.code})
    return redirect("registry:list")


@login_required
@require_organisation
@require_POST
def secret_child_add_view(request: MemberRequest, pk: int, what: str) -> HttpResponse:
    if what not in CHILD_FORMS:
        raise Http404
    secret = secret_get(user=request.user, organisation=request.organisation, pk=pk)
    if not request.user.has_perm("registry.change_tradesecret", secret):
        raise PermissionDenied
    form = CHILD_FORMS[what](request.POST, prefix=what)
    if isinstance(form, MemberChoiceMixin):
        form.limit_members(request.organisation)
    extra: dict[str, object] = {}
    if form.is_valid():
        try:
            CHILD_SERVICES[what](actor=request.user, secret=secret, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
            extra[f"{what}_form"] = form
    else:
        extra[f"{what}_form"] = form
    return _render_section(request, secret, what, extra)


@login_required
@require_organisation
@require_POST
def secret_child_remove_view(
    request: MemberRequest, pk: int, what: str, child: int
) -> HttpResponse:
    if what not in CHILD_FORMS:
        raise Http404
    secret = secret_get(user=request.user, organisation=request.organisation, pk=pk)
    services.secret_child_remove(actor=request.user, secret=secret, what=what, pk=child)
    return _render_section(request, secret, what, {})


def _render_section(
    request: MemberRequest, secret: TradeSecret, what: str, extra: dict[str, object]
) -> HttpResponse:
    context = _detail_context(request, secret, **extra)
    if request.htmx:
        return render(request, f"registry/_{what}_section.html", context)
    return redirect("registry:detail", pk=secret.pk)


@login_required
@require_organisation
def secret_import_view(request: MemberRequest) -> HttpResponse:
    org = request.organisation
    if not request.user.has_perm("registry.import_tradesecret", org):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > settings.BAOMI_IMPORT_MAX_BYTES:
                data = upload.read(settings.BAOMI_IMPORT_MAX_BYTES + 1)
            else:
                data = upload.read()
            result = transfer.secrets_import(
                actor=request.user, organisation=org, filename=upload.name, data=data
            )
        except ImportRejected as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                messages.success(
                    request,
                    _("Import finished: %(created)d created, %(updated)d updated.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("registry:list")
    return render(request, "registry/secret_import.html", {"form": form, "result": result})


@login_required
@require_organisation
def secret_export_view(request: MemberRequest) -> HttpResponse:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in transfer.EXPORT_FORMATS:
        raise Http404
    data = transfer.secrets_export(actor=request.user, organisation=request.organisation, fmt=fmt)
    response = HttpResponse(data, content_type=transfer.EXPORT_FORMATS[fmt])
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="secrets-{stamp}.{fmt}"'
    return response
