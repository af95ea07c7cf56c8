from django.urls import path

from baomi.apps.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.secret_list_view, name="list"),
    path("new/", views.secret_create_view, name="create"),
    path("import/", views.secret_import_view, name="import"),
    path("export/", views.secret_export_view, name="export"),
    path("<int:pk>/", views.secret_detail_view, name="detail"),
    path("<int:pk>/edit/", views.secret_edit_view, name="edit"),
    path("<int:pk>/delete/", views.secret_delete_view, name="delete"),
    path("<int:pk>/<str:what>/add/", views.secret_child_add_view, name="child_add"),
    path(
        "<int:pk>/<str:what>/<int:child>/remove/",
        views.secret_child_remove_view,
        name="child_remove",
    ),
]
