"""Recommendation fixtures: a counsellor, a Turkish-speaking mother's appointment
in Bad Cannstatt, and offers of the catalogue (builders in tests/factories.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from counselling.models import Appointment, Counsellor
from integration_portal.models import District, Language
from measures.models import Measure
from partners.models import Partner
from tests.factories import (
    make_appointment,
    make_client,
    make_counsellor,
    make_location,
    make_measure,
)


@pytest.fixture(autouse=True)
def _messages_sent_on_commit(settings):
    """Messages leave right after the commit, as if the outbox's worker were quick."""
    settings.COUNSELLING_OUTBOX_SEND_ON_COMMIT = True
    settings.COUNSELLING_SMS_BACKEND = "counselling.sms.LocMemBackend"


@pytest.fixture
def turkish(db) -> Language:
    return Language.objects.get(code="tr")


@pytest.fixture
def cannstatt(db) -> District:
    return District.objects.get(slug="bad-cannstatt")


@pytest.fixture
def counsellor(counsellor_user, turkish) -> Counsellor:
    return make_counsellor(counsellor_user, turkish)


@pytest.fixture
def appointment(counsellor, turkish, cannstatt) -> Appointment:
    """An appointment that has begun, in Turkish, at the office in Bad Cannstatt;
    she reads the portal in Turkish."""
    start = (timezone.now() - timedelta(minutes=30)).replace(second=0, microsecond=0)
    client = make_client(name="Ayşe", email="ayse@example.net", ui_language="tr")
    return make_appointment(
        counsellor,
        start,
        client,
        language=turkish,
        mode="in_person",
        location=make_location(district=cannstatt),
    )


@pytest.fixture
def offers(partner_a: Partner) -> dict[str, Measure]:
    """A Turkish course with childcare in Bad Cannstatt (titled in Turkish), a
    German-only sewing café there, and a course in Mitte in German."""
    return {
        "course": make_measure(
            partner_a,
            "Deutschkurs mit Kinderbetreuung",
            title_tr="Çocuk bakımlı Almanca kursu",
            districts=("bad-cannstatt",),
            languages=("tr", "de"),
            childcare=True,
            contact_phone="0711 2161234",
            registration_url="https://example.org/anmelden",
            venue_street="Marktstraße 1",
            venue_postal_code="70372",
        ),
        "cafe": make_measure(
            partner_a,
            "Nähcafé für Mütter",
            domains=("family",),
            districts=("bad-cannstatt",),
            languages=("tr",),
        ),
        "elsewhere": make_measure(partner_a, "Sprachkurs in Mitte", districts=("mitte",)),
    }
