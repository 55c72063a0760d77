"""The partner area's measure form in a browser: one section at a time, the
first fitting the screen of a phone and of a laptop, with and without
JavaScript; the translations beside the German text; the co-operating
partners as a list of checkboxes that a search box narrows."""

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from tests.factories import make_partner
from tests.screenshots import keep_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENS = {"phone": (375, 812), "laptop": (1280, 800)}


def open_form(browser: Browser, live_server, editor, url: str, screen: str, javascript=True):
    client = Client()
    client.force_login(editor)
    width, height = SCREENS[screen]
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": width, "height": height}
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}{url}")
    return context, page


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("screen", SCREENS)
def test_the_first_section_of_the_measure_form_fits_the_screen(
    live_server, browser: Browser, editor_a, screen, javascript
):
    context, page = open_form(
        browser,
        live_server,
        editor_a,
        "/de/partner-area/partners/partner-a/new/",
        screen,
        javascript,
    )
    try:
        first = page.locator("#section-what")
        expect(first).to_be_visible()
        expect(page.locator("#section-who")).to_be_hidden()
        box = first.bounding_box()
        assert box is not None
        assert box["height"] <= SCREENS[screen][1], box
        assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen][0]
        # The section list leads to the next section, and the first one makes way.
        page.get_by_role("link", name="Weiter: Für wen").click()
        expect(page.locator("#section-who")).to_be_visible()
        expect(first).to_be_hidden()
        keep_screenshot(page, f"partner-form-who-de-{SCREENS[screen][0]}")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("screen", SCREENS)
def test_the_form_is_kept_in_screenshots(live_server, browser, editor_a, language, screen):
    context, page = open_form(
        browser, live_server, editor_a, f"/{language}/partner-area/partners/partner-a/new/", screen
    )
    try:
        keep_screenshot(page, f"partner-form-{language}-{SCREENS[screen][0]}")
        page.locator('a[href="#section-translations"]').first.click()
        expect(page.locator("#section-translations")).to_be_visible()
        keep_screenshot(page, f"partner-form-translations-{language}-{SCREENS[screen][0]}")
    finally:
        context.close()


def test_translations_stand_beside_the_german_text_on_a_wide_screen_and_below_on_a_phone(
    live_server, browser: Browser, editor_a
):
    for screen, beside in [("laptop", True), ("phone", False)]:
        context, page = open_form(
            browser,
            live_server,
            editor_a,
            "/de/partner-area/partners/partner-a/new/#section-translations",
            screen,
        )
        try:
            pair = page.locator(".translation-pair").first
            original = pair.locator(".translation-pair__original").bounding_box()
            translation = pair.locator(".translation-pair__translation").bounding_box()
            side_by_side = abs(original["x"] - translation["x"]) > 100
            assert side_by_side is beside
        finally:
            context.close()


def test_the_partner_search_narrows_the_checkbox_list(live_server, browser: Browser, editor_a):
    make_partner(name="Caritas Stuttgart")
    make_partner(name="Evangelische Gesellschaft")
    context, page = open_form(
        browser,
        live_server,
        editor_a,
        "/de/partner-area/partners/partner-a/new/#section-who",
        "laptop",
    )
    try:
        partners = page.locator("#id_cooperating_partners")
        expect(partners.get_by_label("Caritas Stuttgart")).to_be_visible()
        page.get_by_label("Partner suchen").fill("carit")
        expect(partners.get_by_label("Caritas Stuttgart")).to_be_visible()
        expect(partners.get_by_label("Evangelische Gesellschaft")).to_be_hidden()
    finally:
        context.close()
