"""Filters from the new facts: places free, childcare under 3, registration open,
German level, course type; a measure past its last day leaves the catalogue."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from measures.models import Measure, Schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(make_measure):
    now = timezone.now()
    make_measure(
        "Elternkurs A1",
        childcare=True,
        childcare_age_from=1,
        childcare_age_to=3,
        german_level_needed="A1",
        course_type=Measure.CourseType.INTEGRATION_PARENTS,
        capacity=15,
        places_free=3,
        places_updated_at=now,
        registration_status=Measure.RegistrationStatus.OPEN,
    )
    make_measure(
        "Frauenkurs A2",
        childcare=True,
        childcare_age_from=3,
        childcare_age_to=6,
        german_level_needed="A2",
        course_type=Measure.CourseType.INTEGRATION_WOMEN,
        capacity=15,
        places_free=0,
        places_updated_at=now,
        registration_status=Measure.RegistrationStatus.WAITING_LIST,
    )
    make_measure(
        "Berufssprachkurs B1",
        german_level_needed="B1",
        course_type=Measure.CourseType.JOB_RELATED,
        capacity=20,
        places_free=5,
        registration_status=Measure.RegistrationStatus.FULL,
    )
    make_measure(
        "Sprachcafé",
        childcare=True,
        registration_status=Measure.RegistrationStatus.ANY_TIME,
    )


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("places=1", {"Elternkurs A1"}),
        ("under_3=1", {"Elternkurs A1", "Sprachcafé"}),
        ("registration_open=1", {"Elternkurs A1", "Sprachcafé"}),
        ("level=A2&level=B1", {"Frauenkurs A2", "Berufssprachkurs B1"}),
        ("course_type=job_related", {"Berufssprachkurs B1"}),
        ("under_3=1&level=A1", {"Elternkurs A1"}),
    ],
)
def test_the_new_filters_find_what_they_say(client, offers, query, titles):
    page = client.get(f"/en/measures/?{query}").context["page"]
    assert {measure.title_de for measure in page.object_list} == titles


def test_the_new_facets_count_what_choosing_them_gives(client, offers):
    response = client.get("/en/measures/")
    facets = {facet.name: facet for facet in response.context["facets"]}
    checked = 0
    for name in ("level", "course_type"):
        for choice in facets[name].choices:
            chosen = client.get(f"/en/measures/?{name}={choice.value}")
            assert chosen.context["page"].paginator.count == choice.count, (name, choice)
            checked += 1
    flags = {choice.value: choice.count for choice in response.context["flag_facet"].choices}
    for flag in ("places", "under_3", "registration_open"):
        chosen = client.get(f"/en/measures/?{flag}=1")
        assert chosen.context["page"].paginator.count == flags[flag], flag
    assert checked == 6
    assert (flags["places"], flags["under_3"], flags["registration_open"]) == (1, 2, 2)


def test_the_facets_take_a_fixed_number_of_queries(
    client, offers, make_measure, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25) as few:
        client.get("/en/measures/?level=A1&under_3=1")
    for number in range(6):
        make_measure(f"Kurs {number}", german_level_needed="A1", childcare=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/measures/?level=A1&under_3=1&sort=title")


def test_a_measure_past_its_last_day_leaves_the_catalogue(client, make_measure):
    today = timezone.localdate()
    make_measure("Vorbei", start_date=today - timedelta(days=30), end_date=today - timedelta(1))
    make_measure("Heute", start_date=today - timedelta(days=30), end_date=today)
    page = client.get("/en/measures/").context["page"]
    assert {measure.title_de for measure in page.object_list} == {"Heute"}


@pytest.fixture
def sessions(make_measure):
    today = timezone.localdate()

    def offer(title: str, kind: str, weekdays: list[int], start: time) -> Measure:
        measure = make_measure(title, start_date=today, end_date=today + timedelta(days=60))
        Schedule.objects.create(
            measure=measure,
            kind=kind,
            weekdays=weekdays,
            start_time=start,
            valid_from=today + timedelta(days=(5 - today.weekday()) % 7)
            if kind == Schedule.Kind.SINGLE
            else today,
            valid_until=today + timedelta(days=60),
        )
        return measure

    offer("Frühkurs", Schedule.Kind.WEEKLY, [1, 3], time(9))
    offer("Abendkurs", Schedule.Kind.WEEKLY, [1], time(18, 30))
    offer("Nachmittagsgruppe", Schedule.Kind.WEEKLY, [2], time(14))
    # A single session on the next Saturday.
    offer("Samstagsfest", Schedule.Kind.SINGLE, [], time(15))
    make_measure("Beratung nach Vereinbarung")


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("weekday=1", {"Frühkurs", "Abendkurs"}),
        ("weekday=2&weekday=3", {"Frühkurs", "Nachmittagsgruppe"}),
        ("time_of_day=morning", {"Frühkurs"}),
        ("time_of_day=evening", {"Abendkurs"}),
        ("time_of_day=weekend", {"Samstagsfest"}),
        ("weekday=1&time_of_day=evening", {"Abendkurs"}),
    ],
)
def test_weekday_and_time_of_day_find_the_sessions(client, sessions, query, titles):
    page = client.get(f"/en/measures/?{query}").context["page"]
    assert {measure.title_de for measure in page.object_list} == titles


def test_weekday_and_time_of_day_counts_equal_the_results(client, sessions):
    response = client.get("/en/measures/?time_of_day=morning")
    facets = {facet.name: facet for facet in response.context["facets"]}
    assert {choice.value for choice in facets["weekday"].choices} == {"1", "3"}
    for name in ("weekday", "time_of_day"):
        for choice in facets[name].choices:
            query = f"{name}={choice.value}"
            # With the other facet's choice, as the count is; a fresh URL (not the cached page).
            query += "&time_of_day=morning" if name == "weekday" else "&page=1"
            chosen = client.get(f"/en/measures/?{query}")
            assert chosen.context["page"].paginator.count == choice.count, (name, choice)


def test_changing_a_schedule_updates_its_measures_weekdays(sessions):
    measure = Measure.objects.get(title_de="Abendkurs")
    schedule = measure.schedules.get()
    schedule.weekdays = [4]
    schedule.save()
    measure.refresh_from_db()
    assert (measure.session_days, measure.session_times) == ([4], ["evening"])
    schedule.delete()
    measure.refresh_from_db()
    assert (measure.session_days, measure.session_times) == ([], [])
