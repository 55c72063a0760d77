"""Catalogue pages for visitors without a session, cached for every process.

The cache (PostgreSQL, shared by all gunicorn workers and machines) holds
rendered pages under a version number; any change to measures, partners or
the taxonomy raises the version, so no visitor sees a stale list. The date
is part of the key too: measures leave the catalogue by themselves when
their `valid_until` passes.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "measures:catalogue-version"
PAGE_TIMEOUT = 600


def catalogue_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def invalidate_catalogue(**kwargs) -> None:
    """Signal receiver: something the catalogue shows has changed."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: the next page starts one
        cache.add(VERSION_KEY, 1, timeout=None)


def _page_key(request: HttpRequest) -> str:
    query = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    digest = hashlib.sha256(repr((request.path, query)).encode()).hexdigest()
    return (
        f"measures:page:{catalogue_version()}:{timezone.localdate():%Y%m%d}:"
        f"{get_language()}:{digest}"
    )


def cached_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the rendered page from the shared cache to visitors without a session.

    Signed-in people and anyone with a session (messages, forms in progress)
    get a freshly rendered page.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        key = _page_key(request)
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(cached)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            cache.set(key, response.content, timeout=PAGE_TIMEOUT)
        return response

    return wrapper
