import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

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


def test_a_sixth_feedback_within_the_hour_is_refused_and_keeps_what_was_typed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            assert (
                client.post("/de/feedback/", {"message": f"Barriere {number}"}).status_code == 302
            )
        response = client.post(
            "/de/feedback/",
            {"message": "Noch eine Barriere", "email": "leser@example.org", "page_url": "/de/"},
        )
    assert response.status_code == 429
    html = response.content.decode()
    assert "<title>Fehler:" in html
    assert "innerhalb der letzten Stunde" in html
    assert "Noch eine Barriere" in html
    assert 'value="leser@example.org"' in html
    assert Feedback.objects.count() == 5
    assert len(mail.outbox) == 5


def test_the_feedback_limit_counts_each_client_behind_the_reverse_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for number in range(5):
        client.post(
            "/de/feedback/",
            {"message": f"Barriere {number}"},
            HTTP_X_FORWARDED_FOR="198.51.100.1",
            **proxy,
        )
    # A forged first entry does not make the same client someone else.
    forged = client.post(
        "/de/feedback/",
        {"message": "Noch eine"},
        HTTP_X_FORWARDED_FOR="192.0.2.77, 198.51.100.1",
        **proxy,
    )
    assert forged.status_code == 429
    other = client.post(
        "/de/feedback/", {"message": "Eine andere"}, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy
    )
    assert other.status_code == 302


def _received(days_ago: float, message: str) -> Feedback:
    feedback = Feedback.objects.create(message=message, language="de")
    Feedback.objects.filter(pk=feedback.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return feedback


def test_purge_feedback_deletes_feedback_older_than_the_retention_period(settings):
    settings.FEEDBACK_RETENTION_DAYS = 365
    _received(366, "Vom letzten Jahr")
    kept = _received(364, "Noch keine Jahr alt")
    output = io.StringIO()
    call_command("purge_feedback", stdout=output)
    assert output.getvalue().strip() == "Feedback deleted: 1"
    assert list(Feedback.objects.all()) == [kept]


def test_the_retention_period_is_configurable(settings):
    settings.FEEDBACK_RETENTION_DAYS = 30
    _received(31, "Alt")
    _received(29, "Neu")
    assert Feedback.objects.purge() == 1
    assert list(Feedback.objects.values_list("message", flat=True)) == ["Neu"]


@pytest.mark.parametrize(("days", "words"), [(365, "1 Jahr nach Eingang"), (730, "2 Jahre nach")])
def test_the_privacy_notice_and_the_form_name_the_retention_period(client, settings, days, words):
    settings.FEEDBACK_RETENTION_DAYS = days
    assert words in client.get("/de/info/privacy/").content.decode()
    form = client.get("/de/feedback/").content.decode()
    assert f"Wir speichern Ihre Nachricht {words.split(' nach')[0]} lang" in form
