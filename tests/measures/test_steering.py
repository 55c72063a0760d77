"""The steering overview: supply weighted by places and hours, the demand
registered beside it, the partners' freshness and the district map."""

import csv
import io
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from integration_portal import demand
from integration_portal.models import District, LifeDomain
from measures import steering
from measures.demand import unanswered_search_counts
from measures.models import BERLIN, Measure, Schedule, UnansweredSearch
from tests.factories import make_partner

pytestmark = pytest.mark.django_db

NOW = datetime.combine(date(2027, 3, 1), time(8), tzinfo=BERLIN)


def _single(measure: Measure, day: date, start: int, end: int) -> Schedule:
    return Schedule.objects.create(
        measure=measure,
        kind=Schedule.Kind.SINGLE,
        valid_from=day,
        valid_until=day,
        start_time=time(start),
        end_time=time(end, 30),
    )


@pytest.fixture
def supply(make_measure) -> dict[str, Measure]:
    course = make_measure(
        "Integrationskurs", domains=("language",), districts=("mitte", "ost"), capacity=20
    )
    # Two sessions of 2.5 hours in the next 30 days, one after them.
    for days in (2, 5, 40):
        _single(course, NOW.date() + timedelta(days=days), 9, 11)
    # Ten daily sessions of an hour and a half, no holiday skipped.
    Schedule.objects.create(
        measure=course,
        kind=Schedule.Kind.WEEKLY,
        weekdays=list(range(7)),
        valid_from=NOW.date() + timedelta(days=1),
        valid_until=NOW.date() + timedelta(days=10),
        start_time=time(18),
        end_time=time(19, 30),
        skips_public_holidays=False,
    )
    evening = make_measure("Infoabend", domains=("language",), districts=("mitte",), capacity=5)
    _single(evening, NOW.date() + timedelta(days=3), 19, 20)
    counselling = make_measure("Beratung", domains=("language", "work"), districts=("mitte",))
    Schedule.objects.create(
        measure=counselling, kind=Schedule.Kind.APPOINTMENT, valid_from=NOW.date()
    )
    make_measure("Entwurf", domains=("language",), districts=("mitte",), status="draft", capacity=9)
    return {"course": course, "evening": evening, "counselling": counselling}


def _cell(rows, domain: str, district: str) -> steering.HeatCell:
    row = next(row for row in rows if row.district and row.district.slug == district)
    return next(cell for cell in row.cells if cell.domain.slug == domain)


def test_supply_counts_listings_places_and_hours_of_the_next_30_days(supply):
    data = steering.supply_data(now=NOW)
    domains, districts = list(LifeDomain.objects.all()), list(District.objects.all())
    rows, _scale = steering.heat_rows(data, domains, districts, "hours")
    mitte = _cell(rows, "language", "mitte").supply
    # 2 × 2.5 + 10 × 1.5 hours of the course, 1.5 of the evening.
    assert (mitte.listings, mitte.places, mitte.hours) == (3, 25, 22)
    assert (mitte.without_places, mitte.without_hours) == (1, 1)
    ost = _cell(rows, "language", "ost").supply
    assert (ost.listings, ost.places, ost.hours) == (1, 20, 20)
    assert _cell(rows, "work", "mitte").value == 0
    assert _cell(rows, "work", "mitte").supply.listings == 1
    assert _cell(rows, "language", "mitte").value == 22


def test_supply_equals_the_real_counts_in_every_cell(supply, make_measure):
    make_measure("Zweiter Kurs", domains=("work", "family"), districts=("ost", "west"), capacity=7)
    data = steering.supply_data(now=NOW)
    domains, districts = list(LifeDomain.objects.all()), list(District.objects.all())
    rows, _scale = steering.heat_rows(data, domains, districts, "places")
    for row in rows[:-1]:
        for cell in row.cells:
            visible = Measure.objects.visible().filter(
                pk__in=Measure.objects.filter(
                    life_domains=cell.domain, districts=row.district
                ).values("pk")
            )
            assert cell.supply.listings == visible.count()
            assert cell.value == (visible.aggregate(places=Sum("capacity"))["places"] or 0)


def test_each_cell_links_to_the_catalogue_filtered_to_it(client, staff_user, supply):
    client.force_login(staff_user)
    page = client.get(reverse("dashboard:matrix")).content.decode()
    link = f"{reverse('measures:catalogue')}?domain=language&amp;district=mitte"
    assert f'href="{link}">3</a>' in page
    catalogue = client.get(link.replace("&amp;", "&"))
    assert catalogue.status_code == 200
    assert "3 Angebote" in catalogue.content.decode()


def test_the_page_says_which_measures_the_hours_leave_out(client, staff_user, supply):
    client.force_login(staff_user)
    page = client.get(reverse("dashboard:matrix"), {"figure": "hours"}).content.decode()
    assert "Stunden in den nächsten 30 Tagen" in page
    assert "1 Angebot hat keine Zeiten mit Beginn und Ende und wird nicht gezählt." in page


