"""Log in, switch the acting enterprise, and the home dashboard."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from baomi.apps.orgs.forms import EmailLoginForm
from baomi.apps.orgs.middleware import SESSION_KEY
from baomi.apps.orgs.selectors import active_membership


def require_organisation(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Enterprise pages answer 404 to users acting for no enterprise (e.g. base operators)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "organisation", None) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class LoginView(auth_views.LoginView):
    form_class = EmailLoginForm
    template_name = "orgs/login.html"
    redirect_authenticated_user = True


@login_required
@require_POST
def switch_view(request: HttpRequest) -> HttpResponse:
    hint = request.POST.get("membership", "")
    if active_membership(user=request.user, hint=hint) is None:  # type: ignore[arg-type]
        raise Http404
    request.session[SESSION_KEY] = hint
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target or "/")
