from django.urls import path

from . import partner_area, views

app_name = "measures"

# The catalogue lives under /<lang>/measures/, the partner area beside it under
# /<lang>/partner-area/ (both mounted at the language root). The partners' own
# profiles in the partner area are the partners app's (partners/partner_area_urls.py).
urlpatterns = [
    path("measures/", views.catalogue, name="catalogue"),
    path("partner-area/", partner_area.index, name="partner_area"),
    path(
        "partner-area/partners/<slug:slug>/new/",
        partner_area.measure_create,
        name="partner_measure_create",
    ),
    path("partner-area/<int:pk>/", partner_area.measure_detail, name="partner_measure"),
    path("partner-area/<int:pk>/edit/", partner_area.measure_edit, name="partner_measure_edit"),
    path(
        "partner-area/<int:pk>/submit/", partner_area.measure_submit, name="partner_measure_submit"
    ),
    path(
        "partner-area/<int:pk>/archive/",
        partner_area.measure_archive,
        name="partner_measure_archive",
    ),
    path(
        "partner-area/<int:pk>/withdraw-changes/",
        partner_area.measure_withdraw_changes,
        name="partner_measure_withdraw_changes",
    ),
    path(
        "partner-area/<int:pk>/confirm/",
        partner_area.measure_confirm,
        name="partner_measure_confirm",
    ),
    path(
        "partner-area/<int:pk>/translations/<str:language>/confirm/",
        partner_area.measure_confirm_translation,
        name="partner_measure_confirm_translation",
    ),
    # Before the measures' pages: a measure is never called "handout" (services._unique_slug).
    path("measures/handout/", views.catalogue_handout, name="catalogue_handout"),
    path("measures/<slug:slug>/", views.detail, name="detail"),
    path("measures/<slug:slug>/calendar.ics", views.calendar, name="calendar"),
]
