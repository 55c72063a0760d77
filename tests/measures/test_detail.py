import json
import re
from datetime import date

import pytest
from icalendar import Calendar

from measures.models import Measure

pytestmark = pytest.mark.django_db


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def test_the_detail_page_shows_what_a_citizen_needs_to_act(client, make_measure):
    measure = make_measure(
        "Schwimmkurs für Frauen",
        title_en="Swimming course for women",
        venue_name="Hallenbad Mitte",
        venue_street="Königstraße 1",
        venue_postal_code="70173",
        childcare=True,
        registration_required=True,
        contact_email="info@example.org",
        is_free=False,
        cost_amount=25,
    )
    response = client.get(f"/en/measures/{measure.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Swimming course for women" in html
    assert (
        "https://www.openstreetmap.org/search?query=K%C3%B6nigstra%C3%9Fe+1%2C+70173+Stuttgart"
        in html
    )
    assert "Yes, childcare is offered." in html
    assert "25.00 euros" in html
    assert "Please register in advance." in html
    assert "mailto:info@example.org" in html
    assert "Partner A e. V." in html


def test_german_fallback_text_is_marked_as_german(client, make_measure):
    measure = make_measure("Sprachcafé")
    html = client.get(f"/en/measures/{measure.slug}/").content.decode()
    assert 'dir="auto" lang="de">Sprachcafé</h1>' in html


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Measure.Status.DRAFT},
        {"status": Measure.Status.SUBMITTED},
        {"status": Measure.Status.ARCHIVED},
        {"valid_until": date(2020, 1, 1)},
    ],
)
def test_invisible_measures_have_no_page_and_no_calendar(client, make_measure, fields):
    measure = make_measure(start_date=date(2030, 1, 1), **fields)
    assert client.get(f"/de/measures/{measure.slug}/").status_code == 404
    assert client.get(f"/de/measures/{measure.slug}/calendar.ics").status_code == 404


def test_a_course_is_described_as_course_with_an_instance(client, make_measure):
    measure = make_measure("Deutschkurs", format=Measure.Format.COURSE, start_date=date(2030, 3, 1))
    data = json_ld(client.get(f"/de/measures/{measure.slug}/"))
    assert data["@type"] == "Course"
    assert data["hasCourseInstance"]["startDate"] == "2030-03-01"
    assert data["provider"]["name"] == "Partner A e. V."


@pytest.mark.parametrize(
    ("measure_format", "schema_type"),
    [(Measure.Format.EVENT, "Event"), (Measure.Format.COUNSELLING, "GovernmentService")],
)
def test_events_and_counselling_have_their_schema_types(
    client, make_measure, measure_format, schema_type
):
    measure = make_measure(format=measure_format, start_date=date(2030, 3, 1))
    assert json_ld(client.get(f"/de/measures/{measure.slug}/"))["@type"] == schema_type


def test_structured_data_cannot_break_out_of_its_script(client, make_measure):
    measure = make_measure("</script><script>alert(1)</script>")
    response = client.get(f"/de/measures/{measure.slug}/")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(response)["name"] == "</script><script>alert(1)</script>"


def test_a_dated_measure_downloads_as_a_calendar_entry(client, make_measure):
    measure = make_measure(
        "Elterncafé",
        start_date=date(2030, 3, 1),
        end_date=date(2030, 3, 29),
        venue_street="Marktplatz 1",
    )
    response = client.get(f"/de/measures/{measure.slug}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{measure.slug}.ics"'
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Elterncafé"
    assert event.decoded("DTSTART") == date(2030, 3, 1)
    assert event.decoded("DTEND") == date(2030, 3, 30)
    assert "Marktplatz 1" in str(event["LOCATION"])


def test_an_ongoing_measure_has_no_calendar_file(client, make_measure):
    measure = make_measure(start_date=None)
    assert client.get(f"/de/measures/{measure.slug}/calendar.ics").status_code == 404
    assert "calendar.ics" not in client.get(f"/de/measures/{measure.slug}/").content.decode()
