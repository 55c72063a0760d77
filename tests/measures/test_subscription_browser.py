"""The catalogue's calendar subscription on a phone and a wide screen, in
German and Arabic (right to left): visible, and its long address wraps."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.screenshots import keep_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADINGS = {
    "de": "Diese Angebote im Kalender abonnieren",
    "ar": "اشترك في هذه العروض في تقويمك",
}


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_subscription_is_offered_below_the_results(
    live_server, browser, make_measure, language, width
):
    make_measure(
        "Deutschkurs Bad Cannstatt",
        districts=("bad-cannstatt",),
        start_date=date(2030, 3, 1),
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/{language}/measures/?district=bad-cannstatt&domain=language")
        heading = page.get_by_role("heading", level=2, name=HEADINGS[language])
        expect(heading).to_be_visible()
        links = page.locator(".subscription a")
        expect(links.first).to_have_attribute(
            "href",
            f"webcal://{live_server.url.split('://')[1]}/{language}/measures/calendar.ics"
            "?district=bad-cannstatt&domain=language",
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        keep_screenshot(page, f"measures-subscription-{language}-{width}")
    finally:
        context.close()
