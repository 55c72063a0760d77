"""The waiting list: a freed time is held for the first person it fits, she is
told through the outbox, books it with her link, or it goes to the next."""

import io
import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection

from counselling import sms, waiting_list
from counselling.models import (
    Absence,
    Appointment,
    AvailabilityRule,
    Counsellor,
    Mode,
    OutboxMessage,
    SlotHold,
    Topic,
    WaitingListDemand,
    WaitingListEntry,
)
from counselling.services import (
    SlotTaken,
    cancel_appointment,
    delete_absence,
    erase_person,
    export_person,
    move_appointment,
    save_availability,
)
from counselling.slots import Slot, free_slots
from integration_portal.models import District, Language, User
from tests.counselling.worker import run_due
from tests.factories import MONDAY, add_rule, berlin, make_appointment, make_client

from .test_booking import NOW, book, details

NINE = berlin(MONDAY, 9)


def wish(german, **changes) -> waiting_list.Wish:
    values = {
        "topic": Topic.CAREER,
        "language": german,
        "mode": Mode.PHONE,
        "district": None,
        "email": "wartet@example.net",
        "phone": "",
        "child_birth_month": date(2025, 6, 1),
        "ui_language": "tr",
    }
    values.update(changes)
    return waiting_list.Wish(**values)


def join(german, minutes_later: int = 0, **changes) -> WaitingListEntry:
    return waiting_list.join(wish(german, **changes), now=NOW + timedelta(minutes=minutes_later))


def key_of(hold: SlotHold) -> str:
    start, end = hold.timespan.lower, hold.timespan.upper
    return Slot(hold.counsellor_id, start, end, hold.mode, hold.location_id).key


@pytest.fixture
def nine_booked(counsellor, monday_rule):
    """Her Monday's first hour is booked by someone else."""
    return make_appointment(counsellor, NINE, client=make_client(email="other@example.net"))


@pytest.mark.django_db
class TestJoining:
    def test_joining_keeps_only_what_finding_a_time_needs_and_counts_the_demand(self, german):
        join(german)
        join(german, 1, email="", phone="+4915123456789")
        (count,) = WaitingListDemand.objects.all()
        assert (count.month, count.topic, count.language, count.count) == (
            date(2027, 1, 1),
            Topic.CAREER,
            german,
            2,
        )
        assert WaitingListEntry.objects.count() == 2

    def test_an_entry_without_any_way_to_reach_her_is_refused_by_the_database(self, german):
        from django.db import IntegrityError

        with pytest.raises(IntegrityError):
            join(german, email="", phone="")


