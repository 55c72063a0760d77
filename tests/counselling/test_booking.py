import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings

from counselling.management.commands.send_reminders import send_due_reminders
from counselling.models import Appointment, Client, Topic
from counselling.services import (
    ChangeNotAllowed,
    ClientDetails,
    NotEligible,
    RateLimited,
    SlotTaken,
    TooManyAppointments,
    book_appointment,
    cancel_appointment,
    move_appointment,
    purge_personal_data,
)
from counselling.slots import free_slots
from counselling.statistics import appointment_statistics
from tests.counselling.worker import run_due
from tests.factories import MONDAY, berlin, make_client, span

NOW = berlin(MONDAY - timedelta(days=5), 8)


def details(email: str = "mutter@example.net", born: date = date(2025, 6, 1)) -> ClientDetails:
    return ClientDetails(
        name="Mutter",
        email=email,
        phone="",
        child_birth_month=born,
        preferred_language=None,
        ui_language="en",
    )


def first_key(now=NOW) -> str:
    return free_slots(now=now)[0].key


def book(german, key: str | None = None, now=NOW, **extra) -> Appointment:
    values = {"details": details(), "topic": Topic.CAREER, "language": german, "now": now}
    values.update(extra)
    return book_appointment(slot_key=key or first_key(now), **values)


@pytest.mark.django_db
class TestEligibility:
    def test_a_child_three_whatever_her_day_of_birth_is_too_old(self, monday_rule, german):
        with pytest.raises(NotEligible):
            book(german, details=details(born=date(2024, 1, 1)))
        assert not Appointment.objects.exists()
        assert not Client.objects.exists()

    def test_in_the_month_of_the_third_birthday_she_is_counselled(self, monday_rule, german):
        """Born in February 2024, the child may be born on the 29th: under 3 on 1 February 2027."""
        appointment = book(german, details=details(born=date(2024, 2, 1)))
        assert appointment.status == Appointment.Status.BOOKED

    def test_a_child_born_in_december_2023_is_under_three_on_8_december_2026(self):
        client = Client(child_birth_month=date(2023, 12, 1))
        assert client.eligible_until() == date(2026, 12, 30)
        assert client.child_is_under_three_on(date(2026, 12, 8))
        assert client.child_is_under_three_on(date(2026, 12, 30))
        assert not client.child_is_under_three_on(date(2026, 12, 31))
        assert not client.child_is_under_three_on(date(2027, 1, 4))

    def test_the_boundary_follows_the_length_of_the_month(self):
        assert Client(child_birth_month=date(2024, 2, 1)).eligible_until() == date(2027, 2, 27)
        assert Client(child_birth_month=date(2024, 4, 1)).eligible_until() == date(2027, 4, 29)
        assert Client(child_birth_month=date(2024, 3, 1)).eligible_until() == date(2027, 3, 30)
        assert Client().eligible_until() is None
        assert not Client().child_is_under_three_on(date(2027, 1, 1))


@pytest.mark.django_db
class TestExclusionConstraint:
    def create(self, counsellor, german, start, minutes=60, status=Appointment.Status.BOOKED):
        with transaction.atomic():
            return Appointment.objects.create(
                counsellor=counsellor,
                client=make_client(),
                timespan=span(start, minutes),
                topic=Topic.CAREER,
                mode="phone",
                language=german,
                status=status,
            )

    def test_an_overlapping_insert_fails(self, counsellor, german):
        self.create(counsellor, german, berlin(MONDAY, 9))
        with pytest.raises(IntegrityError):
            self.create(counsellor, german, berlin(MONDAY, 9, 30))

    def test_adjacent_cancelled_and_other_counsellors_appointments_are_fine(
        self, counsellor, other_counsellor, german
    ):
        self.create(counsellor, german, berlin(MONDAY, 9))
        self.create(counsellor, german, berlin(MONDAY, 10))
        self.create(counsellor, german, berlin(MONDAY, 9, 30), status=Appointment.Status.CANCELLED)
        self.create(other_counsellor, german, berlin(MONDAY, 9, 30))
        assert Appointment.objects.count() == 4


