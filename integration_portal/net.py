"""The visitor's address, as far as the portal can trust it.

Behind reverse proxies `REMOTE_ADDR` is the proxy's address, so rate limits
keyed on it would count every visitor as one. `X-Forwarded-For` carries the
chain, but a client can write anything into it: only the entries added by the
`TRUSTED_PROXY_COUNT` proxies of our own (the last ones) are believed. With the
default of 0 the header is ignored. allauth's login throttling reads the same
setting (`ALLAUTH_TRUSTED_PROXY_COUNT`) and calls this function through the
account adapter.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(raw: str) -> str | None:
    raw = raw.strip()
    if raw.startswith("[") and "]" in raw:
        raw = raw[1 : raw.index("]")]
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address; None when it cannot be told."""
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for", "")
    if trusted > 0 and forwarded:
        chain = [entry for entry in forwarded.split(",") if entry.strip()]
        # Each trusted proxy appended the address it saw; the entry the first
        # of our proxies appended is the client. Fewer entries than proxies:
        # the request did not come through them all, so the header is forged.
        if len(chain) >= trusted:
            return _clean(chain[-trusted])
    return _clean(request.META.get("REMOTE_ADDR", ""))
