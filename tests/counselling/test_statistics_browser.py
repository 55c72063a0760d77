"""The statistics page in a browser at phone and desktop width, in de and ar."""

import pytest
from django.test import Client as HttpClient
from playwright.sync_api import Browser, expect

from tests.factories import add_rule
from tests.screenshots import keep_screenshot

from .test_absence_over_bookings import NOW, book_with

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("width", [375, 1280])
def test_labels_are_never_cut_off_and_tables_unfold(
    live_server, browser: Browser, lead_user, counsellor, german, language, width
):
    add_rule(counsellor, weekday=1)
    book_with(counsellor, german, 10, "ar", "amal@example.net")
    desk = HttpClient()
    desk.force_login(lead_user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": desk.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/desk/statistics/?kind=month&day=2026-12-01")
    labels = page.locator(".bar-list__label")
    assert labels.count() >= 4
    for index in range(labels.count()):
        box = labels.nth(index).evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert box[0] <= box[1]
    keep_screenshot(page, f"statistics-{language}-{width}")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    tables = page.locator("details table")
    expect(tables.first).to_be_hidden()
    page.locator("details summary").first.click()
    expect(tables.first).to_be_visible()
    context.close()
