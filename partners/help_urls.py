from django.urls import path

from . import invitation_views

app_name = "partner_help"

# Mounted at /<lang>/partner-area/help/.
urlpatterns = [
    path("", invitation_views.editor_help, name="editors"),
]
