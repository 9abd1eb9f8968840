from django.urls import path

from danvan.grassroots import views

app_name = "grassroots"

urlpatterns = [
    path("", views.home, name="home"),
    path("tiep-nhan/", views.receive, name="receive"),
    path("xuat.xlsx", views.export, name="export"),
    path("nhap/", views.import_file, name="import"),
    path("nhap/mau.xlsx", views.import_template, name="import_template"),
    path("don/<str:code>/", views.petition, name="petition"),
    path("don/<str:code>/gop/", views.group, name="group"),
    path("don/<str:code>/tra-loi.pdf", views.answer_letter, {"fmt": "pdf"}, name="answer_pdf"),
    path("don/<str:code>/tra-loi.docx", views.answer_letter, {"fmt": "docx"}, name="answer_docx"),
    path("vu-viec/<int:pk>/", views.matter, name="matter"),
    path("diem-nong/", views.board, name="board"),
    path("diem-nong/quy-tac/", views.rules, name="rules"),
    path("diem-nong/<int:pk>/", views.hotspot, name="hotspot"),
]
