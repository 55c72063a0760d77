"""The catalogue is a plain GET form: searching, filtering and opening need no JavaScript."""

import pytest
from playwright.sync_api import Browser, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_searches_filters_and_opens_an_offer_without_javascript(
    live_server, browser: Browser, make_measure
):
    make_measure(
        "Deutschkurs mit Kinderbetreuung",
        title_en="German course with childcare",
        domains=("language",),
        districts=("bad-cannstatt",),
        childcare=True,
    )
    make_measure("Deutschkurs am Abend", domains=("language",), districts=("mitte",))
    make_measure("Elterncafé", domains=("family",), districts=("bad-cannstatt",), childcare=True)

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/measures/")
        page.get_by_label("Search term").fill("Deutschkurs")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page.get_by_role("heading", level=2, name="2 offers found")).to_be_visible()
        assert "q=Deutschkurs" in page.url

        # without JavaScript the filters open from their button, on any screen
        page.locator("summary", has_text="Filter (0)").click()
        page.get_by_label("With childcare").check()
        page.get_by_role("button", name="Show offers").click()
        expect(page.get_by_role("heading", level=2, name="1 offer found")).to_be_visible()
        assert "childcare=1" in page.url
        expect(page.get_by_label("Search term")).to_have_value("Deutschkurs")

        page.get_by_role("link", name="German course with childcare").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("German course with childcare")
    finally:
        context.close()
