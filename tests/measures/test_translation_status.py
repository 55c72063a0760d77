"""Translation status: a change of the German text marks the other languages'
texts as possibly out of date until the editors update or confirm them."""

import pytest
from django.contrib.admin.sites import site
from django.forms.models import model_to_dict
from django.test import RequestFactory

from integration_portal.models import LogEntry
from measures import services
from measures.forms import MeasureForm
from measures.models import Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(make_measure):
    return make_measure(
        "Sprachcafé",
        title_en="Language café",
        description_en="Talk in German.",
        description_tr="Almanca konuşun.",
    )


def test_a_new_measure_has_nothing_to_check(translated):
    assert translated.translations_to_check == []


def test_changing_the_german_text_marks_the_languages_with_a_text(translated):
    measure = Measure.objects.get(pk=translated.pk)
    measure.description_de = "Neue Beschreibung"
    measure.save()
    assert Measure.objects.get(pk=measure.pk).translations_to_check == ["en", "tr"]


def test_other_changes_mark_nothing(translated):
    measure = Measure.objects.get(pk=translated.pk)
    measure.cost_note = "mit Bonuscard"
    measure.save()
    assert Measure.objects.get(pk=measure.pk).translations_to_check == []


def test_a_translation_changed_together_with_the_german_text_counts_as_updated(translated):
    measure = Measure.objects.get(pk=translated.pk)
    measure.summary_de = "Neu"
    measure.description_en = "Talk in German, now weekly."
    measure.save(update_fields=["summary_de", "description_en"])
    assert Measure.objects.get(pk=measure.pk).translations_to_check == ["tr"]
    # Updating the Turkish text later clears its mark too.
    measure = Measure.objects.get(pk=translated.pk)
    measure.description_tr = "Almanca konuşun, her hafta."
    measure.save()
    assert Measure.objects.get(pk=measure.pk).translations_to_check == []


def test_approved_changes_of_an_editor_mark_the_translations(translated, editor_a, staff_user):

    measure = Measure.objects.get(pk=translated.pk)
    form = MeasureForm(instance=measure)
    data = {
        name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None
    }
    data.update(
        {
            "description_de": "Geänderte Beschreibung",
            "life_domains": [domain.pk for domain in measure.life_domains.all()],
            "districts": [district.pk for district in measure.districts.all()],
            "languages": [language.pk for language in measure.languages.all()],
        }
    )
    form = MeasureForm(data, instance=measure)
    assert form.is_valid(), form.errors
    revision = services.save_editor_changes(form, editor_a)
    # Waiting for review: the published texts and their status are unchanged.
    assert Measure.objects.get(pk=measure.pk).translations_to_check == []
    services.approve(measure, revision.number, staff_user)
    assert Measure.objects.get(pk=measure.pk).translations_to_check == ["en", "tr"]


def test_staff_changing_the_german_text_in_the_admin_mark_the_translations(translated, superuser):
    model_admin = site._registry[Measure]
    request = RequestFactory().post("/")
    request.user = superuser
    measure = model_admin.get_object(request, str(translated.pk))
    form_class = model_admin.get_form(request, measure, change=True)
    data = {
        name: value
        for name, value in model_to_dict(measure, fields=form_class.base_fields).items()
        if value not in (None, False)
    }
    form = form_class({**data, "title_de": "Sprachcafé am Abend"}, instance=measure)
    assert form.is_valid(), form.errors
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    assert Measure.objects.get(pk=measure.pk).translations_to_check == ["en", "tr"]


def _outdated(measure):
    measure = Measure.objects.get(pk=measure.pk)
    measure.description_de = "Neue Beschreibung"
    measure.save()
    return measure


def test_readers_of_a_marked_language_see_the_mark(client, translated):
    measure = _outdated(translated)
    note = "This translation may be out of date."
    assert note in client.get(f"/en/measures/{measure.slug}/").content.decode()
    assert note in client.get("/en/measures/").content.decode()
    # German readers read the changed text itself; Arabic ones read German anyway.
    assert (
        "möglicherweise nicht mehr aktuell"
        not in client.get(f"/de/measures/{measure.slug}/").content.decode()
    )
    arabic = client.get(f"/ar/measures/{measure.slug}/").context["measure"]
    assert not arabic.translation_may_be_outdated


def test_the_partner_area_shows_what_to_check_and_confirms_it(client, translated, editor_a):
    measure = _outdated(translated)
    client.force_login(editor_a)
    page = client.get(f"/en/partner-area/{measure.pk}/").content.decode()
    assert "Translations to check" in page
    assert "/translations/tr/confirm/" in page
    index = client.get("/en/partner-area/").content.decode()
    assert "Translations to check:" in index
    response = client.post(f"/en/partner-area/{measure.pk}/translations/tr/confirm/")
    assert response.status_code == 302
    assert Measure.objects.get(pk=measure.pk).translations_to_check == ["en"]
    assert LogEntry.objects.filter(action="measure.translation_confirmed").count() == 1
    # Readers of Turkish no longer see the mark, readers of English still do.
    client.logout()
    assert (
        not client.get(f"/tr/measures/{measure.slug}/")
        .context["measure"]
        .translation_may_be_outdated
    )
    assert (
        client.get(f"/en/measures/{measure.slug}/").context["measure"].translation_may_be_outdated
    )


def test_confirming_a_language_not_waiting_says_so(client, translated, editor_a):
    measure = _outdated(translated)
    client.force_login(editor_a)
    response = client.post(f"/en/partner-area/{measure.pk}/translations/xx/confirm/", follow=True)
    assert response.status_code == 200
    assert "This translation is not waiting to be checked." in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).translations_to_check == ["en", "tr"]
