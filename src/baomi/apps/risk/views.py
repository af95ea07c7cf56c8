"""Risk pages: each view parses input, calls one service or selector, and renders.

Every page is for enterprise administrators only; the selectors answer 404 to anyone else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm, Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baomi.apps.orgs.views import require_organisation
from baomi.apps.risk import analysis, charts, services
from baomi.apps.risk.forms import CaseFilterForm, CloseForm, EscalateForm, ImportForm, NoteForm
from baomi.apps.risk.labels import (
    CATEGORY_LABELS,
    CHART_FEATURES,
    EVENT_KIND_LABELS,
    reasons_of,
)
from baomi.apps.risk.models import OPEN_STATUSES, RiskCase
from baomi.apps.risk.selectors import (
    case_get,
    case_list,
    case_notes,
    import_get,
    import_list,
    ranked_user_get,
    ranking_get,
)
from baomi.http import MemberRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Events listed under a user's chart: the ones that move data, not every logon or page view.
LISTED_KINDS = (
    "device_connect",
    "file_copy",
    "file_write",
    "file_delete",
    "http_upload",
    "mail_send",
    "print",
)
LISTED_LIMIT = 200
# What else to list for a scenario whose activity is not a data movement.
SCENARIO_KINDS = {
    "internal_crawler": ("request",),
    "after_hours_mass_access": ("file_open", "request"),
}


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


@login_required
@require_organisation
def dashboard_view(request: MemberRequest) -> HttpResponse:
    org = request.organisation
    view = ranking_get(user=request.user, organisation=org)
    page = Paginator(view.entries, 25).get_page(request.GET.get("page"))
    imports = import_list(user=request.user, organisation=org)
    cases = case_list(user=request.user, organisation=org)
    context = {
        "page": page,
        "computed_at": view.computed_at,
        "error": view.error,
        "users": len(view.entries),
        "flagged": sum(1 for e in view.entries if e.scenarios),
        "open_cases": cases.filter(status__in=OPEN_STATUSES).count(),
        "last_import": imports.first(),
    }
    return render(request, "risk/dashboard.html", context)


@login_required
@require_organisation
def user_detail_view(request: MemberRequest, subject: str) -> HttpResponse:
    org = request.organisation
    entry = ranked_user_get(user=request.user, organisation=org, subject=subject)
    services.ranked_user_viewed(actor=request.user, organisation=org, subject=entry.user)
    daily = analysis.daily_series(org, entry.user)
    departure = entry.person.departure_date if entry.person else None
    svg = charts.timeline_svg(
        daily,
        {name: str(label) for name, label in CHART_FEATURES.items()},
        window=(entry.window_start, entry.window_end),
        departure=departure,
        labels={"empty": _("No activity in this period")},
    )
    # The chart shows the weeks around the window; the list only the window's own events.
    start, end = entry.window_start, entry.window_end
    kinds = LISTED_KINDS + tuple(k for s in entry.scenarios for k in SCENARIO_KINDS.get(s, ()))
    events = [
        e
        for e in analysis.events_between(org, entry.user, start, end, kinds, LISTED_LIMIT + 1)
        # Internal mail without attachments moves no data.
        if not (e.kind == "mail_send" and e.category == "internal_mail" and e.n == 0)
    ]
    rows = [
        {
            "time": e.time,
            "kind": EVENT_KIND_LABELS.get(e.kind, e.kind),
            "category": CATEGORY_LABELS.get(e.category, e.category),
            "target": e.target,
            "pc": e.pc,
            "n": e.n,
        }
        for e in events[:LISTED_LIMIT]
    ]
    context = {
        "entry": entry,
        "chart": mark_safe(svg),  # noqa: S308 - drawn by matplotlib from our labels and numbers
        "events": rows,
        "truncated": len(events) > LISTED_LIMIT,
        "events_from": start,
        "events_to": end,
        "departure": departure,
    }
    return render(request, "risk/user_detail.html", context)


@login_required
@require_organisation
def import_list_view(request: MemberRequest) -> HttpResponse:
    org = request.organisation
    imports = import_list(user=request.user, organisation=org)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.import_create(
                actor=request.user,
                organisation=org,
                upload=form.cleaned_data["archive"],
                fmt=form.cleaned_data["format"],
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("The archive was uploaded; the import runs now."))
            return redirect("risk:import_detail", pk=item.pk)
    page = Paginator(imports, 20).get_page(request.GET.get("page"))
    return render(request, "risk/import_list.html", {"form": form, "page": page})


@login_required
@require_organisation
def import_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    item = import_get(user=request.user, organisation=request.organisation, pk=pk)
    template = "risk/_import_progress.html" if request.htmx else "risk/import_detail.html"
    return render(request, template, {"item": item})


@login_required
@require_organisation
def case_list_view(request: MemberRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    qs = case_list(user=request.user, organisation=request.organisation, status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "risk/case_list.html", {"form": form, "page": page})


@login_required
@require_organisation
@require_POST
def case_open_view(request: MemberRequest) -> HttpResponse:
    org = request.organisation
    subject = request.POST.get("subject", "")
    try:
        case = services.case_open(actor=request.user, organisation=org, subject=subject)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
        return redirect("risk:user", subject=subject)
    messages.success(request, _("Risk case #%(pk)s opened.") % {"pk": case.pk})
    return redirect("risk:case_detail", pk=case.pk)


def _case_page(request: MemberRequest, case: RiskCase, **forms: BaseForm) -> HttpResponse:
    # Errors of the posted form, shown at the top too: on a case that is no longer open the
    # forms themselves are not shown.
    errors = [str(e) for form in forms.values() for e in form.non_field_errors()]
    context = {
        "errors": errors,
        "case": case,
        "reasons": reasons_of(case.reasons, case.explanations),
        "notes": case_notes(case=case),
        "note_form": forms.get("note_form") or NoteForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "escalate_form": forms.get("escalate_form") or EscalateForm(),
    }
    return render(request, "risk/case_detail.html", context)


@login_required
@require_organisation
def case_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    case = case_get(user=request.user, organisation=request.organisation, pk=pk)
    services.case_viewed(actor=request.user, case=case)
    return _case_page(request, case)


# action → (form, its name in the page context, service, message on success)
ACTIONS: dict[str, tuple[type[Form], str, Callable[..., object], StrPromise]] = {
    "annotate": (NoteForm, "note_form", services.case_annotate, gettext_lazy("Note added.")),
    "close": (CloseForm, "close_form", services.case_close, gettext_lazy("Risk case closed.")),
    "escalate": (
        EscalateForm,
        "escalate_form",
        services.case_escalate,
        gettext_lazy("Risk case escalated."),
    ),
}


@login_required
@require_organisation
@require_POST
def case_action_view(request: MemberRequest, pk: int, action: str) -> HttpResponse:
    case = case_get(user=request.user, organisation=request.organisation, pk=pk)
    if action not in ACTIONS:
        raise Http404
    form_class, name, service, done = ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, str(done))
            return redirect("risk:case_detail", pk=case.pk)
    return _case_page(request, case, **{name: form})
