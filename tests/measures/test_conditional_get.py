"""Every feed answers conditional requests: harvesters that poll get a 304
until something they would see has changed."""

from datetime import date

import pytest
from django.utils.http import http_date

from measures import hsds

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(make_measure):
    return make_measure("Sprachcafé", start_date=date(2030, 3, 1), end_date=date(2030, 3, 1))


def feeds(course) -> list[str]:
    return [
        "/api/measures.json",
        "/api/measures.csv",
        "/api/partners.json",
        "/api/dcat/",
        "/api/hsds/",
        "/api/hsds/services",
        f"/api/hsds/services/{hsds.hsds_id('service', course.pk)}",
        "/api/hsds/organizations",
        "/api/hsds/taxonomy_terms",
        f"/de/measures/{course.slug}/calendar.ics",
    ]


def test_every_feed_answers_304_to_its_own_etag_and_date(client, course):
    for url in feeds(course):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["ETag"] and first["Last-Modified"], url
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304, url
        since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 304, url


def test_a_changed_measure_changes_every_feed_that_shows_it(client, course):
    before = {url: client.get(url)["ETag"] for url in feeds(course)}
    course.title_de = "Sprachcafé am Abend"
    course.save()
    for url in feeds(course):
        if url == "/api/partners.json":
            continue  # the partner directory does not show measures
        response = client.get(url, headers={"If-None-Match": before[url]})
        assert response.status_code == 200, url


def test_a_changed_partner_changes_the_partner_directory(client, course, partner_a):
    first = client.get("/api/partners.json")
    partner_a.name = "Neuer Name e. V."
    partner_a.save()
    response = client.get("/api/partners.json", headers={"If-None-Match": first["ETag"]})
    assert response.status_code == 200
    assert "Neuer Name e. V." in response.content.decode()


def test_an_old_date_gets_the_whole_feed(client, course):
    old = http_date(0)
    for url in feeds(course):
        assert client.get(url, headers={"If-Modified-Since": old}).status_code == 200, url