@pytest.mark.django_db
class TestOffering:
    def test_a_cancelled_time_is_held_for_the_first_fitting_entry_and_she_is_told(
        self, german, nine_booked, django_capture_on_commit_callbacks
    ):
        english = Language.objects.get(code="en")
        join(german, 0, language=english, email="english@example.net")  # no such counsellor
        join(german, 1, mode=Mode.VIDEO, email="video@example.net")  # another way
        first = join(german, 2, email="first@example.net")
        join(german, 3, email="second@example.net")
        with django_capture_on_commit_callbacks(execute=True):
            cancel_appointment(nine_booked, now=NOW)
        (hold,) = SlotHold.objects.all()
        assert hold.entry == first
        assert hold.timespan.lower == NINE
        assert hold.expires_at == NOW + timedelta(hours=12)
        offer = next(m for m in mail.outbox if m.to == ["first@example.net"])
        assert f"/de/counselling/waiting-list/{first.token}/" in offer.body
        assert f"/tr/counselling/waiting-list/{first.token}/" in offer.body
        assert [m.to for m in mail.outbox].count(["second@example.net"]) == 0
        assert OutboxMessage.objects.get(kind="offer").sent_at is not None

    def test_with_a_phone_number_only_she_is_told_by_sms(self, german, nine_booked):
        join(german, email="", phone="+4915123456789")
        cancel_appointment(nine_booked, now=NOW)
        assert run_due(now=NOW) == (2, 0)
        ((number, text),) = sms.outbox
        assert number == "+4915123456789"
        assert "/tr/counselling/waiting-list/" in text

    def test_a_held_time_is_not_free_for_anybody_else(self, german, nine_booked):
        join(german)
        cancel_appointment(nine_booked, now=NOW)
        hold = SlotHold.objects.get()
        assert NINE not in {slot.start for slot in free_slots(now=NOW)}
        with pytest.raises(SlotTaken):
            book(german, key_of(hold), details=details(email="quick@example.net"))

    def test_she_books_the_held_time_and_leaves_the_list(self, german, nine_booked):
        entry = join(german)
        cancel_appointment(nine_booked, now=NOW)
        hold = SlotHold.objects.get()
        appointment = book(german, key_of(hold), hold=hold, now=NOW + timedelta(hours=11))
        assert appointment.timespan.lower == NINE
        hold.refresh_from_db()
        assert hold.appointment == appointment and hold.released_at is not None
        assert not WaitingListEntry.objects.filter(pk=entry.pk).exists()

    def test_after_the_hold_she_cannot_book_it_and_it_goes_to_the_next(self, german, nine_booked):
        first = join(german, 0, email="first@example.net")
        second = join(german, 1, email="second@example.net")
        cancel_appointment(nine_booked, now=NOW)
        hold = SlotHold.objects.get()
        later = NOW + timedelta(hours=12, minutes=1)
        with pytest.raises(SlotTaken):
            book(german, key_of(hold), hold=hold, now=later)
        assert waiting_list.release_expired_holds(now=later) == 1
        assert waiting_list.held_for(second, later).timespan.lower == NINE
        # The first keeps her place for other times, but is not offered this one again.
        assert waiting_list.held_for(first, later) is None
        nxt = waiting_list.held_for(second, later)
        nxt.expires_at = later
        nxt.save()
        assert waiting_list.release_expired_holds(now=later) == 1
        assert not SlotHold.objects.filter(released_at__isnull=True).exists()
        assert NINE in {slot.start for slot in free_slots(now=later)}

    def test_leaving_the_list_gives_the_held_time_to_the_next(self, german, nine_booked):
        first = join(german, 0, email="first@example.net")
        second = join(german, 1, email="second@example.net")
        cancel_appointment(nine_booked, now=NOW)
        waiting_list.leave(first, now=NOW)
        assert not WaitingListEntry.objects.filter(pk=first.pk).exists()
        assert waiting_list.held_for(second, NOW).timespan.lower == NINE

    def test_a_moved_appointment_frees_its_old_time(self, german, nine_booked):
        entry = join(german)
        later_key = next(s.key for s in free_slots(now=NOW) if s.start > NINE)
        move_appointment(nine_booked, later_key, now=NOW)
        assert waiting_list.held_for(entry, NOW).timespan.lower == NINE

    def test_an_absence_removed_offers_its_times(self, german, counsellor, monday_rule):
        absence = Absence.objects.create(
            counsellor=counsellor, start=berlin(MONDAY, 0), end=berlin(MONDAY, 23)
        )
        entry = join(german)
        delete_absence(absence, now=NOW)
        assert waiting_list.held_for(entry, NOW).timespan.lower == NINE

    def test_new_availability_is_offered_first_come_first_served(self, german, counsellor):
        first = join(german, 0, email="first@example.net")
        second = join(german, 1, email="second@example.net")
        new_rule = AvailabilityRule(
            counsellor=counsellor,
            weekday=0,
            start_time=NINE.time(),
            end_time=berlin(MONDAY, 11).time(),
            slot_minutes=60,
            mode=Mode.PHONE,
            valid_from=date(2026, 1, 1),
        )
        save_availability(new_rule, now=NOW)
        assert waiting_list.held_for(first, NOW).timespan.lower == NINE
        assert waiting_list.held_for(second, NOW).timespan.lower == berlin(MONDAY, 10)

    def test_a_time_after_her_child_turns_three_is_not_offered_to_her(self, german, nine_booked):
        too_old = join(german, 0, child_birth_month=date(2024, 1, 1))
        young = join(german, 1, email="young@example.net")
        cancel_appointment(nine_booked, now=NOW)
        assert waiting_list.held_for(too_old, NOW) is None
        assert waiting_list.held_for(young, NOW) is not None

    def test_a_district_narrows_times_in_person_to_it(self, german, counsellor, location):
        elsewhere = District.objects.exclude(pk=location.district_id).first()
        appointment = make_appointment(counsellor, NINE, mode=Mode.IN_PERSON, location=location)
        add_rule(counsellor, mode=Mode.IN_PERSON, location=location)
        far = join(german, 0, mode=Mode.IN_PERSON, district=elsewhere)
        near = join(german, 1, mode=Mode.IN_PERSON, district=location.district, email="n@e.net")
        cancel_appointment(appointment, now=NOW)
        assert waiting_list.held_for(far, NOW) is None
        assert waiting_list.held_for(near, NOW).location == location


