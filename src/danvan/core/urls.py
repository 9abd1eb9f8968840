from django.urls import path

from danvan.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi-hanh-chinh/", views.units, name="units"),
    path("nhat-ky/", views.audit_log, name="audit"),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (PDFs, JSON).
    path("favicon.ico", views.favicon, name="favicon"),
]
