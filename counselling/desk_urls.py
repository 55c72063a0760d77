from django.urls import path

from . import desk_views as views
from . import outbox_views

app_name = "desk"

urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment"),
    path("counsellors/<int:counsellor_pk>/book/", views.book, name="book"),
    path("counsellors/<int:counsellor_pk>/availability/", views.availability, name="availability"),
    path("counsellors/<int:counsellor_pk>/rules/new/", views.rule_edit, name="rule_add"),
    path("counsellors/<int:counsellor_pk>/rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path(
        "counsellors/<int:counsellor_pk>/rules/<int:pk>/delete/",
        views.rule_delete,
        name="rule_delete",
    ),
    path("counsellors/<int:counsellor_pk>/absences/new/", views.absence_edit, name="absence_add"),
    path(
        "counsellors/<int:counsellor_pk>/absences/<int:pk>/",
        views.absence_edit,
        name="absence_edit",
    ),
    path(
        "counsellors/<int:counsellor_pk>/absences/<int:pk>/delete/",
        views.absence_delete,
        name="absence_delete",
    ),
    path("statistics/", views.statistics, name="statistics"),
    path("waiting-list/", views.waiting_list, name="waiting_list"),
    path("clients/<int:pk>/export/", views.client_export, name="client_export"),
    path("clients/<int:pk>/erase/", views.client_erase, name="client_erase"),
    path("messages/failed/", outbox_views.failed_messages, name="failed_messages"),
    path("messages/<int:pk>/send-again/", outbox_views.send_again, name="message_send_again"),
]
