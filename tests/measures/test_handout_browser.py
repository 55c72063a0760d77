"""The handout as Chromium prints it: A4 pages whose text names the offers and
whose QR codes, scanned from the printed page, open the offers' pages."""

import io
from datetime import time, timedelta

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from measures.models import Measure, Schedule
from tests.screenshots import keep_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A4 at the browser's 96 pixels per inch.
A4 = {"width": 794, "height": 1123}


@pytest.fixture
def district_list(make_measure) -> list[Measure]:
    """Three offers with childcare in Bad Cannstatt, the second without Arabic."""
    first_day = timezone.localdate() + timedelta(days=3)
    measures = [
        make_measure(
            "Deutschkurs mit Kinderbetreuung",
            title_ar="دورة ألمانية مع رعاية الأطفال",
            districts=("bad-cannstatt",),
            childcare=True,
            childcare_age_from=1,
            childcare_age_to=3,
            venue_street="Marktstraße 5",
            venue_postal_code="70372",
            contact_phone="0711 216-0",
            registration_required=True,
        ),
        make_measure(
            "Elterncafé am Kursaal",
            districts=("bad-cannstatt",),
            childcare=True,
            contact_phone="0711 555 12",
        ),
        make_measure(
            "Sprachtreff für Mütter",
            title_ar="لقاء لغوي للأمهات",
            districts=("bad-cannstatt",),
            childcare=True,
        ),
    ]
    for weekday, measure in enumerate(measures):
        Schedule.objects.create(
            measure=measure,
            kind=Schedule.Kind.WEEKLY,
            weekdays=[weekday],
            start_time=time(9),
            end_time=time(11, 30),
            valid_from=first_day,
            valid_until=first_day + timedelta(days=90),
        )
    return measures


def decoded_qr_codes(page: Page) -> set[str]:
    """The texts of the QR codes visible on the whole printed page."""
    screenshot = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("L")
    return {result.text for result in zxingcpp.read_barcodes(screenshot)}


@pytest.mark.parametrize(
    ("reader", "language", "titles"),
    [
        ("", "de", ["Deutschkurs mit Kinderbetreuung", "Elterncafé am Kursaal"]),
        ("ar", "ar", ["Deutschkurs mit Kinderbetreuung", "Sprachtreff für Mütter"]),
    ],
)
def test_a_district_list_prints_on_a4_with_qr_codes_of_the_offers(
    live_server, page: Page, district_list, reader, language, titles
):
    page.set_viewport_size(A4)
    page.goto(f"{live_server.url}/de/measures/?district=bad-cannstatt&childcare=on")
    page.get_by_role("link", name="Als Handout drucken").click()
    if reader:
        page.get_by_label("Auch in der Sprache der Leserin").select_option(reader)
        page.get_by_role("button", name="Anwenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Angebote: Stadtbezirk: Bad Cannstatt; Mit Kinderbetreuung"
    )
    # The button is JavaScript's; the instruction works without it.
    expect(page.get_by_role("button", name="Drucken")).to_be_visible()

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Drucken")).to_be_hidden()
    keep_screenshot(page, f"handout-print-a4-{'de-' + reader if reader else 'de'}")
    expected = {
        f"{live_server.url}/{language}/measures/{measure.slug}/" for measure in district_list
    }
    assert decoded_qr_codes(page) == expected

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert 1 <= len(pdf.pages) <= 2
    text = " ".join(pdf_page.extract_text() for pdf_page in pdf.pages)
    for title in titles:
        assert title in text
    assert "0711 216-0" in text
    assert "Zurück zu den Angeboten" not in text  # the screen's toolbar is not printed


def test_arabic_runs_right_to_left_in_her_column(live_server, page: Page, district_list):
    page.set_viewport_size(A4)
    page.goto(f"{live_server.url}/de/measures/handout/?district=bad-cannstatt&reader=ar")
    page.emulate_media(media="print")
    item = page.locator(".handout__item").first
    german, arabic = item.locator(".handout__text").all()
    assert german.get_attribute("dir") == "ltr" and arabic.get_attribute("dir") == "rtl"
    # Her column beside the German one (after it, as the page reads), its
    # title set flush right.
    german_box, arabic_box = german.bounding_box(), arabic.bounding_box()
    assert arabic_box["x"] >= german_box["x"] + german_box["width"]
    title = arabic.locator("h2")
    title_box = title.evaluate(
        "element => { const range = document.createRange(); range.selectNodeContents(element);"
        " const box = range.getBoundingClientRect(); return {x: box.x, width: box.width}; }"
    )
    assert title_box["x"] + title_box["width"] == pytest.approx(
        arabic_box["x"] + arabic_box["width"], abs=2
    )


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_handout_on_screen(live_server, browser, district_list, width, language):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(
            f"{live_server.url}/{language}/measures/handout/?district=bad-cannstatt&reader=ar"
        )
        expect(page.locator(".handout__item")).to_have_count(3)
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        keep_screenshot(page, f"handout-screen-{language}-{width}")
    finally:
        context.close()


def test_without_javascript_there_is_no_dead_print_button(live_server, browser, district_list):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/de/measures/handout/?district=bad-cannstatt")
        expect(page.get_by_text("Strg+P")).to_be_visible()
        expect(page.get_by_role("button", name="Drucken")).to_be_hidden()
    finally:
        context.close()
