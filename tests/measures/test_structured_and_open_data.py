"""Times, places, childcare and level in schema.org and in the open data."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from measures.models import Measure, Schedule

from .test_detail import json_ld
from .test_opendata import read_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(make_measure) -> Measure:
    today = timezone.localdate()
    measure = make_measure(
        "Elternkurs",
        format=Measure.Format.COURSE,
        start_date=today,
        end_date=today + timedelta(days=70),
        capacity=15,
        places_free=4,
        places_updated_at=timezone.now(),
        registration_status=Measure.RegistrationStatus.OPEN,
        childcare=True,
        childcare_age_from=1,
        childcare_age_to=3,
        german_level_needed="A1",
        german_level_reached="B1",
        course_type=Measure.CourseType.INTEGRATION_PARENTS,
    )
    Schedule.objects.create(
        measure=measure,
        kind=Schedule.Kind.WEEKLY,
        weekdays=[1, 3],
        start_time=time(9),
        end_time=time(11, 30),
        valid_from=measure.start_date,
        valid_until=measure.end_date,
        exception_dates=[today + timedelta(days=14)],
        skips_public_holidays=False,
    )
    return measure


def test_a_course_instance_carries_its_schedule_and_free_places(client, course):
    data = json_ld(client.get(f"/de/measures/{course.slug}/"))
    instance = data["hasCourseInstance"]
    [schedule] = instance["courseSchedule"]
    assert schedule["@type"] == "Schedule"
    assert schedule["byDay"] == ["https://schema.org/Tuesday", "https://schema.org/Thursday"]
    assert schedule["startTime"] == "09:00:00"
    assert schedule["endTime"] == "11:30:00"
    assert schedule["repeatFrequency"] == "P1W"
    assert schedule["scheduleTimezone"] == "Europe/Berlin"
    assert schedule["exceptDate"] == [(course.start_date + timedelta(days=14)).isoformat()]
    assert instance["remainingAttendeeCapacity"] == 4
    assert instance["maximumAttendeeCapacity"] == 15


def test_an_old_figure_of_places_is_left_out_of_the_structured_data(client, course):
    Measure.objects.filter(pk=course.pk).update(
        places_updated_at=timezone.now() - timedelta(days=20)
    )
    instance = json_ld(client.get(f"/de/measures/{course.slug}/"))["hasCourseInstance"]
    assert "remainingAttendeeCapacity" not in instance


def test_an_event_has_an_event_schedule(client, course):
    Measure.objects.filter(pk=course.pk).update(format=Measure.Format.EVENT)
    data = json_ld(client.get(f"/de/measures/{course.slug}/"))
    assert data["@type"] == "Event"
    assert data["eventSchedule"][0]["byDay"][0] == "https://schema.org/Tuesday"
    assert data["remainingAttendeeCapacity"] == 4


def test_open_data_gains_the_new_fields_and_keeps_the_old(client, course):
    data = client.get("/api/measures.json").json()
    assert data["meta"]["version"] == 2
    [row] = data["measures"]
    assert row["childcare"] is True
    assert row["schedule"] == ""
    assert row["times"][0].startswith("Di und Do, 09:00–11:30")
    assert row["recurrence"][0].startswith(
        f"DTSTART;TZID=Europe/Berlin:{course.schedules.get().occurrences(count=1)[0]:%Y%m%dT}"
    )
    assert " RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=" in row["recurrence"][0]
    assert " EXDATE;TZID=Europe/Berlin:" in row["recurrence"][0]
    assert row["next_date"] is not None
    assert (row["capacity"], row["places_free"], row["registration_status"]) == (15, 4, "open")
    assert (row["childcare_age_from"], row["childcare_age_to"]) == (1, 3)
    assert (row["german_level_needed"], row["german_level_reached"]) == ("A1", "B1")
    assert row["course_type"] == "integration_parents"
    [csv_row] = read_csv(client.get("/api/measures.csv"))
    assert csv_row["places_free"] == "4"
    assert csv_row["german_level_needed"] == "A1"
    assert csv_row["times"].startswith("Di und Do")


def test_the_open_data_is_read_in_a_fixed_number_of_queries(
    client, course, make_measure, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        client.get("/api/measures.json")
    for number in range(5):
        measure = make_measure(f"Kurs {number}", start_date=date(2027, 1, 4))
        Schedule.objects.create(measure=measure, kind=Schedule.Kind.APPOINTMENT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/measures.json?format=group")
