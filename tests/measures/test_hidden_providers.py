"""A measure is public only while its provider is: an inactive partner, or one
hidden from the directory, takes its measures out of every public place —
and the page caches do not keep serving them."""

import csv
import io
import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from measures.dashboard import build_matrix
from measures.models import Measure
from measures.templatetags.measures import life_domains_with_offer_counts
from partners.models import Partner
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HIDDEN = {"inactive": {"is_active": False}, "not public": {"is_public": False}}


@pytest.fixture(params=HIDDEN)
def hidden_provider(request, db) -> Partner:
    return Partner.objects.create(
        name="Stiller Verein", slug="still", sector=Partner.Sector.CULTURE, **HIDDEN[request.param]
    )


@pytest.fixture
def shown_and_hidden(make_measure, hidden_provider) -> tuple[Measure, Measure]:
    shown = make_measure("Sichtbarer Kurs", start_date=date(2030, 3, 1))
    hidden = make_measure("Verborgener Kurs", provider=hidden_provider, start_date=date(2030, 3, 1))
    return shown, hidden


def test_the_one_definition_of_visible_leaves_out_hidden_providers(shown_and_hidden):
    shown, _hidden = shown_and_hidden
    assert list(Measure.objects.visible()) == [shown]


def test_a_hidden_providers_measure_has_no_page_and_no_calendar(client, shown_and_hidden):
    shown, hidden = shown_and_hidden
    for measure, expected in ((shown, 200), (hidden, 404)):
        assert client.get(measure.get_absolute_url()).status_code == expected
        calendar = reverse("measures:calendar", args=[measure.slug])
        assert client.get(calendar).status_code == expected


def test_catalogue_facets_open_data_and_sitemap_leave_it_out(client, shown_and_hidden):
    shown, hidden = shown_and_hidden
    response = client.get(reverse("measures:catalogue"))
    catalogue = response.content.decode()
    assert "Sichtbarer Kurs" in catalogue
    assert "Verborgener Kurs" not in catalogue
    assert "Verborgener Kurs" not in client.get("/de/measures/?q=Kurs").content.decode()
    domains = {facet.name: facet for facet in response.context["facets"]}["domain"]
    assert [(choice.value, choice.count) for choice in domains.choices] == [("language", 1)]
    assert response.context["page"].paginator.count == 1

    records = json.loads(client.get("/api/measures.json").content)["measures"]
    assert [record["title_de"] for record in records] == ["Sichtbarer Kurs"]
    text = b"".join(client.get("/api/measures.csv").streaming_content).decode()
    assert [row["title_de"] for row in csv.DictReader(io.StringIO(text))] == ["Sichtbarer Kurs"]
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/{shown.slug}/" in sitemap
    assert f"/{hidden.slug}/" not in sitemap


def test_home_page_and_dashboard_count_only_measures_of_visible_providers(client, shown_and_hidden):
    counts = {domain.slug: domain.measure_count for domain in life_domains_with_offer_counts()}
    assert counts["language"] == 1
    matrix = build_matrix()
    assert matrix.total == 1
    language = next(row for row in matrix.rows if row.domain.slug == "language")
    assert sum(language.cells) == 1


def test_a_hidden_partner_has_no_page_and_its_measures_no_link_elsewhere(
    client, shown_and_hidden, hidden_provider, partner_a
):
    assert client.get(hidden_provider.get_absolute_url()).status_code == 404
    shown, _hidden = shown_and_hidden
    shown.cooperating_partners.set([hidden_provider])
    detail = client.get(shown.get_absolute_url()).content.decode()
    assert "Stiller Verein" not in detail
    partner_page = client.get(partner_a.get_absolute_url()).content.decode()
    assert "Sichtbarer Kurs" in partner_page


def test_a_cached_page_is_not_served_after_the_partner_is_deactivated(
    client, make_measure, partner_a, staff_user
):
    measure = make_measure("Sprachcafé", start_date=date(2030, 3, 1))
    visitor = Client()
    assert visitor.get(measure.get_absolute_url()).status_code == 200
    assert "Sprachcafé" in visitor.get(reverse("measures:catalogue")).content.decode()

    client.login(username=staff_user.email, password=PASSWORD)
    client.post(
        "/admin/partners/partner/", {"action": "deactivate", "_selected_action": [partner_a.pk]}
    )
    partner_a.refresh_from_db()
    assert partner_a.is_active is False
    assert visitor.get(measure.get_absolute_url()).status_code == 404
    assert "Sprachcafé" not in visitor.get(reverse("measures:catalogue")).content.decode()
