"""Calendar files (RFC 5545) of measures.

A measure with times becomes one event per schedule: a weekly series with
its RRULE and EXDATEs, or a single session, in Europe/Berlin with the zone's
VTIMEZONE, so a phone shows a course at 9:00 at 9:00 in winter and summer.
A measure with dates only stays an all-day entry. UIDs are stable (the
measure's and schedule's keys), so a calendar that subscribes replaces
entries on update instead of adding copies.
"""

from collections.abc import Callable, Iterable
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


def _events(measure: Measure, host: str, url: str) -> list[Event]:
    """The measure's events: one per schedule with sessions, else one all-day
    entry for a dated measure, else none."""
    series = [schedule for schedule in measure.schedules.all() if schedule.occurrences(count=1)]
    if series:
        return [_session_series(measure, schedule, host, url) for schedule in series]
    if measure.is_dated:
        return [_all_day(measure, host, url)]
    return []


def _calendar(events: list[Event]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def measure_calendar(measure: Measure, host: str, url: str) -> Calendar | None:
    """The measure's calendar, or None for a measure with neither dates nor times."""
    events = _events(measure, host, url)
    return _calendar(events) if events else None


def catalogue_calendar(
    measures: Iterable[Measure], host: str, url_of: Callable[[Measure], str], name: str
) -> Calendar:
    """One calendar for a choice of the catalogue, to subscribe to. Its events
    carry the same UIDs as the measures' own files, so a calendar holding both
    keeps one entry, and a subscription replaces changed entries."""
    calendar = _calendar(
        [event for measure in measures for event in _events(measure, host, url_of(measure))]
    )
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    # Subscribed calendars ask again once a day: times rarely change faster.
    calendar.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", timedelta(days=1))
    return calendar
