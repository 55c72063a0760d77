import pytest
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_switches_the_home_page_to_english(live_server, page: Page):
    page.goto(f"{live_server.url}/de/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=2, name="Angebote nach Lebensbereich")).to_be_visible()

    page.get_by_role("navigation", name="Sprache wählen").get_by_role(
        "link", name="English"
    ).click()

    expect(page).to_have_url(f"{live_server.url}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=2, name="Offers by area of life")).to_be_visible()


def test_the_skip_link_is_the_first_stop_of_the_keyboard(live_server, page: Page):
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_pages_in_browser_tests_carry_the_design_system(live_server, page: Page):
    """The shared live server leaves /static/ to WhiteNoise, so the hashed
    stylesheets load as in production and the journeys see styled pages."""
    failed = []
    page.on("response", lambda response: failed.append(response.url) if not response.ok else None)
    page.goto(f"{live_server.url}/de/")
    sheets = page.evaluate(
        "Array.from(document.styleSheets, sheet => sheet.href && sheet.cssRules.length)"
    )
    assert sheets and all(sheets), sheets
    assert failed == []


def test_the_main_navigation_lines_up_with_the_page(live_server, page: Page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/de/")
    brand = page.get_by_role("banner").get_by_role("link").first.bounding_box()
    first_link = page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link").first
    assert abs(first_link.bounding_box()["x"] - brand["x"]) <= 1
