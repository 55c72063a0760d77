"""The steering overview in a browser: no sideways scrolling at 1280 px, a
list on phones, the district map usable with the keyboard; in de and ar."""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, expect

from measures.models import Schedule, UnansweredSearch
from tests.factories import make_measure, make_partner
from tests.screenshots import keep_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def overview_data(partner_a) -> None:
    other = make_partner(name="Evangelische Gesellschaft Stuttgart e. V. – Migrationsdienst")
    for number, (domains, districts) in enumerate(
        [
            (("language",), ("mitte", "bad-cannstatt")),
            (("language", "work"), ("untertuerkheim",)),
            (("family",), ("zuffenhausen", "vaihingen", "mitte")),
            (("health",), ("obertuerkheim",)),
        ]
    ):
        measure = make_measure(
            partner_a if number % 2 else other,
            f"Angebot {number}",
            domains=domains,
            districts=districts,
            capacity=12 + number,
        )
        Schedule.objects.create(
            measure=measure,
            kind=Schedule.Kind.SINGLE,
            valid_from=timezone.localdate() + timedelta(days=4),
            start_time=time(9),
            end_time=time(12),
        )
    UnansweredSearch.objects.create(query="sprache zuffenhausen", day=timezone.localdate(), count=6)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("width", [375, 1280])
def test_the_overview_fits_the_screen_and_its_map_answers_the_keyboard(
    live_server, browser: Browser, staff_user, overview_data, language, width
):
    desk = Client()
    desk.force_login(staff_user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": desk.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/staff/dashboard/?figure=places")
    keep_screenshot(page, f"steering-{language}-{width}")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    matrix = page.locator(".dashboard__heat")
    phone_list = page.locator(".dashboard__phone-list")
    if width == 375:
        # On phones the matrix is a list of districts that unfold.
        expect(matrix).to_be_hidden()
        mitte = phone_list.locator("details", has_text="Mitte").first
        expect(mitte.locator(".dashboard__phone-cells")).to_be_hidden()
        mitte.locator("summary").click()
        expect(mitte.locator(".dashboard__phone-cells li").first).to_be_visible()
        keep_screenshot(page, f"steering-{language}-{width}-unfolded")
    else:
        expect(phone_list).to_be_hidden()
        expect(matrix).to_be_visible()
        # The matrix needs no sideways scrolling of its own either.
        assert matrix.evaluate("table => table.scrollWidth <= table.parentElement.clientWidth")
    tile = page.locator('a.dashboard__tile[data-district="mitte"]')
    tile.focus()
    assert page.evaluate("document.activeElement.getAttribute('data-district')") == "mitte"
    assert tile.get_attribute("aria-label").endswith(tile.get_attribute("data-value"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-district')")
    page.locator(".dashboard__details summary").click()
    expect(page.locator(".dashboard__map-table")).to_be_visible()
    context.close()
