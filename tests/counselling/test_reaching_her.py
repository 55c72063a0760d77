"""The booking reaches every mother: eligibility first, checked contact data,
how to join, and one appointment with one story when it is moved or cancelled."""

import re
from datetime import date, datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from counselling.models import Appointment, Mode, Topic
from counselling.services import ClientDetails, book_appointment, cancel_appointment
from counselling.slots import BERLIN, free_slots
from tests.factories import add_rule

# Monday 30 November 2026: the first free day is Tuesday 1 December.
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def weekdays(counsellor):
    for weekday in range(5):
        add_rule(counsellor, weekday=weekday)


@pytest.fixture
def video_weekdays(counsellor):
    counsellor.video_link = "https://video.example.org/room/beratung-7"
    counsellor.save()
    for weekday in range(5):
        add_rule(counsellor, weekday=weekday, mode=Mode.VIDEO)


def answer(client, step: str, **data):
    return client.post(reverse(f"counselling:{step}"), data)


def walk_to_details(client, german, *, born=(5, 2025), mode="phone"):
    answer(client, "child", child_month=born[0], child_year=born[1])
    answer(client, "topic", topic=Topic.CAREER)
    answer(client, "language", language=german.pk)
    answer(client, "mode", mode=mode)
    key = client.get(reverse("counselling:slots")).context["days"][0][1][0][0].key
    assert answer(client, "slots", slot=key).status_code == 302


# Eligibility first.


def test_the_first_question_is_the_childs_month_of_birth(client, weekdays):
    start = client.get(reverse("counselling:start")).content.decode()
    assert f'href="{reverse("counselling:child")}"' in start
    assert client.get(reverse("counselling:topic")).url == reverse("counselling:start")
    page = client.get(reverse("counselling:child")).content.decode()
    assert '<h1 class="kern-heading-large">Wann wurde Ihr jüngstes Kind geboren?</h1>' in page


def test_a_child_who_is_three_before_the_first_free_day_is_told_at_once(client, weekdays):
    response = answer(client, "child", child_month=11, child_year=2023)
    assert response.url == reverse("counselling:not_eligible")


def test_born_in_december_2023_she_is_offered_times_until_30_december(client, weekdays, german):
    assert answer(client, "child", child_month=12, child_year=2023).url == reverse(
        "counselling:topic"
    )
    answer(client, "topic", topic=Topic.CAREER)
    answer(client, "language", language=german.pk)
    answer(client, "mode", mode="phone")
    page = client.get(reverse("counselling:slots"))
    days = [day for day, _slots in page.context["days"]]
    assert date(2026, 12, 8) in days
    assert max(days) == date(2026, 12, 30)
    assert "30. Dezember 2026" in page.content.decode()


def test_a_future_month_of_birth_is_refused_and_kept(client, weekdays):
    response = answer(client, "child", child_month=12, child_year=2026)
    assert response.status_code == 200
    assert "Der Geburtsmonat kann nicht in der Zukunft liegen." in response.content.decode()
    assert 'value="12" selected' in response.content.decode()


# Contact data, steps and how to join.


def test_every_step_has_a_heading_a_progress_line_and_the_portals_messages(
    client, weekdays, german
):
    walk_to_details(client, german)
    answer(client, "details", name="Aylin", phone="0151 23456789", consent="on")
    steps = ["child", "topic", "language", "mode", "slots", "details", "check"]
    for number, step in enumerate(steps, start=1):
        page = client.get(reverse(f"counselling:{step}")).content.decode()
        assert page.count("<h1") == 1, step
        assert f"Schritt {number} von 7" in page, step
        if step != "check":
            assert '<form method="post" novalidate' in page, step


def test_a_phone_number_is_checked_and_stored_as_e164(client, weekdays, german):
    walk_to_details(client, german)
    details = {"name": "Aylin", "consent": "on"}
    response = answer(client, "details", **details, phone="abc")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geben Sie eine Telefonnummer mit Vorwahl ein" in page
    assert 'value="abc"' in page
    assert 'autocomplete="tel"' in page and 'type="tel"' in page
    assert 'autocomplete="name"' in page and 'autocomplete="email"' in page
    for name in ("phone", "email"):
        (tag,) = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert 'dir="ltr"' in tag

    assert answer(client, "details", **details, phone="0151 2345 6789").status_code == 302
    assert client.session["counselling_booking"]["details"]["phone"] == "+4915123456789"


