"""The week calendar in a browser: a grid on a desktop, a list per day on a phone, in de and ar."""

from datetime import datetime

import pytest
from django.test import Client as HttpClient
from playwright.sync_api import Browser, expect

from counselling.models import Absence
from counselling.slots import BERLIN
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
def test_the_week_is_a_grid_on_desktops_and_a_list_on_phones(
    live_server, browser: Browser, counsellor_user, counsellor, german, language, width
):
    for weekday in (1, 3):
        add_rule(counsellor, weekday=weekday, start=9, end=13)
    booked = book_with(counsellor, german, 10, "ar", "amal@example.net")
    Absence.objects.create(
        counsellor=counsellor,
        start=datetime(2026, 12, 3, 11, tzinfo=BERLIN),
        end=datetime(2026, 12, 3, 13, tzinfo=BERLIN),
        reason="Fortbildung",
    )
    desk = HttpClient()
    desk.force_login(counsellor_user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": desk.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/desk/?view=week&date=2026-12-02")

    grid, phone_list = page.locator(".week-grid"), page.locator(".week-list")
    shown = phone_list if width < 768 else grid
    expect(shown).to_be_visible()
    expect(grid if shown is phone_list else phone_list).to_be_hidden()
    expect(shown.locator(".week-cell--booked")).to_have_count(1)
    expect(shown.locator(".week-cell--absent").first).to_be_visible()
    expect(shown.locator(".week-cell--free").first).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    keep_screenshot(page, f"week-{language}-{width}")

    shown.locator(".week-cell--booked a").click()
    expect(page).to_have_url(f"{live_server.url}/{language}/desk/appointments/{booked.pk}/")
    context.close()
