"""The public partner directory, the partner page and the open data."""

import json
import re

import pytest

from integration_portal.models import District
from partners.models import ContactPerson

pytestmark = pytest.mark.django_db


def test_directory_lists_only_public_active_partners(client, make_partner):
    make_partner(name="Sichtbarer Verein")
    make_partner(name="Versteckter Verein", is_public=False)
    make_partner(name="Ehemaliger Verein", is_active=False)
    html = client.get("/de/partners/").content.decode()
    assert "Sichtbarer Verein" in html
    assert "Versteckter Verein" not in html
    assert "Ehemaliger Verein" not in html


@pytest.mark.parametrize("field", [{"is_public": False}, {"is_active": False}])
def test_hidden_partner_page_does_not_exist_for_the_public(client, make_partner, field):
    partner = make_partner(**field)
    assert client.get(f"/de/partners/{partner.slug}/").status_code == 404


def test_repeated_filter_values_mean_or_and_different_filters_mean_and(client, make_partner):
    ost = District.objects.get(slug="ost")
    make_partner(name="Kultur Ost", sector="culture", district=ost)
    make_partner(name="Bildung Ost", sector="education", district=ost)
    make_partner(name="Wohlfahrt Ost", sector="welfare", district=ost)
    make_partner(name="Kultur Nord", sector="culture", district=District.objects.get(slug="nord"))
    html = client.get("/en/partners/?sector=culture&sector=education&district=ost").content.decode()
    assert "Kultur Ost" in html and "Bildung Ost" in html
    assert "Wohlfahrt Ost" not in html and "Kultur Nord" not in html
    assert "2 partners" in html


def facet_counts(html: str, name: str) -> dict[str, int]:
    pattern = (
        rf'name="{name}" value="([^"]+)"[^>]*>\s*'
        r'<label[^>]*>[^<]*<span class="facet-count">\((\d+)\)'
    )
    return {value: int(count) for value, count in re.findall(pattern, html)}


def test_facet_counts_equal_the_number_of_partners_each_choice_shows(client, make_partner):
    ost = District.objects.get(slug="ost")
    make_partner(sector="culture", district=ost, life_domains=("family", "language"))
    make_partner(sector="culture", life_domains=("family",))
    make_partner(sector="welfare", district=ost, life_domains=("work",))
    make_partner(sector="welfare", district=ost, is_public=False, life_domains=("work",))
    query = "?domain=family"
    html = client.get(f"/en/partners/{query}").content.decode()
    for name in ["sector", "domain", "district"]:
        for value, count in facet_counts(html, name).items():
            params = {key: vals for key, vals in [("domain", ["family"])] if key != name}
            params.setdefault(name, []).append(value)
            real = client.get("/en/partners/", params).context["page"].paginator.count
            assert count == real, (name, value)
    assert facet_counts(html, "sector")["culture"] == 2
    assert facet_counts(html, "domain")["work"] == 1
    assert facet_counts(html, "district")["ost"] == 1


def test_active_filter_can_be_removed_by_a_link(client, make_partner):
    make_partner(sector="culture")
    html = client.get("/en/partners/?sector=culture&sector=welfare&page=1").content.decode()
    assert 'href="?sector=welfare"' in html
    assert "Remove filter Sector: Culture" in html


def test_unknown_filter_values_are_ignored_with_a_message(client, make_partner):
    make_partner(name="Irgendein Verein")
    response = client.get("/en/partners/?domain=cooking&district=atlantis&sector=x&page=abc")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Irgendein Verein" in html
    assert "Some filter values were not recognised" in html


def test_directory_is_paginated(client, make_partner):
    for _ in range(25):
        make_partner()
    first = client.get("/en/partners/?sector=civil-society").content.decode()
    assert "Page 1 of 2" in first
    assert 'href="?sector=civil-society&amp;page=2"' in first
    second = client.get("/en/partners/?sector=civil-society&page=2").content.decode()
    assert second.count("partner-card") == 5


@pytest.mark.parametrize("count", [10, 60])
def test_directory_query_count_does_not_grow_with_partners(
    client, make_partner, count, django_assert_max_num_queries
):
    ost = District.objects.get(slug="ost")
    for _ in range(count):
        make_partner(district=ost, life_domains=("family", "work"))
    with django_assert_max_num_queries(14):
        response = client.get("/en/partners/?domain=family&district=ost")
    assert response.status_code == 200


def test_contact_persons_never_appear_in_public_html_or_json(client, make_partner):
    partner = make_partner(name="Öffentlicher Verein")
    ContactPerson.objects.create(partner=partner, name="Geheime Person", email="geheim@example.org")
    pages = [
        client.get("/de/partners/").content.decode(),
        client.get(f"/de/partners/{partner.slug}/").content.decode(),
        client.get("/api/partners.json").content.decode(),
    ]
    assert "Öffentlicher Verein" in pages[0]
    for page in pages:
        assert "Geheime Person" not in page
        assert "geheim@example.org" not in page


def test_partner_page_shows_what_a_citizen_needs(client, make_partner):
    partner = make_partner(
        name="Kulturverein",
        description_de="Deutscher Text",
        street="Marktplatz 1",
        postal_code="70173",
        website="https://verein.example/",
        phone="0711 123",
        district=District.objects.get(slug="mitte"),
        life_domains=("family",),
    )
    html = client.get(f"/en/partners/{partner.slug}/").content.decode()
    assert '<div class="prose" lang="de">' in html
    assert (
        "https://www.openstreetmap.org/search?query=Marktplatz%201%2C%2070173%20Stuttgart" in html
    )
    assert 'href="https://verein.example/"' in html
    assert 'href="tel:0711123"' in html
    assert "Family" in html


def test_partner_page_has_organization_json_ld_that_cannot_break_out_of_its_script(
    client, make_partner
):
    partner = make_partner(name="</script><script>alert(1)</script> & Co")
    html = client.get(f"/de/partners/{partner.slug}/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Organization"
    assert data["name"] == partner.name
    assert "<script>alert" not in html


def test_open_data_lists_public_partners_with_licence_and_stable_fields(
    client, full_partner, make_partner
):
    make_partner(
        name="Offener Verein",
        slug="offen",
        life_domains=("work",),
        district=District.objects.get(slug="ost"),
    )
    data = client.get("/api/partners.json").json()
    assert data["license"]["id"] == "dl-de/by-2-0"
    assert data["license"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
    assert data["provider"] == "Landeshauptstadt Stuttgart"
    assert data["dataset"] == "http://testserver/api/partners.json"
    assert [partner["slug"] for partner in data["partners"]] == ["offen"]
    partner = data["partners"][0]
    assert set(partner) == {
        "slug",
        "name",
        "sector",
        "description",
        "website",
        "email",
        "phone",
        "street",
        "postal_code",
        "city",
        "district",
        "life_domains",
        "member_since",
        "url",
    }
    assert partner["district"] == "ost"
    assert partner["life_domains"] == ["work"]
