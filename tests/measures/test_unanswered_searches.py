"""Searches that found nothing are counted per normalised words and day, and
shown to the department from five on, without anything about who searched."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from measures.models import UnansweredSearch

URL = "/de/measures/"


@pytest.fixture
def offer(make_measure):
    return make_measure("Sprachcafé")


def test_a_search_without_results_is_counted_each_time(client, offer):
    for text in ["Xylophon  Kurs", "xylophon kurs", "XYLOPHON Kurs"]:
        client.get(URL, {"q": text})
    row = UnansweredSearch.objects.get()
    assert (row.query, row.day, row.count) == ("xylophon kurs", timezone.localdate(), 3)


def test_a_search_without_results_is_counted_when_its_page_comes_from_the_cache(
    client, offer, django_assert_max_num_queries
):
    """The page of a search that found nothing is rendered once and then
    served from the shared cache like any other; each visit still counts."""
    first = client.get(URL, {"q": "Xylophon"})
    assert first.context is not None
    with django_assert_max_num_queries(2):  # the cache's entry, the count
        again = client.get(URL, {"q": "Xylophon"})
    assert again.context is None, "served from the cache"
    assert again.content == first.content
    assert UnansweredSearch.objects.get().count == 2


def test_searches_with_results_and_filters_alone_are_not_counted(client, offer):
    client.get(URL, {"q": "Sprachcafé"})
    client.get(URL, {"district": "west"})
    assert not UnansweredSearch.objects.exists()


def test_nothing_about_the_searcher_is_stored(client, offer, staff_user):
    client.force_login(staff_user)
    client.get(URL, {"q": "Xylophon"}, REMOTE_ADDR="203.0.113.9")
    columns = {
        column.name
        for column in connection.introspection.get_table_description(
            connection.cursor(), UnansweredSearch._meta.db_table
        )
    }
    assert columns == {"id", "query", "day", "count"}


def test_the_dashboard_shows_searches_from_five_on(client, staff_user):
    today = timezone.localdate()
    UnansweredSearch.objects.create(query="arabisch tanzkurs", day=today, count=3)
    UnansweredSearch.objects.create(
        query="arabisch tanzkurs", day=today - timedelta(days=1), count=2
    )
    UnansweredSearch.objects.create(query="einmal gesucht", day=today, count=4)
    long_ago = today - timedelta(days=60)
    UnansweredSearch.objects.create(query="vor langer zeit", day=long_ago, count=9)
    client.force_login(staff_user)
    response = client.get(reverse("dashboard:matrix"))
    assert [row["query"] for row in response.context["unanswered"]] == ["arabisch tanzkurs"]
    html = response.content.decode()
    assert "arabisch tanzkurs" in html
    assert "einmal gesucht" not in html
    assert "vor langer zeit" not in html


def test_counts_older_than_the_dashboard_shows_are_purged(db):
    today = timezone.localdate()
    UnansweredSearch.objects.create(query="gestern", day=today - timedelta(days=1), count=1)
    a_month_ago = today - timedelta(days=30)
    UnansweredSearch.objects.create(query="vor einem monat", day=a_month_ago, count=2)
    UnansweredSearch.objects.create(query="zu alt", day=today - timedelta(days=31), count=7)
    out = io.StringIO()
    call_command("purge_unanswered_searches", stdout=out)
    assert "Counts deleted: 1" in out.getvalue()
    assert set(UnansweredSearch.objects.values_list("query", flat=True)) == {
        "gestern",
        "vor einem monat",
    }
