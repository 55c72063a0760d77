"""Synonyms: "Sprachkurs" also finds "Deutschkurs" and "Integrationskurs",
"футбол" finds "Fußballtraining"; an offer with the visitor's own word comes
first. Staff keep the synonyms in the admin."""

import pytest
from django.urls import reverse

from measures.models import SynonymGroup
from measures.search import Search, synonyms_of

pytestmark = pytest.mark.django_db

URL = "/en/measures/"


def ranked(client, query: str, language: str = "en") -> list[str]:
    response = client.get(f"/{language}/measures/", {"q": query})
    return [measure.title_de for measure in response.context["page"].object_list]


@pytest.fixture
def courses(make_measure):
    make_measure("Integrationskurs", summary_de="Deutsch und Orientierung")
    make_measure("Deutschkurs am Abend", summary_de="Für Berufstätige")
    make_measure("Sprachkurs im Stadtteil", summary_de="Für Anfängerinnen")
    make_measure("Mieterberatung", domains=("housing",), summary_de="Rund ums Wohnen")


def test_the_starter_set_names_language_courses_in_five_languages():
    [group] = SynonymGroup.objects.filter(words__contains=["sprachkurs"])
    for word in ["deutschkurs", "integrationskurs", "language course", "dil kursu", "мовний курс"]:
        assert word in group.words
    assert any("دورة" in word for word in group.words)


def test_a_word_finds_offers_named_with_its_synonyms_after_those_with_the_word(client, courses):
    found = ranked(client, "Sprachkurs")
    assert found[0] == "Sprachkurs im Stadtteil"
    assert set(found[1:]) == {"Integrationskurs", "Deutschkurs am Abend"}
    # The other way round too, and the word itself still first.
    assert ranked(client, "Deutschkurs")[0] == "Deutschkurs am Abend"


def test_without_synonyms_the_word_alone_would_find_less(client, courses):
    SynonymGroup.objects.all().delete()
    assert ranked(client, "Sprachkurs") == ["Sprachkurs im Stadtteil"]


def test_a_synonym_in_another_language_finds_the_german_offer(client, make_measure):
    make_measure(
        "Fußballtraining für Jugendliche", domains=("participation",), target_groups=("youth",)
    )
    make_measure("Schwimmkurs für Frauen", domains=("participation",), target_groups=("youth",))
    assert ranked(client, "футбол", "uk") == ["Fußballtraining für Jugendliche"]
    # "youth" names a target group: a filter; "football" is searched with its synonyms.
    assert ranked(client, "football youth") == ["Fußballtraining für Jugendliche"]


def test_synonyms_are_looked_up_by_the_whole_word_in_any_case_and_spelling():
    found = synonyms_of(["SPRACHKURS", "Fussball", "Kurs"])
    assert "deutschkurs" in found["SPRACHKURS"]
    assert "sprachkurs" not in found["SPRACHKURS"]
    # Not a part of an entry: "Kurs" has no synonyms of its own.
    assert "Kurs" not in found


def test_the_search_keeps_a_words_synonyms_with_the_word(courses):
    search = Search.for_text("Sprachkurs Mieter")
    assert "integrationskurs" in search.synonyms["Sprachkurs"]
    assert "housing" in search.synonyms["Mieter"]


def test_a_synonym_completes_a_search_of_several_words(client, courses):
    # No offer contains both words; one contains "Abend" and a synonym of "Sprachkurs".
    found = ranked(client, "Sprachkurs Abend")
    assert found[0] == "Deutschkurs am Abend"


def test_staff_add_synonyms_in_the_admin_in_their_words(client, staff_user):
    client.force_login(staff_user)
    url = reverse("admin:measures_synonymgroup_add")
    response = client.post(url, {"words": " Nähcafé , Nähkurs,  sewing   course ,nähcafé"})
    assert response.status_code == 302, response.content.decode()
    group = SynonymGroup.objects.get(words__contains=["nähkurs"])
    assert group.words == ["nähcafé", "nähkurs", "sewing course"]


def test_a_single_word_is_no_synonym(client, staff_user):
    client.force_login(staff_user)
    url = reverse("admin:measures_synonymgroup_add")
    response = client.post(url, {"words": "Nähcafé, nähcafé"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["words"]
    assert errors == ["Geben Sie mindestens zwei verschiedene Wörter mit derselben Bedeutung ein."]
