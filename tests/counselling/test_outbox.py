"""The outbox: every mail and SMS is saved with the change it reports and sent by
the worker, again after a failure, once only, and shown to leads when given up."""

import io
import smtplib
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from counselling import outbox, sms
from counselling.models import Appointment, OutboxMessage, Topic
from counselling.services import (
    ClientDetails,
    book_appointment,
    cancel_appointment,
    move_appointment,
)
from counselling.slots import BERLIN, free_slots
from tests.counselling.test_sms import PHONE, gateway  # noqa: F401 -- the fake gateway fixture
from tests.counselling.worker import run_due
from tests.factories import add_rule

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
EMAIL = "mutter@example.net"

pytestmark = pytest.mark.django_db


class DownSmtp:
    """A mail server that refuses connections or answers with an SMTP error."""

    error: Exception = ConnectionRefusedError("connection refused")


class Backend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        raise DownSmtp.error


@pytest.fixture(autouse=True)
def _worker_sends(settings, monkeypatch):
    settings.COUNSELLING_OUTBOX_SEND_ON_COMMIT = False
    settings.COUNSELLING_OUTBOX_RETRY_SECONDS = 60
    settings.COUNSELLING_OUTBOX_MAX_ATTEMPTS = 10
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def weekdays(counsellor):
    for weekday in range(5):
        add_rule(counsellor, weekday=weekday)


def book(german, number: int = 0, email: str | None = None, phone: str = "") -> Appointment:
    """The first booking by EMAIL, the others by addresses of their own."""
    if email is None:
        email = f"mutter{number}@example.org" if number else EMAIL
    return book_appointment(
        slot_key=free_slots()[number].key,
        details=ClientDetails("Ayşe Yılmaz", email, phone, date(2025, 6, 1), None, "tr"),
        topic=Topic.CAREER,
        language=german,
    )


def test_the_message_is_saved_with_the_booking_and_sent_by_the_worker(weekdays, german):
    appointment = book(german)
    (message,) = appointment.messages.all()
    assert message.kind == "confirmation" and message.sent_at is None
    assert not mail.outbox

    assert run_due() == (1, 0)
    (sent,) = mail.outbox
    assert sent.to == [EMAIL] and appointment.token in sent.body
    message.refresh_from_db()
    assert (message.sent_at, message.channel, message.attempts) == (NOW, "email", 1)
    assert run_due() == (0, 0)
    assert len(mail.outbox) == 1


def test_a_change_rolled_back_leaves_no_message(weekdays, german):
    with pytest.raises(RuntimeError), transaction.atomic():
        book(german)
        raise RuntimeError
    assert not Appointment.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError("connection refused"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPRecipientsRefused({EMAIL: (451, b"try again later")}),
    ],
    ids=["refused", "disconnected", "temporary"],
)
def test_a_mail_server_down_for_an_hour_loses_nothing_and_sends_each_message_once(
    weekdays, german, settings, caplog, error
):
    settings.EMAIL_BACKEND = "tests.counselling.test_outbox.Backend"
    DownSmtp.error = error
    appointments = [book(german, number) for number in range(3)]
    move_appointment(appointments[1], free_slots()[5].key)
    cancel_appointment(appointments[2])
    assert OutboxMessage.objects.count() == 5

    # The worker runs every minute while the server is down for an hour.
    for minute in range(61):
        run_due(now=NOW + timedelta(minutes=minute))
    assert Appointment.objects.count() == 3
    assert not mail.outbox
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
    # The confirmation of the appointment cancelled meanwhile is dropped, not sent.
    assert waiting.count() == 4
    # 1, 2, 4, 8, 16, 32 minutes apart: the attempts at 0, 1, 3, 7, 15, 31 and 63.
    assert set(waiting.values_list("attempts", flat=True)) == {6}
    assert "@example" not in caplog.text and "Ayşe" not in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for minute in range(61, 130):
        run_due(now=NOW + timedelta(minutes=minute))
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 4
    assert subjects.count("Ihr Beratungstermin") == 2
    assert OutboxMessage.objects.filter(sent_at__isnull=False).count() == 5
    assert run_due(now=NOW + timedelta(days=1)) == (0, 0)
    assert len(mail.outbox) == 4


