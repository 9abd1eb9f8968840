from django.urls import path

from danvan.signing import office_views, views

app_name = "signing"
urlpatterns = [
    path("", office_views.queue, name="queue"),
    path("lo/<uuid:public_id>/", office_views.batch_page, name="batch"),
    path("lo/<uuid:public_id>/tien-do/", office_views.batch_progress, name="batch_progress"),
    path("lo/<uuid:public_id>/tiep-tuc/", office_views.batch_resume, name="batch_resume"),
]

public_urlpatterns = [
    path("", views.verify_page, name="verify"),
    path("<uuid:public_id>/", views.result_page, name="result"),
]
