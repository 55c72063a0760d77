"""The second factor's secrets are stored encrypted, and their key can be rotated."""

from importlib import import_module

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.fernet import Fernet
from django.apps import apps as django_apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import Client

from integration_portal.mfa import check_encryption_keys, decrypt
from integration_portal.settings import envfernetkeys
from tests.factories import PASSWORD, TOTP_SECRET, current_totp_code

pytestmark = pytest.mark.django_db

migration = import_module("integration_portal.migrations.0005_encrypt_mfa_secrets")


def stored_data(authenticator: Authenticator) -> str:
    """The row as the database holds it (and a backup or a leak shows it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data::text FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        return cursor.fetchone()[0]


def signs_in_with_a_code(user) -> bool:
    client = Client()
    response = client.post("/de/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/de/accounts/2fa/authenticate/"
    client.post(response["Location"], {"code": current_totp_code(TOTP_SECRET)})
    return client.session.get("_auth_user_id") == str(user.pk)


def test_the_database_holds_no_clear_totp_secret_or_recovery_seed(staff_user):
    totp = Authenticator.objects.get(user=staff_user, type=Authenticator.Type.TOTP)
    codes = RecoveryCodes.activate(staff_user)
    assert TOTP_SECRET not in stored_data(totp)
    clear_seed = decrypt(codes.instance.data["seed"])
    assert len(clear_seed) == 80
    assert clear_seed not in stored_data(codes.instance)
    # The codes still come out of the seed.
    assert codes.validate_code(codes.get_unused_codes()[0])


def test_sign_in_with_a_totp_code_still_works(staff_user):
    assert signs_in_with_a_code(staff_user)


def test_a_key_is_rotated_by_adding_re_encrypting_and_dropping(settings, staff_user, capsys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [old]
    Authenticator.objects.filter(user=staff_user).delete()
    TOTP.activate(staff_user, TOTP_SECRET)

    settings.MFA_ENCRYPTION_KEYS = [new, old]
    call_command("reencrypt_mfa_secrets")
    assert "re-encrypted: 1" in capsys.readouterr().out

    settings.MFA_ENCRYPTION_KEYS = [new]
    assert signs_in_with_a_code(staff_user)


def test_a_dropped_key_is_named_as_the_cause(settings, staff_user):
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    Authenticator.objects.filter(user=staff_user).delete()
    TOTP.activate(staff_user, TOTP_SECRET)
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    totp = TOTP(Authenticator.objects.get(user=staff_user, type=Authenticator.Type.TOTP))
    with pytest.raises(ImproperlyConfigured, match="MFA_ENCRYPTION_KEYS"):
        totp.validate_code("123456")


def test_the_migration_encrypts_clear_secrets_and_its_reverse_decrypts_them(staff_user):
    Authenticator.objects.filter(user=staff_user).delete()
    # As allauth stored them before: in clear text.
    totp = Authenticator.objects.create(
        user=staff_user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    codes = Authenticator.objects.create(
        user=staff_user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )

    migration.encrypt_secrets(django_apps, None)
    migration.encrypt_secrets(django_apps, None)  # running twice encrypts once
    assert TOTP_SECRET not in stored_data(totp)
    assert "ab" * 40 not in stored_data(codes) and "12345678" not in stored_data(codes)
    assert signs_in_with_a_code(staff_user)
    assert RecoveryCodes(Authenticator.objects.get(pk=codes.pk)).get_unused_codes() == ["12345678"]

    migration.decrypt_secrets(django_apps, None)
    totp.refresh_from_db()
    codes.refresh_from_db()
    assert totp.data == {"secret": TOTP_SECRET}
    assert codes.data["seed"] == "ab" * 40
    assert codes.data["migrated_codes"] == ["12345678"]


def test_a_malformed_key_stops_the_start_without_showing_the_key(monkeypatch):
    monkeypatch.setenv("MFA_ENCRYPTION_KEYS", f"{Fernet.generate_key().decode()},not-a-real-key")
    with pytest.raises(ImproperlyConfigured, match="key 2 is not a Fernet key") as raised:
        envfernetkeys("MFA_ENCRYPTION_KEYS")
    assert "not-a-real-key" not in str(raised.value)


def test_deploy_check_warns_while_the_key_comes_from_the_secret_key(settings):
    settings.MFA_ENCRYPTION_KEYS = []
    assert [warning.id for warning in check_encryption_keys(None)] == ["integration_portal.W001"]
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    assert check_encryption_keys(None) == []