def test_a_failed_mail_keeps_the_booking_even_when_sent_on_commit(
    weekdays, german, settings, django_capture_on_commit_callbacks
):
    settings.COUNSELLING_OUTBOX_SEND_ON_COMMIT = True
    settings.EMAIL_BACKEND = "tests.counselling.test_outbox.Backend"
    DownSmtp.error = ConnectionRefusedError("connection refused")
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(german)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    (message,) = appointment.messages.all()
    assert message.attempts == 1 and message.last_error == "ConnectionRefusedError"
    assert message.next_attempt_at == NOW + timedelta(minutes=1)


def test_an_sms_gateway_failing_then_recovering_sends_once(gateway, weekdays, german, caplog):  # noqa: F811
    gateway.status = 503
    appointment = book(german, email="", phone=PHONE)
    assert run_due() == (0, 1)
    assert run_due(now=NOW + timedelta(seconds=59)) == (0, 0)
    assert run_due(now=NOW + timedelta(minutes=1)) == (0, 1)
    assert len(gateway.received) == 2

    gateway.status = 202
    assert run_due(now=NOW + timedelta(minutes=3)) == (1, 0)
    assert run_due(now=NOW + timedelta(hours=1)) == (0, 0)
    assert len(gateway.received) == 3
    assert appointment.token in gateway.received[-1][2]["text"]
    (message,) = appointment.messages.all()
    assert (message.channel, message.attempts) == ("sms", 3)
    assert PHONE not in caplog.text and "Ayşe" not in caplog.text


def test_a_message_given_up_is_listed_and_sent_again(
    weekdays, german, settings, client, superuser, caplog
):
    settings.COUNSELLING_OUTBOX_MAX_ATTEMPTS = 2
    settings.EMAIL_BACKEND = "tests.counselling.test_outbox.Backend"
    DownSmtp.error = smtplib.SMTPRecipientsRefused({EMAIL: (550, b"mailbox unavailable")})
    appointment = book(german)
    run_due()
    run_due(now=NOW + timedelta(minutes=1))
    (message,) = OutboxMessage.objects.failed()
    assert message.failed_at == NOW + timedelta(minutes=1)
    assert run_due(now=NOW + timedelta(days=1)) == (0, 0)
    assert f"counselling message {message.pk} given up after 2 attempts" in caplog.text
    assert EMAIL not in caplog.text

    url = reverse("admin:counselling_outboxmessage_changelist")
    client.force_login(superuser)
    page = client.get(url, {"state": "failed"})
    assert page.status_code == 200
    assert "SMTPRecipientsRefused" in page.content.decode()
    client.post(url, {"action": "send_again", "_selected_action": [message.pk]})
    message.refresh_from_db()
    assert (message.failed_at, message.attempts) == (None, 0)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_due(now=NOW + timedelta(days=1)) == (1, 0)
    assert mail.outbox[0].to == [appointment.client.email]


def test_the_failed_list_keeps_its_queries_flat(weekdays, german, client, superuser, settings):
    settings.COUNSELLING_OUTBOX_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.counselling.test_outbox.Backend"
    url = reverse("admin:counselling_outboxmessage_changelist")
    client.force_login(superuser)
    book(german, 0)
    run_due()
    client.get(url)  # warms the session and content types
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"state": "failed"})
    for number in range(1, 6):
        book(german, number)
    run_due()
    assert OutboxMessage.objects.failed().count() == 6
    with CaptureQueriesContext(connection) as six:
        client.get(url, {"state": "failed"})
    assert len(six) == len(one)


def test_a_confirmation_for_an_appointment_cancelled_meanwhile_is_not_sent(weekdays, german):
    appointment = book(german)
    cancel_appointment(appointment)
    assert run_due() == (2, 0)
    (cancellation,) = mail.outbox
    assert "abgesagt" in cancellation.subject
    assert appointment.messages.get(kind="confirmation").channel == ""


