import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Measure

pytestmark = pytest.mark.django_db


def test_a_visitor_gets_the_cached_catalogue_without_recounting(
    client, make_measure, django_assert_max_num_queries
):
    make_measure("Nähcafé für Frauen")
    first = client.get("/de/measures/?domain=language")
    # One query: the catalogue's version and the page together.
    with django_assert_max_num_queries(1):
        second = client.get("/de/measures/?domain=language")
    assert second.content == first.content
    assert "Nähcafé für Frauen" in second.content.decode()


def test_a_changed_measure_shows_at_once(client, make_measure):
    measure = make_measure("Nähcafé für Frauen")
    assert "Nähcafé für Frauen" in client.get("/de/measures/").content.decode()
    measure.title_de = measure.summary_de = "Nähwerkstatt für Frauen"
    measure.save()
    html = client.get("/de/measures/").content.decode()
    assert "Nähwerkstatt für Frauen" in html
    assert "Nähcafé für Frauen" not in html


def test_a_new_relation_shows_at_once(client, make_measure):
    measure = make_measure("Nähcafé für Frauen", districts=("mitte",))
    assert "Nähcafé" not in client.get("/de/measures/?district=ost").content.decode()
    measure.districts.add(*measure.districts.model.objects.filter(slug="ost"))
    assert "Nähcafé" in client.get("/de/measures/?district=ost").content.decode()


def test_an_unpublished_measure_leaves_the_cached_catalogue(client, make_measure):
    measure = make_measure("Nähcafé für Frauen")
    assert "Nähcafé" in client.get("/en/measures/").content.decode()
    measure.status = Measure.Status.DRAFT
    measure.save()
    assert "Nähcafé" not in client.get("/en/measures/").content.decode()


def test_signed_in_people_get_a_fresh_page(client, make_measure, editor_a):
    make_measure("Nähcafé für Frauen")
    client.get("/de/measures/")
    client.force_login(editor_a)
    assert 'action="/de/accounts/logout/"' in client.get("/de/measures/").content.decode()


def _facet_queries(captured) -> list[str]:
    """The facet counts and the number of results."""
    return [
        query["sql"]
        for query in captured
        if query["sql"].startswith(("WITH matches", 'SELECT COUNT(*) AS "__count"'))
    ]


def test_facet_counts_are_counted_once_per_filter_choice(client, make_measure, editor_a):
    """Other pages, orders and languages of the same choice reuse the counts,
    also for signed-in people, whose pages are never cached whole."""
    make_measure("Nähcafé für Frauen", districts=("mitte",))
    # a choice with offers: an empty one also counts what removing a filter would give
    make_measure("Sprachcafé", districts=("ost",))
    client.force_login(editor_a)
    with CaptureQueriesContext(connection) as first:
        client.get("/de/measures/?district=mitte")
    # The facet counts and the number of results come from one statement.
    assert len(_facet_queries(first)) == 1
    with CaptureQueriesContext(connection) as others:
        client.get("/en/measures/?district=mitte&sort=title")
        client.get("/tr/measures/?district=mitte&page=2")
    assert _facet_queries(others) == []
    with CaptureQueriesContext(connection) as another_choice:
        client.get("/de/measures/?district=ost")
    assert len(_facet_queries(another_choice)) == 1


def test_facet_counts_follow_a_changed_measure(client, make_measure, editor_a):
    measure = make_measure("Nähcafé für Frauen", districts=("mitte",))
    client.force_login(editor_a)
    assert 'value="mitte"' in client.get("/de/measures/").content.decode()
    measure.districts.set(measure.districts.model.objects.filter(slug="ost"))
    html = client.get("/de/measures/").content.decode()
    assert 'value="ost"' in html
    assert 'value="mitte"' not in html


def test_each_host_gets_its_own_cached_detail_page(client, make_measure):
    """The structured data carries absolute links, so a page is cached per host."""
    measure = make_measure("Nähcafé für Frauen")
    url = measure.get_absolute_url()
    assert "http://localhost/" in client.get(url, HTTP_HOST="localhost").content.decode()
    other = client.get(url, HTTP_HOST="127.0.0.1").content.decode()
    assert "http://127.0.0.1/" in other
    assert "http://localhost/" not in other
