from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest

from .net import client_ip


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by department staff; nobody signs up on their own."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """Login throttling counts per client, not per reverse proxy."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address


def only_the_accounts_own_address(sender, instance: EmailAddress, raw: bool = False, **kwargs):
    """allauth sends password resets to the addresses it keeps: each account
    keeps none but its own sign-in address, so nobody can claim another
    person's address (and with it her account)."""
    if raw:
        return
    if instance.email.casefold() != instance.user.email.casefold():
        raise IntegrityError("an account's only email address is the one it signs in with")
