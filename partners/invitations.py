"""Invitations of partner editors: the link to set a password and its mail.

A link carries the account and a fingerprint of its password and last sign-in,
signed with the portal's key. It is valid for `LIFETIME` and only until she
has set a password (or signed in): then the fingerprint no longer matches. The
portal keeps nothing about sent links, so a new link is simply a new mail.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

from integration_portal.models import User

from .models import Partner

LIFETIME = timedelta(days=7)
_SALT = "partners.invitation"


class InvitationExpired(Exception):
    """The link is genuine but older than `LIFETIME`."""


class InvitationInvalid(Exception):
    """The link was altered, belongs to no account, or has been used."""


def _fingerprint(user: User) -> str:
    last_login = user.last_login.replace(microsecond=0, tzinfo=None) if user.last_login else ""
    return salted_hmac(_SALT, f"{user.pk}|{user.password}|{last_login}").hexdigest()[:20]


def make_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=_SALT)


def user_for_token(token: str) -> User:
    """The invited account of `token`, or InvitationExpired / InvitationInvalid."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=LIFETIME)
    except signing.SignatureExpired as error:
        raise InvitationExpired from error
    except signing.BadSignature as error:
        raise InvitationInvalid from error
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(_fingerprint(user), str(data.get("f"))):
        raise InvitationInvalid
    return user


def invitation_url(user: User, language: str) -> str:
    with translation.override(language):
        path = reverse("partner_invitation:accept", kwargs={"token": make_token(user)})
    return settings.SITE_URL + path


def invitation_message(
    user: User, partners: list[Partner], inviter: str, language: str
) -> EmailMultiAlternatives:
    """The invitation in `language`: who invited her to which partner, and
    either the link to set her password (valid for `LIFETIME`) or, for an
    account that has one, the address to sign in."""
    with translation.override(language):
        context = {
            "user": user,
            "partners": partners,
            "inviter": inviter,
            "sets_password": not user.has_usable_password(),
            "url": (
                invitation_url(user, language)
                if not user.has_usable_password()
                else settings.SITE_URL + reverse("partner_invitation:welcome")
            ),
            "valid_until": timezone.localtime(timezone.now() + LIFETIME),
            "days": LIFETIME.days,
            "new_link_url": settings.SITE_URL + reverse("partner_invitation:new_link"),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("partners/email/invitation_subject.txt", context)
        body = render_to_string("partners/email/invitation_body.txt", context)
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=[user.email],
        headers={"Content-Language": language},
    )
