from django.urls import path

from . import dashboard

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", dashboard.matrix, name="matrix"),
    path("dashboard/matrix.csv", dashboard.matrix_csv, name="matrix_csv"),
    path("dashboard/demand.csv", dashboard.demand_csv, name="demand_csv"),
]
