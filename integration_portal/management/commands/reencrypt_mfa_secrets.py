"""Step two of rotating the key of the second factor's secrets.

1. Put the new key in front of MFA_ENCRYPTION_KEYS (`new,old`) and restart.
2. Run this command: every secret is encrypted with the new key.
3. Drop the old key from MFA_ENCRYPTION_KEYS and restart.
"""

from django.core.management.base import BaseCommand

from integration_portal.mfa import reencrypt_secrets


class Command(BaseCommand):
    help = "Encrypt the stored TOTP secrets and recovery-code seeds with the first MFA key."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Authenticators re-encrypted: {reencrypt_secrets()}")
