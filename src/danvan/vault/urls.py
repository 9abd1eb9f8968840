from django.urls import path

from danvan.vault import views

app_name = "vault"
urlpatterns = [
    # Officials
    path("kho-du-lieu/", views.search, name="search"),
    path("kho-du-lieu/giay-to/<int:pk>/", views.document_file, name="document_file"),
    path("kho-du-lieu/goi-y/", views.counter_offers, name="counter_offers"),
    path("kho-du-lieu/ho-so/<str:code>/", views.dossier_panel, name="dossier_panel"),
    path(
        "kho-du-lieu/ho-so/<str:code>/so-hoa/<int:component_id>/", views.digitize, name="digitize"
    ),
    path("kho-du-lieu/ho-so/<str:code>/dung-lai/<int:component_id>/", views.attach, name="attach"),
    path("kho-du-lieu/cap-ma/", views.issue_code, name="issue_code"),
    # Citizens
    path("kho-cua-toi/", views.mine, name="mine"),
    path("kho-cua-toi/giay-to/<int:pk>/", views.my_file, name="my_file"),
    path("kho-cua-toi/tai-ve/", views.my_export, name="my_export"),
    path("kho-cua-toi/tai-len/", views.my_upload, name="my_upload"),
    path("kho-cua-toi/goi-y/", views.my_offers, name="my_offers"),
    path("kho-cua-toi/kich-hoat/", views.activate, name="activate"),
]
