"""Childcare with the children's ages, German level and course type."""

import pytest
from django.urls import reverse
from django.utils import translation

from measures.models import Measure

from .test_review import measure_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_detail_page_shows_ages_level_and_course_type(client, make_measure):
    measure = make_measure(
        "Integrationskurs für Eltern",
        childcare=True,
        childcare_age_from=1,
        childcare_age_to=3,
        childcare_on_site=True,
        german_level_needed="A1",
        german_level_reached="B1",
        course_type=Measure.CourseType.INTEGRATION_PARENTS,
    )
    html = client.get(f"/en/measures/{measure.slug}/").content.decode()
    assert "For children aged 1–3 years." in html
    assert "On site, during the sessions." in html
    assert "Level needed: A1" in html
    assert "Level reached at the end: B1" in html
    assert "Integration course for parents" in html
    catalogue = client.get("/en/measures/").content.decode()
    assert "With childcare (1–3 years)" in catalogue
    assert "German A1 to B1" in catalogue


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"childcare": "", "childcare_age_from": "1"},
            "childcare",
            "Tick “childcare offered” for the ages of the children.",
        ),
        (
            {"childcare_age_from": "3", "childcare_age_to": "1"},
            "childcare_age_to",
            "The upper age must not be below the lower one.",
        ),
        (
            {"german_level_needed": "B1", "german_level_reached": "A2"},
            "german_level_reached",
            "The level reached must not be below the level needed.",
        ),
        ({"childcare_age_to": "40"}, "childcare_age_to", "at most 17"),
    ],
)
def test_contradicting_facts_get_a_clear_message(client, editor_a, fields, field, message):
    client.force_login(editor_a)
    response = client.post(
        reverse("measures:partner_measure_create", args=["partner-a"]),
        measure_form_data(**fields),
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
