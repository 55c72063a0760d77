"""Dates, times and the retention period as a reader of each UI language writes them.

One appointment, Monday 7 December 2026 at 10:00 in Stuttgart, booked through
the public flow in each of the five languages: the slot page, the check page,
the confirmation, the personal link page and the email (also when the email is
rendered while another language is active) spell it the way that language does.
"""

from datetime import date, datetime

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from counselling.emails import deliver
from counselling.models import Appointment, Topic
from counselling.services import ClientDetails, book_appointment
from counselling.slots import BERLIN, free_slots
from tests.factories import add_rule

from .conftest import answer_child

pytestmark = pytest.mark.django_db

LANGUAGES = ("de", "en", "tr", "ar", "uk")

# A week before the appointment: Monday 7 December 2026 is the first day offered.
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
APPOINTMENT_START = datetime(2026, 12, 7, 10, 0, tzinfo=BERLIN)

DAY = {
    "de": "Montag, 7. Dezember 2026",
    "en": "Monday 7 December 2026",
    "tr": "7 Aralık 2026 Pazartesi",
    "ar": "الاثنين، 7 ديسمبر 2026",
    "uk": "понеділок, 7 грудня 2026 р.",
}
# The appointment's day, start and end: the 24-hour clock in every language.
DAY_AND_TIME = {
    "de": "Montag, 7. Dezember 2026, 10:00–11:00",
    "en": "Monday 7 December 2026, 10:00–11:00",
    "tr": "7 Aralık 2026 Pazartesi, 10:00–11:00",
    "ar": "الاثنين، 7 ديسمبر 2026، 10:00–11:00",
    "uk": "понеділок, 7 грудня 2026 р., 10:00–11:00",
}
# The times themselves run left to right, isolated from the text around them.
ISOLATED_TIMES = {
    "page": '<bdi dir="ltr">10:00–11:00</bdi>',
    "mail": "\u206610:00–11:00\u2069",
}


def readable(text: str) -> str:
    """The text as it reads, without the marks that isolate its directions."""
    for mark in ('<bdi dir="ltr">', "<bdi>", "</bdi>", "\u2066", "\u2068", "\u2069"):
        text = text.replace(mark, "")
    return text


