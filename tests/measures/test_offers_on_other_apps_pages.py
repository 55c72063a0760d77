"""The home page and a partner's page show measures through the `measures`
template library, since neither of their apps may import `measures`."""

import re

import pytest
from django.template import Context, Template

from measures.models import Measure

pytestmark = pytest.mark.django_db


def offer_counts(html: str) -> dict[str, int]:
    tiles = re.findall(r'\?domain=([a-z-]+)".*?tile__count">(\d+) offers?<', html, re.S)
    return {slug: int(count) for slug, count in tiles}


def test_the_home_page_counts_the_offers_a_citizen_may_see_in_each_life_domain(
    client, make_measure, yesterday
):
    make_measure("Sprachcafé", domains=("language", "work"))
    make_measure("Deutschkurs", domains=("language",))
    make_measure("Entwurf", domains=("language",), status=Measure.Status.DRAFT)
    make_measure("Vorbei", domains=("work",), valid_until=yesterday)

    counts = offer_counts(client.get("/en/").content.decode())

    assert counts["language"] == 2
    assert counts["work"] == 1
    assert counts["health"] == 0


def test_the_home_page_counts_offers_in_a_fixed_number_of_queries(
    client, make_measure, django_assert_max_num_queries, django_assert_num_queries
):
    for number in range(12):
        make_measure(f"Kurs {number}", domains=("language", "work", "family"))
    # Counted once over the links and kept for every process (with the
    # catalogue's version, started here) …
    with django_assert_max_num_queries(8):
        client.get("/en/")
    # … then read with the version in one query, beside the areas of life.
    with django_assert_num_queries(2) as queries:
        html = client.get("/de/").content.decode()
    assert not any("measures_measure" in query["sql"] for query in queries.captured_queries)
    assert "12 Angebote" in html


def test_a_partners_page_lists_only_its_own_offers_a_citizen_may_see(
    client, make_measure, partner_a, partner_b, yesterday
):
    make_measure("Sprachcafé am Abend")
    make_measure("Noch ein Entwurf", status=Measure.Status.DRAFT)
    make_measure("Längst vorbei", valid_until=yesterday)
    make_measure("Kurs eines anderen Partners", provider=partner_b)

    html = client.get(f"/de/partners/{partner_a.slug}/").content.decode()

    assert "Sprachcafé am Abend" in html
    assert "Noch ein Entwurf" not in html
    assert "Längst vorbei" not in html
    assert "Kurs eines anderen Partners" not in html


def test_a_partner_without_current_offers_says_so(client, make_measure, partner_a):
    make_measure("Noch ein Entwurf", status=Measure.Status.DRAFT)
    html = client.get(f"/en/partners/{partner_a.slug}/").content.decode()
    assert "This partner has no current offers in the portal." in html


def test_templates_of_the_lower_apps_load_the_offers_from_the_measures_library(
    make_measure, partner_a
):
    make_measure("Sprachcafé", domains=("health",))
    template = Template(
        "{% load measures %}"
        "{% visible_measures_of partner as offers %}{{ offers|join:',' }}|"
        "{% life_domains_with_offer_counts as domains %}"
        "{% for domain in domains %}{% if domain.measure_count %}{{ domain.slug }}{% endif %}"
        "{% endfor %}"
    )
    assert template.render(Context({"partner": partner_a})) == "Sprachcafé|health"
