from datetime import date

import pytest

from integration_portal.audit import trail
from measures import services
from measures.models import Measure
from measures.search import Search, clean_query, with_umlauts
from tests.factories import with_changes

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
    assert expired not in Measure.objects.visible()


def test_the_measure_list_does_not_load_the_search_vector(make_measure):
    make_measure()
    measure = Measure.objects.get()
    assert "search_vector" in measure.get_deferred_fields()


def test_review_steps_change_the_status_and_are_logged(make_measure, editor_a, staff_user):
    measure = make_measure(status=Measure.Status.DRAFT)
    services.submit_for_review(measure, editor_a)
    services.send_back(measure, 1, "Bitte Termine ergänzen", staff_user)
    measure.refresh_from_db()
    assert (measure.status, measure.sent_back_revision.comment) == (
        "draft",
        "Bitte Termine ergänzen",
    )
    services.submit_for_review(measure, editor_a)
    services.approve(measure, 2, staff_user)
    measure.refresh_from_db()
    assert (measure.status, measure.sent_back_revision) == ("published", None)
    services.archive(measure, editor_a)
    assert Measure.objects.get().status == "archived"
    assert [(entry.action, entry.user) for entry in trail(measure)] == [
        ("measure.archived", editor_a),
        ("measure.published", staff_user),
        ("measure.submitted", editor_a),
        ("measure.sent_back", staff_user),
        ("measure.submitted", editor_a),
    ]


ALL_STATES = ["draft", "submitted", "published", "published with changes", "archived"]
# What each state change accepts; every other start is refused with a message.
ALLOWED = {
    "submit_for_review": {"draft"},
    "approve": {"submitted", "published with changes"},
    "send_back": {"submitted", "published with changes"},
    "withdraw_changes": {"published with changes"},
    "archive": {"draft", "submitted", "published", "published with changes"},
}


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("change", ALLOWED)
def test_each_state_change_is_allowed_only_from_its_states(make_measure, staff_user, state, change):
    status = "published" if state.startswith("published") else state
    measure = make_measure(status=status)
    if state == "published with changes":
        with_changes(measure, title_de="Neu")
    arguments = {"approve": (1,), "send_back": (1, "Grund")}.get(change, ())
    before = trail(measure).count()
    run = getattr(services, change)
    if state in ALLOWED[change]:
        run(measure, *arguments, staff_user)
        assert trail(measure).count() == before + 1
    else:
        with pytest.raises(services.TransitionNotAllowed) as refused:
            run(measure, *arguments, staff_user)
        assert str(refused.value)
        assert Measure.objects.get().status == status
        assert trail(measure).count() == before


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
        ("Deutshkurs", "Deutschkurs A1 für Mütter mit Kinderbetreuung", False),
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


@pytest.fixture
def courses(make_measure):
    make_measure("Sprachkurs am Abend")
    make_measure("Sprachkurs für Frauen mit Kinderbetreuung")
    make_measure("Deutsch im Alltag")
    make_measure("Schwimmkurs für Frauen")
    make_measure("Mieterberatung")


def _ranked(text):
    search = Search.for_text(text)
    results = search.apply(Measure.objects.visible())
    ordered = results.order_by("-words_matched", "-search_rank", "title_de")
    return search, [measure.title_de for measure in ordered]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sprachkurs Frauen", ["Sprachkurs für Frauen mit Kinderbetreuung"]),
        ("Sprachkurs für Frauen", ["Sprachkurs für Frauen mit Kinderbetreuung"]),
        ("frauen sprachkurs", ["Sprachkurs für Frauen mit Kinderbetreuung"]),
    ],
)
def test_measures_with_all_words_are_the_results_when_there_are_any(courses, text, expected):
    search, titles = _ranked(text)
    assert titles == expected
    assert not search.some_words_only


def test_without_a_measure_with_all_words_those_with_the_most_words_come_first(courses):
    search, titles = _ranked("Deutsch Frauen Kinderbetreuung")
    assert search.some_words_only
    # two of the three words, then those with one of them
    assert titles[0] == "Sprachkurs für Frauen mit Kinderbetreuung"
    assert set(titles[1:]) == {"Deutsch im Alltag", "Schwimmkurs für Frauen"}
    assert "Mieterberatung" not in titles


def test_a_word_that_no_measure_contains_does_not_block_the_others(courses):
    search, titles = _ranked("Deutsch Frauen")
    assert search.some_words_only
    assert set(titles) == {
        "Deutsch im Alltag",
        "Sprachkurs für Frauen mit Kinderbetreuung",
        "Schwimmkurs für Frauen",
    }


@pytest.mark.parametrize(("text", "expected"), [("Sprachk", 2), ("Frauen Sch", 1), ("Mi", 1)])
def test_the_last_word_matches_as_a_prefix_while_typing(courses, text, expected):
    search, titles = _ranked(text)
    assert search.mode == "all"
    assert len(titles) == expected


def test_the_catalogue_says_when_no_offer_contains_all_words(client, courses):
    html = client.get("/en/measures/?q=Alltag+Schwimmkurs").content.decode()
    assert "No offers contain all your words; these contain some of them." in html
    assert "2 offers found" in html
    html = client.get("/en/measures/?q=Sprachkurs+Kinderbetreuung").content.decode()
    assert "these contain some of them" not in html
    assert "1 offer found" in html


@pytest.fixture
def translated(make_measure):
    make_measure(
        "Deutschkurs für Frauen",
        title_en="German course for women",
        title_tr="Kadınlar için Almanca kursu",
        summary_tr="Çocuk bakımı ile Almanca dersleri",
        title_ar="دورة لغة ألمانية للنساء",
        summary_ar="دروس اللغة الألمانية مع رعاية الأطفال",
        title_uk="Курс німецької мови для жінок",
        summary_uk="Уроки німецької мови з доглядом за дітьми",
    )
    make_measure("Mieterberatung", title_en="Tenants' advice", title_tr="Kiracı danışmanlığı")


@pytest.mark.parametrize(
    "text",
    [
        "Almanca kursları",  # Turkish stemming: kursları → kurs
        "kadın",
        "دورات اللغة",  # Arabic stemming
        "الألمانية",
        "німецької",
        "Курс жінок",
        "курс німецької мови",
        "women courses",
    ],
)
def test_texts_in_every_language_are_searched(translated, text):
    search, titles = _titles(text)
    assert titles == {"Deutschkurs für Frauen"}
    assert not search.typo_tolerant


def test_ukrainian_words_are_found_with_or_without_accents(make_measure):
    make_measure("Elterncafé", title_uk="Кафе для батьків, щоп'ятниці")
    assert _titles("кафе")[1] == {"Elterncafé"}
    assert _titles("Кафе батьків")[1] == {"Elterncafé"}


def test_text_in_the_visitors_language_ranks_first(make_measure):
    from django.utils import translation

    make_measure("Sprachcafé")
    make_measure(
        "Sprachcafé am Abend",
        summary_de="Sprechen und Zuhören",
        description_de="Jeden Dienstag",
        title_tr="Akşam dil kafesi",
    )
    with translation.override("tr"):
        results = Search.for_text("Sprachcafé").apply(Measure.objects.visible())
        ranked = [m.title_de for m in results.order_by("-words_matched", "-search_rank")]
    assert ranked[0] == "Sprachcafé am Abend"
    with translation.override("de"):
        results = Search.for_text("Sprachcafé").apply(Measure.objects.visible())
        ranked = [m.title_de for m in results.order_by("-words_matched", "-search_rank")]
    assert ranked[0] == "Sprachcafé"
