"""The waiting list as she and the lead see it: join when nothing fits, book the
time held for her with her link, leave; counts for the lead."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from counselling import waiting_list
from counselling.models import Appointment, Mode, SlotHold, Topic, WaitingListEntry
from counselling.services import cancel_appointment
from counselling.slots import free_slots
from counselling.statistics import Figure, waiting_list_demand_counts
from integration_portal import demand
from tests.factories import make_appointment, make_client

from .conftest import answer_child

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The pages in English: the URLs reversed now lead to /en/."""
    with translation.override("en"):
        yield


def walk_to_slots(client, german, mode: str = "phone"):
    answer_child(client)
    client.post(reverse("counselling:topic"), {"topic": Topic.CAREER})
    client.post(reverse("counselling:language"), {"language": german.pk})
    client.post(reverse("counselling:mode"), {"mode": mode})
    return client.get(reverse("counselling:slots"))


def join_page(client, **data):
    values = {"email": "", "phone": "0151 23456789", "consent": "on"}
    values.update(data)
    return client.post(reverse("counselling:waiting_list"), values)


def test_when_nothing_fits_she_joins_the_waiting_list_and_gets_her_link(client, counsellor, german):
    slots = walk_to_slots(client, german)
    assert reverse("counselling:waiting_list") in slots.content.decode()
    response = join_page(client)
    entry = WaitingListEntry.objects.get()
    assert response.url == reverse("counselling:waiting", args=[entry.token])
    assert (entry.topic, entry.language, entry.mode, entry.phone, entry.email) == (
        Topic.CAREER,
        german,
        Mode.PHONE,
        "+4915123456789",
        "",
    )
    assert entry.child_birth_month == date(2025, 5, 1)
    page = client.get(response.url)
    assert "You are on the waiting list" in page.content.decode()
    assert entry.token in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"


def test_beside_times_that_do_not_suit_her_the_waiting_list_is_offered(
    client, counsellor, monday_rule, german
):
    slots = walk_to_slots(client, german)
    assert slots.context["days"]
    assert "None of these times suits you?" in slots.content.decode()


def test_bad_contact_data_is_explained_and_kept(client, counsellor, german):
    walk_to_slots(client, german)
    response = join_page(client, phone="abc", email="not-an-address")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="abc"' in content and 'value="not-an-address"' in content
    assert "Enter a phone number with its area code" in content
    no_contact = join_page(client, phone="")
    # A counsellor calls her back: the phone number is needed.
    assert "Enter the phone number on which your counsellor can call" in no_contact.content.decode()
    assert not WaitingListEntry.objects.exists()


def test_the_waiting_list_asks_her_district_only_for_meetings_in_person(
    client, counsellor, german, location
):
    walk_to_slots(client, german)
    assert "district" not in client.get(reverse("counselling:waiting_list")).context["form"].fields
    client.post(reverse("counselling:mode"), {"mode": "in_person"})
    client.post(reverse("counselling:location"), {"location": location.pk})
    form = client.get(reverse("counselling:waiting_list")).context["form"]
    assert form["district"].value() == location.district_id


def test_without_her_answers_the_waiting_list_starts_at_the_beginning(client):
    assert client.get(reverse("counselling:waiting_list")).url == reverse("counselling:start")


@pytest.fixture
def offered(counsellor, monday_rule, german):
    """She waits; an appointment fitting her is cancelled and held for her."""
    slot = free_slots()[0]
    taken = make_appointment(counsellor, slot.start, client=make_client(email="x@example.net"))
    entry = waiting_list.join(
        waiting_list.Wish(
            Topic.CAREER, german, Mode.PHONE, None, "wartet@example.net", "", date(2025, 6, 1), "ar"
        ),
        now=timezone.now(),
    )
    cancel_appointment(taken, by_staff=True)
    return entry, SlotHold.objects.get()


