from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from baomi.apps.audit.models import Action
from baomi.apps.audit.selectors import audit_list
from baomi.apps.orgs.views import require_organisation
from baomi.http import MemberRequest


@login_required
@require_organisation
def audit_list_view(request: MemberRequest) -> HttpResponse:
    action = request.GET.get("action", "")
    events = audit_list(
        user=request.user,
        organisation=request.organisation,
        object_type=request.GET.get("type") or None,
        object_id=request.GET.get("id") or None,
        action=action if action in Action.values else None,
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/audit_list.html",
        {"page": page, "actions": Action.choices, "action": action},
    )
