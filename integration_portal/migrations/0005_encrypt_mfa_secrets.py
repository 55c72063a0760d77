"""Encrypt the TOTP secrets and recovery-code seeds stored in clear text so far.

Values that the current keys already decrypt are left alone, so running it on
secrets stored by a process that already encrypted does no harm; the reverse
decrypts them again.
"""

from django.db import migrations

from integration_portal.mfa import decrypt, encrypt, is_encrypted, map_secrets


def _apply(apps, change) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
        data = map_secrets(authenticator.type, authenticator.data, change)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor) -> None:
    _apply(apps, lambda value: value if is_encrypted(value) else encrypt(value))


def decrypt_secrets(apps, schema_editor) -> None:
    _apply(apps, lambda value: decrypt(value) if is_encrypted(value) else value)


class Migration(migrations.Migration):
    dependencies = [
        ("integration_portal", "0004_audit_log_entries"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
