"""Calendar files (RFC 5545) of measures.

A measure with times becomes one event per schedule: a weekly series with
its RRULE and EXDATEs, or a single session, in Europe/Berlin with the zone's
VTIMEZONE, so a phone shows a course at 9:00 at 9:00 in winter and summer.
A measure with dates only stays an all-day entry. UIDs are stable (the
measure's and schedule's keys), so a calendar that subscribes replaces
entries on update instead of adding copies.
"""

from datetime import datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from integration_portal.dates import EARLIEST, LATEST

from .models import BERLIN, Measure, Schedule

PRODID = "-//Buendnis fuer Integration Stuttgart//Measures//DE"


def _common(event: Event, measure: Measure, url: str) -> Event:
    event.add("dtstamp", timezone.now())
    event.add("summary", str(measure.title))
    description = "\n\n".join(
        part for part in [str(measure.summary), measure.schedule_text] if part
    )
    event.add("description", description)
    event.add("url", url)
    location = ", ".join(part for part in [measure.venue_name, measure.venue_address] if part)
    if location:
        event.add("location", location)
    return event


def _all_day(measure: Measure, host: str, url: str) -> Event:
    event = Event()
    event.add("uid", f"measure-{measure.pk}@{host}")
    # Stored dates are within the portal's range; one that is not (an old row,
    # a direct database fix) is shown at the range's end rather than breaking the file.
    first_day = min(max(measure.start_date, EARLIEST), LATEST)
    last_day = min(max(measure.end_date or first_day, first_day), LATEST)
    event.add("dtstart", first_day)
    # DTEND of an all-day entry is exclusive: the day after the last day.
    event.add("dtend", last_day + timedelta(days=1))
    return _common(event, measure, url)


def _session_series(measure: Measure, schedule: Schedule, host: str, url: str) -> Event:
    # DTSTART is the first session itself: calendars count it as one even where
    # the rule would not (a Monday start date of a Tuesday course).
    start = schedule.occurrences(count=1)[0]
    event = Event()
    event.add("uid", f"measure-{measure.pk}-time-{schedule.pk}@{host}")
    event.add("dtstart", start)
    event.add("dtend", start + (schedule.duration() or timedelta(hours=1)))
    if schedule.kind == Schedule.Kind.WEEKLY and schedule.rrule:
        event.add("rrule", vRecur.from_ical(schedule.rrule))
        excluded = [
            datetime.combine(day, schedule.start_time, tzinfo=BERLIN)
            for day in schedule.excluded_days()
        ]
        if excluded:
            event.add("exdate", excluded)
    return _common(event, measure, url)


def measure_calendar(measure: Measure, host: str, url: str) -> Calendar | None:
    """The measure's calendar, or None for a measure with neither dates nor times."""
    series = [schedule for schedule in measure.schedules.all() if schedule.occurrences(count=1)]
    if series:
        events = [_session_series(measure, schedule, host, url) for schedule in series]
    elif measure.is_dated:
        events = [_all_day(measure, host, url)]
    else:
        return None
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar
