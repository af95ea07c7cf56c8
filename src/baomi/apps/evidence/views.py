"""Evidence pages: each view parses input, calls one service or selector, and renders.

The list, registration and detail pages are for enterprise members; verification, the log's
public key, its latest checkpoint and the standalone verifier are public (no login).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from baomi.apps.evidence import services
from baomi.apps.evidence.certificate import standalone_script
from baomi.apps.evidence.forms import RegistrationForm, VerifyForm
from baomi.apps.evidence.log_access import consistency_proof, public_state
from baomi.apps.evidence.selectors import (
    registrable_secrets,
    registration_get,
    registration_list,
)
from baomi.apps.evidence.verification import parse_digests, receipt_verify
from baomi.apps.orgs.views import require_organisation
from baomi.apps.registry.selectors import secret_get
from baomi.http import AppRequest, MemberRequest
from baomi.ledger.log import LedgerError
from baomi.ledger.receipt import ReceiptMalformed

PUBLIC_LAYOUT = "evidence/public_base.html"


@login_required
@require_organisation
def registration_list_view(request: MemberRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    qs = registration_list(user=request.user, organisation=request.organisation, query=query)
    context = {
        "page": Paginator(qs, 25).get_page(request.GET.get("page")),
        "query": query,
        "can_add": request.user.has_perm("evidence.add_registration", request.organisation),
    }
    return render(request, "evidence/registration_list.html", context)


@login_required
@require_organisation
def registration_create_view(request: MemberRequest) -> HttpResponse:
    org = request.organisation
    if not request.user.has_perm("evidence.add_registration", org):
        raise PermissionDenied
    secrets = registrable_secrets(user=request.user, organisation=org)
    initial = {}
    if request.method == "GET" and request.GET.get("secret"):
        secret = secret_get(user=request.user, organisation=org, pk=request.GET["secret"])
        initial = {"secret": secret.pk}
    form = RegistrationForm(request.POST or None, secrets=secrets, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parts = services.parts_clean(data["parts"], kind=data["kind"])
            registration = services.registration_create(
                actor=request.user,
                organisation=org,
                title=data["title"],
                kind=data["kind"],
                parts=parts,
                secret=data["secret"],
                description=data["description"],
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                form.add_error(None, exc.messages)
            else:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _(
                    "Registered as entry %(index)d of the evidence log. Download the full receipt "
                    "and keep it safe."
                )
                % {"index": registration.log_index},
            )
            return redirect("evidence:detail", pk=registration.pk)
    return render(request, "evidence/registration_form.html", {"form": form})


@login_required
@require_organisation
def registration_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    registration = registration_get(user=request.user, organisation=request.organisation, pk=pk)
    services.registration_viewed(actor=request.user, registration=registration)
    context = {
        "r": registration,
        "parts": registration.parts[:200],
        "more_parts": max(0, len(registration.parts) - 200),
        "can_disclose": request.user.has_perm("evidence.disclose_registration", registration),
        "receipt_sha256": services.receipt_sha256(registration),
        "checkpoint": registration.receipt.get("checkpoint", ""),
    }
    return render(request, "evidence/registration_detail.html", context)


def _attachment(body: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_organisation
def receipt_download_view(request: MemberRequest, pk: int, redacted: bool = False) -> HttpResponse:
    registration = registration_get(user=request.user, organisation=request.organisation, pk=pk)
    text = services.receipt_download(
        actor=request.user, registration=registration, redacted=redacted
    )
    return _attachment(
        text,
        "application/json; charset=utf-8",
        services.receipt_filename(registration, redacted=redacted),
    )


@login_required
@require_organisation
def certificate_download_view(request: MemberRequest, pk: int) -> HttpResponse:
    registration = registration_get(user=request.user, organisation=request.organisation, pk=pk)
    pdf = services.certificate_download(actor=request.user, registration=registration)
    return _attachment(pdf, "application/pdf", f"evidence-{registration.log_index}.pdf")


def verify_view(request: AppRequest) -> HttpResponse:
    """Public: anyone checks a receipt (and, hashed in their browser, the material)."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            digests = parse_digests(data["digests"])
        except ReceiptMalformed:
            form.add_error(None, _("The material digests sent by the page are not valid."))
        else:
            outcome = receipt_verify(
                receipt=data["receipt"],
                digests=digests,
                key_choice=data["key_choice"],
                vkey=data["vkey"],
            )
    context = {
        "form": form,
        "outcome": outcome,
        "state": public_state(),
        "layout": "base.html" if request.user.is_authenticated else PUBLIC_LAYOUT,
    }
    return render(request, "evidence/verify.html", context)


def _text(body: str) -> HttpResponse:
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_GET
def vkey_view(request: HttpRequest) -> HttpResponse:
    """Public: the log's verifier key string (C2SP note format)."""
    return _text(public_state().vkey + "\n")


@require_GET
def witness_vkey_view(request: HttpRequest) -> HttpResponse:
    """Public: the witness's verifier key string (cosignature/v1)."""
    return _text((public_state().witness_vkey or "") + "\n")


@require_GET
def checkpoint_view(request: HttpRequest) -> HttpResponse:
    """Public: the latest signed checkpoint, with its cosignatures."""
    return _text(public_state().checkpoint)


@require_GET
def standalone_script_view(request: HttpRequest) -> HttpResponse:
    """Public: the single-file verifier (Python + cryptography)."""
    response = HttpResponse(standalone_script(), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="standalone_verify.py"'
    return response


@require_GET
def consistency_view(request: HttpRequest) -> HttpResponse:
    """Public: RFC 9162 consistency proof ``?old=N[&new=M]`` (spec section 5), JSON."""
    try:
        old = int(request.GET.get("old", ""))
        new_text = request.GET.get("new")
        new = int(new_text) if new_text else None
        return JsonResponse(consistency_proof(old, new))
    except ValueError:
        return JsonResponse({"error": "old and new must be whole numbers"}, status=400)
    except LedgerError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
