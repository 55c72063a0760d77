"""Booking works with the keyboard alone, with focus always visible, and without JavaScript."""

import re

import pytest
from django.test.testcases import LiveServerThread
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from counselling.models import Appointment, Mode, Topic
from tests.factories import add_rule

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Enough Tab presses to cross any page of the booking flow; more means a focus trap.
MAX_TABS = 60

FOCUS_STATE = """element => {
    const style = getComputedStyle(element);
    return {
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        shadow: style.boxShadow !== "none",
        description: element.outerHTML.slice(0, 120),
    };
}"""


def _through_the_app(application):
    """Leave /static/ to WhiteNoise, which serves the collected, hashed files as in
    production: `live_server` answers them with 404, and focus styles would be missing."""
    return application


@pytest.fixture(scope="module")
def server_url():
    server = LiveServerThread("localhost", static_handler=_through_the_app)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield f"http://localhost:{server.port}"
    server.terminate()


@pytest.fixture
def open_week(counsellor):
    for weekday in range(5):
        add_rule(counsellor, weekday=weekday)


def assert_focus_is_visible(page: Page) -> None:
    focused = page.locator(":focus")
    expect(focused).to_be_visible()
    # The page scrolls smoothly to the focused element: give it the moment it takes.
    expect(focused).to_be_in_viewport()
    state = page.evaluate(f"({FOCUS_STATE})(document.activeElement)")
    assert state["outline"] or state["shadow"], f"focus has no indicator: {state}"


def press(page: Page, key: str) -> None:
    page.keyboard.press(key)
    assert_focus_is_visible(page)


def follow(page: Page, key: str) -> None:
    """Press Enter or Space on a link or button that leads to the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `target` has focus, checking every stop on the way."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        press(page, key)
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{key} never reached {target}")


def continue_button(page: Page) -> Locator:
    return page.locator("main form").get_by_role("button", name="Continue")


def test_a_mother_books_an_appointment_with_the_keyboard_alone(
    server_url, page: Page, open_week, mailoutbox
):
    page.goto(f"{server_url}/en/counselling/")
    tab_to(page, page.get_by_role("link", name="Book an appointment"))
    follow(page, "Enter")

    # First the child's month of birth: whether she can be counselled at all.
    expect(page.get_by_role("heading", name="When was your youngest child born?")).to_be_visible()
    tab_to(page, page.get_by_label("Month of birth of your youngest child"))
    page.keyboard.type("May")
    tab_to(page, page.get_by_label("Year of birth of your youngest child"))
    page.keyboard.type(str(timezone.localdate().year - 1))
    tab_to(page, continue_button(page))
    follow(page, "Enter")

    # Topic: Tab into the radio group, arrows move the choice, Shift+Tab comes back.
    expect(page.get_by_role("group", name="What would you like to talk about?")).to_be_visible()
    first_topic = page.locator("input[name=topic]").first
    tab_to(page, first_topic)
    press(page, "Space")
    tab_to(page, continue_button(page))
    tab_to(page, first_topic, backwards=True)
    press(page, "ArrowDown")
    expect(page.get_by_label("Recognition of foreign qualifications")).to_be_checked()
    tab_to(page, continue_button(page))
    follow(page, "Enter")

    expect(
        page.get_by_role("group", name="In which language would you like to talk?")
    ).to_be_visible()
    tab_to(page, page.get_by_label("German", exact=True))
    press(page, "Space")
    tab_to(page, continue_button(page))
    follow(page, "Space")

    expect(page.get_by_role("group", name="How would you like to talk?")).to_be_visible()
    tab_to(page, page.get_by_label("In person"))
    press(page, "Space")
    press(page, "ArrowDown")
    expect(page.get_by_label("By phone")).to_be_checked()
    tab_to(page, continue_button(page))
    follow(page, "Enter")

    expect(page.get_by_role("heading", name="Choose a time")).to_be_visible()
    first_slot = page.locator("input[name=slot]").first
    tab_to(page, first_slot)
    press(page, "Space")
    expect(first_slot).to_be_checked()
    tab_to(page, continue_button(page))
    follow(page, "Enter")

    expect(page.get_by_role("heading", name="Your details")).to_be_visible()
    tab_to(page, page.get_by_label("Your name or a pseudonym"))
    page.keyboard.type("Aylin")
    tab_to(page, page.get_by_label("Phone number"))
    page.keyboard.type("0151 23456789")
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type("aylin@example.net")
    consent = page.get_by_label("I agree that my details are stored")
    tab_to(page, consent)
    press(page, "Space")
    expect(consent).to_be_checked()
    tab_to(page, continue_button(page))
    follow(page, "Enter")

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Book appointment"))
    follow(page, "Enter")

    expect(page.get_by_role("heading", name="Your appointment is booked")).to_be_visible()
    booked = Appointment.objects.get(status=Appointment.Status.BOOKED)
    assert booked.topic == Topic.RECOGNITION
    assert booked.mode == Mode.PHONE
    assert booked.client.child_birth_month.month == 5
    assert len(mailoutbox) == 1


def test_a_mother_books_an_appointment_without_javascript(
    server_url, browser: Browser, open_week, mailoutbox
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server_url}/en/counselling/")
        page.get_by_role("link", name="Book an appointment").click()
        page.get_by_label("Month of birth of your youngest child").select_option("5")
        year = str(timezone.localdate().year - 1)
        page.get_by_label("Year of birth of your youngest child").select_option(year)
        continue_button(page).click()
        page.get_by_label("Childcare").check()
        continue_button(page).click()
        page.get_by_label("German", exact=True).check()
        continue_button(page).click()
        page.get_by_label("By phone").check()
        continue_button(page).click()

        # Sent without a time: the server names the problem, nothing is lost.
        continue_button(page).click()
        expect(page).to_have_title(re.compile(r"^Error: Choose a time"))
        expect(page.get_by_role("link", name="Time: Choose a time.")).to_be_visible()
        page.locator("input[name=slot]").first.check()
        continue_button(page).click()

        page.get_by_label("Your name or a pseudonym").fill("Aylin")
        page.get_by_label("Phone number").fill("0711 555 123")
        continue_button(page).click()
        expect(
            page.get_by_role("link", name="Agree to the storage of your details")
        ).to_be_visible()
        expect(page.get_by_label("Your name or a pseudonym")).to_have_value("Aylin")
        page.get_by_label("I agree that my details are stored").check()
        continue_button(page).click()

        expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
        expect(page.get_by_role("link", name="0711 555123")).to_have_attribute(
            "href", "tel:+49711555123"
        )
        page.get_by_role("button", name="Book appointment").click()

        expect(page.get_by_role("heading", name="Your appointment is booked")).to_be_visible()
        page.locator("main a[href*='/counselling/appointment/']").click()
        expect(page.get_by_role("heading", name="Your counselling appointment")).to_be_visible()
    finally:
        context.close()
    booked = Appointment.objects.get(status=Appointment.Status.BOOKED)
    assert booked.topic == Topic.CHILDCARE
    assert booked.client.phone == "+49711555123"
