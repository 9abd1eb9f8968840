from django.urls import path

from danvan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("don-vi/", views.pick_unit, name="pick_unit"),
]