def test_a_phone_appointment_needs_a_phone_number(client, weekdays, german):
    walk_to_details(client, german)
    response = answer(client, "details", name="Aylin", email="a@example.net", consent="on")
    assert response.status_code == 200
    assert "Geben Sie die Telefonnummer ein, unter der" in response.content.decode()


def test_a_phone_appointment_says_who_calls_whom(client, weekdays, german, mailoutbox):
    walk_to_details(client, german)
    answer(
        client, "details", name="Aylin", phone="0151 23456789", email="a@example.net", consent="on"
    )
    check = client.get(reverse("counselling:check")).content.decode()
    assert 'href="tel:+4915123456789"' in check
    answer(client, "check")
    done = client.get(reverse("counselling:done")).content.decode()
    assert "Ihre Beraterin ruft Sie unter" in done
    assert 'href="tel:+4915123456789"' in done


def test_a_video_appointment_says_how_to_join(
    client, video_weekdays, german, django_capture_on_commit_callbacks
):
    walk_to_details(client, german, mode="video")
    answer(client, "details", name="Aylin", email="aylin@example.net", consent="on")
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, "check")
    done = client.get(reverse("counselling:done")).content.decode()
    link = "https://video.example.org/room/beratung-7"
    assert f'href="{link}"' in done
    (message,) = mail.outbox
    assert link in message.body
    event = calendar(message).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == link


# One appointment, one story.


def calendar(message) -> Calendar:
    (attachment,) = message.attachments
    return Calendar.from_ical(attachment[1])


def booked(german, *, phone="", email="mutter@example.net", language="de") -> Appointment:
    slot = free_slots()[0]
    return book_appointment(
        slot_key=slot.key,
        details=ClientDetails("Mutter", email, phone, date(2025, 6, 1), None, language),
        topic=Topic.CAREER,
        language=german,
    )


def test_a_moved_appointment_keeps_her_link_and_her_calendar_entry(
    client, weekdays, german, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = booked(german, language="ar")
    first = calendar(mail.outbox[0]).walk("VEVENT")[0]
    link = reverse("counselling:appointment", args=[appointment.token])
    new_slot = free_slots()[3]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{link}move/", {"slot": new_slot.key})
    assert response.url == link
    assert Appointment.objects.count() == 1
    moved = Appointment.objects.get()
    assert moved.timespan.lower == new_slot.start
    assert moved.status == Appointment.Status.BOOKED

    page = client.get(link).content.decode()
    assert new_slot.local_start.strftime("%H:%M") in page
    assert "Storniert" not in page

    message = mail.outbox[1]
    assert message.subject == "Ihr Beratungstermin wurde verschoben"
    assert "verschoben" in message.body and "Danke" not in message.body
    assert "تم نقل" in message.body
    event = calendar(message).walk("VEVENT")[0]
    assert event["UID"] == first["UID"]
    assert event["SEQUENCE"] > first["SEQUENCE"]
    assert event.decoded("DTSTART") == new_slot.start


@pytest.mark.parametrize("by_staff", [False, True])
def test_a_cancellation_is_told_with_a_calendar_cancel_and_a_way_back(
    weekdays, german, django_capture_on_commit_callbacks, by_staff
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = booked(german)
    first = calendar(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        cancel_appointment(appointment, by_staff=by_staff)
    message = mail.outbox[1]
    assert message.subject == "Ihr Beratungstermin wurde abgesagt"
    assert "Danke" not in message.body
    assert message.body.rstrip().endswith(f"{settings.SITE_URL}/de/counselling/")
    cancelled = calendar(message)
    assert cancelled["METHOD"] == "CANCEL"
    event = cancelled.walk("VEVENT")[0]
    assert event["UID"] == first.walk("VEVENT")[0]["UID"]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] > first.walk("VEVENT")[0]["SEQUENCE"]


def test_with_only_a_phone_the_confirmation_page_points_to_the_sms(client, weekdays, german):
    walk_to_details(client, german)
    answer(client, "details", name="Aylin", phone="0151 23456789", consent="on")
    answer(client, "check")
    done = client.get(reverse("counselling:done")).content.decode()
    assert "Wir haben Ihnen eine Bestätigung per SMS geschickt." in done
    assert "per E-Mail geschickt" not in done
