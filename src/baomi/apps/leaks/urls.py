from django.urls import path

from baomi.apps.leaks import views

app_name = "leaks"
urlpatterns = [
    path("", views.index_list_view, name="list"),
    path("indexes/new/", views.index_create_view, name="index_create"),
    path("indexes/<int:pk>/", views.index_detail_view, name="index"),
    path("indexes/<int:pk>/material/", views.material_upload_view, name="material_upload"),
    path(
        "indexes/<int:pk>/material/<int:material_pk>/remove/",
        views.material_remove_view,
        name="material_remove",
    ),
    path("indexes/<int:pk>/rebuild/", views.index_rebuild_view, name="index_rebuild"),
    path("indexes/<int:pk>/progress/", views.index_progress_view, name="index_progress"),
    path("indexes/<int:pk>/scan/", views.scan_create_view, name="scan_create"),
    path("indexes/<int:pk>/delete/", views.index_delete_view, name="index_delete"),
    path("scans/<int:pk>/", views.scan_detail_view, name="scan"),
    path("scans/<int:pk>/progress/", views.scan_progress_view, name="scan_progress"),
    path("scans/<int:pk>/delete/", views.scan_delete_view, name="scan_delete"),
    path("hits/<int:pk>/", views.hit_detail_view, name="hit"),
    path("hits/<int:pk>/report/", views.hit_report_view, name="hit_report"),
    path("hits/<int:pk>/report.pdf", views.hit_pdf_view, name="hit_pdf"),
    path("hits/<int:pk>/case/", views.hit_case_view, name="hit_case"),
]
