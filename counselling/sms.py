"""Short messages to clients who gave a phone number and no email address.

The backend is chosen like Django's email backends, by a dotted path in
`COUNSELLING_SMS_BACKEND`: `ConsoleBackend` prints (development),
`FileBackend` appends to `COUNSELLING_SMS_FILE_PATH`, `LocMemBackend` keeps
the messages in `outbox` (tests), and `HttpGatewayBackend` posts each message
as JSON to the gateway at `COUNSELLING_SMS_GATEWAY_URL` with the key in
`COUNSELLING_SMS_GATEWAY_KEY` as a bearer token.
"""

import json
import sys
import threading
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

# What LocMemBackend sent, oldest first: (number, text).
outbox: list[tuple[str, str]] = []
_file_lock = threading.Lock()


class SmsError(Exception):
    """The gateway did not take the message."""


class BaseBackend:
    def send(self, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}:\n{text}\n{'-' * 40}\n")


class FileBackend(BaseBackend):
    def send(self, to: str, text: str) -> None:
        with _file_lock, open(settings.COUNSELLING_SMS_FILE_PATH, "a", encoding="utf-8") as file:
            file.write(f"SMS to {to}:\n{text}\n{'-' * 40}\n")


class LocMemBackend(BaseBackend):
    def send(self, to: str, text: str) -> None:
        outbox.append((to, text))


class HttpGatewayBackend(BaseBackend):
    """One POST per message: {"to": "+49…", "from": sender, "text": …}; any answer
    but 2xx is a failure."""

    timeout = 10

    def send(self, to: str, text: str) -> None:
        url = settings.COUNSELLING_SMS_GATEWAY_URL
        if not url.startswith(("https://", "http://")):
            raise SmsError("COUNSELLING_SMS_GATEWAY_URL is not set")
        body = json.dumps({"to": to, "from": settings.COUNSELLING_SMS_SENDER, "text": text})
        request = urllib.request.Request(  # noqa: S310 -- the scheme is checked above
            url,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {settings.COUNSELLING_SMS_GATEWAY_KEY}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 -- scheme checked above  # nosec B310
                status = answer.status
        except OSError as error:
            raise SmsError(str(error)) from error
        if not 200 <= status < 300:
            raise SmsError(f"gateway answered {status}")


def get_backend() -> BaseBackend:
    """The configured backend; its `send` raises when the message did not leave."""
    return import_string(settings.COUNSELLING_SMS_BACKEND)()
