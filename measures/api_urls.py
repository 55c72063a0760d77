from django.urls import path

from . import dcat, views

app_name = "measures_api"

urlpatterns = [
    path("measures.json", views.measures_json, name="json"),
    path("measures.csv", views.measures_csv, name="csv"),
    path("dcat/", dcat.dcat_catalogue, name="dcat"),
]
