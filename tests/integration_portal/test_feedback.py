import pytest
from django.core import mail

from integration_portal.models import Feedback

pytestmark = pytest.mark.django_db


def test_feedback_is_stored_and_staff_are_told(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/feedback/",
            {"message": "The map link has no text alternative.", "page_url": "/en/", "email": ""},
        )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.message == "The map link has no text alternative."
    assert feedback.language == "en"
    assert len(mail.outbox) == 1
    assert "The map link" not in mail.outbox[0].body, "the mail must not carry what people wrote"


def test_feedback_survives_a_broken_mail_server(
    client, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/de/feedback/", {"message": "Kontrast zu schwach."})
    assert response.status_code == 302
    assert Feedback.objects.filter(message="Kontrast zu schwach.").exists()


def test_empty_feedback_keeps_what_was_typed_and_names_the_error(client):
    response = client.post(
        "/de/feedback/", {"message": "", "email": "kein-at-zeichen", "page_url": "/de/x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Fehler:" in html
    assert 'href="#id_message"' in html
    assert 'value="kein-at-zeichen"' in html
    assert 'aria-invalid="true"' in html
    assert Feedback.objects.count() == 0


def test_bots_filling_the_honeypot_are_turned_away(client):
    response = client.post(
        "/de/feedback/", {"message": "Buy now", "website": "http://spam.example"}
    )
    assert response.status_code == 200
    assert Feedback.objects.count() == 0
