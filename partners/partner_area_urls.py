from django.urls import path

from . import partner_area

app_name = "partner_profiles"

# Mounted at /<lang>/partner-area/partners/, beside the measures of the partner area.
urlpatterns = [
    path("<slug:slug>/", partner_area.profile_edit, name="edit"),
    path("<slug:slug>/withdraw/", partner_area.profile_withdraw, name="withdraw"),
]
