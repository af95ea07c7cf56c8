from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from baomi import views
from baomi.api import api
from baomi.apps.orgs import views as org_views

urlpatterns = [
    path("", views.home_view, name="home"),
    path("healthz", views.healthz_view, name="healthz"),
    path("login/", org_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("switch/", org_views.switch_view, name="switch"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("baomi.apps.orgs.urls")),
    path("secrets/", include("baomi.apps.registry.urls")),
    path("people/", include("baomi.apps.people.urls")),
    path("risk/", include("baomi.apps.risk.urls")),
    path("evidence/", include("baomi.apps.evidence.urls")),
    path("audit/", include("baomi.apps.audit.urls")),
    path("leaks/", include("baomi.apps.leaks.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
