from datetime import date

import pytest

from measures.models import Measure
from measures.search import Search, clean_query, with_umlauts

pytestmark = pytest.mark.django_db


def test_only_published_measures_within_their_validity_are_visible(make_measure, yesterday):
    published = make_measure("Veröffentlicht")
    unlimited = make_measure("Ohne Ablauf", valid_until=None)
    today = make_measure("Läuft heute ab", valid_until=date.today())
    make_measure("Entwurf", status=Measure.Status.DRAFT)
    make_measure("Eingereicht", status=Measure.Status.SUBMITTED)
    make_measure("Archiviert", status=Measure.Status.ARCHIVED)
    expired = make_measure("Abgelaufen", valid_until=yesterday)

    assert set(Measure.objects.visible()) == {published, unlimited, today}
    assert published.is_visible()
    assert not expired.is_visible()


def test_the_measure_list_does_not_load_the_search_vector(make_measure):
    make_measure()
    measure = Measure.objects.get()
    assert "search_vector" in measure.get_deferred_fields()


def test_review_steps_change_the_status(make_measure):
    measure = make_measure(status=Measure.Status.SUBMITTED)
    measure.send_back("Bitte Termine ergänzen")
    measure.refresh_from_db()
    assert (measure.status, measure.review_comment) == ("draft", "Bitte Termine ergänzen")
    measure.publish()
    measure.refresh_from_db()
    assert (measure.status, measure.review_comment) == ("published", "")
    measure.archive()
    assert Measure.objects.get().status == "archived"


def _titles(text):
    search = Search.for_text(text)
    return search, set(search.apply(Measure.objects.visible()).values_list("title_de", flat=True))


@pytest.fixture
def searchable(make_measure):
    make_measure("Deutschkurse am Abend für Berufstätige")
    make_measure("Deutschkurs A1 für Mütter mit Kinderbetreuung")
    make_measure("Schwimmkurs für Frauen")
    make_measure("Mieterberatung", title_en="Tenants' advice")


@pytest.mark.parametrize(
    ("text", "expected", "typo_tolerant"),
    [
        ("Deutschkurs", "Deutschkurse am Abend für Berufstätige", False),
        ("Mutter", "Deutschkurs A1 für Mütter mit Kinderbetreuung", False),
        ("Muetter", "Deutschkurs A1 für Mütter mit Kinderbetreuung", False),
        ("Deutshkurs", "Deutschkurs A1 für Mütter mit Kinderbetreuung", True),
        ("tenants", "Mieterberatung", False),
    ],
)
def test_search_finds_stems_umlaut_spellings_and_typos(searchable, text, expected, typo_tolerant):
    search, titles = _titles(text)
    assert expected in titles
    assert "Schwimmkurs für Frauen" not in titles
    assert search.typo_tolerant is typo_tolerant


def test_search_ranks_title_matches_above_description_matches(make_measure):
    make_measure("Elterncafé", description_de="Mit Schwimmkurs-Infos")
    make_measure("Schwimmkurs für Frauen")
    results = Search.for_text("Schwimmkurs").apply(Measure.objects.visible())
    assert results.order_by("-search_rank")[0].title_de == "Schwimmkurs für Frauen"


def test_search_does_not_find_invisible_measures(make_measure):
    make_measure("Deutschkurs im Entwurf", status=Measure.Status.DRAFT)
    _search, titles = _titles("Deutschkurs")
    assert titles == set()


def test_queries_are_cleaned_and_umlauts_restored():
    assert clean_query("  a\x00b\t c  ") == "a b c"
    assert len(clean_query("x" * 5000)) == 200
    assert with_umlauts("Muetter") == "Mütter"
