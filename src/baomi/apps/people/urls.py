from django.urls import path

from baomi.apps.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list_view, name="list"),
    path("new/", views.person_create_view, name="create"),
    path("import/", views.person_import_view, name="import"),
    path("import/template.csv", views.person_import_template_view, name="import_template"),
    path("<int:pk>/", views.person_detail_view, name="detail"),
    path("<int:pk>/edit/", views.person_edit_view, name="edit"),
    path("<int:pk>/agreements/add/", views.agreement_add_view, name="agreement_add"),
    path(
        "<int:pk>/agreements/<int:agreement>/remove/",
        views.agreement_remove_view,
        name="agreement_remove",
    ),
    path(
        "<int:pk>/agreements/<int:agreement>/payments/add/",
        views.payment_add_view,
        name="payment_add",
    ),
    path(
        "<int:pk>/agreements/<int:agreement>/file/",
        views.agreement_file_view,
        name="agreement_file",
    ),
    path("<int:pk>/documents/<str:kind>/", views.agreement_document_view, name="document"),
    path("<int:pk>/acknowledgments/add/", views.acknowledgment_add_view, name="ack_add"),
    path("<int:pk>/offboarding/", views.offboarding_view, name="offboarding"),
    path(
        "<int:pk>/offboarding/grants/<int:grant>/revoke/",
        views.offboarding_revoke_view,
        name="revoke_grant",
    ),
    path("<int:pk>/offboarding/record.pdf", views.exit_record_view, name="exit_record"),
]
