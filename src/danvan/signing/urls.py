from django.urls import path

from danvan.signing import views

app_name = "signing"
urlpatterns: list = []  # officials' signing pages (chu-ky-so/) go here

public_urlpatterns = [
    path("", views.verify_page, name="verify"),
    path("<uuid:public_id>/", views.result_page, name="result"),
]
