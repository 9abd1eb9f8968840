from django.urls import path

from danvan.movement import views

app_name = "movement"

urlpatterns = [
    path("", views.practices, name="practices"),
    path("dang-ky/", views.register, name="register"),
    path("xuat.xlsx", views.export, name="export"),
    path("ra-soat/", views.bulk, name="bulk"),
    path("nhap/", views.import_page, name="import"),
    path("nhap/mau.xlsx", views.import_template, name="import_template"),
    path("mo-hinh/<int:pk>/", views.practice, name="practice"),
    path("mo-hinh/<int:pk>/sua/", views.edit, name="edit"),
    path("mo-hinh/<int:pk>/thao-tac/", views.act, name="act"),
    path("mo-hinh/<int:pk>/nhan-rong/", views.spread, name="spread"),
    path("mo-hinh/<int:pk>/minh-chung/", views.add_evidence, name="add_evidence"),
    path("mo-hinh/<int:pk>/minh-chung/<int:evidence_id>/", views.evidence_file, name="evidence"),
    path("mo-hinh/<int:pk>/khen-thuong/", views.commend, name="commend"),
    path("hoi-thi/", views.contest_list, name="contests"),
    path("hoi-thi/vong/<int:round_id>/", views.contest_round, name="round"),
    path("hoi-thi/<int:pk>/cong-bo/", views.publish, name="publish"),
    path("hoi-thi/doi/<int:team_id>/giay-chung-nhan.pdf", views.certificate, name="certificate"),
    path("cham-thi/", views.judging, name="judging"),
    path("cham-thi/<int:round_id>/", views.score_sheet, name="score_sheet"),
    path("to-tu-quan/", views.groups, name="groups"),
    path("to-tu-quan/them/", views.group_new, name="group_new"),
    path("nguoi-uy-tin/", views.persons, name="persons"),
    path("mien-nui/", views.mountain, name="mountain"),
    path("cong-trinh/", views.projects, name="projects"),
    path("cong-trinh/<int:pk>/", views.project, name="project"),
    path("cong-khai/", views.showcase, name="showcase"),
]
