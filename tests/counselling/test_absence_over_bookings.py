"""An absence over booked appointments: the desk sees them before saving, hands
each to another counsellor or cancels it, and every mother is told in her language."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from counselling.models import Absence, Appointment, Topic
from counselling.services import ClientDetails, book_appointment
from counselling.slots import BERLIN, free_slots
from tests.factories import add_rule

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
TUESDAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def book_with(counsellor, german, hour: int, language: str, email: str) -> Appointment:
    start = datetime(2026, 12, 1, hour, tzinfo=BERLIN)
    slot = next(
        s for s in free_slots(counsellor_id=counsellor.pk, notice=timedelta(0)) if s.start == start
    )
    return book_appointment(
        slot_key=slot.key,
        details=ClientDetails("Mutter", email, "", date(2025, 6, 1), None, language),
        topic=Topic.CAREER,
        language=german,
        by_staff=True,
    )


@pytest.fixture
def bookings(counsellor, other_counsellor, german, django_capture_on_commit_callbacks):
    """Tuesday 9 and 10 o'clock booked with the counsellor; the other counsellor
    is free at 9 but booked herself at 10."""
    add_rule(counsellor, weekday=1)
    add_rule(other_counsellor, weekday=1)
    with django_capture_on_commit_callbacks(execute=True):
        nine = book_with(counsellor, german, 9, "tr", "ayse@example.net")
        ten = book_with(counsellor, german, 10, "ar", "amal@example.net")
        book_with(other_counsellor, german, 10, "de", "other@example.net")
    mail.outbox.clear()
    return nine, ten


ABSENCE = {"start": "2026-12-01T08:00", "end": "2026-12-01T13:00", "reason": "Fortbildung"}


def test_the_desk_sees_the_booked_appointments_before_the_absence_is_saved(
    client, counsellor_user, counsellor, other_counsellor, bookings
):
    client.force_login(counsellor_user)
    url = reverse("desk:absence_add", args=[counsellor.pk])
    response = client.post(url, ABSENCE)
    assert response.status_code == 200
    page = response.content.decode()
    nine, ten = bookings
    assert f'name="appointment-{nine.pk}" value="move"' in page
    assert f'name="appointment-{ten.pk}" value="move"' not in page
    assert f'name="appointment-{ten.pk}" value="cancel"' in page
    assert str(other_counsellor) in page
    assert 'value="Fortbildung"' in page
    assert not Absence.objects.exists()
    assert not mail.outbox


def test_each_appointment_is_handed_over_or_cancelled_and_each_mother_told(
    client,
    counsellor_user,
    counsellor,
    other_counsellor,
    bookings,
    django_capture_on_commit_callbacks,
):
    client.force_login(counsellor_user)
    nine, ten = bookings
    url = reverse("desk:absence_add", args=[counsellor.pk])
    decisions = {f"appointment-{nine.pk}": "move", f"appointment-{ten.pk}": "cancel"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**ABSENCE, **decisions, "confirmed": "1"})
    assert response.url == reverse("desk:availability", args=[counsellor.pk])
    assert Absence.objects.get().counsellor == counsellor

    nine.refresh_from_db()
    ten.refresh_from_db()
    assert nine.counsellor == other_counsellor
    assert nine.status == Appointment.Status.BOOKED
    assert nine.start == datetime(2026, 12, 1, 9, tzinfo=BERLIN)
    assert ten.status == Appointment.Status.CANCELLED

    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {"ayse@example.net", "amal@example.net"}
    assert "Danışmanlık randevunuzun zamanı değiştirildi" in told["ayse@example.net"].body
    cancelled = told["amal@example.net"].body
    assert "تم إلغاء موعد استشارتكِ" in cancelled
    assert "/ar/counselling/" in cancelled


def test_an_absence_over_no_booking_is_saved_at_once(client, counsellor_user, counsellor):
    client.force_login(counsellor_user)
    response = client.post(reverse("desk:absence_add", args=[counsellor.pk]), ABSENCE)
    assert response.status_code == 302
    assert Absence.objects.count() == 1
