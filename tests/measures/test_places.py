"""Places and registration: the figure, its age, the status, fast updates."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from integration_portal.audit import trail
from measures.models import Measure

from .test_review import current_form_data, measure_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_catalogue_shows_free_places_with_their_age(client, make_measure):
    make_measure(
        "Deutschkurs",
        capacity=12,
        places_free=4,
        places_updated_at=timezone.now() - timedelta(days=3),
        registration_status=Measure.RegistrationStatus.OPEN,
    )
    html = client.get("/en/measures/").content.decode()
    assert "4 places free (updated 3 days ago)" in html
    assert "Registration open" in html


def test_a_figure_older_than_two_weeks_says_ask_the_provider(client, make_measure):
    measure = make_measure(
        "Deutschkurs",
        capacity=12,
        places_free=4,
        places_updated_at=timezone.now() - timedelta(days=15),
    )
    html = client.get(f"/en/measures/{measure.slug}/").content.decode()
    assert "Free places: please ask the provider" in html
    assert "4 places free" not in html


def test_a_full_course_shows_no_figure(make_measure):
    measure = make_measure(
        "Deutschkurs",
        places_free=0,
        places_updated_at=timezone.now(),
        registration_status=Measure.RegistrationStatus.FULL,
    )
    assert measure.places_note() == ""
    measure.registration_status = Measure.RegistrationStatus.WAITING_LIST
    assert measure.places_note() == "0 places free (updated today)"


def test_the_database_refuses_more_places_free_than_places(make_measure):
    with pytest.raises(IntegrityError):
        make_measure("Deutschkurs", capacity=5, places_free=6)


def test_editors_are_told_when_places_free_exceed_the_places(client, editor_a):
    client.force_login(editor_a)
    data = measure_form_data(capacity="5", places_free="6")
    response = client.post(reverse("measures:partner_measure_create", args=["partner-a"]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There cannot be more places free than the 5 places in all." in html
    assert 'value="6"' in html


def test_places_and_status_of_a_published_measure_change_without_review(
    client, editor_a, make_measure
):
    measure = make_measure("Deutschkurs", capacity=12, places_free=4)
    client.force_login(editor_a)
    data = current_form_data(measure)
    data.update(places_free="2", registration_status="waiting_list", title_de="Neuer Titel")
    client.post(reverse("measures:partner_measure_edit", args=[measure.pk]), data)
    measure.refresh_from_db()
    assert (measure.places_free, measure.registration_status) == (2, "waiting_list")
    assert timezone.now() - measure.places_updated_at < timedelta(minutes=1)
    assert measure.title_de == "Deutschkurs"
    assert measure.waiting_revision.values == {"title_de": "Neuer Titel"}
    assert "measure.places_updated" in [entry.action for entry in trail(measure)]


def test_only_places_changed_sends_nothing_to_review(client, editor_a, make_measure):
    measure = make_measure("Deutschkurs", capacity=12, places_free=4)
    client.force_login(editor_a)
    data = current_form_data(measure)
    data["places_free"] = "3"
    client.post(reverse("measures:partner_measure_edit", args=[measure.pk]), data)
    measure.refresh_from_db()
    assert measure.places_free == 3
    assert measure.waiting_revision is None
