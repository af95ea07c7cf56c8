"""Leak-comparison pages: each view parses input, calls one service or selector, renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from baomi.apps.leaks import report, services
from baomi.apps.leaks.forms import CaseForm, IndexForm, MaterialForm, ScanForm
from baomi.apps.leaks.models import Hit, Index, IndexKind, Scan
from baomi.apps.leaks.selectors import (
    hit_get,
    hit_list,
    index_get,
    index_list,
    leaks_available,
    material_get,
    material_list,
    scan_coverage,
    scan_get,
    scan_list,
)
from baomi.apps.orgs.views import require_organisation
from baomi.http import MemberRequest

ERROR_LABELS = {
    "unsupported_format": gettext_lazy("Unsupported format"),
    "archive_too_large": gettext_lazy("Archive too large"),
    "archive_ratio": gettext_lazy("Suspicious compression ratio (zip bomb?)"),
    "archive_depth": gettext_lazy("Archives nested too deeply"),
    "too_many_members": gettext_lazy("Too many archive members"),
    "file_too_large": gettext_lazy("File too large"),
    "malformed": gettext_lazy("Damaged file"),
    "binary": gettext_lazy("Binary content, not text"),
    "timeout": gettext_lazy("Took too long"),
    "unreadable": gettext_lazy("Unreadable (encrypted?)"),
    "empty": gettext_lazy("No text"),
    "table": gettext_lazy("Unreadable table"),
}


def _errors(items: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [{**e, "label": ERROR_LABELS.get(e.get("code", ""), e.get("code", ""))} for e in items]


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _page(request: MemberRequest) -> None:
    leaks_available(user=request.user, organisation=request.organisation)


@login_required
@require_organisation
def index_list_view(request: MemberRequest) -> HttpResponse:
    _page(request)
    org = request.organisation
    context = {
        "indexes": index_list(user=request.user, organisation=org),
        "scans": scan_list(user=request.user, organisation=org)[:10],
        "can_add": request.user.has_perm("leaks.add_index", org),
    }
    return render(request, "leaks/index_list.html", context)


@login_required
@require_organisation
def index_create_view(request: MemberRequest) -> HttpResponse:
    _page(request)
    org = request.organisation
    form = IndexForm(request.POST or None)
    form.limit_secrets(request.user, org)
    if request.method == "POST" and form.is_valid():
        try:
            index = services.index_create(
                actor=request.user, organisation=org, **form.service_kwargs()
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Index created. Now upload the secret material."))
            return redirect("leaks:index", pk=index.pk)
    return render(request, "leaks/index_form.html", {"form": form})


def _index_context(request: MemberRequest, index: Index, **forms: Any) -> dict[str, Any]:
    material_form = forms.get("material_form") or MaterialForm(prefix="material")
    material_form.limit_secrets(request.user, request.organisation)
    return {
        "index": index,
        "material": material_list(index=index),
        "scans": scan_list(user=request.user, organisation=request.organisation, index=index),
        "errors": _errors(index.errors),
        "material_form": material_form,
        "scan_form": forms.get("scan_form") or ScanForm(prefix="scan"),
        "is_edm": index.kind == IndexKind.EDM,
        "limits": _limits(),
    }


def _limits() -> dict[str, Any]:
    return {
        "file_mb": services.max_file_bytes() // services.MB,
        "total_mb": services.max_upload_bytes() // services.MB,
        "files": services.max_upload_files(),
    }


@login_required
@require_organisation
def index_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    index = index_get(user=request.user, organisation=request.organisation, pk=pk)
    return render(request, "leaks/index_detail.html", _index_context(request, index))


@login_required
@require_organisation
@require_POST
def material_upload_view(request: MemberRequest, pk: int) -> HttpResponse:
    index = index_get(user=request.user, organisation=request.organisation, pk=pk)
    form = MaterialForm(request.POST, request.FILES, prefix="material")
    form.limit_secrets(request.user, request.organisation)
    if form.is_valid():
        try:
            added = services.material_add(
                actor=request.user,
                index=index,
                files=form.cleaned_data["files"],
                secret=form.cleaned_data["secret"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if added:
                messages.success(
                    request,
                    _("%(n)d file(s) uploaded; the index is being built.") % {"n": len(added)},
                )
            else:
                messages.info(request, _("These files are already in the index."))
            return redirect("leaks:index", pk=index.pk)
    context = _index_context(request, index, material_form=form)
    return render(request, "leaks/index_detail.html", context, status=400)


@login_required
@require_organisation
@require_POST
def material_remove_view(request: MemberRequest, pk: int, material_pk: int) -> HttpResponse:
    material = material_get(
        user=request.user, organisation=request.organisation, index_pk=pk, pk=material_pk
    )
    try:
        services.material_remove(actor=request.user, material=material)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s was removed from the index; later scans no longer use it.")
            % {"name": material.name},
        )
    return redirect("leaks:index", pk=pk)


@login_required
@require_organisation
@require_POST
def index_rebuild_view(request: MemberRequest, pk: int) -> HttpResponse:
    index = index_get(user=request.user, organisation=request.organisation, pk=pk)
    try:
        services.index_rebuild(actor=request.user, index=index)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("leaks:index", pk=index.pk)


def _progress(request: MemberRequest, job: Index | Scan, url_name: str) -> HttpResponse:
    """The progress bar; polled every 2 s while the work runs, then the page reloads."""
    response = render(
        request, "leaks/_progress.html", {"job": job, "poll_url": url_name, "pk": job.pk}
    )
    if request.htmx and not job.is_active:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_organisation
def index_progress_view(request: MemberRequest, pk: int) -> HttpResponse:
    index = index_get(user=request.user, organisation=request.organisation, pk=pk)
    return _progress(request, index, "leaks:index_progress")


@login_required
@require_organisation
@require_POST
def scan_create_view(request: MemberRequest, pk: int) -> HttpResponse:
    index = index_get(user=request.user, organisation=request.organisation, pk=pk)
    form = ScanForm(request.POST, request.FILES, prefix="scan")
    if form.is_valid():
        try:
            scan = services.scan_create(
                actor=request.user,
                index=index,
                files=form.cleaned_data["files"],
                label=form.cleaned_data["label"],
                min_score=form.cleaned_data["min_score"] or 0.0,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The suspect files are being compared."))
            return redirect("leaks:scan", pk=scan.pk)
    context = _index_context(request, index, scan_form=form)
    return render(request, "leaks/index_detail.html", context, status=400)


@login_required
@require_organisation
def scan_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    scan = scan_get(user=request.user, organisation=request.organisation, pk=pk)
    hits = hit_list(user=request.user, organisation=request.organisation, scan=scan)
    context = {
        "scan": scan,
        "hits": hits,
        "suspects": scan.suspects.all(),
        "errors": _errors(scan.errors),
        "is_edm": scan.index.kind == IndexKind.EDM,
        "coverage": scan_coverage(hits=hits),
    }
    return render(request, "leaks/scan_detail.html", context)


@login_required
@require_organisation
def scan_progress_view(request: MemberRequest, pk: int) -> HttpResponse:
    scan = scan_get(user=request.user, organisation=request.organisation, pk=pk)
    return _progress(request, scan, "leaks:scan_progress")


@login_required
@require_organisation
def hit_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    hit = hit_get(user=request.user, organisation=request.organisation, pk=pk)
    form = CaseForm(initial={"case_reference": hit.case_reference, "note": hit.case_note})
    return render(request, "leaks/hit_detail.html", _hit_context(hit, form))


def _hit_context(hit: Hit, form: CaseForm) -> dict[str, Any]:
    return {"hit": hit, "case_form": form, "registration": report.registration_of(hit)}


def _report_response(hit: Hit, content: str | bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    if name:
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    return response


@login_required
@require_organisation
@xframe_options_sameorigin
def hit_report_view(request: MemberRequest, pk: int) -> HttpResponse:
    """The engine's HTML report (shown in a frame on the hit page, or downloaded)."""
    hit = hit_get(user=request.user, organisation=request.organisation, pk=pk)
    try:
        document = report.render_html(hit)
    except report.ReportUnavailable as exc:
        return render(request, "leaks/report_unavailable.html", {"hit": hit, "reason": str(exc)})
    download = request.GET.get("download") == "1"
    services.report_downloaded(actor=request.user, hit=hit, fmt="html", download=download)
    name = f"baomi-report-{hit.pk}.html" if download else ""
    return _report_response(hit, document, "text/html; charset=utf-8", name)


