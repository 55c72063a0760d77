"""Partner profiles edited by their editors go through the department's review,
like measures: the published profile stays until staff approve the revision
they read; refused changes come back to the editors with the reason."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from integration_portal.audit import trail
from integration_portal.models import District, LifeDomain
from partners import services
from partners.forms import PartnerProfileForm
from partners.models import Partner
from partners.revisions import RevisionOutdated, TransitionNotAllowed

pytestmark = pytest.mark.django_db


def profile_data(partner: Partner, **changes) -> dict:
    """The profile form as it arrives when the editor changes only `changes`."""
    data = {}
    for name, value in PartnerProfileForm(instance=partner).initial.items():
        if isinstance(value, list):
            data[name] = [item.pk for item in value]
        elif value is not None:
            data[name] = str(value)
    return {**data, **changes}


def edit_profile(client, partner: Partner, **changes):
    url = reverse("partner_profiles:edit", args=[partner.slug])
    return client.post(url, profile_data(partner, **changes))


def shown_revision(client, partner: Partner) -> str:
    page = client.get(reverse("review:partner", args=[partner.pk])).content.decode()
    return re.findall(r'name="revision" value="(\d+)"', page)[0]


def decide(client, partner: Partner, action: str, **data):
    data["revision"] = shown_revision(client, partner)
    return client.post(reverse(f"review:{action}", args=[partner.pk]), data)


@pytest.fixture
def staff(staff_user) -> Client:
    client = Client()
    client.force_login(staff_user)
    return client


def test_a_profile_change_waits_for_review_and_the_published_profile_stays(
    client, editor_a, partner_a, staff
):
    client.force_login(editor_a)
    response = edit_profile(client, partner_a, description_de="Wir beraten Familien.")
    assert response.status_code == 302
    partner_a.refresh_from_db()
    assert partner_a.description_de == ""
    assert (
        "Wir beraten Familien." not in Client().get(partner_a.get_absolute_url()).content.decode()
    )

    queue = staff.get(reverse("review:queue")).content.decode()
    assert reverse("review:partner", args=[partner_a.pk]) in queue
    review = staff.get(reverse("review:partner", args=[partner_a.pk])).content.decode()
    assert "<ins>Wir beraten Familien.</ins>" in review

    decide(staff, partner_a, "partner_publish")
    partner_a.refresh_from_db()
    assert partner_a.description_de == "Wir beraten Familien."
    assert "Wir beraten Familien." in Client().get(partner_a.get_absolute_url()).content.decode()
    assert [entry.action for entry in trail(partner_a)] == [
        "partner.profile_approved",
        "partner.profile_submitted",
    ]


def test_editors_cannot_change_sector_or_visibility_through_the_profile(
    client, editor_a, partner_a, staff
):
    client.force_login(editor_a)
    edit_profile(client, partner_a, description_de="Neu", is_public="", sector="business")
    decide(staff, partner_a, "partner_publish")
    partner_a.refresh_from_db()
    assert (partner_a.description_de, partner_a.is_public, partner_a.sector) == (
        "Neu",
        True,
        "civil-society",
    )


def test_a_profile_with_a_bad_website_keeps_what_was_typed(client, editor_a, partner_a):
    client.force_login(editor_a)
    response = edit_profile(client, partner_a, description_de="Neuer Text", website="kein link")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler:" in page
    assert "Neuer Text" in page
    assert not partner_a.revisions.exists()


def test_changes_sent_back_come_back_to_the_editor_with_the_reason(
    client, editor_a, partner_a, staff
):
    client.force_login(editor_a)
    mitte = District.objects.get(slug="mitte")
    work = LifeDomain.objects.get(slug="work")
    edit_profile(
        client, partner_a, website="https://neu.example", district=mitte.pk, life_domains=[work.pk]
    )
    review = staff.get(reverse("review:partner", args=[partner_a.pk])).content.decode()
    assert "<ins>Mitte</ins>" in review
    decide(staff, partner_a, "partner_send_back", comment="Die Adresse stimmt nicht.")
    partner_a.refresh_from_db()
    assert (partner_a.website, partner_a.district) == ("", None)
    assert not Partner.objects.awaiting_review().exists()

    page = client.get(reverse("partner_profiles:edit", args=[partner_a.slug])).content.decode()
    assert "Die Adresse stimmt nicht." in page
    assert 'value="https://neu.example"' in page


def test_staff_cannot_approve_profile_changes_made_after_they_opened_them(
    client, editor_a, partner_a, staff
):
    client.force_login(editor_a)
    edit_profile(client, partner_a, description_de="Erste Fassung")
    read = shown_revision(staff, partner_a)
    partner_a.refresh_from_db()
    edit_profile(client, partner_a, description_de="Zweite Fassung mit Werbung")

    response = staff.post(
        reverse("review:partner_publish", args=[partner_a.pk]), {"revision": read}
    )
    partner_a.refresh_from_db()
    assert partner_a.description_de == ""
    page = staff.get(response["Location"]).content.decode()
    assert "<ins>Zweite Fassung mit Werbung</ins>" in page
    with pytest.raises(RevisionOutdated):
        services.approve_profile(partner_a, read, None)


def test_editing_back_to_the_published_profile_withdraws_the_changes(client, editor_a, partner_a):
    client.force_login(editor_a)
    edit_profile(client, partner_a, description_de="Entwurf")
    assert Partner.objects.awaiting_review().exists()
    partner_a.refresh_from_db()
    edit_profile(client, partner_a, description_de="")
    assert not Partner.objects.awaiting_review().exists()
    assert partner_a.revisions.get().status == "withdrawn"


def test_an_editor_withdraws_her_profile_changes(client, editor_a, partner_a):
    client.force_login(editor_a)
    edit_profile(client, partner_a, description_de="Entwurf")
    client.post(reverse("partner_profiles:withdraw", args=[partner_a.slug]))
    assert not Partner.objects.awaiting_review().exists()
    with pytest.raises(TransitionNotAllowed):
        services.withdraw_profile_changes(partner_a, editor_a)


def test_another_partners_editor_cannot_withdraw_or_edit(client, editor_b, partner_a, editor_a):
    editor = Client()
    editor.force_login(editor_a)
    edit_profile(editor, partner_a, description_de="Entwurf")
    client.force_login(editor_b)
    assert (
        client.post(reverse("partner_profiles:withdraw", args=[partner_a.slug])).status_code == 404
    )
    assert edit_profile(client, partner_a, description_de="Fremd").status_code == 404
    assert partner_a.revisions.get().values == {"description_de": "Entwurf"}


def test_the_editor_sees_the_history_of_her_profile_without_staff_names(
    client, editor_a, partner_a, staff
):
    client.force_login(editor_a)
    edit_profile(client, partner_a, description_de="Entwurf")
    decide(staff, partner_a, "partner_send_back", comment="Bitte kürzer.")
    page = client.get(reverse("partner_profiles:edit", args=[partner_a.slug])).content.decode()
    history = page[page.index('id="trail-heading"') :]
    assert "Bitte kürzer." in history
    assert "staff@example.org" not in page
