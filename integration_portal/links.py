"""Addresses that a page builds from the request, and keys that must not leave it.

Every link the portal writes from what a browser sent (the language
switcher, `from` and `next` parameters, the page a feedback is about) points
into this site: a path such as ``//evil.example/`` or ``/\\evil.example``
would send the reader elsewhere.

Some paths hold a key: whoever reads the personal link of a counselling
appointment can cancel it, whoever reads a password-reset or
email-confirmation key can use it. Such keys are masked wherever an address
is stored or written down (feedback, log lines) and sent nowhere else
(`Referrer-Policy: no-referrer` on their pages, see middleware.py).
"""

import re

from django.utils.http import url_has_allowed_host_and_scheme

MASK = "***"

# Paths (below the language prefix) whose next segment is a key.
KEY_PATHS = (
    "counselling/appointment",
    "accounts/password/reset/key",
    "accounts/confirm-email",
)

# A slash, also percent-encoded as in a query string (`?from=%2Fde%2F...`).
_SLASH = r"(?:/|%2[fF])"
_KEY = re.compile(
    "(?P<path>"
    + "|".join(_SLASH + _SLASH.join(path.split("/")) + _SLASH for path in KEY_PATHS)
    + ")"
    # The key: up to the next slash, query, fragment, quote or whitespace; a
    # percent-encoded character other than a slash belongs to it.
    + r"(?:[^/%?#&\s\"'<>]|%(?!2[fF])[0-9A-Fa-f]{2})+",
    # A path in other letter case is not found, but its request line is logged.
    re.IGNORECASE,
)
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")


def without_keys(text: str) -> str:
    """`text` with the key of every personal link and account link masked."""
    return _KEY.sub(rf"\g<path>{MASK}", text)


def has_key(path: str) -> bool:
    return _KEY.search(path) is not None


def site_path(value: str) -> str | None:
    """`value` if it is a path on this site, else None.

    Refuses what a browser would read as another site: ``//host``,
    ``/\\host`` (browsers take the backslash for a slash), control
    characters and spaces (which browsers drop, turning ``/\\t/host`` into
    ``//host``), and anything with a scheme or a host.
    """
    if not value.startswith("/") or _UNSAFE_CHARACTERS.search(value):
        return None
    if value.startswith("//") or not url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return None
    return value
