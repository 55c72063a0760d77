from datetime import date, timedelta

import pytest
from django.test import override_settings

from counselling.models import Absence, Appointment, Topic
from counselling.slots import free_slots
from tests.factories import MONDAY, add_rule, berlin, make_client, span

pytestmark = pytest.mark.django_db


def starts(slots) -> list:
    return [slot.local_start for slot in slots]


def test_a_rule_offers_slots_of_its_length_within_its_window(monday_rule):
    slots = free_slots(now=berlin(MONDAY - timedelta(days=3), 8))
    assert starts(slots)[:3] == [berlin(MONDAY, 9), berlin(MONDAY, 10), berlin(MONDAY, 11)]
    assert all(slot.local_end - slot.local_start == timedelta(hours=1) for slot in slots)


def test_no_slots_in_the_past_or_within_the_notice_period(monday_rule):
    slots = free_slots(now=berlin(MONDAY - timedelta(days=1), 9, 30))
    assert berlin(MONDAY, 9) not in starts(slots)
    assert berlin(MONDAY, 10) in starts(slots)
    assert free_slots(now=berlin(MONDAY, 10, 30), until=berlin(MONDAY, 23)) == []


@override_settings(COUNSELLING_MIN_NOTICE_HOURS=48)
def test_the_notice_period_is_a_setting(monday_rule):
    slots = free_slots(now=berlin(MONDAY - timedelta(days=1), 8))
    assert berlin(MONDAY, 9) not in starts(slots)


@pytest.mark.parametrize("holiday", [date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 6)])
def test_no_slots_on_baden_wuerttemberg_public_holidays(counsellor, holiday):
    add_rule(counsellor, weekday=holiday.weekday())
    slots = free_slots(
        now=berlin(holiday - timedelta(days=3), 8), until=berlin(holiday + timedelta(days=1), 23)
    )
    assert [slot for slot in slots if slot.local_start.date() == holiday] == []


def test_no_slots_during_an_absence(monday_rule, counsellor):
    Absence.objects.create(
        counsellor=counsellor, start=berlin(MONDAY, 9, 30), end=berlin(MONDAY, 11)
    )
    slots = free_slots(now=berlin(MONDAY - timedelta(days=3), 8), until=berlin(MONDAY, 23))
    assert starts(slots) == [berlin(MONDAY, 11)]


def test_booked_time_is_not_offered_but_cancelled_time_is(monday_rule, counsellor, german):
    for hour, status in [(9, Appointment.Status.BOOKED), (10, Appointment.Status.CANCELLED)]:
        Appointment.objects.create(
            counsellor=counsellor,
            client=make_client(),
            timespan=span(berlin(MONDAY, hour, 30), 30),
            topic=Topic.CAREER,
            mode="phone",
            language=german,
            status=status,
        )
    slots = free_slots(now=berlin(MONDAY - timedelta(days=3), 8), until=berlin(MONDAY, 23))
    assert starts(slots) == [berlin(MONDAY, 10), berlin(MONDAY, 11)]


@pytest.mark.parametrize(
    "sunday",
    [date(2027, 3, 28), date(2026, 10, 25)],
    ids=["summer-time-starts", "summer-time-ends"],
)
def test_slots_keep_their_wall_clock_time_across_the_daylight_saving_change(counsellor, sunday):
    # Thursday before and Tuesday after: Easter 2027 falls on the change itself.
    add_rule(counsellor, weekday=3)
    add_rule(counsellor, weekday=1)
    before, after = sunday - timedelta(days=3), sunday + timedelta(days=2)
    slots = free_slots(now=berlin(before - timedelta(days=2), 8), until=berlin(after, 23))
    nine_o_clock = [slot.local_start for slot in slots if slot.local_start.hour == 9]
    assert [moment.date() for moment in nine_o_clock] == [before, after]
    assert all(moment.minute == 0 for moment in nine_o_clock)
    offsets = {moment.utcoffset() for moment in nine_o_clock}
    assert len(offsets) == 2


def test_filters_by_language_mode_topic_and_location(counsellor, location, german):
    add_rule(counsellor, mode="in_person", location=location)
    now = berlin(MONDAY - timedelta(days=3), 8)
    assert free_slots(now=now, mode="in_person", location_id=location.pk)
    assert free_slots(now=now, mode="phone") == []
    assert free_slots(now=now, language_id=german.pk)
    assert free_slots(now=now, language_id=german.pk + 1000) == []
    counsellor.topics = [Topic.CAREER]
    counsellor.save()
    assert free_slots(now=now, topic=Topic.CAREER)
    assert free_slots(now=now, topic=Topic.CHILDCARE) == []


def test_slot_search_takes_a_constant_number_of_queries(
    counsellor, other_counsellor, django_assert_max_num_queries
):
    for person in (counsellor, other_counsellor):
        for weekday in range(5):
            add_rule(person, weekday=weekday, start=8, end=18, slot_minutes=30)
    # Rules, absences, appointments and times held from the waiting list.
    with django_assert_max_num_queries(4):
        slots = free_slots(now=berlin(MONDAY, 8))
    assert len(slots) > 500
