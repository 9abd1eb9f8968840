from django.urls import path

from danvan.grassroots import public_views as v

app_name = "grassroots_public"

urlpatterns = [
    path("", v.submit, name="submit"),
    path("da-gui/<str:code>/", v.filed, name="filed"),
    path("theo-doi/", v.track, name="track"),
    path("theo-doi/<str:code>/danh-gia/", v.rate, name="rate"),
]
