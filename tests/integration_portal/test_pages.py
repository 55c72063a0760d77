from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

from integration_portal import context_processors
from integration_portal import urls as root_urls
from integration_portal.models import LifeDomain

pytestmark = pytest.mark.django_db


def test_root_redirects_by_the_browsers_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="tr-TR,tr;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/tr/"


def test_root_redirects_to_german_for_unknown_languages(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="xx")
    assert response["Location"] == "/de/"


@pytest.mark.parametrize(
    ("prefix", "lang", "direction", "text"),
    [
        ("de", "de", "ltr", "Angebote nach Lebensbereich"),
        ("en", "en", "ltr", "Offers by area of life"),
        ("ar", "ar", "rtl", "اللغة"),
        ("uk", "uk", "ltr", "Мова"),
    ],
)
def test_home_page_speaks_the_language_of_its_prefix(client, prefix, lang, direction, text):
    response = client.get(f"/{prefix}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert text in html


def test_home_page_shows_every_life_domain_as_a_tile(client):
    html = client.get("/en/").content.decode()
    for domain in LifeDomain.objects.all():
        assert f"?domain={domain.slug}" in html
    assert "Work and career" in html


def test_language_switcher_links_to_the_same_page_in_every_language(client):
    html = client.get("/de/info/privacy/").content.decode()
    for code in ["en", "tr", "ar", "uk"]:
        assert f'href="/{code}/info/privacy/" lang="{code}" hreflang="{code}"' in html
    assert 'lang="de" aria-current="true"' in html


def test_every_page_has_skip_link_landmarks_and_footer_links(client):
    html = client.get("/en/").content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    for slug in ["imprint", "privacy", "accessibility", "easy-language", "open-data"]:
        assert f'href="/en/info/{slug}/"' in html
    assert 'href="/en/feedback/' in html


def test_the_frames_links_are_worked_out_once_per_language(client):
    """Header and footer link the pages of the reader's language, reversed on
    the first page of a language and then taken as they are."""
    context_processors._frame_links.cache_clear()
    client.get("/ar/")
    html = client.get("/ar/partners/").content.decode()
    for address in ["/ar/", "/ar/measures/", "/ar/partners/", "/ar/counselling/"]:
        assert f'<a class="main-nav__link" href="{address}"' in html
    assert '<a class="main-nav__link" href="/ar/partners/" aria-current="page">' in html
    for slug in ["imprint", "privacy", "accessibility", "easy-language", "open-data"]:
        assert f'href="/ar/info/{slug}/"' in html
    assert context_processors._frame_links.cache_info().misses == 1
    client.get("/uk/")
    assert context_processors._frame_links.cache_info().misses == 2


@pytest.mark.parametrize(
    "slug", ["imprint", "privacy", "accessibility", "easy-language", "open-data"]
)
@pytest.mark.parametrize("language", ["de", "en"])
def test_footer_pages_have_content(client, slug, language):
    response = client.get(f"/{language}/info/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<h1 class="kern-heading-large">') == 1
    assert len(html) > 4000


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("de", "Offene Daten"),
        ("en", "Open data"),
        ("tr", "Açık veri"),
        ("ar", "البيانات المفتوحة"),
        ("uk", "Відкриті дані"),
    ],
)
def test_the_open_data_page_speaks_every_language_and_links_every_feed(client, language, heading):
    html = client.get(f"/{language}/info/open-data/").content.decode()
    assert f'<h1 class="kern-heading-large">{heading}</h1>' in html
    assert "This page is available in German only." not in html
    for feed in (
        "/api/measures.json",
        "/api/measures.csv",
        "/api/partners.json",
        "/api/hsds/",
        "/api/dcat/",
    ):
        assert f'href="{feed}"' in html
    assert 'id="hsds"' in html
    assert "dl-de/by-2-0" in html


def test_leichte_sprache_is_german_even_on_the_english_site(client):
    html = client.get("/ar/info/easy-language/").content.decode()
    assert '<article class="prose" lang="de" dir="ltr">' in html


def test_unknown_footer_page_is_404(client):
    assert client.get("/de/info/nothing-here/").status_code == 404


def test_not_found_page_is_styled_and_translated(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="site-footer"' in html
    html_de = client.get("/de/gibt-es-nicht/").content.decode()
    assert "Seite nicht gefunden" in html_de


def _failing_view(request):
    raise RuntimeError("boom")


def _database_down_view(request):
    raise OperationalError("connection refused")


urlpatterns = [
    *root_urls.urlpatterns,
    path("boom/", _failing_view),
    path("database-down/", _database_down_view),
]
handler500 = root_urls.handler500
handler404 = root_urls.handler404


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_shows_the_portal_error_page():
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_database_outage_answers_503_with_a_friendly_page():
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="de")
    response = client.get("/database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Vorübergehend nicht erreichbar" in response.content.decode()


def test_healthz_answers_without_the_database(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_answers_200_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_readyz_answers_503_when_the_database_does_not(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_robots_txt_keeps_crawlers_out_of_private_areas(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_pages_carry_no_inline_script_or_style(client):
    html = client.get("/de/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html
