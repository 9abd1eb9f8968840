from django.urls import path

from danvan.connections import views

app_name = "connections"
urlpatterns = [
    path("", views.home, name="home"),
    path("tin/<int:pk>/", views.message, name="message"),
    path("tin/<int:pk>/gui-lai/", views.retry, name="retry"),
    path("chua-dong-bo/", views.unsynced, name="unsynced"),
    path("dan-cu/tra-cuu/", views.population_lookup, name="population_lookup"),
    path("ho-so/<str:code>/bien-lai-dien-tu/", views.e_receipt, name="e_receipt"),
]
