from django.urls import path

from baomi.apps.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("imports/", views.import_list_view, name="imports"),
    path("imports/<int:pk>/", views.import_detail_view, name="import_detail"),
    path("cases/", views.case_list_view, name="cases"),
    path("cases/new/", views.case_open_view, name="case_open"),
    path("cases/<int:pk>/", views.case_detail_view, name="case_detail"),
    path(
        "cases/<int:pk>/<str:action>/",
        views.case_action_view,
        name="case_action",
    ),
    # Activity user ids may contain "/" (CERT's "DTAA/ABC0123"), so this comes last.
    path("users/<path:subject>/", views.user_detail_view, name="user"),
]
