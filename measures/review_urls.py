from django.urls import path

from . import review

app_name = "review"

urlpatterns = [
    path("", review.queue, name="queue"),
    path("<int:pk>/", review.detail, name="detail"),
    path("<int:pk>/publish/", review.publish, name="publish"),
    path("<int:pk>/send-back/", review.send_back, name="send_back"),
    path("partners/<int:pk>/", review.partner_detail, name="partner"),
    path("partners/<int:pk>/publish/", review.partner_publish, name="partner_publish"),
    path("partners/<int:pk>/send-back/", review.partner_send_back, name="partner_send_back"),
]
