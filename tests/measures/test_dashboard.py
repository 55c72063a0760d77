import csv
import io

import pytest
from django.urls import reverse

from integration_portal.models import District, LifeDomain
from measures.dashboard import build_matrix
from measures.models import Measure

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("editor_a", 403),
        ("editor_b", 403),
        ("counsellor", 403),
        ("lead", 403),
        ("staff", 200),
        ("superuser", 200),
    ],
)
@pytest.mark.parametrize("view", ["matrix", "matrix_csv", "demand_csv"])
def test_dashboard_answers_each_role_as_expected(client, role_users, view, role, expected):
    client.force_login(role_users[role])
    assert client.get(reverse(f"dashboard:{view}")).status_code == expected


@pytest.mark.parametrize("view", ["matrix", "matrix_csv", "demand_csv"])
def test_anonymous_visitors_are_sent_to_the_login_from_the_dashboard(client, view):
    response = client.get(reverse(f"dashboard:{view}"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.fixture
def measures(make_measure, yesterday) -> None:
    make_measure("Sprachcafé", domains=("language",), districts=("mitte", "ost"))
    make_measure(
        "Deutschkurs mit Kinderbetreuung",
        domains=("language", "family"),
        districts=("mitte",),
        languages=("de", "tr"),
        childcare=True,
    )
    make_measure("Online-Kurs", domains=("work",), districts=(), is_online=True, languages=("uk",))
    make_measure(
        "Kostenpflichtig",
        domains=("family",),
        districts=("mitte",),
        childcare=True,
        is_free=False,
        cost_amount=10,
    )
    # Not visible: none of these may count.
    make_measure("Entwurf", domains=("health",), districts=("mitte",), status="draft")
    make_measure("Archiviert", domains=("health",), districts=("ost",), status="archived")
    make_measure("Abgelaufen", domains=("health",), districts=("ost",), valid_until=yesterday)


def _real_count(domain: str, district: str) -> int:
    return (
        Measure.objects.visible()
        .filter(life_domains__slug=domain, districts__slug=district)
        .distinct()
        .count()
    )


def test_dashboard_counts_equal_the_visible_measures(measures):
    matrix = build_matrix()
    for row in matrix.rows:
        for district, count in zip(matrix.districts, row.cells, strict=True):
            assert count == _real_count(row.domain.slug, district.slug)
    rows = {row.domain.slug: row for row in matrix.rows}
    position = [district.slug for district in matrix.districts].index("mitte")
    assert rows["language"].cells[position] == 2
    assert rows["family"].cells[position] == 2
    assert sum(rows["health"].cells) == 0
    assert rows["work"].online == 1
    assert [language.code for language in rows["language"].languages] == ["de", "tr"]
    assert [language.code for language in rows["work"].languages] == ["uk"]
    childcare = {district.slug: count for district, count in matrix.free_with_childcare}
    assert childcare["mitte"] == 1
    assert childcare["ost"] == 0
    assert matrix.total == 4


def test_dashboard_marks_gaps_with_a_word_not_only_colour(client, staff_user, measures):
    client.force_login(staff_user)
    page = client.get(reverse("dashboard:matrix")).content.decode()
    assert "Steuerungsübersicht" in page
    assert 'dashboard__gap">0 <span class="dashboard__gap-label">Lücke</span>' in page
    assert "4 Angebote sind im Katalog sichtbar." in page


def test_dashboard_csv_holds_the_matrix_with_formulas_defused(client, staff_user, measures):
    District.objects.filter(slug="mitte").update(name="=HYPERLINK(1)")
    client.force_login(staff_user)
    response = client.get(reverse("dashboard:matrix_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    assert "'=HYPERLINK(1)" in header
    assert "=HYPERLINK(1)" not in header
    mitte = header.index("'=HYPERLINK(1)")
    language = LifeDomain.objects.get(slug="language")
    language_row = next(row for row in rows if row[0] == str(language.name))
    assert language_row[mitte] == "2"
    assert language_row[-1] == "de, tr"
    assert len(rows) == LifeDomain.objects.count() + 2
