"""The printable handout: what it lists, in which languages, with which QR codes."""

import re
from datetime import date, time, timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation

from measures.handout import handout_response, qr_code_svg
from measures.models import Measure, Schedule
from measures.services import _unique_slug

pytestmark = pytest.mark.django_db

URL = "/de/measures/handout/"


def next_week() -> date:
    return timezone.localdate() + timedelta(days=7)


@pytest.fixture
def cafe(make_measure) -> Measure:
    measure = make_measure(
        "Sprachcafé für Mütter",
        title_ar="مقهى اللغة للأمهات",
        summary_ar="نتحدث الألمانية معًا",
        districts=("bad-cannstatt",),
        venue_name="Stadtteilhaus",
        venue_street="Marktstraße 5",
        venue_postal_code="70372",
        contact_phone="0711 123 45",
        childcare=True,
        childcare_age_from=1,
        childcare_age_to=3,
        registration_required=True,
        registration_url="https://example.org/anmeldung",
    )
    Schedule.objects.create(
        measure=measure,
        kind=Schedule.Kind.WEEKLY,
        weekdays=[1],
        start_time=time(9),
        end_time=time(11),
        valid_from=next_week(),
        valid_until=next_week() + timedelta(days=60),
        skips_public_holidays=False,
    )
    return measure


@pytest.fixture
def group(make_measure) -> Measure:
    return make_measure("Nähgruppe", districts=("mitte",))


def render(measures, language: str = "de", **options) -> str:
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    with translation.override(language):
        response = handout_response(request, measures, title="Für Frau K.", **options)
    assert response.status_code == 200
    return response.content.decode()


def test_the_handout_lists_what_a_mother_needs_to_go_there(cafe):
    html = render([cafe])
    assert "Sprachcafé für Mütter" in html
    assert "Partner A e. V." in html
    assert "Stadtteilhaus" in html and "Marktstraße 5, 70372 Stuttgart" in html
    assert "Bad Cannstatt" in html
    assert 'href="tel:071112345"' in html and "0711 123 45" in html
    assert "Di, 09:00–11:00" in html  # the schedule's sentence
    first = next_week() + timedelta(days=(1 - next_week().weekday()) % 7)
    assert first.strftime("%d.%m.%Y") in html  # the next dates
    assert "Ja, es gibt eine Kinderbetreuung." in html
    assert "https://example.org/anmeldung" in html
    assert "Bitte melden Sie sich vorher an." in html


def test_each_measure_has_a_qr_code_of_its_public_page(cafe, group):
    html = render([cafe, group])
    for measure in (cafe, group):
        url = f"http://testserver/de/measures/{measure.slug}/"
        assert qr_code_svg(url) in html
    assert html.count("<svg") == 2


def test_the_qr_code_draws_the_modules_of_the_address():
    svg = qr_code_svg("https://example.org/de/measures/a/")
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    squares = re.findall(r"M(\d+),(\d+)h1v1h-1z", svg)
    # version 3 (29 modules) with two modules of white border on each side
    assert size == 33
    # the finder pattern's dark corner sits two modules in from the edge
    assert ("2", "2") in squares and ("0", "0") not in squares


def test_measures_keep_the_order_given_and_hidden_ones_are_left_out(cafe, group, make_measure):
    draft = make_measure("Entwurf", status=Measure.Status.DRAFT)
    html = render([group, draft, cafe])
    assert html.index("Nähgruppe") < html.index("Sprachcafé für Mütter")
    assert "Entwurf" not in html


def test_a_reader_of_arabic_gets_german_and_arabic_side_by_side(cafe, group):
    html = render([cafe, group], reader_language="ar")
    assert 'lang="ar" dir="rtl"' in html and 'lang="de" dir="ltr"' in html
    assert "مقهى اللغة للأمهات" in html and "Sprachcafé für Mütter" in html
    # Arabic labels and schedule sentence in her column
    assert "رعاية الأطفال" in html
    # the QR code opens the page in her language
    assert qr_code_svg(f"http://testserver/ar/measures/{cafe.slug}/") in html


def test_a_measure_without_her_language_shows_german_marked(group):
    html = render([group], reader_language="ar")
    assert '<h2 class="handout__measure-title" lang="de" dir="ltr">Nähgruppe</h2>' in html
    with translation.override("ar"):
        marker = translation.gettext("This offer is described in German only.")
    assert marker in html


