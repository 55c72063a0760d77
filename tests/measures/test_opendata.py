import csv
import io

import pytest

from integration_portal.translation import ui_languages
from measures.models import Measure
from measures.opendata import FIELDS, csv_cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(make_measure, yesterday):
    return [
        make_measure(
            "Sprachcafé", domains=("language",), districts=("mitte",), languages=("de", "ar")
        ),
        make_measure('=HYPERLINK("http://evil")', domains=("work",), districts=("west",)),
        make_measure("Entwurf", status=Measure.Status.DRAFT),
        make_measure("Abgelaufen", valid_until=yesterday),
    ]


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_json_lists_visible_measures_with_the_documented_fields(client, measures):
    response = client.get("/api/measures.json")
    data = response.json()
    assert {m["title_de"] for m in data["measures"]} == {"Sprachcafé", '=HYPERLINK("http://evil")'}
    assert all(list(m) == FIELDS for m in data["measures"])
    cafe = next(m for m in data["measures"] if m["title_de"] == "Sprachcafé")
    assert cafe["life_domains"] == ["language"]
    assert sorted(cafe["languages"]) == ["ar", "de"]
    assert cafe["provider"] == "partner-a"
    assert cafe["url"].endswith(f"/de/measures/{cafe['slug']}/")


def test_json_carries_licence_and_attribution(client, measures):
    meta = client.get("/api/measures.json").json()["meta"]
    assert meta["licence"]["id"] == "dl-de/by-2-0"
    assert meta["licence"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
    assert meta["publisher"] == "Landeshauptstadt Stuttgart"
    assert meta["dataset_url"].endswith("/api/measures.json")
    assert "Landeshauptstadt Stuttgart" in meta["attribution"]


def test_open_data_takes_the_catalogue_filters(client, measures):
    data = client.get("/api/measures.json?district=west").json()
    assert [m["title_de"] for m in data["measures"]] == ['=HYPERLINK("http://evil")']
    rows = read_csv(client.get("/api/measures.csv?language=ar"))
    assert [row["title_de"] for row in rows] == ["Sprachcafé"]


def test_csv_has_the_same_fields_and_defuses_formulas(client, measures):
    response = client.get("/api/measures.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Link"] == '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'
    assert "Landeshauptstadt Stuttgart" in response["X-Attribution"]
    rows = read_csv(response)
    assert list(rows[0]) == FIELDS
    assert {row["title_de"] for row in rows} == {"Sprachcafé", '\'=HYPERLINK("http://evil")'}


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_csv_cells_that_look_like_formulas_are_quoted(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("url", ["/api/measures.json", "/api/measures.csv"])
def test_open_data_answers_conditional_requests(client, measures, url):
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    measures[0].title_de = "Sprachcafé neu"
    measures[0].save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize("query", ["domain=nothing", "date_from=2026-02-30", "q=%00", "page=x"])
def test_open_data_ignores_bad_parameters(client, measures, query):
    assert client.get(f"/api/measures.json?{query}").status_code == 200
    assert client.get(f"/api/measures.csv?{query}").status_code == 200


def test_the_sitemap_lists_visible_measures_in_every_language(client, measures):
    xml = client.get("/sitemap.xml").content.decode()
    visible, _evil, draft, expired = measures
    for language in ui_languages():
        assert f"/{language}/measures/{visible.slug}/</loc>" in xml
        assert f"/{language}/</loc>" in xml
    assert f"/measures/{draft.slug}/" not in xml
    assert f"/measures/{expired.slug}/" not in xml
