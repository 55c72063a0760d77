"""The comparison with other cities in the steering overview, on a phone and a desktop screen."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from playwright.sync_api import expect

from tests.factories import make_measure
from tests.screenshots import keep_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FEED = Path(__file__).parent / "data" / "hsds_feed_karlsruhe.json"


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_comparison_table_reads_as_a_table(
    live_server, browser, staff_user, partner_a, language, width
):
    make_measure(partner_a, "Sprachcafé", domains=("language",))
    call_command("import_hsds_comparison", str(FEED), city="Karlsruhe", population=308_000)
    staff = HttpClient()
    staff.force_login(staff_user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/staff/dashboard/")
    table = page.locator("#city-comparison-heading + div table")
    expect(table.get_by_role("columnheader").nth(2)).to_contain_text("Karlsruhe")
    # Sprache: 1 offer in Stuttgart, 2 services in Karlsruhe.
    first_row = table.locator("tbody tr").first
    # In the page's number format: 0,2 in German.
    expect(first_row.locator("td").nth(0)).to_have_text(re.compile(r"^0\D2 \(1\)$"))
    expect(first_row.locator("td").nth(1)).to_have_text(re.compile(r"^0\D6 \(2\)$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("#city-comparison-heading").scroll_into_view_if_needed()
    keep_screenshot(page, f"city-comparison-{language}-{width}")
    context.close()
