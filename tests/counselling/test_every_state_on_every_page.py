"""Every page of counselling, for appointments and clients in every state they
can reach: booked, moved, cancelled, attended, not attended, erased (GDPR
Art. 17) and anonymised by the retention purge. No page fails, and none shows
what was erased."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from counselling.booking import BOOKED_KEY
from counselling.models import Absence, Appointment, Client, Mode, Topic
from counselling.services import (
    ClientDetails,
    book_appointment,
    cancel_appointment,
    erase_person,
    move_appointment,
    purge_personal_data,
)
from counselling.slots import free_slots
from tests.factories import add_rule, make_client, span

pytestmark = pytest.mark.django_db

# What the erased and the purged client told us: no page may show it any more.
ERASED = ("Aylin Erased", "aylin.erased@example.net", "0711 5550101")
PURGED = ("Petra Purged", "petra.purged@example.net", "0711 5550202")


def _book(slot, name: str, email: str, phone: str, german) -> Appointment:
    return book_appointment(
        slot_key=slot.key,
        details=ClientDetails(name, email, phone, date(2026, 6, 1), None, "de"),
        topic=Topic.CAREER,
        language=german,
    )


def _past(counsellor, german, days_ago: int, status: str, client: Client) -> Appointment:
    start = timezone.now() - timedelta(days=days_ago)
    return Appointment.objects.create(
        counsellor=counsellor,
        client=client,
        timespan=span(start),
        topic=Topic.GERMAN,
        mode=Mode.PHONE,
        language=german,
        status=status,
    )


@pytest.fixture
def every_state(counsellor, german, location, lead_user):
    for weekday in range(5):
        add_rule(counsellor, weekday=weekday)
    add_rule(counsellor, weekday=5, mode=Mode.IN_PERSON, location=location)
    slots = free_slots(counsellor_id=counsellor.pk)
    booked = _book(slots[0], "Bea Booked", "bea@example.net", "", german)
    to_move = _book(slots[1], "Mia Moved", "mia@example.net", "", german)
    moved = move_appointment(to_move, slots[2].key)
    cancelled = _book(slots[3], "Cara Cancelled", "", "0711 5550303", german)
    cancel_appointment(cancelled)
    # The erased client booked twice, once in capitals: both rows go.
    erased = _book(slots[4], *ERASED, german)
    _book(slots[5], ERASED[0], ERASED[1].upper(), "", german)
    erased_past = _past(counsellor, german, 2, Appointment.Status.ATTENDED, erased.client)
    erase_person(erased.client, user=lead_user)
    attended = _past(counsellor, german, 3, Appointment.Status.ATTENDED, make_client())
    no_show = _past(counsellor, german, 4, Appointment.Status.NO_SHOW, make_client())
    unrecorded = _past(counsellor, german, 1, Appointment.Status.BOOKED, make_client())
    name, email, phone = PURGED
    old_client = make_client(name=name, email=email, phone=phone)
    Client.objects.filter(pk=old_client.pk).update(created_at=timezone.now() - timedelta(days=400))
    purged = _past(counsellor, german, 300, Appointment.Status.ATTENDED, old_client)
    purged.notes = "Petra sucht Teilzeit."
    purged.save()
    assert purge_personal_data() == 1
    Absence.objects.create(
        counsellor=counsellor,
        start=timezone.now() + timedelta(days=60),
        end=timezone.now() + timedelta(days=61),
    )
    return [
        booked,
        to_move,
        moved,
        cancelled,
        erased,
        erased_past,
        attended,
        no_show,
        unrecorded,
        purged,
    ]


def desk_pages(appointments, counsellor) -> list[str]:
    pages = [reverse("desk:agenda"), reverse("desk:statistics")]
    for appointment in appointments:
        day = appointment.start.date().isoformat()
        pages += [
            f"{reverse('desk:agenda')}?date={day}",
            f"{reverse('desk:agenda')}?date={day}&view=week",
            reverse("desk:appointment", args=[appointment.pk]),
            reverse("desk:client_export", args=[appointment.client_id]),
            reverse("desk:client_erase", args=[appointment.client_id]),
        ]
    rule, absence = counsellor.rules.first(), counsellor.absences.first()
    pages += [
        reverse("desk:book", args=[counsellor.pk]),
        reverse("desk:availability", args=[counsellor.pk]),
        reverse("desk:rule_edit", args=[counsellor.pk, rule.pk]),
        reverse("desk:absence_edit", args=[counsellor.pk, absence.pk]),
    ]
    return pages


def admin_pages(counsellor, location) -> list[str]:
    absence = counsellor.absences.first()
    return [
        "/admin/counselling/",
        "/admin/counselling/counsellor/",
        f"/admin/counselling/counsellor/{counsellor.pk}/change/",
        "/admin/counselling/location/",
        f"/admin/counselling/location/{location.pk}/change/",
        "/admin/counselling/absence/",
        f"/admin/counselling/absence/{absence.pk}/change/",
    ]


def assert_shows_nothing_erased(content: str) -> None:
    for secret in (*ERASED, *PURGED, "Petra sucht Teilzeit"):
        assert secret not in content


@pytest.mark.parametrize("role", ["counsellor_user", "lead_user", "superuser"])
def test_every_desk_page_answers_for_every_state_and_shows_nothing_erased(
    client, request, role, every_state, counsellor
):
    client.force_login(request.getfixturevalue(role))
    anonymised = set(
        Client.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)
    )
    for url in desk_pages(every_state, counsellor):
        response = client.get(url)
        allowed = {200, 403, 404} if role == "counsellor_user" else {200, 404}
        assert response.status_code in allowed, url
        if "/clients/" in url and int(url.split("/")[-3]) in anonymised:
            assert response.status_code in {403, 404}, url
        assert_shows_nothing_erased(response.content.decode())


def test_the_agenda_names_anonymised_clients_as_such(client, lead_user, every_state):
    client.force_login(lead_user)
    erased = every_state[4]
    response = client.get(f"{reverse('desk:agenda')}?date={erased.start.date().isoformat()}")
    assert "anonymisierte Klientin" in response.content.decode()
    detail = client.get(reverse("desk:appointment", args=[erased.pk])).content.decode()
    assert "anonymisierte Klientin" in detail
    assert reverse("desk:client_erase", args=[erased.client_id]) not in detail


def test_every_personal_link_answers_for_every_state(client, every_state):
    for appointment in every_state:
        for page in ("appointment", "cancel", "move"):
            response = client.get(reverse(f"counselling:{page}", args=[appointment.token]))
            assert response.status_code in {200, 302}
            assert_shows_nothing_erased(response.content.decode())
        session = client.session
        session[BOOKED_KEY] = {
            "token": appointment.token,
            "until": (timezone.now() + timedelta(minutes=1)).isoformat(),
        }
        session.save()
        done = client.get(reverse("counselling:done"))
        assert done.status_code == 200
        assert_shows_nothing_erased(done.content.decode())


def test_every_counselling_admin_page_answers_for_every_state(
    client, superuser, every_state, counsellor, location
):
    client.force_login(superuser)
    for url in admin_pages(counsellor, location):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shows_nothing_erased(response.content.decode())


def test_no_notes_can_be_written_about_an_erased_client(client, lead_user, every_state):
    client.force_login(lead_user)
    erased = every_state[5]
    url = reverse("desk:appointment", args=[erased.pk])
    assert 'value="notes"' not in client.get(url).content.decode()
    client.post(url, {"action": "notes", "notes": "Aylin ruft zurück"})
    erased.refresh_from_db()
    assert erased.notes == ""
