"""Prepared queries: built by the ORM once per process and day, planned by
PostgreSQL once per session, returning what the ORM would return."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.utils import timezone

from integration_portal.prepared import PreparedQuery, as_prefetched
from measures.models import Measure, Schedule
from tests.factories import make_measure

pytestmark = pytest.mark.django_db


def counting(build):
    """`build`, counting how often it is called."""

    def counted(**values):
        counted.calls += 1
        return build(**values)

    counted.calls = 0
    return counted


def weekly(measure: Measure, *, weekday: int, hour: int) -> Schedule:
    """Two hours a week for the next two months."""
    return Schedule.objects.create(
        measure=measure,
        kind=Schedule.Kind.WEEKLY,
        weekdays=[weekday],
        start_time=time(hour),
        end_time=time(hour + 2),
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=60),
    )


def measure_page(slug):
    return Measure.objects.visible().for_detail().filter(slug=slug)


def test_a_prepared_query_is_built_once_and_planned_once(partner_a, django_assert_num_queries):
    first = make_measure(partner_a, "Sprachcafé", domains=("family", "language"))
    second = make_measure(partner_a, "Elterncafé", districts=("ost", "mitte"))
    build = counting(measure_page)
    query = PreparedQuery(build, slug=str)

    assert query.get_or_404(slug=first.slug) == first
    # The second use builds nothing and reads the provider with the measure.
    with django_assert_num_queries(1):
        found = query.get_or_404(slug=second.slug)
        assert found.provider.name == "Partner A e. V."
        assert found.district_names == ["Mitte", "Ost"]
    assert build.calls == 1
    assert found == second
    # Annotations come converted by their output fields, as from the ORM.
    rows = query.get_or_404(slug=first.slug).life_domains_rows
    assert [row["slug"] for row in rows] == [domain.slug for domain in first.life_domains.all()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%measures_measure%slug%"],
        )
        assert cursor.fetchone()[0] == 1, "the statement is prepared in this session"


def test_a_prepared_query_is_built_anew_the_next_day(partner_a, monkeypatch):
    today = timezone.localdate()
    last_day = make_measure(partner_a, "Letzter Tag", end_date=today)
    query = PreparedQuery(measure_page, slug=str)
    assert query.get_or_404(slug=last_day.slug) == last_day

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=1))
    # Yesterday's SQL compared with yesterday's date: the measure has ended.
    with pytest.raises(Http404):
        query.get_or_404(slug=last_day.slug)


def test_a_prepared_query_finds_nothing_it_may_not_show(partner_a):
    draft = make_measure(partner_a, "Entwurf", status=Measure.Status.DRAFT)
    query = PreparedQuery(measure_page, slug=str)
    with pytest.raises(Http404):
        query.get_or_404(slug=draft.slug)
    with pytest.raises(Http404):
        query.get_or_404(slug="gibt-es-nicht")


def test_values_of_a_prepared_query_are_its_own(partner_a):
    measure = make_measure(partner_a)
    weekly(measure, weekday=1, hour=9)
    times = PreparedQuery(lambda measure: Schedule.objects.filter(measure=measure), measure=int)
    assert [schedule.measure_id for schedule in times.all(measure=measure.pk)] == [measure.pk]
    assert times.all(measure=measure.pk + 1000) == []
    unused = PreparedQuery(lambda slug: Measure.objects.all(), slug=str)
    with pytest.raises(ValueError, match="does not use slug"):
        unused.all(slug="sprachcafe")


def test_objects_handed_over_are_read_as_prefetched(partner_a, django_assert_num_queries):
    measure = make_measure(partner_a)
    schedule = weekly(measure, weekday=3, hour=18)
    page = PreparedQuery(measure_page, slug=str).get_or_404(slug=measure.slug)
    as_prefetched(page, "schedules", [schedule])
    with django_assert_num_queries(0):
        assert list(page.schedules.all()) == [schedule]
        assert page.next_dates(count=1)
