"""People pages: each view parses input, calls one service or selector, and renders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.apps.orgs.views import require_organisation
from baomi.apps.people import documents, hr_import, services
from baomi.apps.people.forms import (
    AcknowledgmentForm,
    AgreementForm,
    ImportForm,
    OffboardingForm,
    PaymentForm,
    PersonFilterForm,
    PersonForm,
    SelfAcknowledgmentForm,
)
from baomi.apps.people.models import AgreementKind, Person
from baomi.apps.people.selectors import (
    PersonFilters,
    agreement_findings,
    agreement_get,
    agreement_list,
    department_list,
    offboarding_for,
    people_stats,
    person_for_user,
    person_get,
    person_list,
    person_secret_access,
)
from baomi.http import MemberRequest
from baomi.tabular_import import ImportRejected


def _add_errors(form: BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _person(request: MemberRequest, pk: int) -> Person:
    return person_get(user=request.user, organisation=request.organisation, pk=pk)


@login_required
@require_organisation
def person_list_view(request: MemberRequest) -> HttpResponse:
    org = request.organisation
    user = request.user
    if not user.has_perm("people.list_person", org):
        # An employee has one record to see: their own.
        own = person_for_user(user=user, organisation=org)
        if own is None:
            return render(request, "people/no_record.html")
        return redirect("people:detail", pk=own.pk)
    form = PersonFilterForm(
        request.GET,
        departments=department_list(user=user, organisation=org),
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = PersonFilters(
        query=data.get("q", ""),
        department=data.get("department", ""),
        departing=bool(data.get("departing")),
        missing=data.get("missing", ""),
    )
    qs = person_list(user=user, organisation=org, filters=filters)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filter_query": keep.urlencode(),
        "stats": people_stats(user=user, organisation=org),
        "can_add": user.has_perm("people.add_person", org),
        "can_import": user.has_perm("people.import_person", org),
    }
    template = "people/_person_table.html" if request.htmx else "people/person_list.html"
    return render(request, template, context)


def _detail_context(request: MemberRequest, person: Person, **extra: Any) -> dict[str, Any]:
    user = request.user
    can_change = user.has_perm("people.change_person", person)
    today = timezone.localdate()
    listed = list(agreement_list(person=person))
    agreements = [{"agreement": a, "findings": agreement_findings(a, today)} for a in listed]
    kinds = {a.kind for a in listed}
    context: dict[str, Any] = {
        "person": person,
        "agreements": agreements,
        "missing_confidentiality": AgreementKind.CONFIDENTIALITY not in kinds,
        "acknowledgments": person.acknowledgments.select_related("recorded_by"),
        "access": person_secret_access(user=user, person=person),
        "offboarding": offboarding_for(person=person),
        "can_change": can_change,
        "can_acknowledge": user.has_perm("people.acknowledge_person", person),
        "is_self": person.user_id == user.pk,
        "can_view_offboarding": user.has_perm("people.view_offboarding", person),
        "document_kinds": documents.DOCUMENT_KINDS,
        "today": today,
    }
    if can_change:
        context["agreement_form"] = AgreementForm(prefix="agreement")
        context["payment_form"] = PaymentForm(prefix="payment")
        context["ack_form"] = AcknowledgmentForm(prefix="ack")
    elif context["can_acknowledge"]:
        context["ack_form"] = SelfAcknowledgmentForm(prefix="ack")
    context.update(extra)
    return context


@login_required
@require_organisation
def person_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    services.person_viewed(actor=request.user, person=person)
    return render(request, "people/person_detail.html", _detail_context(request, person))


@login_required
@require_organisation
def person_create_view(request: MemberRequest) -> HttpResponse:
    org = request.organisation
    if not request.user.has_perm("people.add_person", org):
        raise PermissionDenied
    form = PersonForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user,
                organisation=org,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s recorded.") % {"name": person.name})
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": None})


@login_required
@require_organisation
def person_edit_view(request: MemberRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


def _section(request: MemberRequest, person: Person, name: str, **extra: Any) -> HttpResponse:
    if request.htmx:
        return render(
            request, f"people/_{name}_section.html", _detail_context(request, person, **extra)
        )
    return redirect("people:detail", pk=person.pk)


@login_required
@require_organisation
@require_POST
def agreement_add_view(request: MemberRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied
    form = AgreementForm(request.POST, request.FILES, prefix="agreement")
    if form.is_valid():
        try:
            services.agreement_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _section(request, person, "agreement")
    return _section(request, person, "agreement", agreement_form=form)


@login_required
@require_organisation
@require_POST
def agreement_remove_view(request: MemberRequest, pk: int, agreement: int) -> HttpResponse:
    person = _person(request, pk)
    item = agreement_get(person=person, pk=agreement)
    services.agreement_remove(actor=request.user, agreement=item)
    return _section(request, person, "agreement")


@login_required
@require_organisation
@require_POST
def payment_add_view(request: MemberRequest, pk: int, agreement: int) -> HttpResponse:
    person = _person(request, pk)
    item = agreement_get(person=person, pk=agreement)
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied
    form = PaymentForm(request.POST, prefix="payment")
    if form.is_valid():
        try:
            services.payment_add(actor=request.user, agreement=item, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _section(request, person, "agreement")
    return _section(request, person, "agreement", payment_form=form, payment_for=item.pk)


@login_required
@require_organisation
def agreement_file_view(request: MemberRequest, pk: int, agreement: int) -> HttpResponseBase:
    person = _person(request, pk)
    item = agreement_get(person=person, pk=agreement)
    if not request.user.has_perm("people.view_offboarding", person) and not (
        person.user_id == request.user.pk
    ):
        raise PermissionDenied
    if not item.file:
        raise Http404
    services.agreement_file_downloaded(actor=request.user, agreement=item)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.filename)


@login_required
@require_organisation
def agreement_document_view(request: MemberRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in documents.DOCUMENT_KINDS:
        raise Http404
    person = _person(request, pk)
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied
    fmt = "pdf" if request.GET.get("format") == "pdf" else "html"
    services.agreement_document_rendered(
        actor=request.user,
        person=person,
        kind=kind,
        fmt=fmt,
    )
    if fmt == "html":
        return HttpResponse(documents.agreement_html(actor=request.user, person=person, kind=kind))
    pdf = documents.agreement_pdf(actor=request.user, person=person, kind=kind)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{person.employee_number}.pdf"'
    return response


@login_required
@require_organisation
@require_POST
def acknowledgment_add_view(request: MemberRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    user = request.user
    if not user.has_perm("people.acknowledge_person", person):
        raise PermissionDenied
    manager = user.has_perm("people.change_person", person)
    form: BaseForm = (
        AcknowledgmentForm(request.POST, prefix="ack")
        if manager
        else SelfAcknowledgmentForm(request.POST, prefix="ack")
    )
    if form.is_valid():
        try:
            services.acknowledgment_record(actor=user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _section(request, person, "acknowledgment")
    return _section(request, person, "acknowledgment", ack_form=form)


@login_required
@require_organisation
def person_import_view(request: MemberRequest) -> HttpResponse:
    org = request.organisation
    if not request.user.has_perm("people.import_person", org):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload.read(settings.BAOMI_IMPORT_MAX_BYTES + 1)
            result = hr_import.people_import(
                actor=request.user,
                organisation=org,
                filename=upload.name,
                data=data,
            )
        except ImportRejected as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                messages.success(
                    request,
                    _(
                        "Import finished: %(created)d created, %(updated)d updated, "
                        "%(departing)d in the departing watch window."
                    )
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "departing": result.departing,
                    },
                )
                return redirect("people:list")
    return render(
        request,
        "people/person_import.html",
        {"form": form, "result": result, "example": hr_import.EXAMPLE_ROW},
    )


@login_required
@require_organisation
def person_import_template_view(request: MemberRequest) -> HttpResponse:
    if not request.user.has_perm("people.import_person", request.organisation):
        raise PermissionDenied
    response = HttpResponse(hr_import.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hr-roster-template.csv"'
    return response


# --- Exit audit ----------------------------------------------------------------------------


def _offboarding_context(request: MemberRequest, person: Person, **extra: Any) -> dict[str, Any]:
    offboarding = offboarding_for(person=person)
    can_change = request.user.has_perm("people.change_offboarding", person)
    departure = person.departure_date
    context: dict[str, Any] = {
        "person": person,
        "offboarding": offboarding,
        "access": person_secret_access(user=request.user, person=person),
        "agreements": [
            {"agreement": a, "findings": agreement_findings(a)}
            for a in agreement_list(person=person)
            if a.in_force
        ],
        "can_change": can_change and (offboarding is None or not offboarding.is_completed),
        "risk_window_start": (departure - dt.timedelta(days=90) if departure is not None else None),
        "departure": departure,
    }
    if offboarding is not None and context["can_change"] and "form" not in extra:
        context["form"] = OffboardingForm(instance=offboarding)
    context.update(extra)
    return context


@login_required
@require_organisation
def offboarding_view(request: MemberRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if not request.user.has_perm("people.view_offboarding", person):
        raise PermissionDenied
    offboarding = offboarding_for(person=person)
    extra: dict[str, Any] = {}
    if request.method == "POST":
        if not request.user.has_perm("people.change_offboarding", person):
            raise PermissionDenied
        action = request.POST.get("action", "save")
        try:
            if offboarding is None:
                services.offboarding_open(actor=request.user, person=person)
                messages.success(request, _("Exit audit opened."))
                return redirect("people:offboarding", pk=person.pk)
            form = OffboardingForm(request.POST, instance=offboarding)
            if not form.is_valid():
                extra["form"] = form
            else:
                services.offboarding_update(
                    actor=request.user,
                    offboarding=offboarding,
                    **form.cleaned_data,
                )
                if action == "complete":
                    services.offboarding_complete(actor=request.user, offboarding=offboarding)
                    messages.success(request, _("Exit audit completed; the exit record is ready."))
                else:
                    messages.success(request, _("Changes saved."))
                return redirect("people:offboarding", pk=person.pk)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            if offboarding is not None:
                offboarding.refresh_from_db()
    return render(
        request, "people/offboarding.html", _offboarding_context(request, person, **extra)
    )


@login_required
@require_organisation
@require_POST
def offboarding_revoke_view(request: MemberRequest, pk: int, grant: int) -> HttpResponse:
    person = _person(request, pk)
    if not request.user.has_perm("people.view_offboarding", person):
        raise PermissionDenied
    offboarding = offboarding_for(person=person)
    if offboarding is None:
        raise Http404
    try:
        services.offboarding_revoke_grant(
            actor=request.user, offboarding=offboarding, grant_pk=grant
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    if request.htmx:
        return render(request, "people/_access_section.html", _offboarding_context(request, person))
    return redirect("people:offboarding", pk=person.pk)


@login_required
@require_organisation
def exit_record_view(request: MemberRequest, pk: int) -> HttpResponseBase:
    person = _person(request, pk)
    offboarding = offboarding_for(person=person)
    if offboarding is None:
        raise Http404
    if not request.user.has_perm("people.view_offboarding", person):
        raise PermissionDenied
    if not offboarding.record:
        raise Http404
    services.exit_record_downloaded(actor=request.user, offboarding=offboarding)
    return FileResponse(
        offboarding.record.open("rb"),
        as_attachment=True,
        filename=f"exit-record-{person.employee_number}.pdf",
        content_type="application/pdf",
    )
