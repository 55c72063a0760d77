import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from counselling.models import Appointment, Client, Counsellor, Topic
from counselling.services import ClientDetails, book_appointment
from counselling.slots import free_slots
from tests.factories import add_rule, span

from .conftest import answer_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(counsellor, other_counsellor):
    for person in (counsellor, other_counsellor):
        for weekday in range(5):
            add_rule(person, weekday=weekday)


def book_for(counsellor, german, email="mutter@example.net") -> Appointment:
    slot = free_slots(counsellor_id=counsellor.pk)[0]
    return book_appointment(
        slot_key=slot.key,
        details=ClientDetails("Mutter", email, "", date(2025, 6, 1), None, "de"),
        topic=Topic.CAREER,
        language=german,
    )


def walk_to_check(client, german) -> None:
    answer_child(client)
    client.post(reverse("counselling:topic"), {"topic": Topic.CAREER})
    client.post(reverse("counselling:language"), {"language": german.pk})
    client.post(reverse("counselling:mode"), {"mode": "phone"})
    page = client.get(reverse("counselling:slots"))
    key = page.context["days"][0][1][0][0].key
    assert client.post(reverse("counselling:slots"), {"slot": key}).status_code == 302
    return client.post(
        reverse("counselling:details"),
        {
            "name": "Aylin",
            "email": "aylin@example.net",
            "phone": "0151 23456789",
            "consent": "on",
        },
    )


def test_the_whole_booking_flow_books_and_shows_the_personal_link(
    client, rules, german, mailoutbox
):
    response = walk_to_check(client, german)
    assert response.url == reverse("counselling:check")
    check = client.get(reverse("counselling:check"))
    assert "Aylin" in check.content.decode()
    with_capture = client.post(reverse("counselling:check"))
    assert with_capture.url == reverse("counselling:done")
    appointment = Appointment.objects.get()
    done = client.get(reverse("counselling:done"))
    assert reverse("counselling:appointment", args=[appointment.token]) in done.content.decode()
    assert done["Cache-Control"] == "private, no-store"


def test_a_child_too_old_leads_to_a_kind_explanation(client, rules, german):
    response = answer_child(client, year=timezone.localdate().year - 4)
    assert response.url == reverse("counselling:not_eligible")
    page = client.get(response.url)
    assert "?domain=family" in page.content.decode()
    assert not Appointment.objects.exists()


