"""Booking limits count the visitor's own address, as the trusted proxies
report it, so that one abuser behind the reverse proxy does not lock out
everyone."""

from datetime import date

import pytest
from django.urls import reverse

from counselling.booking import SESSION_KEY
from counselling.models import Appointment, Topic
from counselling.slots import free_slots

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def book_through_the_proxy(client, german, slot, number: int, visitor: str):
    session = client.session
    session[SESSION_KEY] = {
        "child": date(2026, 1, 1).isoformat(),
        "topic": Topic.CAREER,
        "language": german.pk,
        "mode": "phone",
        "slot": slot.key,
        "details": {
            "name": "Mutter",
            "email": f"mutter{number}@example.net",
            "phone": f"+49711123{number:03d}",
            "child_birth_month": date(2026, 1, 1).isoformat(),
        },
    }
    session.save()
    return client.post(
        reverse("counselling:check"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor
    )


def test_the_booking_limit_counts_each_visitor_behind_the_proxy(
    client, settings, monday_rule, german
):
    settings.TRUSTED_PROXY_COUNT = 1
    slots = free_slots()
    for number in range(5):
        assert (
            book_through_the_proxy(
                client, german, slots[number], number, "198.51.100.7"
            ).status_code
            == 302
        )
    assert book_through_the_proxy(client, german, slots[5], 5, "198.51.100.7").status_code == 429
    assert book_through_the_proxy(client, german, slots[6], 6, "198.51.100.8").status_code == 302
    assert Appointment.objects.count() == 6


def test_a_forged_forwarded_address_does_not_escape_the_limit(
    client, settings, monday_rule, german
):
    settings.TRUSTED_PROXY_COUNT = 1
    slots = free_slots()
    for number in range(6):
        # The client writes a new address each time; the proxy appends the real one.
        forged = f"203.0.113.{number}, 198.51.100.7"
        response = book_through_the_proxy(client, german, slots[number], number, forged)
    assert response.status_code == 429
    assert Appointment.objects.count() == 5
