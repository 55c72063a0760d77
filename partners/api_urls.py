from django.urls import path

from . import views

app_name = "partners_api"

urlpatterns = [
    path("partners.json", views.partners_json, name="partners_json"),
]
