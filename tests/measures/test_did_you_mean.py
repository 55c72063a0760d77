"""A misspelt word gets a suggestion from the catalogue's own words."""

import pytest

from measures.search import Search

URL = "/en/measures/"


@pytest.fixture
def offers(make_measure):
    make_measure("Deutschkurs für Mütter", description_de="Mit Kinderbetreuung")
    make_measure("Kinderbetreuung im Sprachcafé")
    make_measure("Schwimmkurs für Frauen")


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Deutshkurs", "Deutschkurs"),
        ("Kinderbetreung", "Kinderbetreuung"),
        ("Muetter", "Mütter"),
        ("deutshkurs frauen", "deutschkurs frauen"),
    ],
)
def test_a_misspelt_word_gets_a_suggestion(offers, text, suggestion):
    assert Search.for_text(text).suggestion == suggestion


@pytest.mark.parametrize("text", ["Deutschkurs", "Kinderbetreuung Sprachcafé", "Schwimm"])
def test_words_the_catalogue_knows_get_none(offers, text):
    assert Search.for_text(text).suggestion == ""


def test_when_the_words_find_nothing_the_suggestion_is_searched(client, offers):
    response = client.get(URL, {"q": "Deutshkurs"})
    html = response.content.decode()
    assert "Nothing was found for your words. Showing offers for “Deutschkurs”." in html
    titles = {str(m.title) for m in response.context["page"].object_list}
    assert titles == {"Deutschkurs für Mütter"}


def test_when_the_words_find_something_the_suggestion_is_a_link(client, offers):
    response = client.get(URL, {"q": "Kinderbetreung Sprachcafé", "free": "1"})
    html = response.content.decode()
    assert "Did you mean:" in html
    assert 'href="?q=Kinderbetreuung+Sprachcaf%C3%A9&amp;free=1"' in html
    titles = {str(m.title) for m in response.context["page"].object_list}
    assert titles == {"Kinderbetreuung im Sprachcafé"}


def test_a_word_unlike_any_gets_no_suggestion(client, offers):
    response = client.get(URL, {"q": "Xylophon"})
    assert "Did you mean" not in response.content.decode()
    assert response.context["search"].suggestion == ""
