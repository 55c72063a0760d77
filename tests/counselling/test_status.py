"""An appointment's status follows one state machine: the model says which
changes are allowed now, the services enforce it and record each change in
the audit trail, the desk offers only the allowed buttons."""

import json
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from counselling.models import Appointment, Mode, Topic
from counselling.services import (
    ChangeNotAllowed,
    ClientDetails,
    book_appointment,
    cancel_appointment,
    mark_attended,
    mark_no_show,
    move_appointment,
)
from counselling.slots import free_slots
from counselling.statistics import appointment_statistics
from integration_portal.audit import trail
from integration_portal.models import LogEntry
from tests.factories import MONDAY, berlin, make_client, span

pytestmark = pytest.mark.django_db

Status = Appointment.Status
START = berlin(MONDAY, 9)
BEFORE = START - timedelta(hours=1)
FROM_START = START + timedelta(minutes=30)

# (status now, before or from the start) -> the statuses it may become.
ALLOWED = {
    (Status.BOOKED, "before"): {Status.CANCELLED},
    (Status.BOOKED, "from start"): {Status.ATTENDED, Status.NO_SHOW},
    (Status.ATTENDED, "before"): set(),
    (Status.ATTENDED, "from start"): {Status.NO_SHOW},
    (Status.NO_SHOW, "before"): set(),
    (Status.NO_SHOW, "from start"): {Status.ATTENDED},
    (Status.CANCELLED, "before"): set(),
    (Status.CANCELLED, "from start"): set(),
}
MOMENTS = {"before": BEFORE, "from start": FROM_START}
PAIRS = [(old, new, when) for old in Status.values for new in Status.values for when in MOMENTS]


def appointment_in(status: str, counsellor, german, start=START) -> Appointment:
    return Appointment.objects.create(
        counsellor=counsellor,
        client=make_client(),
        timespan=span(start),
        topic=Topic.CAREER,
        mode=Mode.PHONE,
        language=german,
        status=status,
    )


def change(appointment: Appointment, status: str, now, user):
    """The service that leads to `status`; nothing leads back to booked."""
    services = {
        Status.CANCELLED: lambda: cancel_appointment(
            appointment, now=now, by_staff=True, user=user
        ),
        Status.ATTENDED: lambda: mark_attended(appointment, now=now, user=user),
        Status.NO_SHOW: lambda: mark_no_show(appointment, now=now, user=user),
    }
    if status not in services:
        raise ChangeNotAllowed("no service books an existing appointment again")
    return services[status]()


@pytest.mark.parametrize(("old", "new", "when"), PAIRS)
def test_the_model_answers_which_status_changes_are_allowed(counsellor, german, old, new, when):
    appointment = appointment_in(old, counsellor, german)
    allowed = new in ALLOWED[(old, when)]
    assert appointment.can_become(new, MOMENTS[when]) is allowed
    assert set(appointment.allowed_transitions(MOMENTS[when])) == ALLOWED[(old, when)]


@pytest.mark.parametrize(("old", "new", "when"), PAIRS)
def test_the_services_make_exactly_the_allowed_changes_and_record_them(
    counsellor, counsellor_user, german, old, new, when
):
    appointment = appointment_in(old, counsellor, german)
    if new in ALLOWED[(old, when)]:
        change(appointment, new, MOMENTS[when], counsellor_user)
        appointment.refresh_from_db()
        assert appointment.status == new
        entry = trail(appointment).get()
        assert (entry.user, entry.data["status"]) == (counsellor_user, new)
    else:
        with pytest.raises(ChangeNotAllowed) as refusal:
            change(appointment, new, MOMENTS[when], counsellor_user)
        assert str(refusal.value)
        appointment.refresh_from_db()
        assert appointment.status == old
        assert not trail(appointment).exists()


def test_a_client_cancels_only_until_the_deadline_and_the_trail_says_by_her_link(
    counsellor, german
):
    appointment = appointment_in(Status.BOOKED, counsellor, german)
    with pytest.raises(ChangeNotAllowed):
        cancel_appointment(appointment, now=START - timedelta(hours=23))
    cancel_appointment(appointment, now=START - timedelta(hours=25))
    entry = trail(appointment).get()
    assert (entry.action, entry.user, entry.data["via"]) == (
        "appointment.cancelled",
        None,
        "personal link",
    )


@pytest.fixture
def desk(client, counsellor_user, counsellor, german):
    client.force_login(counsellor_user)
    return client


