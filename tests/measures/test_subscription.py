"""Calendar subscriptions for any choice of the catalogue, read back by the
icalendar parser as a phone's calendar would."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from icalendar import Calendar

from measures.models import BERLIN, Measure, Schedule
from measures.views import SUBSCRIPTION_LIMIT

pytestmark = pytest.mark.django_db

FEED = "/en/measures/calendar.ics"


def weekly_course(make_measure, title: str, **fields) -> Measure:
    measure = make_measure(
        title,
        format=Measure.Format.COURSE,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 4, 30),
        **fields,
    )
    Schedule.objects.create(
        measure=measure,
        kind=Schedule.Kind.WEEKLY,
        weekdays=[1],
        start_time=time(9),
        end_time=time(11, 30),
        valid_from=measure.start_date,
        valid_until=measure.end_date,
        exception_dates=[date(2027, 4, 13)],
    )
    return measure


@pytest.fixture
def offers(make_measure) -> dict[str, Measure]:
    return {
        "course": weekly_course(make_measure, "Deutschkurs Ost", districts=("ost",)),
        "other_district": weekly_course(make_measure, "Deutschkurs Mitte", districts=("mitte",)),
        "counselling": make_measure(
            "Mieterberatung Ost",
            domains=("housing",),
            districts=("ost",),
            start_date=date(2027, 5, 3),
        ),
        "ongoing": make_measure("Offener Treff Ost", districts=("ost",), start_date=None),
    }


def feed(client, query: str = "", **headers) -> Calendar:
    response = client.get(f"{FEED}?{query}", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def uids(calendar: Calendar) -> set[str]:
    return {str(event["UID"]).split("@")[0] for event in calendar.walk("VEVENT")}


def test_the_feed_holds_the_offers_of_the_catalogues_choice(client, offers):
    calendar = feed(client, "district=ost")
    course, counselling = offers["course"], offers["counselling"]
    schedule = course.schedules.get()
    # Offers without dates or times have nothing to show in a calendar.
    assert uids(calendar) == {
        f"measure-{course.pk}-time-{schedule.pk}",
        f"measure-{counselling.pk}",
    }
    assert str(calendar["X-WR-CALNAME"]) == "Offers of the Alliance for Integration Stuttgart"
    # The words of a search are understood as in the catalogue.
    assert uids(feed(client, "q=Deutschkurs+Ost")) == {f"measure-{course.pk}-time-{schedule.pk}"}


def test_the_feed_has_the_same_uids_and_series_as_the_measures_own_file(client, offers):
    course = offers["course"]
    own = Calendar.from_ical(client.get(reverse("measures:calendar", args=[course.slug])).content)
    [own_event] = own.walk("VEVENT")
    subscribed = {str(event["UID"]): event for event in feed(client, "district=ost").walk("VEVENT")}
    event = subscribed[str(own_event["UID"])]
    assert event["RRULE"] == own_event["RRULE"]
    assert event.decoded("DTSTART") == datetime(2027, 3, 2, 9, tzinfo=BERLIN)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    excluded = [day.dt for day in event["EXDATE"].dts]
    # The school holiday entered, and Easter Monday (a public holiday).
    assert datetime(2027, 4, 13, 9, tzinfo=BERLIN) in excluded
    assert datetime(2027, 3, 29, 9, tzinfo=BERLIN) in excluded


def test_the_feed_carries_the_berlin_time_zone_once(client, offers):
    calendar = feed(client)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert calendar.to_ical().count(b"BEGIN:VTIMEZONE") == 1


def test_an_unchanged_feed_answers_not_modified(client, offers):
    first = client.get(f"{FEED}?district=ost")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(f"{FEED}?district=ost", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    since = client.get(
        f"{FEED}?district=ost", headers={"If-Modified-Since": first["Last-Modified"]}
    )
    assert since.status_code == 304
    # Another choice is another feed.
    other = client.get(f"{FEED}?district=mitte", headers={"If-None-Match": first["ETag"]})
    assert other.status_code == 200


def test_new_times_change_the_feeds_version(client, offers):
    first = client.get(f"{FEED}?district=ost")
    schedule = offers["course"].schedules.get()
    schedule.start_time = time(10)
    schedule.end_time = time(12)
    schedule.save()
    again = client.get(f"{FEED}?district=ost", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    [event] = [
        event
        for event in Calendar.from_ical(again.content).walk("VEVENT")
        if "time" in str(event["UID"])
    ]
    assert event.decoded("DTSTART") == datetime(2027, 3, 2, 10, tzinfo=BERLIN)


def test_a_measure_that_leaves_the_choice_changes_the_feeds_version(client, offers):
    first = client.get(f"{FEED}?district=ost")
    offers["counselling"].status = Measure.Status.ARCHIVED
    offers["counselling"].save()
    again = client.get(f"{FEED}?district=ost", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert f"measure-{offers['counselling'].pk}" not in uids(Calendar.from_ical(again.content))


def test_the_feed_holds_a_limited_number_of_offers_in_the_catalogues_order(
    client, partner_a, django_assert_max_num_queries
):
    measures = Measure.objects.bulk_create(
        Measure(
            slug=f"kurs-{number}",
            title_de=f"Kurs {number:03}",
            summary_de="Deutsch lernen",
            description_de="Ein Kurs",
            format=Measure.Format.COURSE,
            provider=partner_a,
            status=Measure.Status.PUBLISHED,
            start_date=date(2027, 1, 1) if number % 2 else date(2027, 2, 1),
            next_session_on=date(2027, 1, 1) if number % 2 else date(2027, 2, 1),
        )
        for number in range(SUBSCRIPTION_LIMIT + 10)
    )
    # The catalogue's version, the filter form's choices (read once per
    # version), the feed's measures, their rows and their times.
    with django_assert_max_num_queries(9):
        calendar = feed(client)
    events = calendar.walk("VEVENT")
    assert len(events) == SUBSCRIPTION_LIMIT
    # The earliest offers come first: all the January ones are in.
    january = {f"measure-{measure.pk}" for measure in measures if measure.start_date.month == 1}
    assert january <= uids(calendar)


def test_bad_filters_give_a_calendar_not_an_error(client, offers):
    response = client.get(f"{FEED}?date_from=not-a-date&district=nowhere&sort=%00")
    assert response.status_code == 200
    Calendar.from_ical(response.content)


def test_the_catalogue_offers_the_feed_of_its_choice(client, offers):
    page = client.get("/en/measures/?district=ost&page=1&sort=title").content.decode()
    assert "Subscribe to these offers in your calendar" in page
    assert 'href="webcal://testserver/en/measures/calendar.ics?district=ost"' in page
    assert 'href="http://testserver/en/measures/calendar.ics?district=ost"' in page
    german = client.get("/de/measures/?district=ost").content.decode()
    assert "Diese Angebote im Kalender abonnieren" in german
    assert "webcal://testserver/de/measures/calendar.ics?district=ost" in german
