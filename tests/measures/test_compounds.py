"""German compounds are split into words of the catalogue, when indexed and when searched."""

import pytest

from measures.models import Measure, SearchWord, SynonymGroup
from measures.search import Search
from measures.vocabulary import compound_parts, split

VOCABULARY = {"sprache", "kurs", "kinder", "betreuung", "integration", "eltern", "café"}


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Sprachkurs", ["sprache", "kurs"]),
        ("sprachkurse", ["sprache", "kurs"]),
        ("Kinderbetreuung", ["kinder", "betreuung"]),
        ("Integrationskurs", ["integration", "kurs"]),
        ("Elternsprachkurs", ["eltern", "sprache", "kurs"]),
        ("Kurs", []),  # too short to be a compound
        ("Betreuungsangebot", []),  # "angebot" is no word of the catalogue
    ],
)
def test_a_compound_is_split_into_words_of_the_vocabulary(word, parts):
    assert split(word, VOCABULARY) == parts


def test_the_parts_of_a_texts_compounds_are_listed_once():
    parts = compound_parts("Kinderbetreuung beim Sprachkurs und Kinderbetreuung", VOCABULARY)
    assert parts == "kinder betreuung sprache kurs"


def titles(text):
    search = Search.for_text(text)
    return set(search.apply(Measure.objects.visible()).values_list("title_de", flat=True))


@pytest.fixture
def compounds(make_measure):
    # What compounds find by themselves: synonyms ("Integrationskurs" also
    # finding "Sprachkurs") are tested in test_synonyms.py.
    SynonymGroup.objects.all().delete()
    # compounds are split into the words the catalogue knows when they are saved
    make_measure("Offener Kurs: Sprache und Integration im Beruf")
    make_measure("Deutsch-Sprachkurs am Morgen")
    make_measure("Sprachkurse für Eltern")
    make_measure("Sprach- und Integrationskurs")
    make_measure("Betreuung für Kinder während der Beratung")
    make_measure("Schwimmen für Frauen")


def test_saving_a_measure_records_its_words_and_splits_its_compounds(compounds):
    assert SearchWord.objects.filter(word__in=["kinder", "betreuung", "kurs"]).count() == 3
    measure = Measure.objects.get(title_de="Sprach- und Integrationskurs")
    assert "integration kurs" in measure.search_compound_parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sprachkurs",
            {
                "Deutsch-Sprachkurs am Morgen",
                "Sprachkurse für Eltern",
                "Sprach- und Integrationskurs",
                "Offener Kurs: Sprache und Integration im Beruf",
            },
        ),
        ("Kinderbetreuung", {"Betreuung für Kinder während der Beratung"}),
        (
            "Integrationskurs",
            {"Sprach- und Integrationskurs", "Offener Kurs: Sprache und Integration im Beruf"},
        ),
    ],
)
def test_a_compound_finds_its_parts_and_spellings(compounds, text, expected):
    assert titles(text) == expected


def test_a_changed_text_is_split_again(compounds):
    measure = Measure.objects.get(title_de="Schwimmen für Frauen")
    measure.description_de = "Mit Kinderbetreuung"
    measure.save(update_fields=["description_de"])
    measure.refresh_from_db()
    assert measure.search_compound_parts == "kinder betreuung"
    assert "Schwimmen für Frauen" in titles("Kinderbetreuung")