def past_appointment(status: str, counsellor, german) -> Appointment:
    return appointment_in(status, counsellor, german, start=timezone.now() - timedelta(hours=2))


def test_a_cancelled_appointment_whose_time_was_booked_again_cannot_be_marked_attended(
    desk, counsellor, german
):
    cancelled = past_appointment(Status.CANCELLED, counsellor, german)
    rebooked = appointment_in(Status.BOOKED, counsellor, german, start=cancelled.timespan.lower)
    response = desk.post(
        reverse("desk:appointment", args=[cancelled.pk]), {"action": "attended"}, follow=True
    )
    assert response.status_code == 200
    assert "kann nicht mehr geändert werden" in response.content.decode()
    cancelled.refresh_from_db()
    rebooked.refresh_from_db()
    assert (cancelled.status, rebooked.status) == (Status.CANCELLED, Status.BOOKED)


def test_a_cancelled_appointment_cannot_be_revived(desk, counsellor, german):
    cancelled = appointment_in(Status.CANCELLED, counsellor, german, start=timezone.now())
    for action in ("booked", "attended", "no_show", "cancelled"):
        desk.post(reverse("desk:appointment", args=[cancelled.pk]), {"action": action})
        cancelled.refresh_from_db()
        assert cancelled.status == Status.CANCELLED


def test_an_appointment_8_days_ahead_cannot_be_marked_attended(desk, client, counsellor, german):
    ahead = appointment_in(
        Status.BOOKED, counsellor, german, start=timezone.now() + timedelta(days=8)
    )
    desk.post(reverse("desk:appointment", args=[ahead.pk]), {"action": "attended"})
    ahead.refresh_from_db()
    assert ahead.status == Status.BOOKED
    assert appointment_statistics()["attended"] == 0
    link = client.get(reverse("counselling:appointment", args=[ahead.token])).content.decode()
    assert "Gebucht" in link


@pytest.mark.parametrize(
    ("status", "started", "buttons"),
    [
        (Status.BOOKED, False, {"cancelled"}),
        (Status.BOOKED, True, {"attended", "no_show"}),
        (Status.ATTENDED, True, {"no_show"}),
        (Status.NO_SHOW, True, {"attended"}),
        (Status.CANCELLED, False, set()),
        (Status.CANCELLED, True, set()),
    ],
)
def test_the_desk_shows_only_the_buttons_of_allowed_changes(
    desk, counsellor, german, status, started, buttons
):
    start = timezone.now() + (timedelta(hours=-1) if started else timedelta(days=2))
    appointment = appointment_in(status, counsellor, german, start=start)
    content = desk.get(reverse("desk:appointment", args=[appointment.pk])).content.decode()
    shown = {value for value in Status.values if f'name="action" value="{value}"' in content}
    assert shown == buttons


def test_the_desk_page_shows_the_history_of_changes(desk, counsellor, counsellor_user, german):
    appointment = past_appointment(Status.BOOKED, counsellor, german)
    url = reverse("desk:appointment", args=[appointment.pk])
    desk.post(url, {"action": "no_show"})
    desk.post(url, {"action": "attended"})
    content = desk.get(url).content.decode()
    assert "als nicht erschienen markiert" in content
    assert "als wahrgenommen markiert" in content
    assert [e.action for e in trail(appointment)] == ["appointment.attended", "appointment.no_show"]


def test_booking_and_moving_are_recorded_without_personal_data(monday_rule, german):
    now = berlin(MONDAY - timedelta(days=5), 8)
    slots = free_slots(now=now)
    booked = book_appointment(
        slot_key=slots[0].key,
        details=ClientDetails(
            "Aylin", "aylin@example.net", "0711 123456", date(2026, 1, 1), None, "de"
        ),
        topic=Topic.CAREER,
        language=german,
        now=now,
    )
    moved = move_appointment(booked, slots[1].key, now=now)
    assert moved.pk == booked.pk
    assert [e.action for e in trail(booked)] == ["appointment.moved", "appointment.booked"]
    recorded = trail(booked).first().data
    assert recorded["via"] == "personal link"
    assert datetime.fromisoformat(recorded["previous_start"]) == slots[0].start
    assert datetime.fromisoformat(recorded["start"]) == slots[1].start
    recorded = json.dumps(list(LogEntry.objects.values("data")))
    for personal in ("Aylin", "aylin@", "123456"):
        assert personal not in recorded
