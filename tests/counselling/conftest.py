"""Counselling fixtures: a counsellor profile with a weekly rule, and a helper to book."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

from counselling.models import AvailabilityRule, Client, Counsellor, Location, Mode, Topic
from counselling.slots import BERLIN
from integration_portal.models import District, Language
from integration_portal.roles import COUNSELLOR
from tests.conftest import make_user

# A Monday in term time, far from holidays.
MONDAY = date(2027, 2, 1)


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


@pytest.fixture
def german(db) -> Language:
    return Language.objects.get(code="de")


@pytest.fixture
def location(db) -> Location:
    return Location.objects.create(
        name="Welcome Center",
        address="Charlottenplatz 17, 70173 Stuttgart",
        district=District.objects.get(slug="mitte"),
        wheelchair_accessible=True,
    )


def make_counsellor(user, german: Language) -> Counsellor:
    counsellor = Counsellor.objects.create(
        user=user, modes=list(Mode.values), topics=list(Topic.values)
    )
    counsellor.languages.add(german)
    return counsellor


@pytest.fixture
def counsellor(counsellor_user, german) -> Counsellor:
    return make_counsellor(counsellor_user, german)


@pytest.fixture
def other_counsellor(german) -> Counsellor:
    return make_counsellor(make_user("counsellor-other@example.org", COUNSELLOR), german)


def add_rule(
    counsellor: Counsellor, weekday: int = 0, start: int = 9, end: int = 12, **extra
) -> AvailabilityRule:
    values = {"slot_minutes": 60, "mode": Mode.PHONE, "valid_from": date(2026, 1, 1)}
    values.update(extra)
    return AvailabilityRule.objects.create(
        counsellor=counsellor, weekday=weekday, start_time=time(start), end_time=time(end), **values
    )


@pytest.fixture
def monday_rule(counsellor) -> AvailabilityRule:
    return add_rule(counsellor)


def make_client(**extra) -> Client:
    values = {
        "name": "Test Mutter",
        "email": "mutter@example.net",
        "child_birth_month": date(2026, 1, 1),
    }
    values.update(extra)
    return Client.objects.create(**values)


def span(start: datetime, minutes: int = 60) -> DateTimeTZRange:
    return DateTimeTZRange(start, start + timedelta(minutes=minutes))


def answer_child(client, month: int = 5, year: int = 2025, language: str | None = None):
    """The booking's first question: the youngest child's month of birth."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language or translation.get_language()):
        url = reverse("counselling:child")
    return client.post(url, {"child_month": str(month), "child_year": str(year)})


@pytest.fixture(autouse=True)
def _sms_in_memory(settings):
    """Short messages stay in `counselling.sms.outbox`, emptied for each test."""
    from counselling import sms

    settings.COUNSELLING_SMS_BACKEND = "counselling.sms.LocMemBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()
