from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages) -> int:
        raise ConnectionRefusedError("mail server unreachable")
