"""The waiting list in a browser, on a phone and a desktop, in German and Arabic:
nothing fits, she joins, a booking is cancelled, she is offered the time and books it."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from counselling.models import Appointment, Topic, WaitingListEntry
from counselling.services import cancel_appointment
from counselling.slots import free_slots
from tests.factories import add_rule, make_appointment, make_client
from tests.screenshots import keep_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def fully_booked(counsellor):
    """Her counsellor's only weekly hours are booked for every week offered."""
    add_rule(counsellor)
    return [
        make_appointment(counsellor, slot.start, client=make_client(email=f"b{n}@example.net"))
        for n, slot in enumerate(free_slots())
    ]


def submit(page: Page) -> None:
    page.locator("main form button[type=submit]").click()


def fits_the_screen(page: Page, width: int) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("width", [375, 1280])
def test_nothing_fits_she_waits_a_time_frees_up_and_she_books_it(
    live_server, browser: Browser, fully_booked, german, mailoutbox, language, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/counselling/child/")
    page.locator("select[name=child_month]").select_option("5")
    page.locator("select[name=child_year]").select_option("2025")
    submit(page)
    page.locator(f"input[name=topic][value={Topic.CAREER}]").check()
    submit(page)
    page.locator(f"input[name=language][value='{german.pk}']").check()
    submit(page)
    page.locator("input[name=mode][value=phone]").check()
    submit(page)

    assert not page.locator("input[name=slot]").count()
    page.locator("main a[href$='/waiting-list/']").click()
    page.locator("input[name=phone]").fill("0151 23456789")
    page.locator("input[name=email]").fill("wartet@example.net")
    keep_screenshot(page, f"waiting-list-join-{language}-{width}")
    page.locator("input[name=consent]").check()
    submit(page)
    expect(page.locator("h1")).to_be_visible()
    entry = WaitingListEntry.objects.get()
    assert (entry.phone, entry.ui_language) == ("+4915123456789", language)
    fits_the_screen(page, width)
    keep_screenshot(page, f"waiting-list-waiting-{language}-{width}")

    cancel_appointment(fully_booked[-1], by_staff=True)
    offer = next(message for message in mailoutbox if message.to == ["wartet@example.net"])
    link = re.search(rf"http\S+/{language}/counselling/waiting-list/\S+/", offer.body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    expect(page.locator("input[name=name]")).to_be_visible()
    fits_the_screen(page, width)
    keep_screenshot(page, f"waiting-list-held-{language}-{width}")
    page.locator("input[name=name]").fill("Amal")
    page.locator("input[name=consent]").check()
    submit(page)

    expect(page.locator(".kern-alert--success h1")).to_be_visible()
    booked = Appointment.objects.get(client__name="Amal")
    assert booked.timespan == fully_booked[-1].timespan
    assert booked.status == Appointment.Status.BOOKED
    assert not WaitingListEntry.objects.exists()
    context.close()
