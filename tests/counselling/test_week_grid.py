"""The desk's week as a calendar grid: free, booked and absent hours at a glance."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from counselling.models import Absence
from counselling.slots import BERLIN
from counselling.week_grid import week_grid
from tests.factories import add_rule

from .test_absence_over_bookings import NOW, TUESDAY, book_with

pytestmark = pytest.mark.django_db

MONDAY = TUESDAY - timedelta(days=1)


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def planned_tuesday(counsellor, german):
    """Tuesday 9–12 offered; 10:00 booked; an absence from 11 to 12."""
    add_rule(counsellor, weekday=1)
    appointment = book_with(counsellor, german, 10, "de", "ayse@example.net")
    Absence.objects.create(
        counsellor=counsellor,
        start=datetime(2026, 12, 1, 11, tzinfo=BERLIN),
        end=datetime(2026, 12, 1, 12, tzinfo=BERLIN),
    )
    return appointment


def test_each_hour_is_free_booked_absent_or_closed(counsellor, planned_tuesday):
    week = week_grid(counsellor, MONDAY)
    assert week.days[0] == MONDAY and len(week.days) == 7
    tuesday = {hour: row[1] for hour, row in week.rows}
    assert [tuesday[hour].state for hour in (8, 9, 10, 11, 12)] == [
        "closed",
        "free",
        "booked",
        "absent",
        "closed",
    ]
    assert tuesday[10].appointments == [planned_tuesday]
    assert {row[0].state for _hour, row in week.rows} == {"closed"}
    listed = [(entry.state, entry.start.hour) for entry in dict(week.by_day)[TUESDAY]]
    assert listed == [("free", 9), ("booked", 10), ("absent", 11)]


def test_the_calendar_links_each_booking_and_names_each_state(
    client, counsellor_user, counsellor, planned_tuesday
):
    client.force_login(counsellor_user)
    with translation.override("en"):
        url = reverse("desk:agenda")
        link = reverse("desk:appointment", args=[planned_tuesday.pk])
    content = client.get(f"{url}?view=week&date={TUESDAY.isoformat()}").content.decode()
    grid = content.split('<div class="week-grid">')[1].split('<div class="week-list">')[0]
    booked_cell = grid.split("week-cell--booked")[1].split("</td>")[0]
    assert link in booked_cell
    assert "Booked" in booked_cell
    # Colour is never alone: each coloured cell carries its word.
    assert "Free" in grid.split("week-cell--free")[1].split("</td>")[0]
    assert "Absent" in grid.split("week-cell--absent")[1].split("</td>")[0]
    assert "Not available" in grid.split("week-cell--closed")[1].split("</td>")[0]


def test_the_week_needs_as_many_queries_for_many_bookings_as_for_one(
    client, counsellor_user, counsellor, german, django_assert_max_num_queries
):
    for weekday in range(5):
        add_rule(counsellor, weekday=weekday, start=8, end=18)
    client.force_login(counsellor_user)
    with translation.override("de"):
        url = f"{reverse('desk:agenda')}?view=week&date={TUESDAY.isoformat()}"
    book_with(counsellor, german, 9, "de", "first@example.net")

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for hour in range(10, 18):
        Absence.objects.create(
            counsellor=counsellor,
            start=datetime(2026, 12, 3, hour, tzinfo=BERLIN),
            end=datetime(2026, 12, 3, hour, 30, tzinfo=BERLIN),
        )
        book_with(counsellor, german, hour, "de", f"m{hour}@example.net")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("week-cell--booked") >= 9


def test_a_lead_chooses_whose_week_is_shown(
    client, lead_user, counsellor, other_counsellor, german
):
    add_rule(other_counsellor, weekday=1)
    theirs = book_with(other_counsellor, german, 9, "de", "theirs@example.net")
    client.force_login(lead_user)
    with translation.override("en"):
        url = f"{reverse('desk:agenda')}?view=week&date={TUESDAY.isoformat()}"
        link = reverse("desk:appointment", args=[theirs.pk])
    assert link not in client.get(f"{url}&counsellor={counsellor.pk}").content.decode()
    assert link in client.get(f"{url}&counsellor={other_counsellor.pk}").content.decode()
    assert client.get(f"{url}&counsellor=x").status_code == 200
