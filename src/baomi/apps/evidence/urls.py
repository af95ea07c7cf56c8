from django.urls import path

from baomi.apps.evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.registration_list_view, name="list"),
    path("new/", views.registration_create_view, name="create"),
    path("<int:pk>/", views.registration_detail_view, name="detail"),
    path("<int:pk>/receipt.json", views.receipt_download_view, name="receipt"),
    path(
        "<int:pk>/receipt-redacted.json",
        views.receipt_download_view,
        {"redacted": True},
        name="receipt_redacted",
    ),
    path("<int:pk>/certificate.pdf", views.certificate_download_view, name="certificate"),
    path("verify/", views.verify_view, name="verify"),
    path("verify/standalone_verify.py", views.standalone_script_view, name="script"),
    path("vkey", views.vkey_view, name="vkey"),
    path("witness-vkey", views.witness_vkey_view, name="witness_vkey"),
    path("checkpoint", views.checkpoint_view, name="checkpoint"),
    path("consistency", views.consistency_view, name="consistency"),
]
