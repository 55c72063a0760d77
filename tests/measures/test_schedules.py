"""Times as data: weekly series, single sessions, exceptions, validation, display."""

from datetime import date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from django.urls import reverse
from django.utils import timezone, translation

from measures import models
from measures.forms import ScheduleForm
from measures.models import BERLIN, Measure, Schedule

from .test_review import current_form_data, measure_form_data, schedule_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages and URLs in English, unless a test says otherwise."""
    with translation.override("en"):
        yield


def weekly(measure: Measure, **fields) -> Schedule:
    values = {
        "kind": Schedule.Kind.WEEKLY,
        "weekdays": [1, 3],
        "start_time": time(9),
        "end_time": time(11, 30),
        "valid_from": measure.start_date,
        "valid_until": measure.end_date,
        **fields,
    }
    return Schedule.objects.create(measure=measure, **values)


@pytest.fixture
def spring_course(make_measure) -> Measure:
    return make_measure(
        "Deutschkurs Frühling",
        format=Measure.Format.COURSE,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 11, 5),
    )


def test_a_course_at_nine_stays_at_nine_across_both_clock_changes(spring_course):
    schedule = weekly(spring_course, weekdays=[1], skips_public_holidays=False)
    sessions = schedule.occurrences()
    march = [start for start in sessions if start.month == 3]
    october = [start for start in sessions if start.month in (10, 11)]
    assert {start.astimezone(BERLIN).time() for start in sessions} == {time(9)}
    # Before 28 March 2027 Berlin is UTC+1, after it UTC+2, after 31 October UTC+1 again.
    assert {start.utcoffset() for start in march} == {timedelta(hours=1), timedelta(hours=2)}
    assert {start.utcoffset() for start in october} == {timedelta(hours=1), timedelta(hours=2)}
    assert sessions[0] == datetime(2027, 3, 2, 9, tzinfo=BERLIN)
    assert sessions[-1] == datetime(2027, 11, 2, 9, tzinfo=BERLIN)


@pytest.mark.parametrize(
    "after",
    [
        datetime(2027, 3, 1, 12, tzinfo=BERLIN),  # before the first session
        datetime(2027, 3, 30, 9, tzinfo=BERLIN),  # at a session, after the clocks changed
        datetime(2027, 5, 13, 8, tzinfo=BERLIN),  # a week with a public holiday (Ascension)
        datetime(2027, 10, 31, 23, tzinfo=BERLIN),  # the night the clocks go back
        datetime(2027, 11, 3, 12, tzinfo=BERLIN),  # after the last session
    ],
)
def test_the_next_sessions_of_a_long_series_are_found_from_the_week_before(
    spring_course, after, monkeypatch
):
    schedule = weekly(spring_course, exception_dates=[date(2027, 4, 1), date(2027, 10, 28)])
    every_session = schedule.occurrences()
    walked_from = []
    parse = models._weekly_rule
    monkeypatch.setattr(
        models, "_weekly_rule", lambda rule, start: walked_from.append(start) or parse(rule, start)
    )

    assert (
        schedule.occurrences(after=after, count=3)
        == [start for start in every_session if start > after][:3]
    )
    # Not every week since March: the series is read from the week before.
    assert after - walked_from[0] < timedelta(days=14)
    assert walked_from[0].astimezone(BERLIN).time() == time(9)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20271105T080000Z",
        "FREQ=WEEKLY;BYDAY=SU;UNTIL=20270330T230000Z",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20270601T070000Z",  # not one of ours
        "FREQ=WEEKLY;BYDAY=1MO;UNTIL=20270601T070000Z",
    ],
)
def test_a_stored_rule_is_read_as_dateutil_reads_it(rule, monkeypatch):
    start = datetime(2027, 3, 1, 9, tzinfo=BERLIN)
    models._weekly_rule.cache_clear()
    parsed = []
    monkeypatch.setattr(
        models, "rrulestr", lambda *args, **kwargs: parsed.append(args) or rrulestr(*args, **kwargs)
    )
    assert list(models._weekly_rule(rule, start)) == list(rrulestr(rule, dtstart=start))
    # The portal's own rules (`build_rrule`) need no parser; others get dateutil's.
    assert bool(parsed) == ("INTERVAL" in rule or "1MO" in rule)


def test_the_series_is_stored_as_an_rrule_that_ends(spring_course):
    schedule = weekly(spring_course)
    assert schedule.rrule == "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20271105T080000Z"


def test_school_holidays_and_public_holidays_have_no_sessions(spring_course):
    easter_holidays = [date(2027, 3, 29) + timedelta(days=n) for n in range(12)]
    schedule = weekly(spring_course, weekdays=[0, 3], exception_dates=easter_holidays)
    days = {start.date() for start in schedule.occurrences()}
    assert not days & set(easter_holidays)
    assert date(2027, 3, 25) in days
    assert date(2027, 4, 12) in days
    # Whit Monday (17 May 2027) is a public holiday in Baden-Württemberg.
    assert date(2027, 5, 17) not in days
    assert date(2027, 5, 24) in days
    schedule.skips_public_holidays = False
    assert date(2027, 5, 17) in {start.date() for start in schedule.occurrences()}


def test_a_single_session_has_one_date(spring_course):
    schedule = Schedule.objects.create(
        measure=spring_course,
        kind=Schedule.Kind.SINGLE,
        valid_from=date(2027, 4, 20),
        start_time=time(18),
        end_time=time(20),
    )
    assert schedule.rrule == ""
    assert schedule.occurrences() == [datetime(2027, 4, 20, 18, tzinfo=BERLIN)]


def test_by_appointment_has_no_dates_but_says_so(spring_course):
    schedule = Schedule.objects.create(measure=spring_course, kind=Schedule.Kind.APPOINTMENT)
    assert schedule.occurrences() == []
    with translation.override("de"):
        assert schedule.describe() == "Nach Vereinbarung"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Tue and Thu, 09:00–11:30, from 1 March 2027 to 5 November 2027, "
            "not on public holidays, no sessions on 29 March 2027 – 9 April 2027 and 2 June 2027",
        ),
        (
            "de",
            "Di und Do, 09:00–11:30, vom 1. März 2027 bis 5. November 2027, "
            "nicht an Feiertagen, keine Termine am 29. März 2027 – 9. April 2027 und 2. Juni 2027",
        ),
    ],
)
def test_the_schedule_reads_as_a_sentence(spring_course, language, expected):
    holidays = [date(2027, 3, 29) + timedelta(days=n) for n in range(12)] + [date(2027, 6, 2)]
    schedule = weekly(spring_course, exception_dates=holidays)
    with translation.override(language):
        assert schedule.describe() == expected


def test_in_arabic_the_times_keep_their_order(spring_course):
    schedule = weekly(spring_course)
    with translation.override("ar"):
        sentence = schedule.describe()
    # Isolated left to right: without it, an Arabic sentence shows "11:30–09:00".
    assert "\u206609:00–11:30\u2069" in sentence


def _form(measure: Measure, **data) -> ScheduleForm:
    form = ScheduleForm(data={"kind": "weekly", "skips_public_holidays": "on", **data})
    form.instance.measure = measure
    return form


def test_a_weekly_series_without_a_last_day_is_refused(make_measure):
    ongoing = make_measure("Sprachcafé", start_date=date(2027, 3, 1))
    form = _form(ongoing, weekdays=["1"], start_time="09:00", end_time="11:30")
    assert not form.is_valid()
    assert "needs a last day" in form.errors["valid_until"][0]


def test_the_end_time_must_come_after_the_start(spring_course):
    form = _form(spring_course, weekdays=["1"], start_time="11:30", end_time="09:00")
    assert not form.is_valid()
    assert form.errors["end_time"] == ["The end time must be after the start time."]


def test_times_outside_the_measures_dates_are_refused(spring_course):
    form = _form(
        spring_course,
        weekdays=["1"],
        start_time="09:00",
        valid_from="2027-02-01",
        valid_until="2027-12-20",
    )
    assert not form.is_valid()
    assert "within the measure's dates" in form.errors["valid_from"][0]
    assert "within the measure's dates" in form.errors["valid_until"][0]


def test_empty_days_come_from_the_measures_dates(spring_course):
    form = _form(spring_course, weekdays=["1"], start_time="09:00")
    assert form.is_valid(), form.errors
    schedule = form.save()
    assert (schedule.valid_from, schedule.valid_until) == (date(2027, 3, 1), date(2027, 11, 5))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Osterferien", "is neither a day nor a period"),
        ("10.4.2027 – 29.3.2027", "a period runs forwards"),
        ("1.1.1900", "between"),
        ("1.1.2028", "outside the series"),
    ],
)
def test_exception_days_are_checked(spring_course, text, message):
    form = _form(spring_course, weekdays=["1"], start_time="09:00", exception_dates=text)
    assert not form.is_valid()
    assert message in str(form.errors["exception_dates"])


def test_exception_periods_are_typed_as_lines(spring_course):
    form = _form(
        spring_course,
        weekdays=["1"],
        start_time="09:00",
        exception_dates="29.3.2027 – 2.4.2027\n2027-06-02",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["exception_dates"] == [
        *[date(2027, 3, 29) + timedelta(days=n) for n in range(5)],
        date(2027, 6, 2),
    ]


def test_an_editor_creates_a_measure_with_its_times(client, editor_a):
    client.force_login(editor_a)
    data = measure_form_data(
        "Kurs mit Zeiten",
        start_date="2027-03-01",
        end_date="2027-06-30",
        **schedule_form_data(
            None, {"kind": "weekly", "weekdays": ["1", "3"], "start_time": "09:00"}
        ),
    )
    response = client.post(reverse("measures:partner_measure_create", args=["partner-a"]), data)
    assert response.status_code == 302
    schedule = Measure.objects.get(title_de="Kurs mit Zeiten").schedules.get()
    assert schedule.weekdays == [1, 3]
    assert schedule.valid_until == date(2027, 6, 30)


def test_the_empty_form_for_another_time_is_left_alone(client, editor_a, spring_course):
    weekly(spring_course)
    client.force_login(editor_a)
    # What a browser sends for the untouched empty form below the times.
    blank = {"kind": "weekly", "skips_public_holidays": "on", "exception_dates": "", "id": ""}
    data = {**current_form_data(spring_course), **schedule_form_data(spring_course, blank)}
    response = client.post(reverse("measures:partner_measure_edit", args=[spring_course.pk]), data)
    assert response.status_code == 302
    assert spring_course.schedules.count() == 1


def test_wrong_times_keep_what_was_typed_and_say_why(client, editor_a):
    client.force_login(editor_a)
    data = measure_form_data(
        "Kurs mit Zeiten",
        **schedule_form_data(
            None, {"kind": "weekly", "weekdays": ["1"], "start_time": "10:00", "end_time": "08:00"}
        ),
    )
    response = client.post(reverse("measures:partner_measure_create", args=["partner-a"]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The end time must be after the start time." in html
    assert "needs a last day" in html
    assert 'value="10:00"' in html
    assert not Measure.objects.filter(title_de="Kurs mit Zeiten").exists()


def test_times_of_a_published_measure_change_at_once_and_texts_wait_for_review(
    client, editor_a, spring_course
):
    schedule = weekly(spring_course)
    client.force_login(editor_a)
    data = current_form_data(spring_course)
    data["title_de"] = "Neuer Titel"
    data["times-0-start_time"] = "10:00"
    data["times-0-end_time"] = "12:00"
    response = client.post(reverse("measures:partner_measure_edit", args=[spring_course.pk]), data)
    assert response.status_code == 302
    schedule.refresh_from_db()
    spring_course.refresh_from_db()
    assert schedule.start_time == time(10)
    assert spring_course.title_de == "Deutschkurs Frühling"
    assert spring_course.waiting_revision.values == {"title_de": "Neuer Titel"}


def test_an_editor_deletes_a_time(client, editor_a, spring_course):
    weekly(spring_course)
    client.force_login(editor_a)
    data = current_form_data(spring_course)
    data["times-0-DELETE"] = "on"
    client.post(reverse("measures:partner_measure_edit", args=[spring_course.pk]), data)
    assert not spring_course.schedules.exists()


def test_the_detail_page_shows_the_times_and_next_dates(client, make_measure):
    today = timezone.localdate()
    measure = make_measure("Elterncafé", start_date=today, end_date=today + timedelta(days=60))
    weekly(measure, weekdays=list(range(7)), skips_public_holidays=False)
    html = client.get(f"/en/measures/{measure.slug}/").content.decode()
    assert "Mon, Tue, Wed, Thu, Fri, Sat and Sun, 09:00–11:30" in html
    assert html.count('<li><time datetime="') == 5


def test_the_catalogue_shows_each_measures_next_date_in_a_fixed_number_of_queries(
    client, make_measure, django_assert_max_num_queries
):
    today = timezone.localdate()
    for number in range(8):
        measure = make_measure(
            f"Kurs {number}", start_date=today, end_date=today + timedelta(days=30)
        )
        weekly(measure, weekdays=[number % 7], skips_public_holidays=False)
    with django_assert_max_num_queries(25) as few:
        html = client.get("/en/measures/").content.decode()
    assert html.count("Next date:") == 8
    measure = make_measure("Kurs 9", start_date=today, end_date=today + timedelta(days=30))
    weekly(measure, weekdays=[0])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/measures/?page=1&order=title")


def test_staff_edit_the_times_in_the_admin(client, staff_user, spring_course):
    weekly(spring_course)
    client.force_login(staff_user)
    page = client.get(reverse("admin:measures_measure_change", args=[spring_course.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="schedules-0-start_time"' in html
    assert 'name="schedules-0-weekdays"' in html
