"""The HSDS 3.0 API: its answers validate against the vendored Open Referral
schemas, identifiers stay the same, pages follow the API reference."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from integration_portal.models import LifeDomain
from measures import hsds
from measures.models import Measure, Schedule

pytestmark = pytest.mark.django_db


def valid(name: str, data: dict) -> dict:
    errors = [error.message for error in hsds.validator(name).iter_errors(data)]
    assert errors == []
    return data


def valid_page(data: dict, item_schema: str) -> list[dict]:
    page = Draft202012Validator(hsds.page_schema(), format_checker=FormatChecker())
    assert list(page.iter_errors(data)) == []
    assert set(data) >= {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }
    for item in data["contents"]:
        valid(item_schema, item)
    return data["contents"]


@pytest.fixture
def course(make_measure):
    measure = make_measure(
        "Deutschkurs B1",
        domains=("language", "work"),
        districts=("mitte", "west"),
        languages=("de", "ar"),
        venue_name="Stadtteilhaus",
        venue_street="Hauptstraße 1",
        venue_postal_code="70173",
        is_free=False,
        cost_amount=Decimal("25.00"),
        cost_note="Ermäßigung möglich",
        contact_phone="0711 123456",
        contact_email="kurs@example.org",
        start_date=date(2027, 1, 11),
        end_date=date(2027, 3, 26),
    )
    Schedule.objects.create(
        measure=measure,
        kind=Schedule.Kind.WEEKLY,
        weekdays=[0, 2],
        start_time=time(9),
        end_time=time(11, 30),
        valid_from=date(2027, 1, 11),
        valid_until=date(2027, 3, 26),
    )
    Schedule.objects.create(
        measure=measure,
        kind=Schedule.Kind.SINGLE,
        start_time=time(18),
        valid_from=date(2027, 2, 1),
        valid_until=date(2027, 2, 1),
    )
    return measure


def test_identifiers_are_uuids_that_lead_back_to_their_object():
    text = hsds.hsds_id("service_area", 12345, 67)
    assert hsds.parse_hsds_id("service_area", text) == (12345, 67)
    assert hsds.hsds_id("service_area", 12345, 67) == text
    assert hsds.parse_hsds_id("service", text) is None
    assert hsds.parse_hsds_id("service", "not-a-uuid") is None
    assert hsds.parse_hsds_id("service", "8d6c2d7a-4b0f-4f0e-9b5e-2c1f3a4b5c6d") is None


def test_the_root_names_the_version_and_the_profile(client):
    data = client.get("/api/hsds/").json()
    assert data["version"] == "3.0.1"
    assert data["profile"].endswith("/de/info/open-data/#hsds")


def test_a_full_service_validates_and_carries_its_related_objects(client, course):
    service_id = hsds.hsds_id("service", course.pk)
    data = valid("service.json", client.get(f"/api/hsds/services/{service_id}").json())
    assert data["id"] == service_id
    assert data["name"] == "Deutschkurs B1"
    assert data["status"] == "active"
    assert data["organization"]["name"] == course.provider.name
    weekly = next(item for item in data["schedules"] if item.get("freq") == "WEEKLY")
    assert weekly["byday"] == "MO,WE"
    assert (weekly["opens_at"], weekly["closes_at"]) == ("09:00", "11:30")
    assert (weekly["valid_from"], weekly["valid_to"]) == ("2027-01-11", "2027-03-26")
    single = next(item for item in data["schedules"] if "freq" not in item)
    assert single["dtstart"] == "2027-02-01"
    assert sorted(area["name"] for area in data["service_areas"]) == ["Mitte", "West"]
    assert sorted(language["code"] for language in data["languages"]) == ["ar", "de"]
    assert sorted(item["taxonomy_term"]["code"] for item in data["attributes"]) == [
        "language",
        "work",
    ]
    assert data["cost_options"][0]["amount"] == 25.0
    address = data["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["postal_code"]) == ("Hauptstraße 1", "70173")


def test_the_service_list_is_paginated_as_the_reference_says(client, make_measure):
    for number in range(5):
        make_measure(f"Angebot {number}")
    make_measure("Entwurf", status=Measure.Status.DRAFT)
    first = client.get("/api/hsds/services?per_page=2").json()
    assert [first[key] for key in ("total_items", "total_pages", "page_number", "size")] == [
        5,
        3,
        1,
        2,
    ]
    assert (first["first_page"], first["last_page"], first["empty"]) == (True, False, False)
    last = client.get("/api/hsds/services?per_page=2&page=3").json()
    assert (last["size"], last["first_page"], last["last_page"]) == (1, False, True)
    names = [
        item["name"]
        for page in (1, 2, 3)
        for item in valid_page(
            client.get(f"/api/hsds/services?per_page=2&page={page}").json(), "service.json"
        )
    ]
    assert sorted(names) == [f"Angebot {number}" for number in range(5)]


def test_the_full_service_list_validates_in_a_flat_number_of_queries(
    client, course, make_measure, django_assert_max_num_queries
):
    for number in range(30):
        make_measure(f"Angebot {number}", languages=("de", "tr"), districts=("mitte", "ost"))
    with django_assert_max_num_queries(14):
        response = client.get("/api/hsds/services?full=true&per_page=100")
    contents = valid_page(response.json(), "service.json")
    assert len(contents) == 31
    assert all("organization" in item for item in contents)


def test_bad_page_parameters_get_a_clear_message(client):
    for query in ("page=0", "page=x", "per_page=100000", "modified_after=yesterday"):
        response = client.get(f"/api/hsds/services?{query}")
        assert response.status_code == 400
        assert response.json()["error"]


def test_services_filter_by_term_organization_and_change(client, course, make_measure, partner_b):
    other = make_measure("Sprechstunde", domains=("health",), provider=partner_b)
    term = hsds.hsds_id("taxonomy_term", LifeDomain.objects.get(slug="health").pk)
    names = lambda query: [  # noqa: E731 -- reads as the request it makes
        item["name"] for item in client.get(f"/api/hsds/services?{query}").json()["contents"]
    ]
    assert names(f"taxonomy_term_id={term}") == ["Sprechstunde"]
    assert names(f"organization_id={hsds.hsds_id('organization', partner_b.pk)}") == [
        "Sprechstunde"
    ]
    Measure.objects.filter(pk=other.pk).update(updated_at=timezone.now())
    Measure.objects.filter(pk=course.pk).update(updated_at=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert names(f"modified_after={since.replace('+', '%2B')}") == ["Sprechstunde"]


def test_organizations_validate_and_hide_partners_not_shown(client, partner_a, partner_b):
    partner_b.is_public = False
    partner_b.save()
    contents = valid_page(client.get("/api/hsds/organizations").json(), "organization.json")
    assert [item["name"] for item in contents] == [partner_a.name]
    own = client.get(f"/api/hsds/organizations/{hsds.hsds_id('organization', partner_a.pk)}")
    valid("organization.json", own.json())
    hidden = client.get(f"/api/hsds/organizations/{hsds.hsds_id('organization', partner_b.pk)}")
    assert hidden.status_code == 404


def test_drafts_and_unknown_identifiers_are_not_found(client, make_measure):
    draft = make_measure("Entwurf", status=Measure.Status.DRAFT)
    assert client.get(f"/api/hsds/services/{hsds.hsds_id('service', draft.pk)}").status_code == 404
    assert client.get("/api/hsds/services/nonsense").status_code == 404
    assert client.get(f"/api/hsds/services/{hsds.hsds_id('schedule', 1)}").status_code == 404


def test_service_at_locations_place_venues_and_online_measures(client, course, make_measure):
    online = make_measure(
        "Online-Beratung", is_online=True, registration_url="https://example.org/"
    )
    make_measure("Ohne Ort")
    contents = valid_page(
        client.get("/api/hsds/service_at_locations").json(), "service_at_location.json"
    )
    types = {item["service"]["name"]: item["location"]["location_type"] for item in contents}
    assert types == {"Deutschkurs B1": "physical", "Online-Beratung": "virtual"}
    one = client.get(
        f"/api/hsds/service_at_locations/{hsds.hsds_id('service_at_location', online.pk)}"
    )
    assert (
        valid("service_at_location.json", one.json())["location"]["url"] == "https://example.org/"
    )


def test_life_domains_are_the_taxonomy(client):
    taxonomies = valid_page(client.get("/api/hsds/taxonomies").json(), "taxonomy.json")
    assert len(taxonomies) == 1
    assert client.get(f"/api/hsds/taxonomies/{taxonomies[0]['id']}").json() == taxonomies[0]
    terms = valid_page(client.get("/api/hsds/taxonomy_terms").json(), "taxonomy_term.json")
    assert [term["code"] for term in terms] == list(
        LifeDomain.objects.order_by("order", "slug").values_list("slug", flat=True)
    )
    assert all(term["taxonomy_id"] == taxonomies[0]["id"] for term in terms)
    one = client.get(f"/api/hsds/taxonomy_terms/{terms[0]['id']}").json()
    assert valid("taxonomy_term.json", one) == terms[0]


def test_the_validator_refuses_a_service_without_its_required_fields():
    errors = list(hsds.validator("service.json").iter_errors({"id": hsds.hsds_id("service", 1)}))
    assert {error.message for error in errors} == {
        "'name' is a required property",
        "'status' is a required property",
    }
