from django.urls import path

from . import views

app_name = "measures_api"

urlpatterns = [
    path("measures.json", views.measures_json, name="json"),
    path("measures.csv", views.measures_csv, name="csv"),
]
