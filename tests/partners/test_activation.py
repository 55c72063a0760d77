"""A partner's activation and visibility change through one service that logs
who changed them; the admin's list actions call it, its form cannot set them."""

import io

import pytest
from django.urls import reverse

from integration_portal.audit import trail
from partners import services
from partners.models import Partner
from partners.revisions import TransitionNotAllowed

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/partners/partner/"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.mark.parametrize(
    ("action", "field", "value", "logged"),
    [
        ("deactivate", "is_active", False, "partner.deactivated"),
        ("hide", "is_public", False, "partner.hidden"),
    ],
)
def test_staff_change_activation_and_visibility_with_list_actions_that_log(
    staff_client, staff_user, partner_a, partner_b, action, field, value, logged
):
    staff_client.post(CHANGELIST, {"action": action, "_selected_action": [partner_a.pk]})
    partner_a.refresh_from_db()
    partner_b.refresh_from_db()
    assert getattr(partner_a, field) is value
    assert getattr(partner_b, field) is not value
    [entry] = trail(partner_a)
    assert (entry.action, entry.user) == (logged, staff_user)

    back = {"deactivate": "activate", "hide": "show"}[action]
    staff_client.post(CHANGELIST, {"action": back, "_selected_action": [partner_a.pk]})
    partner_a.refresh_from_db()
    assert getattr(partner_a, field) is not value
    assert trail(partner_a).count() == 2


def test_an_action_on_a_partner_already_in_that_state_changes_and_logs_nothing(
    staff_client, partner_a
):
    response = staff_client.post(
        CHANGELIST, {"action": "activate", "_selected_action": [partner_a.pk]}, follow=True
    )
    assert "Partner A e. V." in response.content.decode()
    assert not trail(partner_a).exists()
    with pytest.raises(TransitionNotAllowed):
        services.set_public(partner_a, True, None)


def test_the_admin_form_cannot_change_activation_or_visibility(staff_client, partner_a):
    url = reverse("admin:partners_partner_change", args=[partner_a.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="is_active"' not in page
    assert 'name="is_public"' not in page


def test_the_admin_change_page_shows_the_history(staff_client, staff_user, partner_a):
    services.set_active(partner_a, False, staff_user)
    page = staff_client.get(reverse("admin:partners_partner_change", args=[partner_a.pk]))
    history = page.content.decode()
    history = history[history.index('id="trail"') :]
    assert "staff@example.org" in history


def test_a_new_partner_in_the_admin_may_start_hidden(staff_client):
    page = staff_client.get(reverse("admin:partners_partner_add")).content.decode()
    assert 'name="is_public"' in page


def test_the_csv_import_logs_changed_activation_as_the_actions_do(
    staff_client, staff_user, partner_a
):
    file = io.BytesIO(b"slug,name,sector,is_active\npartner-a,Partner A e. V.,civil-society,no\n")
    file.name = "partners.csv"
    staff_client.post("/admin/partners/partner/import/", {"file": file})
    partner_a.refresh_from_db()
    assert partner_a.is_active is False
    [entry] = trail(partner_a)
    assert (entry.action, entry.user) == ("partner.deactivated", staff_user)
    assert not Partner.objects.public().exists()
