"""Who reaches which partner page: URLs × roles → status, as the Django admin answers."""

import pytest

from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor_a", "editor_b", "counsellor", "lead", "staff", "superuser"]
STAFF = {"staff", "superuser"}


def _client_for(client, role_users, role):
    user = role_users[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ["/de/partners/", "/en/partners/partner-a/", "/api/partners.json"])
def test_public_partner_pages_are_open_to_every_role(client, role_users, role, url):
    response = _client_for(client, role_users, role).get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url_name",
    [
        "/admin/partners/partner/",
        "/admin/partners/partner/import/",
        "/admin/partners/partner/export/",
        "/admin/partners/partner/{pk}/change/",
        "/admin/partners/partner/{pk}/invite/",
        "/admin/partners/partner/{pk}/history/",
    ],
)
def test_partner_admin_is_for_department_staff_only(client, role_users, partner_a, role, url_name):
    url = url_name.format(pk=partner_a.pk)
    response = _client_for(client, role_users, role).get(url)
    if role in STAFF:
        assert response.status_code == 200
    else:
        # The admin sends everyone without staff status to its login page.
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_staff_without_partner_permissions_gets_403_on_import_and_invite(client, partner_a):
    user = make_user("helper@example.org", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/partners/partner/import/").status_code == 403
    assert client.get(f"/admin/partners/partner/{partner_a.pk}/invite/").status_code == 403
    assert client.get("/admin/partners/partner/export/").status_code == 403


def test_department_staff_may_manage_partners_contacts_memberships_and_invite_users(staff_user):
    for model in ["partner", "contactperson", "partnermembership"]:
        for action in ["add", "change", "delete", "view"]:
            assert staff_user.has_perm(f"partners.{action}_{model}")
    for action in ["add", "change", "view"]:
        assert staff_user.has_perm(f"integration_portal.{action}_user")
    assert not staff_user.has_perm("integration_portal.delete_user")
