"""The page of undelivered messages in a browser, on a phone and a desktop, in de and ar."""

from datetime import date

import pytest
from django.test import Client as HttpClient
from playwright.sync_api import Browser, expect

from counselling.models import OutboxMessage, Topic
from counselling.services import ClientDetails, book_appointment
from counselling.slots import free_slots
from tests.counselling.worker import run_due
from tests.factories import add_rule
from tests.screenshots import keep_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("width", [375, 1280])
def test_a_lead_sends_a_message_again_from_the_desk(
    live_server, browser: Browser, lead_user, counsellor, german, settings, language, width
):
    settings.COUNSELLING_OUTBOX_SEND_ON_COMMIT = False
    settings.COUNSELLING_OUTBOX_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.counselling.failing_mail.Backend"
    for weekday in range(5):
        add_rule(counsellor, weekday=weekday)
    for number in range(2):
        book_appointment(
            slot_key=free_slots()[number].key,
            details=ClientDetails(
                "Amal", f"amal{number}@example.net", "", date(2025, 6, 1), None, "ar"
            ),
            topic=Topic.CAREER,
            language=german,
        )
    run_due()
    assert OutboxMessage.objects.failed().count() == 2

    desk = HttpClient()
    desk.force_login(lead_user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": desk.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/desk/messages/failed/")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main li form")).to_have_count(2)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    keep_screenshot(page, f"failed-{language}-{width}")

    page.locator("main li button[type=submit]").first.click()
    expect(page.locator("main li form")).to_have_count(1)
    assert OutboxMessage.objects.failed().count() == 1
    keep_screenshot(page, f"failed-sent-again-{language}-{width}")
