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
