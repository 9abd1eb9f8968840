from django.urls import path

from danvan.onestop import views

app_name = "onestop"
urlpatterns = [
    path("quay/", views.counter, name="counter"),
    path("quay/thanh-phan/", views.counter_components, name="counter_components"),
    path("quay/cong-dan/", views.applicant_lookup, name="applicant_lookup"),
    path("cua-toi/", views.my_dossiers, name="my_dossiers"),
    path("tim/", views.find_dossiers, name="find"),
    path("ho-so/<str:code>/", views.dossier_page, name="dossier"),
    path("ho-so/<str:code>/thao-tac/", views.dossier_action, name="dossier_action"),
    path("ho-so/<str:code>/bien-lai/<str:receipt_no>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("ho-so/<str:code>/ket-qua/soan/", views.result_draft, name="result_draft"),
    path("ho-so/<str:code>/ket-qua/xem-truoc/", views.result_preview, name="result_preview"),
    path("ho-so/<str:code>/tep/<str:file_id>/", views.file_viewer, name="file_viewer"),
    path("ho-so/<str:code>/tep/<str:file_id>/noi-dung/", views.file_content, name="file_content"),
]
