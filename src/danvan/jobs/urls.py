from django.urls import path

from danvan.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:public_id>/", views.job_page, name="job"),
    path("<uuid:public_id>/tien-do/", views.job_progress, name="progress"),
    path("<uuid:public_id>/ket-qua/", views.job_result, name="result"),
]
