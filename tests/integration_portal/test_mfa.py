from urllib.parse import urlencode

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from integration_portal.models import User
from integration_portal.permissions import requires_mfa
from integration_portal.roles import COUNSELLING_LEAD, COUNSELLOR, DEPARTMENT_STAFF, PARTNER_EDITOR
from tests.factories import PASSWORD, TOTP_SECRET, current_totp_code

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
    assert requires_mfa(user) is required


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
    from tests.factories import PASSWORD

    response = client.post("/de/accounts/login/", {"login": staff_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "/accounts/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session


def _without_second_factor(client) -> None:
    """The session of a sign-in that never asked for the code."""
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        record
        for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
        if record["method"] != "mfa"
    ]
    session.save()


@pytest.mark.parametrize("url", ["/admin/", "/de/desk/", "/de/review/"])
def test_a_session_opened_without_the_code_is_asked_for_it(client, superuser, url):
    client.force_login(superuser)
    _without_second_factor(client)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/de/accounts/2fa/reauthenticate/?{urlencode({'next': url})}"
    answer = client.post(response["Location"], {"code": current_totp_code(TOTP_SECRET)})
    assert answer["Location"] == url
    assert client.get(url).status_code == 200


def test_setting_up_the_second_factor_counts_as_using_it(client):
    user = User.objects.create_user("new-staff@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=DEPARTMENT_STAFF))
    client.post("/de/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.get("/admin/")["Location"] == "/de/accounts/2fa/totp/activate/"
    # allauth asks for the password again before a second factor is added.
    confirm = client.get("/de/accounts/2fa/totp/activate/")["Location"]
    client.post(confirm, {"password": PASSWORD})
    activate = client.get("/de/accounts/2fa/totp/activate/")
    assert activate.status_code == 200
    secret = activate.context["form"].secret
    response = client.post(
        "/de/accounts/2fa/totp/activate/", {"code": current_totp_code(secret)}, follow=True
    )
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 200


# A session is trusted only when it passed the second factor itself ----------


def _new_staff_without_second_factor() -> User:
    user = User.objects.create_user("new-staff@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=DEPARTMENT_STAFF))
    return user


def _sign_in_with_password(client, user: User) -> None:
    response = client.post("/de/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk), "signed in without a code"


def _set_up_authenticator_app(client) -> str:
    """The set-up pages as a person uses them; returns the new secret."""
    confirm = client.get("/de/accounts/2fa/totp/activate/")["Location"]
    client.post(confirm, {"password": PASSWORD})
    secret = client.get("/de/accounts/2fa/totp/activate/").context["form"].secret
    response = client.post("/de/accounts/2fa/totp/activate/", {"code": current_totp_code(secret)})
    assert response.status_code == 302
    return secret


def _asked_for_the_code(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        "/de/accounts/2fa/reauthenticate/"
    )


@pytest.mark.parametrize("password_session_first", [True, False])
def test_a_password_only_session_stays_out_when_another_session_sets_up_the_app(
    client, password_session_first
):
    user = _new_staff_without_second_factor()
    setting_up = Client()
    if password_session_first:
        _sign_in_with_password(client, user)
        _sign_in_with_password(setting_up, user)
    else:
        _sign_in_with_password(setting_up, user)
        _sign_in_with_password(client, user)
    _set_up_authenticator_app(setting_up)

    assert setting_up.get("/admin/").status_code == 200
    for url in ["/admin/", "/de/review/", reverse("dashboard:matrix")]:
        assert _asked_for_the_code(client.get(url)), url


def test_after_a_reset_every_session_needs_the_new_authenticator(client, superuser):
    user = _new_staff_without_second_factor()
    TOTP.activate(user, TOTP_SECRET)
    # A session that entered the old code.
    before_reset = Client()
    response = before_reset.post("/de/accounts/login/", {"login": user.email, "password": PASSWORD})
    before_reset.post(response["Location"], {"code": current_totp_code(TOTP_SECRET)})
    assert before_reset.get("/admin/").status_code == 200

    # The phone is lost: the superuser removes the authenticator in the admin.
    client.force_login(superuser)
    old = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    client.post(f"/admin/mfa/authenticator/{old.pk}/delete/", {"post": "yes"})
    assert not user.has_mfa()

    # Without an authenticator the password alone signs in (to set up a new one).
    during_reset = Client()
    _sign_in_with_password(during_reset, user)
    setting_up = Client()
    _sign_in_with_password(setting_up, user)
    _set_up_authenticator_app(setting_up)

    assert setting_up.get("/admin/").status_code == 200
    assert _asked_for_the_code(during_reset.get("/admin/"))
    assert _asked_for_the_code(before_reset.get("/admin/"))


def test_a_reset_of_the_app_also_voids_the_recovery_codes_handed_out_with_it(client, superuser):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = _new_staff_without_second_factor()
    TOTP.activate(user, TOTP_SECRET)
    RecoveryCodes.activate(user)

    client.force_login(superuser)
    app = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    client.post(f"/admin/mfa/authenticator/{app.pk}/delete/", {"post": "yes"})

    # Nothing handed out with the old app opens the account any more.
    assert not Authenticator.objects.filter(user=user).exists()
