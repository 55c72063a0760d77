"""The measure's .ics file, read back by the icalendar parser as a phone would."""

from datetime import date, datetime, time, timedelta

import pytest
from dateutil.rrule import rruleset, rrulestr
from django.urls import reverse
from icalendar import Calendar

from measures.models import BERLIN, Measure, Schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(make_measure) -> Measure:
    measure = make_measure(
        "Deutschkurs Frühling",
        format=Measure.Format.COURSE,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 4, 30),
        venue_name="Stadtteilhaus",
        venue_street="Marktstraße 1",
        venue_postal_code="70372",
    )
    Schedule.objects.create(
        measure=measure,
        kind=Schedule.Kind.WEEKLY,
        weekdays=[1],
        start_time=time(9),
        end_time=time(11, 30),
        valid_from=measure.start_date,
        valid_until=measure.end_date,
        exception_dates=[date(2027, 4, 6), date(2027, 4, 13)],
    )
    return measure


def _calendar(client, measure: Measure) -> Calendar:
    response = client.get(reverse("measures:calendar", args=[measure.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_a_weekly_course_is_a_weekly_series_in_berlin_time(client, course):
    calendar = _calendar(client, course)
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Berlin"
    [event] = calendar.walk("VEVENT")
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Berlin"
    assert start.dt == datetime(2027, 3, 2, 9, tzinfo=BERLIN)
    assert event["DTEND"].dt - start.dt == timedelta(hours=2, minutes=30)
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == ["TU"]
    assert str(event["LOCATION"]) == "Stadtteilhaus, Marktstraße 1, 70372 Stuttgart"


def test_the_calendar_holds_exactly_the_sessions_across_the_clock_change(client, course):
    [event] = _calendar(client, course).walk("VEVENT")
    series = rruleset()
    series.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=event["DTSTART"].dt))
    for exdate in event["EXDATE"].dts:
        series.exdate(exdate.dt)
    sessions = list(series)
    # Tuesdays from 2 March to 27 April 2027 are nine; two are school holidays.
    assert len(sessions) == 7
    assert date(2027, 4, 6) not in {start.date() for start in sessions}
    assert {start.astimezone(BERLIN).time() for start in sessions} == {time(9)}
    # 28 March 2027: clocks go forward; the wall time stays, the offset moves.
    assert {start.utcoffset() for start in sessions} == {timedelta(hours=1), timedelta(hours=2)}
    assert sessions == course.schedules.get().occurrences()


def test_uids_stay_the_same_so_updates_replace_entries(client, course):
    first = [str(event["UID"]) for event in _calendar(client, course).walk("VEVENT")]
    schedule = course.schedules.get()
    schedule.start_time = time(10)
    schedule.save()
    second = _calendar(client, course).walk("VEVENT")
    assert [str(event["UID"]) for event in second] == first
    assert second[0]["DTSTART"].dt.time() == time(10)


def test_each_schedule_is_its_own_event(client, course):
    Schedule.objects.create(
        measure=course,
        kind=Schedule.Kind.SINGLE,
        valid_from=date(2027, 4, 29),
        start_time=time(18),
        end_time=time(19, 30),
    )
    events = _calendar(client, course).walk("VEVENT")
    assert len(events) == 2
    single = next(event for event in events if "RRULE" not in event)
    assert single["DTSTART"].dt == datetime(2027, 4, 29, 18, tzinfo=BERLIN)


def test_a_measure_by_appointment_with_dates_stays_an_all_day_entry(client, make_measure):
    measure = make_measure("Beratung", start_date=date(2027, 3, 1), end_date=date(2027, 3, 31))
    Schedule.objects.create(measure=measure, kind=Schedule.Kind.APPOINTMENT)
    [event] = _calendar(client, measure).walk("VEVENT")
    assert event["DTSTART"].dt == date(2027, 3, 1)
    assert event["DTEND"].dt == date(2027, 4, 1)


def test_a_measure_without_dates_or_times_has_no_calendar(client, make_measure):
    measure = make_measure("Sprachcafé")
    response = client.get(reverse("measures:calendar", args=[measure.slug]))
    assert response.status_code == 404
