"""The second factor: whether a session passed it, and its secrets at rest.

A session is trusted with the areas behind the second factor only when it
passed the second factor itself: allauth records each method a session
used (at sign-in and on reauthentication), and setting up the authenticator
app in a session is recorded here, since it takes a valid code too. A code
entered in another session, or with an authenticator that has since been
removed (a reset), does not count.

The TOTP secrets and the seeds of the recovery codes are stored encrypted
(Fernet: AES-128-CBC with HMAC-SHA256) with the keys of
`MFA_ENCRYPTION_KEYS`: the first key encrypts, every key decrypts, so a key
is rotated by putting a new one in front, running
`manage.py reencrypt_mfa_secrets` and then dropping the old one. Without
the setting the key is derived from `SECRET_KEY` (`check --deploy` warns);
that key keeps decrypting what it encrypted until the command has run.
"""

import base64
from collections.abc import Callable
from functools import lru_cache

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest


def passed_second_factor(request: HttpRequest) -> bool:
    """Whether this session passed the second factor with one of the user's
    current authenticators."""
    used = {
        record.get("id")
        for record in get_authentication_records(request, request.user)
        if record.get("method") == "mfa"
    }
    used.discard(None)
    return bool(used) and Authenticator.objects.filter(user=request.user, pk__in=used).exists()


def record_totp_activation(
    sender, instance: Authenticator, created: bool, raw: bool = False, **kwargs
) -> None:
    """Signal receiver: setting up the authenticator app took a valid code in
    the request that stores it; record that in its session, as allauth
    records a code entered at sign-in. (allauth's own `authenticator_added`
    comes after the commit, too late for a session saved by then.)"""
    request = context.request
    if raw or not created or instance.type != Authenticator.Type.TOTP or request is None:
        return
    user = getattr(request, "user", None)
    if user is None or user.pk != instance.user_id:
        return  # set up for someone else, e.g. in the admin
    record_authentication(request, user, "mfa", id=instance.pk, type=instance.type, activated=True)


def forget_recovery_codes_with_the_app(sender, instance: Authenticator, **kwargs) -> None:
    """Signal receiver: a removed authenticator app (a lost phone, a reset in
    the admin) takes the recovery codes made with it along; they were handed
    out with the old app and must not open the account after the reset."""
    if instance.type == Authenticator.Type.TOTP:
        Authenticator.objects.filter(
            user_id=instance.user_id, type=Authenticator.Type.RECOVERY_CODES
        ).delete()


# Encryption of the secrets -------------------------------------------------


def _key_from_secret_key(secret_key: str) -> bytes:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"integration_portal.mfa"
    ).derive(secret_key.encode())
    return base64.urlsafe_b64encode(derived)


@lru_cache(maxsize=4)
def _box(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    # The key derived from SECRET_KEY stays last, for decrypting only once
    # keys are configured: secrets stored before that are re-encrypted by
    # `reencrypt_mfa_secrets`.
    raw_keys = [*(key.encode() for key in keys), _key_from_secret_key(secret_key)]
    return MultiFernet([Fernet(key) for key in raw_keys])


def secret_box() -> MultiFernet:
    """Encrypts with the first key of `MFA_ENCRYPTION_KEYS`, decrypts with any
    of them or the one derived from `SECRET_KEY`."""
    return _box(tuple(settings.MFA_ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    return secret_box().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return secret_box().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A second factor's secret cannot be decrypted: MFA_ENCRYPTION_KEYS lacks the key "
            "it was encrypted with (or it was never encrypted: run migrate)."
        ) from None


def is_encrypted(value: str) -> bool:
    """Whether one of the current keys decrypts `value`."""
    try:
        secret_box().decrypt(value.encode())
    except InvalidToken:
        return False
    return True


class MFAAdapter(DefaultMFAAdapter):
    """allauth's hooks for secrets at rest, with the portal's keys."""

    def encrypt(self, text: str) -> str:
        return encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt(encrypted_text)


def map_secrets(authenticator_type: str, data: dict, change: Callable[[str], str]) -> dict:
    """`data` of an authenticator with `change` applied to each secret in it:
    the TOTP secret, the recovery codes' seed and any codes migrated from
    another system."""
    data = dict(data)
    if authenticator_type == Authenticator.Type.TOTP and "secret" in data:
        data["secret"] = change(data["secret"])
    if authenticator_type == Authenticator.Type.RECOVERY_CODES:
        if "seed" in data:
            data["seed"] = change(data["seed"])
        if data.get("migrated_codes") is not None:
            data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
    return data


def reencrypt_secrets() -> int:
    """Encrypt every stored secret with the first key; returns how many
    authenticators were rewritten. Locks them meanwhile, so that a recovery
    code used at the same moment is not lost."""
    box = secret_box()
    count = 0
    with transaction.atomic():
        for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
            data = map_secrets(
                authenticator.type,
                authenticator.data,
                lambda value: box.rotate(value.encode()).decode(),
            )
            if data != authenticator.data:
                authenticator.data = data
                authenticator.save(update_fields=["data"])
                count += 1
    return count


@register(Tags.security, deploy=True)
def check_encryption_keys(app_configs, **kwargs) -> list[CheckWarning]:
    if settings.MFA_ENCRYPTION_KEYS:
        return []
    return [
        CheckWarning(
            "MFA_ENCRYPTION_KEYS is not set: the second factor's secrets are encrypted with "
            "a key derived from DJANGO_SECRET_KEY, so a new secret key would lock every "
            "staff member out of the second factor.",
            hint="Set MFA_ENCRYPTION_KEYS to a key made with: python -c 'from "
            "cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'",
            id="integration_portal.W001",
        )
    ]
