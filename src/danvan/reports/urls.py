from django.urls import path

from danvan.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("chat-luong-phuc-vu/", views.service_quality, name="service_quality"),
    path("dan-van/", views.mobilization, name="mobilization"),
    path("chi-tiet/<str:code>/", views.records, name="records"),
    path("nhap-so-lieu/", views.enter_figure, name="enter"),
    path("xuat-toan-thanh-pho/", views.city_export, name="city_export"),
]
