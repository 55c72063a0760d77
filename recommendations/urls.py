from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("appointment/<str:token>/offers/<int:pk>/", views.open_offer, name="open"),
]