@login_required
@require_organisation
def hit_pdf_view(request: MemberRequest, pk: int) -> HttpResponse:
    hit = hit_get(user=request.user, organisation=request.organisation, pk=pk)
    try:
        document = report.render_pdf(hit)
    except report.ReportUnavailable as exc:
        return render(request, "leaks/report_unavailable.html", {"hit": hit, "reason": str(exc)})
    services.report_downloaded(actor=request.user, hit=hit, fmt="pdf")
    return _report_response(hit, document, "application/pdf", f"baomi-report-{hit.pk}.pdf")


@login_required
@require_organisation
@require_POST
def hit_case_view(request: MemberRequest, pk: int) -> HttpResponse:
    hit = hit_get(user=request.user, organisation=request.organisation, pk=pk)
    form = CaseForm(request.POST)
    if form.is_valid():
        try:
            services.hit_attach_case(
                actor=request.user,
                hit=hit,
                case_reference=form.cleaned_data["case_reference"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("leaks:hit", pk=hit.pk)
    return render(request, "leaks/hit_detail.html", _hit_context(hit, form), status=400)


@login_required
@require_organisation
@require_POST
def scan_delete_view(request: MemberRequest, pk: int) -> HttpResponse:
    scan = scan_get(user=request.user, organisation=request.organisation, pk=pk)
    try:
        services.scan_delete(actor=request.user, scan=scan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("leaks:scan", pk=scan.pk)
    messages.success(request, _("The scan and its suspect files were deleted."))
    return redirect("leaks:index", pk=scan.index_id)


@login_required
@require_organisation
@require_POST
def index_delete_view(request: MemberRequest, pk: int) -> HttpResponse:
    index = index_get(user=request.user, organisation=request.organisation, pk=pk)
    try:
        services.index_delete(actor=request.user, index=index)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("leaks:index", pk=index.pk)
    messages.success(request, _("The index, its material and its scans were deleted."))
    return redirect("leaks:list")
