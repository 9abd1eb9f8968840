from django.urls import path

from danvan.procedures import views

app_name = "procedures"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    # Officials' pages come before <code>/ so "quan-ly" is never read as a procedure code.
    path("quan-ly/", views.manage, name="list"),
    path("quan-ly/xuat.xlsx", views.export, name="export"),
    path("quan-ly/nhap/", views.import_view, name="import"),
    path("<str:code>/", views.detail, name="detail"),
]
