"""The citizen's side of the connections, under /kho-cua-toi/thong-bao/ (her store)."""

from django.urls import path

from danvan.connections import views

app_name = "notices"
urlpatterns = [
    path("", views.preferences, name="preferences"),
]
