"""A choice without results suggests a way out, never a dead end."""

import pytest

from measures.models import Measure

URL = "/en/measures/"


@pytest.fixture
def offers(make_measure):
    make_measure("Sprachcafé", districts=("mitte",), domains=("language",))
    make_measure("Deutschkurs am Abend", districts=("mitte",), domains=("language", "work"))
    make_measure("Bewerbungstraining", districts=("west",), domains=("work",), is_free=False)
    make_measure("Deutschkurs im Entwurf", status=Measure.Status.DRAFT, domains=("health",))


def test_the_most_restrictive_filter_is_named_with_the_offers_without_it(client, offers):
    response = client.get(URL, {"district": "west", "domain": "language", "free": "1"})
    assert response.context["page"].paginator.count == 0
    way_out = response.context["way_out"]
    # without the district: 2 offers; without the domain or the price: 0
    assert way_out.text == "District: West"
    assert way_out.count == 2
    assert way_out.query == "domain=language&free=1"
    html = response.content.decode()
    assert "Without “District: West”: 2 offers" in html


def test_related_life_domains_are_those_with_offers_for_the_words(client, offers):
    response = client.get(URL, {"q": "Deutschkurs", "district": "west"})
    way_out = response.context["way_out"]
    assert [domain.slug for domain in way_out.domains] == ["language", "work"]
    assert 'href="?domain=language"' in response.content.decode()


def test_the_counselling_offer_is_always_suggested(client, offers):
    html = client.get(URL, {"q": "Xylophon"}).content.decode()
    assert 'href="/en/counselling/"' in html
    assert "Book an appointment" in html


def test_a_page_with_results_has_no_way_out(client, offers):
    response = client.get(URL, {"district": "mitte"})
    assert "way_out" not in response.context