def test_her_link_shows_the_held_time_and_books_it(client, offered, german):
    entry, hold = offered
    url = reverse("counselling:waiting", args=[entry.token])
    page = client.get(url)
    assert "A time is held for you" in page.content.decode()
    assert page.context["form"]["email"].value() == "wartet@example.net"
    missing = client.post(url, {"email": "wartet@example.net", "consent": "on"})
    assert missing.status_code == 200 and "Enter a name or a pseudonym." in missing.content.decode()
    response = client.post(
        url,
        {"name": "Amal", "email": "wartet@example.net", "phone": "0151 23456789", "consent": "on"},
    )
    assert response.url == reverse("counselling:done")
    appointment = Appointment.objects.get(status="booked")
    assert appointment.timespan == hold.timespan
    assert appointment.client.phone == "+4915123456789"
    assert not WaitingListEntry.objects.exists()
    assert client.get(url).status_code == 404


def test_she_leaves_the_list_with_her_link(client, offered):
    entry, hold = offered
    url = reverse("counselling:waiting_leave", args=[entry.token])
    assert "Do you really want to leave" in client.get(url).content.decode()
    response = client.post(url)
    assert "You have left the waiting list" in response.content.decode()
    assert not WaitingListEntry.objects.exists()
    hold.refresh_from_db()
    assert hold.released_at is not None


def test_an_expired_entry_is_not_found(client, offered):
    entry, _hold = offered
    WaitingListEntry.objects.update(created_at=timezone.now() - timedelta(weeks=8, minutes=1))
    assert client.get(reverse("counselling:waiting", args=[entry.token])).status_code == 404


def test_the_lead_sees_counts_without_contact_data(client, lead_user, offered):
    client.force_login(lead_user)
    page = client.get(reverse("desk:waiting_list"))
    content = page.content.decode()
    (row,) = page.context["rows"]
    assert (row.waiting, row.offered) == (1, 1)
    assert "wartet@example.net" not in content
    assert "Career orientation" in content


def test_statistics_show_waiting_list_demand_in_the_period_and_the_csv(
    client, lead_user, offered, german
):
    client.force_login(lead_user)
    today = timezone.localdate().isoformat()
    page = client.get(f"{reverse('desk:statistics')}?kind=month&day={today}")
    figures = {figure.label: figure for figure in page.context["figures"]}
    assert figures["Joined the waiting list"].current == 1
    (row,) = page.context["demand"]
    assert (row.topic, row.language, row.current, row.previous) == (
        "Career orientation",
        german,
        1,
        0,
    )
    with translation.override("de"):
        url = reverse("desk:statistics")
    csv = client.get(f"{url}?kind=month&day={today}&export=csv").content.decode("utf-8-sig")
    assert "Warteliste nach Thema und Sprache;Sprache;" in csv
    assert "Berufliche Orientierung;Deutsch;1;0" in csv
    assert "Auf die Warteliste gesetzt;1;0" in csv


def test_the_change_of_capacity_used_reads_as_percentage_points_with_sign():
    assert Figure("Capacity used", 55, 50, "%").change_text == "+5 percentage points"
    assert Figure("Capacity used", 49, 50, "%").change_text == "-1 percentage point"
    assert Figure("Booked", 3, 5).change_text == "-2"
    assert Figure("Booked", 3, None).change_text == "–"


def test_the_steering_overview_gets_the_monthly_counts_that_outlive_the_entries(offered, german):
    waiting_list.purge_expired(now=timezone.now() + timedelta(weeks=9))
    assert not WaitingListEntry.objects.exists()
    source = next(s for s in demand.sources() if s.key == "counselling-waiting-list")
    month = timezone.localdate().replace(day=1)
    (count,) = source.counts(month, month + timedelta(days=31))
    assert (count.month, count.count, count.language_id, count.category) == (
        month,
        1,
        german.pk,
        Topic.CAREER.label,
    )
    assert waiting_list_demand_counts(month + timedelta(days=31), month + timedelta(days=62)) == []
