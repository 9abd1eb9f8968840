from danvan.signing.urls import public_urlpatterns

app_name = "signing_public"
urlpatterns = public_urlpatterns
