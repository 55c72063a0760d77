"""The booking on a phone and in Arabic: no page scrolls sideways at 375 px, times,
phone numbers, places and links keep their direction, phone numbers can be tapped."""

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from counselling.models import Appointment, Mode
from tests.factories import add_rule
from tests.screenshots import keep_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE, DESKTOP = 375, 1280


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Each journey books from the same address; the limits per hour start afresh."""
    cache.clear()


@pytest.fixture
def open_week(counsellor, location):
    for weekday in range(5):
        add_rule(counsellor, weekday=weekday, mode=Mode.IN_PERSON, location=location)


def page_width(page: Page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def look(page: Page, name: str, language: str, width: int) -> None:
    """Each page fits the screen; at 375 and 1280 px in de and ar it is photographed."""
    assert page_width(page) <= width, f"{name} in {language} is wider than {width} px"
    if language in ("de", "ar"):
        keep_screenshot(page, f"{name}-{language}-{width}")


def submit(page: Page) -> None:
    page.locator("main form button[type=submit]").last.click()


def book(page: Page, base: str, language: str, width: int) -> str:
    """Walk the booking from the start page to the confirmation; return the personal link."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/{language}/counselling/")
    look(page, "start", language, width)
    page.locator("main a[href$='/child/']").click()
    look(page, "child", language, width)
    page.locator("select[name=child_month]").select_option("5")
    page.locator("select[name=child_year]").select_option("2025")
    submit(page)
    steps = [
        ("topic", "input[name=topic][value=career]"),
        ("language", "input[name=language]"),
        ("mode", "input[name=mode][value=in_person]"),
        ("place", "input[name=location]"),
        ("time", "input[name=slot]"),
    ]
    for name, choice in steps:
        look(page, name, language, width)
        page.locator(choice).first.check()
        submit(page)
    look(page, "details", language, width)
    page.locator("input[name=name]").fill("Aylin Yılmaz-Abdelrahman")
    page.locator("input[name=email]").fill("aylin.yilmaz-abdelrahman@example.net")
    page.locator("input[name=phone]").fill("0151 23456789")
    page.locator("input[name=consent]").check()
    submit(page)
    look(page, "check", language, width)
    expect(page.locator("main a[href='tel:+4915123456789']")).to_have_count(1)
    submit(page)
    expect(page.locator("main .personal-link a")).to_be_visible()
    look(page, "done", language, width)
    return page.locator("main .personal-link a").get_attribute("href")


@pytest.mark.parametrize("language", ["de", "tr", "uk", "ar"])
def test_no_booking_page_scrolls_sideways_on_a_phone(live_server, page: Page, open_week, language):
    link = book(page, live_server.url, language, PHONE)
    page.goto(link)
    look(page, "appointment", language, PHONE)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_booking_fits_a_desktop_screen(live_server, page: Page, open_week, language):
    link = book(page, live_server.url, language, DESKTOP)
    page.goto(link)
    look(page, "appointment", language, DESKTOP)


def test_in_arabic_times_places_and_links_keep_their_direction(live_server, page: Page, open_week):
    page.set_viewport_size({"width": PHONE, "height": 900})
    page.goto(f"{live_server.url}/ar/counselling/")
    office = page.locator("main a[href^='tel:']")
    expect(office).to_have_attribute("href", "tel:+4971121600000")
    assert office.locator("bdi").evaluate("e => getComputedStyle(e).direction") == "ltr"

    link = book(page, live_server.url, "ar", PHONE)
    appointment = Appointment.objects.get()
    start, end = appointment.start.strftime("%H:%M"), appointment.end.strftime("%H:%M")
    page.goto(link)
    times = page.locator("main dd bdi[dir=ltr]", has_text=f"{start}–{end}")
    expect(times).to_have_count(1)
    assert times.evaluate("e => getComputedStyle(e).direction") == "ltr"
    expect(page.locator("main dd bdi[dir=ltr]", has_text="Charlottenplatz 17")).to_have_count(1)

    page.goto(link + "move/")
    first = page.locator("main label bdi[dir=ltr]").first
    assert first.evaluate("e => getComputedStyle(e).direction") == "ltr"
    begins, ends = first.inner_text().split("–")
    assert begins < ends
