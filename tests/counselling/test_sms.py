"""Short messages for mothers who gave only a phone number: confirmation, move,
cancellation and reminder, through the console, a file or an HTTP gateway."""

import json
import threading
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from counselling import emails, sms
from counselling.management.commands.send_reminders import send_due_reminders
from counselling.models import Topic
from counselling.services import (
    ClientDetails,
    book_appointment,
    cancel_appointment,
    move_appointment,
)
from counselling.slots import BERLIN, free_slots
from tests.counselling.worker import run_due
from tests.factories import add_rule

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
PHONE = "+4915123456789"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def weekdays(counsellor):
    for weekday in range(5):
        add_rule(counsellor, weekday=weekday)


def book_by_phone(german, language="tr", email=""):
    return book_appointment(
        slot_key=free_slots()[0].key,
        details=ClientDetails("Ayşe", email, PHONE, date(2025, 6, 1), None, language),
        topic=Topic.CAREER,
        language=german,
    )


def test_a_mother_with_only_a_phone_gets_every_message_by_sms(
    weekdays, german, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_by_phone(german)
    ((to, confirmation),) = sms.outbox
    assert to == PHONE
    german_line, turkish_line, link = confirmation.split("\n")
    assert german_line.startswith("Ihr Beratungstermin:")
    assert turkish_line.startswith("Danışmanlık randevunuz:")
    assert link.endswith(f"/tr/counselling/appointment/{appointment.token}/")
    assert len(confirmation) < 320

    with django_capture_on_commit_callbacks(execute=True):
        move_appointment(appointment, free_slots()[2].key)
    assert sms.outbox[-1][1].startswith("Ihr Beratungstermin wurde verschoben.")

    with django_capture_on_commit_callbacks(execute=True):
        cancel_appointment(appointment)
    cancelled = sms.outbox[-1][1]
    assert cancelled.startswith("Ihr Beratungstermin wurde abgesagt:")
    assert cancelled.endswith("/tr/counselling/")
    assert not mail.outbox


def test_the_reminder_goes_by_sms_when_she_gave_no_email(weekdays, german):
    appointment = book_by_phone(german, language="de")
    sms.outbox.clear()
    day_before = appointment.timespan.lower - timedelta(hours=20)
    assert send_due_reminders(now=day_before) == 1
    assert run_due(now=day_before) == (2, 0)
    (_confirmation, (to, text)) = sms.outbox
    assert to == PHONE and "morgen" in text


def test_with_an_email_address_she_gets_mail_not_sms(
    weekdays, german, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book_by_phone(german, email="ayse@example.net")
    assert len(mail.outbox) == 1
    assert not sms.outbox


def test_the_file_backend_appends_each_message(settings, tmp_path, weekdays, german):
    settings.COUNSELLING_SMS_BACKEND = "counselling.sms.FileBackend"
    settings.COUNSELLING_SMS_FILE_PATH = str(tmp_path / "sms.log")
    appointment = book_by_phone(german)
    assert emails.deliver(appointment, "confirmation") == "sms"
    assert emails.deliver(appointment, "confirmation") == "sms"
    written = (tmp_path / "sms.log").read_text(encoding="utf-8")
    assert written.count(f"SMS to {PHONE}:") == 2


class FakeGateway(BaseHTTPRequestHandler):
    """Records each request; answers with the server's `status`."""

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.server.received.append(
            (self.path, dict(self.headers), json.loads(self.rfile.read(length)))
        )
        self.send_response(self.server.status)
        self.end_headers()
        self.wfile.write(self.server.answer)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def gateway(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGateway)
    server.received, server.status, server.answer = [], 202, b""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.COUNSELLING_SMS_BACKEND = "counselling.sms.HttpGatewayBackend"
    settings.COUNSELLING_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/v1/sms"
    settings.COUNSELLING_SMS_GATEWAY_KEY = "test-key"
    yield server
    server.shutdown()
    server.server_close()


def test_the_http_gateway_gets_one_post_per_message(gateway, weekdays, german):
    appointment = book_by_phone(german)
    assert run_due() == (1, 0)
    ((path, headers, body),) = gateway.received
    assert path == "/v1/sms"
    assert headers["Authorization"] == "Bearer test-key"
    assert body["to"] == PHONE
    assert body["from"] == "Stuttgart"
    assert appointment.token in body["text"]


def test_a_failing_gateway_leaves_the_booking_standing(
    gateway, weekdays, german, django_capture_on_commit_callbacks, caplog
):
    gateway.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_by_phone(german)
    assert len(gateway.received) == 1
    appointment.refresh_from_db()
    assert appointment.status == "booked"
    assert "not sent (SmsError)" in caplog.text
    assert PHONE not in caplog.text
    (message,) = appointment.messages.all()
    assert message.sent_at is None and message.attempts == 1 and message.failed_at is None


@pytest.fixture
def seven(gateway, settings):
    """seven.io's API as the fake gateway plays it: 200 with a JSON code."""
    settings.COUNSELLING_SMS_BACKEND = "counselling.sms.SevenBackend"
    settings.COUNSELLING_SMS_GATEWAY_URL = f"http://127.0.0.1:{gateway.server_port}/api/sms"
    gateway.status, gateway.answer = 200, b'{"success": "100", "messages": [{"success": true}]}'
    return gateway


def test_seven_gets_the_message_with_the_accounts_key(seven, weekdays, german):
    appointment = book_by_phone(german)
    assert run_due() == (1, 0)
    ((path, headers, body),) = seven.received
    assert path == "/api/sms"
    assert headers["X-Api-Key"] == "test-key"
    assert "Authorization" not in headers
    assert (body["to"], body["from"], body["json"]) == (PHONE, "Stuttgart", 1)
    assert appointment.token in body["text"]
    (message,) = appointment.messages.all()
    assert message.sent_at is not None and message.channel == "sms"


@pytest.mark.parametrize("answer", [b'{"success": "900"}', b"900", b"<html>busy</html>"])
def test_a_refusal_by_seven_is_tried_again_later(seven, weekdays, german, answer, caplog):
    seven.answer = answer
    appointment = book_by_phone(german)
    assert run_due() == (0, 1)
    (message,) = appointment.messages.all()
    assert message.sent_at is None and message.attempts == 1
    assert message.last_error == "SmsError"
    assert PHONE not in caplog.text
