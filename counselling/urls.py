from django.urls import path

from . import views, waiting_list_views

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
    path("waiting-list/", waiting_list_views.join, name="waiting_list"),
    path("waiting-list/<str:token>/", waiting_list_views.waiting, name="waiting"),
    path("waiting-list/<str:token>/leave/", waiting_list_views.leave, name="waiting_leave"),
    path("appointment/<str:token>/", views.appointment, name="appointment"),
    path("appointment/<str:token>/cancel/", views.cancel, name="cancel"),
    path("appointment/<str:token>/move/", views.move, name="move"),
]
