from django.urls import path

from danvan.oversight import importer, views

app_name = "oversight"

urlpatterns = [
    path("", views.home, name="home"),
    path("nhac-han/", views.reminders, name="reminders"),
    path("giam-sat/", views.supervisions, name="supervisions"),
    path("giam-sat/moi/", views.supervision_new, name="supervision_new"),
    path("giam-sat/<int:pk>/", views.supervision, name="supervision"),
    path("giam-sat/<int:pk>/chuyen/", views.supervision_action, name="supervision_action"),
    path("giam-sat/<int:pk>/kien-nghi/", views.recommendation_add, name="recommendation_add"),
    path(
        "giam-sat/<int:pk>/bao-cao.<str:kind>",
        views.supervision_document,
        name="supervision_document",
    ),
    path("giam-sat/<int:pk>/bao-cao/ky-so/", views.supervision_sign, name="supervision_sign"),
    path(
        "giam-sat/<int:pk>/bao-cao-da-ky.pdf", views.supervision_signed, name="supervision_signed"
    ),
    path(
        "kien-nghi/<int:pk>/van-ban/ky-so/", views.recommendation_sign, name="recommendation_sign"
    ),
    path(
        "kien-nghi/<int:pk>/van-ban-da-ky.pdf",
        views.recommendation_signed,
        name="recommendation_signed",
    ),
    path("kien-nghi/", views.recommendations, name="recommendations"),
    path("kien-nghi/<int:pk>/", views.recommendation, name="recommendation"),
    path("kien-nghi/<int:pk>/chuyen/", views.recommendation_action, name="recommendation_action"),
    path(
        "kien-nghi/<int:pk>/van-ban.<str:kind>",
        views.recommendation_document,
        name="recommendation_document",
    ),
    path("phan-bien/", views.criticisms, name="criticisms"),
    path("phan-bien/<int:pk>/", views.criticism, name="criticism"),
    path("phan-bien/y-kien/<int:pk>/", views.comment_response, name="comment_response"),
    path("doi-thoai/", views.dialogues, name="dialogues"),
    path("doi-thoai/<int:pk>/", views.dialogue, name="dialogue"),
    path("doi-thoai/<int:pk>/cong-khai/", views.dialogue_publish, name="dialogue_publish"),
    path("doi-thoai/cam-ket/<int:pk>/", views.commitment_done, name="commitment_done"),
    path("doi-thoai/<int:pk>/y-kien/", views.question_add, name="question_add"),
    path("doi-thoai/<int:pk>/cam-ket/moi/", views.commitment_add, name="commitment_add"),
    path("doi-thoai/y-kien/<int:pk>/", views.question_answer, name="question_answer"),
    path("ban/", views.boards, name="boards"),
    path("ban/moi/", views.board_new, name="board_new"),
    path("ban/<int:pk>/", views.board, name="board"),
    path("ban/<int:pk>/sua/", views.board_edit, name="board_edit"),
    path("ban/<int:pk>/thanh-vien/", views.member_add, name="member_add"),
    path("ban/thanh-vien/<int:pk>/", views.member_edit, name="member_edit"),
    path("cong-khai/", views.disclosures, name="disclosures"),
    path("cong-khai/lap-danh-muc/", views.disclosure_checklist, name="disclosure_checklist"),
    path("cong-khai/<int:pk>/", views.disclosure_record, name="disclosure_record"),
    path("nhap/", importer.page, name="import"),
    path("nhap/mau.xlsx", importer.template, name="import_template"),
    path("nhap/<uuid:public_id>/", importer.job_page, name="import_job"),
    path("cong-dan/doi-thoai/", views.public_dialogues, name="public_dialogues"),
    path("cong-dan/cong-khai/<str:code>/", views.public_disclosures, name="public_disclosures"),
]
