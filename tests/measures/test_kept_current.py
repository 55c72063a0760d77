"""Partners keep their measures current: one-click confirmation, "checked on",
"may be out of date" after six months."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from measures.caching import invalidate_catalogue
from measures.models import Measure

from .test_review import current_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _age(measure: Measure, days: int) -> None:
    moment = timezone.now() - timedelta(days=days)
    Measure.objects.filter(pk=measure.pk).update(checked_at=moment, created_at=moment)
    # Time passing changes the day in the page cache's key; here the cache is told.
    invalidate_catalogue()


def test_an_editor_confirms_a_measure_in_one_click(client, editor_a, make_measure):
    measure = make_measure("Sprachcafé")
    _age(measure, 200)
    client.force_login(editor_a)
    response = client.post(
        reverse("measures:partner_measure_confirm", args=[measure.pk]), follow=True
    )
    assert "marked as checked today" in response.content.decode()
    measure.refresh_from_db()
    assert timezone.now() - measure.checked_at < timedelta(minutes=1)
    assert not measure.may_be_outdated()


def test_a_draft_cannot_be_confirmed(client, editor_a, make_measure):
    draft = make_measure("Entwurf", status=Measure.Status.DRAFT)
    client.force_login(editor_a)
    response = client.post(
        reverse("measures:partner_measure_confirm", args=[draft.pk]), follow=True
    )
    assert "Only a published measure can be confirmed." in response.content.decode()
    draft.refresh_from_db()
    assert draft.checked_at is None


def test_the_public_page_says_when_it_was_checked_and_warns_after_six_months(client, make_measure):
    measure = make_measure("Sprachcafé")
    _age(measure, 170)
    html = client.get(f"/en/measures/{measure.slug}/").content.decode()
    assert "Checked by the provider on" in html
    assert "may be out of date" not in html
    _age(measure, 181)
    html = client.get(f"/en/measures/{measure.slug}/").content.decode()
    assert "This information may be out of date" in html


def test_updating_places_counts_as_a_check(client, editor_a, make_measure):
    measure = make_measure("Deutschkurs", capacity=10, places_free=5)
    _age(measure, 200)
    client.force_login(editor_a)
    data = current_form_data(measure)
    data["places_free"] = "4"
    client.post(reverse("measures:partner_measure_edit", args=[measure.pk]), data)
    measure.refresh_from_db()
    assert not measure.may_be_outdated()


def test_staff_list_the_measures_that_may_be_out_of_date(client, staff_user, make_measure):
    stale = make_measure("Lange nicht geprüft")
    _age(stale, 200)
    _age(make_measure("Kürzlich geprüft"), 20)
    client.force_login(staff_user)
    response = client.get(reverse("admin:measures_measure_changelist") + "?checked=outdated")
    assert [measure.title_de for measure in response.context["cl"].result_list] == [
        "Lange nicht geprüft"
    ]
