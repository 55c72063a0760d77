from django.urls import path

from . import views

app_name = "desk_recommendations"

urlpatterns = [
    path("appointments/<int:pk>/offers/", views.recommend_offers, name="recommend"),
    path("appointments/<int:pk>/offers/<int:measure_pk>/remove/", views.remove, name="remove"),
    path("appointments/<int:pk>/offers/handout/", views.handout, name="handout"),
    path("appointments/<int:pk>/unmet-need/", views.unmet_need, name="unmet_need"),
]
