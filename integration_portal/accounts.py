from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from .net import client_ip


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by department staff; nobody signs up on their own."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """Login throttling counts per client, not per reverse proxy."""
        return client_ip(request) or "0.0.0.0"  # noqa: S104 -- a key, not a bind address
