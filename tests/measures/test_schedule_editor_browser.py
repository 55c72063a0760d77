"""The partner area's editor of times, in a browser with and without JavaScript."""

import re
from datetime import date, time

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, expect

from measures.models import Measure

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("javascript", [True, False])
def test_an_editor_enters_a_weekly_series(
    live_server, browser: Browser, editor_a, make_measure, javascript
):
    measure = make_measure(
        "Deutschkurs",
        status=Measure.Status.DRAFT,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 6, 30),
    )
    client = Client()
    client.force_login(editor_a)
    context = browser.new_context(java_script_enabled=javascript)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/partner-area/{measure.pk}/edit/#section-when")
        times = page.locator("#times-0")
        times.get_by_label("Tuesday").check()
        times.get_by_label("Thursday").check()
        times.get_by_label(re.compile("^From")).fill("09:00")
        times.get_by_label(re.compile("^Until")).fill("08:00")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text("The end time must be after the start time.").first).to_be_visible()
        # What was typed is kept; the editor corrects the end time only.
        times = page.locator("#times-0")
        expect(times.get_by_label("Tuesday")).to_be_checked()
        times.get_by_label(re.compile("^Until")).fill("11:30")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text("The measure has been saved.")).to_be_visible()
    finally:
        context.close()
    schedule = measure.schedules.get()
    assert schedule.weekdays == [1, 3]
    assert (schedule.start_time, schedule.end_time) == (time(9), time(11, 30))
    assert schedule.rrule.startswith("FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630")
