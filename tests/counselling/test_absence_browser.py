"""The absence over booked appointments in a browser, on a phone and a desktop, in de and ar."""

import pytest
from django.core import mail
from django.test import Client as HttpClient
from playwright.sync_api import Browser, expect

from counselling.models import Absence, Appointment
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
def test_the_desk_decides_for_each_booking_before_the_absence_is_saved(
    live_server,
    browser: Browser,
    counsellor_user,
    counsellor,
    other_counsellor,
    german,
    language,
    width,
):
    add_rule(counsellor, weekday=1)
    add_rule(other_counsellor, weekday=1)
    nine = book_with(counsellor, german, 9, "tr", "ayse@example.net")
    ten = book_with(counsellor, german, 10, "ar", "amal@example.net")
    book_with(other_counsellor, german, 10, "de", "other@example.net")
    mail.outbox.clear()

    desk = HttpClient()
    desk.force_login(counsellor_user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": desk.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/desk/counsellors/{counsellor.pk}/absences/new/")
    page.locator("input[name=start]").fill("2026-12-01T08:00")
    page.locator("input[name=end]").fill("2026-12-01T13:00")
    page.locator("main form button[type=submit]").click()

    expect(page.locator(f"#move-{nine.pk}")).to_be_checked()
    expect(page.locator(f"#move-{ten.pk}")).to_have_count(0)
    expect(page.locator(f"#cancel-{ten.pk}")).to_be_checked()
    assert not Absence.objects.exists()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    keep_screenshot(page, f"absence-{language}-{width}")

    page.locator("main form button[type=submit]").click()
    expect(page.locator(".kern-alert--success, [role=status]").first).to_be_visible()
    assert Absence.objects.count() == 1
    assert Appointment.objects.get(pk=nine.pk).counsellor == other_counsellor
    assert Appointment.objects.get(pk=ten.pk).status == Appointment.Status.CANCELLED
    assert sorted(message.to[0] for message in mail.outbox) == [
        "amal@example.net",
        "ayse@example.net",
    ]
    context.close()
