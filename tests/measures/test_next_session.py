"""The catalogue's order by next date: the day of each measure's next session,
stored beside it, kept on saving and moved on each night."""

from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from measures.models import Measure, Schedule, next_session_day

pytestmark = pytest.mark.django_db

URL = "/en/measures/"


def titles(response) -> list[str]:
    return [measure.title_de for measure in response.context["page"].object_list]


def session(measure: Measure, day: date, at: time = time(9)) -> Schedule:
    return Schedule.objects.create(
        measure=measure,
        kind=Schedule.Kind.SINGLE,
        start_time=at,
        end_time=time(at.hour + 2),
        valid_from=day,
        valid_until=day,
    )


def weekdays_course(make_measure, title: str, first: date, last: date) -> Measure:
    """Sessions every weekday at 9:00 from `first` to `last`."""
    measure = make_measure(title, format=Measure.Format.COURSE, start_date=first, end_date=last)
    Schedule.objects.create(
        measure=measure,
        kind=Schedule.Kind.WEEKLY,
        weekdays=[0, 1, 2, 3, 4, 5, 6],
        start_time=time(9),
        end_time=time(11),
        valid_from=first,
        valid_until=last,
        skips_public_holidays=False,
    )
    measure.refresh_from_db()
    return measure


def test_saving_a_time_stores_the_day_of_the_next_session(make_measure):
    today = timezone.localdate()
    measure = make_measure("Elterncafé", start_date=today - timedelta(days=30))
    assert measure.next_session_on is None
    session(measure, today - timedelta(days=30))
    later = session(measure, today + timedelta(days=20))
    measure.refresh_from_db()
    assert measure.next_session_on == today + timedelta(days=20)
    later.delete()
    measure.refresh_from_db()
    assert measure.next_session_on is None


def test_without_times_the_start_date_is_the_next_date_while_it_lies_ahead(make_measure):
    today = timezone.localdate()
    ahead = make_measure("Bald", start_date=today + timedelta(days=3))
    begun = make_measure("Begonnen", start_date=today - timedelta(days=3))
    ongoing = make_measure("Immer", start_date=None)
    assert ahead.next_session_on == today + timedelta(days=3)
    assert begun.next_session_on is None
    assert ongoing.next_session_on is None
    ahead.start_date = today + timedelta(days=5)
    ahead.save(update_fields=["start_date"])
    ahead.refresh_from_db()
    assert ahead.next_session_on == today + timedelta(days=5)


def test_offers_by_appointment_or_to_drop_in_have_no_next_date(make_measure):
    today = timezone.localdate()
    measure = make_measure(
        "Sprechstunde", start_date=today + timedelta(days=2), end_date=today + timedelta(days=60)
    )
    Schedule.objects.create(measure=measure, kind=Schedule.Kind.APPOINTMENT)
    Schedule.objects.create(
        measure=measure, kind=Schedule.Kind.DROP_IN, weekdays=[0, 2], start_time=time(10)
    )
    measure.refresh_from_db()
    assert measure.next_session_on is None


def test_a_session_earlier_today_still_counts_until_midnight():
    course = Schedule(
        kind=Schedule.Kind.WEEKLY,
        weekdays=[1, 3],  # Tuesdays and Thursdays
        start_time=time(9),
        end_time=time(11),
        valid_from=date(2027, 3, 2),
        valid_until=date(2027, 6, 29),
        skips_public_holidays=False,
    )
    course.rrule = course.build_rrule()
    first, last = date(2027, 3, 2), date(2027, 6, 29)
    tuesday = date(2027, 3, 9)
    assert next_session_day([course], first, last, tuesday) == tuesday
    # After midnight it is Wednesday: the next session is on Thursday.
    assert next_session_day([course], first, last, tuesday + timedelta(days=1)) == date(2027, 3, 11)
    # Before the series: its first day; after its last session: none.
    assert next_session_day([course], first, last, date(2027, 1, 1)) == first
    assert next_session_day([course], first, last, date(2027, 6, 30)) is None


def test_the_nightly_command_moves_passed_days_on_and_leaves_the_others(make_measure):
    today = timezone.localdate()
    daily = weekdays_course(
        make_measure, "Täglich", today - timedelta(days=5), today + timedelta(days=30)
    )
    later = make_measure("Später", start_date=today + timedelta(days=9))
    # As stored the evening before: yesterday's session was the next one.
    Measure.objects.filter(pk=daily.pk).update(next_session_on=today - timedelta(days=1))
    out = StringIO()
    call_command("refresh_next_sessions", stdout=out)
    assert "Next sessions changed: 1" in out.getvalue()
    daily.refresh_from_db()
    later.refresh_from_db()
    assert daily.next_session_on == today
    assert later.next_session_on == today + timedelta(days=9)
    # Run again the same night: nothing left to move.
    out = StringIO()
    call_command("refresh_next_sessions", stdout=out)
    assert "Next sessions changed: 0" in out.getvalue()


def test_the_day_change_moves_the_next_session_on(make_measure):
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    measure = make_measure("Zweimal", start_date=today, end_date=today + timedelta(days=8))
    session(measure, today)
    session(measure, today + timedelta(days=8))
    measure.refresh_from_db()
    assert measure.next_session_on == today
    assert Measure.objects.filter(pk=measure.pk).refresh_next_sessions(today) == 0
    assert Measure.objects.filter(pk=measure.pk).refresh_next_sessions(tomorrow) == 1
    measure.refresh_from_db()
    assert measure.next_session_on == today + timedelta(days=8)


def test_sorting_by_next_date_follows_the_next_session_not_the_start(client, make_measure):
    today = timezone.localdate()
    # Began a month ago, next meets in three weeks.
    old = make_measure("Alter Kurs", start_date=today - timedelta(days=30))
    session(old, today - timedelta(days=30))
    session(old, today + timedelta(days=21))
    soon = make_measure("Neuer Kurs", start_date=today + timedelta(days=7))
    session(soon, today + timedelta(days=7))
    make_measure("Offener Treff", start_date=None)
    response = client.get(f"{URL}?sort=date")
    assert titles(response) == ["Neuer Kurs", "Alter Kurs", "Offener Treff"]
    assert "Next date" in response.content.decode()
    # Without a search the catalogue is in this order too.
    assert titles(client.get(URL)) == ["Neuer Kurs", "Alter Kurs", "Offener Treff"]


@pytest.mark.parametrize("rows", [3, 30])
def test_the_order_by_next_date_keeps_the_number_of_queries_flat(
    client, make_measure, django_assert_max_num_queries, rows
):
    today = timezone.localdate()
    for number in range(rows):
        measure = make_measure(f"Kurs {number}", start_date=today + timedelta(days=number))
        session(measure, today + timedelta(days=number))
    with django_assert_max_num_queries(20):
        response = client.get(f"{URL}?sort=date")
    assert response.context["page"].object_list[0].title_de == "Kurs 0"