def test_a_german_reader_gets_one_column(cafe):
    html = render([cafe], reader_language="de")
    assert "handout--two-languages" not in html
    assert 'dir="rtl"' not in html


def test_notes_are_printed_with_their_measure(cafe, group):
    html = render(
        [cafe, group],
        notes={cafe.pk: "Fragen Sie nach Frau X."},
        general_note="Sagen Sie, dass Sie von uns kommen.",
    )
    assert html.index("Sagen Sie, dass Sie von uns kommen.") < html.index("Sprachcafé")
    note = html.index("Fragen Sie nach Frau X.")
    assert html.index("Sprachcafé") < note < html.index("Nähgruppe")


def test_the_handout_prints_without_javascript_and_offers_a_print_button(cafe):
    html = render([cafe])
    assert "Strg+P" in html
    assert re.search(r"<button[^>]*data-print[^>]*hidden", html)


def test_an_empty_list_says_so():
    assert "Auf dieser Liste stehen keine Angebote." in render([])


def test_no_measure_is_called_like_the_handout_page(make_measure):
    assert _unique_slug("Handout") == "handout-2"


# The handout of a catalogue choice


def test_the_catalogue_links_to_the_handout_of_its_choice(client, cafe):
    html = client.get("/de/measures/?district=bad-cannstatt&childcare=on&page=1").content.decode()
    assert 'href="/de/measures/handout/?district=bad-cannstatt&amp;childcare=on"' in html


def test_the_catalogue_handout_names_the_choice_in_words(client, cafe, group):
    response = client.get(f"{URL}?domain=language&district=bad-cannstatt&childcare=on")
    html = response.content.decode()
    title = re.search(r'<h1 class="handout__title" dir="auto">(.*?)</h1>', html).group(1)
    assert title == (
        "Angebote: Lebensbereich: Sprache; Stadtbezirk: Bad Cannstatt; Mit Kinderbetreuung"
    )
    assert "Sprachcafé für Mütter" in html and "Nähgruppe" not in html
    # back to the same list, and a form for the second language keeping the choice
    back = "/de/measures/?domain=language&amp;district=bad-cannstatt&amp;childcare=on"
    assert f'href="{back}"' in html
    assert '<input type="hidden" name="district" value="bad-cannstatt">' in html


def test_the_catalogue_handout_in_two_languages(client, cafe):
    html = client.get(f"{URL}?district=bad-cannstatt&reader=ar").content.decode()
    assert "مقهى اللغة للأمهات" in html and "Sprachcafé für Mütter" in html
    assert '<option value="ar" lang="ar" selected>' in html


def test_a_long_list_prints_its_first_thirty_and_says_so(client, make_measure):
    for number in range(32):
        make_measure(f"Kurs {number:02d}", start_date=date(2030, 1, 1))
    html = client.get(f"{URL}?sort=title").content.decode()
    assert html.count('<li class="handout__item">') == 30
    assert "Kurs 29" in html and "Kurs 30" not in html
    assert "Dieses Handout zeigt die ersten 30 von 32 Angeboten." in html


@pytest.mark.parametrize(
    "query",
    ["reader=xx", "reader=%00", "district=atlantis", "date_from=yesterday", "reader=ar&reader=tr"],
)
def test_bad_input_gives_a_handout_with_a_message(client, cafe, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert "Sprachcafé für Mütter" in response.content.decode()
    assert 'class="kern-alert' in response.content.decode() or "reader=ar" in query


def test_an_unknown_reader_language_is_explained(client, cafe):
    html = client.get(f"{URL}?reader=xx").content.decode()
    assert "Die Sprache „xx“ gibt es hier nicht" in html
    assert "handout--two-languages" not in html


@pytest.mark.parametrize("rows", [3, 30])
def test_the_number_of_queries_does_not_grow_with_the_offers(
    client, make_measure, django_assert_max_num_queries, rows
):
    for number in range(rows):
        measure = make_measure(f"Kurs {number}", districts=("mitte", "west"))
        Schedule.objects.create(
            measure=measure,
            kind=Schedule.Kind.WEEKLY,
            weekdays=[0, 2],
            start_time=time(9),
            valid_from=next_week(),
            valid_until=next_week() + timedelta(days=30),
        )
    # A first page of this process reads the catalogue's version and then,
    # once per version, its choices (see `kept_per_version`).
    with django_assert_max_num_queries(16):
        response = client.get(f"{URL}?reader=tr")
    assert response.content.decode().count('<li class="handout__item">') == rows
