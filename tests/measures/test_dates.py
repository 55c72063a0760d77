"""Every date that comes into measures lies between 2000 and 2100, with one
message; a date outside that range already stored never breaks a page."""

import json
from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from icalendar import Calendar

from measures.models import Measure
from partners.models import Partner
from tests.factories import PASSWORD

from .test_review import current_form_data, measure_form_data

pytestmark = pytest.mark.django_db

RANGE_MESSAGE = "Bitte geben Sie ein Datum zwischen dem 01.01.2000 und dem 31.12.2100 ein."
OUTSIDE = ["9999-12-31", "2101-01-01", "1999-12-31", "0001-01-01"]
DATE_FIELDS = ["start_date", "end_date", "valid_until", "registration_deadline"]


@pytest.mark.parametrize("value", OUTSIDE)
@pytest.mark.parametrize("name", DATE_FIELDS)
def test_the_partner_area_form_refuses_dates_outside_the_range(client, editor_a, name, value):
    client.force_login(editor_a)
    data = measure_form_data(**{"start_date": "2030-01-01", "end_date": "2030-02-01", name: value})
    response = client.post(reverse("measures:partner_measure_create", args=["partner-a"]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert RANGE_MESSAGE in page
    assert f'href="#id_{name}"' in page
    assert not Measure.objects.exists()


def test_changes_to_a_published_measure_with_an_extreme_date_are_refused(
    client, editor_a, make_measure
):
    measure = make_measure("Sprachcafé")
    client.force_login(editor_a)
    data = {**current_form_data(measure), "valid_until": "9999-12-31"}
    response = client.post(reverse("measures:partner_measure_edit", args=[measure.pk]), data)
    assert RANGE_MESSAGE in response.content.decode()
    assert not measure.revisions.exists()


def test_the_admin_refuses_dates_outside_the_range(client, staff_user, make_measure):
    measure = make_measure("Sprachcafé", status=Measure.Status.DRAFT)
    client.login(username=staff_user.email, password=PASSWORD)
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, False) and not isinstance(value, list)
    }
    data |= {name: [item.pk for item in form.initial[name]] for name in ("life_domains",)}
    data |= {"districts": [d.pk for d in measure.districts.all()], "end_date": "9999-12-31"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()
    measure.refresh_from_db()
    assert measure.end_date is None


@pytest.mark.parametrize("parameter", ["date_from", "date_to"])
@pytest.mark.parametrize("value", OUTSIDE)
def test_catalogue_and_open_data_ignore_dates_outside_the_range_and_say_so(
    client, make_measure, parameter, value
):
    make_measure("Sprachcafé", start_date=date(2030, 1, 1))
    page = client.get(f"{reverse('measures:catalogue')}?{parameter}={value}")
    assert page.status_code == 200
    assert "Sprachcafé" in page.content.decode()
    assert RANGE_MESSAGE in page.content.decode()
    data = json.loads(client.get(f"/api/measures.json?{parameter}={value}").content)
    assert [record["title_de"] for record in data["measures"]] == ["Sprachcafé"]
    assert any("2100" in note for note in data["meta"]["ignored_parameters"])


@pytest.fixture
def far_future(make_measure) -> Measure:
    """A published course stored before the range was checked: it ends in 9999."""
    measure = make_measure("Dauerkurs", format=Measure.Format.COURSE, start_date=date(2030, 1, 1))
    Measure.objects.filter(pk=measure.pk).update(
        end_date=date(9999, 12, 31), valid_until=date(9999, 12, 31)
    )
    return measure


def test_a_stored_end_in_9999_breaks_no_page(client, far_future):
    assert client.get(far_future.get_absolute_url()).status_code == 200
    calendar = client.get(reverse("measures:calendar", args=[far_future.slug]))
    assert calendar.status_code == 200
    event = Calendar.from_ical(calendar.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == date(2030, 1, 1)
    assert event.decoded("dtend") == date(2101, 1, 1)
    records = json.loads(client.get("/api/measures.json").content)["measures"]
    assert records[0]["end_date"] == "9999-12-31"
    assert b"".join(client.get("/api/measures.csv").streaming_content)
    assert client.get(reverse("measures:catalogue")).status_code == 200
    assert client.get("/sitemap.xml").status_code == 200


def test_a_stored_start_in_year_1_breaks_no_calendar(client, make_measure):
    measure = make_measure("Uralt", start_date=date(2030, 1, 1))
    Measure.objects.filter(pk=measure.pk).update(start_date=date(1, 1, 1))
    calendar = client.get(reverse("measures:calendar", args=[measure.slug]))
    event = Calendar.from_ical(calendar.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == date(2000, 1, 1)


def test_the_data_migrations_move_stored_dates_into_the_range(make_measure, partner_a):
    measure = make_measure("Dauerkurs")
    Measure.objects.filter(pk=measure.pk).update(
        start_date=date(1, 1, 1), end_date=date(1990, 6, 1), valid_until=date(9999, 12, 31)
    )
    Partner.objects.filter(pk=partner_a.pk).update(member_since=date(9999, 1, 1))
    import_module("measures.migrations.0008_clamp_dates_to_the_portal_range").clamp(apps, None)
    import_module("partners.migrations.0003_clamp_member_since_to_the_portal_range").clamp(
        apps, None
    )
    measure.refresh_from_db()
    partner_a.refresh_from_db()
    assert (measure.start_date, measure.end_date, measure.valid_until) == (
        date(2000, 1, 1),
        date(2000, 1, 1),
        date(2100, 12, 31),
    )
    assert partner_a.member_since == date(2100, 12, 31)
