"""Short messages to clients who gave a phone number and no email address.

The backend is chosen like Django's email backends, by a dotted path in
`COUNSELLING_SMS_BACKEND`: `ConsoleBackend` prints (development),
`FileBackend` appends to `COUNSELLING_SMS_FILE_PATH`, `LocMemBackend` keeps
the messages in `outbox` (tests), `HttpGatewayBackend` posts each message
as JSON to the gateway at `COUNSELLING_SMS_GATEWAY_URL` with the key in
`COUNSELLING_SMS_GATEWAY_KEY` as a bearer token, and `SevenBackend` sends
through seven.io, a German SMS gateway, with the key of the account there.
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


def _post_json(url: str, payload: dict, headers: dict[str, str], timeout: int) -> bytes:
    """POST `payload` as JSON; the answer's body, or SmsError when none came or not 2xx."""
    if not url.startswith(("https://", "http://")):
        raise SmsError("COUNSELLING_SMS_GATEWAY_URL is not set")
    request = urllib.request.Request(  # noqa: S310 -- the scheme is checked above
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 -- scheme checked above  # nosec B310
            status, body = answer.status, answer.read()
    except OSError as error:
        raise SmsError(str(error)) from error
    if not 200 <= status < 300:
        raise SmsError(f"gateway answered {status}")
    return body


class HttpGatewayBackend(BaseBackend):
    """One POST per message: {"to": "+49…", "from": sender, "text": …}; any answer
    but 2xx is a failure."""

    timeout = 10

    def send(self, to: str, text: str) -> None:
        _post_json(
            settings.COUNSELLING_SMS_GATEWAY_URL,
            {"to": to, "from": settings.COUNSELLING_SMS_SENDER, "text": text},
            {"Authorization": f"Bearer {settings.COUNSELLING_SMS_GATEWAY_KEY}"},
            self.timeout,
        )


class SevenBackend(BaseBackend):
    """seven.io's SMS API: one POST to `/api/sms` with the account's key in
    `X-Api-Key`; the JSON answer's `success` is "100" when the gateway took the
    message, another code names the reason (a wrong key, a number it refuses,
    no credit). `COUNSELLING_SMS_GATEWAY_URL` may point elsewhere (tests)."""

    url = "https://gateway.seven.io/api/sms"
    timeout = 10

    def send(self, to: str, text: str) -> None:
        body = _post_json(
            settings.COUNSELLING_SMS_GATEWAY_URL or self.url,
            {"to": to, "from": settings.COUNSELLING_SMS_SENDER, "text": text, "json": 1},
            {"X-Api-Key": settings.COUNSELLING_SMS_GATEWAY_KEY, "Accept": "application/json"},
            self.timeout,
        )
        try:
            code = str(json.loads(body).get("success"))
        except (ValueError, AttributeError):
            raise SmsError("the gateway's answer is not JSON") from None
        if code != "100":
            raise SmsError(f"gateway code {code}")


def get_backend() -> BaseBackend:
    """The configured backend; its `send` raises when the message did not leave."""
    return import_string(settings.COUNSELLING_SMS_BACKEND)()