def test_sms_and_mail_records_are_deleted_after_the_retention(weekdays, german, settings):
    settings.COUNSELLING_OUTBOX_RETENTION_DAYS = 7
    sms.outbox.clear()
    sent = book(german, 0)
    run_due()
    waiting = book(german, 1)
    output = io.StringIO()
    call_command("purge_personal_data", stdout=output)
    assert "Sent messages deleted: 0" in output.getvalue()

    timezone_now = NOW + timedelta(days=7, minutes=1)
    assert outbox.purge_delivered(now=timezone_now) == 1
    assert not sent.messages.exists()
    assert waiting.messages.count() == 1


def test_the_task_is_queued_in_the_database_with_the_message(weekdays, german):
    appointment = book(german)
    (message,) = appointment.messages.all()
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == outbox.deliver_message.module_path
    assert queued.args_kwargs == {"args": [message.pk], "kwargs": {}}
    assert queued.run_after == NOW
    # Her address travels neither in the task nor its result.
    assert EMAIL not in str(queued.args_kwargs)
    assert run_due() == (1, 0)
    queued.refresh_from_db()
    assert queued.return_value is True and EMAIL not in str(queued.return_value)


def _give_up(german, settings, count: int) -> None:
    settings.COUNSELLING_OUTBOX_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.counselling.test_outbox.Backend"
    DownSmtp.error = ConnectionRefusedError("connection refused")
    for number in range(OutboxMessage.objects.count(), OutboxMessage.objects.count() + count):
        book(german, number)
    run_due()


def test_leads_see_the_messages_given_up_on_the_desk_and_send_them_again(
    weekdays, german, settings, client, lead_user, django_assert_max_num_queries
):
    _give_up(german, settings, 1)
    (message,) = OutboxMessage.objects.failed()
    client.force_login(lead_user)
    url = reverse("desk:failed_messages")
    page = client.get(url).content.decode()
    assert "ConnectionRefusedError" in page
    assert reverse("desk:appointment", args=[message.appointment_id]) in page
    assert EMAIL not in page

    with django_assert_max_num_queries(12) as queries:
        client.get(url)
    _give_up(german, settings, 4)
    assert OutboxMessage.objects.failed().count() == 5
    with django_assert_max_num_queries(len(queries)):
        client.get(url)

    answer = client.post(reverse("desk:message_send_again", args=[message.pk]), follow=True)
    assert len(list(answer.context["messages"])) == 1
    message.refresh_from_db()
    assert message.failed_at is None and message.attempts == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_due(now=NOW + timedelta(minutes=1)) == (1, 0)
    # A message no longer given up cannot be queued twice.
    again = client.post(reverse("desk:message_send_again", args=[message.pk]))
    assert again.status_code == 404


def test_a_database_error_while_rendering_is_retried_not_lost(weekdays, german, monkeypatch):
    from django.db import DatabaseError

    from counselling import emails

    appointment = book(german)

    def broken(*args, **kwargs):
        Appointment.objects.raw("SELECT no_such_column FROM counselling_appointment")[0]

    monkeypatch.setattr(emails, "deliver", broken)
    assert run_due() == (0, 1)
    (message,) = appointment.messages.all()
    assert message.attempts == 1
    assert message.last_error in {"ProgrammingError", DatabaseError.__name__}
    monkeypatch.undo()
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    assert run_due(now=NOW + timedelta(minutes=1)) == (1, 0)
    assert len(mail.outbox) == 1


def test_the_desk_menu_shows_leads_the_messages_given_up(client, lead_user, counsellor_user):
    url = reverse("desk:failed_messages")
    client.force_login(lead_user)
    assert f'href="{url}"' in client.get(reverse("desk:agenda")).content.decode()
    client.force_login(counsellor_user)
    assert f'href="{url}"' not in client.get(reverse("desk:agenda")).content.decode()
