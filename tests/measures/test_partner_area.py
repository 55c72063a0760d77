import pytest
from django.urls import reverse
from django.utils import translation

from measures.models import Measure
from partners.models import PartnerMembership
from tests.factories import with_changes

from .test_review import current_form_data, measure_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_a(make_measure, partner_a) -> Measure:
    return make_measure("Entwurf von A", provider=partner_a, status=Measure.Status.DRAFT)


@pytest.fixture
def draft_b(make_measure, partner_b) -> Measure:
    return make_measure("Entwurf von B", provider=partner_b, status=Measure.Status.DRAFT)


def _urls(draft_a: Measure) -> dict[str, str]:
    return {
        "index": reverse("measures:partner_area"),
        "profile": reverse("partner_profiles:edit", args=["partner-a"]),
        "create": reverse("measures:partner_measure_create", args=["partner-a"]),
        "measure": reverse("measures:partner_measure", args=[draft_a.pk]),
        "edit": reverse("measures:partner_measure_edit", args=[draft_a.pk]),
    }


# Partner A's pages: only her editors reach them; everyone else learns nothing.
# The index answers everyone who is signed in, listing only their own partners.
ACCESS = {
    "index": {"editor_a": 200, "editor_b": 200, "counsellor": 200, "staff": 200},
    "profile": {"editor_a": 200, "editor_b": 404, "counsellor": 404, "staff": 404},
    "create": {"editor_a": 200, "editor_b": 404, "counsellor": 404, "staff": 404},
    "measure": {"editor_a": 200, "editor_b": 404, "counsellor": 404, "staff": 404},
    "edit": {"editor_a": 200, "editor_b": 404, "counsellor": 404, "staff": 404},
}


@pytest.mark.parametrize(
    ("view", "role", "expected"),
    [(view, role, status) for view, roles in ACCESS.items() for role, status in roles.items()],
)
def test_partner_area_pages_answer_each_role_as_expected(
    client, role_users, draft_a, view, role, expected
):
    client.force_login(role_users[role])
    response = client.get(_urls(draft_a)[view])
    assert response.status_code == expected


@pytest.mark.parametrize("view", ["index", "profile", "create", "measure", "edit"])
def test_anonymous_visitors_are_sent_to_the_login(client, draft_a, view):
    response = client.get(_urls(draft_a)[view])
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("action", ["partner_measure_submit", "partner_measure_archive"])
def test_editor_cannot_submit_or_archive_other_partners_measure(client, editor_b, draft_a, action):
    client.force_login(editor_b)
    response = client.post(reverse(f"measures:{action}", args=[draft_a.pk]))
    assert response.status_code == 404
    draft_a.refresh_from_db()
    assert draft_a.status == Measure.Status.DRAFT


def test_editor_cannot_edit_other_partners_measure(client, editor_b, draft_a):
    client.force_login(editor_b)
    url = reverse("measures:partner_measure_edit", args=[draft_a.pk])
    response = client.post(url, measure_form_data("Übernommen"))
    assert response.status_code == 404
    draft_a.refresh_from_db()
    assert draft_a.title_de == "Entwurf von A"


def test_editor_sees_only_her_partners_and_their_measures(client, editor_a, draft_a, draft_b):
    client.force_login(editor_a)
    page = client.get(reverse("measures:partner_area")).content.decode()
    assert "Partner A e. V." in page
    assert "Entwurf von A" in page
    assert "Partner B gGmbH" not in page
    assert "Entwurf von B" not in page


def test_a_user_without_membership_is_told_she_is_not_a_partners_editor(client, staff_user):
    client.force_login(staff_user)
    with translation.override("en"):
        response = client.get(reverse("measures:partner_area"))
    assert "not a member of any alliance partner" in response.content.decode()


