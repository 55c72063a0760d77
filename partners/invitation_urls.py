from django.urls import path

from . import invitation_views

app_name = "partner_invitation"

# Mounted at /<lang>/partner-area/, beside the partner area's measures.
urlpatterns = [
    path("welcome/", invitation_views.welcome, name="welcome"),
    path("invitation/new-link/", invitation_views.new_link, name="new_link"),
    path("invitation/<str:token>/", invitation_views.accept, name="accept"),
]
