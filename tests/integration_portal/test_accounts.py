from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils.http import int_to_base36

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_in_the_portals_look(client):
    response = client.get("/de/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-footer"' in html
    assert 'type="email"' in html


def test_people_sign_in_with_their_email(client, editor_a):
    from tests.factories import PASSWORD

    response = client.post(
        "/en/accounts/login/", {"login": "editor-a@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/en/").context["user"] == editor_a


def test_nobody_can_sign_up_on_their_own(client):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a-long-pass-2026",
            "password2": "a-long-pass-2026",
        },
    )
    assert response.status_code == 200
    from integration_portal.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_password_reset_mails_a_link(client, editor_a):
    response = client.post("/de/accounts/password/reset/", {"email": "editor-a@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/de/accounts/password/reset/key/" in mail.outbox[0].body


# Accounts are invited: nobody claims another person's address --------------


def test_the_email_page_shows_the_address_and_offers_no_way_to_change_it(client, editor_a):
    client.force_login(editor_a)
    response = client.get("/de/accounts/email/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "editor-a@example.org" in html
    assert 'name="email"' not in html
    assert 'name="action_add"' not in html


def test_an_editor_cannot_add_another_persons_address(client, editor_a, lead_user):
    client.force_login(editor_a)
    response = client.post("/de/accounts/email/", {"action_add": "", "email": "lead@example.org"})
    assert response.status_code == 405
    assert not EmailAddress.objects.filter(email__iexact="lead@example.org").exists()
    assert mail.outbox == []


def test_no_code_path_stores_an_address_of_another_account(editor_a, lead_user):
    for address in ["lead@example.org", "LEAD@example.org", "new@example.org"]:
        with pytest.raises(IntegrityError), transaction.atomic():
            EmailAddress.objects.create(user=editor_a, email=address, verified=True)
    EmailAddress.objects.create(user=editor_a, email="Editor-A@example.org", primary=True)


def test_addresses_claimed_before_are_removed_and_resets_reach_their_owner(
    client, editor_a, lead_user
):
    # As the old email page stored them: a verified claim of the lead's address.
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=editor_a, email="lead@example.org", verified=True),
            EmailAddress(user=editor_a, email="editor-a@example.org", primary=True),
        ]
    )
    migration = import_module(
        "integration_portal.migrations.0006_remove_addresses_of_other_accounts"
    )
    migration.remove_other_addresses(django_apps, None)
    assert list(EmailAddress.objects.values_list("email", flat=True)) == ["editor-a@example.org"]

    client.post("/de/accounts/password/reset/", {"email": "lead@example.org"})
    assert len(mail.outbox) == 1
    assert f"/password/reset/key/{int_to_base36(lead_user.pk)}-" in mail.outbox[0].body


def test_a_changed_sign_in_address_leaves_no_old_address_behind(editor_a):
    EmailAddress.objects.create(user=editor_a, email=editor_a.email, primary=True, verified=True)
    editor_a.email = "editor-a@partner-a.example"
    editor_a.save()
    assert not EmailAddress.objects.filter(user=editor_a).exists()
    editor_a.last_login = None
    editor_a.save(update_fields=["last_login"])


def test_staff_cannot_give_an_account_the_address_of_another(
    client, staff_user, editor_a, editor_b
):
    client.force_login(staff_user)
    response = client.post(
        f"/admin/integration_portal/user/{editor_b.pk}/change/",
        {"email": "Editor-A@Example.org", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Ein anderes Konto hat diese E-Mail-Adresse bereits." in response.content.decode()
    editor_b.refresh_from_db()
    assert editor_b.email == "editor-b@example.org"


def test_addresses_are_shown_but_not_added_or_edited_in_the_admin(client, superuser, editor_a):
    address = EmailAddress.objects.create(user=editor_a, email=editor_a.email, primary=True)
    client.force_login(superuser)
    assert client.get("/admin/account/emailaddress/").status_code == 200
    assert client.get("/admin/account/emailaddress/add/").status_code == 403
    response = client.post(
        f"/admin/account/emailaddress/{address.pk}/change/",
        {"user": editor_a.pk, "email": "lead@example.org", "verified": "on", "primary": "on"},
    )
    assert response.status_code == 403
    address.refresh_from_db()
    assert address.email == editor_a.email


# Login throttling behind the reverse proxy ----------------------------------

PROXY = {"REMOTE_ADDR": "10.0.0.2"}


def _sign_in(client, email: str, password: str, forwarded_for: str):
    return client.post(
        "/de/accounts/login/",
        {"login": email, "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        **PROXY,
    )


def test_failed_logins_of_one_client_do_not_lock_out_another_behind_the_proxy(
    client, settings, editor_a
):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(11):
        _sign_in(Client(), f"made-up-{number}@example.org", "wrong-password", "198.51.100.1")
    # The abuser is throttled, even with the right password and a forged header ...
    for forwarded_for in ["198.51.100.1", "192.0.2.50, 198.51.100.1"]:
        throttled = _sign_in(Client(), editor_a.email, PASSWORD, forwarded_for)
        assert throttled.status_code != 302, forwarded_for
    # ... the editor at another address is not.
    response = _sign_in(client, editor_a.email, PASSWORD, "198.51.100.2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor_a.pk)
