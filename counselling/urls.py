from django.urls import path

from . import views

app_name = "counselling"

urlpatterns = [
    path("", views.start, name="start"),
    path("child/", views.child, name="child"),
    path("topic/", views.topic, name="topic"),
    path("language/", views.language, name="language"),
    path("mode/", views.mode, name="mode"),
    path("place/", views.location, name="location"),
    path("time/", views.choose_slot, name="slots"),
    path("details/", views.details, name="details"),
    path("check/", views.check, name="check"),
    path("booked/", views.done, name="done"),
    path("not-eligible/", views.not_eligible, name="not_eligible"),
    path("appointment/<str:token>/", views.appointment, name="appointment"),
    path("appointment/<str:token>/cancel/", views.cancel, name="cancel"),
    path("appointment/<str:token>/move/", views.move, name="move"),
]