def test_editor_creates_a_draft_that_the_public_does_not_see(client, editor_a, partner_a):
    client.force_login(editor_a)
    response = client.post(
        reverse("measures:partner_measure_create", args=[partner_a.slug]), measure_form_data()
    )
    measure = Measure.objects.get(title_de="Deutschkurs für Mütter")
    assert response["Location"] == reverse("measures:partner_measure", args=[measure.pk])
    assert measure.provider == partner_a
    assert measure.status == Measure.Status.DRAFT
    assert measure.slug == "deutschkurs-fur-mutter"
    assert client.get(measure.get_absolute_url()).status_code == 404


def test_a_measure_without_german_title_is_refused_with_the_input_kept(client, editor_a):
    client.force_login(editor_a)
    response = client.post(
        reverse("measures:partner_measure_create", args=["partner-a"]),
        measure_form_data(
            "", title_en="German for mothers", end_date="2030-01-01", start_date="2030-02-01"
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler:" in page
    assert 'href="#id_title_de"' in page
    assert "German for mothers" in page
    assert "Das Enddatum darf nicht vor dem Beginn liegen." in page
    assert not Measure.objects.exists()


def test_a_submitted_measure_cannot_be_edited_until_it_is_reviewed(client, editor_a, draft_a):
    client.force_login(editor_a)
    client.post(reverse("measures:partner_measure_submit", args=[draft_a.pk]))
    draft_a.refresh_from_db()
    assert draft_a.status == Measure.Status.SUBMITTED
    url = reverse("measures:partner_measure_edit", args=[draft_a.pk])
    response = client.post(url, measure_form_data("Während der Prüfung geändert"))
    assert response.status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.title_de == "Entwurf von A"


def test_editor_archives_her_measure(client, editor_a, make_measure):
    measure = make_measure("Altes Angebot")
    client.force_login(editor_a)
    client.post(reverse("measures:partner_measure_archive", args=[measure.pk]))
    measure.refresh_from_db()
    assert measure.status == Measure.Status.ARCHIVED
    assert client.get(measure.get_absolute_url()).status_code == 404


def test_partner_area_queries_stay_flat_as_measures_grow(
    client, editor_a, partner_a, partner_b, make_measure, django_assert_max_num_queries
):
    PartnerMembership.objects.create(partner=partner_b, user=editor_a)
    for number in range(30):
        make_measure(f"Angebot {number}", provider=partner_b if number % 2 else partner_a)
    client.force_login(editor_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("measures:partner_area"))
    assert response.content.decode().count("Angebot ") >= 30


def test_archiving_a_measure_drops_its_changes_from_the_review_queue(
    client, editor_a, make_measure
):
    measure = make_measure("Elterncafé")
    with_changes(measure, title_de="Elterncafé neu")
    assert Measure.objects.awaiting_review().filter(pk=measure.pk).exists()
    client.force_login(editor_a)
    client.post(reverse("measures:partner_measure_archive", args=[measure.pk]))
    measure.refresh_from_db()
    assert measure.status == Measure.Status.ARCHIVED
    assert measure.title_de == "Elterncafé"
    assert not Measure.objects.awaiting_review().filter(pk=measure.pk).exists()


def test_an_editor_withdraws_her_changes_and_the_published_version_stays(
    client, editor_a, make_measure
):
    measure = make_measure("Elterncafé")
    client.force_login(editor_a)
    data = {**current_form_data(measure), "title_de": "Elterncafé XXL"}
    client.post(reverse("measures:partner_measure_edit", args=[measure.pk]), data)
    page = client.get(reverse("measures:partner_measure", args=[measure.pk])).content.decode()
    assert "Meine Änderungen zurückziehen" in page

    client.post(reverse("measures:partner_measure_withdraw_changes", args=[measure.pk]))
    measure.refresh_from_db()
    assert measure.title_de == "Elterncafé"
    assert measure.open_changes() is None
    assert not Measure.objects.awaiting_review().exists()
    form = client.get(reverse("measures:partner_measure_edit", args=[measure.pk]))
    assert 'value="Elterncafé XXL"' not in form.content.decode()


def test_withdrawing_without_changes_says_there_is_nothing_to_withdraw(
    client, editor_a, make_measure
):
    measure = make_measure("Elterncafé")
    client.force_login(editor_a)
    response = client.post(
        reverse("measures:partner_measure_withdraw_changes", args=[measure.pk]), follow=True
    )
    page = response.content.decode()
    assert "Es gibt keine Änderungen, die zurückgezogen werden könnten." in page


def test_submitting_a_measure_twice_is_refused_with_a_message(client, editor_a, make_measure):
    measure = make_measure("Elterncafé", status=Measure.Status.DRAFT)
    client.force_login(editor_a)
    url = reverse("measures:partner_measure_submit", args=[measure.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert measure.revisions.count() == 1
    assert "Nur ein Entwurf kann zur Prüfung eingereicht werden." in response.content.decode()


def test_a_draft_saved_while_it_was_submitted_elsewhere_stays_submitted(
    client, editor_a, make_measure
):
    """The edit form was opened while the measure was a draft; a colleague
    submitted it meanwhile. Saving the form must not turn it back into a draft."""
    from measures import services
    from measures.forms import MeasureForm

    measure = make_measure("Elterncafé", status=Measure.Status.DRAFT)
    stale = Measure.objects.get(pk=measure.pk)
    services.submit_for_review(measure, editor_a)
    form = MeasureForm({**current_form_data(stale), "title_de": "Heimlich"}, instance=stale)
    assert form.is_valid()
    with pytest.raises(services.TransitionNotAllowed):
        services.save_editor_changes(form, editor_a)
    measure.refresh_from_db()
    assert (measure.status, measure.title_de) == ("submitted", "Elterncafé")


def test_archiving_asks_first_on_a_page_of_its_own(client, editor_a, make_measure):
    measure = make_measure("Altes Angebot")
    archive_url = reverse("measures:partner_measure_archive", args=[measure.pk])
    client.force_login(editor_a)
    measure_page = client.get(reverse("measures:partner_measure", args=[measure.pk]))
    assert f'href="{archive_url}"' in measure_page.content.decode()
    assert f'action="{archive_url}"' not in measure_page.content.decode()
    question = client.get(archive_url).content.decode()
    assert "Angebot archivieren?" in question
    assert "Ja, archivieren" in question
    measure.refresh_from_db()
    assert measure.status == Measure.Status.PUBLISHED


def test_an_archived_measure_is_not_asked_about_again(client, editor_a, make_measure):
    measure = make_measure("Altes Angebot", status=Measure.Status.ARCHIVED)
    client.force_login(editor_a)
    response = client.get(reverse("measures:partner_measure_archive", args=[measure.pk]))
    assert response["Location"] == reverse("measures:partner_measure", args=[measure.pk])


def test_the_editor_reads_her_changes_beside_the_published_version_while_they_wait(
    client, editor_a, make_measure
):
    measure = make_measure("Elterncafé")
    with_changes(measure, title_de="Elterncafé am Samstag")
    client.force_login(editor_a)
    page = client.get(reverse("measures:partner_measure", args=[measure.pk])).content.decode()
    assert "Ihre Änderungen in der Prüfung" in page
    assert "<del>Elterncafé</del>" in page
    assert "<ins>Elterncafé am Samstag</ins>" in page


def test_the_editor_reads_the_new_measure_she_submitted_while_it_waits(
    client, editor_a, make_measure
):
    measure = make_measure(
        "Elterncafé", status=Measure.Status.SUBMITTED, contact_email="cafe@verein.example"
    )
    client.force_login(editor_a)
    page = client.get(reverse("measures:partner_measure", args=[measure.pk])).content.decode()
    assert "Was Sie eingereicht haben" in page
    assert "cafe@verein.example" in page