def test_an_unknown_choice_falls_back_with_a_message(client, staff_user, supply):
    client.force_login(staff_user)
    response = client.get(reverse("dashboard:matrix"), {"figure": "euros", "map": "x"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Eine Auswahl in der Adresse ist unbekannt" in page
    assert '<option value="listings" selected>' in page


# Demand -------------------------------------------------------------------------


@pytest.fixture
def fake_source():
    """A source as another app would register it, removed after the test."""
    ids = {}

    def counts(first_day: date, end: date):
        language = LifeDomain.objects.get(slug="language").pk
        ost = District.objects.get(slug="ost").pk
        found = [
            demand.DemandCount(month=date(2026, 11, 1), count=4, life_domain_id=language),
            demand.DemandCount(
                month=date(2026, 12, 1), count=3, life_domain_id=language, district_id=ost
            ),
            demand.DemandCount(month=date(2026, 5, 1), count=2, category="=cmd"),
            demand.DemandCount(month=date(2020, 1, 1), count=99),
        ]
        ids["asked"] = (first_day, end)
        return [count for count in found if first_day <= count.month < end]

    demand.register(demand.DemandSource(key="waiting", label="Warteliste", counts=counts))
    yield ids
    demand._sources.pop("waiting")


def test_demand_of_every_registered_source_per_quarter_domain_and_district(fake_source):
    gathered = steering.gather_demand(today=date(2026, 12, 15))
    assert gathered.quarters[0] == date(2025, 1, 1)
    assert gathered.quarters[-1] == date(2026, 10, 1)
    assert fake_source["asked"] == (date(2025, 1, 1), date(2027, 1, 1))
    source = next(source for source in gathered.sources if source.key == "waiting")
    assert source.by_quarter == [0, 0, 0, 0, 0, 2, 0, 7]
    language = LifeDomain.objects.get(slug="language").pk
    ost = District.objects.get(slug="ost").pk
    assert source.by_domain == {language: 7, None: 2}
    assert source.by_district == {None: 6, ost: 3}
    assert source.by_cell == {(language, ost): 3}


def test_the_overview_shows_demand_beside_supply_with_a_trend(
    client, staff_user, fake_source, make_measure
):
    make_measure("Sprachcafé", domains=("language",), districts=("ost",))
    client.force_login(staff_user)
    page = client.get(reverse("dashboard:matrix")).content.decode()
    assert "Warteliste" in page
    assert "Suchen ohne Ergebnis" in page
    assert "nur 30 Tage aufbewahrt: Ihr Verlauf zeigt nur die letzten Wochen." in page
    assert re.search(r"<title[^>]*>Warteliste pro Quartal, \d+ insgesamt", page)
    attributed = page[page.index("Wo Lebensbereich und Stadtbezirk genannt sind") :]
    table = attributed[: attributed.index("</table>")]
    # One column per registered source (other apps register theirs too), then listings.
    headers = re.findall(r'<th scope="col" class="kern-table__header">([^<]*)</th>', table)
    row = re.search(r"Sprache</th>\s*<td[^>]*>Ost</td>(.*?)</tr>", table, re.S).group(1)
    values = dict(
        zip(headers[2:], re.findall(r'<td class="kern-table__cell[^"]*">(\d+)', row), strict=True)
    )
    # Searches without results name none there, the waiting list 3; one listing.
    assert values["Suchen ohne Ergebnis"] == "0"
    assert values["Warteliste"] == "3"
    assert values[headers[-1]] == "1"


def test_demand_csv_lists_each_count_with_quarter_and_place(client, staff_user, fake_source):
    client.force_login(staff_user)
    response = client.get(reverse("dashboard:demand_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Quelle"
    waiting = [row for row in rows[1:] if row[0] == "Warteliste"]
    ost = next(row for row in waiting if row[4] == "Ost")
    assert ost[1:4] == ["2026-Q4", "2026-12", "Sprache"]
    assert ost[-1] == "3"
    # A category that a spreadsheet would run as a formula is defused.
    assert any(row[6] == "'=cmd" for row in waiting)


def test_searches_without_results_count_where_their_words_name_domain_or_district():
    today = timezone.localdate()
    for text, times in [
        ("deutschkurs bad cannstatt", 3),
        ("sprache zuffenhausen", 2),
        ("xyzzy", 4),
    ]:
        UnansweredSearch.objects.create(query=text, day=today, count=times)
    first = today.replace(day=1)
    counts = unanswered_search_counts(first, today + timedelta(days=1))
    language = LifeDomain.objects.get(slug="language").pk
    by_place = {(count.life_domain_id, count.district_id): count.count for count in counts}
    assert by_place == {
        (None, District.objects.get(slug="bad-cannstatt").pk): 3,
        (language, District.objects.get(slug="zuffenhausen").pk): 2,
        (None, None): 4,
    }
    assert {count.month for count in counts} == {first}


def test_the_catalogue_registers_its_searches_as_demand():
    assert "unanswered-searches" in [source.key for source in demand.sources()]


# Freshness -----------------------------------------------------------------------


def test_freshness_shares_per_partner_with_the_stale_first(client, staff_user, make_measure):
    long_ago = timezone.now() - timedelta(days=200)
    fresh = make_measure("Frisch")
    stale = make_measure("Alt")
    Measure.objects.filter(pk=stale.pk).update(created_at=long_ago, checked_at=long_ago)
    confirmed = make_measure("Bestätigt")
    Measure.objects.filter(pk=confirmed.pk).update(
        created_at=long_ago, checked_at=timezone.now() - timedelta(days=10)
    )
    other = make_partner(name="Zeta Verein")
    forgotten = make_measure("Vergessen", provider=other)
    Measure.objects.filter(pk=forgotten.pk).update(created_at=long_ago, checked_at=None)
    empty = make_partner(name="Alpha ohne Angebote")
    rows = {row.partner.pk: row for row in steering.partner_freshness()}
    assert (rows[fresh.provider_id].measures, rows[fresh.provider_id].confirmed) == (3, 2)
    assert rows[fresh.provider_id].share == 67
    assert (rows[other.pk].measures, rows[other.pk].share) == (1, 0)
    assert rows[empty.pk].measures == 0
    order = [row.partner.pk for row in steering.partner_freshness()]
    assert order.index(empty.pk) < order.index(other.pk) < order.index(fresh.provider_id)
    client.force_login(staff_user)
    page = client.get(reverse("dashboard:matrix")).content.decode()
    assert reverse("admin:partners_partner_change", args=[other.pk]) in page
    assert "67 %" in page
    assert "keine Angebote" in page


# District map --------------------------------------------------------------------

TILE = re.compile(
    r'<a class="dashboard__tile heat--(\d)" href="([^"]+)" data-district="([^"]+)" '
    r'data-value="(\d+)" data-level="(\d)" aria-label="([^"]+)">'
)
TABLE_ROW = re.compile(
    r'<tr class="kern-table__row" data-district="([^"]+)">\s*<th[^>]*>[^<]*</th>\s*'
    r'<td class="kern-table__cell">(\d+)</td>'
)
LEGEND = re.compile(r'<li data-level="(\d)" data-low="(\d+)" data-high="(\d+)">')


def _map(page: str) -> tuple[dict, dict, dict]:
    tiles = {match[2]: match for match in TILE.findall(page)}
    table = dict(TABLE_ROW.findall(page))
    legend = {int(level): (int(low), int(high)) for level, low, high in LEGEND.findall(page)}
    return tiles, table, legend


def test_every_district_has_a_tile():
    assert set(steering.DISTRICT_TILES) == set(District.objects.values_list("slug", flat=True))
    assert len(set(steering.DISTRICT_TILES.values())) == 23


@pytest.mark.parametrize("shown", ["supply", "demand"])
def test_the_maps_table_holds_the_numbers_its_colours_show(
    client, staff_user, supply, fake_source, shown
):
    client.force_login(staff_user)
    page = client.get(reverse("dashboard:matrix"), {"map": shown}).content.decode()
    tiles, table, legend = _map(page)
    assert len(tiles) == len(table) == 23
    for slug, (css_level, href, _slug, value, level, label) in tiles.items():
        assert table[slug] == value
        assert css_level == level
        low, high = legend[int(level)]
        assert low <= int(value) <= high
        name = District.objects.get(slug=slug).name
        assert label == f"{name}: {value}"
        assert href.endswith(f"?district={slug}")
    if shown == "supply":
        assert table["mitte"] == "3"
        assert tiles["mitte"][4] == "4"
        assert table["west"] == "0"
        assert tiles["west"][4] == "0"
    else:
        assert table["ost"] == "3"


def test_dashboard_queries_stay_flat_from_5_to_60_measures(
    client, staff_user, make_measure, fake_source, django_assert_max_num_queries
):
    def add(count: int) -> None:
        for number in range(count):
            measure = make_measure(
                f"Angebot {number}", domains=("work", "family"), districts=("ost", "west")
            )
            _single(measure, timezone.localdate() + timedelta(days=3), 9, 10)

    client.force_login(staff_user)
    add(5)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("dashboard:matrix"), {"figure": "hours"})
    add(55)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("dashboard:matrix"), {"figure": "hours"})
    assert "60 Angebote sind im Katalog sichtbar." in response.content.decode()


@pytest.mark.parametrize("maximum", [1, 2, 3, 7, 40, 1000])
def test_each_number_falls_in_exactly_the_legend_step_of_its_shade(maximum):
    scale = steering.Scale(maximum)
    steps = scale.steps
    for value in range(maximum + 1):
        holding = [step.level for step in steps if step.low <= value <= step.high]
        assert holding == [scale.level(value)]
    assert scale.level(maximum) == steering.HEAT_LEVELS
