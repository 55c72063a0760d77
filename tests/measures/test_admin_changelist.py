"""The department's list of measures in the admin, on a 1280 px screen."""

import pytest
from django.test import Client
from playwright.sync_api import Page

from measures.models import Measure
from tests.factories import make_measure
from tests.screenshots import keep_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_measure_list_shows_every_column_and_its_filters_at_1280_px(
    live_server, page: Page, staff_user, partner_a, partner_b
):
    make_measure(
        partner_a,
        "Berufsbezogener Deutschkurs mit Kinderbetreuung für Mütter aus allen Stadtbezirken",
        status=Measure.Status.PUBLISHED,
    )
    partner_b.name = "Evangelische Gesellschaft Stuttgart e. V. – Migrationsdienst"
    partner_b.save()
    make_measure(partner_b, "Sprachcafé", status=Measure.Status.SUBMITTED)
    client = Client()
    client.force_login(staff_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.context.set_extra_http_headers({"Accept-Language": "de"})
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/admin/measures/measure/")

    keep_screenshot(page, "admin-measures-1280")
    status = page.locator("#result_list thead th.column-status")
    box = status.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # The admin scrolls a list wider than its column sideways, hiding what is right.
    results = page.locator("#changelist .results")
    assert results.evaluate("element => element.scrollWidth <= element.clientWidth")
    filters = page.locator("#changelist-filter details summary").all_inner_texts()
    assert [title.strip() for title in filters] == [
        "Nach Status",
        "Nach wartet auf Prüfung",
        "Nach von der Redaktion geprüft",
        "Nach Träger",
        "Nach Stadtbezirke",
        "Nach Lebensbereiche",
        "Nach Form",
    ]
