"""Search engines index the catalogue with one filter choice at most: pages
with more are `noindex`, links to them `nofollow`, and the sitemap lists
measures, partners and the pages of single choices."""

import re

import pytest
from django.core.cache import cache

from partners.models import Partner

pytestmark = pytest.mark.django_db

ROBOTS = '<meta name="robots" content="noindex">'


@pytest.fixture(autouse=True)
def _no_cached_pages():
    cache.clear()


@pytest.fixture
def offers(make_measure):
    for number in range(25):
        make_measure(
            f"Elterncafé {number}",
            domains=("family", "language"),
            districts=("mitte", "bad-cannstatt"),
            is_free=True,
        )


def links_with(html: str, marker: str) -> list[str]:
    return [tag for tag in re.findall(r"<a [^>]*>", html) if marker in tag]


@pytest.mark.parametrize(
    ("query", "indexed"),
    [
        ("", True),
        ("?domain=family", True),
        ("?domain=family&page=2", True),
        ("?domain=family&sort=title", True),
        ("?q=Elterncaf%C3%A9", True),
        ("?domain=family&district=mitte", False),
        ("?domain=family&domain=language", False),
        ("?domain=family&free=1", False),
        ("?q=Elterncaf%C3%A9&district=mitte", False),
    ],
)
def test_pages_beyond_one_choice_are_not_indexed(client, offers, query, indexed):
    html = client.get(f"/de/measures/{query}").content.decode()
    assert (ROBOTS not in html) is indexed


def test_links_to_combinations_are_nofollow(client, offers):
    two = client.get("/de/measures/?domain=family&district=mitte").content.decode()
    three = client.get("/de/measures/?domain=family&district=mitte&free=1").content.decode()
    one = client.get("/de/measures/?domain=family").content.decode()

    # Removing one of two choices leads to a single choice: crawlers may go there.
    assert links_with(two, "active-filters__link")
    assert not [tag for tag in links_with(two, "active-filters__link") if "nofollow" in tag]
    # From three choices every removal leaves a combination.
    removals = links_with(three, "active-filters__link")
    assert len(removals) == 3
    assert all('rel="nofollow"' in tag for tag in removals)
    # The next page of a combination is a combination too; of one choice, it is not.
    assert links_with(two, 'rel="next nofollow"')
    assert links_with(one, 'rel="next"')


def test_the_sitemap_lists_measures_partners_and_single_choices(client, offers, partner_b):
    hidden = Partner.objects.create(
        name="Stiller Verein", slug="still", sector=Partner.Sector.CULTURE, is_public=False
    )

    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]*)</loc>", xml)

    assert "http://testserver/de/partners/partner-a/" in locations
    assert "http://testserver/ar/partners/partner-b/" in locations
    assert not [url for url in locations if f"/{hidden.slug}/" in url]
    assert "http://testserver/de/measures/?domain=family" in locations
    assert "http://testserver/uk/measures/?district=bad-cannstatt" in locations
    assert "http://testserver/de/measures/?language=de" in locations
    # A choice without offers is no page worth indexing, nor any combination.
    assert "http://testserver/de/measures/?domain=health" not in locations
    assert not [url for url in locations if "&" in url]
    assert len([url for url in locations if "/measures/measure-" in url]) == 25 * 5