def test_missing_contact_keeps_what_was_typed(client, rules, german):
    answer_child(client)
    client.post(reverse("counselling:topic"), {"topic": Topic.CAREER})
    client.post(reverse("counselling:language"), {"language": german.pk})
    client.post(reverse("counselling:mode"), {"mode": "phone"})
    key = client.get(reverse("counselling:slots")).context["days"][0][1][0][0].key
    client.post(reverse("counselling:slots"), {"slot": key})
    response = client.post(reverse("counselling:details"), {"name": "Aylin", "child_month": "13"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Fehler:" in content
    assert 'value="Aylin"' in content


def test_a_filled_honeypot_stops_the_booking(client, rules, german):
    answer_child(client)
    client.post(reverse("counselling:topic"), {"topic": Topic.CAREER})
    client.post(reverse("counselling:language"), {"language": german.pk})
    client.post(reverse("counselling:mode"), {"mode": "phone"})
    key = client.get(reverse("counselling:slots")).context["days"][0][1][0][0].key
    client.post(reverse("counselling:slots"), {"slot": key})
    data = {"name": "Bot", "email": "bot@example.net", "phone": "0151 23456789"}
    response = client.post(
        reverse("counselling:details"), {**data, "consent": "on", "website": "x"}
    )
    assert response.status_code == 200


def test_a_slot_taken_meanwhile_shows_the_next_free_times(client, rules, german, counsellor):
    walk_to_check(client, german)
    chosen = client.session["counselling_booking"]["slot"]
    start = next(slot.start for slot in free_slots() if slot.key == chosen)
    # Both counsellors offer that time: someone else takes it with each of them.
    for number, counsellor_id in enumerate(c.pk for c in Counsellor.objects.all()):
        book_appointment(
            slot_key=next(
                s.key for s in free_slots(counsellor_id=counsellor_id) if s.start == start
            ),
            details=ClientDetails(
                "Andere", f"andere{number}@example.net", "", date(2025, 6, 1), None, "de"
            ),
            topic=Topic.CAREER,
            language=german,
        )
    response = client.post(reverse("counselling:check"))
    assert response.status_code == 409
    assert "Dieser Termin wurde gerade vergeben" in response.content.decode()
    assert response.context["days"]


def test_the_personal_link_is_private_and_opens_only_its_own_appointment(
    client, rules, german, counsellor
):
    mine = book_for(counsellor, german)
    response = client.get(reverse("counselling:appointment", args=[mine.token]))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "private, no-store"
    assert (
        client.get(reverse("counselling:appointment", args=[mine.token[:-1] + "x"])).status_code
        == 404
    )
    other = book_for(counsellor, german, email="other@example.net")
    page = client.get(reverse("counselling:appointment", args=[mine.token]))
    assert other.token not in page.content.decode()


def test_cancel_through_the_personal_link_asks_first(client, rules, german, counsellor):
    appointment = book_for(counsellor, german)
    url = reverse("counselling:cancel", args=[appointment.token])
    assert client.get(url).status_code == 200
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    client.post(url)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_within_24_hours_the_link_explains_to_call(client, counsellor, german):
    add_rule(
        counsellor, weekday=(timezone.localdate() + timedelta(days=1)).weekday(), start=0, end=23
    )
    slot = free_slots(counsellor_id=counsellor.pk, notice=timedelta(hours=2))[0]
    appointment = book_appointment(
        slot_key=slot.key,
        details=ClientDetails("Mutter", "m@example.net", "", date(2025, 6, 1), None, "de"),
        topic=Topic.CAREER,
        language=german,
        by_staff=True,
    )
    page = client.get(reverse("counselling:appointment", args=[appointment.token]))
    assert reverse("counselling:cancel", args=[appointment.token]) not in page.content.decode()
    client.post(reverse("counselling:cancel", args=[appointment.token]))
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_public_pages_answer_without_a_session(client):
    assert client.get(reverse("counselling:start")).status_code == 200
    assert client.get(reverse("counselling:details")).status_code == 302
    assert client.get(reverse("counselling:check")).status_code == 302


# Desk


DESK_URLS = ["desk:agenda", "desk:statistics"]
EXPECTED = {
    # role: (agenda, statistics)
    "anonymous": (302, 302),
    "editor_a": (403, 403),
    "staff": (403, 403),
    "counsellor": (200, 403),
    "lead": (200, 200),
}


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("index", [0, 1], ids=DESK_URLS)
def test_desk_access_by_role(client, role_users, role, index):
    user = role_users[role]
    if user:
        client.force_login(user)
    response = client.get(reverse(DESK_URLS[index]))
    assert response.status_code == EXPECTED[role][index]


@pytest.fixture
def booked(rules, counsellor, other_counsellor, german):
    mine = book_for(counsellor, german)
    theirs = book_for(other_counsellor, german, email="theirs@example.net")
    theirs.notes = "Nur für die Kollegin"
    theirs.save()
    return mine, theirs


def test_a_counsellor_cannot_see_another_counsellors_client_notes(client, counsellor_user, booked):
    mine, theirs = booked
    client.force_login(counsellor_user)
    assert client.get(reverse("desk:appointment", args=[mine.pk])).status_code == 200
    assert client.get(reverse("desk:appointment", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("desk:appointment", args=[theirs.pk]), {"action": "notes", "notes": "x"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.notes == "Nur für die Kollegin"


def test_a_lead_sees_all_notes_and_exports_and_erases_a_client(client, lead_user, booked):
    _mine, theirs = booked
    client.force_login(lead_user)
    page = client.get(reverse("desk:appointment", args=[theirs.pk]))
    assert "Nur für die Kollegin" in page.content.decode()
    export_url = reverse("desk:client_export", args=[theirs.client_id])
    assert client.get(export_url).status_code == 200
    export = client.post(export_url, {"records": [theirs.client_id]})
    assert json.loads(export.content)["records"][0]["email"] == "theirs@example.net"
    client.post(
        reverse("desk:client_erase", args=[theirs.client_id]), {"records": [theirs.client_id]}
    )
    erased = Client.objects.get(pk=theirs.client_id)
    assert erased.email == "" and erased.anonymised_at is not None
    theirs.refresh_from_db()
    assert theirs.status == Appointment.Status.CANCELLED


def test_a_counsellor_cannot_export_clients(client, counsellor_user, booked):
    client.force_login(counsellor_user)
    assert client.get(reverse("desk:client_export", args=[booked[0].client_id])).status_code == 403


def test_a_counsellor_records_attendance_and_notes(client, counsellor_user, booked):
    mine = booked[0]
    client.force_login(counsellor_user)
    url = reverse("desk:appointment", args=[mine.pk])
    started = timezone.now() - timedelta(minutes=5)
    Appointment.objects.filter(pk=mine.pk).update(timespan=span(started))
    client.post(url, {"action": "attended"})
    client.post(url, {"action": "notes", "notes": "Anerkennung beantragt"})
    mine.refresh_from_db()
    assert (mine.status, mine.notes) == (Appointment.Status.ATTENDED, "Anerkennung beantragt")


def test_the_week_agenda_needs_as_many_queries_for_twelve_appointments_as_for_one(
    client, counsellor_user, rules, counsellor, german
):
    slots = free_slots(counsellor_id=counsellor.pk)[:12]
    client.force_login(counsellor_user)
    url = f"{reverse('desk:agenda')}?view=week&date={slots[0].local_start.date().isoformat()}"

    def book(some_slots) -> None:
        for slot in some_slots:
            # A different mother each time: one may hold only 3 future appointments.
            phone = f"0711 {slot.start:%d%H%M}"
            book_appointment(
                slot_key=slot.key,
                details=ClientDetails("Mutter", "", phone, date(2025, 6, 1), None, "de"),
                topic=Topic.CAREER,
                language=german,
            )

    book(slots[:1])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    book(slots[1:])
    with CaptureQueriesContext(connection) as twelve:
        response = client.get(url)
    assert len(twelve.captured_queries) == len(one.captured_queries)
    first = Appointment.objects.order_by("timespan").first()
    # Once in the calendar, once in the list shown on phones instead.
    assert response.content.decode().count(reverse("desk:appointment", args=[first.pk])) == 2
    assert client.get(f"{reverse('desk:agenda')}?date=not-a-date").status_code == 200


def test_a_counsellor_books_for_a_client_on_the_phone(
    client, counsellor_user, rules, counsellor, german
):
    client.force_login(counsellor_user)
    url = reverse("desk:book", args=[counsellor.pk])
    key = client.get(url).context["form"].fields["slot"].choices[0][0]
    response = client.post(
        url,
        {
            "slot": key,
            "topic": Topic.CHILDCARE,
            "language": german.pk,
            "name": "Frau Y",
            "phone": "0711 2161234",
            "child_month": "1",
            "child_year": "2025",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert Appointment.objects.get().client.name == "Frau Y"


def test_a_counsellor_manages_her_own_availability_only(
    client, counsellor_user, counsellor, other_counsellor
):
    client.force_login(counsellor_user)
    assert client.get(reverse("desk:availability", args=[other_counsellor.pk])).status_code == 404
    response = client.post(
        reverse("desk:rule_add", args=[counsellor.pk]),
        {
            "weekday": 1,
            "start_time": "09:00",
            "end_time": "08:00",
            "slot_minutes": 45,
            "mode": "phone",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert not counsellor.rules.exists()
    client.post(
        reverse("desk:absence_add", args=[counsellor.pk]),
        {"start": "2027-02-01T08:00", "end": "2027-02-05T18:00", "reason": "Fortbildung"},
    )
    assert counsellor.absences.count() == 1


def test_statistics_show_charts_and_numbers_without_personal_data(client, lead_user, booked):
    client.force_login(lead_user)
    content = client.get(reverse("desk:statistics")).content.decode()
    assert "<svg" in content and "<rect" in content and "style=" not in content
    assert "mutter@example.net" not in content
