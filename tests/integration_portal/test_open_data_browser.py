"""The open data page on a phone and a desktop screen, left to right and right to left."""

import pytest
from playwright.sync_api import Page, expect

from tests.screenshots import keep_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_open_data_page_fits_the_screen_and_is_reached_from_the_footer(
    live_server, page: Page, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/{language}/")
    page.locator("footer").get_by_role(
        "link", name={"de": "Offene Daten", "ar": "البيانات المفتوحة"}[language]
    ).click()
    expect(page).to_have_url(f"{live_server.url}/{language}/info/open-data/")
    expect(page.locator("h1")).to_be_visible()
    # Long example lines scroll inside their block; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    keep_screenshot(page, f"open-data-{language}-{width}")
