"""Every date and time counselling takes in — the desk's query strings, the
availability and absence forms, the desk booking, the booking flow's month and
year of birth, the admin — lies between 2000 and 2100, or is answered with
the portal's one message; never with a server error."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import formats, timezone
from hypothesis import example, given
from hypothesis import strategies as st

from counselling.models import Absence, AvailabilityRule
from integration_portal.dates import in_range
from tests.fuzzing import FUZZ, any_text

pytestmark = pytest.mark.django_db

RANGE_MESSAGE = "Bitte geben Sie ein Datum zwischen dem 01.01.2000 und dem 31.12.2100 ein."
EXTREMES = ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"]


@pytest.fixture
def desk(client, counsellor_user, counsellor):
    client.force_login(counsellor_user)
    return client


@pytest.mark.parametrize("view", ["", "&view=week"])
@pytest.mark.parametrize("day", [*EXTREMES, "10000-01-01", "2026-02-30", "-1", "\x00"])
def test_the_agenda_shows_today_for_dates_it_cannot_show(desk, day, view):
    response = desk.get(f"{reverse('desk:agenda')}?date={day}{view}")
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()


@pytest.mark.parametrize("view", ["", "&view=week"])
@pytest.mark.parametrize("day", ["2000-01-01", "2100-12-31"])
def test_the_agenda_shows_the_first_and_last_days_without_links_beyond(desk, day, view):
    response = desk.get(f"{reverse('desk:agenda')}?date={day}{view}")
    assert response.context["day"] == date.fromisoformat(day)
    content = response.content.decode()
    assert "?date=1999-" not in content and "?date=2101-" not in content


@pytest.mark.parametrize("day", EXTREMES)
@pytest.mark.parametrize("field", ["start", "end"])
def test_an_absence_outside_the_range_gets_the_message(desk, counsellor, day, field):
    values = {"start": "2027-02-01T08:00", "end": "2027-02-05T18:00", "reason": "Urlaub"}
    values[field] = f"{day}T00:00"
    response = desk.post(reverse("desk:absence_add", args=[counsellor.pk]), values)
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()
    assert 'value="Urlaub"' in response.content.decode()
    assert not Absence.objects.exists()


@pytest.mark.parametrize("day", EXTREMES)
@pytest.mark.parametrize("field", ["valid_from", "valid_until"])
def test_availability_outside_the_range_gets_the_message(desk, counsellor, day, field):
    values = {
        "weekday": 1,
        "start_time": "09:00",
        "end_time": "12:00",
        "slot_minutes": 45,
        "mode": "phone",
        "valid_from": "2026-01-01",
    }
    values[field] = day
    response = desk.post(reverse("desk:rule_add", args=[counsellor.pk]), values)
    assert RANGE_MESSAGE in response.content.decode()
    assert not AvailabilityRule.objects.exists()


@pytest.fixture
def admin(client, superuser, counsellor):
    client.force_login(superuser)
    return client


def admin_absence(counsellor, start: str, end: str) -> dict:
    return {
        "counsellor": counsellor.pk,
        "start_0": start,
        "start_1": "00:00",
        "end_0": end,
        "end_1": "12:00",
        "reason": "",
    }


def admin_counsellor(counsellor, valid_from: str, valid_until: str) -> dict:
    return {
        "user": counsellor.user_id,
        "languages": [language.pk for language in counsellor.languages.all()],
        "modes": "phone",
        "topics": "career",
        "rules-TOTAL_FORMS": "1",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
        "rules-0-weekday": "0",
        "rules-0-start_time": "09:00",
        "rules-0-end_time": "12:00",
        "rules-0-slot_minutes": "45",
        "rules-0-mode": "phone",
        "rules-0-valid_from": valid_from,
        "rules-0-valid_until": valid_until,
    }


@pytest.mark.parametrize("day", EXTREMES)
def test_the_admin_refuses_absences_and_availability_outside_the_range(admin, counsellor, day):
    response = admin.post("/admin/counselling/absence/add/", admin_absence(counsellor, day, day))
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()
    url = f"/admin/counselling/counsellor/{counsellor.pk}/change/"
    response = admin.post(url, admin_counsellor(counsellor, day, ""))
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()
    assert not Absence.objects.exists()
    assert not AvailabilityRule.objects.exists()


def test_the_admin_still_saves_dates_inside_the_range(admin, counsellor):
    admin.post(
        "/admin/counselling/absence/add/", admin_absence(counsellor, "2027-02-01", "2027-02-02")
    )
    url = f"/admin/counselling/counsellor/{counsellor.pk}/change/"
    admin.post(url, admin_counsellor(counsellor, "2027-01-01", "2100-12-31"))
    assert Absence.objects.count() == 1
    assert AvailabilityRule.objects.get().valid_until == date(2100, 12, 31)


# Every date input, with any text and any ISO date from year 1 to 9999.

iso_dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)
german_dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(
    lambda day: formats.date_format(day, "d.m.Y")
)


def _year_month(value: str) -> tuple[str, str]:
    year, _, rest = value.partition("-")
    return year, rest.partition("-")[0]


def _details_request(client, counsellor, value: str):
    """The child's month of birth, the booking's first question."""
    year, month = _year_month(value)
    return client.post(reverse("counselling:child"), {"child_month": month, "child_year": year})


def _desk_booking(client, counsellor, value: str):
    year, month = _year_month(value)
    data = {"slot": "x", "topic": "career", "language": 1, "name": "Frau Y", "phone": "0711 22222"}
    return client.post(
        reverse("desk:book", args=[counsellor.pk]),
        {**data, "child_month": month, "child_year": year, "consent": "on"},
    )


DATE_INPUTS = {
    "agenda day": lambda c, co, v: c.get(reverse("desk:agenda"), {"date": v}),
    "agenda week": lambda c, co, v: c.get(reverse("desk:agenda"), {"date": v, "view": "week"}),
    "rule from": lambda c, co, v: c.post(
        reverse("desk:rule_add", args=[co.pk]),
        {"weekday": 1, "start_time": "09:00", "end_time": "12:00", "slot_minutes": 45}
        | {"mode": "phone", "valid_from": v},
    ),
    "rule until": lambda c, co, v: c.post(
        reverse("desk:rule_add", args=[co.pk]),
        {"weekday": 1, "start_time": "09:00", "end_time": "12:00", "slot_minutes": 45}
        | {"mode": "phone", "valid_from": "2026-01-01", "valid_until": v},
    ),
    "absence start": lambda c, co, v: c.post(
        reverse("desk:absence_add", args=[co.pk]), {"start": v, "end": "2027-02-05T18:00"}
    ),
    "absence end": lambda c, co, v: c.post(
        reverse("desk:absence_add", args=[co.pk]), {"start": "2027-02-01T08:00", "end": v}
    ),
    "desk booking birth": _desk_booking,
    "booking birth": _details_request,
    "admin absence": lambda c, co, v: c.post(
        "/admin/counselling/absence/add/", admin_absence(co, v, "2027-02-02")
    ),
    "admin rule": lambda c, co, v: c.post(
        f"/admin/counselling/counsellor/{co.pk}/change/", admin_counsellor(co, v, v)
    ),
}


@FUZZ
@example(name="absence start", value="0001-01-01T00:00")
@example(name="admin absence", value="01.01.0001")
@example(name="agenda week", value="9999-12-31")
@given(
    name=st.sampled_from(list(DATE_INPUTS)),
    value=st.one_of(
        iso_dates,
        german_dates,
        iso_dates.map(lambda day: f"{day}T00:00"),
        any_text,
        st.sampled_from(EXTREMES),
    ),
)
def test_no_date_input_of_counselling_answers_with_an_error(
    client, superuser, counsellor, other_counsellor, monday_rule, name, value
):
    client.force_login(superuser)
    # Absences and rules go to a colleague, so that the booking keeps its free time.
    owner = counsellor if name in {"booking birth", "desk booking birth"} else other_counsellor
    response = DATE_INPUTS[name](client, owner, value)
    assert response.status_code in {200, 302}
    for absence in Absence.objects.all():
        assert in_range(timezone.localtime(absence.start))
        assert in_range(timezone.localtime(absence.end))
    for rule in AvailabilityRule.objects.all():
        assert in_range(rule.valid_from)
        assert rule.valid_until is None or in_range(rule.valid_until)


def test_dates_stored_outside_the_range_before_the_check_are_cut_to_it(admin, counsellor):
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO counselling_absence (counsellor_id, start, "end", reason) VALUES '
            "(%s, '0001-01-01 00:00:00+00 BC', '2027-01-01 00:00:00+00', 'since forever'), "
            "(%s, '0001-01-01 00:00:00+00 BC', '0001-02-01 00:00:00+00', 'long ago'), "
            "(%s, '2027-01-01 00:00:00+00', '9999-12-31 00:00:00+00', 'for ever')",
            [counsellor.pk] * 3,
        )
        cursor.execute(
            "INSERT INTO counselling_availabilityrule (counsellor_id, weekday, start_time, "
            "end_time, slot_minutes, mode, valid_from, valid_until) VALUES "
            "(%s, 0, '09:00', '12:00', 45, 'phone', '0001-01-01', '9999-12-31'), "
            "(%s, 1, '09:00', '12:00', 45, 'phone', '0001-01-01', '0002-01-01')",
            [counsellor.pk] * 2,
        )
    migration = import_module("counselling.migrations.0003_clamp_dates_to_the_supported_range")
    migration.clamp_dates_to_the_supported_range(apps, None)
    reasons = sorted(Absence.objects.values_list("reason", flat=True))
    assert reasons == ["for ever", "since forever"]
    for absence in Absence.objects.all():
        absence.full_clean()
    rule = AvailabilityRule.objects.get()
    assert (rule.valid_from, rule.valid_until) == (date(2000, 1, 1), date(2100, 12, 31))
    assert admin.get("/admin/counselling/absence/").status_code == 200
    client_page = admin.get(reverse("desk:availability", args=[counsellor.pk]))
    assert client_page.status_code == 200
