import datetime

import pytest

from integration_portal.models import District, LifeDomain
from partners.models import ContactPerson, Partner
from tests import factories


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def store_file(media, name: str, content: bytes = b"logo") -> None:
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


@pytest.fixture
def make_partner(db):
    """A public, active partner (`tests.factories.make_partner`)."""
    return factories.make_partner


@pytest.fixture
def full_partner(db) -> Partner:
    """A partner with every field filled, including the awkward values a spreadsheet mangles."""
    partner = Partner.objects.create(
        name='Türkisch-Deutscher Kulturverein, "Köprü" e. V.',
        slug="koepru",
        sector=Partner.Sector.MIGRANT_ORGANISATION,
        description_de="Erste Zeile;\nzweite Zeile mit „Anführungszeichen“",
        description_en='=HYPERLINK("http://evil.example")',
        description_tr="Ödev yardımı ve veli kafesi",
        description_ar="مرافقة في لقاءات أولياء الأمور",
        description_uk="Мовні тандеми",
        website="https://koepru.example/",
        email="info@koepru.example",
        phone="+49 711 123456",
        street="Stuttgarter Straße 88",
        postal_code="70469",
        city="Stuttgart",
        district=District.objects.get(slug="feuerbach"),
        member_since=datetime.date(2007, 5, 31),
        logo="partners/logos/koepru.png",
        is_public=False,
        is_active=True,
    )
    partner.life_domains.set(LifeDomain.objects.filter(slug__in=["family", "participation"]))
    ContactPerson.objects.create(
        partner=partner, name="Ayşe Geheim", email="ayse.geheim@koepru.example", phone="0711 999"
    )
    return partner
