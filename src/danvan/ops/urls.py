from django.urls import path

from danvan.ops import views

app_name = "ops"

urlpatterns = [
    path("xac-nhan-lai/", views.reauth, name="reauth"),
    path("xac-thuc-hai-buoc/", views.otp_verify, name="otp_verify"),
    path("xac-thuc-hai-buoc/dang-ky/", views.otp_setup, name="otp_setup"),
    path("xac-thuc-hai-buoc/ma-khoi-phuc/", views.recovery_codes, name="recovery_codes"),
]
