from django.urls import path

from . import review

app_name = "review"

urlpatterns = [
    path("", review.queue, name="queue"),
    path("<int:pk>/", review.detail, name="detail"),
    path("<int:pk>/publish/", review.publish, name="publish"),
    path("<int:pk>/send-back/", review.send_back, name="send_back"),
]
