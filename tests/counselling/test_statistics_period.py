"""Statistics for leads: a chosen period, the period before, capacity used, CSV."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from counselling.slots import BERLIN
from counselling.statistics import Period, capacity, period_of
from tests.factories import add_rule

from .test_absence_over_bookings import NOW, TUESDAY, book_with

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def _url() -> str:
    with translation.override("en"):
        return reverse("desk:statistics")


@pytest.mark.parametrize(
    ("kind", "day", "period", "before"),
    [
        ("month", date(2026, 1, 15), (date(2026, 1, 1), date(2026, 1, 31)), (12, 31)),
        ("quarter", date(2026, 5, 2), (date(2026, 4, 1), date(2026, 6, 30)), (3, 31)),
        ("year", date(2026, 7, 7), (date(2026, 1, 1), date(2026, 12, 31)), (12, 31)),
    ],
)
def test_a_period_and_the_one_before_it(kind, day, period, before):
    chosen = period_of(kind, day)
    assert (chosen.first, chosen.last) == period
    previous = chosen.previous()
    assert (previous.last.month, previous.last.day) == before
    assert previous.last < chosen.first and previous.kind == kind


def test_chosen_days_compare_with_as_many_days_before():
    chosen = Period(date(2026, 3, 10), date(2026, 3, 16))
    assert chosen.previous() == Period(date(2026, 3, 3), date(2026, 3, 9))


def test_capacity_used_is_booked_out_of_offered(counsellor, german):
    add_rule(counsellor, weekday=1)  # Tuesday 9–12: three slots
    book_with(counsellor, german, 10, "de", "ayse@example.net")
    day = Period(TUESDAY, TUESDAY)
    after = datetime(2026, 12, 2, 8, tzinfo=BERLIN)
    assert capacity(day, after) == {"booked": 1, "unfilled": 2, "offered": 3, "used": 33}
    # Before the day, free slots may still be booked: none counts as unfilled.
    assert capacity(day, NOW)["unfilled"] == 0


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("kind=custom&first=2026-03-10&last=2026-03-01", "last", "before the first day"),
        ("kind=custom&first=2026-13-45&last=2026-03-01", "first", "Enter a date"),
        ("kind=custom&first=&last=2026-03-01", "first", "Enter the first day"),
        ("kind=custom&first=2020-01-01&last=2026-03-01", "last", "at most three years"),
    ],
)
def test_a_wrong_period_is_explained_and_kept(client, lead_user, query, field, message):
    client.force_login(lead_user)
    response = client.get(f"{_url()}?{query}")
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert 'value="2026-03-01"' in response.content.decode()


def test_the_page_compares_with_the_period_before_and_folds_the_tables(
    client, lead_user, counsellor, german
):
    add_rule(counsellor, weekday=1)
    book_with(counsellor, german, 10, "de", "ayse@example.net")
    client.force_login(lead_user)
    response = client.get(f"{_url()}?kind=month&day=2026-12-15")
    content = response.content.decode()
    figures = {figure.label: figure for figure in response.context["figures"]}
    assert (figures["Booked appointments"].current, figures["Booked appointments"].previous) == (
        1,
        0,
    )
    assert "<details" in content and "<details open" not in content
    assert "<svg" in content and "<rect" in content and "style=" not in content
    assert "ayse@example.net" not in content
    # A label is text beside its bar, never cut off inside a drawing.
    assert '<span class="bar-list__label">Career orientation</span>' in content


def test_the_csv_opens_in_german_excel(client, lead_user, counsellor, german):
    add_rule(counsellor, weekday=1)
    book_with(counsellor, german, 10, "de", "ayse@example.net")
    client.force_login(lead_user)
    with translation.override("de"):
        url = reverse("desk:statistics")
    response = client.get(f"{url}?kind=month&day=2026-12-15&export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].count(";") == 2
    assert "Gebuchte Termine;1;0" in lines
    assert "ayse@example.net" not in text


def test_a_wrong_period_gives_no_csv_but_the_page(client, lead_user):
    client.force_login(lead_user)
    response = client.get(f"{_url()}?kind=custom&first=2026-03-10&last=2026-03-01&export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
