import re

import pytest
from playwright.sync_api import Page, expect

from counselling.models import Appointment
from tests.factories import add_rule

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def open_week(counsellor):
    for weekday in range(5):
        add_rule(counsellor, weekday=weekday)


def test_a_mother_books_moves_and_cancels_an_appointment(
    live_server, page: Page, open_week, mailoutbox
):
    page.goto(f"{live_server.url}/en/counselling/")
    page.get_by_role("link", name="Book an appointment").click()
    page.get_by_label("Month of birth of your youngest child").select_option("5")
    page.get_by_label("Year of birth of your youngest child").select_option(str(2025))
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("German courses").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("German", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("By phone").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Choose a time")).to_be_visible()
    page.locator("input[name=slot]").first.check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Your name or a pseudonym").fill("Aylin")
    page.get_by_label("Phone number").fill("0151 23456789")
    page.get_by_label("Email address").fill("aylin@example.net")
    page.get_by_label("I agree that my details are stored").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    page.get_by_role("button", name="Book appointment").click()
    expect(page.get_by_role("heading", name="Your appointment is booked")).to_be_visible()

    assert len(mailoutbox) == 1
    link = re.search(r"http\S+/en/counselling/appointment/\S+/", mailoutbox[0].body).group(0)
    path = link.split("/en/", 1)[1]
    page.goto(f"{live_server.url}/en/{path}")
    expect(page.get_by_role("heading", name="Your counselling appointment")).to_be_visible()

    page.get_by_role("link", name="Move appointment").click()
    page.locator("input[name=slot]").nth(1).check()
    page.get_by_role("button", name="Move appointment").click()
    expect(page.get_by_role("heading", name="Your counselling appointment")).to_be_visible()
    # Moved, the appointment stays one: her link from the first mail shows the new time.
    assert Appointment.objects.filter(status="booked").count() == 1
    assert Appointment.objects.count() == 1
    page.goto(f"{live_server.url}/en/{path}")
    expect(page.get_by_role("link", name="Move appointment")).to_be_visible()

    page.get_by_role("link", name="Cancel appointment").click()
    page.get_by_role("button", name="Yes, cancel appointment").click()
    expect(page.get_by_text("Cancelled")).to_be_visible()
    assert not Appointment.objects.filter(status="booked").exists()
    assert [message.subject for message in mailoutbox[1:]] == [
        "Ihr Beratungstermin wurde verschoben",
        "Ihr Beratungstermin wurde abgesagt",
    ]
