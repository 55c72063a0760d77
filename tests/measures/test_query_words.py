"""Words of a search that name a filter's choice become that choice."""

import pytest

from measures.models import Measure, SearchAlias
from measures.query_words import normalised

URL = "/en/measures/"


@pytest.fixture
def offers(make_measure):
    make_measure(
        "Sprachkurs für Frauen",
        languages=("de", "ar"),
        target_groups=("women",),
        districts=("ost",),
        format=Measure.Format.COURSE,
    )
    make_measure("Sprachkurs am Abend", languages=("de",), districts=("mitte",))
    make_measure(
        "Beratung zur Anerkennung",
        districts=("ost",),
        domains=("work",),
        format=Measure.Format.COUNSELLING,
    )
    make_measure("Familienberatung", districts=("bad-cannstatt",), format="counselling")
    make_measure("Elterncafé", languages=("tr",), districts=("bad-cannstatt",))


def titles(response):
    return {str(measure.title) for measure in response.context["page"].object_list}


def test_normalised_ignores_case_accents_and_punctuation():
    assert normalised("  Möhringen ") == normalised("MOHRINGEN") == "mohringen"
    assert normalised("Stuttgart-Ost") == "stuttgart ost"
    assert normalised("İngilizce") == "ingilizce"


@pytest.mark.parametrize(
    ("query", "expected", "chip"),
    [
        ("Arabisch", {"Sprachkurs für Frauen"}, "Language: Arabic"),
        ("arabic", {"Sprachkurs für Frauen"}, "Language: Arabic"),
        ("عربي", {"Sprachkurs für Frauen"}, "Language: Arabic"),
        ("Türkçe", {"Elterncafé"}, "Language: Turkish"),
        ("Bad Cannstatt", {"Familienberatung", "Elterncafé"}, "District: Bad Cannstatt"),
        ("Cannstatt", {"Familienberatung", "Elterncafé"}, "District: Bad Cannstatt"),
        ("Beratung Ost", {"Beratung zur Anerkennung"}, "District: Ost"),
        ("Beratung Ost", {"Beratung zur Anerkennung"}, "Format: Counselling"),
        ("Sprachkurs Frauen", {"Sprachkurs für Frauen"}, "Target group: Women"),
        ("Sprachkurs women", {"Sprachkurs für Frauen"}, "Target group: Women"),
        ("Жінки", {"Sprachkurs für Frauen"}, "Target group: Women"),
        ("Arbeit und Beruf", {"Beratung zur Anerkennung"}, "Area of life: Work and career"),
    ],
)
def test_a_word_naming_a_choice_is_applied_as_that_filter(client, offers, query, expected, chip):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert titles(response) == expected
    chips = [text for text, _link in response.context["active_filters"]]
    assert chip in chips


def test_the_rest_of_the_words_are_searched_as_text(client, offers):
    response = client.get(URL, {"q": "Sprachkurs Stuttgart-Ost"})
    assert titles(response) == {"Sprachkurs für Frauen"}
    assert response.context["form"].cleaned_data["q"] == "Sprachkurs"
    html = response.content.decode()
    assert 'value="Sprachkurs"' in html


def test_removing_the_chip_leaves_out_its_word_and_keeps_the_rest(client, offers):
    response = client.get(URL, {"q": "Sprachkurs Frauen", "district": "ost"})
    links = dict(response.context["active_filters"])
    assert links["Target group: Women"] == "q=Sprachkurs&district=ost"
    assert links["District: Ost"] == "q=Sprachkurs+Frauen"
    # removing the text keeps the choice taken from the words
    assert links["Search term: Sprachkurs"] == "q=Frauen&district=ost"
    after = client.get(f"{URL}?{links['Target group: Women']}")
    assert titles(after) == {"Sprachkurs für Frauen"}
    assert not [text for text, _ in after.context["active_filters"] if "Women" in text]


def test_aliases_are_data_that_staff_can_add(client, offers):
    assert titles(client.get(URL, {"q": "Anadolu"})) == set()
    SearchAlias.objects.create(filter="language", value="tr", phrase="Anadolu")
    response = client.get(URL, {"q": "Anadolu"})
    assert titles(response) == {"Elterncafé"}


def test_a_word_inside_a_compound_is_not_a_choice(client, offers):
    response = client.get(URL, {"q": "Familienberatung"})
    assert titles(response) == {"Familienberatung"}
    assert response.context["active_filters"] == [("Search term: Familienberatung", "")]


def test_the_open_data_takes_the_search_literally(client, offers):
    response = client.get("/api/measures.json", {"q": "Arabisch"})
    assert response.json()["meta"]["count"] == 0


def test_an_alias_for_a_choice_that_does_not_exist_is_ignored(client, offers):
    SearchAlias.objects.create(filter="district", value="atlantis", phrase="Atlantis")
    response = client.get(URL, {"q": "Atlantis"})
    assert response.status_code == 200
    assert response.context["active_filters"] == [("Search term: Atlantis", "")]