# The child's month of birth on the check page.
BIRTH_MONTH = {
    "de": "Mai 2026",
    "en": "May 2026",
    "tr": "Mayıs 2026",
    "ar": "مايو 2026",
    "uk": "травень 2026 р.",
}


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    """The pages offer slots from "now" on; fix it so the first day offered is known."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def monday_mornings(counsellor):
    """Phone appointments on Monday from 9 to 12, in hours."""
    return add_rule(counsellor)


def url(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def walk_to_slots(client, language: str, german) -> str:
    """Answer child, topic, language and mode; return the slot page."""
    answer_child(client, 5, 2026, language)
    client.post(url("counselling:topic", language), {"topic": Topic.CAREER})
    client.post(url("counselling:language", language), {"language": german.pk})
    client.post(url("counselling:mode", language), {"mode": "phone"})
    response = client.get(url("counselling:slots", language))
    assert response.status_code == 200
    return response.content.decode()


def choose_ten_oclock(client, language: str) -> None:
    ten = next(slot for slot in free_slots() if slot.start == APPOINTMENT_START)
    response = client.post(url("counselling:slots", language), {"slot": ten.key})
    assert response.status_code == 302


def fill_in_details(client, language: str, email: str) -> None:
    response = client.post(
        url("counselling:details", language),
        {
            "name": "Aylin",
            "email": email,
            "phone": "0151 23456789",
            "consent": "on",
        },
    )
    assert response.url == url("counselling:check", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_booking_flow_spells_the_appointment_in_the_chosen_language(
    client, language, monday_mornings, german, django_capture_on_commit_callbacks
):
    slots = walk_to_slots(client, language, german)
    assert f'<legend class="kern-label">{DAY[language]}</legend>' in slots
    assert "10:00–11:00" in slots
    choose_ten_oclock(client, language)
    fill_in_details(client, language, f"{language}@example.net")

    check = client.get(url("counselling:check", language)).content.decode()
    assert ISOLATED_TIMES["page"] in check
    check = readable(check)
    assert DAY_AND_TIME[language] in check
    assert BIRTH_MONTH[language] in check

    with django_capture_on_commit_callbacks(execute=True):
        booked = client.post(url("counselling:check", language))
    assert booked.url == url("counselling:done", language)
    done = readable(client.get(booked.url).content.decode())
    assert DAY_AND_TIME[language] in done

    appointment = Appointment.objects.get()
    personal = client.get(url("counselling:appointment", language, appointment.token))
    assert DAY_AND_TIME[language] in readable(personal.content.decode())

    (email,) = mail.outbox
    assert ISOLATED_TIMES["mail"] in email.body
    german_part, *chosen_part = readable(email.body).split("----------")
    assert DAY_AND_TIME["de"] in german_part
    if language != "de":
        assert DAY_AND_TIME[language] in chosen_part[0]
        assert DAY_AND_TIME["de"] not in chosen_part[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_email_uses_the_formats_of_its_language_not_the_active_one(
    language, monday_mornings, german
):
    ten = next(slot for slot in free_slots() if slot.start == APPOINTMENT_START)
    appointment = book_appointment(
        slot_key=ten.key,
        details=ClientDetails("Aylin", "aylin@example.net", "", date(2026, 5, 1), None, language),
        topic=Topic.CAREER,
        language=german,
    )
    active = "en" if language != "en" else "tr"
    with translation.override(active):
        assert deliver(appointment, "reminder")
    body = readable(mail.outbox[-1].body)
    assert DAY_AND_TIME[language] in body
    assert DAY_AND_TIME[active] not in body


RETENTION = {
    180: {
        "de": "Wir speichern Ihre Angaben bis 6 Monate nach Ihrem letzten Termin.",
        "en": "We keep your details for 6 months after your last appointment.",
        "uk": "Ми зберігаємо ваші дані 6 місяців після вашого останнього запису.",
    },
    60: {
        "de": "Wir speichern Ihre Angaben bis 2 Monate nach Ihrem letzten Termin.",
        "en": "We keep your details for 2 months after your last appointment.",
        "uk": "Ми зберігаємо ваші дані 2 місяці після вашого останнього запису.",
    },
    45: {
        "de": "Wir speichern Ihre Angaben bis 45 Tage nach Ihrem letzten Termin.",
        "en": "We keep your details for 45 days after your last appointment.",
        "uk": "Ми зберігаємо ваші дані 45 днів після вашого останнього запису.",
    },
    1: {
        "de": "Wir speichern Ihre Angaben bis 1 Tag nach Ihrem letzten Termin.",
        "en": "We keep your details for 1 day after your last appointment.",
        "uk": "Ми зберігаємо ваші дані 1 день після вашого останнього запису.",
    },
}


@pytest.mark.parametrize("days", RETENTION)
@pytest.mark.parametrize("language", ["de", "en", "uk"])
def test_the_details_page_states_the_retention_period_of_the_setting(
    client, language, days, monday_mornings, german
):
    walk_to_slots(client, language, german)
    choose_ten_oclock(client, language)
    with override_settings(COUNSELLING_RETENTION_DAYS=days):
        page = client.get(url("counselling:details", language)).content.decode()
    assert RETENTION[days][language] in page


PRIVACY = {
    180: {
        "de": "6 Monate nach dem Termin anonymisieren wir Ihre Daten",
        "en": "6 months after the appointment we anonymise your data",
        "tr": "Randevudan 6 ay sonra verilerinizi anonim",
        "ar": "بعد 6 أشهر من الموعد",
        "uk": "Через 6 місяців після зустрічі",
    },
    90: {
        "de": "3 Monate nach dem Termin anonymisieren wir Ihre Daten",
        "en": "3 months after the appointment we anonymise your data",
        "tr": "Randevudan 3 ay sonra verilerinizi anonim",
        "ar": "بعد 3 أشهر من الموعد",
        "uk": "Через 3 місяці після зустрічі",
    },
    100: {
        "de": "100 Tage nach dem Termin anonymisieren wir Ihre Daten",
        "en": "100 days after the appointment we anonymise your data",
        "tr": "Randevudan 100 gün sonra verilerinizi anonim",
        "ar": "بعد 100 يوم من الموعد",
        "uk": "Через 100 днів після зустрічі",
    },
}


@pytest.mark.parametrize("days", PRIVACY)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_privacy_notice_states_the_retention_period_of_the_setting(client, language, days):
    with override_settings(COUNSELLING_RETENTION_DAYS=days):
        page = client.get(url("page", language, "privacy")).content.decode()
    assert PRIVACY[days][language] in page


def test_the_easy_language_page_in_german_states_the_retention_period_of_the_setting(client):
    with override_settings(COUNSELLING_RETENTION_DAYS=14):
        # Turkish readers get the German page; the period is in German too.
        page = client.get(url("page", "tr", "easy-language")).content.decode()
    assert "14 Tage nach dem Termin löschen wir" in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_afternoon_times_are_on_the_24_hour_clock(language):
    afternoon = Template(
        '{% load local_formats %}{{ start|time }} {{ start|named_date:"DATETIME_FORMAT" }}'
    )
    with translation.override(language), timezone.override(BERLIN):
        text = afternoon.render(Context({"start": datetime(2026, 12, 7, 14, 30, tzinfo=BERLIN)}))
    assert text.startswith("14:30 ")
    assert text.endswith("14:30")
