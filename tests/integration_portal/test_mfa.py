import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from integration_portal.models import User
from integration_portal.roles import COUNSELLING_LEAD, COUNSELLOR, DEPARTMENT_STAFF, PARTNER_EDITOR

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "is_staff", "required"),
    [
        (DEPARTMENT_STAFF, True, True),
        (COUNSELLOR, False, True),
        (COUNSELLING_LEAD, False, True),
        (PARTNER_EDITOR, False, False),
        (None, True, True),
    ],
)
def test_staff_and_counsellors_need_a_second_factor(role, is_staff, required):
    user = User.objects.create_user("person@example.org", "x", is_staff=is_staff)
    if role:
        user.groups.add(Group.objects.get(name=role))
    assert user.requires_mfa() is required


def test_staff_without_second_factor_are_sent_to_set_it_up(client):
    user = User.objects.create_user("new-staff@example.org", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=DEPARTMENT_STAFF))
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")


def test_staff_with_second_factor_reach_the_admin(client, staff_user):
    assert Authenticator.objects.filter(user=staff_user).exists()
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200


def test_public_pages_stay_open_to_staff_without_second_factor(client):
    user = User.objects.create_user("new-staff@example.org", "x", is_staff=True)
    client.force_login(user)
    assert client.get("/de/").status_code == 200


def test_login_asks_staff_for_the_code_after_the_password(client, staff_user):
    from tests.conftest import PASSWORD

    response = client.post("/de/accounts/login/", {"login": staff_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "/accounts/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session
