from django.urls import path

from baomi.apps.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.organisation_view, name="detail"),
    path("members/add/", views.member_invite_view, name="member_invite"),
    path("members/<int:pk>/", views.member_update_view, name="member_update"),
    path("members/<int:pk>/remove/", views.member_remove_view, name="member_remove"),
]
