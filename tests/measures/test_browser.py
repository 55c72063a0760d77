from datetime import date

import pytest
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_filters_opens_a_measure_and_saves_it_in_her_calendar(
    live_server, page: Page, make_measure
):
    make_measure(
        "Elterncafé Bad Cannstatt",
        title_en="Parents' café Bad Cannstatt",
        domains=("family",),
        districts=("bad-cannstatt",),
        start_date=date(2030, 3, 1),
    )
    make_measure("Elterncafé Mitte", domains=("family",), districts=("mitte",))
    make_measure("Sprachcafé Bad Cannstatt", domains=("language",), districts=("bad-cannstatt",))

    page.goto(f"{live_server.url}/en/measures/")
    expect(page.get_by_role("heading", level=2, name="3 offers found")).to_be_visible()
    page.get_by_label("Family").check()
    page.get_by_label("Bad Cannstatt").check()
    page.get_by_role("button", name="Show offers").click()

    expect(page.get_by_role("heading", level=2, name="1 offer found")).to_be_visible()
    expect(page.get_by_role("link", name="District: Bad Cannstatt")).to_be_visible()
    page.get_by_role("link", name="Parents' café Bad Cannstatt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Parents' café Bad Cannstatt")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    with open(download.path(), encoding="utf-8") as calendar_file:
        assert "SUMMARY:Parents' café Bad Cannstatt" in calendar_file.read()


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_results_come_first_and_the_filters_open_from_a_button(
    live_server, browser, make_measure, javascript
):
    for number in range(6):
        make_measure(
            f"Sprachcafé {number}",
            domains=("language",),
            districts=("mitte",),
            target_groups=("women",),
            languages=("de", "ar"),
        )
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/measures/?q=Sprachcafé+Arabic&district=mitte&free=1")
        toggle = page.locator("summary", has_text="Filter (3)")
        expect(toggle).to_be_visible()
        # the chips and the first result come right after the search, the filters folded
        expect(page.get_by_role("link", name="Language: Arabic")).to_be_visible()
        first_result = page.get_by_role("link", name="Sprachcafé 0").bounding_box()
        assert first_result["y"] < 1100  # it was below 3,000 px of filters
        expect(page.get_by_label("Free of charge")).to_be_hidden()
        toggle.click()
        expect(page.get_by_label("Free of charge")).to_be_visible()
        expect(page.get_by_label("Free of charge")).to_be_checked()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
    finally:
        context.close()


def test_on_a_wide_screen_the_filters_stand_beside_the_results(live_server, page, make_measure):
    make_measure("Sprachcafé", domains=("language",))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/en/measures/")
    expect(page.get_by_label("Mitte")).to_be_visible()
    expect(page.locator("summary", has_text="Filter (0)")).to_be_hidden()
