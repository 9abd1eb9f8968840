from django.urls import path

from danvan.portal import views

app_name = "portal"
urlpatterns = [
    path("tra-cuu/", views.lookup_page, name="lookup"),
    path("danh-gia/<str:code>/", views.rate_page, name="rate"),
    path("nop-truc-tuyen/", views.file_online, name="file"),
    path("nop-truc-tuyen/thanh-phan/", views.file_components, name="file_components"),
    path("nop-truc-tuyen/dang-nhap/", views.citizen_sign_in, name="sign_in"),
    path("nop-truc-tuyen/don-vi/", views.unit_options, name="unit_options"),
    path("nop-truc-tuyen/thong-tin/", views.known_applicant, name="known_applicant"),
    path("nop-truc-tuyen/da-nop/<str:code>/", views.filed, name="filed"),
    path("ho-so-cua-toi/", views.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/ket-qua/", views.my_result, name="my_result"),
    path("thanh-toan/<str:code>/", views.pay_start, name="pay_start"),
    path("thanh-toan/gia-lap/<str:reference>/", views.fake_gateway, name="fake_gateway"),
    path("thanh-toan/ket-qua/<str:provider>/", views.pay_return, name="pay_return"),
]