@pytest.mark.django_db
class TestBooking:
    def test_a_booked_slot_is_not_offered_again_and_cannot_be_booked_twice(
        self, monday_rule, german
    ):
        key = first_key()
        book(german, key)
        assert key not in {slot.key for slot in free_slots(now=NOW)}
        with pytest.raises(SlotTaken):
            book(german, key, details=details(email="other@example.net"))

    def test_a_made_up_slot_cannot_be_booked(self, monday_rule, german):
        with pytest.raises(SlotTaken):
            book(german, "1-20270201T0715-phone-0")
        with pytest.raises(SlotTaken):
            book(german, "nonsense")

    def test_at_most_three_future_appointments_per_email(self, monday_rule, german):
        for slot in free_slots(now=NOW)[:3]:
            book(german, slot.key, details=details(email="Same@Example.net"))
        with pytest.raises(TooManyAppointments):
            book(german, details=details(email="same@example.net"))

    def test_confirmation_email_carries_the_personal_link_and_a_calendar_file(
        self, monday_rule, german, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            appointment = book(german)
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert f"/de/counselling/appointment/{appointment.token}/" in message.body
        assert f"/en/counselling/appointment/{appointment.token}/" in message.body
        assert "Ihr Beratungstermin" in message.subject
        assert message.attachments[0][2] == "text/calendar"

    def test_a_mail_failure_keeps_the_booking(
        self, monday_rule, german, django_capture_on_commit_callbacks, settings, caplog
    ):
        settings.EMAIL_BACKEND = "tests.counselling.failing_mail.Backend"
        with django_capture_on_commit_callbacks(execute=True):
            appointment = book(german)
        assert Appointment.objects.filter(pk=appointment.pk).exists()
        assert "mutter@example.net" not in caplog.text


@pytest.mark.django_db
class TestChanges:
    def test_cancel_and_move_are_allowed_until_24_hours_before(self, monday_rule, german):
        appointment = book(german)
        late = appointment.timespan.lower - timedelta(hours=23)
        with pytest.raises(ChangeNotAllowed):
            cancel_appointment(appointment, now=late)
        with pytest.raises(ChangeNotAllowed):
            move_appointment(appointment, first_key(), now=late)
        cancel_appointment(appointment, now=appointment.timespan.lower - timedelta(hours=25))
        appointment.refresh_from_db()
        assert appointment.status == Appointment.Status.CANCELLED

    def test_moving_frees_the_old_time_and_keeps_the_appointment(self, monday_rule, german):
        appointment = book(german)
        old_key = first_key()
        new_slot = free_slots(now=NOW)[1]
        moved = move_appointment(appointment, new_slot.key, now=NOW)
        appointment.refresh_from_db()
        assert moved.pk == appointment.pk and moved.token == appointment.token
        assert appointment.status == Appointment.Status.BOOKED
        assert appointment.timespan.lower == new_slot.start
        assert appointment.sequence == 1
        assert Appointment.objects.count() == 1
        assert old_key in {slot.key for slot in free_slots(now=NOW)}

    def test_a_failed_move_keeps_the_old_appointment(self, monday_rule, german):
        appointment = book(german)
        with pytest.raises(SlotTaken):
            move_appointment(appointment, "nonsense", now=NOW)
        appointment.refresh_from_db()
        assert appointment.status == Appointment.Status.BOOKED


@pytest.mark.django_db
def test_reminders_go_out_once_when_the_command_runs_twice(monday_rule, german):
    appointment = book(german, now=NOW)
    day_before = appointment.timespan.lower - timedelta(hours=20)

    assert send_due_reminders(now=day_before) == 1
    assert send_due_reminders(now=day_before) == 0
    run_due(now=day_before)
    run_due(now=day_before)
    reminders = [m for m in mail.outbox if "morgen" in m.body]
    assert len(reminders) == 1


@pytest.mark.django_db
def test_purge_anonymises_old_clients_and_keeps_the_statistics(monday_rule, german):
    old = book(german, now=NOW)
    old.notes = "vertraulich"
    old.status = Appointment.Status.ATTENDED
    old.save()
    Client.objects.filter(pk=old.client_id).update(created_at=NOW - timedelta(days=1))
    before = appointment_statistics()
    later = old.timespan.upper + timedelta(days=181)
    with override_settings(COUNSELLING_RETENTION_DAYS=180):
        assert purge_personal_data(now=later) == 1
    old.refresh_from_db()
    client = old.client
    assert (client.name, client.email, client.phone, old.notes) == ("", "", "", "")
    assert client.child_birth_month == date(2025, 1, 1)
    assert old.status == Appointment.Status.ATTENDED
    assert appointment_statistics()["attended"] == before["attended"] == 1


@pytest.mark.django_db
def test_purge_keeps_clients_with_recent_appointments(monday_rule, german):
    appointment = book(german, now=NOW)
    assert purge_personal_data(now=appointment.timespan.upper + timedelta(days=10)) == 0


@pytest.mark.django_db
def test_the_commands_report_what_they_did(monday_rule, german):
    output = io.StringIO()
    call_command("send_reminders", stdout=output)
    call_command("purge_personal_data", stdout=output)
    assert "Reminders queued: 0" in output.getvalue()
    assert "Clients anonymised: 0" in output.getvalue()
    assert "Sent messages deleted: 0" in output.getvalue()


@pytest.mark.django_db
def test_one_address_books_at_most_five_times_an_hour(monday_rule, german):
    slots = free_slots(now=NOW)
    address = "203.0.113.9"
    for number, slot in enumerate(slots[:5]):
        book(german, slot.key, details=details(email=f"m{number}@example.net"), ip_address=address)
    with pytest.raises(RateLimited):
        book(german, slots[5].key, details=details(email="m9@example.net"), ip_address=address)
    assert Appointment.objects.count() == 5


def phone_only(phone: str) -> ClientDetails:
    return ClientDetails("Mutter", "", phone, date(2025, 6, 1), None, "de")


@pytest.mark.django_db
def test_at_most_three_future_appointments_per_phone_however_written(monday_rule, german):
    slots = free_slots(now=NOW)
    for slot, phone in zip(slots, ["0711 123456", "0711-12 34 56", "(0711) 123 456"], strict=False):
        book(german, slot.key, details=phone_only(phone))
    with pytest.raises(TooManyAppointments):
        book(german, slots[3].key, details=phone_only("0711/123456"))
    book(german, slots[3].key, details=phone_only("0711 654321"))


@pytest.mark.django_db
def test_one_phone_number_books_at_most_five_times_an_hour(monday_rule, german):
    slots = free_slots(now=NOW)
    for slot in slots[:5]:
        # Cancelled at once, so that the limit of future appointments never applies.
        cancel_appointment(book(german, slot.key, details=phone_only("0711 123456")), now=NOW)
    with pytest.raises(RateLimited):
        book(german, slots[5].key, details=phone_only("+0711 12-34-56"))
    assert not Appointment.objects.active().exists()