@pytest.mark.django_db
class TestPersonalData:
    def test_entries_expire_after_eight_weeks_and_their_count_stays(self, german, nine_booked):
        join(german)
        cancel_appointment(nine_booked, now=NOW)
        assert waiting_list.purge_expired(now=NOW + timedelta(weeks=8) - timedelta(minutes=1)) == 0
        assert waiting_list.purge_expired(now=NOW + timedelta(weeks=8)) == 1
        assert not WaitingListEntry.objects.exists()
        assert WaitingListDemand.objects.get().count == 1
        assert not SlotHold.objects.filter(released_at__isnull=True).exists()

    def test_export_and_erasure_include_her_waiting_list_entries(self, german, lead_user):
        client = make_client(email="Wartet@example.net")
        join(german)
        join(german, 1, email="somebody@example.net")
        data = export_person(client, user=lead_user, now=NOW)
        assert [entry["email"] for entry in data["waiting_list"]] == ["wartet@example.net"]
        assert data["waiting_list"][0]["topic"] == "career"
        erase_person(client, user=lead_user, now=NOW)
        assert list(WaitingListEntry.objects.values_list("email", flat=True)) == [
            "somebody@example.net"
        ]

    def test_nothing_personal_is_logged(self, german, nine_booked, caplog):
        join(german, email="", phone="+4915123456789")
        cancel_appointment(nine_booked, now=NOW)
        run_due(now=NOW)
        assert "4915123456789" not in caplog.text
        assert "wartet@example.net" not in caplog.text


@pytest.fixture
def racing_world(transactional_db):
    german, _created = Language.objects.get_or_create(
        code="de", defaults={"name_de": "Deutsch", "name_en": "German", "native_name": "Deutsch"}
    )
    counsellor = Counsellor.objects.create(
        user=User.objects.create_user(email="hold-race@example.org"),
        modes=["phone"],
        topics=["career"],
    )
    counsellor.languages.add(german)
    add_rule(counsellor)
    return german, counsellor


def race_once(german, number: int, later) -> tuple[list[str], SlotHold]:
    """The first's hold ran out; the worker passes the time on while someone books it."""
    WaitingListEntry.objects.all().delete()
    Appointment.objects.all().delete()
    SlotHold.objects.all().delete()
    first = join(german, 0, email="first@example.net")
    join(german, 1, email="second@example.net")
    expired = waiting_list._offer(first, free_slots(now=NOW)[0], NOW)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def pass_on() -> None:
        try:
            barrier.wait()
            waiting_list.release_expired_holds(now=later)
        finally:
            connection.close()

    def book_it() -> None:
        try:
            barrier.wait()
            book(german, key_of(expired), now=later, details=details(email=f"r{number}@e.net"))
            outcomes.append("booked")
        except SlotTaken:
            outcomes.append("taken")
        finally:
            connection.close()

    threads = [threading.Thread(target=pass_on), threading.Thread(target=book_it)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, expired


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_time_passed_on_from_an_expired_hold_is_either_held_or_booked_never_both(racing_world):
    german, _counsellor = racing_world
    later = NOW + timedelta(hours=13)
    for number in range(6):
        outcomes, expired = race_once(german, number, later)
        booked = Appointment.objects.active().filter(timespan__startswith=expired.timespan.lower)
        held = SlotHold.objects.active(later).filter(timespan=expired.timespan)
        assert booked.count() + held.count() == 1, outcomes
        assert outcomes == (["booked"] if booked.exists() else ["taken"])


@pytest.mark.django_db
class TestScheduledCommands:
    def test_the_nightly_purge_deletes_expired_entries(self, german):
        from django.core.management import call_command
        from django.utils import timezone

        old = waiting_list.join(wish(german), now=timezone.now() - timedelta(weeks=8, days=1))
        fresh = waiting_list.join(wish(german, email="new@example.net"), now=timezone.now())
        call_command("purge_personal_data", stdout=io.StringIO())
        assert list(WaitingListEntry.objects.all()) == [fresh]
        assert not WaitingListEntry.objects.filter(pk=old.pk).exists()

    def test_the_worker_passes_on_a_time_whose_hold_ran_out(self, german, counsellor, monday_rule):
        from django.utils import timezone

        now = timezone.now()
        first = waiting_list.join(wish(german), now=now)
        second = waiting_list.join(wish(german, email="second@example.net"), now=now)
        hold = waiting_list._offer(first, free_slots(now=now)[0], now - timedelta(hours=13))
        run_due()
        hold.refresh_from_db()
        assert hold.released_at is not None
        assert waiting_list.held_for(second, timezone.now()).timespan == hold.timespan
